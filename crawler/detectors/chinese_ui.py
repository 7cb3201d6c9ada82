"""Does the site offer a Simplified-Chinese interface (shown, negotiated, or one click away)?

Label (simweb-corpus.md): "the site offers a Simplified-Chinese interface
(default, negotiated, or one click away); Traditional-only, Japanese and
Korean do not count".

Signals, strongest first:

1. the visible text itself is Simplified Chinese (character statistics, see
   :mod:`crawler.detectors.textstats`): enough Han characters, a real share of
   the text, no kana (Japanese) or Hangul (Korean), and Simplified-only
   characters outnumbering Traditional-only ones;
2. the site declares a Simplified alternate (``hreflang="zh-CN"``/``zh-Hans``,
   ``og:locale:alternate`` ``zh_CN``) or its language menu offers 简体中文 /
   中文(简体) / "Chinese (Simplified)", as a link or a bare menu entry: the
   Chinese UI is one click away (moderate confidence; the link is a telling
   page the probe should follow);
3. ``<html lang>`` only decides when the text is too short or has no telling
   characters; it never overrides the text (Chinese teams leave
   ``lang="zh-CN"`` on English pages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.detectors.links import ZH_HANS_LABEL_RE, language_of_label, language_of_url
from crawler.detectors.page import Page
from crawler.detectors.textstats import HAN_RE, script_stats
from crawler.verdict import Evidence, Verdict

NAME = "chinese_ui"
#: At least this many Han characters before the text can be called Chinese: a
#: language menu (简体中文 繁體中文 日本語) or a brand name (币安) stays below.
MIN_HAN = 24
#: Han characters as a share of all units (Han + kana + Hangul + Latin words).
MIN_HAN_SHARE = 0.3
#: This many Han characters make the text Chinese whatever the share: a Chinese
#: trading page can be mostly tickers and numbers (BTC/USDT, ETH/USDT...).
MIN_HAN_ANY_SHARE = 200
#: Strings gathered from JSON payloads (i18n bundles of single-page apps), at most.
JSON_TEXT_CHARS = 50_000
#: ``lang`` values meaning Simplified, Traditional.
HANS_LANGS = frozenset({"zh-cn", "zh-hans", "zh-sg", "zh-hans-cn", "zh-hans-sg", "zh-chs", "cn", "zh-my"})
HANT_LANGS = frozenset({"zh-tw", "zh-hk", "zh-mo", "zh-hant", "zh-hant-tw", "zh-hant-hk", "zh-cht"})
#: A snippet of Chinese text to show: a run containing at least 4 Han characters.
CHINESE_RUN_RE = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\w\s，。、：；！？（）“”《》·—-]{3,60}")
#: Other languages' own names: a language menu shows several of them side by side.
OTHER_LANGUAGE_RE = re.compile(
    r"English|日本語|한국어|Español|Русский|Türkçe|Deutsch|Français|Tiếng Việt|繁體中文|繁体中文|Português|Italiano|"
    r"Bahasa(?: Indonesia| Melayu)?|ไทย|العربية|Polski|Nederlands|Українська|हिन्दी|Filipino|Română|Čeština|Ελληνικά|"
    r"Қазақша|O'zbek|Svenska|Dansk|Suomi|Norsk|Magyar|বাংলা|فارسی|Tagalog|EN\b|English \(\w+\)",
)
MENU_NEIGHBOUR_CHARS = 80
#: URL markers that name Simplified Chinese explicitly (not just "zh").
EXPLICIT_HANS_URL_RE = re.compile(r"zh[-_]?(?:cn|hans|sg|chs)|[=/]cn(?:[/&#?]|$)|[=/]chs\b|//cn\.", re.I)
#: ``<option value>`` codes that select Simplified Chinese.
OPTION_HANS_VALUES = frozenset({"zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn", "zh-chs"})
#: Confidence per kind of evidence.
CONF_TEXT = 0.92
CONF_HREFLANG = 0.75
CONF_MENU_LINK = 0.7
CONF_MENU_TEXT = 0.55
CONF_MENU_AMBIGUOUS = 0.45
CONF_LANG_ONLY = 0.5


def _lang_script(lang: str) -> str | None:
    lang = lang.lower().replace("_", "-")
    if lang in HANS_LANGS or lang.startswith("zh-hans"):
        return "hans"
    if lang in HANT_LANGS or lang.startswith("zh-hant"):
        return "hant"
    if lang == "zh":
        return "zh"
    return None


def _snippet(text: str) -> str:
    m = CHINESE_RUN_RE.search(text)
    return (m.group(0).strip() if m else text[:80]).replace("\n", " | ")


def _one_click(page: Page, strict: bool = False) -> list[tuple[float, Evidence]]:
    """Evidence that a Simplified version exists: hreflang, og:locale alternates, menu links/entries.

    ``strict`` (the page itself is Traditional Chinese): bare "zh"/"中文"/``/zh/``
    then most likely name this very Traditional version, so only explicit
    Simplified markers (简体, zh-CN, zh-Hans) count.
    """
    url = page.final_url or page.url
    found: list[tuple[float, Evidence]] = []
    for hl, href in page.hreflangs:
        if _lang_script(hl) == "hans" or (_lang_script(hl) == "zh" and not strict):
            found.append((CONF_HREFLANG, Evidence(href or url, f'hreflang="{hl}"', "hreflang")))
            break
    for alt in page.meta.get("og:locale:alternate", ()):
        if _lang_script(alt) == "hans":
            found.append((CONF_MENU_TEXT, Evidence(url, f"og:locale:alternate={alt}", "og_locale")))
            break
    found.extend(_json_locale(page))
    best_link: tuple[float, Evidence] | None = None
    for href, text in page.links:
        if text.strip() and not _LANG_PREFILTER_RE.search(href.lower() + " " + text.lower()):
            continue
        label = language_of_label(text)
        url_lang = language_of_url(href)
        if label == "hant" or url_lang == "hant":
            continue
        if strict and label != "hans" and not EXPLICIT_HANS_URL_RE.search(href):
            continue
        if label == "hans":
            cand = (CONF_MENU_LINK, Evidence(href, f"language menu: {text}", "language_menu"))
        elif url_lang == "hans" and (label == "zh" or _looks_like_lang_switch(text)):
            cand = (CONF_MENU_LINK, Evidence(href, f"language link: {text or href}", "language_menu"))
        elif label == "zh":
            cand = (CONF_MENU_AMBIGUOUS, Evidence(href, f"language menu: {text}", "language_menu"))
        else:
            continue
        if best_link is None or cand[0] > best_link[0]:
            best_link = cand
    if best_link:
        found.append(best_link)
    if not best_link:
        # <select> language pickers: an option is a choice by construction.
        for opt in page.tree.iter("option"):
            label = language_of_label(opt.text_content() or "")
            value = opt.get("value") or ""
            # value "CN" is a country (registration forms), not a language
            code = value.strip().lower().replace("_", "-")
            if label == "hans" or (
                label != "hant" and code in OPTION_HANS_VALUES and not (strict and code == "zh")
            ):
                found.append((CONF_MENU_TEXT, Evidence(url, f"language option: {(opt.text_content() or value).strip()}",
                                                       "language_menu")))  # fmt: skip
                break
    if not best_link and not found:
        # A JS-driven menu: the label is there as a standalone entry (not inside
        # a Chinese sentence) but has no href.
        text = page.visible_text
        for m in ZH_HANS_LABEL_RE.finditer(text):
            before = text[m.start() - 1] if m.start() else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if HAN_RE.match(before) or HAN_RE.match(after) or m.group(0) == "简体":
                continue
            # A menu lists other languages next to it; prose ("our agents speak
            # Simplified Chinese") does not.
            near = text[max(0, m.start() - MENU_NEIGHBOUR_CHARS) : m.end() + MENU_NEIGHBOUR_CHARS]
            if len({x.group(0).lower() for x in OTHER_LANGUAGE_RE.finditer(near)}) < 2:
                continue
            found.append(
                (CONF_MENU_TEXT, Evidence(url, f"language menu entry: {m.group(0)}", "language_menu"))
            )
            break
    return found


#: A link that could be a language switch at all (cheap test before the label/URL rules).
_LANG_PREFILTER_RE = re.compile(r"zh|cn|chs|hans|sc|lang|locale|hl=|中|汉|漢|简|簡|chinese|중국")


def _json_strings(obj: object, out: list[str], budget: list[int]) -> None:
    stack = [obj]
    while stack and budget[0] > 0:
        cur = stack.pop()
        if isinstance(cur, str):
            out.append(cur)
            budget[0] -= len(cur)
        elif isinstance(cur, dict):
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur[:2000])


def _json_locale(page: Page) -> list[tuple[float, Evidence]]:
    """A Simplified locale shipped with the app: a zh-CN i18n bundle URL, or JSON text that is Simplified Chinese."""
    found: list[tuple[float, Evidence]] = []
    for purl, payload in page.payloads:
        purl = str(purl)
        strings: list[str] = []
        _json_strings(payload, strings, [JSON_TEXT_CHARS])
        stats = script_stats(" ".join(strings))
        if stats.han >= MIN_HAN * 2 and stats.script() == "hans" and not stats.is_japanese:
            found.append((CONF_MENU_LINK, Evidence(purl, "app data in Simplified Chinese: " + _snippet(" ".join(strings)),
                                                   "json_text")))  # fmt: skip
            break
        if language_of_url(purl) == "hans" or re.search(r"zh[-_](?:cn|hans)", purl, re.I):
            found.append(
                (CONF_MENU_TEXT, Evidence(purl, "Simplified-Chinese locale bundle loaded", "json_locale"))
            )
            break
    return found


_LANG_SWITCH_RE = re.compile(
    r"^(?:|[a-z]{2}(?:[-_][a-z]{2,4})?|中文|简|中|CN|ZH|🇨🇳|Language|语言|Lang)$", re.I
)


def _looks_like_lang_switch(text: str) -> bool:
    """A link whose text is empty (a flag icon), a locale code or 中文: its zh-CN target is a language switch."""
    return bool(_LANG_SWITCH_RE.match(text.strip()))


def detect(page: Page) -> Verdict:
    """One page: is its UI Simplified Chinese, or is a Simplified version one click away?"""
    url = page.final_url or page.url
    if not page.body or not page.is_html:
        return Verdict.unknown(NAME, "no HTML to read")
    stats = page.script_stats
    lang = page.lang
    lang_script = _lang_script(lang)
    og = page.meta_first("og:locale")
    details = {**stats.to_dict(), "lang": lang, "og_locale": og}
    script = stats.script()
    chinese_text = (
        stats.han >= MIN_HAN
        and (stats.han_share >= MIN_HAN_SHARE or stats.han >= MIN_HAN_ANY_SHARE)
        and not stats.is_japanese
        and not (lang.startswith("ja") and stats.kana >= 2)
        and not stats.is_korean
    )
    if script is None and lang_script == "hant":
        script = "hant"  # no telling characters either way: the page's own zh-TW/zh-HK decides
    details["script"] = script
    if chinese_text and (script == "hans" or (script is None and lang_script in ("hans", "zh"))):
        snippet = _snippet(page.visible_text)
        return Verdict(
            NAME, True, CONF_TEXT if script == "hans" else 0.7,
            (f"visible text is Simplified Chinese ({stats.han} Han, {stats.simplified} simplified-only vs "
             f"{stats.traditional} traditional-only characters)",),
            (Evidence(url, snippet, "text"),), {**details, "via": "text"},
        )  # fmt: skip
    one_click = _one_click(page, strict=chinese_text and script == "hant")
    if one_click:
        one_click.sort(key=lambda c: -c[0])
        conf = one_click[0][0]
        return Verdict(
            NAME, True, conf,
            ("a Simplified-Chinese version is offered (" + ", ".join(e.signal for _, e in one_click) + ")",),
            tuple(e for _, e in one_click[:3]), {**details, "via": "one_click"},
        )  # fmt: skip
    if chinese_text and script == "hant":
        return Verdict(NAME, False, 0.85, ("visible text is Traditional Chinese only",),
                       (Evidence(url, _snippet(page.visible_text), "text"),), {**details, "via": "text"})  # fmt: skip
    if stats.is_japanese or (lang.startswith("ja") and stats.kana >= 2):
        return Verdict(
            NAME,
            False,
            0.85,
            ("visible text is Japanese (kana or Japanese-only kanji)",),
            (),
            {**details, "via": "text"},
        )
    if stats.is_korean:
        return Verdict(
            NAME, False, 0.85, ("visible text is Korean (Hangul)",), (), {**details, "via": "text"}
        )
    if chinese_text:  # Chinese but no telling characters and no lang hint
        return Verdict(NAME, None, 0.3, ("Chinese text, script undetermined",),
                       (Evidence(url, _snippet(page.visible_text), "text"),), {**details, "via": "text"})  # fmt: skip
    if stats.units < 40:
        if lang_script == "hans" or (og.lower().replace("-", "_") == "zh_cn"):
            return Verdict(NAME, None, CONF_LANG_ONLY,
                           (f"too little text to judge; page declares lang={lang or og}",), (), details)  # fmt: skip
        return Verdict(NAME, None, 0.0, ("too little visible text to judge",), (), details)
    return Verdict(
        NAME, False, 0.8, ("visible text is not Chinese and no Simplified version is offered",), (), details
    )


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """Site: True if any page shows (or offers) a Simplified UI; False if pages were read and none did."""
    vs = [v for v in verdicts if v is not None]
    trues = [v for v in vs if v.value is True]
    if trues:
        trues.sort(key=lambda v: (v.details.get("via") == "text", v.confidence), reverse=True)
        best = trues[0]
        evidence = tuple(e for v in trues[:3] for e in v.evidence)[:5]
        return Verdict(NAME, True, best.confidence, best.reasons, evidence,
                       {"pages_true": len(trues), "pages": len(vs), "via": best.details.get("via")})  # fmt: skip
    falses = [v for v in vs if v.value is False]
    if falses:
        conf = max(v.confidence for v in falses)
        reasons = tuple(dict.fromkeys(r for v in falses for r in v.reasons))[:3]
        return Verdict(NAME, False, conf, reasons, (), {"pages": len(vs)})
    return Verdict(NAME, None, 0.0, ("no page could be judged",), (), {"pages": len(vs)})


#: The same functions under the names STYLE.md uses (``detect_x`` / ``combine_x``).
detect_chinese_ui = detect
combine_chinese_ui = combine
