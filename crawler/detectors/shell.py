"""Should this page be rendered in a browser before the detectors read it?

Rendering costs about as much as 30 static fetches, so a page is rendered only
when the static HTML cannot answer: an application shell (next to no visible
text, an empty ``<div id="app|root|__next">`` mount point, a ``<noscript>``
asking for JavaScript, only bundles), or a page on which a detector could not
decide (``undecided``) *and* that runs enough script for rendering to change
anything. Content-rich static pages, plain error pages and non-HTML bodies are
never rendered.
"""

from __future__ import annotations

import re

from crawler.detectors.page import Page

#: Text is measured in "units" (Han/kana/Hangul characters plus Latin words), not
#: characters: 100 Chinese characters are a paragraph, 100 Latin letters a line.
#: Under this many units a scripted page is an app shell.
SHELL_UNITS = 25
#: Under this many units an empty mount point or a JavaScript-required noscript means a shell.
THIN_UNITS = 150
#: From this many units a page is content-rich: never rendered for being a shell.
RICH_UNITS = 300
#: Mount points of single-page-app frameworks (Vue, React, Next, Nuxt, Angular, Quasar, Umi...).
MOUNT_IDS = frozenset({"app", "root", "__next", "__nuxt", "q-app", "main-app", "react-root", "__layout", "application",
                       "svelte", "___gatsby", "ice-container", "umi-root", "page-root"})  # fmt: skip
MOUNT_TAGS = frozenset({"app-root", "my-app"})
#: Under this many characters of text a mount point counts as empty ("Loading…").
MOUNT_EMPTY_CHARS = 40
#: A noscript asking for JavaScript.
NOSCRIPT_RE = re.compile(
    r"enable\s+javascript|javascript\s+(?:is\s+)?(?:required|disabled|enabled)|requires\s+javascript|"
    r"without\s+javascript|需要.{0,6}(?:启用|開啟|开启|启动|允許|允许).{0,4}JavaScript|JavaScript.{0,10}(?:启用|開啟|开启|运行|執行)|"
    r"请(?:启用|开启)|JavaScript\s*を有効|자바스크립트",
    re.I | re.S,
)
#: Analytics, tag managers and support widgets: scripts that build no content.
ANALYTICS_SCRIPT_RE = re.compile(
    r"hm\.baidu\.com|cnzz\.com|51\.la|googletagmanager|google-analytics|gtag/js|analytics|doubleclick|"
    r"facebook\.net|hotjar|clarity\.ms|sensorsdata|growingio|umeng|tajs\.qq|zz\.bdstatic|cloudflareinsights|"
    r"recaptcha|hcaptcha|intercom|zendesk|zdassets|meiqia|livechat|tawk\.to|crisp\.chat|sentry",
    re.I,
)
#: Inline script volume (characters) that counts as "substantial scripts" for undecided pages.
UNDECIDED_INLINE_CHARS = 5000
#: External (non-analytics) scripts that count as "substantial scripts" for undecided pages.
UNDECIDED_SCRIPTS = 2
#: Bot challenges only a browser passes.
CHALLENGE_RE = re.compile(
    r"just a moment|checking your browser|cf-chl|challenge-platform|ddos protection by|正在检查您的浏览器",
    re.I,
)


def _mount_empty(page: Page) -> str | None:
    """The id of an empty framework mount point, if any."""
    for el in page.tree.iter("div", "main", "section", *MOUNT_TAGS):
        ident = (el.get("id") or "").strip()
        if (ident in MOUNT_IDS or el.tag in MOUNT_TAGS) and len(
            el.text_content().strip()
        ) < MOUNT_EMPTY_CHARS:
            return ident or el.tag
    return None


def needs_render(page: Page, undecided: bool = False) -> tuple[bool, str]:
    """(render?, why). Cheap: reuses the page's cached tree, visible text and script statistics."""
    if not page.body:
        return False, "empty body"
    if not page.is_html:
        return False, f"not HTML ({page.content_type})"
    status = page.status or 0
    if status >= 400 and status != 403:
        return False, f"HTTP {status} error page"
    units = page.script_stats.units
    app_scripts = [u for u in page.scripts if not ANALYTICS_SCRIPT_RE.search(u)]
    inline = sum(len(s) for s in page.inline_scripts[:50] if not ANALYTICS_SCRIPT_RE.search(s[:2000]))
    scripted = bool(app_scripts) or inline > 500
    if units < RICH_UNITS and (CHALLENGE_RE.search(page.title) or CHALLENGE_RE.search(page.text[:20000])):
        return True, "bot challenge"
    mount = _mount_empty(page)
    if units >= RICH_UNITS:
        if undecided and mount and scripted:
            return True, f"undecided: #{mount} mount point empty"
        return False, f"static content ({units} units of text)"
    if scripted and units < SHELL_UNITS:
        return True, f"app shell: {units} units of visible text, {len(app_scripts)} scripts" + (
            f", empty #{mount}" if mount else ""
        )
    if mount and scripted and units < THIN_UNITS:
        return True, f"app shell: empty mount point #{mount}, {units} units of text"
    if scripted and units < THIN_UNITS:
        noscripts = " ".join(el.text_content() for el in page.tree.iter("noscript"))
        if NOSCRIPT_RE.search(noscripts):
            return True, "noscript asks for JavaScript"
    if undecided and (
        len(app_scripts) >= UNDECIDED_SCRIPTS or inline >= UNDECIDED_INLINE_CHARS or (mount and scripted)
    ):
        return True, f"undecided: {len(app_scripts)} scripts, {inline} chars inline script"
    return False, f"static page ({units} units of text)"
