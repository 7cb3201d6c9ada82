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

#: Visible text (characters) under which a scripted page is an app shell.
SHELL_TEXT_CHARS = 200
#: Visible text above which a page is content-rich: never rendered for being a shell.
RICH_TEXT_CHARS = 1500
#: Mount points of single-page-app frameworks (Vue, React, Next, Nuxt, Angular, Quasar, Umi...).
MOUNT_IDS = frozenset({"app", "root", "__next", "__nuxt", "q-app", "main-app", "react-root", "__layout", "application",
                       "container", "svelte", "___gatsby", "ice-container", "umi-root", "page-root"})  # fmt: skip
MOUNT_TAGS = frozenset({"app-root", "my-app"})
#: A noscript asking for JavaScript.
NOSCRIPT_RE = re.compile(
    r"enable\s+javascript|javascript\s+(?:is\s+)?(?:required|disabled|enabled)|requires\s+javascript|"
    r"需要.{0,6}(?:启用|開啟|开启|启动|允許|允许).{0,4}JavaScript|JavaScript.{0,10}(?:启用|開啟|开启|运行|執行)|"
    r"请(?:启用|开启)|JavaScript\s*を有効|자바스크립트",
    re.I | re.S,
)
#: Inline script volume (characters) that counts as "substantial scripts" for undecided pages.
UNDECIDED_INLINE_CHARS = 5000
#: External scripts that count as "substantial scripts" for undecided pages.
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
        if (ident in MOUNT_IDS or el.tag in MOUNT_TAGS) and len(el.text_content().strip()) < SHELL_TEXT_CHARS:
            return ident or el.tag
    return None


def needs_render(page: Page, undecided: bool = False) -> tuple[bool, str]:
    """(render?, why). Cheap: reuses the page's cached tree and visible text."""
    if not page.body:
        return False, "empty body"
    if not page.is_html:
        return False, f"not HTML ({page.content_type})"
    status = page.status or 0
    text_len = len(page.visible_text)
    scripts = page.scripts
    inline = sum(len(s) for s in page.inline_scripts[:50])
    scripted = bool(scripts) or inline > 200
    if status >= 400 and status != 403:
        return False, f"HTTP {status} error page"
    if CHALLENGE_RE.search(page.title) or (
        text_len < RICH_TEXT_CHARS and CHALLENGE_RE.search(page.text[:20000])
    ):
        return True, "bot challenge"
    if text_len >= RICH_TEXT_CHARS:
        if undecided and _mount_empty(page) and scripted:
            return True, "undecided: framework mount point empty"
        return False, f"static content ({text_len} chars)"
    mount = _mount_empty(page)
    if scripted and text_len < SHELL_TEXT_CHARS:
        return True, f"app shell: {text_len} chars of visible text, {len(scripts)} scripts" + (
            f", empty #{mount}" if mount else ""
        )
    if mount and scripted:
        return True, f"app shell: empty mount point #{mount}"
    noscripts = " ".join(el.text_content() for el in page.tree.iter("noscript"))
    if scripted and NOSCRIPT_RE.search(noscripts):
        return True, "noscript asks for JavaScript"
    if undecided and (len(scripts) >= UNDECIDED_SCRIPTS or inline >= UNDECIDED_INLINE_CHARS):
        return True, f"undecided: {len(scripts)} scripts, {inline} chars inline script"
    return False, f"static page ({text_len} chars)"
