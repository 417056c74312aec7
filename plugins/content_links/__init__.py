"""`{static}` and `{filename}` links from content/, and one warning per broken one.

The logic is in ``links.py``; this module is glue.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from plugin_support.settings import setting

from .links import link_pattern, may_link_files, resolve_links

logger = logging.getLogger(__name__)

_state: dict = {"path": ".", "root": "content", "pattern": None}


def read_settings(pelican) -> None:
    settings = pelican.settings
    _state["path"] = settings["PATH"]
    _state["root"] = setting(
        settings, "CONTENT_LINKS_ROOT", "content", lambda v: isinstance(v, str), "a folder of PATH"
    )
    _state["pattern"] = link_pattern(settings["INTRASITE_LINK_REGEX"])


def resolve_content_links(content) -> None:
    # Runs before Pelican collects the article's static links (right after this signal).
    texts = {name: getattr(content, name, None) for name in ("_content", "_summary")}
    texts = {name: text for name, text in texts.items() if isinstance(text, str)}
    if _state["pattern"] is None or not any(may_link_files(t) for t in texts.values()):
        return
    source = content.relative_source_path

    def exists(path: str) -> bool:
        return os.path.exists(os.path.join(_state["path"], path))

    for name, text in texts.items():
        text, missing = resolve_links(
            text, _state["pattern"], os.path.dirname(source), _state["root"], exists
        )
        for link in missing:
            logger.warning("%s: link %s does not resolve: no such file", source, link)
        setattr(content, name, text)


def register():
    signals.initialized.connect(read_settings)
    signals.content_object_init.connect(resolve_content_links)
