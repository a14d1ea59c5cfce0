"""Which search a build gets, and what it needs from MkDocs's config.

A site searches with Pagefind (pipeline/pagefind.py, run after the build): Material's search
plugin, where mkdocs.yml still lists it, is switched off, and the search box gets its strings in
the edition's script.  A course pack keeps Material's lunr search, which is handed our jieba
dictionaries (pipeline/search.py makes them) before it reads its options (the casebook plugin's
on_config runs first, by priority).
"""

from __future__ import annotations

import logging
from typing import Any

from casebook.errors import CasebookError
from casebook.model.library import Library
from casebook.pipeline import editions
from casebook.pipeline import search as searchdict

# The search box on the online editions, in Simplified; the Traditional edition converts them.
# `#` is the number of results.
UI = {
    "label": "搜索案例、做法、地名",
    "placeholder": "输入要找的词，例如：红色物业、12345、网格员",
    "loading": "正在搜索……",
    "none": "没有找到符合条件的结果",
    "count": "找到 # 个结果",
    "error": "搜索暂时无法使用（#），请刷新页面后重试",
    "reset": "清空",
}


class JiebaMissing(CasebookError):
    """jieba is not importable: Material would index whole sentences, which no word query finds."""


def _search_plugin(config: Any) -> Any:
    for plugin in config.plugins.values():
        if hasattr(getattr(plugin, "config", None), "jieba_dict_user"):
            return plugin
    return None


def use_pagefind(config: Any, script: str) -> None:
    """Pagefind instead of Material's search: its plugin (if listed) off, the box's strings set."""
    search = _search_plugin(config)
    if search is not None:
        search.config.enabled = False
    config.extra["casebook_search"] = {k: editions.convert_text(v, script) for k, v in UI.items()}


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
