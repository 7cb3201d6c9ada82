"""Render the JS-only pages of the demo corpus in Chromium through simweb and print the visible text."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent.parent.parent))
from playwright.sync_api import sync_playwright  # noqa: E402

from simweb.testing import CHROMIUM_PATH, chromium_args, serve  # noqa: E402

URLS = ["https://www.kuaibit.io/?ref=CG123", "https://www.coralx.io/en/buy-crypto/", "https://www.baoyuex.com/"]
with serve(ROOT) as ep, sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=chromium_args(ep))
    ctx = browser.new_context(proxy={"server": ep.intl.proxy_url})
    for u in URLS:
        page = ctx.new_page()
        seen = []
        page.on("response", lambda r: seen.append((r.status, r.url)))
        page.goto(u, wait_until="networkidle", timeout=30000)
        print("==", u, "lang=", page.evaluate("document.documentElement.lang"))
        print(page.inner_text("body")[:700])
        print("responses:", seen)
    browser.close()
