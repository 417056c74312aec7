"""Reading times in built pages, and the word counts kept between builds."""

from __future__ import annotations

import re

import pytest
import reading_time
from bs4 import BeautifulSoup
from sitebuild import build_site, rebuild


def article(title, words):
    return f"Title: {title}\nDate: 2024-03-05 09:30\nAuthor: Ana Lima\n\n{'word ' * words}\n"


def minutes_shown(build, title):
    for path in build.article_pages():
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if page.h1.get_text(strip=True) == title:
            found = re.search(r"(\d+) min read", page.select_one(".byline").get_text())
            return int(found[1])
    raise AssertionError(f"no article page titled {title!r}")


@pytest.fixture
def counted(monkeypatch):
    """The texts whose words were counted."""
    texts = []
    count = reading_time.reading_minutes

    def counting(markup, speed):
        texts.append(markup)
        return count(markup, speed)

    monkeypatch.setattr(reading_time, "reading_minutes", counting)
    return texts


def test_unchanged_articles_are_not_counted_again_and_changed_ones_are(tmp_path, counted):
    content = {"a.md": article("Long read", 500), "b.md": article("Short read", 100)}
    first = build_site(tmp_path, content=content, SEARCH_INDEX=False)
    assert len(counted) == 2
    assert minutes_shown(first, "Long read") == 3  # 500 words at 230 a minute

    counted.clear()
    second = rebuild(tmp_path, SEARCH_INDEX=False)
    assert counted == []
    assert minutes_shown(second, "Long read") == 3

    (tmp_path / "content" / "a.md").write_text(article("Long read", 1000), encoding="utf-8")
    third = rebuild(tmp_path, SEARCH_INDEX=False)
    assert len(counted) == 1
    assert minutes_shown(third, "Long read") == 5
    assert minutes_shown(third, "Short read") == 1


def test_a_new_speed_counts_again(tmp_path, counted):
    build_site(tmp_path, content={"a.md": article("Long read", 500)}, SEARCH_INDEX=False)
    slower = rebuild(tmp_path, SEARCH_INDEX=False, READING_TIME_WORDS_PER_MINUTE=100)
    assert len(counted) == 2
    assert minutes_shown(slower, "Long read") == 5


def test_without_the_content_cache_every_build_counts(tmp_path, counted):
    content = {"a.md": article("Long read", 500)}
    build_site(tmp_path, content=content, SEARCH_INDEX=False, CACHE_CONTENT=False)
    rebuild(tmp_path, SEARCH_INDEX=False, CACHE_CONTENT=False)
    assert len(counted) == 2
    assert not (tmp_path / ".cache" / "reading_time").exists()
