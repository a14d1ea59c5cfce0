/*
 * Chinese queries for Material's search (casebook).
 *
 * Used where Material's lunr search runs: the offline course packs (the online editions use
 * Pagefind, pagefind-search.js).
 *
 * 1. Cross-script: every query is rewritten into the index's script (fold.js) before Material's
 *    search worker receives it, so 社區 on a Simplified pack finds what 社区 finds, and the
 *    reverse.  The input box keeps what the reader typed.
 *
 * 2. Words: Material segments a Chinese query against the words of its index, but never tries the
 *    whole query as one word (its loop stops one character short), so 红色物业 is searched as
 *    红色* and the rest is lost.  We learn the index's words from the setup message the page
 *    sends to the worker, cut the query into those words ourselves (longest first), and pass each
 *    word with a stop character after it, which lets Material's loop reach the word's end; the stop
 *    character never becomes part of a search term.  Han text is also split from digits
 *    (4100余万元 → 4100 余 万元), as the index splits them.  A word the index also has in pieces
 *    is searched both ways, the whole word weighted more; the start of a word (as the reader types) is searched as the words it starts.
 */
(function () {
  "use strict"

  /* Material 9.x: SearchMessageType (SETUP = 0, READY = 1, QUERY = 2, RESULT = 3) */
  var SETUP = 0
  var QUERY = 2
  var HAN = /\p{Script=Han}+/gu

  var tokens = null
  var sorted = []
  var longestToken = 0
  var stop = "〇"
  var WHOLE = 1000

  /* Query → the index's script (fold.js; searchdict.fold in Python) */
  function fold(query) {
    return window.casebookFoldQuery ? window.casebookFoldQuery(query) : query
  }

  /* The index's words, from the data Material sends to its worker */
  function learn(index) {
    if (!index || !index.docs) return
    var separator = new RegExp((index.config && index.config.separator) || "[\\s\\u200b]+")
    var found = new Set()
    var seen = new Set()
    for (var d = 0; d < index.docs.length; d++) {
      var doc = index.docs[d]
      var text = (doc.title || "") + " " + (doc.text || "")
      var parts = text.replace(/<[^>]*>/g, " ").split(separator)
      for (var p = 0; p < parts.length; p++) {
        var token = parts[p].toLowerCase()
        if (!token || !/\p{Script=Han}/u.test(token)) continue
        found.add(token)
        longestToken = Math.max(longestToken, token.length)
        for (var c = 0; c < token.length; c++) seen.add(token[c])
      }
    }
    var candidates = ["〇", "乄", "乆", "亍", "亐"]
    for (var k = 0; k < candidates.length; k++)
      if (!seen.has(candidates[k])) { stop = candidates[k]; break }
    tokens = found
    sorted = Array.from(found).sort()
  }

  /* Index words that start with `prefix` and are longer, up to `limit` of them */
  function completions(prefix, limit) {
    var lo = 0, hi = sorted.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (sorted[mid] < prefix) lo = mid + 1
      else hi = mid
    }
    var found = []
    for (var k = lo; k < sorted.length && sorted[k].startsWith(prefix); k++) {
      if (sorted[k].length === prefix.length) continue
      if (found.length === limit) return null
      found.push(sorted[k])
    }
    return found
  }

  /* One run of Han characters → index words, each followed by the stop character */
  function cut(run) {
    var out = []
    var i = 0
    while (i < run.length) {
      var size = Math.min(longestToken, run.length - i)
      while (size > 0 && !tokens.has(run.slice(i, i + size))) size--
      var rest = run.slice(i)
      if (size < rest.length) {
        /* The rest is the start of a longer word (search as you type: 一征 → 一征三议两公开,
           or 云南 → 云南省): Material would cut it at a shorter word, so name the words */
        var more = completions(rest, 8)
        if (more && more.length) {
          out.push(more.join(stop + " ") + stop)
          break
        }
      }
      if (size === 0) {
        /* No word of the index starts here: let Material match the rest as a word prefix */
        out.push(rest)
        break
      }
      var word = run.slice(i, i + size)
      var parts = split(word)
      /* A compound the index also has in pieces (你好小店 next to 你好，小店): search for the
         pieces too, and weigh the whole word more, so that pages with the whole word come first */
      out.push(parts ? word + stop + "*^" + WHOLE + " " + parts.join(stop + " ") + stop : word + stop)
      i += size
    }
    return out.join(" ")
  }

  /* A word of four or more characters as two or more shorter index words of two or more, or null */
  function split(word) {
    if (word.length < 4) return null
    var parts = []
    var i = 0
    while (i < word.length) {
      var size = Math.min(word.length - 1, word.length - i)
      while (size > 1 && !tokens.has(word.slice(i, i + size))) size--
      if (size < 2) return null
      parts.push(word.slice(i, i + size))
      i += size
    }
    return parts.length > 1 ? parts : null
  }

  function rewrite(query) {
    var folded = fold(query)
    if (!tokens) return folded
    return folded.replace(HAN, function (run, offset, whole) {
      var before = offset > 0 && /[0-9A-Za-z%.]/.test(whole[offset - 1]) ? " " : ""
      var end = offset + run.length
      var after = end < whole.length && /[0-9A-Za-z]/.test(whole[end]) ? " " : ""
      return before + cut(run) + after
    })
  }

  /* Material's search talks to its worker with postMessage; a Worker shim (iframe-worker, used
     by offline packs) replaces window.Worker, so patch whichever class is in use. */
  function patch(cls) {
    if (!cls || !cls.prototype || cls.prototype.__casebookFold) return
    var post = cls.prototype.postMessage
    cls.prototype.postMessage = function (message) {
      if (message && message.type === SETUP)
        learn(message.data)
      if (message && message.type === QUERY && typeof message.data === "string") {
        var args = Array.prototype.slice.call(arguments)
        args[0] = { type: QUERY, data: rewrite(message.data) }
        return post.apply(this, args)
      }
      return post.apply(this, arguments)
    }
    cls.prototype.__casebookFold = true
  }

  patch(window.Worker)
  window.casebookSearch = { fold: fold, rewrite: rewrite }
})()
