"""The MkDocs config of a course pack: the main site's look, offline search, and the casebook plugin
in pack mode (which supplies every page, the nav and the offline assets: see plugin/plugin.py).

Nothing here is written to the library: the config is built in memory over an empty docs folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.model.course import Course
from casebook.pack import SCRIPTS
from casebook.pack.pages import SHIM
from casebook.plugin import theming


def site_settings(root: Path) -> dict[str, Any]:
    """Look-and-feel settings of the main site that are safe offline (palette, features, Markdown)."""
    path = root / "mkdocs.yml"
    try:
        from mkdocs.utils.yaml import yaml_load

        with path.open(encoding="utf-8") as f:
            cfg = yaml_load(f) or {}
    except Exception:  # the pack can do without the main site's styling
        return {}
    if not isinstance(cfg, dict):
        return {}
    out: dict[str, Any] = {}
    theme_cfg: dict[str, Any] = cfg["theme"] if isinstance(cfg.get("theme"), dict) else {}
    if theme_cfg.get("palette"):
        out["palette"] = theme_cfg["palette"]
    # Instant navigation fetches pages with XHR, which file:// forbids.
    features = theme_cfg.get("features") or []
    out["features"] = [f for f in features if not str(f).startswith("navigation.instant")]
    if cfg.get("markdown_extensions"):
        out["markdown_extensions"] = cfg["markdown_extensions"]
    out["nav"] = cfg.get("nav")
    if theme_cfg.get("custom_dir"):
        out["custom_dir"] = str((root / str(theme_cfg["custom_dir"])).resolve())
    for key in ("extra_css", "extra_javascript"):
        out[key] = [str(x) for x in cfg.get(key) or [] if isinstance(x, str)]
    for plugin in cfg.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("search"), dict):
            search = dict(plugin["search"])
            for key in ("jieba_dict", "jieba_dict_user"):
                if search.get(key):
                    search[key] = str((root / search[key]).resolve())
            out["search"] = search
    return out


def _assets_in_pack(entries: list[str], custom_dir: str | None) -> list[str]:
    """The site's own scripts and styles that a pack has: the plugin's, and those of the site's
    theme overrides (docs/ is not part of a pack)."""
    ours = {*theming.EXTRA_JAVASCRIPT, *theming.EXTRA_CSS}
    return [e for e in entries if e in ours or (custom_dir is not None and (Path(custom_dir) / e).is_file())]


def pack_config(root: Path, course: Course, script: str, work: Path, site_dir: Path) -> Any:
    """MkDocs config for the pack of `course` in `script`, built from `work` (an empty folder)."""
    from mkdocs.config import load_config

    settings = site_settings(root)
    (work / "docs").mkdir(parents=True, exist_ok=True)
    (work / "mkdocs.yml").write_text("site_name: pack\n", "utf-8")
    features = [*settings.get("features", []), "search.highlight", "navigation.footer"]
    custom_dir = settings.get("custom_dir")
    return load_config(
        str(work / "mkdocs.yml"),
        site_name=course.title,
        site_url="",
        docs_dir=str(work / "docs"),
        site_dir=str(site_dir),
        use_directory_urls=False,
        strict=True,
        # The site's nav: the plugin puts the course's pages first and keeps what the pack has.
        nav=settings.get("nav"),
        theme={
            "name": "material",
            "language": SCRIPTS[script][0],
            "font": False,
            "features": list(dict.fromkeys(features)),
            **({"palette": settings["palette"]} if settings.get("palette") else {}),
            **({"custom_dir": custom_dir} if custom_dir and Path(custom_dir).is_dir() else {}),
        },
        plugins=[
            {"search": settings.get("search") or {"lang": "zh"}},
            "offline",
            {"casebook": {"mode": "pack", "course": str(course.path), "root": str(root), "script": script}},
        ],
        markdown_extensions=settings.get("markdown_extensions")
        or ["admonition", "attr_list", "tables", {"toc": {"permalink": False}}],
        # The shim's URL names "iframe-worker", so Material's offline plugin adds no CDN copy.
        extra={"polyfills": [SHIM], "generator": False},
        extra_css=_assets_in_pack(settings.get("extra_css", []), custom_dir),
        extra_javascript=_assets_in_pack(settings.get("extra_javascript", []), custom_dir),
        validation={
            "nav": {"omitted_files": "ignore", "not_found": "warn"},
            "links": {
                "not_found": "warn",
                "anchors": "warn",
                "absolute_links": "warn",
                "unrecognized_links": "warn",
            },
        },
    )
