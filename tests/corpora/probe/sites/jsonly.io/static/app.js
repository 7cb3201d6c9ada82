// A single-page app: nothing of the UI is in the HTML; the fiat list comes from an API call.
(function () {
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    for (var k in (attrs || {})) e.setAttribute(k, attrs[k]);
    return e;
  }
  document.documentElement.lang = "zh-CN";
  document.title = "JsOnly 数字资产交易平台 | 币币交易 合约 快捷买币";
  var root = document.getElementById("root");
  var nav = el("nav");
  nav.appendChild(el("a", "币币交易", {href: "/#/trade/BTC_USDT"}));
  nav.appendChild(el("a", "永续合约", {href: "/#/futures"}));
  nav.appendChild(el("a", "快捷买币", {href: "/buy-crypto"}));
  nav.appendChild(el("a", "用户协议", {href: "/terms"}));
  root.appendChild(nav);
  root.appendChild(el("h1", "JsOnly：全球数字资产交易平台"));
  root.appendChild(el("p", "现货交易 BTC/USDT、ETH/USDT，最高 100 倍永续合约，充值提币 7×24 小时到账。"));
  root.appendChild(el("img", "", {src: "/static/banner.png", alt: "banner"}));
  fetch("https://api.jsonly.io/v1/ping").catch(function () {});  // the app talks to its API host
  fetch("/api/v1/fiat.json").then(function (r) { return r.json(); }).then(function (data) {
    var box = el("section", "", {id: "fiat"});
    box.appendChild(el("h2", data.title));
    data.fiats.forEach(function (f) {
      box.appendChild(el("p", f.name + " (" + f.code + ")：" + f.methods.join("、")));
    });
    root.appendChild(box);
  });
})();
