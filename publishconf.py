"""Production settings: everything in pelicanconf.py, with absolute URLs.

Run as `make publish SITEURL=https://news.example.org`.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    sys.exit(
        "publishconf.py: set SITEURL to the site's address, e.g. make publish SITEURL=https://news.example.org"
    )

FEEDS_BASE_URL = SITEURL
RELATIVE_URLS = False
# output/ is not deleted first: the build prunes what it no longer produces and keeps
# the time of every file it did not change (plugins/output_record).
