"""Remove the wire source's boilerplate tail from every article and page.

Runs as each piece of content is built (``content_object_init``), before
anything reads its content or summary: pages, summaries, feeds, the search
index and the tagger only ever see the cleaned text. The rules are the
settings BOILERPLATE_RULES and BOILERPLATE_SELECTORS (pelicanconf.py); the
logic is in ``strip.py`` and ``rules.py``; this module is glue.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.contents import Static
from plugin_support.caches import ResultCache, cache_key, code_version

from .rules import Rules, compile_rules
from .strip import Stripped, strip_boilerplate

logger = logging.getLogger(__name__)

_CODE = code_version(Path(__file__).parent)
_state: dict = {"settings": None, "rules": Rules(), "cache": None}
_totals = {"contents": 0, "changed": 0, "blocks": 0}


def _rules_for(settings) -> Rules:
    """The rules of these settings, compiled once; one logged error per bad entry."""
    if _state["settings"] is not settings:
        rules, errors = compile_rules(
            settings.get("BOILERPLATE_RULES"), settings.get("BOILERPLATE_SELECTORS")
        )
        for error in errors:
            logger.error("boilerplate: %s", error)
        _state.update(settings=settings, rules=rules, cache=None)
    return _state["rules"]


def start(pelican) -> None:
    settings = pelican.settings
    _rules_for(settings)
    # Results are kept between builds, keyed by this code and the rules.
    rules = (settings.get("BOILERPLATE_RULES"), settings.get("BOILERPLATE_SELECTORS"))
    _state["cache"] = ResultCache(settings, "boilerplate-results", cache_key(_CODE, rules))
    _totals.update(contents=0, changed=0, blocks=0)


def _strip(html: str, settings, source: str) -> Stripped:
    """strip_boilerplate, answered from the last build when it saw the same
    text in the same file (each article keeps an entry of its own).

    The cache keeps how to redo the edit (how much of the text stays, the new
    end, what went), not the cleaned text: the text itself is the article's.
    """
    rules, cache = _rules_for(settings), _state["cache"]
    key = cache_key(source, html) if cache is not None else None
    edit = cache.get(key) if cache is not None else None
    if edit is None:
        result = strip_boilerplate(html, rules)
        end = result.html[result.kept :] if result.changed else None
        if cache is not None:
            cache.put(key, (result.kept, end, result.removed, result.everything))
        return result
    kept, end, removed, everything = edit
    text = html if end is None else html[:kept] + end
    return Stripped(text, removed=removed, everything=everything, kept=kept)


def _describe(removed) -> str:
    return "; ".join(repr(text if len(text) <= 80 else text[:77] + "...") for text in removed)


def clean_content(content) -> None:
    if isinstance(content, Static) or not isinstance(getattr(content, "_content", None), str):
        return
    source = content.relative_source_path or content.source_path
    _totals["contents"] += 1
    result = _strip(content._content, content.settings, source)
    if result.everything:
        logger.warning(
            "%s: the whole body looks like boilerplate (%s); kept it as it is",
            source,
            _describe(result.removed),
        )
    elif result.changed:
        content._content = result.html
        _totals["changed"] += 1
        _totals["blocks"] += len(result.removed)
        if logger.isEnabledFor(logging.DEBUG):  # describing 1,000 articles costs time
            logger.debug("%s: removed boilerplate %s", source, _describe(result.removed))
    # An explicit Summary: bypasses the content; Pelican keeps it in two places.
    summary = content.metadata.get("summary")
    result = _strip(summary, content.settings, source) if isinstance(summary, str) else Stripped("")
    if result.everything:  # fall back to the summary made from the content
        del content.metadata["summary"]
        if hasattr(content, "_summary"):
            del content._summary
        logger.warning(
            "%s: the Summary is only boilerplate (%s); using the article's first paragraph",
            source,
            _describe(result.removed),
        )
    elif result.changed:
        content.metadata["summary"] = content._summary = result.html
        logger.debug(
            "%s: removed boilerplate from the summary %s", source, _describe(result.removed)
        )


def save_results(*_) -> None:
    if _state["cache"] is not None:
        _state["cache"].save()
        _state["cache"] = None


def log_totals(pelican) -> None:
    logger.info(
        "boilerplate: removed %d block(s) from %d of %d articles and pages",
        _totals["blocks"],
        _totals["changed"],
        _totals["contents"],
    )


def register():
    signals.initialized.connect(start)
    signals.content_object_init.connect(clean_content)
    signals.all_generators_finalized.connect(save_results)
    signals.finalized.connect(log_totals)
