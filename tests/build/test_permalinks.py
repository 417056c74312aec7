"""Permalinks are permanent: the ledger keeps each article's URL across builds,
removals, edits and machines, and a build is reproducible from it."""

import json
import logging
import shutil

from sitebuild import build_site, lay_out, rebuild

FAST = {"SEARCH_INDEX": False}
BASE = "2020/05/01/strike-at-the-port/"
SECOND = "2020/05/01/strike-at-the-port-2/"


def seed(body, title="Strike at the port", date="1 May 2020"):
    return f"{title}\n\nA. Writer\n{date}\n\n{body}\n"


def story_at(build, url):
    """The body of the article published at ``url``."""
    text = build.read(url + "index.html")
    return next(s for s in ("Story M.", "Story A.", "Story N.") if s in text)


def ledger(root):
    return json.loads((root / "permalinks.json").read_text(encoding="utf-8"))


def test_without_a_ledger_urls_are_given_as_before_and_a_ledger_is_started(tmp_path):
    build = build_site(
        tmp_path, seeds={"m.txt": seed("Story M."), "a.txt": seed("Story A.")}, **FAST
    )
    # Same day, same headline: by source path, as before there was a ledger.
    assert story_at(build, BASE) == "Story A."
    assert story_at(build, SECOND) == "Story M."
    assert ledger(tmp_path) == {BASE: "seeds/a.txt", SECOND: "seeds/m.txt"}


def test_a_ledger_can_be_turned_off(tmp_path):
    build_site(tmp_path, seeds={"m.txt": seed("Story M.")}, PERMALINKS_LEDGER=None, **FAST)
    assert not (tmp_path / "permalinks.json").exists()


def test_the_first_published_keeps_its_url_whichever_is_added_later(tmp_path):
    for first, later in (("m.txt", "a.txt"), ("a.txt", "m.txt")):
        root = tmp_path / first
        stories = {"m.txt": seed("Story M."), "a.txt": seed("Story A.")}
        before = build_site(root, seeds={first: stories[first]}, **FAST)
        first_story = story_at(before, BASE)
        after = build_site(root, seeds={later: stories[later]}, **FAST)
        assert story_at(after, BASE) == first_story, first
        assert story_at(after, SECOND) != first_story, first
        assert ledger(root) == {BASE: f"seeds/{first}", SECOND: f"seeds/{later}"}


def test_a_fresh_copy_of_the_sources_builds_the_same_urls(tmp_path):
    here = tmp_path / "here"
    build_site(here, seeds={"m.txt": seed("Story M.")}, **FAST)
    build = build_site(here, seeds={"a.txt": seed("Story A.")}, **FAST)
    # Another machine: the sources and the ledger, no output, no cache.
    there = tmp_path / "there"
    shutil.copytree(here, there, ignore=shutil.ignore_patterns("output", ".cache"))
    copy = rebuild(there, **FAST)
    for url in (BASE, SECOND):
        assert story_at(copy, url) == story_at(build, url)
    assert len(copy.article_pages()) == 2
    assert (there / "permalinks.json").read_bytes() == (here / "permalinks.json").read_bytes()


def test_a_removed_articles_url_is_never_given_to_another(tmp_path):
    build_site(tmp_path, seeds={"m.txt": seed("Story M.")}, **FAST)
    (tmp_path / "seeds" / "m.txt").unlink()
    build = build_site(tmp_path, seeds={"a.txt": seed("Story A.")}, **FAST)
    assert story_at(build, SECOND) == "Story A."
    assert not (build.output / BASE / "index.html").exists()  # retracted, and not reused
    assert ledger(tmp_path) == {BASE: "seeds/m.txt", SECOND: "seeds/a.txt"}


def test_a_changed_date_gives_a_new_url_and_the_old_one_stays_reserved(tmp_path):
    build_site(tmp_path, seeds={"m.txt": seed("Story M.")}, **FAST)
    moved = build_site(tmp_path, seeds={"m.txt": seed("Story M.", date="2 May 2020")}, **FAST)
    assert story_at(moved, "2020/05/02/strike-at-the-port/") == "Story M."
    build = build_site(tmp_path, seeds={"n.txt": seed("Story N.")}, **FAST)
    assert story_at(build, SECOND) == "Story N."
    assert ledger(tmp_path) == {
        BASE: "seeds/m.txt",
        SECOND: "seeds/n.txt",
        "2020/05/02/strike-at-the-port/": "seeds/m.txt",
    }
    # Dated back, the article is at its first URL again.
    back = build_site(tmp_path, seeds={"m.txt": seed("Story M.")}, **FAST)
    assert story_at(back, BASE) == "Story M."


def test_drafts_take_no_url_and_hidden_articles_do(tmp_path):
    draft = "Title: Strike at the port\nDate: 2020-05-01\nStatus: draft\n\nStory A.\n"
    hidden = "Title: Quiet note\nDate: 2020-05-01\nStatus: hidden\n\nStory N.\n"
    build_site(tmp_path, content={"a.md": draft, "n.md": hidden}, **FAST)
    assert ledger(tmp_path) == {"2020/05/01/quiet-note/": "content/n.md"}
    build = build_site(tmp_path, seeds={"m.txt": seed("Story M.")}, **FAST)
    assert story_at(build, BASE) == "Story M."


def test_the_ledger_is_written_only_when_it_changes(tmp_path):
    build_site(tmp_path, seeds={"m.txt": seed("Story M.")}, **FAST)
    path = tmp_path / "permalinks.json"
    written = path.stat().st_mtime_ns
    rebuild(tmp_path, **FAST)
    assert path.stat().st_mtime_ns == written


def test_a_damaged_ledger_is_one_warning_and_left_for_an_editor(tmp_path):
    damaged = '{\n<<<<<<< HEAD\n  "2020/05/01/strike-at-the-port/": "seeds/a.txt"\n'
    lay_out(tmp_path, seeds={"m.txt": seed("Story M.")})
    (tmp_path / "permalinks.json").write_text(damaged)
    build = rebuild(tmp_path, **FAST)
    assert story_at(build, BASE) == "Story M."
    warnings = build.messages(logging.WARNING)
    assert len(warnings) == 1 and "permalinks.json" in warnings[0]
    assert (tmp_path / "permalinks.json").read_text() == damaged


def test_a_headline_of_any_length_makes_short_unique_urls(tmp_path):
    headline = " ".join(f"word{n}" for n in range(900))[:5000]
    assert len(headline) == 5000
    seeds = {name: seed(f"Story {name[0].upper()}.", title=headline) for name in ("a.txt", "m.txt")}
    build = build_site(tmp_path, seeds=seeds, **FAST)
    urls = [p.parent.relative_to(build.output).as_posix() + "/" for p in build.article_pages()]
    assert all(len(url.split("/")[3]) <= 82 for url in urls)  # the slug, and a "-2"
    assert sorted(story_at(build, url) for url in urls) == ["Story A.", "Story M."]
    # The reader shortens such a headline, with one warning per file; nothing else.
    assert sorted(build.messages(logging.WARNING)) == [
        "seeds/a.txt: headline cut to 200 characters",
        "seeds/m.txt: headline cut to 200 characters",
    ]


# --- one address per article and page ----------------------------------------------


def test_two_seeds_with_one_title_get_two_pages(tmp_path):
    seed = "Same headline\n\nA. Writer\n1 May 2020\n\n{}\n"
    build = build_site(
        tmp_path,
        seeds={"a.txt": seed.format("First story."), "b.txt": seed.format("Second story.")},
    )
    # The later source (same date: by path) is the one that gets a suffix.
    assert "First story." in build.read("2020/05/01/same-headline/index.html")
    assert "Second story." in build.read("2020/05/01/same-headline-2/index.html")
    assert len(build.article_pages()) == 2
    assert not [m for m in build.messages(logging.DEBUG) if "overwrit" in m.lower()]


def test_hostile_titles_make_safe_ascii_slugs(tmp_path):
    build = build_site(
        tmp_path,
        seeds={
            "a.txt": "../../etc/passwd: a / b\n\n2020-01-01\n\nBody.\n",
            "b.txt": "Zürich’s “naïve” café\n\n2020-01-01\n\nBody.\n",
            "c.txt": "!!! ??? ...\n\n2020-01-01\n\nBody.\n",
        },
    )
    pages = {p.relative_to(build.output).as_posix() for p in build.article_pages()}
    assert pages == {
        "2020/01/01/etcpasswd-a-b/index.html",
        "2020/01/01/zurichs-naive-cafe/index.html",
        "2020/01/01/c/index.html",
    }
    outside = [p for p in tmp_path.rglob("*") if "output" not in p.parts and p.suffix == ".html"]
    assert outside == []


def test_a_page_named_like_a_site_page_gets_its_own_address_and_a_warning(tmp_path):
    build = build_site(
        tmp_path, real_seed=True, content={"pages/search.md": "Title: Search\n\nOur own page.\n"}
    )
    assert "Our own page." in build.read("search-2/index.html")
    assert "Our own page." not in build.read("search/index.html")
    warnings = build.messages(logging.WARNING)
    assert len(warnings) == 1 and "content/pages/search.md" in warnings[0]
