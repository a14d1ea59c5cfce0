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

  /* ------------------------------------------------------------ wide tables */

  /* A table wider than the column of text (the overview, the practice matrix) gets the width the
   * table of contents had, a first column that stays put while it scrolls sideways, a line saying
   * it scrolls and a shadow on the side where columns are hidden; in print its page is landscape
   * (print.css). */
  var wideWraps = [];

  function overflows(wrap) { return wrap.scrollWidth > wrap.clientWidth + 1; }

  function updateShadows(box) {
    var wrap = box.querySelector(".md-typeset__scrollwrap");
    var wide = overflows(wrap);
    box.classList.toggle("cb-wide--scrolls", wide);
    box.classList.toggle("cb-wide--start", wrap.scrollLeft <= 1);
    box.classList.toggle("cb-wide--end", wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1);
    var hint = box.querySelector(".cb-scroll-hint");
    if (hint) hint.hidden = !wide;
  }

  function initWide() {
    var wraps = document.querySelectorAll(".md-content .md-typeset__scrollwrap");
    var found = [];
    Array.prototype.forEach.call(wraps, function (wrap) {
      if (wrap.parentNode.classList.contains("cb-wide")) { found.push(wrap.parentNode); return; }
      var table = wrap.querySelector("table");
      if (!table || !table.tHead || !overflows(wrap)) return;
      var box = el("div", { "class": "cb-wide" });
      wrap.parentNode.insertBefore(box, wrap);
      var columns = table.tHead.rows[0].cells.length;
      box.appendChild(el("p", { "class": "cb-scroll-hint" },
        "表格共 " + columns + " 列，较宽：左右滑动（或按住 Shift 滚动鼠标）查看其余各列，第一列固定不动。"));
      box.appendChild(wrap);
      wrap.addEventListener("scroll", function () { updateShadows(box); }, { passive: true });
      found.push(box);
    });
    wideWraps = found;
    document.body.classList.toggle("cb-wide-page", found.length > 0);
    document.body.classList.toggle("cb-print-wide", found.length > 0 || !!document.getElementById("cb-compare"));
    found.forEach(updateShadows);
  }

  window.addEventListener("resize", function () { wideWraps.forEach(updateShadows); });

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

  function isEmpty(value) {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    return typeof value === "object" && Object.keys(value).length === 0;
  }

  function missing() { return el("span", { "class": "cb-missing", "title": "资料中没有" }, "\u2014"); }

  function figureNode(text) {
    // A figure is one unbreakable unit: 12250人 must never wrap into 1225 / 0人.
    return el("span", { "class": "cb-fig" }, text);
  }

  /* ✓ for an item a case has; what the case calls it (its practices of that type) beside it, or a
   * longer sentence (the case's own words on a problem) as a tooltip, to keep rows short. */
  function itemNode(detail, asTooltip) {
    var span = el("span", { "class": "cb-has" });
    span.appendChild(el("span", { "class": "cb-has__mark", "aria-label": "有" }, "\u2713"));
    if (detail && asTooltip) span.title = detail;
    else if (detail) span.appendChild(el("span", { "class": "cb-has__detail" }, " " + detail));
    return span;
  }

  /* Items of an "items" field across the chosen cases: most widely shared first, then in the order
   * the cases give them. */
  function itemsOf(cases, key) {
    var order = [];
    var count = {};
    cases.forEach(function (c) {
      Object.keys(c.v[key] || {}).forEach(function (item) {
        if (count[item] === undefined) { count[item] = 0; order.push(item); }
        count[item] += 1;
      });
    });
    var at = {};
    order.forEach(function (item, i) { at[item] = i; });
    order.sort(function (a, b) { return (count[b] - count[a]) || (at[a] - at[b]); });
    return order.map(function (item) { return { item: item, count: count[item] }; });
  }

  function sharedBadge(count, total) {
    var text = count === total ? "全部共有" : count + " 个共有";
    return el("span", { "class": "cb-shared-badge" }, text);
  }

  function buildRows(body, cases, fields) {
    var total = cases.length;
    var width = total + 1;

    function group(label, shared) {
      var tr = body.insertRow();
      tr.className = "cb-compare__group";
      var th = el("th", { "scope": "colgroup", "colspan": String(width) });
      var inner = el("span", null, label);
      if (shared !== undefined) {
        inner.appendChild(el("small", null, shared ? "（" + shared + " 项共有）" : "（没有共有项）"));
      }
      th.appendChild(inner);
      tr.appendChild(th);
      return tr;
    }

    function row(key, label, cells, shared) {
      var tr = body.insertRow();
      tr.setAttribute("data-field", key);
      var th = el("th", { "scope": "row" }, label);
      if (shared) {
        tr.classList.add("cb-shared");
        tr.setAttribute("data-shared", String(shared));
        th.appendChild(document.createTextNode(" "));
        th.appendChild(sharedBadge(shared, total));
      }
      tr.appendChild(th);
      cells.forEach(function (node) { tr.insertCell().appendChild(node); });
      return tr;
    }

    var basics = false;
    fields.forEach(function (field) {
      var key = field[0], label = field[1], kind = field[2];
      var present = cases.filter(function (c) { return !isEmpty(c.v[key]); });
      if (!present.length) return;
      if (kind === "text" || kind === "figure") {
        if (!basics && key !== "summary") { group("基本情况"); basics = true; }
        if (key === "summary") group("概要");
        var tr = row(key, label, cases.map(function (c) {
          var value = c.v[key];
          if (isEmpty(value)) return missing();
          return kind === "figure" ? figureNode(value) : document.createTextNode(value);
        }));
        if (key === "summary") tr.classList.add("cb-compare__summary");
        return;
      }
      if (kind === "items") {
        var items = itemsOf(cases, key);
        var shared = items.filter(function (x) { return x.count > 1; }).length;
        group(label, total > 1 ? shared : undefined).setAttribute("data-group", key);
        items.forEach(function (x) {
          var tr = row(key, x.item, cases.map(function (c) {
            var map = c.v[key] || {};
            return Object.prototype.hasOwnProperty.call(map, x.item) ? itemNode(map[x.item], key === "challenges") : missing();
          }), x.count > 1 ? x.count : 0);
          tr.setAttribute("data-item", x.item);
        });
        return;
      }
      // Outcome figures: a label two or more cases share gets a row of its own; the rest are
      // listed per case in one row, since different measures cannot be lined up.
      var labels = {};
      cases.forEach(function (c) {
        var seen = {};
        (c.v[key] || []).forEach(function (f) {
          if (seen[f[0]]) return;
          seen[f[0]] = 1;
          labels[f[0]] = (labels[f[0]] || 0) + 1;
        });
      });
      var common = Object.keys(labels).filter(function (l) { return labels[l] > 1; });
      group(label, common.length).setAttribute("data-group", key);
      common.forEach(function (l) {
        var tr = row(key, l, cases.map(function (c) {
          var hit = (c.v[key] || []).filter(function (f) { return f[0] === l; })[0];
          return hit ? figureNode(hit[1]) : missing();
        }), labels[l]);
        tr.setAttribute("data-item", l);
      });
      row(key, common.length ? "其他数字" : "数字", cases.map(function (c) {
        var rest = (c.v[key] || []).filter(function (f) { return labels[f[0]] < 2; });
        if (!rest.length) return missing();
        var ul = el("ul", { "class": "cb-compare__list" });
        rest.forEach(function (f) {
          var li = el("li", null, f[0] + "：");
          li.appendChild(figureNode(f[1]));
          ul.appendChild(li);
        });
        return ul;
      })).classList.add("cb-compare__rest");
    });
  }

  /* The table scrolls inside its own box (both ways, header row and first column fixed) only
   * when it is wider than the page allows; otherwise the page scrolls and the header row sticks
   * under the site's header. */
  function fitScroller(wrap) {
    var table = wrap.querySelector("table");
    if (!table) return;
    wrap.classList.remove("cb-compare__scroll--box");
    var boxed = table.scrollWidth > wrap.clientWidth + 1;
    if (boxed) wrap.classList.add("cb-compare__scroll--box");
    var hint = wrap.previousElementSibling;
    if (hint && hint.classList.contains("cb-scroll-hint")) hint.hidden = !boxed;
  }

  /* Each case's fields are in one of the build's records files (compare.py: BUCKETS), loaded
     with <script> elements (file:// refuses fetch) only for the cases picked. */
  var records = {};
  var bucketsLoaded = {};
  window.CASEBOOK_COMPARE_RECORDS = function (list) {
    list.forEach(function (r) { records[r.id] = r; });
  };

  function loadRecords(root, cases, done, failed) {
    var wanted = [];
    cases.forEach(function (c) {
      if (!records[c.id] && c.b !== undefined && wanted.indexOf(c.b) < 0) wanted.push(c.b);
    });
    var left = wanted.length;
    if (!left) { done(); return; }
    wanted.forEach(function (b) {
      var pending = bucketsLoaded[b];
      if (!pending) {
        pending = bucketsLoaded[b] = new Promise(function (resolve, reject) {
          var s = document.createElement("script");
          s.src = (root.getAttribute("data-records") || "records/") + b + ".js";
          s.charset = "utf-8";
          s.onload = resolve;
          s.onerror = function () { delete bucketsLoaded[b]; reject(s.src); };
          document.head.appendChild(s);
        });
      }
      pending.then(function () { if (--left === 0) done(); }, function (src) { failed(src); });
    });
  }

  function buildCompare(root, data) {
    var byId = {};
    data.cases.forEach(function (c) { byId[c.id] = c; });
    var shown = 0;
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
    var onlyShared = el("label", { "class": "cb-compare__only" });
    var box = el("input", { "type": "checkbox", "name": "shared" });
    onlyShared.appendChild(box);
    onlyShared.appendChild(document.createTextNode(" 只看共有的问题、做法和主题"));
    form.appendChild(onlyShared);
    var notice = el("p", { "class": "cb-compare__notice", "role": "status" });
    var output = el("div", { "class": "cb-compare__output" });
    root.appendChild(form);
    root.appendChild(notice);
    root.appendChild(output);
    box.addEventListener("change", function () {
      output.classList.toggle("cb-compare--shared-only", box.checked);
    });

    function chosen() {
      var ids = [];
      selects.forEach(function (s) { if (s.value && ids.indexOf(s.value) < 0) ids.push(s.value); });
      return ids;
    }

    function render(ids, extra) {
      output.textContent = "";
      var turn = ++shown;
      if (ids.length < 2) {
        notice.textContent = (ids.length ? "再选一个案例即可开始比较。" : "请至少选择两个案例。") + extra;
        return;
      }
      notice.textContent = "正在载入 " + ids.length + " 个案例……" + extra;
      loadRecords(root, ids.map(function (id) { return byId[id]; }), function () {
        if (turn === shown) show(ids, extra);
      }, function (src) {
        if (turn === shown) notice.textContent = "比较数据没有加载成功（" + src + "）。请刷新页面；若仍不行，请重新构建网站。";
      });
    }

    function show(ids, extra) {
      output.textContent = "";
      notice.textContent = "正在比较 " + ids.length + " 个案例。" + extra;
      var cases = ids.map(function (id) {
        var c = byId[id];
        return { id: c.id, name: c.name, province: c.province, v: (records[id] || c).v || {} };
      });
      var table = el("table", { "class": "cb-compare__table", "data-cases": String(cases.length) });
      var head = table.createTHead().insertRow();
      head.appendChild(el("th", { "scope": "col" }, "项目"));
      cases.forEach(function (c) {
        var th = el("th", { "scope": "col", "data-case": c.id });
        var url = caseUrl(root, c.id);
        th.appendChild(url ? el("a", { "href": url }, c.name) : document.createTextNode(c.name));
        head.appendChild(th);
      });
      buildRows(table.createTBody(), cases, data.fields);
      var wrap = el("div", { "class": "cb-compare__scroll", "tabindex": "0", "aria-label": "比较表" });
      wrap.appendChild(table);
      output.appendChild(el("p", { "class": "cb-scroll-hint" },
        "表格较宽：在表格里左右滑动查看其余案例，上下滑动时社区名称和项目名称保持不动。"));
      output.appendChild(wrap);
      fitScroller(wrap);
    }

    window.addEventListener("resize", function () {
      var wrap = output.querySelector(".cb-compare__scroll");
      if (wrap) fitScroller(wrap);
    });

    function apply(ids) {
      var known = ids.filter(function (id) { return byId[id]; });
      var unknown = ids.filter(function (id) { return !byId[id]; });
      selects.forEach(function (s, i) { s.value = known[i] || ""; });
      render(known, unknown.length ? " 找不到案例：" + unknown.join("、") + "。" : "");
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

  /* ----------------------------------------------------------- citation */

  function initCite() {
    // Built without a site_url, the citation carries the page's path; give the address the
    // reader actually opened (a file:// address would mean nothing to someone else: keep the path).
    if (!/^https?:$/.test(location.protocol)) return;
    Array.prototype.forEach.call(document.querySelectorAll(".cb-cite__url"), function (span) {
      if (!/^https?:/.test(span.textContent)) span.textContent = location.origin + location.pathname;
    });
  }

  onPage(function () {
    initCite();
    initSorting();
    initWide();
    initCompare();
  });
})();
