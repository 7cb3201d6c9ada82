"""DNS, networks, seeds and listing data of the demo corpus (imported by build.py)."""

NETWORKS = [
    # Singapore
    {"cidr": "43.128.0.0/16", "asn": 132203, "as_name": "TENCENT-NET-AP-CN", "org": "Aceville Pte. Ltd.", "country": "SG", "rir": "apnic"},
    {"cidr": "8.219.0.0/16", "asn": 45102, "as_name": "ALIBABA-CN-NET", "org": "Alibaba Cloud (Singapore) Private Limited", "country": "SG", "rir": "apnic"},
    # United States: CDNs and a VPS provider
    {"cidr": "104.16.0.0/13", "asn": 13335, "as_name": "CLOUDFLARENET", "org": "Cloudflare, Inc.", "country": "US", "rir": "arin"},
    {"cidr": "172.64.0.0/13", "asn": 13335, "as_name": "CLOUDFLARENET", "org": "Cloudflare, Inc.", "country": "US", "rir": "arin"},
    {"cidr": "2606:4700::/32", "asn": 13335, "as_name": "CLOUDFLARENET", "org": "Cloudflare, Inc.", "country": "US", "rir": "arin"},
    {"cidr": "13.32.0.0/15", "asn": 16509, "as_name": "AMAZON-02", "org": "Amazon.com, Inc.", "country": "US", "rir": "arin"},
    {"cidr": "45.76.0.0/16", "asn": 20473, "as_name": "AS-CHOOPA", "org": "Vultr Holdings, LLC", "country": "US", "rir": "arin"},
    # Hong Kong
    {"cidr": "203.198.0.0/16", "asn": 4760, "as_name": "HKTIMS-AP HKT Limited", "org": "HKT Limited", "country": "HK", "rir": "apnic"},
    # Taiwan
    {"cidr": "211.75.0.0/16", "asn": 3462, "as_name": "HINET Data Communication Business Group", "org": "Chunghwa Telecom Co., Ltd.", "country": "TW", "rir": "apnic"},
    # Japan, Korea
    {"cidr": "153.127.0.0/16", "asn": 9370, "as_name": "SAKURA-B SAKURA Internet Inc.", "org": "SAKURA Internet Inc.", "country": "JP", "rir": "apnic"},
    {"cidr": "49.50.160.0/19", "asn": 23576, "as_name": "NBP-AS-KR NAVER Cloud Corp.", "org": "NAVER Cloud Corp.", "country": "KR", "rir": "apnic"},
    # Europe
    {"cidr": "88.198.0.0/16", "asn": 24940, "as_name": "HETZNER-AS", "org": "Hetzner Online GmbH", "country": "DE", "rir": "ripe"},
    {"cidr": "5.79.64.0/18", "asn": 60781, "as_name": "LEASEWEB-NL-AMS-01", "org": "LeaseWeb Netherlands B.V.", "country": "NL", "rir": "ripe"},
    # Mainland China
    {"cidr": "47.92.0.0/14", "asn": 37963, "as_name": "CNNIC-ALIBABA-CN-NET-AP Hangzhou Alibaba Advertising Co.,Ltd.", "org": "Aliyun Computing Co., LTD", "country": "CN", "rir": "apnic"},
    {"cidr": "2402:4e00::/32", "asn": 45090, "as_name": "TENCENT-NET-AP Shenzhen Tencent Computer Systems Company Limited", "org": "Shenzhen Tencent Computer Systems Company Limited", "country": "CN", "rir": "apnic"},
    {"cidr": "119.29.0.0/16", "asn": 45090, "as_name": "TENCENT-NET-AP Shenzhen Tencent Computer Systems Company Limited", "org": "Shenzhen Tencent Computer Systems Company Limited", "country": "CN", "rir": "apnic"},
]

CF_NS = ["ivan.ns.cloudflare.com", "lola.ns.cloudflare.com"]
CF_NS2 = ["kiki.ns.cloudflare.com", "tom.ns.cloudflare.com"]
AWS_NS = ["ns-1123.awsdns-12.org", "ns-371.awsdns-46.com"]
ALI_NS = ["dns9.hichina.com", "dns10.hichina.com"]
DNSPOD_NS = ["f1g1ns1.dnspod.net", "f1g1ns2.dnspod.net"]
GODADDY_NS = ["ns41.domaincontrol.com", "ns42.domaincontrol.com"]

HOSTS = {
    # --- listing services (third-party infrastructure, not labelled) ---
    "api.coingecko.com": {"a": ["104.18.42.178", "172.64.145.46"], "ns": ["ns-1234.awsdns-26.org"]},
    "api.coinpaprika.com": {"a": ["104.18.20.236", "104.18.21.236"], "ns": CF_NS2},

    # --- Lanxin Exchange: main domain poisoned in CN, three mirrors ---
    "lanxinex.com": {"a": ["43.128.17.41", "43.128.17.42"], "ns": DNSPOD_NS,
                     "mx": ["10 mxbiz1.qq.com", "20 mxbiz2.qq.com"],
                     "cn": {"a": ["243.185.187.39"]}},
    "www.lanxinex.com": {"a": ["43.128.17.41", "43.128.17.42"], "cn": {"a": ["243.185.187.39"]}},
    "lanxinex.vip": {"a": ["43.128.52.9"], "ns": DNSPOD_NS},
    "www.lanxinex.vip": {"a": ["43.128.52.9"]},
    "lanxin-ex.top": {"a": ["104.21.44.107", "172.67.181.20"], "ns": CF_NS},
    "www.lanxin-ex.top": {"cname": "www.lanxin-ex.top.cdn.cloudflare.net"},
    "www.lanxin-ex.top.cdn.cloudflare.net": {"a": ["104.21.44.107", "172.67.181.20"],
                                         "aaaa": ["2606:4700:3036::6815:2c6b", "2606:4700:3033::ac43:b514"]},
    "lx-global.cc": {"a": ["43.128.52.10"], "ns": DNSPOD_NS, "cn": {"rcode": "NXDOMAIN"}},
    "www.lx-global.cc": {"a": ["43.128.52.10"], "cn": {"rcode": "NXDOMAIN"}},

    # --- KuaiBit: JS-only zh UI behind Cloudflare, API on CloudFront; old brand redirects ---
    "kuaibit.io": {"a": ["104.18.32.7", "172.64.155.9"], "ns": CF_NS},
    "www.kuaibit.io": {"cname": "www.kuaibit.io.cdn.cloudflare.net"},
    "www.kuaibit.io.cdn.cloudflare.net": {"a": ["104.18.32.7", "172.64.155.9"]},
    "api.kuaibit.io": {"cname": "d2x8k1q9m3zq7e.cloudfront.net"},
    "d2x8k1q9m3zq7e.cloudfront.net": {"a": ["13.32.99.12", "13.32.99.87", "13.32.99.104", "13.32.99.119"]},
    "kuaibi-ex.com": {"a": ["8.219.64.10"], "ns": ALI_NS},
    "www.kuaibi-ex.com": {"a": ["8.219.64.10"]},

    # --- Orbitex: English home, /zh-CN/ switcher, Netherlands ---
    "orbitex.pro": {"a": ["5.79.70.12"], "ns": ["ns1.orbitex.pro", "ns2.orbitex.pro"],
                    "txt": ["v=spf1 include:_spf.google.com ~all"]},
    "www.orbitex.pro": {"a": ["5.79.70.13"]},

    # --- Hengxing: Accept-Language negotiation, Cloudflare with IPv6 ---
    "hengxing.exchange": {"a": ["104.21.7.200", "172.67.133.61"],
                          "aaaa": ["2606:4700:3031::6815:7c8", "2606:4700:3037::ac43:853d"], "ns": CF_NS2},
    "www.hengxing.exchange": {"a": ["104.21.7.200", "172.67.133.61"],
                              "aaaa": ["2606:4700:3031::6815:7c8", "2606:4700:3037::ac43:853d"]},

    # --- ZenBit: Chinese only on cn. subdomain; CloudFront ---
    "zenbit.co": {"a": ["13.33.4.21", "13.33.4.63"], "ns": AWS_NS},
    "www.zenbit.co": {"cname": "d3f0a7h2kq1b9c.cloudfront.net"},
    "cn.zenbit.co": {"cname": "d1m5zq0w7ybx2k.cloudfront.net"},
    "d3f0a7h2kq1b9c.cloudfront.net": {"a": ["13.33.4.21", "13.33.4.63", "13.33.4.77", "13.33.4.102"]},
    "d1m5zq0w7ybx2k.cloudfront.net": {"a": ["13.33.18.5", "13.33.18.41"]},

    # --- Tianyuan: ?lang=zh-CN switcher, CloudFront ---
    "tianyuan-ex.com": {"a": ["13.32.150.4", "13.32.150.66"], "ns": AWS_NS},
    "www.tianyuan-ex.com": {"cname": "d27kq3v8xw0n1p.cloudfront.net"},
    "d27kq3v8xw0n1p.cloudfront.net": {"a": ["13.32.150.4", "13.32.150.66", "13.32.150.90"]},

    # --- Traditional Chinese (HK), Japanese, Korean ---
    "fuyuanex.com.hk": {"a": ["203.198.22.40"], "ns": ["ns1.hkdns.hk", "ns2.hkdns.hk"]},
    "www.fuyuanex.com.hk": {"a": ["203.198.22.40"]},
    "hoshicoin.co.jp": {"a": ["153.127.70.15"], "ns": ["ns1.dns.ne.jp", "ns2.dns.ne.jp"]},
    "www.hoshicoin.co.jp": {"a": ["153.127.70.15"]},
    "hangbit.co.kr": {"a": ["49.50.162.77"], "ns": ["ns1.gabia.co.kr", "ns.gabia.net"]},
    "www.hangbit.co.kr": {"a": ["49.50.162.77"]},

    # --- English-only hard negatives ---
    "northwind.exchange": {"ns": GODADDY_NS, "mx": ["1 aspmx.l.google.com", "5 alt1.aspmx.l.google.com"],
                           "txt": ["v=spf1 include:_spf.google.com ~all", "google-site-verification=q8WmY0b2Kx1r7Lz"]},
    "www.northwind.exchange": {"a": ["45.76.21.90"]},
    "kestrelx.eu": {"a": ["88.198.54.21"], "ns": ["ns1.first-ns.de", "robotns2.second-ns.de"]},
    "www.kestrelx.eu": {"a": ["88.198.54.21"]},
    "tidalbit.com": {"a": ["104.17.60.12", "104.17.61.12"], "ns": CF_NS},
    "www.tidalbit.com": {"a": ["104.17.60.12", "104.17.61.12"]},

    # --- Chinese exchanges, various ---
    "jiudingex.com": {"a": ["43.128.88.130"], "ns": DNSPOD_NS},
    "www.jiudingex.com": {"a": ["43.128.88.130"]},
    "coralx.io": {"a": ["8.219.120.33", "8.219.120.34"], "ns": GODADDY_NS},
    "www.coralx.io": {"a": ["8.219.120.33", "8.219.120.34"]},
    "tongbao.vip": {"a": ["203.198.22.15"], "ns": DNSPOD_NS},
    "www.tongbao.vip": {"a": ["203.198.22.15"]},
    "aurumex.com": {"a": ["104.18.10.33", "104.18.11.33"], "ns": CF_NS2},
    "www.aurumex.com": {"a": ["104.18.10.33", "104.18.11.33"]},
    "polarisx.io": {"a": ["45.76.200.14"], "ns": GODADDY_NS},
    "www.polarisx.io": {"a": ["45.76.200.14"]},
    "yunfan.exchange": {"a": ["43.128.101.16"], "ns": DNSPOD_NS},
    "www.yunfan.exchange": {"a": ["43.128.101.16"]},
    "fengyun-ex.com": {"a": ["8.219.145.7"], "ns": ALI_NS, "cn": {"a": ["31.13.94.37"]}},
    "www.fengyun-ex.com": {"a": ["8.219.145.7"], "cn": {"a": ["31.13.94.37"]}},
    "mingbit.net": {"a": ["203.198.23.7"], "ns": DNSPOD_NS, "cn": {"rcode": "TIMEOUT"}},
    "www.mingbit.net": {"a": ["203.198.23.7"], "cn": {"rcode": "TIMEOUT"}},
    "xinghe-ex.com": {"a": ["43.128.140.22"], "ns": DNSPOD_NS, "cn": {"a": ["47.93.10.8"], "serves": True}},
    "www.xinghe-ex.com": {"a": ["43.128.140.22"], "cn": {"a": ["47.93.10.8"], "serves": True}},
    "baoyuex.com": {"a": ["8.219.33.18"], "ns": ALI_NS},
    "www.baoyuex.com": {"a": ["8.219.33.18"]},
    "api.baoyuex.com": {"a": ["47.92.118.30"]},
    "static.baoyuex.com": {"a": ["47.92.118.31"]},
    "hualian-otc.com": {"a": ["119.29.66.18"], "ns": DNSPOD_NS},
    "www.hualian-otc.com": {"a": ["119.29.66.18"]},
    "jinsha-ex.com": {"a": ["43.128.33.80"], "ns": DNSPOD_NS},
    "www.jinsha-ex.com": {"a": ["43.128.33.80"]},
    "hengtai-otc.com": {"a": ["43.128.200.5"], "ns": DNSPOD_NS},
    "www.hengtai-otc.com": {"a": ["43.128.200.5"]},
    "baibit.cc": {"a": ["45.76.130.2"], "ns": GODADDY_NS},
    "www.baibit.cc": {"a": ["45.76.130.2"]},
    "xn--6stq4p.com": {"a": ["8.219.77.12"], "ns": ALI_NS},
    "www.xn--6stq4p.com": {"a": ["8.219.77.12"]},
    "wanbi.app": {"a": ["203.198.23.44"], "ns": DNSPOD_NS},
    "www.wanbi.app": {"a": ["203.198.23.44"]},

    "dingxin.pro": {"a": ["43.128.77.51"], "aaaa": ["2402:4e00:1013:e500::29"], "ns": DNSPOD_NS},
    "www.dingxin.pro": {"a": ["43.128.77.51"], "aaaa": ["2402:4e00:1013:e500::29"]},
    "taibit.com.tw": {"a": ["211.75.134.18"], "ns": ["dns.hinet.net", "dns2.hinet.net"]},
    "www.taibit.com.tw": {"a": ["211.75.134.18"]},

    # --- failures ---
    "fengbao-ex.net": {"a": ["203.198.23.90"], "ns": DNSPOD_NS},
    "www.fengbao-ex.net": {"a": ["203.198.23.90"]},
    "goldenbit-ex.com": {"rcode": "NXDOMAIN"},
    "www.goldenbit-ex.com": {"rcode": "NXDOMAIN"},
    "heyuanbit.com": {"a": ["45.76.77.77"], "ns": GODADDY_NS},
    "www.heyuanbit.com": {"a": ["45.76.77.77"]},
    "qilinex.net": {"rcode": "TIMEOUT"},
    "www.qilinex.net": {"rcode": "TIMEOUT"},

    # --- not exchanges ---
    "lianshu-tech.cn": {"a": ["47.94.201.14"], "ns": ALI_NS, "mx": ["5 mxw.mxhichina.com", "10 mxn.mxhichina.com"]},
    "www.lianshu-tech.cn": {"a": ["47.94.201.14"]},
    "bitzixun.cn": {"a": ["119.29.154.3"], "ns": DNSPOD_NS},
    "www.bitzixun.cn": {"a": ["119.29.154.3"]},
    "coinkuaixun.com": {"a": ["172.67.140.88", "104.21.19.151"], "ns": CF_NS},
    "www.coinkuaixun.com": {"a": ["172.67.140.88", "104.21.19.151"]},
    "anbaowallet.io": {"a": ["8.219.200.41"], "ns": ALI_NS},
    "www.anbaowallet.io": {"a": ["8.219.200.41"]},
    "jiaoyisuo123.com": {"a": ["104.21.90.5", "172.67.201.14"], "ns": CF_NS2},
    "www.jiaoyisuo123.com": {"a": ["104.21.90.5", "172.67.201.14"]},
}

SEEDS = [
    "lanxinex.com",
    "https://lanxinex.vip/",
    "http://www.Jinsha-Ex.com/",
    "hualian-otc.com",
    "https://heyuanbit.com/",
    "qilinex.net",
    "https://www.fengbao-ex.net/",
    "http://hengtai-otc.com/",
    "www.baibit.cc",
    "https://kuaibi-ex.com/",
    "https://www.lianshu-tech.cn/",
    "bitzixun.cn",
    "https://anbaowallet.io/zh/",
    "https://www.coinkuaixun.com/",
    "jiaoyisuo123.com",
    "https://wanbi.app/",
    "https://cn.zenbit.co/",
]

IMG = "https://coin-images.coingecko.com/markets/images/{n}/small/{f}?{t}"

COINGECKO_PAGE1 = [
    {"id": "kuaibit", "name": "KuaiBit", "year_established": 2020, "country": "Seychelles",
     "description": "KuaiBit is a centralised exchange offering spot and perpetual futures with a P2P fiat market.",
     "url": "https://www.kuaibit.io/?ref=CG123", "image": IMG.format(n=1187, f="kuaibit.png", t=1706864301),
     "has_trading_incentive": False, "trust_score": 8, "trust_score_rank": 14, "trade_volume_24h_btc": 21873.55812400117},
    {"id": "orbitex", "name": "Orbitex", "year_established": 2019, "country": "Saint Vincent and the Grenadines",
     "description": "", "url": "https://orbitex.pro", "image": IMG.format(n=902, f="orbitex.jpg", t=1706864188),
     "has_trading_incentive": False, "trust_score": 8, "trust_score_rank": 19, "trade_volume_24h_btc": 15402.90317722841},
    {"id": "lanxin", "name": "LanXin Exchange", "year_established": 2018, "country": None,
     "description": "LanXin (蓝鑫) is a digital asset exchange with spot, margin and C2C trading.\r\n",
     "url": "https://www.lanxinex.com/?ref=CG123", "image": IMG.format(n=733, f="lanxin.png", t=1706864142),
     "has_trading_incentive": False, "trust_score": 7, "trust_score_rank": 27, "trade_volume_24h_btc": 9310.44721530629},
    {"id": "northwind", "name": "Northwind Exchange", "year_established": 2016, "country": "United States",
     "description": "A U.S.-based, FinCEN-registered exchange for spot trading with USD deposits via ACH and wire.",
     "url": "https://www.northwind.exchange/", "image": IMG.format(n=401, f="northwind.png", t=1706864077),
     "has_trading_incentive": False, "trust_score": 9, "trust_score_rank": 31, "trade_volume_24h_btc": 7744.128399104003},
    {"id": "aurum", "name": "Aurum", "year_established": 2021, "country": "British Virgin Islands",
     "description": "", "url": "https://www.aurumex.com/en?utm_source=coingecko&utm_medium=listing",
     "image": IMG.format(n=1402, f="aurum.png", t=1706864355),
     "has_trading_incentive": False, "trust_score": 7, "trust_score_rank": 38, "trade_volume_24h_btc": 5120.007352917411},
    {"id": "zenbit", "name": "ZenBit", "year_established": 2019, "country": "Seychelles",
     "description": "", "url": "https://zenbit.co/", "image": IMG.format(n=1033, f="zenbit.png", t=1706864240),
     "has_trading_incentive": False, "trust_score": 7, "trust_score_rank": 44, "trade_volume_24h_btc": 4388.620014477105},
    {"id": "hoshicoin", "name": "Hoshi Coin", "year_established": 2017, "country": "Japan",
     "description": "", "url": "https://hoshicoin.co.jp/", "image": IMG.format(n=544, f="hoshicoin.png", t=1706864111),
     "has_trading_incentive": False, "trust_score": 7, "trust_score_rank": 52, "trade_volume_24h_btc": 2911.3098817203},
    {"id": "hangbit", "name": "Hangbit", "year_established": 2018, "country": "South Korea",
     "description": "", "url": "https://www.hangbit.co.kr", "image": IMG.format(n=612, f="hangbit.png", t=1706864120),
     "has_trading_incentive": False, "trust_score": 6, "trust_score_rank": 67, "trade_volume_24h_btc": 1870.5556124},
    {"id": "fuyuan", "name": "FuYuan Exchange", "year_established": 2020, "country": "Hong Kong",
     "description": "", "url": "https://www.fuyuanex.com.hk/zh-hk/", "image": IMG.format(n=1110, f="fuyuan.png", t=1706864270),
     "has_trading_incentive": False, "trust_score": 6, "trust_score_rank": 73, "trade_volume_24h_btc": 1533.9120076114},
    {"id": "tidalbit", "name": "TidalBit", "year_established": 2020, "country": "United Kingdom",
     "description": "", "url": "https://tidalbit.com", "image": IMG.format(n=1250, f="tidalbit.png", t=1706864322),
     "has_trading_incentive": False, "trust_score": 6, "trust_score_rank": 80, "trade_volume_24h_btc": 1202.77104315},
]

COINGECKO_PAGE2 = [
    {"id": "polarisx", "name": "PolarisX", "year_established": 2021, "country": "Seychelles",
     "description": "", "url": "https://www.polarisx.io/", "image": IMG.format(n=1455, f="polarisx.png", t=1706864360),
     "has_trading_incentive": False, "trust_score": 5, "trust_score_rank": 96, "trade_volume_24h_btc": 880.31522093},
    {"id": "goldenbit", "name": "GoldenBit", "year_established": 2018, "country": None,
     "description": "", "url": "https://www.goldenbit-ex.com/", "image": IMG.format(n=760, f="goldenbit.png", t=1706864150),
     "has_trading_incentive": False, "trust_score": None, "trust_score_rank": None, "trade_volume_24h_btc": 640.0191174},
    {"id": "jinsha", "name": "JinSha", "year_established": 2019, "country": "Seychelles",
     "description": "", "url": "http://jinsha-ex.com", "image": IMG.format(n=990, f="jinsha.png", t=1706864215),
     "has_trading_incentive": True, "trust_score": 4, "trust_score_rank": 121, "trade_volume_24h_btc": 512.88174},
    {"id": "bixing", "name": "BiXing", "year_established": 2022, "country": None,
     "description": "", "url": "https://xn--6stq4p.com/", "image": IMG.format(n=1533, f="bixing.png", t=1706864401),
     "has_trading_incentive": False, "trust_score": 4, "trust_score_rank": 133, "trade_volume_24h_btc": 401.5530187},
    {"id": "tianyuan", "name": "Tianyuan Global", "year_established": 2020, "country": "Seychelles",
     "description": "", "url": "https://www.tianyuan-ex.com/?utm_source=coingecko&utm_campaign=listing", "image": IMG.format(n=1201, f="tianyuan.png", t=1706864310),
     "has_trading_incentive": False, "trust_score": 4, "trust_score_rank": 140, "trade_volume_24h_btc": 377.1402},
    {"id": "hengxing", "name": "Hengxing", "year_established": 2021, "country": None,
     "description": "", "url": "https://hengxing.exchange/", "image": IMG.format(n=1470, f="hengxing.png", t=1706864366),
     "has_trading_incentive": False, "trust_score": 3, "trust_score_rank": 158, "trade_volume_24h_btc": 250.77315},
    {"id": "coral", "name": "Coral Exchange", "year_established": 2021, "country": "Singapore",
     "description": "Coral is a Singapore-operated spot exchange with card and local payment on-ramps.",
     "url": "https://www.coralx.io/en/?ref=cg_listing", "image": IMG.format(n=1322, f="coral.png", t=1706864340),
     "has_trading_incentive": False, "trust_score": 3, "trust_score_rank": 166, "trade_volume_24h_btc": 201.04312},
    {"id": "fengyun", "name": "FengYun", "year_established": 2019, "country": None,
     "description": "", "url": "https://fengyun-ex.com/#/home", "image": IMG.format(n=1002, f="fengyun.png", t=1706864222),
     "has_trading_incentive": False, "trust_score": 3, "trust_score_rank": 171, "trade_volume_24h_btc": 188.9},
    {"id": "taibit", "name": "TaiBit", "year_established": 2018, "country": "Taiwan",
     "description": "", "url": "https://www.taibit.com.tw/zh-TW", "image": IMG.format(n=702, f="taibit.png", t=1706864139),
     "has_trading_incentive": False, "trust_score": 3, "trust_score_rank": 178, "trade_volume_24h_btc": 140.2203},
    {"id": "jiuding", "name": "JiuDing", "year_established": 2020, "country": None,
     "description": "", "url": "https://WWW.JiuDingEx.com/", "image": IMG.format(n=1177, f="jiuding.png", t=1706864299),
     "has_trading_incentive": False, "trust_score": 2, "trust_score_rank": 190, "trade_volume_24h_btc": 96.1148},
]

USD_Q = lambda v: {"reported_volume_24h": v, "adjusted_volume_24h": round(v * 0.82), "reported_volume_7d": v * 7,
                   "adjusted_volume_7d": round(v * 7 * 0.82), "reported_volume_30d": v * 30, "adjusted_volume_30d": round(v * 30 * 0.82)}


def _pap(id_, name, typ, site, fiats, adj, rep, cur, mkts, vol, twitter=None, desc=None, message="", active=True):
    return {"id": id_, "name": name, "type": typ, "active": active, "website_status": active, "api_status": active,
            "description": desc, "message": message,
            "links": {"website": site, "twitter": [twitter] if twitter else []},
            "markets_data_fetched": active, "adjusted_rank": adj, "reported_rank": rep,
            "currencies": cur, "markets": mkts, "fiats": fiats, "quotes": {"USD": USD_Q(vol)},
            "last_updated": "2026-11-21T14:05:12Z"}


def _extra(entry, confidence, sessions):
    """Fields live responses carry beyond the documented schema (see reference NOTES.md)."""
    entry["confidence_score"] = confidence
    entry["sessions_per_month"] = sessions
    return entry


CNY = {"name": "Chinese Yuan", "symbol": "CNY"}
USD = {"name": "US Dollars", "symbol": "USD"}
EUR = {"name": "Euro", "symbol": "EUR"}
HKD = {"name": "Hong Kong Dollar", "symbol": "HKD"}

COINPAPRIKA = [
    _extra(_pap("lanxin-exchange", "LanXin Exchange", ["cex", "spot"], ["http://lanxinex.com"], [CNY, USD], 31, 22, 288, 402, 118402331,
         "https://twitter.com/lanxinex", "LanXin is a Seychelles-registered exchange popular with Chinese-speaking traders."), 0.71, 1840000),
    _pap("orbitex", "Orbitex", ["cex", "spot", "perpetuals"], ["https://www.orbitex.pro/en/"], [USD, EUR, CNY], 24, 30, 351, 610, 190220173,
         "https://twitter.com/orbitex_global"),
    _pap("northwind-exchange", "Northwind Exchange", ["cex", "spot"], ["https://northwind.exchange"], [USD], 28, 41, 96, 212, 99102887,
         "https://twitter.com/northwindx", "U.S. regulated spot exchange."),
    _pap("kestrelx", "KestrelX", ["cex", "spot"], ["https://www.kestrelx.eu/"], [EUR, USD], 47, 52, 140, 233, 40112005,
         "https://twitter.com/kestrelx_eu", "EU exchange with SEPA deposits."),
    _pap("tongbao", "TongBao", ["cex", "spot", "otc"], ["https://www.tongbao.vip/"], [CNY], 88, 61, 120, 151, 8811040, None, None),
    _pap("xinghe", "XingHe", ["cex", "spot"], ["xinghe-ex.com"], [], 102, 77, 80, 96, 4120991, None, None),
    _pap("baoyu", "BaoYu", ["cex", "spot"], ["https://www.baoyuex.com"], [CNY, USD], 115, 90, 66, 88, 3398112, None, None),
    _pap("mingbit", "MingBit", ["cex", "spot"], ["https://mingbit.net/"], [], 120, 84, 75, 102, 2950440, None, None),
    _pap("yunfan", "YunFan", ["cex", "spot", "perpetuals"], ["https://www.yunfan.exchange/zh-CN"], [CNY], 97, 70, 155, 201, 6120772,
         "https://twitter.com/yunfan_ex"),
    _pap("coral-exchange", "Coral Exchange", ["cex", "spot"], ["https://coralx.io"], [USD, {"name": "Singapore Dollar", "symbol": "SGD"}, CNY],
         74, 80, 110, 160, 12022170, "https://twitter.com/coralx_io"),
    _extra(_pap("kuaibit", "KuaiBit", ["cex", "spot", "perpetuals"], ["https://kuaibit.io?utm_source=coinpaprika&utm_medium=referral"], [CNY, USD],
         19, 15, 402, 780, 301220455, "https://twitter.com/kuaibit_global"), 0.83, 6120000),
    _pap("tidalbit", "TidalBit", ["cex", "spot"], ["https://www.tidalbit.com/"], [USD, EUR, {"name": "British Pound", "symbol": "GBP"}],
         66, 71, 88, 130, 15110203, "https://twitter.com/tidalbit"),
    _pap("fuyuan", "FuYuan Exchange", ["cex", "spot"], ["https://fuyuanex.com.hk"], [HKD, USD], 130, 99, 40, 55, 1772010, None, None),
    _pap("bixing", "BiXing", ["cex", "spot"], ["https://币星.com"], [CNY], 140, 101, 52, 60, 1210339, None, None),
    _pap("dingxin", "DingXin", ["cex", "spot"], ["https://www.dingxin.pro/"], [CNY, USD], 109, 88, 90, 120, 3811020, None, None),
    _pap("goldenbit", "GoldenBit", ["cex"], [], [], None, None, 0, 0, 0, None, None, "Exchange inactive", active=False),
]
