"""The keys of the pages written by the last build, kept between builds."""

from __future__ import annotations

import json
import os
from pathlib import Path

FORMAT = 1


def load_keys(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    keys = data.get("keys")
    return keys if isinstance(keys, dict) else {}


def save_keys(path: Path, keys: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"format": FORMAT, "keys": keys}, sort_keys=True))
    os.replace(temporary, path)
