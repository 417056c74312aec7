"""sitemap.xml, the same for the same sources.

pelican-sitemap dates every listing page with the time of the build, so two
builds of the same sources differ (and the file changes on every build). Here
a page's ``lastmod`` is its article's or page's own date (``Modified:`` first),
a listing's the newest article it shows, and nothing for a page without dates.
Settings: ``SITEMAP`` with ``priorities``, ``changefreqs`` (keyed articles,
pages, indexes) and ``exclude`` (regular expressions matched against URLs).
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple
from xml.sax.saxutils import escape

from pelican import contents, signals
from plugin_support.output import write_output


class Entry(NamedTuple):
    url: str  # relative to the site, without a trailing index.html
    kind: str  # articles, pages or indexes
    lastmod: str | None  # W3C date-time; None when the page shows nothing dated


def clean_url(url: str) -> str:
    return re.sub(r"(?:^|(?<=/))index\.html$", "", url)


def render(entries: list[Entry], siteurl: str, config: dict) -> str:
    """The sitemap of ``entries``, sorted by URL, one entry per URL."""
    priorities, changefreqs = config.get("priorities", {}), config.get("changefreqs", {})
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for entry in sorted({e.url: e for e in entries}.values()):
        lines.append(f"<url>\n<loc>{escape(siteurl)}/{escape(entry.url)}</loc>\n")
        if entry.lastmod:
            lines.append(f"<lastmod>{entry.lastmod}</lastmod>\n")
        if entry.kind in changefreqs:
            lines.append(f"<changefreq>{changefreqs[entry.kind]}</changefreq>\n")
        if entry.kind in priorities:
            lines.append(f"<priority>{float(priorities[entry.kind]):.2f}</priority>\n")
        lines.append("</url>\n")
    return "".join(lines) + "</urlset>\n"


_entries: list[Entry] = []


def start_build(pelican):
    _entries.clear()  # `pelican -r` builds again in this process, maybe after a failure


def add_page(path, context):
    item = context.get("article") or context.get("page")
    if item is None:  # a listing: dated by the newest article it shows
        page = context.get("articles_page")
        shown = page.object_list if page is not None else context.get("articles") or ()
        date = max((a.date for a in shown), default=None)
    elif item.status != "published":
        return  # drafts and hidden articles are reachable by their URL only
    else:
        date = getattr(item, "modified", None) or getattr(item, "date", None)
    kind = {contents.Article: "articles", contents.Page: "pages"}.get(type(item), "indexes")
    url = clean_url(item.url if item is not None else context["output_file"])
    _entries.append(Entry(url, kind, date.isoformat(timespec="seconds") if date else None))


def write_sitemap(pelican):
    config = pelican.settings.get("SITEMAP", {})
    excluded = [re.compile(pattern) for pattern in config.get("exclude", ())]
    entries = [e for e in _entries if not any(p.search(e.url) for p in excluded)]
    # Sitemaps need absolute URLs: a local build uses the address `make serve` serves.
    siteurl = pelican.settings["SITEURL"] or pelican.settings.get("FEEDS_BASE_URL", "")
    xml = render(entries, siteurl, config)
    write_output(os.path.join(pelican.output_path, "sitemap.xml"), xml.encode("utf-8"))


def register():
    signals.get_generators.connect(start_build)
    signals.content_written.connect(add_page)
    signals.finalized.connect(write_sitemap)
