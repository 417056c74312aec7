"""Remove the wire source's boilerplate tail from every article and page.

Runs as each piece of content is built (``content_object_init``), before
anything reads its content or summary: pages, summaries, feeds, the search
index and the tagger only ever see the cleaned text. The logic is in
``strip.py`` (blocks) and ``rules.py`` (settings); this module is glue.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.contents import Static

from .rules import Rules, compile_rules
from .strip import strip_boilerplate

logger = logging.getLogger(__name__)

_state = {"settings": None, "rules": Rules()}
_totals = {"contents": 0, "changed": 0, "blocks": 0}


def read_settings(pelican) -> None:
    _use_settings(pelican.settings)


def _use_settings(settings) -> Rules:
    """Compile the rules once per settings; log one error per bad entry."""
    if _state["settings"] is not settings:
        rules, errors = compile_rules(
            settings.get("BOILERPLATE_RULES"), settings.get("BOILERPLATE_SELECTORS")
        )
        for error in errors:
            logger.error("boilerplate: %s", error)
        _state.update(settings=settings, rules=rules)
    return _state["rules"]


def _describe(removed) -> str:
    return "; ".join(repr(text if len(text) <= 80 else text[:77] + "...") for text in removed)


def clean_content(content) -> None:
    if isinstance(content, Static) or not isinstance(getattr(content, "_content", None), str):
        return
    rules = _use_settings(content.settings)
    source = content.relative_source_path or content.source_path
    _totals["contents"] += 1
    result = strip_boilerplate(content._content, rules)
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
        logger.debug("%s: removed boilerplate %s", source, _describe(result.removed))
    _clean_summary(content, rules, source)


def _clean_summary(content, rules, source) -> None:
    """An explicit Summary: bypasses the content; Pelican keeps it in two places."""
    summary = content.metadata.get("summary")
    if not isinstance(summary, str):
        return
    result = strip_boilerplate(summary, rules)
    if result.everything:
        # Nothing but boilerplate: fall back to the summary made from the content.
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


def log_totals(pelican) -> None:
    logger.info(
        "boilerplate: removed %d block(s) from %d of %d articles and pages",
        _totals["blocks"],
        _totals["changed"],
        _totals["contents"],
    )
    _reset_totals()


def _reset_totals(*_) -> None:
    _totals.update(contents=0, changed=0, blocks=0)


def register():
    signals.initialized.connect(read_settings)
    signals.initialized.connect(_reset_totals)
    signals.content_object_init.connect(clean_content)
    signals.finalized.connect(log_totals)
