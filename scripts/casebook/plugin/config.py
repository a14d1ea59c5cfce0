"""The casebook plugin's options in mkdocs.yml (all optional: `plugins: [search, casebook]` is a site)."""

from __future__ import annotations

from mkdocs.config import config_options
from mkdocs.config.base import Config

from casebook.pipeline.editions import HANS, HANT

SITE = "site"
PACK = "pack"
PAGEFIND = "pagefind"
MATERIAL = "material"


class CasebookConfig(Config):  # type: ignore[no-untyped-call]
    # The library (the folder with cases/), relative to the config file.
    root = config_options.Type(str, default=".")
    # Script of this edition's pages; "auto" follows theme.language (zh-Hant → Traditional), so
    # that mkdocs.zh-hant.yml needs to change only the theme language.
    script = config_options.Choice(("auto", HANS, HANT), default="auto")
    # URL prefixes from which pages may load images and media (casebook check reads this list,
    # CB308, and the build lets them through); everything else must be inside the repository.
    # A course pack ignores it: it is read offline.
    allowed_media = config_options.ListOfItems(config_options.Type(str), default=[])
    # "site": the whole library and the docs folder.  "pack": one course's offline pack, as
    # `casebook export` builds it (the course's cases, its own pages and handout; no docs folder).
    mode = config_options.Choice((SITE, PACK), default=SITE)
    # The course of a pack: its id (courses/<id>.yml) or the path of its file.
    course = config_options.Optional(config_options.Type(str))
    # Search of a site: "pagefind" (a chunked index; Material's search plugin, if listed, is turned
    # off) or "material" (Material's lunr search, as the offline packs have it).  A pack always
    # uses Material's: Pagefind fetches its index in pieces, which pages opened from disk cannot.
    search = config_options.Choice((PAGEFIND, MATERIAL), default=PAGEFIND)
