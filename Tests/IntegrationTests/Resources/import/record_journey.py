"""Walks the journey_target.py shop like a browser would (cookies, redirects, the page's
static assets, pauses while the user reads) through BASE_URL, a recording proxy.

Usage: python3 record_journey.py BASE_URL
"""
import json
import re
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import quote

base = sys.argv[1].rstrip("/")
jar = CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
agent = {"User-Agent": "journey-recorder/1.0", "Accept-Language": "en"}


def call(method, path, body=None, headers=None):
    request = urllib.request.Request(base + path, data=body, method=method, headers={**agent, **(headers or {})})
    with opener.open(request, timeout=10) as response:
        return response.read().decode(errors="replace")


page = call("GET", "/")
for asset in ("/static/app.css", "/static/app.js", "/static/logo.png"):
    call("GET", asset)
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
time.sleep(0.8)  # the user types a name and a password
home = call("POST", "/login", f"user=alice&password=secret123&csrf={csrf}".encode(),
            {"Content-Type": "application/x-www-form-urlencoded"})
call("GET", "/static/app.css")
meta = re.search(r'name="api-csrf" content="([^"]+)"', home).group(1)
granted = json.loads(call("POST", "/api/token", json.dumps({"csrf": meta}).encode(),
                          {"Content-Type": "application/json", "X-CSRF-Token": meta}))
auth = {"Authorization": "Bearer " + granted["access_token"], "Content-Type": "application/json"}
double = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
time.sleep(0.5)  # the user picks a book
order = json.loads(call("POST", "/api/orders", json.dumps({"item": "book", "qty": 2}).encode(),
                        {**auth, "X-CSRFToken": double}))["order"]["id"]
call("GET", f"/api/orders/{order}?state={quote(granted['state'], safe='')}", None, auth)
time.sleep(0.4)  # and reads the order before paying
call("POST", f"/api/orders/{order}/pay", b"{}", auth)
print("recorded", flush=True)
