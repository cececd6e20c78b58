"""A web shop journey for the import tests: every session gets its own CSRF token (in an HTML
hidden input), a second one in a meta tag, a session cookie, a double-submit cookie (csrftoken,
which POST /api/orders wants back in X-CSRFToken), a bearer token and a state value with +, /
and = (in JSON; sent back percent-encoded in a query) and an order id that the next requests must
use. Anything stale is refused (401, 403 or 404), so a replay only passes when every dynamic value
was correlated. A POST whose Origin or Referer names another server is refused (403), as
Rails and Django do. GET /__stats reports what it saw.

Usage: python3 journey_target.py  (prints "listening on http://127.0.0.1:PORT")
"""
import base64
import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
SESSIONS = {}
TOKENS = {}
STATS = {"statuses": {}, "static": 0, "completed": 0, "requests": 0}

STATIC = {
    "/static/app.css": ("text/css", b"body{font-family:sans-serif}"),
    "/static/app.js": ("application/javascript", b"console.log('shop')"),
    "/static/logo.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        if self.path != "/__stats":
            with LOCK:
                STATS["requests"] += 1
                STATS["statuses"][str(status)] = STATS["statuses"].get(str(status), 0) + 1

    def session(self):
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "sid" and value in SESSIONS:
                return SESSIONS[value]
        return None

    def bearer(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        return TOKENS.get(auth[7:])

    def body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        if self.path == "/__stats":
            with LOCK:
                return self.send(200, json.dumps(STATS), "application/json")
        if self.path in STATIC:
            with LOCK:
                STATS["static"] += 1
            content_type, data = STATIC[self.path]
            return self.send(200, data, content_type, [("Cache-Control", "max-age=3600")])
        if self.path == "/":
            sid = secrets.token_hex(16)
            csrf = secrets.token_urlsafe(24)
            with LOCK:
                SESSIONS[sid] = {"csrf": csrf, "user": None, "meta": None, "orders": set()}
            page = ('<html><head><title>Sign in</title><link rel="stylesheet" href="/static/app.css"><script src="/static/app.js"></script></head>'
                    '<body><img src="/static/logo.png"><form method="post" action="/login">'
                    '<input type="text" name="user"><input type="password" name="password">'
                    f'<input type="hidden" name="csrf" value="{csrf}"><button>Sign in</button></form></body></html>')
            return self.send(200, page, headers=[("Set-Cookie", f"sid={sid}; Path=/; HttpOnly")])
        if urlsplit(self.path).path == "/home":
            session = self.session()
            if not session or not session["user"]:
                return self.send(401, "sign in first")
            session["meta"] = secrets.token_hex(20)
            session["double"] = secrets.token_urlsafe(18)
            title = "Orders" if "view=orders" in self.path else "Home"
            page = (f'<html><head><title>{title}</title><meta name="api-csrf" content="{session["meta"]}">'
                    f'<link rel="stylesheet" href="/static/app.css"></head><body>Welcome {session["user"]}</body></html>')
            # Another cookie first: the replay must pick csrftoken out of several Set-Cookie headers.
            return self.send(200, page, headers=[("Set-Cookie", "seen=1; Path=/"),
                                                 ("Set-Cookie", f"csrftoken={session['double']}; Path=/; SameSite=Lax")])
        if self.path.startswith("/api/orders/"):
            owner = self.bearer()
            if owner is None:
                return self.send(401, "{}", "application/json")
            url = urlsplit(self.path)
            order = url.path[len("/api/orders/"):]
            if order not in owner["orders"]:
                return self.send(404, "{}", "application/json")
            if parse_qs(url.query).get("state", [""])[0] != owner["state"]:
                return self.send(403, "{}", "application/json")
            return self.send(200, json.dumps({"order": {"id": int(order), "status": "new"}}), "application/json")
        return self.send(404, "not found")

    def foreign(self):
        """Whether Origin or Referer name another server than this one (what Rails' and Django's
        CSRF protection refuse): a browser's recording replayed elsewhere must send its own."""
        own = "http://" + self.headers.get("Host", "")
        origin, referer = self.headers.get("Origin"), self.headers.get("Referer")
        return (origin is not None and origin != own) or (referer is not None and not referer.startswith(own + "/"))

    def do_POST(self):
        body = self.body()
        if self.foreign():
            return self.send(403, "cross-site request")
        if self.path == "/login":
            session = self.session()
            if not session:
                return self.send(401, "no session")
            form = parse_qs(body.decode())
            if form.get("csrf", [""])[0] != session["csrf"]:
                return self.send(403, "bad csrf")
            session["user"] = form.get("user", ["?"])[0]
            return self.send(302, "", headers=[("Location", "/home")])
        if self.path == "/api/token":
            session = self.session()
            if not session or not session["user"]:
                return self.send(401, "{}", "application/json")
            if self.headers.get("X-CSRF-Token") != session["meta"] or json.loads(body or b"{}").get("csrf") != session["meta"]:
                return self.send(403, "{}", "application/json")
            token = secrets.token_urlsafe(32)
            # Standard base64 with padding: a value a URL carries only percent-encoded.
            state = "+/" + base64.b64encode(secrets.token_bytes(13)).decode()
            session["state"] = state
            with LOCK:
                TOKENS[token] = session
            return self.send(200, json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": 3600, "state": state}),
                             "application/json")
        if self.path == "/api/orders":
            owner = self.bearer()
            if owner is None:
                return self.send(401, "{}", "application/json")
            if self.headers.get("X-CSRFToken") != owner.get("double"):
                return self.send(403, "{}", "application/json")
            order = str(secrets.randbelow(9_000_000) + 1_000_000)
            owner["orders"].add(order)
            return self.send(201, json.dumps({"order": {"id": int(order), "status": "new", "item": json.loads(body)["item"]}}),
                             "application/json")
        if self.path.startswith("/api/orders/") and self.path.endswith("/pay"):
            owner = self.bearer()
            if owner is None:
                return self.send(401, "{}", "application/json")
            order = self.path[len("/api/orders/"):-len("/pay")]
            if order not in owner["orders"]:
                return self.send(404, "{}", "application/json")
            with LOCK:
                STATS["completed"] += 1
            return self.send(200, json.dumps({"receipt": "R-" + secrets.token_hex(6), "paid": True}), "application/json")
        return self.send(404, "not found")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
