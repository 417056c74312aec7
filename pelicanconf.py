"""Site settings: the one file a site owner edits.

`publishconf.py` overrides only what production changes.
"""

import os

SITENAME = "The Daily Digest"
SITESUBTITLE = "World news, digested daily"
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
USE_FOLDER_AS_CATEGORY = False
# No translations: two articles sharing a title are two articles, not one
# article and its translation (plugins/unique_urls gives them two URLs).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
DEFAULT_CATEGORY = "News"
# Pelican gives articles DEFAULT_CATEGORY only while category pages are written
# (CATEGORY_SAVE_AS below is off); drafts are written with their category.
DEFAULT_METADATA = {"category": DEFAULT_CATEGORY}

PLUGIN_PATHS = ["plugins"]
# Each plugin adds its own line here. Order does not matter: each one hooks
# the Pelican signal its work belongs to.
PLUGINS = [
    "news_readers",
    "boilerplate",
    "unique_urls",
    # site_search before feeds, so the indexer starts first and runs while they are written,
    # and before strict_build, so STRICT counts an indexer failure.
    "site_search",
    "feeds",
    "strict_build",
    "render_cache",
    "pelican.plugins.sitemap",
    "reading_time",
    "related_articles",
    "listing_cards",  # each article's listing card rendered once per build
    "topics",
    "lean_memory",  # frees Pelican's copy of every source once its cache is saved
    "linear_listings",  # topic and author pages without Pelican's quadratic lookups
]

# `make html STRICT=1` sets this: any warning then fails the build.
STRICT = False

# Reading the same unchanged sources twice is wasted work.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".cache/pelican"
# Compressing the cache costs more time than reading it back saves.
GZIP_CACHE = False
# Pages are rendered again only when what they show changed (plugins/render_cache).
RENDER_CACHE = True

# --- URLs -------------------------------------------------------------------
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"  # `Status: draft`: built for a preview, never listed
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
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
DIRECT_TEMPLATES = ["index", "tags", "authors", "archives", "search", "404", "robots"]
# The theme's 404 page is written to 404.html at the output root (Pelican's default name).
ROBOTS_SAVE_AS = "robots.txt"
ROBOTS_URL = "robots.txt"
# One category for everything: no category pages to publish.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
# Pages get their own path segment, so a tag `python3` never meets page 3 of `python`.
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
]
DEFAULT_PAGINATION = 20


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
FEEDS_MAX_ITEMS = 50
FEEDS_SITE_RSS = "feeds/all.rss.xml"
FEEDS_SITE_ATOM = "feeds/all.atom.xml"
FEEDS_SITE_JSON = "feeds/all.json"
FEEDS_TAG_RSS = "feeds/tag/{slug}.rss.xml"
FEEDS_TAG_ATOM = "feeds/tag/{slug}.atom.xml"

# --- Sitemap (pelican-sitemap) ---------------------------------------------
SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.8, "indexes": 0.5, "pages": 0.5},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    # Not pages a search engine should list.
    "exclude": [r"^404\.html$", r"^robots\.txt$"],
}

# --- Search (plugins/site_search) -------------------------------------------
# Pagefind indexes the article pages (their data-pagefind-body element) on every
# build, in the background while the rest of the site is written, in two bundles:
# output/<SEARCH_BUNDLE_DIR>/recent/ (the newest article's year) and .../archive/
# (older years); the search page loads the first and merges the second. A bundle
# whose article pages did not change is kept (its digest is stored under CACHE_PATH
# and follows CACHE_CONTENT / LOAD_CONTENT_CACHE), so a new article re-indexes only
# its year.
SEARCH_INDEX = True  # False skips indexing (tests that need no search)
SEARCH_PAGEFIND_BINARY = None  # None: the binary shipped in the pagefind_bin wheel
SEARCH_BUNDLE_DIR = "pagefind"
SEARCH_INDEX_TIMEOUT = 300  # seconds
# Pagefind's worker threads; None: one per core. 1 leaves the build's own thread a core
# of its own on a two-core machine, but the build then waits longer for the index.
SEARCH_INDEXER_THREADS = None

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
