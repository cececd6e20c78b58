#!/usr/bin/env python3
"""One load generator's network link, in user space, for `coord capacity`'s tests: what agents/lab
does with a tbf qdisc in a network namespace (root only), done by a relay any user can run.

An agent started with `http_proxy=http://127.0.0.1:PORT` sends every request here (libcurl honors
the variable; the request line is the absolute-form one a server must accept). Each connection is
relayed to --to HOST:PORT; what comes back (the agent's download) shares one token bucket of
--rate bytes per second across all of the link's connections, in slices of --slice bytes taken in
turn, so concurrent responses interleave as packets do on a full line and each one takes longer
to arrive the more are in flight. Requests (the upload) are not shaped.

Listens on loopback port 0 and prints `listening on 127.0.0.1:PORT` once bound. Stops after
--lifetime seconds."""
import argparse
import asyncio
import time

import loopback_server


class Bucket:
    """Bytes per second, taken in turn (FIFO through the lock), with at most one slice of burst."""

    def __init__(self, rate, burst):
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.stamp = time.monotonic()
        self.lock = asyncio.Lock()

    async def take(self, count):
        async with self.lock:
            while True:
                now = time.monotonic()
                self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= count:
                    self.tokens -= count
                    return
                await asyncio.sleep((count - self.tokens) / self.rate)


async def pipe(reader, writer, bucket, slice_bytes):
    try:
        while True:
            data = await reader.read(slice_bytes)
            if not data:
                break
            if bucket is not None:
                await bucket.take(len(data))
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--to", required=True, help="HOST:PORT to relay to")
    parser.add_argument("--rate", type=float, required=True, help="download bytes per second")
    parser.add_argument("--slice", type=int, default=1460)
    parser.add_argument("--lifetime", type=float, default=600)
    args = parser.parse_args()
    host, _, port = args.to.rpartition(":")
    bucket = Bucket(args.rate, args.slice)

    async def serve(client_reader, client_writer):
        try:
            target_reader, target_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            pipe(client_reader, target_writer, None, 65536),
            pipe(target_reader, client_writer, bucket, args.slice))

    await loopback_server.serve(serve, args.lifetime, "")


if __name__ == "__main__":
    loopback_server.run(main)
