"""The page pipeline: from the library to the files a reader opens, for the site's two editions and
for course packs alike (the MkDocs plugin in casebook.plugin and the pack in casebook.pack call it).

| module | step |
| --- | --- |
| `source.py` | the library, loaded once per change; the files the page generator makes from it |
| `steps.py` | every per-file, per-page and post-build step, in order, as plain functions |
| `editions.py` | the Traditional edition: text, front matter and nav converted from the one source |
| `sanitize.py` | page content, titles and standalone documents with nothing that can run |
| `search.py` | jieba dictionaries, search weights, index compaction, the cross-script fold map |
| `remote.py` | what a built page or style sheet would fetch from the network (refused) |
| `build.py` | `casebook build`: both editions into one folder, replaced only when both built |
"""
