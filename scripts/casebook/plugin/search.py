"""Handing Material's search plugin our jieba dictionaries (pipeline/search.py makes them).

This is MkDocs glue: it finds the search plugin in the config and fills in its jieba options
before that plugin reads them (the casebook plugin's on_config runs first, by priority).
"""

from __future__ import annotations

import logging
from typing import Any

from casebook.errors import CasebookError
from casebook.model.library import Library
from casebook.pipeline import search as searchdict


class JiebaMissing(CasebookError):
    """jieba is not importable: Material would index whole sentences, which no word query finds."""


def _search_plugin(config: Any) -> Any:
    for plugin in config.plugins.values():
        if hasattr(getattr(plugin, "config", None), "jieba_dict_user"):
            return plugin
    return None


def configure(config: Any, lib: Library) -> None:
    """jieba's dictionary in both scripts and the library's words, unless the config names its own."""
    search = _search_plugin(config)
    if search is None or not search.config.enabled:
        return
    try:
        import jieba
    except ImportError as e:
        raise JiebaMissing(
            "没有安装 jieba，搜索索引将无法分词（中文词语搜不到）。请运行 pip install -e . 安装依赖后重试。"
        ) from e
    jieba.setLogLevel(logging.WARNING)
    # Material calls jieba.set_dictionary() when jieba_dict is set, which makes jieba reload
    # (about a second); the second edition of a build finds it loaded and skips that.
    base = str(searchdict.base_dictionary())
    if not search.config.jieba_dict and (jieba.dt.dictionary != base or not jieba.dt.initialized):
        search.config.jieba_dict = base
    if not search.config.jieba_dict_user:
        search.config.jieba_dict_user = str(searchdict.user_dictionary(lib))
