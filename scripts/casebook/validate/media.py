"""Images and media must come from the repository: no page of the site fetches anything elsewhere.

A remote image in a case or a docs page is a tracking pixel whatever its intent: every reader's
browser asks a third party for it, and an offline course pack cannot show it (the export refuses
such a course).  So `casebook check` reports each one on its line (CB308), in case.md, in the text
of case.yml and in the hand-written pages under docs/.  Links (`[text](https://…)`) are fine: a
reader follows them by choice.  A maintainer who must embed something from elsewhere lists the URL
prefix under the casebook plugin in mkdocs.yml:

    plugins:
      - casebook:
          allowed_media: ["https://img.example.org/casebook/"]

Every pattern here is linear in the text (no pattern can rescan the text after each of many
starts), since a contributor's file can be a megabyte of brackets.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from pathlib import Path

from casebook.validate.problems import Problem, display_path

_IMAGE_RE = re.compile(r"!\[[^\[\]\n]*\]\(\s*<?([^\s)>]*)")
_IMAGE_REF_RE = re.compile(r"!\[([^\[\]\n]*)\](?:\[([^\[\]\n]*)\])?")
_REFDEF_RE = re.compile(r"^ {0,3}\[([^\[\]\n]+)\]:[ \t]*<?([^\s>]+)", re.M)
_TAG_RE = re.compile(
    r"<\s*(img|image|video|audio|source|track|picture|iframe|frame|embed|object|script|link|input|use"
    r"|body|table|td|th|svg)\b([^<>]*)",
    re.I,
)
_ATTR_RE = re.compile(
    r"""(?:^|[\s"'/])(src|href|xlink:href|data|poster|srcset|background|imagesrcset)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.I,
)
_STYLE_URL_RE = re.compile(r"""url\(\s*(?:&quot;|&#0*3[49];|["'])?\s*([^\s"')(]*)""", re.I)
_IMPORT_RE = re.compile(r"""@import\s+(?:url\()?\s*["']?([^\s"')(;]+)""", re.I)
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
_STRIP_RE = re.compile(r"[\x00-\x20\x7f]+")
_MD_ESCAPE_RE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
# Tags whose href is a link to follow, not a resource to load: only <link>, <use> and <image>
# load what href names.
_HREF_LOADS = {"link", "use", "image"}


def _code_masked(text: str) -> str:
    """The text with fenced and inline code blanked out (same length, newlines kept): an example
    inside code is shown, never loaded."""
    out: list[str] = []
    fence: str | None = None
    parts = re.split(r"(\r\n|\r|\n)", text)  # line breaks as Python-Markdown reads them
    for line in parts[::2]:
        stripped = line.lstrip(" ")
        if fence is not None:
            if stripped.startswith(fence) and not stripped[len(fence) :].strip(fence[0] + " \t"):
                fence = None
            out.append(" " * len(line))
            continue
        m = re.match(r"(`{3,}|~{3,})", stripped)
        if m and len(line) - len(stripped) <= 3:
            fence = m.group(1)
            out.append(" " * len(line))
            continue
        out.append(re.sub(r"`[^`\n]+`", lambda c: " " * len(c.group(0)), line))
    seps = [*parts[1::2], ""]
    return "".join(line + sep for line, sep in zip(out, seps, strict=True))


def is_remote(url: str) -> bool:
    """Whether a browser would fetch `url` from somewhere other than the site itself (entities,
    Markdown backslash escapes and the blanks browsers drop from URLs do not hide a scheme)."""
    url = _STRIP_RE.sub("", html.unescape(url))
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    url = _MD_ESCAPE_RE.sub("", url)
    return url.startswith("//") or bool(_SCHEME_RE.match(url))


def allowed(url: str, allow: tuple[str, ...]) -> bool:
    clean = _STRIP_RE.sub("", html.unescape(url))
    for prefix in allow:
        if clean == prefix or (
            clean.startswith(prefix) and (prefix.endswith("/") or clean[len(prefix)] in "/?#")
        ):
            return True
    return False


def remote_media(text: str, allow: tuple[str, ...] = ()) -> Iterator[tuple[int, str]]:
    """(offset, url) of every image or media resource in Markdown (or HTML) text that would be
    fetched from outside the site and is not on the allowed list."""
    if "!" not in text and "<" not in text and "(" not in text and "@" not in text:
        return  # no image, tag, url() or @import can be there (most strings of case.yml)
    masked = _code_masked(text)
    refs = {m.group(1).strip().lower(): m.group(2) for m in _REFDEF_RE.finditer(masked)}
    found: list[tuple[int, str]] = []
    for m in _IMAGE_RE.finditer(masked):
        found.append((m.start(1), m.group(1)))
    for m in _IMAGE_REF_RE.finditer(masked):
        label = (m.group(2) or m.group(1) or "").strip().lower()
        if masked[m.end() : m.end() + 1] != "(" and label in refs:
            found.append((m.start(), refs[label]))
    for m in _TAG_RE.finditer(masked):
        tag = m.group(1).lower()
        attrs = m.group(2)
        for a in _ATTR_RE.finditer(attrs):
            name = a.group(1).lower()
            if name == "href" and tag not in _HREF_LOADS:
                continue
            value = next(v for v in a.groups()[1:] if v is not None)
            urls = [u.strip().split(" ")[0] for u in value.split(",")] if "srcset" in name else [value]
            found += [(m.start(2) + a.start(), u) for u in urls if u]
        for s in _STYLE_URL_RE.finditer(attrs):
            found.append((m.start(2) + s.start(1), s.group(1)))
    for rx in (_STYLE_URL_RE, _IMPORT_RE):
        # CSS in <style> blocks or style attributes of tags not listed above.
        for s in rx.finditer(masked):
            found.append((s.start(1), s.group(1)))
    seen: set[int] = set()
    for offset, url in sorted(found):
        if offset in seen or not is_remote(url) or allowed(url, allow):
            continue
        seen.add(offset)
        yield offset, url


def message(url: str) -> str:
    shown = url if len(url) <= 60 else url[:60] + "……"
    return f"引用了站外的图片或媒体“{shown}”：读者打开页面时浏览器会向第三方发出请求，离线课程包也无法显示"


# --- the maintainer's list -----------------------------------------------------------------------

_allow_cache: dict[str, tuple[tuple[int, int], tuple[str, ...], list[Problem]]] = {}


def allowed_media(root: Path) -> tuple[str, ...]:
    """URL prefixes listed under the casebook plugin's `allowed_media` in mkdocs.yml."""
    return _read_allowed(root)[0]


def config_problems(root: Path) -> list[Problem]:
    """Why mkdocs.yml could not be read for the list (the build would fail on it too)."""
    return _read_allowed(root)[1]


def _read_allowed(root: Path) -> tuple[tuple[str, ...], list[Problem]]:
    from casebook.validate.yamlio import position

    path = root / "mkdocs.yml"
    try:
        st = os.stat(path)
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        return (), []
    cached = _allow_cache.get(str(root))
    if cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    from casebook.validate.reader import read_text
    from casebook.validate.yamlio import load_yaml

    tf = read_text(path, "mkdocs.yml", root)
    config = load_yaml(tf, allow_tags=True) if tf.text is not None else None
    problems = list(tf.problems)
    found: list[str] = []
    plugins = config.get("plugins") if isinstance(config, dict) else None
    for i, entry in enumerate(plugins if isinstance(plugins, list) else []):
        options = entry.get("casebook") if isinstance(entry, dict) else None
        if not isinstance(options, dict) or "allowed_media" not in options:
            continue
        listed = options["allowed_media"]
        good = isinstance(listed, list) and all(isinstance(u, str) and is_remote(u) for u in listed)
        if not good:
            line, col = position(config, ("plugins", i, "casebook", "allowed_media"))
            problems.append(
                Problem(
                    "mkdocs.yml",
                    line,
                    col,
                    "CB308",
                    "allowed_media 应是网址前缀的列表",
                    '写成 allowed_media: ["https://img.example.org/casebook/"]，每项以 https:// 开头',
                )
            )
        if isinstance(listed, list):
            found += [u.strip() for u in listed if isinstance(u, str) and is_remote(u)]
    result = tuple(found)
    _allow_cache[str(root)] = (stamp, result, problems)
    return result, problems


# --- hand-written docs pages ---------------------------------------------------------------------


def docs_files(root: Path) -> list[Path]:
    """Markdown pages under docs/, without following symlinked folders."""
    docs = root / "docs"
    out: list[Path] = []
    if not docs.is_dir() or docs.is_symlink():
        return out
    for folder, dirs, files in os.walk(docs, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [Path(folder) / f for f in sorted(files) if f.endswith(".md")]
    return out


def docs_problems(root: Path) -> list[Problem]:
    """CB308 (and unreadable-file problems) for every hand-written docs page."""
    from casebook.validate.reader import TimeLimit, read_text, time_limit, timeout_problem

    allow = allowed_media(root)
    problems: list[Problem] = []
    for path in docs_files(root):
        shown = display_path(path, root)
        tf = read_text(path, shown, root)
        problems += tf.problems
        if tf.text is None:
            continue
        try:
            with time_limit():
                problems += markdown_problems(tf.text, shown, allow)
        except TimeLimit:
            problems.append(timeout_problem(shown))
    return problems


def markdown_problems(text: str, shown: str, allow: tuple[str, ...]) -> list[Problem]:
    """What a hand-written page may not do either: load media from elsewhere (CB308), or be
    Markdown the renderer cannot lay out (CB309)."""
    import bisect
    from itertools import islice

    from casebook.validate.mdshape import shape_problems

    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    out: list[Problem] = []

    def at(offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    for offset, url in islice(remote_media(text, allow), 1000):
        out.append(Problem(shown, *at(offset), "CB308", message(url)))
    for offset, rule, msg, fix in shape_problems(text):
        out.append(Problem(shown, *at(offset), rule, msg, fix))
    return out
