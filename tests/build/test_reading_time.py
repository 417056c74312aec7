"""Reading times in built pages."""

from __future__ import annotations

import re

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


def test_the_byline_shows_minutes_and_follows_edits(tmp_path):
    content = {"a.md": article("Long read", 500), "b.md": article("Short read", 100)}
    first = build_site(tmp_path, content=content, SEARCH_INDEX=False)
    assert minutes_shown(first, "Long read") == 3  # 500 words at 230 a minute
    (tmp_path / "content" / "a.md").write_text(article("Long read", 1000), encoding="utf-8")
    second = rebuild(tmp_path, SEARCH_INDEX=False)
    assert minutes_shown(second, "Long read") == 5
    assert minutes_shown(second, "Short read") == 1


def test_a_new_speed_changes_the_minutes(tmp_path):
    build_site(tmp_path, content={"a.md": article("Long read", 500)}, SEARCH_INDEX=False)
    slower = rebuild(tmp_path, SEARCH_INDEX=False, READING_TIME_WORDS_PER_MINUTE=100)
    assert minutes_shown(slower, "Long read") == 5


def test_an_unchanged_article_is_not_counted_again(tmp_path, monkeypatch):
    import reading_time

    counted = []

    def counting(markup):
        counted.append(markup)
        return len(markup.split())

    monkeypatch.setattr(reading_time, "count_words", counting)
    content = {"a.md": article("Long read", 500), "b.md": article("Short read", 100)}
    build_site(tmp_path, content=content, SEARCH_INDEX=False)
    assert len(counted) == 2
    counted.clear()
    (tmp_path / "content" / "b.md").write_text(article("Short read", 700), encoding="utf-8")
    second = rebuild(tmp_path, SEARCH_INDEX=False)
    assert len(counted) == 1 and "word" in counted[0]
    assert minutes_shown(second, "Long read") == 3
