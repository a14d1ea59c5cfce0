"""Offline course packs: one course as a folder (or zip) that opens from disk, searches and prints
without a network.

The pack is the site's page pipeline run by MkDocs with the casebook plugin in "pack" mode: the
course's cases only, the course's own pages and handout, offline assets.  The modules, in the order
`casebook export` uses them:

| module | what it does |
| --- | --- |
| `pages.py` | the pack's files: the site generator on the course's cases, course home, sessions, glossary, handout, nav |
| `config.py` | the MkDocs config of a pack: the site's look, offline search, the plugin in pack mode |
| `build.py` | runs MkDocs on it and drops what a classroom does not need |
| `output.py` | the output folder and zip: only ever a pack replaced whole, never another folder |
| `pdf.py` | the handout as PDF with headless Chromium |
| `export.py` | `export_course()`, the whole export, as `casebook export` runs it |
| `handout.py` | the printable handout |
"""

from __future__ import annotations

from casebook.errors import CasebookError


class ExportError(CasebookError):
    """A refusal with a Chinese explanation; nothing was written when it is raised."""


HANDOUT = "handout.html"
# Pack script → (Material's theme language, the html lang of the handout).
SCRIPTS = {"hans": ("zh", "zh-Hans"), "hant": ("zh-Hant", "zh-Hant")}
