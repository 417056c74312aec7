"""Shared by the plugins (not a plugin itself): settings checks (``settings``),
cache keys, result caches and atomic files (``caches``), HTML to text (``text``)."""
