"""Walks the journey_target.py shop in headless Chromium (the system's, driven by Playwright)
and saves the HAR that Playwright's recorder writes: a real browser's requests, with its own
headers, cookies, static assets, redirects and fetch() calls. Two tabs, so two HAR pages:
"Sign in" (the sign-in form, posted by a click, which lands on /home) and "Orders" (/home?view=orders
and the page's API calls). The user's pauses
are real waits.

Usage: python3 record_chromium.py BASE_URL HAR_PATH [CHROMIUM]
"""
import sys

from playwright.sync_api import sync_playwright

base, har = sys.argv[1].rstrip("/"), sys.argv[2]
chromium = sys.argv[3] if len(sys.argv) > 3 else "/usr/bin/chromium"

JOURNEY = """async () => {
  const meta = document.querySelector('meta[name="api-csrf"]').content;
  const json = {'Content-Type': 'application/json'};
  const granted = await (await fetch('/api/token', {method: 'POST', headers: {...json, 'X-CSRF-Token': meta},
                                                    body: JSON.stringify({csrf: meta})})).json();
  const auth = {...json, Authorization: 'Bearer ' + granted.access_token};
  const double = document.cookie.split('; ').find(c => c.startsWith('csrftoken=')).slice('csrftoken='.length);
  await new Promise(resolve => setTimeout(resolve, 500));  // the user picks a book
  const order = (await (await fetch('/api/orders', {method: 'POST', headers: {...auth, 'X-CSRFToken': double},
                                                    body: JSON.stringify({item: 'book', qty: 2})})).json()).order.id;
  await fetch('/api/orders/' + order + '?state=' + encodeURIComponent(granted.state), {headers: auth});
  await new Promise(resolve => setTimeout(resolve, 400));  // and reads the order before paying
  const paid = await fetch('/api/orders/' + order + '/pay', {method: 'POST', headers: auth, body: '{}'});
  return paid.status;
}"""

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
    context = browser.new_context(record_har_path=har, record_har_content="embed")
    sign_in = context.new_page()
    sign_in.goto(base + "/")
    sign_in.fill("input[name=user]", "alice")
    sign_in.fill("input[name=password]", "secret123")
    sign_in.wait_for_timeout(800)  # the user types a name and a password
    with sign_in.expect_navigation(url="**/home"):
        sign_in.click("button")
    sign_in.wait_for_load_state("load")
    sign_in.close()
    home = context.new_page()
    home.goto(base + "/home?view=orders")
    status = home.evaluate(JOURNEY)
    context.close()  # writes the HAR
    browser.close()
if status != 200:
    sys.exit(f"the journey's last request answered {status}")
print("recorded", flush=True)
