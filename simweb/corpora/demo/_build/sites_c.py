"""Second-level pages the probe follows (OTC/C2C/fiat, buy, download) and the KuaiBit SPA fallback."""


def otc_page(title, brand, rows, note, lang="zh-CN"):
    trs = "\n".join("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td><a href=\"#\">购买</a></td></tr>" % r for r in rows)
    return """<!DOCTYPE html>
<html lang="%s">
<head><meta charset="utf-8"><title>%s - %s</title></head>
<body>
<div class="hd"><a href="/">%s</a> <a href="/">首页</a></div>
<h1>%s</h1>
<div class="filter">购买 USDT ｜ 出售 USDT　　法币：人民币 (CNY)</div>
<table><tr><th>商家</th><th>单价</th><th>限额</th><th>支付方式</th><th></th></tr>
%s
</table>
<p class="tip">%s</p>
</body></html>
""" % (lang, title, brand, brand, title, trs, note)


def build(w, routes):
    for h in ("www.baoyuex.com", "baoyuex.com"):
        w(h, "c2c/index.html", otc_page("C2C 交易", "宝裕", [
            ("宝裕优选商家", "7.25 CNY", "¥100 - ¥50,000", "支付宝 微信"),
            ("鑫源OTC", "7.26 CNY", "¥2,000 - ¥200,000", "银行卡")],
            "平台冻结商家保证金，交易全程担保。请勿在转账备注中填写任何数字货币相关字样。"))
    for h in ("dingxin.pro", "www.dingxin.pro"):
        w(h, "otc/index.html", otc_page("OTC 买币", "鼎信", [
            ("鼎信承兑一部", "7.24", "¥500-¥100,000", "银行卡 / 支付宝"),
            ("小周", "7.26", "¥100-¥5,000", "微信支付")],
            "付款时间 15 分钟，超时自动取消。"))
    for h in ("xinghe-ex.com", "www.xinghe-ex.com"):
        w(h, "otc/index.html", otc_page("OTC 交易区", "星河", [
            ("星河自营", "7.25", "¥1,000-¥500,000", "银行卡"),
            ("极速兑", "7.26", "¥100-¥20,000", "支付宝")],
            "国内专线：如访问缓慢，请切换线路或下载 APP。"))
    for h in ("xn--6stq4p.com", "www.xn--6stq4p.com"):
        w(h, "otc/index.html", otc_page("OTC 买币", "币星", [
            ("币星商家-A", "7.25", "¥200-¥30,000", "支付宝"),
            ("币星商家-B", "7.26", "¥1,000-¥100,000", "银行卡")],
            "首次购买需完成初级实名认证。"))
    for h in ("www.yunfan.exchange", "yunfan.exchange"):
        w(h, "otc/index.html", otc_page("法币交易", "云帆", [
            ("云帆认证商家 88", "7.25", "¥100-¥50,000", "支付宝 / 微信"),
            ("风帆OTC", "7.27", "¥5,000-¥300,000", "银行卡")],
            "如遇到付款问题，请联系在线客服或官方电报群 @yunfan_cn。"))
    for h in ("mingbit.net", "www.mingbit.net"):
        w(h, "fiat/index.html", otc_page("法币交易", "明币", [
            ("明币金牌商家", "7.25", "¥300-¥80,000", "支付宝 / 微信 / 银行卡"),
            ("阿明", "7.26", "¥100-¥10,000", "微信")],
            "商家需缴纳 10,000 USDT 保证金方可发布广告。"))
    for h in ("hualian-otc.com", "www.hualian-otc.com"):
        w(h, "buy/index.html", otc_page("我要买 USDT", "华联OTC", [
            ("华联自营", "7.23", "¥50,000-¥2,000,000", "银行卡"),
            ("诚信兑 888", "7.24", "¥1,000-¥100,000", "微信 · 支付宝"),
            ("顺达", "7.24", "¥10,000-¥500,000", "银行卡")],
            "大额交易请提前联系客服预约。"))
        w(h, "agreement/index.html", """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>用户协议 - 华联OTC</title></head>
<body><h1>华联OTC 用户协议</h1><p>用户通过本平台与其他用户进行 USDT 点对点交易，本平台仅提供信息撮合与担保服务。</p>
<p>用户承诺资金来源合法，不得利用本平台从事洗钱、电信诈骗等违法活动。</p></body></html>
""")
    for h in ("hengtai-otc.com", "www.hengtai-otc.com"):
        w(h, "buy.html", """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk" /><title>买币 - 恒泰承兑</title></head>
<body><table width="980" align="center"><tr><td><a href="/">首页</a> | 买币</td></tr>
<tr><td><h2>USDT 买入</h2><p>当前单价：7.24 元 / USDT　最低 1000 元起</p>
<p>付款方式：工商银行、建设银行、招商银行转账，支付宝，微信。付款成功后 5 分钟内到账。</p></td></tr></table></body></html>
""", enc="gbk")
        routes[h]["/buy.html"] = {"headers": {"Content-Type": "text/html; charset=gbk"}}
    for h in ("tidalbit.com", "www.tidalbit.com"):
        w(h, "buy/index.html", """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Buy crypto with card | TidalBit</title></head>
<body><div class="nav"><a href="/">TidalBit</a></div>
<h1>Buy crypto instantly</h1>
<p>Pay with Visa or Mastercard debit cards, Apple Pay or Google Pay. Supported currencies: GBP, EUR, USD.</p>
<p>Alipay, WeChat Pay and UnionPay are not supported.</p></body></html>
""")
    for h in ("anbaowallet.io", "www.anbaowallet.io"):
        w(h, "zh/download/index.html", """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>下载安宝钱包</title></head>
<body><h1>下载安宝钱包</h1>
<ul><li><a href="https://apps.apple.com/app/id6447012345">App Store 下载</a>（需使用非中国大陆地区 Apple ID）</li>
<li><a href="/download/anbao-wallet-3.8.2.apk">Android APK 下载</a> v3.8.2 · 86.4 MB · SHA256 校验</li>
<li><a href="https://chromewebstore.google.com/detail/anbao-wallet/">Chrome 插件</a></li></ul>
<p>安装后请立即备份助记词（12 个英文单词），并抄写在纸上离线保存。任何人索要助记词都是诈骗！</p>
</body></html>
""")
        w(h, "zh/security/index.html", """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>安全中心 - 安宝钱包</title></head>
<body><h1>安全中心</h1><p>私钥与助记词只保存在您的设备上。安宝钱包已通过 SlowMist 安全审计。</p></body></html>
""")
    # KuaiBit is a history-mode SPA: every unknown path serves the shell; static assets are real files
    routes["www.kuaibit.io"] = {
        "/static/js/app.8c1f2e9d.js": {}, "/static/css/app.5e1b7c2a.css": {}, "/static/i18n/zh-CN.json": {},
        "/favicon.ico": {"status": 204, "body": ""},
        "*": {"file": "index.html", "headers": {"Content-Type": "text/html; charset=utf-8"}},
    }
