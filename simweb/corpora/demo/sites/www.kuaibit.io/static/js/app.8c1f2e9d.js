/*! kuaibit-web v3.14.2 */
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
