"""Other-language and English exchanges, more Chinese exchanges (blocks, DNS cases, hosting cases)."""
import json

FUYUAN = """<!DOCTYPE html>
<html lang="zh-Hant-HK">
<head><meta charset="utf-8"><title>富源交易所 FuYuan | 香港數字資產交易平台</title>
<meta property="og:locale" content="zh_HK"><meta name="viewport" content="width=device-width"></head>
<body>
<header><a href="/zh-hk/">富源 FuYuan</a>
<nav><a href="/zh-hk/markets">市場行情</a><a href="/zh-hk/spot">幣幣交易</a><a href="/zh-hk/wallet">我的資產</a><a href="/zh-hk/deposit-hkd">港元入金</a></nav>
<a href="/zh-hk/login">登入</a> <a href="/zh-hk/signup">註冊帳戶</a>
<div class="lang">語言：<a href="/zh-hk/">繁體中文</a> | <a href="/en/">English</a></div></header>
<main>
<h1>專業、合規、穩健的數字資產交易</h1>
<p>支援以港元透過轉數快（FPS）及本地銀行轉帳入金，最快 15 分鐘到帳。所有客戶資產均存放於獨立託管帳戶。</p>
<p>現貨交易手續費 0.15%，支援限價單與市價單；提幣 24 小時處理。</p>
<table><tr><th>交易對</th><th>最新價</th><th>24小時漲跌</th></tr>
<tr><td>BTC/HKD</td><td>714,822</td><td>+1.6%</td></tr><tr><td>ETH/HKD</td><td>25,031</td><td>-0.4%</td></tr><tr><td>BTC/USDT</td><td>91,844</td><td>+1.8%</td></tr></table>
<p>投資涉及風險，數字資產價格可升可跌，甚至變得毫無價值。請閱讀<a href="/zh-hk/risk">風險披露聲明</a>。</p>
</main>
<footer>富源數字資產有限公司 · 香港九龍尖沙咀廣東道 30 號新港中心 2 座 18 樓 · 客戶服務：+852 3001 8822 · <a href="/zh-hk/privacy">私隱政策</a> · <a href="/zh-hk/terms">服務條款</a></footer>
</body></html>
"""

FUYUAN_EN = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>FuYuan Exchange | Hong Kong</title></head>
<body><header><a href="/en/">FuYuan</a> <a href="/en/spot">Spot</a> <a href="/en/deposit-hkd">HKD Deposit</a> <a href="/zh-hk/">繁體中文</a></header>
<h1>Professional digital asset trading in Hong Kong</h1><p>Deposit HKD via FPS or local bank transfer.</p>
<footer>FuYuan Digital Assets Limited, Harbour City, Tsim Sha Tsui, Kowloon, Hong Kong</footer></body></html>
"""

HOSHI = """<!DOCTYPE html>
<html lang="ja">
<head><meta charset="UTF-8"><title>ほしコイン｜暗号資産（仮想通貨）取引所</title>
<meta name="description" content="ほしコインは金融庁登録済みの暗号資産交換業者です。ビットコインを500円から購入できます。"></head>
<body>
<header><a href="/">ほしコイン</a>
<nav><a href="/market/">相場・チャート</a><a href="/exchange/">取引所</a><a href="/sales/">販売所</a><a href="/deposit/">日本円入金</a><a href="/guide/">はじめての方へ</a></nav>
<a href="/login/">ログイン</a> <a href="/signup/" class="btn">無料で口座開設</a>
<span class="lang">日本語 / <a href="/en/">English</a></span></header>
<main>
<h1>ビットコインを、もっと身近に。</h1>
<p>最短即日で取引開始。スマホアプリでいつでもどこでも暗号資産の売買ができます。</p>
<ul><li>BTC/JPY ¥14,220,400</li><li>ETH/JPY ¥497,210</li><li>XRP/JPY ¥223.4</li></ul>
<p>日本円の入金は銀行振込・クイック入金（ペイジー）に対応しています。</p>
<h2>取引所（板取引）</h2>
<p>ユーザー同士で指値・成行注文ができる板取引。取引手数料は Maker -0.01%／Taker 0.12%。</p>
<table><tr><th>銘柄</th><th>買い</th><th>売り</th></tr><tr><td>BTC/JPY</td><td>14,219,800</td><td>14,221,100</td></tr><tr><td>ETH/JPY</td><td>497,050</td><td>497,380</td></tr></table>
</main>
<footer>株式会社ほしコイン　暗号資産交換業者　関東財務局長 第00041号　｜　<a href="/terms/">利用規約</a>　｜　<a href="/privacy/">個人情報保護方針</a>　｜　東京都渋谷区道玄坂1-12-1</footer>
</body></html>
"""

HANGBIT = """<!DOCTYPE html>
<html lang="ko">
<head><meta charset="utf-8"><title>항빗 HANGBIT - 믿을 수 있는 디지털 자산 거래소</title></head>
<body>
<header><a href="/">HANGBIT 항빗</a>
<nav><a href="/exchange">거래소</a><a href="/balances">입출금</a><a href="/investments">투자내역</a><a href="/trends">코인동향</a><a href="/support">고객센터</a></nav>
<a href="/signin">로그인</a> <a href="/signup">회원가입</a></header>
<main><h1>가장 안전한 디지털 자산 거래</h1>
<p>원화(KRW) 입금은 실명 확인 입출금 계정(케이뱅크)으로만 가능합니다.</p>
<table><tr><th>코인명</th><th>현재가</th><th>전일대비</th></tr><tr><td>비트코인 BTC/KRW</td><td>134,512,000</td><td>+1.72%</td></tr>
<tr><td>이더리움 ETH/KRW</td><td>4,701,000</td><td>-0.38%</td></tr>
<tr><td>리플 XRP/KRW</td><td>2,061</td><td>+0.92%</td></tr></table>
<p>원화 마켓 · BTC 마켓 · USDT 마켓 | 지정가·시장가 매수/매도 주문 지원 | 거래 수수료 0.05%</p></main>
<footer>(주)항빗 | 서울특별시 강남구 테헤란로 142 | 가상자산사업자 신고번호 2021-11 | <a href="/terms">이용약관</a> | <a href="/privacy">개인정보처리방침</a></footer>
</body></html>
"""

NORTHWIND = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Northwind Exchange — Buy, sell and store crypto in the U.S.</title></head>
<body>
<nav><a href="/">Northwind</a> <a href="/prices">Prices</a> <a href="/trade">Advanced Trade</a> <a href="/institutions">Institutions</a> <a href="/learn">Learn</a>
<a href="/signin">Sign in</a> <a href="/signup">Create account</a></nav>
<h1>Crypto, made for Americans.</h1>
<p>Fund your account with ACH bank transfer, wire or debit card. Available in 47 U.S. states.</p>
<table><tr><th>Asset</th><th>Price (USD)</th><th>24h change</th><th></th></tr>
<tr><td>Bitcoin BTC</td><td>$91,838.20</td><td>+1.8%</td><td><a href="/trade/BTC-USD">Trade</a></td></tr>
<tr><td>Ethereum ETH</td><td>$3,214.07</td><td>-0.5%</td><td><a href="/trade/ETH-USD">Trade</a></td></tr>
<tr><td>USD Coin USDC</td><td>$1.00</td><td>0.0%</td><td><a href="/trade/USDC-USD">Trade</a></td></tr></table>
<h2>Advanced Trade</h2>
<p>Real-time order book, limit, stop-limit and post-only orders. Fees from 0.25% maker / 0.40% taker, lower with 30-day volume.</p>
<p>Deposit and withdraw USD any business day; crypto withdrawals are processed 24/7.</p>
<footer>Northwind Exchange, Inc. is registered with FinCEN as a Money Services Business (MSB). NMLS ID 2211409. 1 Market St, San Francisco, CA. <a href="/legal/user-agreement">User Agreement</a> <a href="/legal/privacy">Privacy</a></footer>
</body></html>
"""

KESTREL = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>KestrelX – Europe's friendly crypto exchange</title></head>
<body>
<header><a href="/">KestrelX</a> <a href="/markets">Markets</a> <a href="/trade">Trade</a> <a href="/staking">Staking</a> <a href="/login">Log in</a> <a href="/register">Register</a>
<label>Display currency <select id="ccy"><option>EUR €</option><option>USD $</option><option>GBP £</option><option selected>CNY ¥</option><option>JPY ¥</option></select></label></header>
<h1>Trade 150+ cryptoassets</h1>
<table class="markets"><tr><th>Market</th><th>Last price</th><th>≈ Display</th></tr>
<tr><td>BTC/EUR</td><td>€87,412.50</td><td>≈ ¥ 688,113.20</td></tr>
<tr><td>ETH/EUR</td><td>€3,061.40</td><td>≈ ¥ 24,098.77</td></tr>
<tr><td>SOL/EUR</td><td>€224.90</td><td>≈ ¥ 1,770.42</td></tr></table>
<p>Prices in the display currency are indicative only. Deposits and withdrawals: SEPA and SEPA Instant (EUR) only.</p>
<footer>KestrelX GmbH, Friedrichstraße 68, 10117 Berlin · Imprint · Terms · Privacy · Registered crypto-asset service provider under MiCA</footer>
</body></html>
"""

TIDAL = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>TidalBit | Crypto exchange</title></head>
<body>
<div class="nav"><a href="/">TidalBit</a> <a href="/markets">Markets</a> <a href="/spot">Spot</a> <a href="/buy">Buy crypto</a> <a href="/login">Login</a></div>
<h1>Ride the tide</h1>
<p>Spot trading on 90+ pairs with GBP, EUR and USD deposits.</p>
<table class="markets"><tr><th>Market</th><th>Price</th><th>24h volume</th><th></th></tr>
<tr><td>BTC/GBP</td><td>£72,410.00</td><td>£18.2m</td><td><a href="/spot/BTC-GBP">Trade</a></td></tr>
<tr><td>ETH/GBP</td><td>£2,534.12</td><td>£6.9m</td><td><a href="/spot/ETH-GBP">Trade</a></td></tr>
<tr><td>SOL/USDT</td><td>236.20</td><td>$4.1m</td><td><a href="/spot/SOL-USDT">Trade</a></td></tr></table>
<p>Maker 0.10% · Taker 0.20% · Free GBP deposits via Faster Payments.</p>
<h2>Payment methods</h2>
<p>Visa and Mastercard debit cards, Faster Payments, SEPA, ACH. We do not accept Alipay, WeChat Pay or UnionPay cards, and we do not offer services in mainland China.</p>
<footer>TidalBit Ltd, London EC2A · Terms · Privacy · Cookie policy</footer>
</body></html>
"""

JIUDING = """<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>九鼎交易所 JiuDing Exchange</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body>
<div class="header"><a href="/" class="logo">九鼎 JIUDING</a>
<a href="/market">市场</a><a href="/trade/spot">现货交易</a><a href="/trade/swap">永续合约</a><a href="/wallet/deposit">充币</a><a href="/wallet/withdraw">提币</a>
<a href="/user/login">登录</a><a href="/user/register">注册</a><a href="/app">APP下载</a></div>
<div class="hero"><h2>一鼎千金，稳健交易</h2><p>专注数字资产现货与合约交易六年，累计服务用户 300 万+</p></div>
<div class="faq"><h3>充值说明</h3>
<p>本平台不支持支付宝、微信支付及银行卡等法币入金，仅支持 USDT、BTC、ETH 等数字资产链上充值。请勿相信任何自称平台客服的"代充""承兑"服务。</p>
<h3>联系我们</h3><p>官方客服邮箱：service@jiudingex.com　电报：@jiuding_official</p></div>
<div class="footer">九鼎国际有限公司 ©2026　<a href="/agreement">用户协议</a>　<a href="/privacy">隐私条款</a>　<a href="/risk">风险提示</a></div>
</body></html>
"""

CORAL = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Coral Exchange — Buy & trade crypto</title></head>
<body>
<header><a href="/en/">Coral</a> <a href="/en/markets">Markets</a> <a href="/en/spot">Spot</a> <a href="/en/buy-crypto/">Buy Crypto</a> <a href="/en/login">Log in</a></header>
<h1>Your first crypto in minutes</h1>
<p>Buy bitcoin with local payment methods across Asia. <a href="/en/buy-crypto/">Buy Crypto →</a></p>
<section class="markets"><h2>Spot markets</h2>
<table><tr><th>Pair</th><th>Price</th><th>24h</th><th>Volume</th><th></th></tr>
<tr><td>BTC/USDT</td><td>91,840.11</td><td>+1.81%</td><td>1,204 BTC</td><td><a href="/en/spot/BTC_USDT">Trade</a></td></tr>
<tr><td>ETH/USDT</td><td>3,215.30</td><td>-0.49%</td><td>20,118 ETH</td><td><a href="/en/spot/ETH_USDT">Trade</a></td></tr>
<tr><td>BTC/SGD</td><td>118,611.00</td><td>+1.77%</td><td>88 BTC</td><td><a href="/en/spot/BTC_SGD">Trade</a></td></tr></table></section>
<p>Deposit, trade and withdraw 24/7 · Trading fee 0.1% · Sign up and verify in 5 minutes.</p>
<footer>Coral Exchange Pte. Ltd., 1 Raffles Place, Singapore · Terms · Privacy</footer>
</body></html>
"""

CORAL_BUY_SHELL = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Buy Crypto | Coral</title><script defer src="/static/buy.4d2e.js"></script></head>
<body><div id="root"><div class="spinner"></div></div></body>
</html>
"""

CORAL_BUY_JS = r"""(function(){
  var root = document.getElementById('root');
  fetch('/api/v1/fiat/currencies').then(function(r){return r.json();}).then(function(j){
    var h = '<h1>Buy Crypto</h1><p>Choose your currency and payment method.</p><table><tr><th>Currency</th><th>Payment methods</th><th>Limits</th></tr>';
    j.result.forEach(function(c){
      h += '<tr><td>' + c.code + ' — ' + c.name + '</td><td>' + c.methods.join(', ') + '</td><td>' + c.min + ' – ' + c.max + ' ' + c.code + '</td></tr>';
    });
    root.innerHTML = h + '</table>';
  });
})();
"""

CORAL_FIAT = {"result": [
    {"code": "SGD", "name": "Singapore Dollar", "methods": ["PayNow", "Visa", "Mastercard"], "min": 20, "max": 20000},
    {"code": "CNY", "name": "Chinese Yuan", "methods": ["Alipay", "WeChat Pay", "UnionPay"], "min": 100, "max": 50000},
    {"code": "USD", "name": "US Dollar", "methods": ["Visa", "Mastercard", "Apple Pay"], "min": 15, "max": 15000},
    {"code": "THB", "name": "Thai Baht", "methods": ["PromptPay"], "min": 500, "max": 500000},
], "ok": True}

TONGBAO = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>通宝 TongBao - 数字资产交易平台</title><meta name="viewport" content="width=device-width">
<script src="https://s9.cnzz.com/z_stat.php?id=1281145920&web_id=1281145920" language="JavaScript"></script></head>
<body>
<div class="nav"><a href="/">通宝</a>
<a href="/c2c/">快捷买币</a><a href="/exchange/">币币交易</a><a href="/lever/">杠杆</a><a href="/pool/">矿池</a><a href="/assets/">资产</a>
<a href="/login">登录</a><a href="/register">注册</a></div>
<div class="banner"><h1>通宝，让数字资产触手可及</h1><p>香港团队运营 · 顶级安全审计 · 充提秒到</p>
<a href="/c2c/" class="btn">快捷买币</a></div>
<div class="rank"><div>BTC 91,840.00 <em>+1.8%</em></div><div>ETH 3,215.10 <em>-0.5%</em></div><div>TRX 0.2611 <em>+0.9%</em></div></div>
<div class="foot">客服微信：tongbao_vip8　客服QQ：2875501193　<a href="/help/terms">用户协议</a>　<a href="/help/privacy">隐私政策</a>
<p>© 2026 TongBao Technology (HK) Limited　香港湾仔告士打道 128 号</p></div>
</body></html>
"""

TONGBAO_C2C = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>快捷买币 - 通宝</title></head>
<body>
<div class="nav"><a href="/">通宝</a> <a href="/c2c/">快捷买币</a></div>
<h2>快捷买币 <small>按金额买</small></h2>
<form><label>我要花费</label><input value="1000"> <span>CNY</span> <label>可得约</label><input value="137.93"> USDT</form>
<p>参考单价：1 USDT ≈ 7.25 CNY</p>
<h3>选择付款方式</h3>
<ul class="pay"><li><img src="/img/alipay.png" alt="">支付宝</li><li><img src="/img/wechat.png" alt="">微信</li><li><img src="/img/bank.png" alt="">银行卡转账</li></ul>
<p class="hint">单笔限额 100 - 50000 元，付款账户须与实名认证姓名一致。</p>
</body></html>
"""

AURUM_ZH = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>Aurum 金盾交易所 | 全球数字资产交易</title>
<link rel="alternate" hreflang="en" href="https://www.aurumex.com/en"><link rel="alternate" hreflang="zh-CN" href="https://www.aurumex.com/"></head>
<body>
<header><a href="/">AURUM 金盾</a> <a href="/markets">行情</a> <a href="/spot">现货</a> <a href="/futures">合约</a> <a href="/p2p">P2P交易</a>
<a href="/login">登录</a> <a href="/register">注册</a> <span>简体中文 ▾</span></header>
<h1>金盾，守护您的每一笔交易</h1>
<p>P2P 专区支持 CNY、USD、EUR 等 30 余种法币，付款方式包括支付宝、微信、银行卡。</p>
<footer>© 2026 Aurum Global Ltd. <a href="/terms">用户协议</a> <a href="/privacy">隐私政策</a></footer>
</body></html>
"""

AURUM_EN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Aurum Exchange</title></head>
<body><header><a href="/en">AURUM</a> <a href="/en/markets">Markets</a> <a href="/en/p2p">P2P</a> <a href="/">简体中文</a></header>
<h1>Guarding every trade</h1><footer>© 2026 Aurum Global Ltd.</footer></body></html>
"""

AURUM_P2P = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>P2P交易 | Aurum 金盾</title></head>
<body><h1>P2P 交易</h1><p>法币：CNY</p>
<ul><li>金盾认证商家 A · ¥7.25/USDT · 支付宝 · 微信</li><li>金盾认证商家 B · ¥7.26/USDT · 银行卡</li></ul></body></html>
"""

AURUM_BLOCKED = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>访问受限 | Aurum</title></head>
<body style="text-align:center;padding-top:120px">
<h1>访问受限</h1>
<p>根据当地法律法规，我们无法向中国大陆用户提供服务。</p>
<p>We are unable to provide services to users in Mainland China in accordance with local laws and regulations.</p>
<p>Error code: 451 · Ray ID: 8e2f4a1b7c3d9e05</p>
</body></html>
"""

POLARIS = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>PolarisX — Crypto Derivatives Exchange</title>
<link rel="alternate" hreflang="zh-CN" href="https://www.polarisx.io/zh/"></head>
<body>
<nav><a href="/">PolarisX</a> <a href="/perpetual">Perpetual</a> <a href="/options">Options</a> <a href="/zh/">简体中文</a> <a href="/login">Log in</a></nav>
<h1>Navigate the market with PolarisX</h1><p>Perpetual futures and options with up to 100x leverage.</p>
<a href="/register">Sign up and claim up to 5,000 USDT in bonuses</a>
<table class="hot"><tr><th>Contract</th><th>Last price</th><th>24h change</th><th>Funding</th><th></th></tr>
<tr><td>BTCUSDT Perpetual</td><td>91,846.5</td><td>+1.83%</td><td>0.0100%</td><td><a href="/perpetual/BTCUSDT">Trade</a></td></tr>
<tr><td>ETHUSDT Perpetual</td><td>3,215.82</td><td>-0.46%</td><td>0.0081%</td><td><a href="/perpetual/ETHUSDT">Trade</a></td></tr>
<tr><td>BTC-28NOV26-95000-C</td><td>0.0215 BTC</td><td>+12.4%</td><td>—</td><td><a href="/options/BTC">Trade</a></td></tr></table>
<p>Deposit USDT, BTC or ETH and start trading in minutes. Maker 0.02% / Taker 0.055%. Unified margin account, insurance fund of 42M USDT.</p>
<footer>PolarisX Ltd., Victoria, Mahé, Seychelles · Restricted jurisdictions: United States, Mainland China, Singapore, Ontario.</footer>
</body></html>
"""

POLARIS_ZH = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>PolarisX 北极星 — 数字货币衍生品交易所</title></head>
<body>
<nav><a href="/zh/">北极星</a> <a href="/zh/perpetual">永续合约</a> <a href="/zh/options">期权</a> <a href="/">English</a> <a href="/zh/login">登录</a></nav>
<h1>北极星，指引你的交易方向</h1><p>永续合约与期权交易，最高 100 倍杠杆。</p>
</body></html>
"""

POLARIS_BLOCKED = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>403 - Restricted Region</title></head>
<body>
<h1>Service not available in your region</h1>
<p>We have detected that you are accessing PolarisX from a restricted jurisdiction. In accordance with our Terms of Use, PolarisX services are not available to users located in Mainland China.</p>
<p>您所在的地区暂不支持访问。</p>
</body></html>
"""

YUNFAN = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>云帆交易所 YunFan - 数字资产交易</title>
<link rel="alternate" hreflang="zh-CN" href="https://www.yunfan.exchange/zh-CN"></head>
<body>
<header><a href="/">云帆 YunFan</a> <a href="/trade">币币</a> <a href="/swap">合约</a> <a href="/otc">法币</a> <a href="/assets">资产</a> <a href="/login">登录/注册</a></header>
<h1>乘风破浪，云帆济海</h1>
<p>现货、合约、法币一站式服务。法币区支持人民币，付款方式：支付宝 / 微信 / 银行卡。</p>
<div class="ticker">BTC/USDT 91,845.3 · ETH/USDT 3,215.7</div>
<footer>© 2026 YunFan Global <a href="/agreement">服务协议</a> <a href="/privacy">隐私政策</a> 官方电报群 @yunfan_cn</footer>
</body></html>
"""

YUNFAN_CN = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>云帆交易所 - 中国区</title></head>
<body>
<header><a href="/cn/">云帆</a> <a href="/trade">币币</a> <a href="/otc">法币</a> <a href="/login">登录/注册</a></header>
<div class="notice">温馨提示：您当前访问的是云帆中国区专属页面，如遇访问缓慢请下载 APP。</div>
<h1>云帆交易所</h1>
<p>币币交易 · 永续合约 · 法币快捷买币（支付宝 / 微信 / 银行卡）</p>
<div class="ticker">BTC/USDT 91,845.3 · ETH/USDT 3,215.7 · DOGE/USDT 0.4131</div>
<p><a href="/download">下载云帆 APP</a></p>
</body></html>
"""

FENGYUN = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>风云交易所-FengYun|比特币交易平台</title>
<script type="text/javascript" src="https://v1.cnzz.com/z_stat.php?id=1279953018&web_id=1279953018"></script></head>
<body>
<div id="hd"><a href="/">风云 FENGYUN</a> <a href="/#/exchange">币币交易</a> <a href="/#/contract">合约</a> <a href="/#/c2c">C2C</a> <a href="/#/login">登录</a> <a href="/#/reg">注册</a></div>
<div id="bd"><h1>风云际会 · 财富相随</h1>
<p>C2C 交易支持人民币（CNY）买卖 USDT，支持银联卡、支付宝、微信支付。</p></div>
<div id="ft">风云国际 © 2019-2026　客服 QQ：1570028831　<a href="/#/help">帮助中心</a></div>
</body></html>
"""

MINGBIT = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>明币 MingBit — 明明白白交易数字货币</title>
<script charset="UTF-8" id="LA_COLLECT" src="//sdk.51.la/js-sdk-pro.min.js"></script>
<script>LA.init({id:"3HkYq2b8Zx0Wn4Tm",ck:"3HkYq2b8Zx0Wn4Tm"})</script></head>
<body>
<nav><a href="/">明币</a> <a href="/spot">现货</a> <a href="/futures">期货合约</a> <a href="/fiat">法币交易</a> <a href="/login">登录</a> <a href="/signup">注册</a></nav>
<h1>明明白白交易数字货币</h1>
<p>法币交易：人民币买卖 USDT，商家保证金担保，支持支付宝、微信和银行卡付款。</p>
<footer>MingBit Ltd.（香港）　<a href="/terms">用户协议</a>　<a href="/privacy">隐私政策</a>　<a href="/risk">风险提示</a></footer>
</body></html>
"""

XINGHE = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>星河交易所 XingHe</title></head>
<body>
<header><a href="/">星河 XINGHE</a> <a href="/market">行情</a> <a href="/spot">币币交易</a> <a href="/otc">OTC</a> <a href="/login">登录</a> <a href="/register">注册</a></header>
<h1>星河璀璨，交易无界</h1>
<p>国内专线加速，访问更快更稳定。OTC 区支持支付宝、银行卡购买 USDT。</p>
<footer>星河数字 ©2026　<a href="/terms">用户协议</a>　在线客服</footer>
</body></html>
"""

BAOYU = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>宝裕交易所 BaoYu</title>
<link rel="preconnect" href="https://api.baoyuex.com">
<link rel="stylesheet" href="https://static.baoyuex.com/css/app.min.css">
<script src="https://static.baoyuex.com/js/common.min.js"></script></head>
<body>
<div class="top"><a href="/">宝裕 BAOYU</a> <a href="/exchange">币币交易</a> <a href="/c2c">C2C</a> <a href="/finance">理财</a> <a href="/login">登录</a> <a href="/register">注册</a></div>
<h1>宝裕 · 稳健之选</h1>
<table id="tickers"><tr><th>币种</th><th>最新价(USDT)</th><th>涨跌幅</th></tr></table>
<p>C2C 支持人民币买币：支付宝、微信、银行卡。</p>
<div class="foot">宝裕国际 © 2026 <a href="/terms">用户协议</a> <a href="/privacy">隐私政策</a></div>
<script>
fetch('https://api.baoyuex.com/v1/market/tickers').then(function(r){return r.json()}).then(function(d){
  var t=document.getElementById('tickers');
  d.data.forEach(function(x){var tr=document.createElement('tr');tr.innerHTML='<td>'+x.symbol+'</td><td>'+x.last+'</td><td>'+x.change+'</td>';t.appendChild(tr);});
});
</script>
</body></html>
"""

BAOYU_TICKERS = {"code": 0, "data": [{"symbol": "BTC/USDT", "last": "91843.6", "change": "+1.81%"},
                                    {"symbol": "ETH/USDT", "last": "3215.2", "change": "-0.49%"},
                                    {"symbol": "BNB/USDT", "last": "655.4", "change": "+0.12%"}]}

HUALIAN = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>华联OTC - USDT大宗承兑交易平台</title>
<script>var _hmt=_hmt||[];(function(){var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?2c9d71a4e8b05f3367a1d0b4c52e9f18";var s=document.getElementsByTagName("script")[0];s.parentNode.insertBefore(hm,s);})();</script></head>
<body>
<div class="head"><a href="/">华联OTC</a> <a href="/buy">我要买</a> <a href="/sell">我要卖</a> <a href="/merchant">商家入驻</a> <a href="/login">登录</a> <a href="/reg">注册</a></div>
<h1>USDT 大宗交易 · 商家担保 · 极速放币</h1>
<table><tr><th>商家</th><th>单价</th><th>限额</th><th>支付方式</th></tr>
<tr><td>华联自营</td><td>¥7.23</td><td>¥50,000 - ¥2,000,000</td><td>银行卡 · 支付宝</td></tr>
<tr><td>诚信兑 888</td><td>¥7.24</td><td>¥1,000 - ¥100,000</td><td>微信 · 支付宝</td></tr></table>
<div class="foot">客服 QQ：800821667　客服微信：hualian_otc　<a href="/agreement">用户协议</a></div>
</body></html>
"""

JINSHA = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>金沙交易所 JinSha — 值得信赖的数字资产平台</title></head>
<body>
<header><a href="/">金沙 JINSHA</a> <a href="/spot">现货</a> <a href="/perp">永续</a> <a href="/p2p/">P2P</a> <a href="/earn">金沙宝</a> <a href="/signin">登录</a> <a href="/signup">免费注册</a></header>
<h1>注册即领 20 USDT 合约体验金</h1>
<p>全站 24 小时中文服务，提币 1 分钟到账。</p>
<footer>JinSha Exchange © 2026 · <a href="/docs/terms">使用条款</a> · <a href="/docs/privacy">隐私</a> · 风险提示：数字资产交易风险较高</footer>
</body></html>
"""

JINSHA_P2P = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>P2P 交易 - 金沙</title></head>
<body><h1>P2P 交易</h1><p>购买 USDT · 法币 CNY</p>
<ol><li>旺财 — 7.26 CNY — 银联 / 银行卡</li><li>星辰OTC — 7.26 CNY — 支付宝</li><li>阿龙 — 7.27 CNY — 微信支付</li></ol></body></html>
"""

HENGTAI_GBK = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>恒泰承兑 - USDT 承兑 | 数字货币场外交易</title>
<meta name="keywords" content="USDT承兑,USDT出售,泰达币购买" />
</head>
<body>
<table width="980" align="center" cellpadding="0" cellspacing="0">
<tr><td><a href="/">恒泰承兑</a> | <a href="/buy.html">买币</a> | <a href="/sell.html">卖币</a> | <a href="/rate.html">今日汇率</a> | <a href="/login.html">会员登录</a> | <a href="/reg.html">免费注册</a></td></tr>
<tr><td><h1>恒泰承兑 · 专业 USDT 场外交易十年</h1>
<p>今日买入价：<b>7.24 元</b>　卖出价：<b>7.18 元</b></p>
<p>付款方式：银行卡转账、支付宝、微信。大额可预约线下面交（深圳、广州、香港）。</p>
<p>客服QQ：2290017733　微信：hengtai-usdt</p></td></tr>
<tr><td align="center">版权所有 恒泰承兑 2014-2026</td></tr>
</table>
</body>
</html>
"""

BAIBIT_GBK = """<!DOCTYPE html>
<html>
<head>
<meta charset="gbk">
<title>百币网 - 比特币交易平台 人民币充值</title>
</head>
<body>
<div class="nav"><a href="/">百币网</a> <a href="/trade/">币币交易</a> <a href="/recharge/">人民币充值</a> <a href="/user/">我的资产</a> <a href="/login/">登录</a> <a href="/register/">注册</a></div>
<h2>百币网 — 老牌数字货币交易平台</h2>
<p>人民币充值：支持银联在线、网银转账，充值实时到账，提现 T+0。</p>
<p>行情：BTC/CNY 665,800.00　ETH/CNY 23,310.50</p>
<p>在线客服 QQ 群：618820331</p>
<div class="foot">百币网 版权所有 <a href="/about/">关于我们</a> <a href="/help/">帮助中心</a></div>
</body>
</html>
"""

BIXING = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>币星交易所 — 币星.com</title><meta property="og:locale" content="zh_CN"></head>
<body>
<header><a href="/">币星 BiXing</a> <a href="/trade">交易</a> <a href="/otc">OTC买币</a> <a href="/download">下载APP</a> <a href="/login">登录</a></header>
<h1>币星，点亮你的数字财富</h1>
<p>OTC 买币：人民币购买 USDT，支持支付宝和银行卡，商家平均放币时间 2 分钟。</p>
<table><tr><th>币对</th><th>最新价</th><th>涨跌幅</th><th>操作</th></tr>
<tr><td>BTC/USDT</td><td>91,838.7</td><td>+1.80%</td><td><a href="/trade/btc_usdt">交易</a></td></tr>
<tr><td>ETH/USDT</td><td>3,215.0</td><td>-0.48%</td><td><a href="/trade/eth_usdt">交易</a></td></tr>
<tr><td>PEPE/USDT</td><td>0.00002114</td><td>+6.31%</td><td><a href="/trade/pepe_usdt">交易</a></td></tr></table>
<p>币币交易手续费 0.1%，持有平台币抵扣可享 8 折。</p>
<footer>币星.com © 2026 · <a href="/terms">用户协议</a> · <a href="/privacy">隐私政策</a></footer>
</body></html>
"""

WANBI = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>玩币 P2P — 点对点数字资产交易市场</title></head>
<body>
<div class="bar"><a href="/">玩币P2P</a> <a href="/ads/buy">购买</a> <a href="/ads/sell">出售</a> <a href="/post">发布广告</a> <a href="/orders">我的订单</a> <a href="/login">登录</a></div>
<h1>安全的点对点 USDT 交易</h1>
<p>平台托管，买卖双方直接交易。支持人民币付款：支付宝、微信、银行卡；广告价格由商家自主设定。</p>
<table><tr><th>广告主</th><th>价格</th><th>付款方式</th></tr>
<tr><td>小林</td><td>7.25 CNY</td><td>支付宝</td></tr><tr><td>Eric_88</td><td>7.26 CNY</td><td>微信 / 银行卡</td></tr></table>
<div>联系客服：微信 wanbi_p2p · 电报 @wanbi_support</div>
</body></html>
"""

LIANSHU = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>链数科技 - 企业级区块链 BaaS 服务商</title>
<script>var _hmt=_hmt||[];(function(){var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?a71c0e9f2b3d4e5f60718293a4b5c6d7";var s=document.getElementsByTagName("script")[0];s.parentNode.insertBefore(hm,s);})();</script></head>
<body>
<header><a href="/">链数科技</a> <a href="/product/baas">BaaS 平台</a> <a href="/solution/supply-chain">供应链金融</a> <a href="/solution/gov">政务存证</a> <a href="/news">新闻动态</a> <a href="/about">关于我们</a></header>
<h1>让数据可信流通</h1>
<p>链数科技专注于联盟链底层技术研发，为政府、金融、能源企业提供区块链即服务（BaaS）、电子存证与溯源解决方案。本公司不从事任何虚拟货币发行、交易及相关业务。</p>
<footer>
<p>北京链数科技有限公司　地址：北京市海淀区中关村大街 27 号中关村大厦 11 层　电话：010-82651190</p>
<p>© 2019-2026 lianshu-tech.cn　<a href="https://beian.miit.gov.cn/" target="_blank">京ICP备19043721号-1</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010802031877" target="_blank">京公网安备 11010802031877 号</a></p>
</footer>
</body></html>
"""

BITZIXUN = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>币资讯 - 区块链资讯 行情 快讯</title>
<script src="https://s4.cnzz.com/z_stat.php?id=1280017765&web_id=1280017765"></script></head>
<body>
<div class="nav"><a href="/">币资讯</a> <a href="/flash/">快讯</a> <a href="/news/">资讯</a> <a href="/market/">行情</a> <a href="/topic/">专题</a> <a href="/policy/">政策解读</a></div>
<div class="flash"><h2>7×24 快讯</h2>
<ul><li><span>14:02</span> 央行：继续保持对虚拟货币交易炒作的高压态势</li>
<li><span>13:47</span> 以太坊 Layer2 总锁仓量突破 520 亿美元</li>
<li><span>13:20</span> 上海数据交易所发布区块链存证新规范</li></ul></div>
<div class="market"><h2>行情</h2><p>BTC $91,841 ETH $3,215（仅供参考，不构成投资建议）</p></div>
<footer><p>上海币资讯信息科技有限公司　上海市浦东新区张江路 665 号</p>
<p><a href="https://beian.miit.gov.cn/">沪ICP备20011835号-2</a>　沪公网安备31011502016620号　本站内容不构成任何投资建议</p></footer>
</body></html>
"""

KUAIXUN = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>币快讯 - 全球区块链快讯与行情</title>
<script>var _hmt=_hmt||[];(function(){var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?5d8e2a0c6f4b1937e8a2c4d6f0b1a3c5";var s=document.getElementsByTagName("script")[0];s.parentNode.insertBefore(hm,s);})();</script></head>
<body>
<header><a href="/">币快讯</a> <a href="/kuaixun">快讯</a> <a href="/hangqing">行情</a> <a href="/shendu">深度</a> <a href="/app">APP</a></header>
<section><h2>快讯</h2>
<article><time>14:11</time> 比特币短线突破 92,000 美元，24 小时涨幅 1.9%</article>
<article><time>13:58</time> 某交易所宣布上线 SOL 永续合约</article>
<article><time>13:30</time> 美国 SEC 推迟对多只现货 ETF 的决议</article></section>
<aside class="ad"><p>合作伙伴：<a href="https://www.lanxinex.com/?ref=kuaixun">蓝鑫交易所</a> · <a href="https://www.kuaibit.io/?ref=kx">快币</a></p></aside>
<footer>币快讯 © 2026 · 商务合作 QQ：3381002941 · 本站仅提供资讯，不提供任何交易服务</footer>
</body></html>
"""

ANBAO = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>安宝钱包 AnBao Wallet — 安全的去中心化多链钱包</title></head>
<body>
<header><a href="/zh/">安宝钱包</a> <a href="/zh/download">下载</a> <a href="/zh/security">安全中心</a> <a href="/zh/help">帮助</a> <a href="/en/">English</a></header>
<h1>你的私钥，你做主</h1>
<p>支持 BTC、ETH、TRON、BSC 等 30+ 公链，助记词本地加密存储，永不上传服务器。</p>
<p><a href="/zh/download#ios">iOS 下载</a> · <a href="/zh/download#android">Android 下载</a> · <a href="/zh/download#chrome">浏览器插件</a></p>
<p class="warn">安宝钱包不会以任何方式索要您的助记词或私钥，请谨防诈骗。</p>
<footer>AnBao Labs Pte. Ltd. © 2026 · <a href="/zh/terms">服务协议</a> · <a href="/zh/privacy">隐私政策</a></footer>
</body></html>
"""

JYS123 = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>交易所123 - 全球数字货币交易所排行榜与导航</title>
<script charset="UTF-8" id="LA_COLLECT" src="//sdk.51.la/js-sdk-pro.min.js"></script><script>LA.init({id:"Kx81pQ2aZ9",ck:"Kx81pQ2aZ9"})</script></head>
<body>
<h1>交易所排行榜</h1>
<p>按 24 小时成交额排序，数据每 5 分钟更新。</p>
<table><tr><th>排名</th><th>交易所</th><th>24H成交额</th><th>支持法币</th><th>官网</th></tr>
<tr><td>1</td><td>快币 KuaiBit</td><td>$30.1亿</td><td>CNY USD</td><td><a href="https://www.kuaibit.io/?ref=jys123" rel="nofollow">访问</a></td></tr>
<tr><td>2</td><td>Orbitex</td><td>$19.0亿</td><td>USD EUR CNY</td><td><a href="https://www.orbitex.pro/zh-CN/" rel="nofollow">访问</a></td></tr>
<tr><td>3</td><td>蓝鑫 LanXin</td><td>$11.8亿</td><td>CNY</td><td><a href="https://www.lanxinex.vip/" rel="nofollow">访问</a></td></tr>
<tr><td>4</td><td>金盾 Aurum</td><td>$5.1亿</td><td>CNY USD</td><td><a href="https://www.aurumex.com/" rel="nofollow">访问</a></td></tr>
<tr><td>5</td><td>通宝 TongBao</td><td>$0.9亿</td><td>CNY</td><td><a href="https://www.tongbao.vip/" rel="nofollow">访问</a></td></tr>
<tr><td>6</td><td>币星 BiXing</td><td>$0.1亿</td><td>CNY</td><td><a href="https://币星.com/" rel="nofollow">访问</a></td></tr></table>
<footer>交易所123 仅提供信息展示，不构成投资建议 · 联系我们：微信 jys123_kf</footer>
</body></html>
"""

WANBI_BUY = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>购买 USDT - 玩币P2P</title></head>
<body><h1>购买 USDT</h1><p>法币：人民币 CNY</p>
<table><tr><th>广告主</th><th>价格</th><th>数量</th><th>限额</th><th>付款方式</th></tr>
<tr><td>小林</td><td>7.25</td><td>5,210 USDT</td><td>¥500-¥20,000</td><td>支付宝</td></tr>
<tr><td>Eric_88</td><td>7.26</td><td>12,000 USDT</td><td>¥1,000-¥80,000</td><td>微信 / 银行卡</td></tr>
<tr><td>顺风承兑</td><td>7.26</td><td>30,500 USDT</td><td>¥10,000-¥300,000</td><td>银行卡</td></tr>
<tr><td>阿May</td><td>7.27</td><td>860 USDT</td><td>¥100-¥6,000</td><td>支付宝 / 微信</td></tr></table>
<p>下单后请在 15 分钟内完成付款，超时订单将自动取消。</p></body></html>
"""

DINGXIN = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>鼎信交易所 DingXin | 币币 · 合约 · OTC</title><meta property="og:locale" content="zh_CN"></head>
<body>
<div class="hd"><a href="/">鼎信 DINGXIN</a> <a href="/spot">币币</a> <a href="/swap">合约</a> <a href="/otc/">OTC 买币</a> <a href="/mine">资产</a> <a href="/login">登录</a> <a href="/reg">注册</a></div>
<h1>鼎信 · 一诺千金</h1>
<p>OTC 买币：人民币直购 USDT，支付宝 / 微信 / 银行卡均可付款，商家 24 小时在线。</p>
<p>充值提现 · 实名认证 · 邀请返佣 30%</p>
<div class="ft">鼎信数字资产 © 2026 · 用户协议 · 隐私政策 · 在线客服 QQ 3366510827</div>
</body></html>
"""

TAIBIT = """<!DOCTYPE html>
<html lang="zh-TW">
<head><meta charset="utf-8"><title>台幣所 TaiBit｜台灣虛擬貨幣交易所</title><meta property="og:locale" content="zh_TW"></head>
<body>
<header><a href="/zh-TW">TaiBit 台幣所</a> <a href="/zh-TW/markets">市場</a> <a href="/zh-TW/trade">交易</a> <a href="/zh-TW/wallet">錢包</a> <a href="/zh-TW/login">登入</a> <a href="/zh-TW/register">註冊</a>
<span>語言：繁體中文 · <a href="/en">English</a></span></header>
<h1>用新台幣輕鬆買賣比特幣</h1>
<p>新台幣（TWD）入金支援銀行轉帳與超商代碼繳費，已完成洗錢防制法令遵循聲明。</p>
<table><tr><th>幣別</th><th>買價</th><th>賣價</th></tr><tr><td>BTC/TWD</td><td>2,968,000</td><td>2,951,500</td></tr><tr><td>USDT/TWD</td><td>32.41</td><td>32.18</td></tr></table>
<p>掛單交易：支援限價單、市價單，手續費 0.1%。幣幣交易區提供 BTC、ETH、USDT 市場。</p>
<footer>台幣所股份有限公司 · 台北市信義區松仁路 100 號 · <a href="/zh-TW/terms">使用者條款</a> · <a href="/zh-TW/privacy">隱私權政策</a></footer>
</body></html>
"""

FENGBAO = "<html><body>never served</body></html>\n"


def build(w, routes):
    for h in ("www.fuyuanex.com.hk", "fuyuanex.com.hk"):
        w(h, "zh-hk/index.html", FUYUAN)
        w(h, "index.html", FUYUAN)
        w(h, "en/index.html", FUYUAN_EN)
    for h in ("hoshicoin.co.jp", "www.hoshicoin.co.jp"):
        w(h, "index.html", HOSHI)
    for h in ("www.hangbit.co.kr", "hangbit.co.kr"):
        w(h, "index.html", HANGBIT)
    for h in ("www.northwind.exchange",):  # the apex has no address record: only www serves
        w(h, "index.html", NORTHWIND)
    for h in ("www.kestrelx.eu", "kestrelx.eu"):
        w(h, "index.html", KESTREL)
    for h in ("tidalbit.com", "www.tidalbit.com"):
        w(h, "index.html", TIDAL)
    for h in ("www.jiudingex.com", "jiudingex.com"):
        w(h, "index.html", JIUDING)
    for h in ("www.coralx.io", "coralx.io"):
        w(h, "index.html", CORAL)
        w(h, "en/index.html", CORAL)
        w(h, "en/buy-crypto/index.html", CORAL_BUY_SHELL)
        w(h, "static/buy.4d2e.js", CORAL_BUY_JS)
        w(h, "api/v1/fiat/currencies.json", json.dumps(CORAL_FIAT))
        routes[h] = {"/api/v1/fiat/currencies": {"file": "api/v1/fiat/currencies.json",
                                                  "headers": {"Content-Type": "application/json"}}}
    for h in ("www.tongbao.vip", "tongbao.vip"):
        w(h, "index.html", TONGBAO)
        w(h, "c2c/index.html", TONGBAO_C2C)
    block = {"vantage": {"cn": {"status": 451, "file": "blocked.html", "headers": {"Cache-Control": "no-store"}}}}
    for h in ("www.aurumex.com", "aurumex.com"):
        w(h, "index.html", AURUM_ZH)
        w(h, "en/index.html", AURUM_EN)
        w(h, "p2p/index.html", AURUM_P2P)
        w(h, "blocked.html", AURUM_BLOCKED)
        routes[h] = {"*": block}
    pblock = {"vantage": {"cn": {"status": 403, "file": "blocked.html"}}}
    for h in ("www.polarisx.io", "polarisx.io"):
        w(h, "index.html", POLARIS)
        w(h, "zh/index.html", POLARIS_ZH)
        w(h, "blocked.html", POLARIS_BLOCKED)
        routes[h] = {"*": pblock}
    for h in ("www.yunfan.exchange", "yunfan.exchange"):
        w(h, "index.html", YUNFAN)
        w(h, "zh-CN/index.html", YUNFAN)
        w(h, "cn/index.html", YUNFAN_CN)
        routes[h] = {"/": {"vantage": {"cn": {"status": 302, "headers": {"Location": "/cn/"},
                                               "body": "<html><body>Redirecting to <a href=\"/cn/\">/cn/</a></body></html>"}}}}
    for h in ("fengyun-ex.com", "www.fengyun-ex.com"):
        w(h, "index.html", FENGYUN)
    for h in ("mingbit.net", "www.mingbit.net"):
        w(h, "index.html", MINGBIT)
    for h in ("xinghe-ex.com", "www.xinghe-ex.com"):
        w(h, "index.html", XINGHE)
    for h in ("www.baoyuex.com", "baoyuex.com"):
        w(h, "index.html", BAOYU)
    w("api.baoyuex.com", "v1/market/tickers.json", json.dumps(BAOYU_TICKERS))
    w("static.baoyuex.com", "css/app.min.css", "body{margin:0;font-family:'Microsoft YaHei',sans-serif}.top a{margin:0 10px}\n")
    w("static.baoyuex.com", "js/common.min.js", "window.BY={v:'2.3.1',cdn:'https://static.baoyuex.com'};\n")
    routes["api.baoyuex.com"] = {"/v1/market/tickers": {"file": "v1/market/tickers.json",
                                 "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}}}
    for h in ("hualian-otc.com", "www.hualian-otc.com"):
        w(h, "index.html", HUALIAN)
    for h in ("www.jinsha-ex.com", "jinsha-ex.com"):
        w(h, "index.html", JINSHA)
        w(h, "p2p/index.html", JINSHA_P2P)
        routes[h] = {"/": {"delay_ms": 3000}}
    for h in ("hengtai-otc.com", "www.hengtai-otc.com"):
        w(h, "index.html", HENGTAI_GBK, enc="gbk")
        routes[h] = {"/": {"headers": {"Content-Type": "text/html; charset=gbk"}},
                     "/index.html": {"headers": {"Content-Type": "text/html; charset=gbk"}}}
    for h in ("www.baibit.cc", "baibit.cc"):
        w(h, "index.html", BAIBIT_GBK, enc="gbk")
        routes[h] = {"/": {"headers": {"Content-Type": "text/html"}},
                     "/index.html": {"headers": {"Content-Type": "text/html"}}}
    for h in ("xn--6stq4p.com", "www.xn--6stq4p.com"):
        w(h, "index.html", BIXING)
    for h in ("wanbi.app", "www.wanbi.app"):
        w(h, "index.html", WANBI)
        w(h, "ads/buy/index.html", WANBI_BUY)
        routes[h] = {"/ads/buy": {"fault": "truncate"}}
    for h in ("dingxin.pro", "www.dingxin.pro"):
        w(h, "index.html", DINGXIN)
    for h in ("www.taibit.com.tw", "taibit.com.tw"):
        w(h, "index.html", TAIBIT)
        w(h, "zh-TW/index.html", TAIBIT)
    for h in ("www.fengbao-ex.net", "fengbao-ex.net"):
        w(h, "index.html", FENGBAO)
        routes[h] = {"*": {"fault": "reset"}}
    for h in ("www.lianshu-tech.cn", "lianshu-tech.cn"):
        w(h, "index.html", LIANSHU)
    for h in ("bitzixun.cn", "www.bitzixun.cn"):
        w(h, "index.html", BITZIXUN)
    for h in ("www.coinkuaixun.com", "coinkuaixun.com"):
        w(h, "index.html", KUAIXUN)
    for h in ("anbaowallet.io", "www.anbaowallet.io"):
        w(h, "zh/index.html", ANBAO)
        w(h, "index.html", ANBAO)
    for h in ("jiaoyisuo123.com", "www.jiaoyisuo123.com"):
        w(h, "index.html", JYS123)
