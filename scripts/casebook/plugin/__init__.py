"""The MkDocs adapter (see plugin.py); MkDocs finds it by the entry point `casebook`."""

from casebook.plugin.plugin import CasebookPlugin

__all__ = ["CasebookPlugin"]
