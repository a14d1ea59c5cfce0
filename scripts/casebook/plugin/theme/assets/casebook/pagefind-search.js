/*
 * Search on the online editions (casebook): Pagefind's chunked index behind Material's search box.
 *
 * The build indexes every run of Han characters as overlapping pairs and digits or Latin as words
 * of their own (casebook/pipeline/pagefind.py explains why).  A query is folded into the edition's
 * script (fold.js), cut the same way (terms), and searched as a phrase (the pairs in a row: the
 * page contains the query), then, if that finds nothing, as the pairs anywhere in a page, then as
 * every other pair (你好小店 still finds 你好，小店).  Excerpts come back as the indexed words with
 * two invisible marks, which `display` turns back into the page's text; pagefind.display() in
 * Python does the same.
 *
 * Pagefind picks its query segmenter from <html lang>; for Chinese that is Intl.Segmenter, which
 * would cut our pairs again.  The index is declared as `und`, and Pagefind is started while the
 * page says `und`, so the query reaches the index as we cut it.
 */
(function () {
  "use strict"

  var GLUE = "^"
  var NEXT = "`"
  var GLUE_RE = "\\^"
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff"
  var HAN_RE = new RegExp("[" + HAN + "]", "g")
  var WORD_RE = new RegExp("(?:(?![" + HAN + "])[\\p{L}\\p{N}_])+", "gu")
  var NOT_WORD_RE = /[^\p{L}\p{N}_]/gu
  var LANGUAGE = "und"
  var SHOWN = 10
  var SUB = 3

  /* pagefind.py: _pieces, _pairs, index_words */
  function pieces(chunk) {
    var out = [], pos = 0, m
    WORD_RE.lastIndex = 0
    while ((m = WORD_RE.exec(chunk))) {
      if (m.index > pos) out.push(chunk.slice(pos, m.index))
      out.push(m[0])
      pos = m.index + m[0].length
    }
    if (pos < chunk.length) out.push(chunk.slice(pos))
    return out
  }

  function pairs(piece) {
    var han = [], m
    HAN_RE.lastIndex = 0
    while ((m = HAN_RE.exec(piece))) han.push(m.index)
    if (han.length < 2) return [piece]
    var out = []
    for (var k = 0; k < han.length - 1; k++) {
      var start = k === 0 ? 0 : han[k]
      var end = k < han.length - 2 ? han[k + 1] + 1 : piece.length
      out.push((k === 0 ? "" : NEXT) + piece.slice(start, end))
    }
    return out
  }

  function indexWords(text) {
    var out = []
    /* The page's own marks are indexed as their full-width forms (pagefind.py: _OWN_MARKS) */
    var chunks = text.replace(/\^/g, "\uff3e").replace(/`/g, "\uff40").split(/\s+/)
    for (var c = 0; c < chunks.length; c++) {
      if (!chunks[c]) continue
      var ps = pieces(chunks[c])
      for (var i = 0; i < ps.length; i++) {
        HAN_RE.lastIndex = 0
        var words = HAN_RE.test(ps[i]) ? pairs(ps[i]) : [ps[i]]
        if (i) words[0] = GLUE + words[0]
        out = out.concat(words)
      }
    }
    return out
  }

  /* pagefind.py: query_terms */
  function terms(query) {
    var out = []
    var words = indexWords(query)
    for (var i = 0; i < words.length; i++) {
      var plain = words[i].replace(NOT_WORD_RE, "").toLowerCase()
      if (plain) out.push(plain)
    }
    return out
  }

  /* pagefind.py: display */
  function display(words) {
    return words
      .replace(new RegExp("(.)\\s<mark>" + NEXT + "\\1", "gu"), "<mark>$1")
      .replace(new RegExp("\\s((?:</?mark>)*)" + NEXT + ".", "gu"), "$1")
      .replace(new RegExp("\\s((?:</?mark>)*)" + GLUE_RE, "g"), "$1")
      .split(NEXT).join("").split(GLUE).join("")
  }

  function isPair(t) {
    return Array.from(t).length === 2 && new RegExp("^[" + HAN + "]{2}$").test(t)
  }

  /* The searches to try, most exact first */
  function attempts(query) {
    var folded = window.casebookFoldQuery ? window.casebookFoldQuery(query) : query
    var ts = terms(folded)
    if (!ts.length) return []
    var out = []
    if (ts.length > 1 && !/\s/.test(folded.trim())) out.push('"' + ts.join(" ") + '"')
    out.push(ts.join(" "))
    /* Every other pair of each run: what two runs (你好，小店) or an edited word still share */
    var sparse = [], last = null, skipped = null
    for (var i = 0; i < ts.length; i++) {
      var t = ts[i]
      if (last !== null && isPair(t) && isPair(last) && last[1] === t[0]) {
        skipped = t
        last = null
        continue
      }
      if (skipped !== null && isPair(t) && skipped[1] !== t[0]) sparse.push(skipped[1])
      skipped = null
      sparse.push(t)
      last = t
    }
    if (skipped !== null) sparse.push(skipped[1])
    var joined = sparse.join(" ")
    if (out.indexOf(joined) < 0) out.push(joined)
    return out
  }

  /* --- Pagefind --------------------------------------------------------------------------- */

  var engine = null

  function baseUrl() {
    var config = document.getElementById("__config")
    var base = "."
    try { base = JSON.parse(config.textContent).base || "." } catch (e) { /* default */ }
    return new URL(base.replace(/\/?$/, "/"), location.href)
  }

  function load() {
    if (engine) return engine
    var bundle = new URL("pagefind/", baseUrl())
    /* A large edition is indexed in parts (pagefind.py: PART_PAGES), each a bundle of its own
       inside the first; the build names them in the search's data script (fold-map.js).  Their
       results link to the edition's pages, so each is given the edition's base URL.  (Sharing
       the parts out among several copies of Pagefind's module, each with its own worker, was
       tried: on a 2-core machine each part's search then took twice as long, and the second
       worker fetched its own script and wasm.) */
    var siteBase = new URL("../", bundle).pathname
    var parts = window.casebookSearchParts || []
    engine = import(new URL("pagefind.js", bundle).href).then(function (pf) {
      return pf.options({ basePath: bundle.pathname, baseUrl: siteBase, excerptLength: 40 }).then(function () {
        var root = document.documentElement
        var lang = root.getAttribute("lang")
        root.setAttribute("lang", LANGUAGE)
        try { pf.init() } finally { root.setAttribute("lang", lang) }
        return Promise.all(parts.map(function (part) {
          return pf.mergeIndex(new URL(part, bundle).pathname, { baseUrl: siteBase, excerptLength: 40, language: LANGUAGE })
        })).then(function () { return pf })
      })
    })
    return engine
  }

  /* Pagefind ranks a phrase search's pages all alike, so the phrase decides which pages match and
     the same words searched loosely decide their order */
  function search(query) {
    var tries = attempts(query)
    return load().then(function (pf) {
      function next(i) {
        if (i >= tries.length) return { term: null, results: [] }
        var phrase = tries[i].charAt(0) === '"'
        var loose = phrase ? tries[i].slice(1, -1) : null
        return Promise.all([pf.search(tries[i]), loose ? pf.search(loose) : null]).then(function (found) {
          var results = (found[0] && found[0].results) || []
          if (!results.length) return next(i + 1)
          if (found[1] && found[1].results) {
            var keep = new Set(results.map(function (r) { return r.id }))
            results = found[1].results.filter(function (r) { return keep.has(r.id) })
          }
          return { term: tries[i], results: results }
        })
      }
      return next(0)
    })
  }

  /* --- the search box ---------------------------------------------------------------------- */

  function text(el, key, n) {
    var s = el.getAttribute("data-" + key) || ""
    return n === undefined ? s : s.replace("#", String(n))
  }

  function escapeText(s) {
    return s.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]
    })
  }

  /* Pagefind's excerpts escape < and > but keep its own <mark> tags; titles come as plain text.
     Nothing else may become markup (a case's text can hold anything a writer typed). */
  function excerptHtml(s) {
    return display(String(s || "").replace(/<(?!\/?mark>)/g, "&lt;"))
  }

  function titleHtml(s) {
    return escapeText(display(String(s || "")).replace(/<\/?mark>/g, ""))
  }

  function article(tag, title, excerpt, top) {
    return '<article class="md-search-result__article md-typeset">' +
      (top ? '<div class="md-search-result__icon md-icon"></div>' : "") +
      "<" + tag + ">" + title + "</" + tag + ">" +
      (excerpt ? '<p class="casebook-search__excerpt">' + excerpt + "</p>" : "") +
      "</article>"
  }

  function render(list, data) {
    var html = ""
    for (var i = 0; i < data.length; i++) {
      var d = data[i]
      var title = titleHtml((d.meta && d.meta.title) || d.url)
      html += '<li class="md-search-result__item">'
      html += '<a href="' + escapeText(d.url) + '" class="md-search-result__link" tabindex="-1">' +
        article("h1", title, excerptHtml(d.excerpt), true) + "</a>"
      var subs = (d.sub_results || []).filter(function (s) { return s.url !== d.url && s.url.indexOf("#") > 0 })
      for (var s = 0; s < Math.min(SUB, subs.length); s++) {
        html += '<a href="' + escapeText(subs[s].url) + '" class="md-search-result__link" tabindex="-1">' +
          article("h2", titleHtml(subs[s].title).replace(/[。.]$/, ""), excerptHtml(subs[s].excerpt), false) + "</a>"
      }
      html += "</li>"
    }
    list.innerHTML = html
  }

  function mount(box) {
    var input = box.querySelector("input[name=query]")
    var meta = box.querySelector(".md-search-result__meta")
    var list = box.querySelector(".md-search-result__list")
    var toggle = document.getElementById("__search")
    var form = box.querySelector("form")
    var current = 0

    function open(on) { if (toggle) toggle.checked = on }

    function run() {
      var query = input.value.trim()
      var id = ++current
      /* data-state and data-query say what the list shows (idle, busy, done, failed) */
      box.setAttribute("data-query", query)
      if (!query) {
        meta.textContent = text(box, "placeholder")
        list.innerHTML = ""
        box.setAttribute("data-state", "idle")
        return
      }
      box.setAttribute("data-state", "busy")
      meta.textContent = text(box, "loading")
      search(query).then(function (found) {
        if (id !== current) return null
        var n = found.results.length
        var shown = found.results.slice(0, SHOWN)
        /* The best result as soon as its excerpt is in, the others when theirs are */
        var first = shown.length ? shown[0].data() : Promise.resolve(null)
        return first.then(function (best) {
          if (id !== current) return null
          meta.textContent = n === 0 ? text(box, "none") : text(box, "count", n)
          render(list, best ? [best] : [])
          return Promise.all(shown.map(function (r) { return r.data() }))
        }).then(function (data) {
          if (id !== current || data === null) return
          render(list, data)
          box.setAttribute("data-state", "done")
        })
      }).catch(function (e) {
        if (id !== current) return
        meta.textContent = text(box, "error", (e && e.message) || e)
        list.innerHTML = ""
        box.setAttribute("data-state", "failed")
      })
    }

    /* The first keystroke searches at once; while a search is on its way, later ones wait until
       typing pauses.  A lone character waits too: it is most often the start of a longer query,
       and as a prefix it matches more pages than any other, so searching it would hold up the
       query that follows.  Letters typed into an input method (pinyin before it becomes 汉字) are
       not searched: compositionend brings the characters. */
    var timer = null
    var lastRun = 0
    function schedule() {
      clearTimeout(timer)
      var now = Date.now()
      var lone = Array.from(input.value.trim()).length === 1
      if (!lone && now - lastRun > 400) { lastRun = now; run(); return }
      timer = setTimeout(function () { lastRun = Date.now(); run() }, lone ? 250 : 120)
    }
    input.addEventListener("input", function (ev) { if (!ev.isComposing) schedule() })
    input.addEventListener("compositionend", schedule)
    input.addEventListener("focus", function () { open(true); load() })
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { open(false); input.blur() }
      if (ev.key === "Enter") {
        ev.preventDefault()
        var first = list.querySelector("a[href]")
        if (first) location.href = first.href
      }
    })
    form.addEventListener("submit", function (ev) { ev.preventDefault() })
    form.addEventListener("reset", function () { setTimeout(run, 0) })
    box.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest("a[href]")) open(false)
    })
    document.addEventListener("keydown", function (ev) {
      var target = ev.target
      var typing = target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))
      if (!typing && (ev.key === "/" || ev.key === "s" || ev.key === "f") && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
        ev.preventDefault()
        open(true)
        input.focus()
      }
    })
    if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus() })
    var params = new URLSearchParams(location.search)
    if (params.has("q")) {
      input.value = params.get("q")
      open(true)
      run()
    }
  }

  function start() {
    var boxes = document.querySelectorAll("[data-casebook-search]")
    for (var i = 0; i < boxes.length; i++) mount(boxes[i])
    if (boxes.length) preload()
  }

  /* Pagefind's script, wasm and page list (what every query needs first) are fetched once the
     page has loaded and the browser is idle, as Material's own search loads its index; not for a
     reader who asked to save data, whose first query loads them instead.  (Starting them as soon
     as this script runs was tried: on a 2-core machine the first query after the load event came
     no sooner, the page's own loading being what held the processor.) */
  function preload() {
    var connection = navigator.connection
    if (connection && connection.saveData) return
    /* A page opened from disk (file://) cannot import Pagefind's modules: the reader learns that
       when searching, not from an error at load time. */
    if (location.protocol === "file:") return
    function warm() {
      load().catch(function () { engine = null })  /* the first query tries again and says why */
    }
    function idle() {
      if (window.requestIdleCallback) window.requestIdleCallback(warm, { timeout: 2000 })
      else setTimeout(warm, 200)
    }
    if (document.readyState === "complete") idle()
    else window.addEventListener("load", idle)
  }

  window.casebookPagefind = { terms: terms, display: display, attempts: attempts, indexWords: indexWords, search: search }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
