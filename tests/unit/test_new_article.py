"""`make new TITLE="..."`: tools/new_article.py, and the make target around it."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from pelican.readers import Readers
from pelican.settings import read_settings
from sitebuild import PROJECT

from tools.new_article import NewArticleError, create_article, main

NOW = datetime.datetime(2024, 3, 5, 9, 30, tzinfo=ZoneInfo("UTC"))


def test_writes_the_header_under_year_and_month_with_pelicans_slug(tmp_path):
    path = create_article(tmp_path, '  Dockers say "no"\nto a 5%   pay rise ', "Ana Lima", NOW)
    assert path == tmp_path / "2024" / "03" / "dockers-say-no-to-a-5-pay-rise.md"
    assert path.read_text(encoding="utf-8") == (
        'Title: Dockers say "no" to a 5% pay rise\nDate: 2024-03-05 09:30\nAuthor: Ana Lima\n'
        "Tags:\nSummary:\n\nThe story starts here.\n"
    )


def test_pelican_reads_the_new_article(tmp_path):
    path = create_article(tmp_path, "Port strike", "Ana Lima", NOW)
    settings = read_settings(str(PROJECT / "pelicanconf.py"), override={"PATH": str(tmp_path)})
    settings["PLUGINS"] = []
    article = Readers(settings).read_file(str(tmp_path), str(path.relative_to(tmp_path)))
    assert article.title == "Port strike"
    assert article.date == NOW
    assert str(article.author) == "Ana Lima"


def test_never_overwrites(tmp_path):
    path = create_article(tmp_path, "Port strike", "Ana Lima", NOW)
    path.write_text("edited", encoding="utf-8")
    with pytest.raises(NewArticleError, match="already exists"):
        create_article(tmp_path, "Port strike", "Bo Chen", NOW)
    assert path.read_text(encoding="utf-8") == "edited"


def test_a_title_without_letters_is_refused(tmp_path):
    with pytest.raises(NewArticleError, match="title"):
        create_article(tmp_path, " ?! ", "Ana Lima", NOW)
    assert not list(tmp_path.iterdir())


def test_main_prints_the_path_and_fails_plainly(tmp_path, capsys):
    args = [
        "Port strike",
        "--content",
        str(tmp_path),
        "--settings",
        str(PROJECT / "pelicanconf.py"),
    ]
    assert main(args) == 0
    (written,) = tmp_path.glob("*/*/port-strike.md")
    assert capsys.readouterr().out == f"{written}\n"
    assert "Author: Digest staff\n" in written.read_text(encoding="utf-8")
    assert main(args) == 1
    assert capsys.readouterr().err.startswith(f"make new: {written} already exists")


@pytest.fixture
def project_copy(tmp_path):
    """What `make new` needs of the project, in a temp folder: it writes to content/."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    for name in ("Makefile", "pelicanconf.py", "tools"):
        os.symlink(PROJECT / name, tmp_path / name)
    os.symlink(PROJECT / ".venv", tmp_path / ".venv")
    # Older than the installed marker: make does not reinstall the requirements.
    shutil.copy(PROJECT / "requirements.txt", tmp_path / "requirements.txt")
    os.utime(tmp_path / "requirements.txt", (0, 0))
    return tmp_path


def make_new(folder, *args):
    return subprocess.run(
        ["make", "--no-print-directory", "new", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_new_passes_any_title_and_refuses_to_overwrite(project_copy):
    title = 'Dockers say "no" to $5 & it\'s on $(HOME)'
    first = make_new(project_copy, f"TITLE={title}")
    assert first.returncode == 0, first.stderr
    written = project_copy / first.stdout.strip()
    assert written.parent.parent.parent == project_copy / "content"
    assert f"Title: {title}\n" in written.read_text(encoding="utf-8")
    again = make_new(project_copy, f"TITLE={title}")
    assert again.returncode != 0
    assert "already exists" in again.stderr
    missing = make_new(project_copy)
    assert missing.returncode != 0 and 'make new TITLE="..."' in missing.stderr
