"""The plugin's settings, read once, with defaults; a bad value is one logged error."""

from __future__ import annotations

from dataclasses import dataclass, field

from plugin_support.settings import setting

from .selection import Rules


@dataclass(frozen=True)
class Config:
    vocabulary_path: str = "topics.toml"
    rules: Rules = field(default_factory=Rules)


# Setting name -> Rules field and its lowest value.
_NUMBERS = {
    "TOPICS_MAX": ("max_topics", 1),
    "TOPICS_MIN_MENTIONS": ("min_mentions", 1),
    "TOPICS_TITLE_WEIGHT": ("title_weight", 1),
    "TOPICS_FALLBACK_BELOW": ("fallback_below", 0),
    "TOPICS_FALLBACK_MAX": ("fallback_max", 0),
}


def _at_least(lowest: int):
    return lambda value: type(value) is int and value >= lowest


def read_config(settings) -> Config:
    """The configuration in Pelican ``settings`` (a mapping)."""
    defaults = Config()
    rules = {
        attribute: setting(
            settings,
            name,
            getattr(defaults.rules, attribute),
            _at_least(lowest),
            f"a whole number, {lowest} or more",
        )
        for name, (attribute, lowest) in _NUMBERS.items()
    }
    path = setting(
        settings,
        "TOPICS_VOCABULARY",
        defaults.vocabulary_path,
        lambda value: isinstance(value, str) and value != "",
        "the path of a TOML file",
    )
    return Config(path, Rules(**rules))
