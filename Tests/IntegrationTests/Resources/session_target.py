#!/usr/bin/env python3
"""A target for the session integration tests: issues tokens and cookies and counts per user.

POST /login {"user": U, "password": P}  -> {"access_token": "tok-U"} and Set-Cookie: sid=U
GET  /me?vu=V&it=I&user=U               -> 200 {"user": U} when Bearer tok-U and cookie sid=U match, else 401
GET  /redirect/N                        -> 302 to /redirect/N-1 ... /redirect/0 -> 200
GET  /away?to=URL                       -> 302 to URL
GET  /text                              -> 2 KB of text, gzip-encoded when the client accepts it
GET  /letters?kib=N                     -> N KiB of the letter a (a regex's worst case)
GET  /cookies?n=N&size=S                -> N new cookies of S bytes each, every time
GET  /stats                             -> what was seen, as JSON
Usage: session_target.py [--tls CERT KEY [--client-ca CA]]; prints "listening on URL".
"""
import gzip, json, ssl, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

lock = threading.Lock()
stats = {"logins": {}, "me_ok": 0, "me_bad": 0, "vus": {}, "iterations": {}, "methods": {},
         "alpn": {}, "client_certs": 0, "redirect_hits": 0, "gzip_sent": 0, "requests": 0}


def bump(key, name):
    stats[key][name] = stats[key].get(name, 0) + 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def note_connection(self):
        with lock:
            stats["requests"] += 1
            bump("methods", self.command)
            sock = self.connection
            if isinstance(sock, ssl.SSLSocket) and sock.getpeercert():
                stats["client_certs"] += 1

    def setup(self):
        super().setup()
        # ALPN is settled by the TLS handshake, before any request line (h2 would never get one).
        if isinstance(self.connection, ssl.SSLSocket):
            with lock:
                bump("alpn", self.connection.selected_alpn_protocol() or "none")

    def handle_one_request(self):
        line = self.rfile.peek(16)[:16] if hasattr(self.rfile, "peek") else b""
        if line.startswith(b"PRI * HTTP/2.0"):
            # The HTTP/2 connection preface (prior knowledge): counted, then the connection closes.
            with lock:
                bump("methods", "PRI")
            self.close_connection = True
            return
        super().handle_one_request()

    def do_POST(self):
        self.note_connection()
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path != "/login":
            return self.reply(404)
        try:
            user = json.loads(body)["user"]
        except Exception:
            return self.reply(400, b"bad json")
        with lock:
            bump("logins", user)
        payload = json.dumps({"access_token": "tok-" + user, "user": {"name": user}}).encode()
        self.reply(200, payload, [("Content-Type", "application/json"), ("Set-Cookie", "sid=" + user + "; Path=/")])

    def do_GET(self):
        self.note_connection()
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/me":
            user = query.get("user", [""])[0]
            cookie = self.headers.get("Cookie", "")
            auth = self.headers.get("Authorization", "")
            ok = auth == "Bearer tok-" + user and ("sid=" + user) in cookie
            with lock:
                stats["me_ok" if ok else "me_bad"] += 1
                bump("vus", query.get("vu", ["?"])[0])
                bump("iterations", query.get("it", ["?"])[0])
            return self.reply(200 if ok else 401, json.dumps({"user": user}).encode())
        if url.path.startswith("/redirect/"):
            with lock:
                stats["redirect_hits"] += 1
            left = int(url.path.rsplit("/", 1)[1])
            if left > 0:
                return self.reply(302, b"", [("Location", "/redirect/%d" % (left - 1))])
            return self.reply(200, b"landed")
        if url.path == "/away":
            with lock:
                stats["redirect_hits"] += 1
            return self.reply(302, b"", [("Location", query.get("to", ["/"])[0])])
        if url.path == "/text":
            text = ("barrage " * 256).encode()
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                with lock:
                    stats["gzip_sent"] += 1
                return self.reply(200, gzip.compress(text), [("Content-Encoding", "gzip")])
            return self.reply(200, text)
        if url.path == "/letters":
            # A hostile body for regex extraction: N KiB of one letter and no '@'.
            return self.reply(200, b"a" * (1024 * int(query.get("kib", ["256"])[0])))
        if url.path == "/cookies":
            # N new cookies of S bytes each on every response, named after a counter.
            n, size = int(query.get("n", ["50"])[0]), int(query.get("size", ["4000"])[0])
            with lock:
                stats["cookie_batches"] = stats.get("cookie_batches", 0) + 1
                batch = stats["cookie_batches"]
            headers = [("Set-Cookie", "c%d_%d=%s" % (batch, i, "v" * size)) for i in range(n)]
            return self.reply(200, b"ok", headers)
        if url.path.startswith("/status/"):
            # Any status the test asks for, e.g. /status/503 (what expected statuses are about).
            return self.reply(int(url.path.rsplit("/", 1)[1]), b"status")
        if url.path == "/stats":
            with lock:
                return self.reply(200, json.dumps(stats).encode(), [("Content-Type", "application/json")])
        self.reply(404)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    scheme = "http"
    args = sys.argv[1:]
    if args[:1] == ["--tls"]:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args[1], args[2])
        context.set_alpn_protocols(["h2", "http/1.1"])
        if len(args) > 4 and args[3] == "--client-ca":
            context.load_verify_locations(args[4])
            context.verify_mode = ssl.CERT_REQUIRED
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    print("listening on %s://127.0.0.1:%d" % (scheme, server.server_address[1]), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
