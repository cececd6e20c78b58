#!/usr/bin/env python3
"""A target for the multi-scenario and setup/teardown integration tests: counts every request per
method and path.

ANY /PATH  -> 200 {"ok": true, "token": "tok-42"}, counted under "METHOD /PATH" (query included)
              with its arrival order and the X-Admin header values it carried
/fail..., /admin/broken -> 500 {"error": "down"}, counted the same
GET /stats -> {"token": "tok-42", "counts": {"GET /a": n, ...}, "first": {"GET /a": seconds, ...},
               "last": {...}, "order": {"GET /a": [first seq, last seq], ...},
               "admins": {"GET /a": [X-Admin values seen]}} (not counted)
Usage: scenario_target.py; prints "listening on URL".
"""
import json, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
TOKEN = "tok-42"
counts, first, last, order, admins = {}, {}, {}, {}, {}
seq = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, body, status=200):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path == "/stats":
            with lock:
                body = json.dumps({"token": TOKEN, "counts": counts, "first": first, "last": last, "order": order,
                                   "admins": admins}).encode()
            self.reply(body)
            return
        key = self.command + " " + self.path
        now = time.monotonic()
        with lock:
            seq[0] += 1
            counts[key] = counts.get(key, 0) + 1
            first.setdefault(key, now)
            last[key] = now
            order.setdefault(key, [seq[0], seq[0]])[1] = seq[0]
            admin = self.headers.get("X-Admin")
            seen = admins.setdefault(key, [])
            if admin is not None and admin not in seen:
                seen.append(admin)
        if self.path.startswith("/fail") or self.path == "/admin/broken":
            self.reply(b'{"error": "down"}', 500)
        else:
            self.reply(('{"ok": true, "token": "%s"}' % TOKEN).encode())

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
