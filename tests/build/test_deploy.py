"""`make deploy`: publish, then rsync output/ to DEPLOY_TARGET, as a site owner runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuild import PROJECT

pytestmark = pytest.mark.skipif(
    shutil.which("rsync") is None, reason="no rsync (apt-get install rsync)"
)

SOURCES = ["Makefile", "pelicanconf.py", "publishconf.py", "topics.toml", "requirements.txt"]
FOLDERS = ["plugins", "theme", "seeds", "content"]


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project (sharing its virtual environment), as a site owner has it."""
    root = tmp_path / "project"
    root.mkdir()
    for name in SOURCES:
        shutil.copy2(PROJECT / name, root / name)
    for name in FOLDERS:
        shutil.copytree(PROJECT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    (root / ".venv").symlink_to(PROJECT / ".venv")
    os.utime(root / "requirements.txt", ns=(0, 0))  # the shared venv has them installed
    return root


def deploy(root: Path, target: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "deploy", "SITEURL=https://news.example.org", f"DEPLOY_TARGET={target}"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_deploy_copies_the_site_and_then_only_what_changed(project, tmp_path):
    target = tmp_path / "www"
    first = deploy(project, target)
    assert first.returncode == 0, first.stderr
    page = next(target.glob("2017/04/13/*/index.html"))
    assert "https://news.example.org/" in page.read_text()
    assert (target / "feeds/all.atom.xml").is_file()
    times = {p: p.stat().st_mtime_ns for p in target.rglob("*") if p.is_file()}

    (project / "seeds" / "000_678971455dd61ec7.txt").unlink()
    (project / "content" / "pages" / "about.md").write_text("Title: About\n\nWho we are.\n")
    second = deploy(project, target)
    assert second.returncode == 0, second.stderr
    assert not page.exists()  # the retracted article is gone from the server too
    assert "Who we are." in (target / "about/index.html").read_text()
    # Files the second build did not change were not sent again.
    assert (target / "theme/css/style.css").stat().st_mtime_ns == times[
        target / "theme/css/style.css"
    ]


def test_deploy_without_a_target_says_what_is_missing(project):
    result = subprocess.run(
        ["make", "deploy", "SITEURL=https://news.example.org"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "set DEPLOY_TARGET" in result.stderr
