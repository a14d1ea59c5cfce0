/*
 * Cross-script query folding (casebook), shared by both search paths: Pagefind on the online
 * editions (pagefind-search.js) and Material's lunr search in the offline packs (search-fold.js).
 *
 * A reader types in whichever script their keyboard gives them, and each edition's index is in one
 * script.  window.casebookFold (assets/casebook/fold-map.js, written by the build from the words of
 * this edition's index) maps characters (`from` → `to`) and lists [foreign, native] spellings of
 * words whose characters are ambiguous (头发 → 頭髮 but 发现 → 發現).  At each position the longest
 * piece (two characters or more) found inside a listed word takes that word's spelling; any other
 * character goes through the character map.  searchdict.fold() in Python does the same; keep the
 * two in step (tests/test_fold_browser.py compares them).
 */
(function () {
  "use strict"

  var chars = null
  var words = []
  var longest = 0

  function loadMap() {
    if (chars) return true
    var map = window.casebookFold
    if (!map) return false
    chars = Object.create(null)
    var from = Array.from(map.from), to = Array.from(map.to)
    for (var i = 0; i < from.length; i++) chars[from[i]] = to[i]
    words = map.words || []
    for (var w = 0; w < words.length; w++)
      longest = Math.max(longest, words[w][0].length)
    return true
  }

  function fold(query) {
    if (!loadMap()) return query
    var out = ""
    var i = 0
    while (i < query.length) {
      var done = false
      for (var size = Math.min(longest, query.length - i); size > 1 && !done; size--) {
        var piece = query.slice(i, i + size)
        for (var w = 0; w < words.length; w++) {
          var at = words[w][0].indexOf(piece)
          if (at >= 0) {
            out += words[w][1].slice(at, at + size)
            i += size
            done = true
            break
          }
        }
      }
      if (!done) {
        var ch = String.fromCodePoint(query.codePointAt(i))
        out += chars[ch] || ch
        i += ch.length
      }
    }
    return out
  }

  window.casebookFoldQuery = fold
})()
