"""Fetch every case of the demo corpus through simweb (both vantages) with curl and print what a client sees."""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent.parent.parent))
from simweb.testing import curl, serve  # noqa: E402

CASES = [
    ("intl", "https://www.lanxinex.com/", []), ("cn", "https://www.lanxinex.com/", []),
    ("intl", "https://www.lanxinex.com/otc/", []), ("cn", "https://www.lanxinex.vip/mirrors.html", []),
    ("cn", "https://www.lx-global.cc/", []), ("intl", "https://www.lanxin-ex.top/", []), ("intl", "https://lanxin-ex.top/", []),
    ("intl", "https://www.kuaibit.io/?ref=CG123", []), ("intl", "https://kuaibit.io/", []),
    ("intl", "https://api.kuaibit.io/v1/otc/ads?asset=USDT&fiat=CNY&side=buy&page=1", []),
    ("intl", "https://api.kuaibit.io/v1/fiat/currencies", []), ("intl", "https://www.kuaibit.io/static/i18n/zh-CN.json", []),
    ("intl", "https://kuaibi-ex.com/", []), ("intl", "https://orbitex.pro", []), ("intl", "https://www.orbitex.pro/zh-CN/", []),
    ("intl", "https://hengxing.exchange/", []), ("intl", "https://hengxing.exchange/", ["-H", "Accept-Language: zh-CN,zh;q=0.9"]),
    ("intl", "https://www.tianyuan-ex.com/?lang=zh-CN", []), ("intl", "https://www.tianyuan-ex.com/?utm_source=coingecko&utm_campaign=listing", []),
    ("intl", "https://cn.zenbit.co/c2c/", []),
    ("intl", "https://www.aurumex.com/", []), ("cn", "https://www.aurumex.com/", []), ("cn", "https://www.aurumex.com/p2p/", []),
    ("cn", "https://www.polarisx.io/", []), ("cn", "https://www.yunfan.exchange/", []), ("cn", "https://www.yunfan.exchange/cn/", []),
    ("cn", "https://fengyun-ex.com/", []), ("cn", "https://mingbit.net/", []), ("cn", "https://xinghe-ex.com/", []),
    ("intl", "https://api.baoyuex.com/v1/market/tickers", []), ("intl", "http://www.jinsha-ex.com/", []),
    ("intl", "https://www.fengbao-ex.net/", []), ("intl", "https://goldenbit-ex.com/", []), ("intl", "https://heyuanbit.com/", []),
    ("intl", "https://qilinex.net/", ["--max-time", "8"]),
    ("intl", "http://hengtai-otc.com/", []), ("intl", "http://www.baibit.cc/", []), ("intl", "https://xn--6stq4p.com/", []),
    ("intl", "https://www.coralx.io/en/buy-crypto/", []), ("intl", "https://www.coralx.io/api/v1/fiat/currencies", []),
    ("intl", "https://api.coingecko.com/api/v3/exchanges?per_page=250&page=1", []),
    ("intl", "https://api.coingecko.com/api/v3/exchanges?page=2&per_page=250", []),
    ("intl", "https://api.coingecko.com/api/v3/exchanges?per_page=250&page=3", []),
    ("intl", "https://api.coingecko.com/api/v3/exchanges?per_page=250&page=9", []),
    ("intl", "https://api.coinpaprika.com/v1/exchanges", []),
]

with serve(ROOT, dns_timeout_s=1.0) as ep:
    for vantage, url, args in CASES:
        r = curl(ep, vantage, url, *args, timeout=30)
        body = r.body
        ct = r.headers.get("content-type", "")
        if "gbk" in ct or b"charset=gbk" in body[:400]:
            text = body.decode("gbk", "replace")
        else:
            text = body.decode("utf-8", "replace")
        if "json" in ct:
            try:
                j = json.loads(body)
                text = "JSON %s len=%s" % (type(j).__name__, len(j))
            except Exception as e:
                text = "BADJSON %s" % e
        import re
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        print("%-4s %-3s %5.1fs %-70s %s | %s | %s" % (vantage, r.status, r.seconds, url[:70], ct[:32],
              r.headers.get("location") or r.proxy_status or "", (title.group(1) if title else text[:60]).replace("\n", " ")))
