"""Fault injection: whatever happened before, the next successful build writes
exactly what a clean build of the same sources writes.

Each test damages a built site (kills a build, corrupts caches, edits the
output, races two builds, changes settings), builds once more and compares
every file of output/ (search index included) with a clean build of the same
sources in another folder.
"""

from __future__ import annotations

import gzip
import logging
import os
import pickle
import re
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from processes import alive
from sitebuild import PROJECT, build_site, lay_out, pelican_command, rebuild, run_pelican_cli

PAGINATION = {"DEFAULT_PAGINATION": 4}


def seed(number: int, title: str | None = None) -> str:
    title = title or f"Dockers report {number} from the port of Rotterdam"
    return (
        f"{title}\n\nAna Lima\n2021-{1 + number % 12:02d}-{1 + number % 27:02d}\n\n"
        f"Dock workers in Rotterdam struck on day {number}. Nurses in Lyon and teachers "
        f"in Oslo joined them; Moscow and Washington said nothing about story {number}.\n"
    )


SEEDS = {f"s{n:03d}.txt": seed(n) for n in range(40)}
RETRACTED = "s007.txt"
RETRACTED_TEXT = "story 7."


def snapshot(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


# Pagefind writes a shard's topic filter values in hash order, which changes from run
# to run, and names its filter and metadata files by their bytes (README: the one
# difference from a clean build). Those files compare by what they hold.
_BY_ORDER = re.compile(r"(\.pf_filter|\.pf_meta|pagefind-entry\.json)$")
_HASHED = re.compile(rb"en_[0-9a-f]{7,10}")


def comparable(files: dict[str, bytes]) -> dict[str, object]:
    found = {}
    for name, data in files.items():
        if _BY_ORDER.search(name):
            if name.endswith((".pf_filter", ".pf_meta")):
                data = gzip.decompress(data)
            name = _HASHED.sub(b"en_#", name.encode()).decode()
            found.setdefault(name, []).append(sorted(_HASHED.sub(b"en_#", data)))
        else:
            found[name] = data
    return found


def clean_snapshot(tmp_path: Path, root: Path, **settings) -> dict[str, bytes]:
    """A from-scratch build of ``root``'s sources, in another folder."""
    clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
    for folder in ("seeds", "content"):  # links stay links
        shutil.copytree(root / folder, clean / folder, symlinks=True)
    return snapshot(build_site(clean, **settings).output)


def assert_same_as_clean(tmp_path: Path, root: Path, **settings) -> None:
    output = snapshot(root / "output")
    got, want = comparable(output), comparable(clean_snapshot(tmp_path, root, **settings))
    assert sorted(got) == sorted(want), "files differ"
    assert [name for name in want if got[name] != want[name]] == []
    assert not [name for name, data in output.items() if not data], "an empty file"


def assert_retracted(root: Path) -> None:
    for name, data in snapshot(root / "output").items():
        assert RETRACTED_TEXT.encode() not in data, f"the retracted story is in {name}"


def start_cli(root: Path, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        pelican_command(root, *args, "-e", "DEFAULT_PAGINATION=4"),
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **popen,
    )


def run_cli(root: Path, *args: str, **popen) -> subprocess.CompletedProcess:
    process = start_cli(root, *args, **popen)
    out, _ = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out)


def helper_processes(root: Path) -> list[int]:
    """Processes whose command line names this site: once its build has ended, the
    search indexer or a forked helper of the build that outlived it."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(root) in command and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    build_site(root, seeds=SEEDS, real_seed=True, **PAGINATION)
    return root


def test_a_retraction_leaves_nothing_behind(tmp_path, site):
    (site / "seeds" / RETRACTED).unlink()
    rebuild(site, **PAGINATION)
    assert_retracted(site)
    assert_same_as_clean(tmp_path, site, **PAGINATION)


def test_fewer_topics_remove_their_pages(tmp_path, site):
    before = {p for p in snapshot(site / "output") if p.startswith("tag/")}
    rebuild(site, TOPICS_MAX=1, **PAGINATION)
    after = {p for p in snapshot(site / "output") if p.startswith("tag/")}
    assert after < before
    assert_same_as_clean(tmp_path, site, TOPICS_MAX=1, **PAGINATION)


def test_a_draft_is_taken_down(tmp_path, site):
    article = "Title: Port talks\nDate: 2021-05-05\nTags: Ports\n\nTalks at the port resumed.\n"
    lay_out(site, content={"talks.md": article})
    rebuild(site, **PAGINATION)
    lay_out(site, content={"talks.md": article.replace("Tags:", "Status: draft\nTags:")})
    rebuild(site, **PAGINATION)
    assert not (site / "output/2021/05/05/port-talks").exists()
    assert_same_as_clean(tmp_path, site, **PAGINATION)


@pytest.mark.parametrize("damage", ["edited", "truncated", "deleted", "stray"])
def test_damaged_output_is_repaired(tmp_path, site, damage):
    output = site / "output"
    page = next(output.glob("2021/*/*/*/index.html"))
    targets = [page, output / "index.html", output / "feeds/all.atom.xml"]
    targets += sorted(output.glob("pagefind/**/*.pf_fragment"))[:1]
    for target in targets:
        if damage == "edited":
            target.write_bytes(b"<p>edited by hand</p>")
        elif damage == "truncated":
            target.write_bytes(target.read_bytes()[:1])
        elif damage == "deleted":
            target.unlink()
    if damage == "stray":
        (output / "2021/old-story/index.html").parent.mkdir(parents=True)
        (output / "2021/old-story/index.html").write_text("retracted")
    rebuild(site, **PAGINATION)
    assert_same_as_clean(tmp_path, site, **PAGINATION)
    assert not (output / "2021/old-story").exists()


def test_output_retention_keeps_a_site_owners_files(tmp_path, site):
    (site / "output/google123.html").write_text("verification")
    rebuild(site, OUTPUT_RETENTION=["google123.html"], **PAGINATION)
    assert (site / "output/google123.html").read_text() == "verification"


def test_a_rebuild_keeps_the_time_of_every_unchanged_file(site):
    times = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*") if p.is_file()}
    rebuild(site, **PAGINATION)
    after = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*") if p.is_file()}
    assert after == times


def _cache_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".cache").rglob("*") if p.is_file())


@pytest.mark.parametrize("damage", ["empty", "garbage", "wrong shape", "folder"])
def test_damaged_caches_are_dropped_with_one_warning_each(tmp_path, site, damage, caplog):
    (site / "seeds" / RETRACTED).unlink()  # and a retraction, so that stale caches would show
    damaged = _cache_files(site)
    assert damaged
    for path in damaged:
        if damage == "empty":
            path.write_bytes(b"")
        elif damage == "garbage":
            path.write_bytes(os.urandom(300))
        elif damage == "wrong shape":
            path.write_bytes(pickle.dumps(["not", "a", "cache"]))
        else:
            path.unlink()
            path.mkdir()
    build = rebuild(site, **PAGINATION)
    assert_retracted(site)
    assert_same_as_clean(tmp_path, site, **PAGINATION)
    for path in damaged:
        naming = [m for m in build.messages() if str(path) in m]
        assert len(naming) <= 1, naming
    assert not [r for r in build.records if r.levelno >= logging.ERROR]


def test_a_markdown_setting_change_reaches_every_article(tmp_path, site):
    lay_out(site, content={"talks.md": "Title: Talks\nDate: 2021-05-05\n\nTalks -- resumed.\n"})
    rebuild(site, **PAGINATION)
    smarty = {
        "extension_configs": {"markdown.extensions.smarty": {}},
        "output_format": "html5",
    }
    rebuild(site, MARKDOWN=smarty, **PAGINATION)
    assert "Talks &ndash; resumed." in (site / "output/2021/05/05/talks/index.html").read_text()
    assert_same_as_clean(tmp_path, site, MARKDOWN=smarty, **PAGINATION)


def test_a_template_change_reaches_every_page(tmp_path, site):
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    rebuild(site, THEME=str(theme), **PAGINATION)
    base = theme / "templates/base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- v2 --></body>"))
    rebuild(site, THEME=str(theme), **PAGINATION)
    assert_same_as_clean(tmp_path, site, THEME=str(theme), **PAGINATION)


@pytest.mark.parametrize("moment", [0.15, 0.4, 0.65, 0.9])
def test_a_killed_build_with_a_retraction_is_repaired_by_the_next(tmp_path, site, moment):
    started = time.monotonic()
    assert run_cli(site).returncode == 0
    duration = time.monotonic() - started
    (site / "seeds" / RETRACTED).unlink()
    for name in ("s001.txt", "s002.txt"):
        (site / "seeds" / name).write_text(seed(1000 + int(name[1:4])))
    process = start_cli(site)
    time.sleep(duration * moment)
    process.kill()
    process.wait()
    time.sleep(0.5)
    assert helper_processes(site) == [], "a helper process outlived the build"
    result = run_cli(site)
    assert result.returncode == 0, result.stdout
    assert_retracted(site)
    assert_same_as_clean(tmp_path, site, **PAGINATION)


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # fields: state, ppid, ...
            found.append(int(entry.parent.name))
    return found


def test_the_build_s_helpers_die_with_it(tmp_path, site):
    (site / "seeds" / RETRACTED).unlink()
    shutil.rmtree(site / ".cache")  # cold: workers parse the sources, a helper renders
    process = start_cli(site, "-e", "BUILD_PROCESSES=2")
    for line in process.stdout:  # the plain progress lines (not a terminal)
        if "Writing pages" in line:  # the workers have ended; the helper starts
            break
    helpers: list[int] = []  # the listing pages' helper: a fork of the build
    while not helpers and process.poll() is None:
        helpers = [pid for pid in children(process.pid) if " -m pelican " in command_of(pid)]
    process.kill()
    process.wait()
    assert helpers, "the build ended before it started a helper"
    left = snapshot(site / "output")
    time.sleep(1)
    assert [pid for pid in helpers if alive(pid)] == []
    assert helper_processes(site) == []
    assert snapshot(site / "output") == left, "written after the build was killed"
    assert run_cli(site).returncode == 0
    assert_retracted(site)
    assert_same_as_clean(tmp_path, site, **PAGINATION)


def test_ctrl_c_fails_the_build_and_the_next_repairs_it(tmp_path, site):
    (site / "seeds" / RETRACTED).unlink()
    shutil.rmtree(site / ".cache")  # a cold build: long enough to be interrupted
    process = start_cli(site)
    for line in process.stdout:  # the plain progress lines (not a terminal)
        if "Writing pages" in line:
            process.send_signal(signal.SIGINT)
            break
    out, _ = process.communicate(timeout=120)
    assert process.returncode != 0, out
    assert "interrupted" in out
    assert run_cli(site).returncode == 0
    assert_same_as_clean(tmp_path, site, **PAGINATION)


def _small_file_limit():
    # A full disk, as a process sees it: writes past 16 KB fail (EFBIG) instead of
    # killing it (SIGXFSZ ignored).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))


def test_a_full_disk_fails_the_build_and_the_next_repairs_it(tmp_path, site):
    (site / "seeds" / RETRACTED).unlink()
    for path in _cache_files(site):
        path.unlink()  # so that the build has large cache files to write
    failed = run_cli(site, preexec_fn=_small_file_limit)
    assert failed.returncode != 0
    result = run_cli(site)
    assert result.returncode == 0, result.stdout
    assert_same_as_clean(tmp_path, site, **PAGINATION)


def test_two_builds_at_once_write_one_after_the_other(tmp_path, site):
    (site / "seeds" / RETRACTED).unlink()
    first, second = start_cli(site), start_cli(site)
    outputs = [p.communicate(timeout=300)[0] for p in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), outputs
    assert any("waiting for it to end" in out for out in outputs)
    assert_retracted(site)
    assert_same_as_clean(tmp_path, site, **PAGINATION)


def test_pelicans_own_feeds_are_kept_when_turned_on(tmp_path):
    build = build_site(tmp_path, seeds=SEEDS, FEED_ALL_ATOM="feeds/pelican.atom.xml", **PAGINATION)
    assert (build.output / "feeds/pelican.atom.xml").is_file()


def test_publishing_again_keeps_every_file_and_its_time(site):
    env = {"SITEURL": "https://news.example.org"}
    assert run_pelican_cli(site, config="publishconf.py", env=env).returncode == 0
    times = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*") if p.is_file()}
    assert run_pelican_cli(site, config="publishconf.py", env=env).returncode == 0
    after = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*") if p.is_file()}
    assert after == times


HOSTILE = {
    "long.txt": seed(1, title="Strike " * 2000),
    "crafted.txt": "Breaks\n\n2021-03-01\n\n" + "a\n\n" * 20000,
    "february.txt": "A story\n\n31 February 2021\n\nText.\n",
    "utf16.txt": seed(2, title="Grève à Lyon").encode("utf-16"),
    "c1.txt": seed(3, title="Quotes \x93here\x94").encode("latin-1"),
    "future.txt": seed(4).replace("2021-", "2999-"),
    "ancient.txt": seed(5).replace("2021-", "1066-"),
}


@pytest.mark.parametrize("name", [*HOSTILE, "link outside", "link loop"])
def test_a_hostile_seed_neither_fails_nor_multiplies_the_build(tmp_path, site, name):
    seeds = site / "seeds"
    if name == "link outside":
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "secret.txt").write_text(seed(6, title="Secret outside"))
        (seeds / "outside").symlink_to(tmp_path / "elsewhere")
    elif name == "link loop":
        (seeds / "loop").symlink_to(seeds)
    else:
        lay_out(site, seeds={name: HOSTILE[name]})
    build = rebuild(site, **PAGINATION)
    naming = [m for m in build.messages() if name.split()[-1] in m or "outside" in m]
    assert len(naming) <= 1, naming
    assert_same_as_clean(tmp_path, site, **PAGINATION)
    assert b"Secret outside" not in b"".join(snapshot(site / "output").values())
    assert not [r for r in build.records if r.levelno >= logging.ERROR]
