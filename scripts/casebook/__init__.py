"""casebook: tools and MkDocs plugin for a library of community-governance cases."""

__version__ = "0.1.0"
