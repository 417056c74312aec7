"""Remove the wire source's boilerplate tail from every article and page, as each is
built (``content_object_init``): pages, summaries, feeds, search and the tagger only
ever see the cleaned text. The rules are BOILERPLATE_RULES and BOILERPLATE_SELECTORS."""

from __future__ import annotations

import logging
from collections import Counter
from logging import DEBUG, WARNING
from pathlib import Path

from pelican import signals
from plugin_support.caches import ResultCache, cache_key, code_version

from .strip import Stripped, compile_rules, strip_boilerplate

logger = logging.getLogger(__name__)

_CODE = code_version(Path(__file__).parent)
_state: dict = {}  # the rules and the result cache, set by start()
_totals: Counter = Counter()


def start(pelican) -> None:
    settings = pelican.settings
    rules = (settings.get("BOILERPLATE_RULES"), settings.get("BOILERPLATE_SELECTORS"))
    _state["rules"], errors = compile_rules(*rules)
    for error in errors:
        logger.error("boilerplate: %s", error)
    # Results are kept between builds, keyed by this code and the rules.
    _state["cache"] = ResultCache(settings, "boilerplate-results", cache_key(_CODE, rules))
    _totals.clear()


def _strip(html: str, source: str) -> Stripped:
    """strip_boilerplate, answered from the last build when it saw the same text in the
    same file. The memo keeps how to redo the edit (its kept length and new end), not the
    text: the text itself is the article's."""
    cache = _state.get("cache")  # none once saved: `pelican -r` builds again without it
    edit = _edit(html) if cache is None else cache.lookup(cache_key(source, html), _edit, html)
    return edit._replace(html=html[: edit.kept] + edit.html)


def _edit(html: str) -> Stripped:
    result = strip_boilerplate(html, _state["rules"])
    return result._replace(html=result.html[result.kept :])


def _log(source: str, result: Stripped, everything: str, changed: str) -> None:
    level, message = (WARNING, everything) if result.everything else (DEBUG, changed)
    if result.removed and logger.isEnabledFor(level):  # describing 1,000 articles costs time
        described = (repr(t if len(t) <= 80 else t[:77] + "...") for t in result.removed)
        logger.log(level, "%s: " + message, source, "; ".join(described))


def clean_content(content) -> None:
    if not isinstance(content._content, str):  # static files have no content
        return
    source = content.relative_source_path or content.source_path
    _totals["contents"] += 1
    result = _strip(content._content, source)
    if result.changed:
        content._content = result.html
        _totals.update(changed=1, blocks=len(result.removed))
    kept = "the whole body looks like boilerplate (%s); kept it as it is"
    _log(source, result, kept, "removed boilerplate %s")
    # An explicit Summary: bypasses the content; Pelican keeps it in two places.
    summary = content.metadata.get("summary")
    if not isinstance(summary, str):
        return
    result = _strip(summary, source)
    if result.everything:  # fall back to the summary made from the content
        del content.metadata["summary"]
        vars(content).pop("_summary", None)
    elif result.changed:
        content.metadata["summary"] = content._summary = result.html
    dropped = "the Summary is only boilerplate (%s); using the article's first paragraph"
    _log(source, result, dropped, "removed boilerplate from the summary %s")


def save_results(*_) -> None:
    if (cache := _state.pop("cache", None)) is not None:
        cache.save()


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
