"""Read a plugin setting once, with its default, and say plainly when it is wrong."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)


def is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def setting(
    settings: dict,
    name: str,
    default: Any,
    valid: Callable[[Any], bool] = is_positive_int,
    expected: str = "a positive whole number",
) -> Any:
    """``settings[name]``, or ``default`` (with one logged error) when it is not ``valid``."""
    value = settings.get(name, default)
    if value is default or valid(value):
        return value
    logger.error("%s must be %s, not %r; using %r", name, expected, value, default)
    return default
