"""A build on several cores (sources parsed ahead in workers, listing pages rendered
by a helper) writes what a build in one process writes, says the same things, and
leaves the work to the build's own process when a helper fails."""

import logging
import os
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
MARKDOWN["linked.md"] = "Title: Linked\nDate: 2021-03-03\nSummary: [One]({filename}/m01.md)\n\nB.\n"
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


def test_a_workers_warning_is_the_builds(tmp_path, alone, monkeypatch):
    # Pelican warns about the second Tags: while a worker parses the file.
    parsed_ahead, take = [], prefetch.Prefetch.take

    def noting_take(self, path):
        found = take(self, path)
        parsed_ahead.extend([os.path.basename(path)] if found is not None else [])
        return found

    monkeypatch.setattr(prefetch.Prefetch, "take", noting_take)
    split = build(tmp_path, 2)
    assert {"twice.md", "bad-date.md"} <= set(parsed_ahead)
    for result in (split, alone):
        twice = [m for m in result.messages(logging.WARNING) if "Duplicate definition" in m]
        assert len(twice) == 1, result.messages(logging.WARNING)
    assert [m for m in split.messages() if "bad-date.md" in m] == [
        "content/bad-date.md: not published: bad metadata ('someday' is not a valid date)"
    ]


def test_the_build_renders_the_listings_of_a_helper_that_failed(tmp_path, monkeypatch):
    alone = build(tmp_path / "alone", 1)

    def failing(*_):
        raise RuntimeError("the helper failed")

    monkeypatch.setattr(writer.SiteWriter, "_render_listings", failing)
    split = build(tmp_path / "split", 2)
    assert comparable(snapshot(split.output)) == comparable(snapshot(alone.output))
    assert said(split) == said(alone)


def test_a_worker_that_dies_leaves_its_sources_to_the_build(tmp_path, alone, monkeypatch):
    build_process, suffix = os.getpid(), prefetch.file_suffix

    def dying_on_one_file(path):  # the worker parsing m05.md is killed
        if os.getpid() != build_process and path.endswith("m05.md"):
            os._exit(9)
        return suffix(path)

    monkeypatch.setattr(prefetch, "file_suffix", dying_on_one_file)
    split = build(tmp_path, 2)
    assert comparable(snapshot(split.output)) == comparable(snapshot(alone.output))
    assert said(split) == said(alone)
