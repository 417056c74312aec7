"""Remove the wire source's boilerplate tail from every article and page.

Runs as each piece of content is built (``content_object_init``), before
anything reads its content or summary: pages, summaries, feeds, the search
index and the tagger only ever see the cleaned text. The logic is in
``strip.py`` (blocks) and ``rules.py`` (settings); this module is glue.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from pelican import signals
from pelican.cache import FileDataCacher
from pelican.contents import Static

from .rules import Rules, compile_rules
from .strip import Stripped, strip_boilerplate

logger = logging.getLogger(__name__)

_state = {"settings": None, "rules": Rules(), "key": None, "memo_in": None, "memo_out": None}
# Results are kept between builds, keyed by the text, the rules and this code.
_MEMO = "boilerplate-results"
_CODE = hashlib.blake2b(
    b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py")))
).hexdigest()
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
        # The start of every memo key: this code and the rules as the settings give them.
        key = hashlib.blake2b(
            repr(
                (_CODE, settings.get("BOILERPLATE_RULES"), settings.get("BOILERPLATE_SELECTORS"))
            ).encode(),
            digest_size=16,  # a memo key, not a signature: short keys, a smaller memo
        )
        _state.update(settings=settings, rules=rules, key=key)
    return _state["rules"]


def open_memo(generator) -> None:
    settings = generator.settings
    _state["memo_in"] = FileDataCacher(settings, _MEMO, False, settings["LOAD_CONTENT_CACHE"])
    _state["memo_out"] = FileDataCacher(settings, _MEMO, settings["CACHE_CONTENT"], False)


def save_memo(*_) -> None:
    if _state["memo_out"] is not None:
        _state["memo_out"].save_cache()
    _state.update(memo_in=None, memo_out=None)


def _strip(html: str, rules: Rules) -> Stripped:
    """strip_boilerplate, answered from the last build when it saw the same text.

    The memo keeps how to redo the edit (how much of the text stays, the new end,
    what went), not the cleaned text: the text itself is the article's.
    """
    key = _state["key"].copy()
    key.update(html.encode("utf-8", "surrogatepass"))
    key = key.hexdigest()
    memo_in, memo_out = _state["memo_in"], _state["memo_out"]
    edit = memo_in.get_cached_data(key) if memo_in is not None else None
    if edit is None:
        result = strip_boilerplate(html, rules)
        edit = (result.kept, result.html[result.kept :], result.removed, result.everything)
        if not result.changed:
            edit = (None, "", result.removed, result.everything)  # the text as it is
    else:
        kept, end, removed, everything = edit
        text = html if kept is None else html[:kept] + end
        result = Stripped(text, removed=removed, everything=everything, kept=kept or 0)
    if memo_out is not None:
        memo_out.cache_data(key, edit)
    return result


def _describe(removed) -> str:
    return "; ".join(repr(text if len(text) <= 80 else text[:77] + "...") for text in removed)


def clean_content(content) -> None:
    if isinstance(content, Static) or not isinstance(getattr(content, "_content", None), str):
        return
    rules = _use_settings(content.settings)
    source = content.relative_source_path or content.source_path
    _totals["contents"] += 1
    result = _strip(content._content, rules)
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
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s: removed boilerplate %s", source, _describe(result.removed))
    _clean_summary(content, rules, source)


def _clean_summary(content, rules, source) -> None:
    """An explicit Summary: bypasses the content; Pelican keeps it in two places."""
    summary = content.metadata.get("summary")
    if not isinstance(summary, str):
        return
    result = _strip(summary, rules)
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
    signals.article_generator_init.connect(open_memo)
    signals.content_object_init.connect(clean_content)
    signals.all_generators_finalized.connect(save_memo)
    signals.finalized.connect(log_totals)
