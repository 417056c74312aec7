"""Shared by the plugins (not a plugin itself): settings checks (``settings``),
cache keys, result caches and atomic files (``caches``), the files a build produced
(``output``), what a template reads (``template_reads``), HTML to text (``text``)."""
