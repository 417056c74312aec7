"""sitemap.xml from the pages a build wrote: plain functions, no Pelican."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

XML_HEADER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


@dataclass(frozen=True)
class Entry:
    url: str  # relative to the site, without a trailing index.html
    kind: str  # articles, pages or indexes
    lastmod: str | None  # W3C date-time; None when the page shows nothing dated


def clean_url(url: str) -> str:
    return re.sub(r"(?:^|(?<=/))index\.html$", "", url)


def render(entries: list[Entry], siteurl: str, config: dict) -> str:
    """The sitemap of ``entries``, sorted by URL, one entry per URL."""
    priorities = config.get("priorities", {})
    changefreqs = config.get("changefreqs", {})
    lines = [XML_HEADER]
    for entry in sorted({e.url: e for e in entries}.values(), key=lambda e: e.url):
        lines.append(f"<url>\n<loc>{escape(siteurl)}/{escape(entry.url)}</loc>\n")
        if entry.lastmod:
            lines.append(f"<lastmod>{entry.lastmod}</lastmod>\n")
        if entry.kind in changefreqs:
            lines.append(f"<changefreq>{changefreqs[entry.kind]}</changefreq>\n")
        if entry.kind in priorities:
            lines.append(f"<priority>{float(priorities[entry.kind]):.2f}</priority>\n")
        lines.append("</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines)
