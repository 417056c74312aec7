"""The plugin's settings, read once, with defaults; a bad value is reported, not fatal."""

from __future__ import annotations

from dataclasses import dataclass, field

from .selection import Rules

DEFAULT_VOCABULARY = "topics.toml"
# Setting name -> Rules field, each a whole number with a lower bound.
_NUMBERS = {
    "TOPICS_MAX": ("max_topics", 1),
    "TOPICS_MIN_MENTIONS": ("min_mentions", 1),
    "TOPICS_TITLE_WEIGHT": ("title_weight", 1),
    "TOPICS_FALLBACK_BELOW": ("fallback_below", 0),
    "TOPICS_FALLBACK_MAX": ("fallback_max", 0),
}


@dataclass(frozen=True)
class Config:
    vocabulary_path: str = DEFAULT_VOCABULARY
    rules: Rules = field(default_factory=Rules)


def read_config(settings) -> tuple[Config, list[str]]:
    """The configuration in Pelican ``settings`` (a mapping) and what was wrong in it."""
    problems: list[str] = []
    defaults = Rules()
    values = {}
    for setting, (attribute, lowest) in _NUMBERS.items():
        default = getattr(defaults, attribute)
        value = settings.get(setting, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < lowest:
            problems.append(
                f"{setting} must be a whole number, {lowest} or more, not {value!r}; "
                f"using {default}"
            )
            value = default
        values[attribute] = value
    path = settings.get("TOPICS_VOCABULARY", DEFAULT_VOCABULARY)
    if not isinstance(path, str) or not path:
        problems.append(
            f"TOPICS_VOCABULARY must be the path of a TOML file, not {path!r}; "
            f"using {DEFAULT_VOCABULARY!r}"
        )
        path = DEFAULT_VOCABULARY
    return Config(vocabulary_path=path, rules=Rules(**values)), problems
