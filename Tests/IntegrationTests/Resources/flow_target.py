#!/usr/bin/env python3
"""A target for the flow integration tests: a tiny shop that counts every path it serves.

POST /login?vu=V           -> {"access_token": "tok-V"}; counts logins per V
GET  /home, /search?q=N    -> 200 (Authorization must be "Bearer tok-..." on /home)
POST /orders               -> 201 {"id": N, "state": "pending", "vip": "yes"|"no"} (vip when N is even)
GET  /orders/N             -> {"state": "pending"} until its (N % 3 + 1)-th poll, then {"state": "done"}
POST /orders/N/vip, GET /orders/N/receipt -> 200; counted per order
GET  /stats                -> what was seen, as JSON
Prints "listening on URL".
"""
import json, re, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

lock = threading.Lock()
stats = {"paths": {}, "logins": {}, "polls": {}, "vip": {}, "receipt": {}, "unauthorized": 0, "orders": 0}


def bump(key, name):
    stats[key][name] = stats[key].get(name, 0) + 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None):
        data = json.dumps(body if body is not None else {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0") or 0)
        if length:
            self.rfile.read(length)
        self.handle_any()

    def do_GET(self):
        self.handle_any()

    def handle_any(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        path = url.path
        if path == "/stats":
            with lock:
                return self.reply(200, stats)
        with lock:
            bump("paths", re.sub(r"/\d+", "/N", path))
        if path == "/login":
            vu = query.get("vu", ["?"])[0]
            with lock:
                bump("logins", vu)
            return self.reply(200, {"access_token": "tok-" + vu})
        if path == "/home":
            if not self.headers.get("Authorization", "").startswith("Bearer tok-"):
                with lock:
                    stats["unauthorized"] += 1
            return self.reply(200, {"page": "home"})
        if path == "/search":
            return self.reply(200, {"results": []})
        if path == "/orders" and self.command == "POST":
            with lock:
                stats["orders"] += 1
                number = stats["orders"]
            return self.reply(201, {"id": number, "state": "pending", "vip": "yes" if number % 2 == 0 else "no"})
        match = re.fullmatch(r"/orders/(\d+)(/vip|/receipt)?", path)
        if match:
            number = int(match.group(1))
            with lock:
                if match.group(2) == "/vip":
                    bump("vip", str(number))
                    return self.reply(200)
                if match.group(2) == "/receipt":
                    bump("receipt", str(number))
                    return self.reply(200)
                bump("polls", str(number))
                done = stats["polls"][str(number)] >= number % 3 + 1
            return self.reply(200, {"state": "done" if done else "pending"})
        self.reply(404)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
