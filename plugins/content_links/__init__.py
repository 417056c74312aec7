"""`{static}/...` and `{filename}/...` links from the content folder, as Pelican documents
them (Pelican resolves them from `PATH`, here the project). A link to no file loses its
marker and is reported, so Pelican neither half-publishes it nor warns without naming
the article."""

from __future__ import annotations

import logging
import os
import posixpath
import re
from collections.abc import Callable
from html import unescape
from urllib.parse import unquote, urlsplit

from pelican import signals
from plugin_support.settings import setting

logger = logging.getLogger(__name__)

# The links Pelican resolves to a file of the site (`{tag}`, `{author}`... name no file).
FILE_LINKS = ("static", "attach", "filename")


def link_pattern(intrasite_link_regex: str) -> re.Pattern:
    """The attribute values Pelican rewrites, as `Content` matches them."""
    return re.compile(
        rf"""(?P<markup><[^>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*)
        (?P<quote>["'])(?P<path>{intrasite_link_regex}(?P<value>.*?))(?P=quote)""",
        re.X,
    )


def may_link_files(html: str) -> bool:
    """A quick test that spares the pattern most articles (one fast scan first)."""
    return ("{" in html or "|" in html) and any(
        f"{{{what}}}" in html or f"|{what}|" in html for what in FILE_LINKS
    )


def resolve_links(
    html: str, pattern: re.Pattern, source_dir: str, root: str, exists: Callable[[str], bool]
) -> tuple[str, list[str]]:
    """`html` with root-relative file links moved under `root`, and the links whose target
    does not exist (`exists(path from PATH)`) listed and left unmarked. `source_dir` (the
    article's folder) and `root` are relative to PATH."""
    missing: list[str] = []

    def replace(match: re.Match) -> str:
        if match["what"] not in FILE_LINKS:
            return match[0]
        value = match["value"]
        path = unquote(unescape(urlsplit(value).path))
        if path.startswith("/"):
            target = posixpath.normpath(path.lstrip("/"))
            if root and not target.startswith(root.rstrip("/") + "/"):
                target = posixpath.normpath(posixpath.join(root, target))
            value = "/" + target + value[len(urlsplit(value).path) :]
        else:
            target = posixpath.normpath(posixpath.join(source_dir, path))
        if not path or not exists(target):
            missing.append(match["path"])
            return f"{match['markup']}{match['quote']}{match['value']}{match['quote']}"
        return match[0][: match.start("value") - match.start()] + value + match["quote"]

    return pattern.sub(replace, html), missing


_state: dict = {}


def read_settings(pelican) -> None:
    settings = pelican.settings
    _state["exists"] = lambda path: os.path.exists(os.path.join(settings["PATH"], path))
    _state["root"] = setting(
        settings, "CONTENT_LINKS_ROOT", "content", lambda v: isinstance(v, str), "a folder of PATH"
    )
    _state["pattern"] = link_pattern(settings["INTRASITE_LINK_REGEX"])


def resolve_content_links(content) -> None:
    # Runs before Pelican collects the article's static links (right after this signal).
    for name in ("_content", "_summary"):
        text = getattr(content, name, None)
        if not isinstance(text, str) or not may_link_files(text):
            continue
        source = content.relative_source_path
        text, missing = resolve_links(
            text, _state["pattern"], os.path.dirname(source), _state["root"], _state["exists"]
        )
        for link in missing:
            logger.warning("%s: link %s does not resolve: no such file", source, link)
        setattr(content, name, text)


def register():
    signals.initialized.connect(read_settings)
    signals.content_object_init.connect(resolve_content_links)
