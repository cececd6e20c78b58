#!/usr/bin/env python3
"""A target with a known capacity for `coord capacity`'s tests: it serves at most --slots
requests at once and holds each for --hold-ms, so it completes slots / hold requests per second;
beyond that the queue (and the latency) grows without bound. --body-bytes pads the JSON body to
that size (a feed page is ~48 KB). HTTP/1.1 keep-alive on loopback port 0; prints
`listening on http://127.0.0.1:PORT` once bound. Stops after --lifetime seconds."""
import argparse
import asyncio

import loopback_server



def response(body_bytes):
    body = b'{"ok":true}'
    if body_bytes > len(body):
        body = b'{"ok":true,"pad":"' + b"x" * max(body_bytes - len(body) - 9, 0) + b'"}'
    return (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--slots", type=int, required=True)
    parser.add_argument("--hold-ms", type=float, required=True)
    parser.add_argument("--lifetime", type=float, default=600)
    parser.add_argument("--body-bytes", type=int, default=0)
    args = parser.parse_args()
    full = response(args.body_bytes)
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
                writer.write(full)
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    await loopback_server.serve(serve, args.lifetime, "http://")


if __name__ == "__main__":
    loopback_server.run(main)
