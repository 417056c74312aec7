"""Site settings: the one file a site owner edits.

`publishconf.py` overrides only what production changes.
"""

import os
import sys

SITENAME = "The Daily Digest"  # the masthead, page titles and feeds
SITESUBTITLE = "World news, digested daily"  # the tagline under the masthead
SITEURL = ""  # root-relative links; `make publish` sets the absolute URL
AUTHOR = "Digest staff"  # byline of a seed that names no author
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# --- Sources ----------------------------------------------------------------
# Raw wire articles go in seeds/, Markdown articles in content/, pages in
# content/pages/. Nothing else under the project is content.
PATH = "."
ARTICLE_PATHS = ["content", "seeds"]
ARTICLE_EXCLUDES = ["content/pages"]
PAGE_PATHS = ["content/pages"]
STATIC_PATHS = ["content/images"]
# Pelican's default skips dot-files only below the top of a path.
IGNORE_FILES = [".*", "**/.*"]
# No translations: two articles sharing a title are two articles, not one
# article and its translation (plugins/permalinks gives them two URLs).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
# Sections: `Category:` is an article's section (World, Labor...). Without one, an
# article is filed in the section of its strongest topic that has one (topics.toml,
# [sections]), else in DEFAULT_CATEGORY. Folder names (`seeds`, `content`) are not sections.
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "News"
# `{static}/images/chart.png` and `{filename}/2024/03/story.md` start from this
# folder, as Pelican documents them (PATH is the project, so it would resolve them
# from there). A link whose file does not exist is a warning naming the article.
CONTENT_LINKS_ROOT = "content"
# An article dated in the future is a draft (at DRAFT_URL) until a build runs after
# its date: cron `make publish` to publish embargoed stories on time (README).
WITH_FUTURE_DATES = False
# A file named `2024-03-05-story.md` without `Date:` is dated by its name (Pelican's default).
FILENAME_METADATA = r"(?P<date>\d{4}-\d{2}-\d{2}).*"
# The content cache keeps what readers return and Pelican decides "future" after it,
# on every build; the "generator" layer would keep the decision and conflicts with
# WITH_FUTURE_DATES (Pelican warns).
CONTENT_CACHING_LAYER = "reader"

PLUGIN_PATHS = ["plugins"]
# The plugins share plugins/plugin_support (helpers, not a plugin): Pelican loads each
# plugin from PLUGIN_PATHS without putting that folder on the import path.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins"))
# Signal handlers run in the order the plugins are listed here, so the list is the
# pipeline: read -> clean -> tag -> URLs -> extras -> write -> feeds -> search ->
# record (prune what is no longer built) -> strict. Each plugin says in its
# docstring where it must stand.
PLUGINS = [
    "build_progress",  # first: a long build says where it is (a bar, or plain lines in cron)
    "news_readers",  # seeds, Markdown, reST and HTML; one warning for a file not published
    "content_links",  # {static} and {filename} links from content/
    "wide_blocks",  # code blocks and tables scroll inside themselves
    "boilerplate",  # the wire's boilerplate tail goes before anything reads the text
    "topics",  # tags from topics.toml, before Pelican groups articles by tag
    "permalinks",  # every article its own address, for good (PERMALINKS_LEDGER)
    "linear_listings",  # topic, author and archive pages without Pelican's quadratic lookups
    "lean_memory",  # frees Pelican's copy of every source once its cache is saved
    "reading_time",
    "related_articles",
    "listing_cards",  # each article's listing card rendered once per build
    "stable_pagination",  # numbered listing pages that never change once full
    "sitemap_xml",  # sitemap.xml, dated by the content, not by the clock
    "feeds",
    # After feeds: the indexer, started once the article pages are written, runs while
    # the feeds are written, and the build waits for it after them.
    "site_search",
    # After every plugin that writes output: it prunes what this build did not produce.
    "output_record",
    "strict_build",  # last: the build fails only once everything else is done
]

# A build says where it is: a progress bar on a terminal, plain lines in cron (False: silent).
BUILD_PROGRESS = True

# `make html STRICT=1` sets this: any warning then fails the build.
STRICT = False

# Reading the same unchanged sources twice is wasted work.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".cache/pelican"
# Compressing the cache costs more time than reading it back saves.
GZIP_CACHE = False
# Pages are rendered again only when what they show changed (plugins/output_record).
RENDER_CACHE = True
# A build keeps busy one process per core it may use: workers parse the sources and a
# helper renders the listing pages beside it. Set BUILD_PROCESSES = 1 for one process.
# Files in output/ that no build produces are removed at the end of every build,
# except these (names at the top of output/, or glob patterns), which a site owner
# puts there by hand: e.g. ["googlexxxx.html", ".well-known"].
OUTPUT_RETENTION = []

# --- URLs -------------------------------------------------------------------
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
# Every URL an article was published at, with its source file (plugins/permalinks):
# the article keeps it for good and no other article is ever given it. The build
# keeps this file (relative to PATH, the project); editors commit it. None: no ledger.
PERMALINKS_LEDGER = "permalinks.json"
PERMALINKS_SLUG_MAX = 80  # characters; a longer slug is cut at a word boundary
DRAFT_URL = "drafts/{slug}/"  # `Status: draft`: built for a preview, never listed
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
# `Lang: fr` sets the page's language, not its address: same scheme as every article.
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
DRAFT_LANG_URL = DRAFT_URL
DRAFT_LANG_SAVE_AS = DRAFT_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
CATEGORY_URL = "section/{slug}/"  # a section's page (paginated like a topic's)
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "sections/"  # every section, with its number of articles
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search", "404", "robots"]
# The theme's 404 page is written to 404.html at the output root (Pelican's default name).
ROBOTS_SAVE_AS = "robots.txt"
ROBOTS_URL = "robots.txt"
# Pages get their own path segment, so a tag `python3` never meets page 3 of `python`.
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]
DEFAULT_PAGINATION = 20  # articles per listing page (front page, topics, authors)


def newest_first(article):
    """Newest first; articles of one moment by source file. Pelican reads the
    files in no fixed order, so without the second key a rebuild of the same
    content could list same-day articles in another order."""
    return (-article.date.timestamp(), article.relative_source_path)


ARTICLE_ORDER_BY = newest_first

# The summary is the article's first paragraph, whole.
SUMMARY_MAX_PARAGRAPHS = 1
SUMMARY_MAX_LENGTH = None

# --- Theme ------------------------------------------------------------------
THEME = "theme"
# Every page of content/pages/ is linked from the navigation (True) or, if not, from
# the footer. MENUITEMS adds (label, URL) pairs to the navigation, e.g.
# (("Corrections", "/corrections/"),).
DISPLAY_PAGES_ON_MENU = True
MENUITEMS = ()
# Markdown: Pelican's defaults. Code is coloured by Pygments as CSS classes (the
# theme's stylesheet colours them, light and dark) when its block names a language
# (```python); guessing one is slow and often wrong.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
# Escape every value a template prints unless it is marked safe (the content).
# No auto_reload: every build (`pelican -r` too) makes a new environment, so checking
# each template file's time on every page (tens of thousands of stat calls) buys nothing.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "auto_reload": False,
}

# --- Feeds ------------------------------------------------------------------
# Pelican's own feeds are off: they fail the W3C validator.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# Feeds are written by plugins/feeds (feedgen). The theme links the same paths.
FEEDS_BASE_URL = "http://127.0.0.1:8000"  # what `make serve` serves; publishconf uses SITEURL
# Items of each subscription feed, and of each archive document that holds the older
# ones (RFC 5005: feeds/all/1.atom.xml holds the oldest and never changes once full).
FEEDS_MAX_ITEMS = 50
FEEDS_SITE_RSS = "feeds/all.rss.xml"
FEEDS_SITE_ATOM = "feeds/all.atom.xml"
FEEDS_SITE_JSON = "feeds/all.json"
# Per topic (tag) and per section (category); None switches a format off.
FEEDS_TAG_RSS = "feeds/tag/{slug}.rss.xml"
FEEDS_TAG_ATOM = "feeds/tag/{slug}.atom.xml"
FEEDS_TAG_JSON = "feeds/tag/{slug}.json"
FEEDS_SECTION_RSS = "feeds/section/{slug}.rss.xml"
FEEDS_SECTION_ATOM = "feeds/section/{slug}.atom.xml"
FEEDS_SECTION_JSON = "feeds/section/{slug}.json"
FEEDS_TOPICS_OPML = "feeds/topics.opml"  # every topic feed, to import in one step

# --- Sitemap (plugins/sitemap_xml) ------------------------------------------
SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.8, "indexes": 0.5, "pages": 0.5},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    # Not pages a search engine should list.
    "exclude": [r"^404\.html$", r"^robots\.txt$"],
}

# --- Search (plugins/site_search) -------------------------------------------
# Pagefind indexes the published articles' pages (not drafts, not `Status: hidden`)
# on every build, in the background while the rest of the site is written, in
# shards: bundles of at most SEARCH_SHARD_SIZE articles under output/<SEARCH_BUNDLE_DIR>/,
# cut where the articles' file names say (so a correction, retraction or backdated
# story changes one shard, a new story the newest), which the search page merges. A
# shard whose pages did not change keeps its bundle while its files are as recorded
# under CACHE_PATH (follows CACHE_CONTENT / LOAD_CONTENT_CACHE). Pagefind writes into a
# work folder under CACHE_PATH, never into output/, and dies with the build.
SEARCH_INDEX = True  # False skips indexing (tests that need no search)
SEARCH_PAGEFIND_BINARY = None  # None: the binary shipped in the pagefind_bin wheel
SEARCH_BUNDLE_DIR = "pagefind"
SEARCH_INDEX_TIMEOUT = 300  # seconds, for each shard
# Pagefind's worker threads; None: one per core. 1 leaves the build's own thread a core
# of its own on a two-core machine, but the build then waits longer for the index.
SEARCH_INDEXER_THREADS = None
# Articles per shard at most: Pagefind's memory grows by about 200 MB a 1,000 pages, and
# the first search fetches a part of every shard (most shards hold 1,000 to 2,000; the
# newest articles, not yet a full shard, are in shards of a quarter of this).
SEARCH_SHARD_SIZE = 2000

# --- Theme extras (plugins/reading_time, plugins/related_articles) ---------
READING_TIME_WORDS_PER_MINUTE = 230
RELATED_ARTICLES_MAX = 5  # "More on <topic>" under an article
RELATED_ARTICLES_WINDOW = 200  # candidates compared per tag: keeps the work linear
THEME_TOP_TOPICS = 10  # "Top topics" on the topic index

# --- Boilerplate (plugins/boilerplate) ---------------------------------------
# Lines of the wire source, not of the story, removed from the END of every
# article and page: only the trailing run of blocks (paragraphs, list items,
# link-only paragraphs, lines glued under the last paragraph) that match goes.
# A rule is a block's whole text, case and spacing aside: a string (literal
# text, end punctuation optional), {"text": ...} or {"regex": ...} (matched
# against the whole block: no ^ or $ needed). "and_next": True takes the block
# after it too, whatever it says (the contact line and its link).
BOILERPLATE_RULES = [
    {"text": "To contact the WSWS and the Socialist Equality Party visit:", "and_next": True},
    {
        "regex": r"To contact the WSWS and the Socialist Equality Party,? visit:?"
        r" \S*wsws\.org/contact\S*"
    },
    {"regex": r"(https?://)?(www\.)?wsws\.org/contact/?"},
    "Sign up for the WSWS email newsletter",
    "Follow the WSWS on social media",
]
# CSS selectors for authors' HTML: a trailing block goes if it is selected, or
# if all it shows is inside selected elements (a paragraph that is one link).
# These two settings are the only rules: the plugin has none of its own. A bad
# entry is left out with one logged error naming it.
BOILERPLATE_SELECTORS = [
    'a[href*="wsws.org/contact" i]',
    ".boilerplate",  # <div class="boilerplate"> in a Markdown article
]

# --- Topics (plugins/topics) ---------------------------------------------------
# Articles are tagged from the controlled vocabulary editors keep in topics.toml,
# next to this file (found from here, whatever folder Pelican runs in).
TOPICS_VOCABULARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "topics.toml")
TOPICS_MAX = 8  # tags per article, strongest first
TOPICS_MIN_MENTIONS = 2  # evidence a tag needs: this many mentions, or one in the title
TOPICS_TITLE_WEIGHT = 3  # a mention in the title counts as this many in the text
TOPICS_FALLBACK_BELOW = 2  # fewer vocabulary tags than this: recurring proper names fill in
TOPICS_FALLBACK_MAX = 3  # ...at most this many (logged at info, for editors)
