/* casebook: sortable tables and the side-by-side compare page.
 * Plain script, no library and no network: it must work from file:// in the offline pack.
 * Tables are sortable when their cells carry data-sort (a figure's value in base units);
 * cells without a value ("—") stay at the bottom in both directions.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("zh-Hans-CN-u-co-pinyin", { numeric: true });

  function onPage(fn) {
    // Material re-renders the content on instant navigation and announces it on document$.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(fn);
    } else if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  /* ---------------------------------------------------------------- sorting */

  function sortKey(cell) {
    if (!cell) return null;
    var marked = cell.querySelector("[data-sort]");
    if (marked) return { n: parseFloat(marked.getAttribute("data-sort")) };
    var text = cell.textContent.trim();
    if (text === "" || text === "\u2014") return null;
    return { t: text };
  }

  function sortTable(table, col, th) {
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortKey(a.cells[col]);
      var y = sortKey(b.cells[col]);
      if (!x && !y) return 0;
      if (!x) return 1;
      if (!y) return -1;
      if (x.n !== undefined && y.n !== undefined) return sign * (x.n - y.n);
      return sign * collator.compare(x.t || String(x.n), y.t || String(y.n));
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function initSorting() {
    var tables = document.querySelectorAll(".md-content table");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.getAttribute("data-cb-sortable") || !table.tHead || !table.tBodies.length) return;
      if (!table.tBodies[0].querySelector("[data-sort]")) return;
      table.setAttribute("data-cb-sortable", "1");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
        th.classList.add("cb-sort");
        th.tabIndex = 0;
        th.title = "点击按此列排序";
        var go = function () { sortTable(table, col, th); };
        th.addEventListener("click", go);
        th.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); }
        });
      });
    });
  }

  /* ---------------------------------------------------------------- compare */

  var SLOTS = 4;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function selectedFromHash() {
    var m = /(?:^#|&)c=([^&]*)/.exec(location.hash);
    if (!m) return [];
    return decodeURIComponent(m[1]).split(",").filter(Boolean).slice(0, SLOTS);
  }

  function caseUrl(root, id) {
    var template = document.getElementById("cb-case-link");
    var templateId = root.getAttribute("data-template-id");
    if (!template || !templateId) return null;
    var href = template.getAttribute("href");
    var at = href.lastIndexOf(templateId);
    return at < 0 ? null : href.slice(0, at) + id + href.slice(at + templateId.length);
  }

  function valueNode(value) {
    if (value === undefined || value === null || value === "" || (value.length === 0)) {
      return el("span", { "class": "cb-missing" }, "\u2014");
    }
    if (Array.isArray(value) && value.length === 1) return document.createTextNode(value[0]);
    if (Array.isArray(value)) {
      var ul = el("ul", { "class": "cb-compare__list" });
      value.forEach(function (v) { ul.appendChild(el("li", null, v)); });
      return ul;
    }
    return document.createTextNode(value);
  }

  function buildCompare(root, data) {
    var byId = {};
    data.cases.forEach(function (c) { byId[c.id] = c; });
    root.textContent = "";
    var form = el("div", { "class": "cb-compare__pickers" });
    var selects = [];
    for (var i = 0; i < SLOTS; i++) {
      var label = el("label", { "class": "cb-compare__picker" });
      label.appendChild(el("span", null, "案例" + "一二三四".charAt(i) + (i < 2 ? "" : "（可选）")));
      var select = el("select", { "name": "case" + (i + 1), "data-slot": String(i) });
      select.appendChild(el("option", { "value": "" }, "— 选择案例 —"));
      var groups = {};
      data.cases.forEach(function (c) {
        if (!groups[c.province]) {
          groups[c.province] = el("optgroup", { "label": c.province });
          select.appendChild(groups[c.province]);
        }
        groups[c.province].appendChild(el("option", { "value": c.id }, c.name));
      });
      label.appendChild(select);
      form.appendChild(label);
      selects.push(select);
    }
    var notice = el("p", { "class": "cb-compare__notice", "role": "status" });
    var output = el("div", { "class": "cb-compare__output" });
    root.appendChild(form);
    root.appendChild(notice);
    root.appendChild(output);

    function chosen() {
      var ids = [];
      selects.forEach(function (s) { if (s.value && ids.indexOf(s.value) < 0) ids.push(s.value); });
      return ids;
    }

    function render(ids) {
      output.textContent = "";
      if (ids.length < 2) {
        notice.textContent = ids.length ? "再选一个案例即可开始比较。" : "请至少选择两个案例。";
        return;
      }
      notice.textContent = "正在比较 " + ids.length + " 个案例。";
      var cases = ids.map(function (id) { return byId[id]; });
      var table = el("table", { "class": "cb-compare__table" });
      var head = table.createTHead().insertRow();
      head.appendChild(el("th", { "scope": "col" }, "项目"));
      cases.forEach(function (c) {
        var th = el("th", { "scope": "col", "data-case": c.id });
        var url = caseUrl(root, c.id);
        th.appendChild(url ? el("a", { "href": url }, c.name) : document.createTextNode(c.name));
        head.appendChild(th);
      });
      var body = table.createTBody();
      data.fields.forEach(function (field) {
        var key = field[0];
        if (!cases.some(function (c) { return c.v[key] !== undefined; })) return;
        var tr = body.insertRow();
        tr.setAttribute("data-field", key);
        tr.appendChild(el("th", { "scope": "row" }, field[1]));
        cases.forEach(function (c) {
          var td = tr.insertCell();
          td.appendChild(valueNode(c.v[key]));
        });
      });
      var wrap = el("div", { "class": "cb-compare__scroll" });
      wrap.appendChild(table);
      output.appendChild(wrap);
    }

    function apply(ids) {
      var known = ids.filter(function (id) { return byId[id]; });
      var unknown = ids.filter(function (id) { return !byId[id]; });
      selects.forEach(function (s, i) { s.value = known[i] || ""; });
      render(known);
      if (unknown.length) notice.textContent += " 找不到案例：" + unknown.join("、") + "。";
    }

    function onChange() {
      var ids = chosen();
      var hash = ids.length ? "#c=" + ids.join(",") : "#";
      if (location.hash !== hash) {
        try { history.replaceState(null, "", hash); } catch (e) { location.replace(hash); }
      }
      apply(ids);
    }

    selects.forEach(function (s) { s.addEventListener("change", onChange); });
    window.addEventListener("hashchange", function () { apply(selectedFromHash()); });
    apply(selectedFromHash());
  }

  function initCompare() {
    var root = document.getElementById("cb-compare");
    if (!root || root.getAttribute("data-cb-ready")) return;
    root.setAttribute("data-cb-ready", "1");
    if (window.CASEBOOK_COMPARE) { buildCompare(root, window.CASEBOOK_COMPARE); return; }
    // A <script> element, not fetch(): fetch is refused for file:// pages.
    var s = document.createElement("script");
    s.src = root.getAttribute("data-src");
    s.charset = "utf-8";
    s.onload = function () { buildCompare(root, window.CASEBOOK_COMPARE); };
    s.onerror = function () {
      root.textContent = "比较数据没有加载成功（" + s.src + "）。请刷新页面；若仍不行，请重新构建网站。";
    };
    document.head.appendChild(s);
  }

  onPage(function () {
    initSorting();
    initCompare();
  });
})();
