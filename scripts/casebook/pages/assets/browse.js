/* The faceted case browser of the case index (see pages/browser.py), and links into it.
 *
 * The page's Markdown lists the cases (for readers without JavaScript); this script loads the
 * compact records (cases/browse-data.js, through a <script> element so that file:// works) and
 * replaces the list with filters (counts beside every value), a sort and a send-to-compare
 * button.  The state is in the address: #province=henan,hubei&practice=grid-governance&sort=population
 * Within a facet the values are alternatives (or), facets combine (and).
 */
(function () {
  "use strict";

  var PER_PAGE = 50;
  var COMPARE_MAX = 4;
  var SORTS = [
    ["reading", "默认（省份）"],
    ["name", "名称"],
    ["population", "人口（多到少）"],
    ["founded", "成立年份（早到晚）"],
  ];
  // Row layout of browse-data.js (pages/browser.py).
  var ID = 0, NAME = 1, PLACE = 2, FACET0 = 3, POP_TEXT = 10, POP = 11, FOUNDED_TEXT = 12,
    FOUNDED = 13, DRAFT = 14;
  var FACET_KEYS = ["province", "type", "problem", "practice", "theme", "honor", "completeness"];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { e.appendChild(c); });
    return e;
  }

  function readState() {
    var state = { sel: {}, sort: "reading", page: 1 };
    var hash = decodeURIComponent(location.hash.replace(/^#/, ""));
    hash.split("&").forEach(function (part) {
      var kv = part.split("=");
      if (kv.length !== 2 || !kv[1]) return;
      if (kv[0] === "sort") state.sort = kv[1];
      else if (kv[0] === "page") state.page = Math.max(1, parseInt(kv[1], 10) || 1);
      else if (FACET_KEYS.indexOf(kv[0]) >= 0) state.sel[kv[0]] = kv[1].split(",");
    });
    return state;
  }

  function writeState(state) {
    var parts = [];
    FACET_KEYS.forEach(function (k) {
      if (state.sel[k] && state.sel[k].length) parts.push(k + "=" + state.sel[k].join(","));
    });
    if (state.sort !== "reading") parts.push("sort=" + state.sort);
    if (state.page > 1) parts.push("page=" + state.page);
    var hash = parts.length ? "#" + parts.join("&") : "";
    history.replaceState(null, "", location.pathname + location.search + hash);
  }

  // A case's values (indexes) in facet f: province, honor and completeness hold one.
  function values(row, f) {
    var v = row[FACET0 + f];
    return typeof v === "number" ? (v < 0 ? [] : [v]) : v;
  }

  function Browser(root, data, compareHref, casePattern) {
    this.root = root;
    this.casePattern = casePattern;
    this.data = data;
    this.compareHref = compareHref;
    this.facets = data.facets;
    this.picked = {};
    this.state = readState();
    this.build();
    this.update();
  }

  Browser.prototype.caseHref = function (id) {
    return this.casePattern.prefix + id + this.casePattern.suffix;
  };

  Browser.prototype.wanted = function () {
    // Facet index → set of value indexes the state selects (ids unknown to this build are ignored).
    var self = this, wanted = [];
    this.facets.forEach(function (facet, f) {
      var ids = self.state.sel[facet.key] || [];
      var set = null;
      ids.forEach(function (id) {
        for (var i = 0; i < facet.values.length; i++) {
          if (facet.values[i][0] === id) { set = set || {}; set[i] = true; }
        }
      });
      wanted[f] = set;
    });
    return wanted;
  };

  Browser.prototype.build = function () {
    var self = this;
    this.root.textContent = "";
    this.filters = el("div", { class: "cb-facets" });
    this.boxes = [];
    this.facets.forEach(function (facet, f) {
      var list = el("div", { class: "cb-facet-values" });
      var boxes = facet.values.map(function (v, i) {
        var box = el("input", { type: "checkbox", value: v[0], "data-facet": facet.key });
        var count = el("span", { class: "cb-count" });
        var label = el("label", { class: "cb-facet-value" }, [box, document.createTextNode(" " + v[1] + " "), count]);
        box.addEventListener("change", function () { self.toggle(facet.key, v[0], box.checked); });
        list.appendChild(label);
        return { box: box, count: count, label: label, index: i };
      });
      self.boxes[f] = boxes;
      var details = el("details", { class: "cb-facet", "data-facet": facet.key }, [
        el("summary", { text: facet.title }), list,
      ]);
      if ((self.state.sel[facet.key] || []).length) details.open = true;
      self.filters.appendChild(details);
    });
    var sort = el("select", { class: "cb-sort", "aria-label": "排序" });
    SORTS.forEach(function (s) {
      var o = el("option", { value: s[0], text: s[1] });
      sort.appendChild(o);
    });
    sort.addEventListener("change", function () { self.state.sort = sort.value; self.state.page = 1; self.update(); });
    this.sort = sort;
    this.summary = el("p", { class: "cb-summary" });
    this.clear = el("button", { type: "button", class: "md-button cb-clear", text: "清除筛选" });
    this.clear.addEventListener("click", function () { self.state.sel = {}; self.state.page = 1; self.update(); });
    this.send = el("button", { type: "button", class: "md-button md-button--primary cb-send" });
    this.send.addEventListener("click", function () { self.sendToCompare(); });
    this.list = el("table", { class: "cb-results" });
    this.pages = el("nav", { class: "cb-pages", "aria-label": "分页" });
    var bar = el("div", { class: "cb-bar" }, [el("label", { text: "排序：" }, [sort]), this.clear, this.send]);
    this.root.appendChild(this.filters);
    this.root.appendChild(bar);
    this.root.appendChild(this.summary);
    this.root.appendChild(el("div", { class: "cb-results-wrap" }, [this.list]));
    this.root.appendChild(this.pages);
  };

  Browser.prototype.toggle = function (key, id, on) {
    var ids = (this.state.sel[key] || []).filter(function (x) { return x !== id; });
    if (on) ids.push(id);
    this.state.sel[key] = ids;
    this.state.page = 1;
    this.update();
  };

  Browser.prototype.sorted = function (rows) {
    var s = this.state.sort;
    if (s === "name") {
      var coll = new Intl.Collator("zh-Hans-CN-u-co-pinyin");
      return rows.slice().sort(function (a, b) { return coll.compare(a[NAME], b[NAME]); });
    }
    if (s === "population" || s === "founded") {
      var col = s === "population" ? POP : FOUNDED, dir = s === "population" ? -1 : 1;
      return rows.slice().sort(function (a, b) {
        if (a[col] == null) return b[col] == null ? 0 : 1;  // no figure: last, never as 0
        if (b[col] == null) return -1;
        return dir * (a[col] - b[col]);
      });
    }
    return rows;
  };

  Browser.prototype.update = function () {
    var self = this, wanted = this.wanted(), rows = this.data.cases;
    // One pass: a case counts towards a facet's values when it matches every other facet's
    // selection, i.e. when it fails no facet, or fails only that one.
    var counts = this.facets.map(function (facet) { return facet.values.map(function () { return 0; }); });
    var shown = [], nf = this.facets.length;
    function tally(r, f) {
      var vs = values(r, f);
      for (var i = 0; i < vs.length; i++) counts[f][vs[i]]++;
    }
    for (var k = 0; k < rows.length; k++) {
      var r = rows[k], failed = -1, fails = 0;
      for (var f = 0; f < nf && fails < 2; f++) {
        if (!wanted[f]) continue;
        var vs = values(r, f), ok = false;
        for (var i = 0; i < vs.length; i++) if (wanted[f][vs[i]]) { ok = true; break; }
        if (!ok) { fails++; failed = f; }
      }
      if (fails === 0) {
        shown.push(r);
        for (var g = 0; g < nf; g++) tally(r, g);
      } else if (fails === 1) tally(r, failed);
    }
    this.facets.forEach(function (facet, f) {
      self.boxes[f].forEach(function (b) {
        b.box.checked = !!(wanted[f] && wanted[f][b.index]);
        b.count.textContent = "(" + counts[f][b.index] + ")";
        b.label.classList.toggle("cb-empty", counts[f][b.index] === 0 && !b.box.checked);
      });
    });
    this.sort.value = this.state.sort;
    this.shown = this.sorted(shown);
    var pages = Math.max(1, Math.ceil(this.shown.length / PER_PAGE));
    if (this.state.page > pages) this.state.page = pages;
    this.summary.textContent = "符合条件的案例：" + this.shown.length + " 个（共 " + rows.length + " 个）";
    this.renderList();
    this.renderPages(pages);
    this.renderSend();
    writeState(this.state);
  };

  Browser.prototype.renderList = function () {
    var self = this, start = (this.state.page - 1) * PER_PAGE;
    this.list.textContent = "";
    var head = el("tr", {}, ["比较", "社区", "地点", "人口", "成立"].map(function (t) { return el("th", { text: t }); }));
    this.list.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    this.shown.slice(start, start + PER_PAGE).forEach(function (r) {
      var pick = el("input", { type: "checkbox", class: "cb-pick", value: r[ID], "aria-label": "比较 " + r[NAME] });
      pick.checked = !!self.picked[r[ID]];
      pick.addEventListener("change", function () {
        if (pick.checked) self.picked[r[ID]] = true; else delete self.picked[r[ID]];
        self.renderSend();
      });
      var link = el("a", { href: self.caseHref(r[ID]), text: r[NAME] + (r[DRAFT] ? "（草稿）" : "") });
      body.appendChild(el("tr", { "data-case": r[ID] }, [
        el("td", {}, [pick]), el("td", {}, [link]), el("td", { text: r[PLACE] }),
        el("td", { text: r[POP_TEXT] || "—" }), el("td", { text: r[FOUNDED_TEXT] || "—" }),
      ]));
    });
    this.list.appendChild(body);
  };

  Browser.prototype.renderPages = function (pages) {
    var self = this;
    this.pages.textContent = "";
    if (pages <= 1) return;
    for (var p = 1; p <= pages; p++) {
      (function (p) {
        var b = el("button", { type: "button", class: "cb-page", text: String(p) });
        if (p === self.state.page) b.setAttribute("aria-current", "page");
        b.addEventListener("click", function () { self.state.page = p; self.update(); });
        self.pages.appendChild(b);
      })(p);
    }
  };

  Browser.prototype.selection = function () {
    var picked = Object.keys(this.picked);
    if (picked.length) return picked.slice(0, COMPARE_MAX);
    return this.shown.slice(0, COMPARE_MAX).map(function (r) { return r[ID]; });
  };

  Browser.prototype.renderSend = function () {
    var ids = this.selection(), picked = Object.keys(this.picked).length;
    this.send.textContent = (picked ? "比较勾选的 " : "比较前 ") + ids.length + " 个案例";
    this.send.disabled = ids.length < 2;
  };

  Browser.prototype.sendToCompare = function () {
    var ids = this.selection();
    if (ids.length < 2) return;
    location.href = this.compareHref + "#c=" + ids.join(",");
  };

  function start() {
    var root = document.getElementById("cb-browser");
    if (!root) return;
    var dataLink = root.querySelector(".cb-browse-data");
    var compareLink = root.querySelector(".cb-browse-compare");
    var caseLink = root.querySelector(".cb-browse-case");
    if (!dataLink || !compareLink || !caseLink) return;
    // One real case link, as MkDocs wrote it for this edition: /cases/<id>/ or cases/<id>.html.
    var known = caseLink.getAttribute("data-case"), href = caseLink.getAttribute("href");
    var at = href.lastIndexOf(known);
    var casePattern = { prefix: href.slice(0, at), suffix: href.slice(at + known.length) };
    var compareHref = compareLink.href.split("#")[0];
    var script = document.createElement("script");
    script.src = dataLink.href;
    script.onload = function () {
      if (!window.CASEBOOK_BROWSE) return;
      document.querySelectorAll(".cb-static").forEach(function (e) { e.hidden = true; });
      root.classList.add("cb-ready");
      new Browser(root, window.CASEBOOK_BROWSE, compareHref, casePattern);
    };
    document.head.appendChild(script);
  }

  // Links into a filtered view (written as [text](cases/index.md){data-cb-browse="problem=…"}).
  function linkViews() {
    document.querySelectorAll("a[data-cb-browse]").forEach(function (a) {
      a.href = a.href.split("#")[0] + "#" + a.getAttribute("data-cb-browse");
    });
  }

  function ready() { linkViews(); start(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
