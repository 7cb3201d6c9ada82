"""The candidate rule and the evidence score: the one place a site becomes a verdict for the registry.

Rule (the corpus label definition, ``shared/simweb-corpus.md``)::

    candidate = exchange and overseas and (chinese_ui or cny_onramp) and not geoblocks_cn

with ``None`` (could not tell) counting as false, and a ``None`` ``geoblocks_cn``
as "no block". Why so strict: a false positive blocks a lawful site, so every
leg of the rule must have been *seen*, not assumed.

Score, in [0, 1], ranks by **strength of evidence**, not by how "bad" a site is:

- candidates score in [0.5, 1.0], non-candidates in [0.0, 0.5): sorting by score
  never puts a non-candidate above a candidate;
- a candidate's score is ``0.5 + 0.5 * strength``, where ``strength`` is
  0.6 × the mean confidence of the three legs of the rule (exchange, overseas,
  the stronger of chinese_ui / cny_onramp) plus 0.4 × independent corroboration
  (capped at 1): both Chinese UI *and* CNY rails (0.25); Simplified Chinese as the
  default language rather than one click away (0.15); named CNY payment rails —
  Alipay, WeChat Pay, UnionPay, Chinese bank cards — rather than a bare CNY fiat
  list (0.20, or 0.05 for the list only); mainland analytics or QQ/WeChat support
  (0.10); no ICP filing despite a Chinese UI (0.05); mirror domains (0.05 each, up
  to 0.15); already blocked in China (0.10: the state itself found it);
- a non-candidate's score is ``0.45 × (sum of the confidences of the legs that
  hold) / 4``, minus nothing for a geoblock: it says how close it came.

Redirects: a domain that only redirects to another (the probe sets
``redirect_to``, or ``outcome == "redirect"`` with a ``linked`` entry of
``relation: "redirect"``) takes that platform's verdicts: ``decide(site, facts,
target=<the target's Decision>)`` copies the target's candidate, values and score
and says so in the first reason. ``decide_all`` resolves chains and cycles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from exscout.schema import VERDICT_FIELDS

__all__ = ["Decision", "decide", "decide_all", "is_candidate", "redirect_target"]

RULE_FIELDS = ("exchange", "overseas", "chinese_ui", "cny_onramp", "geoblocks_cn")
# The verdicts a decision carries are exactly the store's decision columns.
VALUE_FIELDS = VERDICT_FIELDS

_RAILS = {
    "Alipay": re.compile(r"ali[-_ ]?pay|支付宝|支付寶", re.I),
    "WeChat Pay": re.compile(r"wechat|weixin|wx[-_ ]?pay|微信", re.I),
    "UnionPay": re.compile(r"union[-_ ]?pay|银联|銀聯|云闪付", re.I),
    "Chinese bank card": re.compile(r"cn_bank|银行卡|銀行卡|银行转账|網銀|网银", re.I),
}
_MAINLAND = re.compile(r"analytics|baidu|hm\.baidu|cnzz|umeng|51\.la|\bqq\b|qq\.com|wechat|微信|客服", re.I)
_DEFAULT = re.compile(r"default|html lang|lang=|<html|served", re.I)
_SWITCH = re.compile(r"switch|one click|selector|language menu|hreflang|accept-language|negotiat", re.I)


@dataclass(frozen=True)
class Decision:
    """The verdict on one domain: is it a candidate, how strong is the evidence, and why."""

    candidate: bool
    score: float
    reasons: list[str] = field(default_factory=list)
    values: dict[str, bool | None] = field(default_factory=dict)
    countries: list[str] = field(default_factory=list)
    asns: list[str] = field(default_factory=list)
    ips: list[str] = field(default_factory=list)
    cdn: list[str] = field(default_factory=list)
    redirect_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
            "values": dict(self.values),
            "countries": list(self.countries),
            "asns": list(self.asns),
            "ips": list(self.ips),
            "cdn": list(self.cdn),
            "redirect_to": self.redirect_to,
        }


def is_candidate(values: Mapping[str, bool | None]) -> bool:
    """The rule on plain values; ``None`` is false, and a ``None`` geoblock is no block."""
    return (
        values.get("exchange") is True
        and values.get("overseas") is True
        and (values.get("chinese_ui") is True or values.get("cny_onramp") is True)
        and values.get("geoblocks_cn") is not True
    )


def redirect_target(site: Mapping[str, Any]) -> str | None:
    """The registrable domain a redirect-only site leads to, or None.

    Accepts an explicit ``redirect_to`` (the probe may set it), or
    ``outcome == "redirect"`` with a ``linked`` entry whose relation is ``redirect``.
    """
    explicit = site.get("redirect_to")
    if explicit:
        return str(explicit).lower()
    if site.get("outcome") == "redirect":
        for link in site.get("linked") or []:
            if isinstance(link, Mapping) and link.get("relation") == "redirect" and link.get("domain"):
                target = str(link["domain"]).lower()
                if target != str(site.get("domain", "")).lower():
                    return target
    return None


def _verdict(source: Mapping[str, Any] | None, name: str) -> dict[str, Any]:
    v = (source or {}).get(name)
    if v is None:
        return {"name": name, "value": None, "confidence": 0.0, "reasons": [], "evidence": [], "details": {}}
    if not isinstance(v, Mapping):  # a Verdict object
        v = v.to_dict()
    return dict(v)


def _value(v: Mapping[str, Any]) -> bool | None:
    value = v.get("value")
    return None if value is None else bool(value)


def _conf(v: Mapping[str, Any]) -> float:
    """A verdict's confidence in [0, 1]; a positive verdict that forgot its confidence counts 0.5."""
    try:
        c = float(v.get("confidence") or 0.0)
    except (TypeError, ValueError):
        c = 0.0
    if c <= 0.0 and v.get("value") is True:
        c = 0.5
    return max(0.0, min(1.0, c))


def _text(v: Mapping[str, Any]) -> str:
    parts = [str(r) for r in v.get("reasons") or []]
    for e in v.get("evidence") or []:
        if isinstance(e, Mapping):
            parts += [str(e.get("snippet", "")), str(e.get("signal", ""))]
    details = v.get("details") or {}
    if isinstance(details, Mapping):
        parts += [f"{k}={val}" for k, val in details.items()]
    return " ".join(parts)


def _first_url(v: Mapping[str, Any]) -> str:
    for e in v.get("evidence") or []:
        if isinstance(e, Mapping) and e.get("url"):
            return str(e["url"])
    return ""


def _line(text: str, url: str = "") -> str:
    return f"{text} — {url}" if url else text


_LANG_URL = re.compile(
    r"[?&](?:lang|locale|hl|language)=|/zh(?:[-_](?:cn|hans))?(?:/|$)|zh-cn|zh_cn|hans", re.I
)
_RAIL_KINDS = {
    "alipay": "Alipay", "wechat_pay": "WeChat Pay", "wechat": "WeChat Pay", "unionpay": "UnionPay",
    "cn_bank": "Chinese bank card", "bank_en": "bank card",
}  # fmt: skip


def ui_mode(v: Mapping[str, Any]) -> str:
    """How the Simplified-Chinese UI is offered: ``default``, ``served`` (at a Chinese URL), ``one_click`` or ``unknown``.

    The chinese_ui detector says ``details.via`` = ``text`` (a page's own text is
    Simplified Chinese) or ``one_click`` (a language menu, hreflang, og:locale).
    ``text`` on a URL without a language marker is the default language.
    """
    details = v.get("details") or {}
    via = (
        str(details.get("via") or details.get("how") or details.get("mode") or "").lower()
        if isinstance(details, Mapping)
        else ""
    )
    if isinstance(details, Mapping) and details.get("default") is True:
        return "default"
    if via in ("text", "default", "html_lang", "page"):
        url = _first_url(v)
        return "served" if url and _LANG_URL.search(url) else "default"
    if via in ("one_click", "switcher", "menu", "negotiated", "accept_language"):
        return "one_click"
    text = _text(v)
    if _SWITCH.search(text):
        return "one_click"
    return "default" if _DEFAULT.search(text) else "unknown"


def _ui_default(v: Mapping[str, Any]) -> bool:
    return ui_mode(v) == "default"


def _rails(v: Mapping[str, Any]) -> list[str]:
    """Named CNY payment rails, from the detector's kinds (details, evidence signals), else from the text."""
    kinds: list[str] = []
    details = v.get("details") or {}
    if isinstance(details, Mapping):
        pools = [details.get("rails"), details.get("methods"), details.get("payment_methods")]
        if isinstance(details.get("json"), Mapping):
            pools.append(details["json"].get("rails"))
        for pool in pools:
            kinds += [str(k) for k in pool or []]
    kinds += [str(e.get("signal", "")) for e in v.get("evidence") or [] if isinstance(e, Mapping)]
    named: list[str] = []
    for kind in kinds:
        key = kind.lower().removeprefix("json_")
        name = _RAIL_KINDS.get(key)
        if name is None:
            name = next((n for n, rx in _RAILS.items() if rx.search(kind)), None)
        if name and name not in named:
            named.append(name)
    if not named:
        text = _text(v)
        named = [n for n, rx in _RAILS.items() if rx.search(text)]
    order = [*_RAILS, "bank card"]
    return sorted(named, key=lambda n: order.index(n) if n in order else len(order))


def _mainland_extras(v: Mapping[str, Any]) -> tuple[str, str]:
    """Mainland analytics / QQ-WeChat support seen by the icp detector: (description, evidence URL)."""
    details = v.get("details") or {}
    parts = []
    if isinstance(details, Mapping):
        if details.get("analytics"):
            parts.append("analytics " + ", ".join(map(str, details["analytics"])))
        if details.get("support"):
            parts.append("support " + ", ".join(map(str, details["support"])))
    url = ""
    for e in v.get("evidence") or []:
        if isinstance(e, Mapping) and _MAINLAND.search(f"{e.get('snippet', '')} {e.get('signal', '')}"):
            url = str(e.get("url", ""))
            if not parts:
                parts.append(str(e.get("snippet") or e.get("signal")))
            break
    return "; ".join(parts), url


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [str(value)]
    if isinstance(value, Mapping):
        return [str(k) for k in value]
    return [str(x) for x in value if x is not None and x != ""]


def _cdn_names(value: Any) -> list[str]:
    """CDN providers from ``facts["cdn"]``: ``{host: CdnMatch.to_dict()}``, a list of those, or names."""
    items: list[Any]
    if isinstance(value, Mapping):
        items = list(value.values())
    elif isinstance(value, str):
        items = [value]
    else:
        items = list(value or [])
    names = set()
    for item in items:
        if isinstance(item, Mapping):
            name = item.get("provider") or item.get("name")
            if name:
                names.add(str(name))
        elif item:
            names.add(str(item))
    return sorted(names)


OUTCOME_TEXT = {
    "dns": "its name does not resolve (NXDOMAIN or SERVFAIL)",
    "dns_timeout": "DNS lookups for it time out",
    "refused": "connections to it are refused",
    "reset": "it resets the connection",
    "timeout": "it accepts connections but never answers",
    "tls": "the TLS handshake fails",
    "truncated": "its responses are cut off",
    "too_big": "its pages exceed the size cap",
    "http_error": "it answers only with HTTP errors",
    "redirect_limit": "it redirects in a loop or beyond the redirect limit",
    "blocked_ssrf": "it resolves to a non-public address, so the SSRF guard refused to fetch it",
    "unreachable": "it could not be reached",
    "error": "the probe failed on it",
}
"""Probe outcome → what an investigator reads in the reasons of a site that gave no content."""


_PROXY_IN_ERROR = re.compile(r"\s*(?:with|through|via) proxy \S+", re.IGNORECASE)


def unreachable_reason(site: Mapping[str, Any]) -> str | None:
    """Why a site has no content verdicts: its probe outcome in words, with the error seen."""
    outcome = str(site.get("outcome") or "")
    if outcome in ("", "ok", "redirect"):
        return None
    text = f"unreachable: {OUTCOME_TEXT.get(outcome, outcome)} (probe outcome {outcome})"
    # Scrapy names the proxy it went through; that is the operator's infrastructure (and a port
    # that changes every run), not evidence about the site.
    error = _PROXY_IN_ERROR.sub("", str(site.get("error") or "")).strip()
    return f"{text}: {error[:200]}" if error else text


def _asn_label(a: str) -> str:
    return a if a.upper().startswith("AS") else f"AS{a}"


def decide(
    site: Mapping[str, Any], facts: Mapping[str, Any] | None, *, target: Decision | None = None
) -> Decision:
    """Decide one domain from its probe item and its enrich facts (see the module docstring)."""
    facts = facts or {}
    verdicts = site.get("verdicts") or {}
    domain = str(site.get("domain", ""))
    redirect_to = redirect_target(site)
    countries = sorted(set(_as_list(facts.get("countries"))))
    asns = sorted({_asn_label(a) for a in _as_list(facts.get("asns"))})
    ips = _as_list(facts.get("ips"))
    cdn = _cdn_names(facts.get("cdn"))

    if redirect_to and target is not None:
        reasons = [f"{domain} only redirects to {redirect_to}; takes that platform's verdicts"]
        reasons += list(target.reasons)
        return replace(target, reasons=reasons, redirect_to=redirect_to, ips=ips or target.ips,
                       countries=countries or target.countries, asns=asns or target.asns, cdn=cdn or target.cdn)  # fmt: skip

    v = {
        name: _verdict(verdicts, name)
        for name in ("exchange", "chinese_ui", "cny_onramp", "icp", "geoblocks_cn")
    }
    v["overseas"] = _verdict(facts, "overseas")
    v["blocked_in_cn"] = _verdict(facts, "blocked_in_cn")
    values: dict[str, bool | None] = {name: _value(v[name]) for name in VALUE_FIELDS if name in v}
    reach = site.get("reachable")
    values["reachable"] = None if reach is None else bool(reach)
    values = {name: values.get(name) for name in VALUE_FIELDS}
    candidate = is_candidate(values)

    reasons: list[str] = []
    mode = ui_mode(v["chinese_ui"]) if values["chinese_ui"] is True else "unknown"
    ui_default = mode == "default"
    rails = _rails(v["cny_onramp"]) if values["cny_onramp"] is True else []
    mainland, mainland_url = _mainland_extras(v["icp"])
    mirrors = sorted(
        {
            str(link.get("domain"))
            for link in site.get("linked") or []
            if isinstance(link, Mapping) and link.get("relation") == "mirror"
        }
    )

    # -- reasons, in the order an investigator checks them
    if values["exchange"] is True:
        first = (v["exchange"].get("reasons") or ["crypto-asset trading platform"])[0]
        reasons.append(_line(f"Exchange: {first}", _first_url(v["exchange"])))
    if values["chinese_ui"] is True:
        how = {"default": "default language", "served": "served at a Chinese-language URL",
               "one_click": "one click away: language switcher"}.get(mode, "offered")  # fmt: skip
        reasons.append(_line(f"Simplified-Chinese UI ({how})", _first_url(v["chinese_ui"])))
    if values["cny_onramp"] is True:
        what = f"CNY payment rails: {', '.join(rails)}" if rails else "CNY on-ramp (CNY fiat purchase listed)"
        reasons.append(_line(what, _first_url(v["cny_onramp"])))
    if values["overseas"] is True:
        n = len(ips)
        where = ", ".join(countries) or "abroad"
        asn = f" ({', '.join(asns)})" if asns else ""
        cdn_txt = f" via {', '.join(cdn)}" if cdn else ""
        count = f"all {n} addresses" if n > 1 else ("its only address" if n == 1 else "all addresses")
        reasons.append(f"{count} outside mainland China: {where}{asn}{cdn_txt}")
    elif values["overseas"] is False:
        reasons.append(_line("not overseas: some address is in mainland China", _first_url(v["overseas"])))
    if mainland:
        reasons.append(_line(f"mainland-facing extras: {mainland}", mainland_url))
    if values["chinese_ui"] is True and v["icp"].get("value") is False:
        reasons.append("no ICP filing number shown despite a Chinese UI")
    if mirrors:
        reasons.append(
            f"{len(mirrors)} mirror domain{'s' if len(mirrors) != 1 else ''}: {', '.join(mirrors[:5])}"
        )
    if values["blocked_in_cn"] is True:
        reasons.append(
            _line("already blocked inside China (DNS at the cn vantage)", _first_url(v["blocked_in_cn"]))
        )
    if values["geoblocks_cn"] is True:
        reasons.append(
            _line(
                "turns mainland visitors away (region block at the cn vantage)", _first_url(v["geoblocks_cn"])
            )
        )
    if not candidate:
        missing = [
            label
            for label, ok in (
                ("exchange", values["exchange"] is True),
                ("overseas", values["overseas"] is True),
                ("Chinese UI or CNY on-ramp", values["chinese_ui"] is True or values["cny_onramp"] is True),
            )
            if not ok
        ]
        if values["geoblocks_cn"] is True:
            missing.append("mainland access (it geoblocks China)")
        unknown = [n for n in ("exchange", "overseas", "chinese_ui", "cny_onramp") if values[n] is None]
        note = f"not a candidate: lacks {', '.join(missing)}"
        if unknown:
            note += f" (unknown: {', '.join(unknown)})"
        reasons.insert(0, note)
        why = unreachable_reason(site)
        if why:
            reasons.insert(1, why)
    if redirect_to:
        reasons.append(f"redirects to {redirect_to} (its decision was not available)")

    # -- score
    legs = [
        _conf(v["exchange"]) if values["exchange"] is True else 0.0,
        _conf(v["overseas"]) if values["overseas"] is True else 0.0,
        max(
            _conf(v["chinese_ui"]) if values["chinese_ui"] is True else 0.0,
            _conf(v["cny_onramp"]) if values["cny_onramp"] is True else 0.0,
        ),
    ]
    if candidate:
        core = sum(legs) / 3
        extra = 0.0
        if values["chinese_ui"] is True and values["cny_onramp"] is True:
            extra += 0.25
        if ui_default:
            extra += 0.15
        if values["cny_onramp"] is True:
            extra += 0.20 if rails else 0.05
        if mainland:
            extra += 0.10
        if values["chinese_ui"] is True and v["icp"].get("value") is False:
            extra += 0.05
        extra += min(0.15, 0.05 * len(mirrors))
        if values["blocked_in_cn"] is True:
            extra += 0.10
        strength = 0.6 * core + 0.4 * min(1.0, extra)
        score = 0.5 + 0.5 * max(0.0, min(1.0, strength))
    else:
        nogeo = 1.0 if values["geoblocks_cn"] is not True else 0.0
        score = 0.45 * (sum(legs) + nogeo * (1.0 if any(legs) else 0.0)) / 4
    return Decision(
        candidate=candidate, score=round(score, 4), reasons=reasons, values=values, countries=countries,
        asns=asns, ips=ips, cdn=cdn, redirect_to=redirect_to,
    )  # fmt: skip


def decide_all(
    sites: Mapping[str, Mapping[str, Any]], facts: Mapping[str, Mapping[str, Any] | None]
) -> dict[str, Decision]:
    """Decide every domain, letting redirect-only domains take their target's decision.

    Targets are decided first; a chain (a → b → c) resolves to c; a cycle or a
    target outside ``sites`` falls back to the domain's own evidence.
    """
    out: dict[str, Decision] = {}

    def resolve(domain: str, seen: tuple[str, ...]) -> Decision:
        if domain in out:
            return out[domain]
        site = sites[domain]
        tgt = redirect_target(site)
        target = None
        if tgt and tgt in sites and tgt not in seen:
            target = resolve(tgt, (*seen, domain))
        out[domain] = decide(site, facts.get(domain), target=target)
        return out[domain]

    for domain in sites:
        resolve(domain, ())
    return out
