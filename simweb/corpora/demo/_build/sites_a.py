"""Lanxin (+mirrors), KuaiBit (+old brand), Orbitex, Hengxing, ZenBit, Tianyuan."""
import json

HM = """<script>
var _hmt = _hmt || [];
(function() {
  var hm = document.createElement("script");
  hm.src = "https://hm.baidu.com/hm.js?%s";
  var s = document.getElementsByTagName("script")[0];
  s.parentNode.insertBefore(hm, s);
})();
</script>"""

LANXIN_INDEX = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>蓝鑫交易所 LanXin - 安全可靠的数字资产交易平台</title>
<meta name="keywords" content="蓝鑫,LanXin,比特币,以太坊,USDT,数字货币交易">
<meta name="description" content="蓝鑫交易所为全球用户提供比特币、以太坊等数字资产的币币交易、合约交易与C2C法币交易服务。">
<meta property="og:locale" content="zh_CN">
<meta property="og:title" content="蓝鑫交易所">
<link rel="canonical" href="https://www.lanxinex.com/">
<link rel="stylesheet" href="/static/css/main.css">
%(hm)s
</head>
<body>
<header class="top">
  <a class="logo" href="/"><img src="/static/img/logo.svg" alt="LanXin 蓝鑫"></a>
  <nav>
    <a href="/trade/BTC_USDT">币币交易</a>
    <a href="/contract/">合约交易</a>
    <a href="/otc/">法币交易</a>
    <a href="/finance/">理财宝</a>
    <a href="/notice/">公告中心</a>
  </nav>
  <div class="right">
    <a href="/login">登录</a> <a class="btn" href="/register">注册</a>
    <a href="/download">下载APP</a>
    <div class="lang-menu"><span>简体中文</span>
      <ul><li><a href="/?lang=zh-CN">简体中文</a></li><li><a href="/?lang=zh-TW">繁體中文</a></li><li><a href="/?lang=en">English</a></li><li><a href="/?lang=ja">日本語</a></li><li><a href="/?lang=ko">한국어</a></li></ul>
    </div>
  </div>
</header>
<section class="banner">
  <h1>新用户注册即送 50 USDT 体验金</h1>
  <p>千万级风险准备金 · 冷热钱包分离 · 7×24 小时在线客服</p>
  <a class="btn big" href="/register">立即注册</a>
</section>
<section class="notice-bar">📢 <a href="/notice/2026-11-18">关于蓝鑫上线 SOL/USDT 永续合约的公告</a> <a href="/mirrors.html">最新地址</a></section>
<section class="markets">
  <h2>热门行情</h2>
  <table>
    <thead><tr><th>交易对</th><th>最新价</th><th>24H涨跌</th><th>24H成交量</th></tr></thead>
    <tbody>
      <tr><td>BTC/USDT</td><td>91,842.10</td><td class="up">+1.82%%</td><td>12,488.21 BTC</td></tr>
      <tr><td>ETH/USDT</td><td>3,215.44</td><td class="down">-0.47%%</td><td>188,020.6 ETH</td></tr>
      <tr><td>SOL/USDT</td><td>236.18</td><td class="up">+4.10%%</td><td>902,114 SOL</td></tr>
      <tr><td>DOGE/USDT</td><td>0.4128</td><td class="up">+2.33%%</td><td>1.02亿 DOGE</td></tr>
    </tbody>
  </table>
</section>
<section class="features">
  <div><h3>C2C 快捷买币</h3><p>支持多种付款方式，商家实名认证并缴纳保证金，放币快至 3 分钟。<a href="/otc/">去买币 &gt;</a></p></div>
  <div><h3>合约交易</h3><p>最高 100 倍杠杆，USDT 本位与币本位永续合约。</p></div>
  <div><h3>资产安全</h3><p>多重签名冷钱包存储 95%% 以上用户资产。</p></div>
</section>
<footer>
  <div class="cols">
    <dl><dt>关于</dt><dd><a href="/about">关于我们</a></dd><dd><a href="/join">加入我们</a></dd><dd><a href="/mirrors.html">备用域名</a></dd></dl>
    <dl><dt>条款</dt><dd><a href="/terms">用户协议</a></dd><dd><a href="/privacy">隐私政策</a></dd><dd><a href="/risk">风险提示</a></dd></dl>
    <dl><dt>服务</dt><dd><a href="/fee">费率标准</a></dd><dd><a href="/apply">上币申请</a></dd><dd><a href="/api-docs">API 文档</a></dd></dl>
    <dl><dt>联系我们</dt><dd>在线客服 QQ：3129887450</dd><dd><a href="https://t.me/lanxinex_cn">官方电报群</a></dd><dd>商务合作：bd@lanxinex.com</dd></dl>
  </div>
  <p class="copy">© 2018-2026 LanXin Global Ltd. 版权所有 · 数字资产价格波动较大，请您理性投资</p>
</footer>
</body>
</html>
"""

LANXIN_OTC = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>C2C 法币交易 - 蓝鑫交易所</title><link rel="stylesheet" href="/static/css/main.css">%(hm)s</head>
<body>
<header class="top"><a class="logo" href="/">蓝鑫</a>
<nav><a href="/trade/BTC_USDT">币币交易</a><a href="/contract/">合约交易</a><a class="active" href="/otc/">法币交易</a></nav></header>
<main>
  <div class="tabs"><a class="on" href="/otc/?side=buy&coin=USDT">购买</a><a href="/otc/?side=sell&coin=USDT">出售</a>
    <span>币种：USDT BTC ETH</span> <span>法币：<b>CNY 人民币</b></span></div>
  <table class="ads">
    <thead><tr><th>商家</th><th>单价</th><th>数量 / 限额</th><th>支付方式</th><th></th></tr></thead>
    <tbody>
      <tr><td>鑫诚商行 <small>成交 2381 单 · 完成率 99.2%%</small></td><td>7.26 CNY</td><td>38,120 USDT<br>¥500 - ¥200,000</td><td>银行卡 支付宝 微信支付</td><td><a class="btn" href="/otc/order?ad=88121">购买 USDT</a></td></tr>
      <tr><td>稳稳承兑 <small>成交 955 单 · 完成率 98.7%%</small></td><td>7.27 CNY</td><td>12,004 USDT<br>¥1,000 - ¥50,000</td><td>支付宝</td><td><a class="btn" href="/otc/order?ad=88347">购买 USDT</a></td></tr>
      <tr><td>老王币行 <small>成交 7120 单 · 完成率 99.8%%</small></td><td>7.28 CNY</td><td>102,770 USDT<br>¥10,000 - ¥500,000</td><td>银行卡</td><td><a class="btn" href="/otc/order?ad=87002">购买 USDT</a></td></tr>
    </tbody>
  </table>
  <div class="tips"><h4>交易须知</h4><ol><li>请使用本人实名账户付款，付款备注请勿填写 USDT、币 等敏感字样。</li>
  <li>付款后请及时点击“我已付款”，商家确认收款后自动放币。</li><li>如遇纠纷请联系在线客服申诉。</li></ol></div>
</main>
<footer><p>© 2018-2026 LanXin Global Ltd.</p></footer>
</body></html>
"""

LANXIN_MIRRORS = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>蓝鑫交易所 最新地址 / 备用域名</title>%(hm)s</head>
<body>
<div class="box">
  <h1>蓝鑫交易所 · 最新访问地址</h1>
  <p>由于部分地区网络原因，主域名可能无法正常访问，请收藏以下备用域名，任选其一即可登录，账户资产完全互通：</p>
  <ul class="mirrors">
    <li><a href="https://www.lanxinex.vip/">www.lanxinex.vip</a> <span>（线路一 · 推荐）</span></li>
    <li><a href="https://www.lanxin-ex.top/">www.lanxin-ex.top</a> <span>（线路二 · CDN 加速）</span></li>
    <li><a href="https://www.lx-global.cc/">www.lx-global.cc</a> <span>（线路三）</span></li>
  </ul>
  <p>永久发布页请加入官方电报群获取：<a href="https://t.me/lanxinex_cn">t.me/lanxinex_cn</a></p>
  <p class="warn">谨防假冒网站！蓝鑫官方不会通过私人微信、QQ 向您索要密码或验证码。</p>
  <p><a href="/">返回首页</a></p>
</div>
</body></html>
"""

LANXIN_NOTICE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>公告中心 - 蓝鑫交易所</title></head>
<body><h1>公告中心</h1>
<ul><li><a href="/notice/2026-11-18">关于蓝鑫上线 SOL/USDT 永续合约的公告</a> 2026-11-18</li>
<li><a href="/notice/2026-11-02">关于启用新备用域名的公告</a> 2026-11-02</li>
<li><a href="/notice/2026-10-20">C2C 商家保证金调整通知</a> 2026-10-20</li></ul>
<p><a href="/">返回首页</a></p></body></html>
"""

# ---------------- KuaiBit: JS-only shell ----------------
KUAIBIT_SHELL = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<link rel="icon" href="/favicon.ico">
<title>KuaiBit</title>
<link href="/static/css/app.5e1b7c2a.css" rel="preload" as="style">
<link href="/static/js/app.8c1f2e9d.js" rel="preload" as="script">
<link href="/static/css/app.5e1b7c2a.css" rel="stylesheet">
</head>
<body>
<noscript><strong>We're sorry but KuaiBit doesn't work properly without JavaScript enabled. Please enable it to continue.</strong></noscript>
<div id="app"></div>
<script src="/static/js/app.8c1f2e9d.js"></script>
</body>
</html>
"""

KUAIBIT_APP_JS = r"""/*! kuaibit-web v3.14.2 */
(function () {
  "use strict";
  var API = "https://api.kuaibit.io";
  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    if (attrs) for (var k in attrs) { if (k === "text") n.textContent = attrs[k]; else n.setAttribute(k, attrs[k]); }
    (kids || []).forEach(function (c) { n.appendChild(c); });
    return n;
  }
  function getJSON(u) { return fetch(u, { credentials: "omit" }).then(function (r) { return r.json(); }); }
  var locale = (localStorage.getItem("kb_locale") || "zh-CN");
  Promise.all([
    getJSON("/static/i18n/" + locale + ".json"),
    getJSON(API + "/v1/fiat/currencies"),
    getJSON(API + "/v1/otc/ads?asset=USDT&fiat=CNY&side=buy&page=1")
  ]).then(function (res) {
    var t = res[0], fiat = res[1].data, ads = res[2].data.items;
    document.documentElement.lang = locale;
    document.title = t.title;
    var app = document.getElementById("app");
    var nav = el("nav", { "class": "kb-nav" }, t.nav.map(function (x) { return el("a", { href: x.href, text: x.label }); }));
    var langs = el("select", { "class": "kb-lang" }, t.languages.map(function (x) { return el("option", { value: x.code, text: x.label }); }));
    var hero = el("section", { "class": "kb-hero" }, [el("h1", { text: t.hero.title }), el("p", { text: t.hero.sub }),
      el("a", { "class": "kb-btn", href: "/register", text: t.hero.cta })]);
    var fiatList = el("ul", { "class": "kb-fiat" }, fiat.map(function (f) {
      return el("li", { text: f.symbol + " " + f.name + " — " + f.payMethods.map(function (p) { return p.name; }).join(" / ") });
    }));
    var rows = ads.map(function (a) {
      return el("tr", null, [el("td", { text: a.merchant.nickName }), el("td", { text: a.price + " " + a.fiat }),
        el("td", { text: a.minAmount + " - " + a.maxAmount + " " + a.fiat }),
        el("td", { text: a.payMethods.map(function (p) { return p.name; }).join(" ") }),
        el("td", null, [el("a", { href: "/otc/order/" + a.advNo, text: t.otc.buy })])]);
    });
    var otc = el("section", { "class": "kb-otc" }, [el("h2", { text: t.otc.title }), fiatList,
      el("table", null, [el("thead", null, [el("tr", null, t.otc.cols.map(function (c) { return el("th", { text: c }); }))]), el("tbody", null, rows)])]);
    var foot = el("footer", null, t.footer.map(function (x) { return el("a", { href: x.href, text: x.label }); }));
    app.appendChild(el("header", null, [nav, langs]));
    app.appendChild(hero); app.appendChild(otc); app.appendChild(foot);
  })["catch"](function (e) { console.error("[kb] bootstrap failed", e); });
})();
"""

KUAIBIT_I18N = {
    "title": "快币 KuaiBit - 全球领先的数字资产交易平台",
    "nav": [{"label": "首页", "href": "/"}, {"label": "快捷买币", "href": "/otc/quick"}, {"label": "现货", "href": "/spot/BTC_USDT"},
            {"label": "U本位合约", "href": "/futures/BTCUSDT"}, {"label": "跟单", "href": "/copy-trading"},
            {"label": "资产", "href": "/assets"}, {"label": "登录", "href": "/login"}, {"label": "注册", "href": "/register"}],
    "languages": [{"code": "zh-CN", "label": "简体中文"}, {"code": "zh-TW", "label": "繁體中文"}, {"code": "en", "label": "English"},
                  {"code": "ja", "label": "日本語"}, {"code": "ko", "label": "한국어"}],
    "hero": {"title": "三分钟，用人民币买到第一枚比特币", "sub": "C2C 商家担保交易，支持支付宝、微信支付、银行卡", "cta": "立即注册"},
    "otc": {"title": "C2C 快捷买币", "buy": "购买", "cols": ["商家", "单价", "限额", "支付方式", "操作"]},
    "footer": [{"label": "用户协议", "href": "/terms"}, {"label": "隐私政策", "href": "/privacy"},
               {"label": "风险提示", "href": "/risk"}, {"label": "官方电报群", "href": "https://t.me/kuaibit_zh"},
               {"label": "在线客服", "href": "/support"}],
}

KUAIBIT_FIAT = {"code": "000000", "message": None, "data": [
    {"symbol": "CNY", "name": "人民币", "scale": 2, "payMethods": [{"id": "ALIPAY", "name": "支付宝"}, {"id": "WECHAT", "name": "微信支付"},
                                                                   {"id": "BANK", "name": "银行卡"}]},
    {"symbol": "USD", "name": "美元", "scale": 2, "payMethods": [{"id": "WISE", "name": "Wise"}]},
    {"symbol": "HKD", "name": "港币", "scale": 2, "payMethods": [{"id": "FPS", "name": "转数快"}]},
    {"symbol": "VND", "name": "越南盾", "scale": 0, "payMethods": [{"id": "BANK_VN", "name": "Bank Transfer (Vietnam)"}]},
], "success": True}

KUAIBIT_ADS = {"code": "000000", "data": {"total": 3, "items": [
    {"advNo": "11877365210", "asset": "USDT", "fiat": "CNY", "price": "7.25", "minAmount": "100.00", "maxAmount": "50000.00",
     "merchant": {"nickName": "诚信商家-阿杰", "orders": 3120, "finishRate": 0.993},
     "payMethods": [{"id": "ALIPAY", "name": "支付宝"}, {"id": "WECHAT", "name": "微信支付"}]},
    {"advNo": "11877365388", "asset": "USDT", "fiat": "CNY", "price": "7.26", "minAmount": "1000.00", "maxAmount": "300000.00",
     "merchant": {"nickName": "金牌承兑", "orders": 10588, "finishRate": 0.998},
     "payMethods": [{"id": "BANK", "name": "银行卡"}]},
    {"advNo": "11877366012", "asset": "USDT", "fiat": "CNY", "price": "7.27", "minAmount": "200.00", "maxAmount": "20000.00",
     "merchant": {"nickName": "小鱼OTC", "orders": 488, "finishRate": 0.97},
     "payMethods": [{"id": "ALIPAY", "name": "支付宝"}, {"id": "BANK", "name": "银行卡"}]},
]}, "success": True}

# ---------------- Orbitex: English + /zh-CN/ ----------------
ORBITEX_EN = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Orbitex | Trade Bitcoin, Ethereum and 600+ markets</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Orbitex is a global crypto exchange for spot, margin and perpetual futures trading.">
<link rel="alternate" hreflang="en" href="https://www.orbitex.pro/">
<link rel="alternate" hreflang="zh-Hans" href="https://www.orbitex.pro/zh-CN/">
<link rel="alternate" hreflang="ru" href="https://www.orbitex.pro/ru/">
<link rel="alternate" hreflang="x-default" href="https://www.orbitex.pro/">
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<div class="navbar">
  <a href="/" class="brand">ORBITEX</a>
  <a href="/markets">Markets</a><a href="/spot/BTC-USDT">Spot</a><a href="/futures/BTC-USDT-PERP">Futures</a><a href="/otc/">Buy Crypto</a><a href="/earn">Earn</a>
  <span class="spacer"></span>
  <a href="/login">Log In</a><a class="cta" href="/signup">Sign Up</a>
  <details class="lang"><summary>English</summary>
    <a href="/">English</a><a href="/zh-CN/" lang="zh-Hans">简体中文</a><a href="/ru/" lang="ru">Русский</a><a href="/tr/" lang="tr">Türkçe</a>
  </details>
</div>
<main>
  <h1>Trade crypto with confidence</h1>
  <p>Deep liquidity, 0.08% maker fees and 24/7 multilingual support.</p>
  <table class="tickers"><tr><th>Pair</th><th>Last</th><th>24h</th></tr>
  <tr><td>BTC/USDT</td><td>91,830.5</td><td>+1.79%</td></tr><tr><td>ETH/USDT</td><td>3,214.9</td><td>-0.51%</td></tr>
  <tr><td>TON/USDT</td><td>6.412</td><td>+0.22%</td></tr></table>
</main>
<footer>
  <a href="/legal/terms">Terms of Use</a> · <a href="/legal/privacy">Privacy Notice</a> · <a href="/legal/risk">Risk Disclosure</a> · <a href="/fees">Fees</a>
  <p>Orbitex Ltd., Kingstown, St. Vincent and the Grenadines. © 2026</p>
</footer>
</body>
</html>
"""

ORBITEX_ZH = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>Orbitex 欧比特 | 比特币、以太坊等 600+ 交易对</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="alternate" hreflang="en" href="https://www.orbitex.pro/">
<link rel="alternate" hreflang="zh-Hans" href="https://www.orbitex.pro/zh-CN/">
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<div class="navbar">
  <a href="/zh-CN/" class="brand">ORBITEX</a>
  <a href="/zh-CN/markets">行情</a><a href="/zh-CN/spot/BTC-USDT">现货交易</a><a href="/zh-CN/futures/BTC-USDT-PERP">永续合约</a><a href="/zh-CN/otc/">法币交易</a><a href="/zh-CN/earn">赚币</a>
  <span class="spacer"></span>
  <a href="/zh-CN/login">登录</a><a class="cta" href="/zh-CN/signup">注册</a>
  <details class="lang"><summary>简体中文</summary><a href="/">English</a><a href="/zh-CN/">简体中文</a><a href="/ru/">Русский</a></details>
</div>
<main>
  <h1>放心交易每一枚数字资产</h1>
  <p>深度流动性，挂单手续费低至 0.08%，中文客服全天候在线。</p>
  <p>首次入金？通过 <a href="/zh-CN/otc/">法币交易</a> 用人民币直接购买 USDT。</p>
</main>
<footer>
  <a href="/zh-CN/legal/terms">服务条款</a> · <a href="/zh-CN/legal/privacy">隐私声明</a> · <a href="/zh-CN/legal/risk">风险披露</a>
  <p>Orbitex Ltd. © 2026</p>
</footer>
</body>
</html>
"""

ORBITEX_ZH_OTC = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>法币交易 P2P | Orbitex</title><link rel="stylesheet" href="/assets/site.css"></head>
<body>
<div class="navbar"><a href="/zh-CN/" class="brand">ORBITEX</a><a href="/zh-CN/otc/">法币交易</a></div>
<main>
<h1>P2P 法币交易</h1>
<form class="filter">我要买 <select><option>USDT</option><option>BTC</option></select>
 法币 <select><option selected>CNY</option><option>USD</option><option>RUB</option></select>
 支付方式 <select><option>全部</option><option>支付宝</option><option>微信</option><option>银行卡</option></select></form>
<div class="ad"><b>Apex_OTC</b> 价格 ¥7.24 · 可用 20,115 USDT · 限额 ¥300-¥80,000 · <i>支付宝</i> <i>微信</i></div>
<div class="ad"><b>鸿运来财</b> 价格 ¥7.25 · 可用 8,402 USDT · 限额 ¥1,000-¥30,000 · <i>银行卡</i></div>
<div class="ad"><b>TrustPay</b> 价格 ¥7.25 · 可用 3,190 USDT · 限额 ¥500-¥10,000 · <i>支付宝</i></div>
</main>
</body></html>
"""

ORBITEX_EN_OTC = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Buy Crypto (P2P) | Orbitex</title><link rel="stylesheet" href="/assets/site.css"></head>
<body><div class="navbar"><a href="/" class="brand">ORBITEX</a></div>
<main><h1>P2P Trading</h1>
<p>Buy USDT from verified merchants with local payment methods. Fiat: USD · EUR · RUB · TRY · CNY.</p>
<div class="ad"><b>Apex_OTC</b> Price 7.24 CNY · Limit 300-80,000 CNY · Alipay, WeChat Pay</div>
<div class="ad"><b>EuroDesk</b> Price 0.951 EUR · Limit 50-5,000 EUR · SEPA Instant</div>
</main></body></html>
"""

# ---------------- Hengxing: Accept-Language ----------------
HENGXING_EN = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Hengxing — Spot & Derivatives</title><link rel="stylesheet" href="/css/hx.css"></head>
<body>
<header><a href="/" class="logo">HENGXING</a>
<nav><a href="/spot">Spot</a><a href="/perp">Perpetuals</a><a href="/copy">Copy Trading</a><a href="/launchpad">Launchpad</a></nav>
<a href="/account/login">Log in</a> <a href="/account/register" class="primary">Register</a></header>
<main><h1>Stellar liquidity for every trader</h1>
<p>Trade 400+ tokens with up to 125x leverage. Deposit crypto from any network in minutes.</p>
<ul class="ticker"><li>BTCUSDT 91,851.2</li><li>ETHUSDT 3,216.0</li><li>XRPUSDT 1.4412</li></ul></main>
<footer><a href="/terms">Terms</a> | <a href="/privacy">Privacy</a> | <a href="/risk">Risk Warning</a> © 2026 Hengxing Technology Ltd.</footer>
</body></html>
"""

HENGXING_ZH = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>恒星交易所 — 现货与衍生品交易</title><link rel="stylesheet" href="/css/hx.css"></head>
<body>
<header><a href="/" class="logo">恒星 HENGXING</a>
<nav><a href="/spot">现货</a><a href="/perp">永续合约</a><a href="/copy">跟单交易</a><a href="/launchpad">新币认购</a></nav>
<a href="/account/login">登录</a> <a href="/account/register" class="primary">注册领取盲盒</a></header>
<main><h1>每一位交易者都值得更好的深度</h1>
<p>400+ 币种，最高 125 倍杠杆。支持 TRC20、ERC20、BEP20 等多条公链充值，几分钟即可到账。</p>
<ul class="ticker"><li>BTCUSDT 91,851.2</li><li>ETHUSDT 3,216.0</li><li>XRPUSDT 1.4412</li></ul>
<p class="note">提示：本平台暂不提供法币服务，请通过链上转账充值数字资产。</p></main>
<footer><a href="/terms">服务协议</a> | <a href="/privacy">隐私条款</a> | <a href="/risk">风险提示</a> © 2026 Hengxing Technology Ltd.</footer>
</body></html>
"""

# ---------------- ZenBit: cn. subdomain ----------------
ZENBIT_EN = """<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>ZenBit: Crypto Exchange | Spot, Futures, Earn</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/_next/static/css/8a1c.css"></head>
<body><div id="__next">
<header class="zb-header"><a href="/"><img src="/logo.svg" alt="ZenBit"></a>
<ul><li><a href="/markets">Markets</a></li><li><a href="/trade/BTC_USDT">Trade</a></li><li><a href="/futures">Futures</a></li><li><a href="/earn">Earn</a></li></ul>
<div class="zb-right"><a href="/login">Log In</a><a href="/register" class="zb-btn">Get Started</a>
<a href="https://cn.zenbit.co/" title="中文站">中文</a></div></header>
<section><h1>The calm way to trade crypto</h1><p>Zero-fee spot trading on 120 pairs this month.</p></section>
<footer class="zb-footer"><a href="/terms">Terms of Service</a><a href="/privacy">Privacy Policy</a><a href="/support">Support</a>
<small>© 2026 ZenBit Holdings Ltd. Trading crypto assets involves significant risk.</small></footer>
</div></body></html>
"""

ZENBIT_CN = """<!DOCTYPE html>
<html lang="zh-Hans">
<head><meta charset="UTF-8"><title>ZenBit 禅币 | 数字资产交易平台</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/_next/static/css/8a1c.css">
<link rel="alternate" hreflang="en" href="https://www.zenbit.co/"><link rel="alternate" hreflang="zh-CN" href="https://cn.zenbit.co/"></head>
<body><div id="__next">
<header class="zb-header"><a href="/"><img src="/logo.svg" alt="ZenBit 禅币"></a>
<ul><li><a href="/markets">行情</a></li><li><a href="/trade/BTC_USDT">币币交易</a></li><li><a href="/futures">合约</a></li><li><a href="/c2c/">C2C</a></li></ul>
<div class="zb-right"><a href="/login">登录</a><a href="/register" class="zb-btn">注册</a><a href="https://www.zenbit.co/">English</a></div></header>
<section><h1>平静地交易加密货币</h1><p>本月 120 个现货交易对零手续费。中文社区：<a href="https://t.me/zenbit_chinese">电报群</a>，客服微信：zenbit_kf01</p></section>
<footer class="zb-footer"><a href="/terms">服务条款</a><a href="/privacy">隐私政策</a><a href="/support">帮助中心</a>
<small>© 2026 ZenBit Holdings Ltd. 数字资产交易存在较高风险。</small></footer>
</div></body></html>
"""

ZENBIT_CN_C2C = """<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="UTF-8"><title>C2C 交易 | ZenBit 禅币</title></head>
<body><h1>C2C 交易</h1>
<p>使用人民币向认证商家购买 USDT，平台全程担保。</p>
<table><tr><th>商家</th><th>价格</th><th>限额</th><th>付款方式</th></tr>
<tr><td>ZB_商家07</td><td>¥ 7.26</td><td>¥200 – ¥30,000</td><td>微信支付 · 支付宝</td></tr>
<tr><td>安心兑</td><td>¥ 7.27</td><td>¥5,000 – ¥200,000</td><td>银行转账</td></tr></table>
</body></html>
"""

# ---------------- Tianyuan: ?lang=zh-CN ----------------
TIANYUAN_EN = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Tianyuan Global Exchange</title>
<link rel="alternate" hreflang="zh-CN" href="https://www.tianyuan-ex.com/?lang=zh-CN"></head>
<body>
<div class="top"><b>Tianyuan Global</b>
<a href="/exchange">Exchange</a> <a href="/contract">Contract</a> <a href="/assets">Assets</a>
<span class="langs"><a href="/?lang=en">EN</a> | <a href="/?lang=zh-CN">中文</a> | <a href="/?lang=vi">Tiếng Việt</a></span>
<a href="/user/login">Sign in</a></div>
<h1>Trade the future</h1><p>Over 300 assets with institutional-grade matching engine.</p>
<div class="foot">Service Agreement · Privacy · Contact: support@tianyuan-ex.com</div>
</body></html>
"""

TIANYUAN_ZH = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>天元国际交易所</title></head>
<body>
<div class="top"><b>天元国际</b>
<a href="/exchange">币币</a> <a href="/contract">合约</a> <a href="/assets">我的资产</a>
<span class="langs"><a href="/?lang=en">EN</a> | <a href="/?lang=zh-CN">中文</a> | <a href="/?lang=vi">Tiếng Việt</a></span>
<a href="/user/login">登录</a> <a href="/user/reg">注册</a></div>
<h1>交易未来</h1><p>300 余种数字资产，机构级撮合引擎，充币提币秒级到账。</p>
<div class="foot">服务协议 · 隐私政策 · 风险提示 · 联系邮箱 support@tianyuan-ex.com</div>
</body></html>
"""


NGINX_301 = ("<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n"
             "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
CF_301 = ("<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n"
          "<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n")


def redirect_all(routes, w, host, location, body):
    routes[host] = {"*": {"status": 301, "body": body, "headers": {"Location": location, "Content-Type": "text/html"}}}
    w(host, "robots.txt", "User-agent: *\nDisallow:\n")


def build(w, routes):
    hm = HM % "8f1a3c2b9d0e4f5a6b7c8d9e0f1a2b3c"
    for host in ("www.lanxinex.com", "lanxinex.com", "www.lanxinex.vip", "lanxinex.vip",
                 "lanxin-ex.top", "www.lanxin-ex.top", "www.lx-global.cc", "lx-global.cc"):
        w(host, "index.html", LANXIN_INDEX % {"hm": hm})
        w(host, "otc/index.html", LANXIN_OTC % {"hm": hm})
        w(host, "mirrors.html", LANXIN_MIRRORS % {"hm": hm})
        w(host, "notice/index.html", LANXIN_NOTICE)
        w(host, "static/css/main.css", "body{font-family:'PingFang SC','Microsoft YaHei',sans-serif;margin:0}.top{display:flex;gap:16px}\n")
    # the Cloudflare-fronted mirror is named lanxin-ex.top (apex, CNAME-flattened); its edge name is third-party
    # KuaiBit
    for host in ("www.kuaibit.io",):
        w(host, "index.html", KUAIBIT_SHELL)
        w(host, "static/js/app.8c1f2e9d.js", KUAIBIT_APP_JS)
        w(host, "static/css/app.5e1b7c2a.css", "#app{min-height:100vh}.kb-nav a{margin-right:12px}\n")
        w(host, "static/i18n/zh-CN.json", json.dumps(KUAIBIT_I18N, ensure_ascii=False, indent=1))
    redirect_all(routes, w, "kuaibit.io", "https://www.kuaibit.io/", CF_301)
    api_hdr = {"Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*",
               "Cache-Control": "no-cache"}
    w("api.kuaibit.io", "v1/fiat/currencies.json", json.dumps(KUAIBIT_FIAT, ensure_ascii=False))
    w("api.kuaibit.io", "v1/otc/ads.json", json.dumps(KUAIBIT_ADS, ensure_ascii=False))
    routes["api.kuaibit.io"] = {
        "/v1/fiat/currencies": {"file": "v1/fiat/currencies.json", "headers": api_hdr},
        "/v1/otc/ads": {"file": "v1/otc/ads.json", "headers": api_hdr},
        "*": {"status": 404, "body": "{\"code\":\"404\",\"message\":\"Not Found\",\"data\":null,\"success\":false}",
              "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}},
    }
    for host in ("kuaibi-ex.com", "www.kuaibi-ex.com"):
        redirect_all(routes, w, host, "https://www.kuaibit.io/", NGINX_301)
    # Orbitex
    redirect_all(routes, w, "orbitex.pro", "https://www.orbitex.pro/", NGINX_301)
    w("www.orbitex.pro", "index.html", ORBITEX_EN)
    w("www.orbitex.pro", "en/index.html", ORBITEX_EN)
    w("www.orbitex.pro", "otc/index.html", ORBITEX_EN_OTC)
    w("www.orbitex.pro", "zh-CN/index.html", ORBITEX_ZH)
    w("www.orbitex.pro", "zh-CN/otc/index.html", ORBITEX_ZH_OTC)
    w("www.orbitex.pro", "assets/site.css", ".navbar{display:flex;gap:14px}\n")
    # Hengxing
    for host in ("hengxing.exchange", "www.hengxing.exchange"):
        w(host, "index.html", HENGXING_EN)
        w(host, "index.zh.html", HENGXING_ZH)
        routes[host] = {"/": {"headers": {"Vary": "Accept-Language"}, "accept_language": {"zh": {"file": "index.zh.html"}}}}
    # ZenBit
    redirect_all(routes, w, "zenbit.co", "https://www.zenbit.co/", NGINX_301.replace("nginx", "CloudFront"))
    w("www.zenbit.co", "index.html", ZENBIT_EN)
    w("cn.zenbit.co", "index.html", ZENBIT_CN)
    w("cn.zenbit.co", "c2c/index.html", ZENBIT_CN_C2C)
    # Tianyuan
    for host in ("www.tianyuan-ex.com", "tianyuan-ex.com"):
        w(host, "index.html", TIANYUAN_EN)
        w(host, "index.zh-CN.html", TIANYUAN_ZH)
        routes[host] = {"/?lang=zh-CN": {"file": "index.zh-CN.html"}, "/?lang=en": {"file": "index.html"}}
