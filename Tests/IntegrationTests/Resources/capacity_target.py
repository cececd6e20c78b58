#!/usr/bin/env python3
"""A target with a known capacity for `coord capacity`'s tests: it serves at most --slots
requests at once and holds each for --hold-ms, so it completes slots / hold requests per second;
beyond that the queue (and the latency) grows without bound. HTTP/1.1 keep-alive on loopback
port 0; prints `listening on http://127.0.0.1:PORT` once bound. Stops after --lifetime seconds."""
import argparse
import asyncio
import sys

BODY = b'{"ok":true}'
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--slots", type=int, required=True)
    parser.add_argument("--hold-ms", type=float, required=True)
    parser.add_argument("--lifetime", type=float, default=600)
    args = parser.parse_args()
    slots = asyncio.Semaphore(args.slots)
    hold = args.hold_ms / 1000

    async def serve(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if len(head) > 16384:
                    break
                # Requests carry no body here (GET); a Content-Length would be read and ignored.
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        await reader.readexactly(min(int(line.split(b":")[1]), 1 << 20))
                async with slots:
                    await asyncio.sleep(hold)
                writer.write(RESPONSE)
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    async with server:
        await asyncio.sleep(args.lifetime)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
