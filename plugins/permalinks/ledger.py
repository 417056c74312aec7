"""The permalinks ledger: every URL an article was ever published at, and the
source file (relative to the project) it belongs to.

It is a source of the site, kept in the repository: a JSON object sorted by URL,
one URL a line, so editors can read it and git can merge it.
"""

from __future__ import annotations

import json
import logging
import os

logger = logging.getLogger(__name__)


def _unique_pairs(pairs: list[tuple]) -> dict:
    # json.loads would keep the last of two lines with one URL (a careless merge).
    ledger = dict(pairs)
    if len(ledger) != len(pairs):
        seen = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"{twice!r} is listed twice")
    return ledger


def parse_ledger(text: str) -> dict[str, str]:
    """URL -> source path; ValueError when ``text`` is not a ledger."""
    ledger = json.loads(text, object_pairs_hook=_unique_pairs)
    if not isinstance(ledger, dict) or not all(
        isinstance(url, str) and isinstance(source, str) for url, source in ledger.items()
    ):
        raise ValueError("not an object of URLs and source files")
    return ledger


def format_ledger(ledger: dict[str, str]) -> str:
    return json.dumps(ledger, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_ledger(path: str | os.PathLike) -> dict[str, str] | None:
    """The ledger in ``path``, {} when there is none yet; None, with one warning,
    when it cannot be read: then no URL is known to be taken, and the file is left
    for an editor to mend (a merge conflict, say) rather than overwritten."""
    try:
        with open(path, encoding="utf-8") as file:
            return parse_ledger(file.read())
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        logger.warning(
            "%s: permalinks ledger not read (%s); URLs are given as if it were empty, "
            "and it is not updated until it is mended",
            path,
            reason,
        )
        return None
