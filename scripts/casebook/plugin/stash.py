"""Page HTML kept compressed between MkDocs' two passes over the pages.

MkDocs renders every page's Markdown first and writes the pages only after that, so at the end of
the first pass it holds the HTML of all of them (and their Markdown): at 10,000 cases about half
a gigabyte in each of the two edition processes, the largest part of a build's memory.  Between
the passes nobody but the templates needs a page's HTML, and the templates need it only for the
page being written: so the plugin keeps it here, zlib-compressed (about a sixth of its size),
hands MkDocs an empty string in its place, puts it back just before the page's template runs and
drops it again once the page is written.
"""

from __future__ import annotations

import zlib


class PageStash:
    def __init__(self) -> None:
        self._pages: dict[str, bytes] = {}

    def put(self, key: str, html: str) -> str:
        """Keep `html` for the page `key`; what MkDocs should hold instead (an empty string)."""
        self._pages[key] = zlib.compress(html.encode("utf-8"), 1)
        return ""

    def take(self, key: str, held: str) -> str:
        """The page's HTML back (`held`, what MkDocs holds, when the page was not kept here)."""
        data = self._pages.pop(key, None)
        return held if data is None else zlib.decompress(data).decode("utf-8")

    def __len__(self) -> int:
        return len(self._pages)
