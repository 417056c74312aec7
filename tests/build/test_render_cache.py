"""Rebuilds render only changed pages, and give the same site as a clean build."""

import logging
import re
import shutil

from sitebuild import PROJECT, build_site, lay_out, rebuild


def seed(title, day, body, author="Ana Lima"):
    return f"{title}\n\n{author}\n2021-03-{day:02d}\n\n{body}\n"


SEEDS = {
    "a.txt": seed("Dockers strike in Rotterdam", 1, "Dock workers in Rotterdam struck on Monday."),
    "b.txt": seed("Nurses rally in Lyon", 2, "Nurses in Lyon rallied for staffing."),
    "c.txt": seed("Teachers vote in Oslo", 3, "Teachers in Oslo voted to accept."),
}


def render_counts(build):
    for message in build.messages(logging.INFO):
        found = re.search(r"output_record: (\d+) pages rendered, (\d+) unchanged", message)
        if found:
            return int(found[1]), int(found[2])
    raise AssertionError("no output_record summary logged")


def html_files(output):
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.rglob("*.html")
        if "pagefind" not in p.parts
    }


def test_a_rebuild_with_nothing_changed_renders_and_writes_nothing(tmp_path):
    first = build_site(tmp_path, seeds=SEEDS)
    before = html_files(first.output)
    written = {p: p.stat().st_mtime_ns for p in first.output.rglob("*.html")}
    rendered, reused = render_counts(rebuild(tmp_path))
    assert rendered == 0 and reused == render_counts(first)[0]
    assert html_files(first.output) == before
    assert {p: p.stat().st_mtime_ns for p in first.output.rglob("*.html")} == written


def test_an_edited_seed_is_rendered_again_and_unrelated_pages_are_not(tmp_path):
    build_site(tmp_path, seeds=SEEDS)
    (tmp_path / "seeds" / "b.txt").write_text(SEEDS["b.txt"] + "\nA new closing paragraph.\n")
    second = rebuild(tmp_path)
    rendered, reused = render_counts(second)
    assert rendered > 0 and reused > 0
    assert "A new closing paragraph." in second.read("2021/03/02/nurses-rally-in-lyon/index.html")


def test_a_deleted_output_file_is_written_again(tmp_path):
    first = build_site(tmp_path, seeds=SEEDS)
    page = first.output / "2021/03/01/dockers-strike-in-rotterdam/index.html"
    page.unlink()
    rebuild(tmp_path)
    assert "Dock workers in Rotterdam" in page.read_text()


def test_a_theme_change_renders_every_page(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(PROJECT / "theme", theme)
    first = build_site(tmp_path / "site", seeds=SEEDS, THEME=str(theme))
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- changed --></body>"))
    second = rebuild(tmp_path / "site", THEME=str(theme))
    assert render_counts(second) == (render_counts(first)[0], 0)
    assert "<!-- changed -->" in second.read("index.html")


def test_the_cache_can_be_turned_off(tmp_path):
    first = build_site(tmp_path, seeds=SEEDS, RENDER_CACHE=False)
    second = rebuild(tmp_path, RENDER_CACHE=False)
    assert render_counts(second) == (render_counts(first)[0], 0)
    assert html_files(first.output) == html_files(second.output)


def test_incremental_rebuilds_give_the_same_pages_as_a_clean_build(tmp_path):
    incremental = tmp_path / "incremental"
    build_site(incremental, seeds=SEEDS, real_seed=True)
    changes = {
        "d.txt": seed("Dockers strike again in Rotterdam", 4, "Dock workers struck again."),
        "b.txt": SEEDS["b.txt"].replace("rallied for staffing", "rallied for safe staffing"),
    }
    lay_out(incremental, seeds=changes)
    (incremental / "seeds" / "c.txt").unlink()
    after = rebuild(incremental)

    clean = tmp_path / "clean"
    final_seeds = {p.name: p.read_bytes() for p in (incremental / "seeds").iterdir()}
    expected = build_site(clean, seeds=final_seeds, RENDER_CACHE=False)

    want = html_files(expected.output)
    got = html_files(after.output)
    assert {name: got.get(name) for name in want} == want


def test_an_emptied_output_file_is_written_even_if_the_key_matches(tmp_path):
    first = build_site(tmp_path, seeds=SEEDS)
    page = first.output / "2021/03/01/dockers-strike-in-rotterdam/index.html"
    page.write_text("")  # as a crash or a full disk could leave it
    second = rebuild(tmp_path)
    assert "Dock workers in Rotterdam" in second.read(
        "2021/03/01/dockers-strike-in-rotterdam/index.html"
    )
