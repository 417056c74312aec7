"""A build on several cores (sources parsed ahead in workers, listing pages rendered
by a helper) writes what a build in one process writes, says the same things, and
leaves the work to the build's own process when a helper fails."""

import logging
import re

import pytest
from faults.test_faithful_builds import SEEDS, comparable, snapshot
from news_readers import prefetch
from output_record import writer
from sitebuild import build_site

MARKDOWN = {
    f"m{n:02d}.md": (
        f"Title: Markdown story {n}\nDate: 2021-02-{1 + n:02d}\nTags: Ports, Strikes\n"
        f"Authors: Ana Lima, Bo Chen\nSummary: *Short* story {n}\n\nStory {n} text.\n"
    )
    for n in range(20)
}
MARKDOWN["twice.md"] = "Title: Tagged twice\nTags: Ports\nTags: Strikes\nDate: 2021-03-01\n\nA.\n"
MARKDOWN["bad-date.md"] = "Title: Bad date\nDate: someday\n\nText.\n"
MARKDOWN["latin1.md"] = "Title: Café story\nDate: 2021-03-02\n\nDéjà vu.\n".encode("latin-1")
SETTINGS = {"DEFAULT_PAGINATION": 4}


def build(root, processes: int):
    return build_site(root, seeds=SEEDS, content=MARKDOWN, BUILD_PROCESSES=processes, **SETTINGS)


def said(build) -> list[str]:
    """What the build said at INFO and above, but for its timings and its folder."""
    return sorted(
        m.replace(str(build.root), "<site>")
        for m in build.messages(logging.INFO)
        if not re.search(r"\d s\b|seconds", m)
    )


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    return build(tmp_path_factory.mktemp("alone"), 1)


@pytest.fixture
def counted(monkeypatch):
    """How many sources workers parsed, and how many helpers rendered listings."""
    counts = {"parsed": 0, "helpers": 0}
    take, forked = prefetch.Prefetch.take, writer.Forked

    def counting_take(self, path):
        found = take(self, path)
        counts["parsed"] += found is not None
        return found

    class CountedForked(forked):
        def __init__(self, job):
            counts["helpers"] += 1
            super().__init__(job)

    monkeypatch.setattr(prefetch.Prefetch, "take", counting_take)
    monkeypatch.setattr(writer, "Forked", CountedForked)
    return counts


def test_two_processes_write_what_one_writes(tmp_path, alone, counted):
    split = build(tmp_path, 2)
    # Every source but the one that cannot be published was parsed by a worker.
    assert counted["parsed"] == len(SEEDS) + len(MARKDOWN) + 1 - 1
    assert counted["helpers"] == 1
    assert comparable(snapshot(split.output)) == comparable(snapshot(alone.output))
    assert said(split) == said(alone)


def test_a_workers_warning_is_the_builds(tmp_path, alone):
    # Pelican warns about the second Tags: while a worker parses the file.
    split = build(tmp_path, 2)
    for result in (split, alone):
        twice = [m for m in result.messages(logging.WARNING) if "Duplicate definition" in m]
        assert len(twice) == 1, result.messages(logging.WARNING)
    assert [m for m in split.messages() if "bad-date.md" in m] == [
        "content/bad-date.md: not published: bad metadata ('someday' is not a valid date)"
    ]


def test_listings_are_rendered_here_when_the_helper_fails(tmp_path, alone, monkeypatch):
    def failing(self, generator):
        raise RuntimeError("the helper failed")

    monkeypatch.setattr(writer.SiteWriter, "_render_listings", failing)
    split = build(tmp_path, 2)
    assert comparable(snapshot(split.output)) == comparable(snapshot(alone.output))
    assert said(split) == said(alone)
