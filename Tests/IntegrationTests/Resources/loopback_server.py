"""What the capacity tests' Python servers share: listen on loopback port 0, say where, serve for a
bounded time (no test leaves a server behind), and end quietly on Ctrl-C."""
import asyncio
import sys


async def serve(handler, lifetime, scheme):
    """Serves `handler` on 127.0.0.1:0, prints `listening on SCHEME127.0.0.1:PORT`, stops after
    `lifetime` seconds."""
    server = await asyncio.start_server(handler, "127.0.0.1", 0, backlog=1024)
    print(f"listening on {scheme}127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await asyncio.sleep(lifetime)


def run(main):
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
