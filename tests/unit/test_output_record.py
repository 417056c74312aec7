"""The output record as a plain object: what a build wrote, kept and pruned."""

import os

from output_record.record import OutputRecord


def record(tmp_path):
    return OutputRecord(str(tmp_path / "output"), str(tmp_path / "record"))


def test_an_unchanged_file_is_not_written_again_and_keeps_its_time(tmp_path):
    first = record(tmp_path)
    page = tmp_path / "output/a/index.html"
    assert first.write(str(page), b"<p>a</p>", key="k") is True
    first.save()
    recorded = page.stat().st_mtime_ns
    os.utime(page, ns=(1, 1))  # touched, as Pelican's copy of a theme file is
    second = record(tmp_path)
    assert second.unchanged(str(page), "k") is False  # its time is not the recorded one
    assert second.write(str(page), b"<p>a</p>", key="k") is False
    assert second.written == 0 and page.stat().st_mtime_ns == recorded
    second.save()
    third = record(tmp_path)
    assert third.unchanged(str(page), "k") is True
    assert third.unchanged(str(page), "other key") is False


def test_an_edited_file_is_written_again(tmp_path):
    first = record(tmp_path)
    page = tmp_path / "output/a.html"
    first.write(str(page), b"<p>a</p>", key="k")
    first.save()
    page.write_bytes(b"<p>edited</p>")
    second = record(tmp_path)
    assert second.unchanged(str(page), "k") is False
    assert second.write(str(page), b"<p>a</p>", key="k") is True
    assert page.read_bytes() == b"<p>a</p>"


def test_prune_removes_what_was_not_produced_and_keeps_retained_and_claimed(tmp_path):
    output = tmp_path / "output"
    for name in ("old/index.html", "keep.html", "bundle/x.pf", "new.html", ".well-known/a"):
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(name)
    (output / "link").symlink_to(tmp_path)
    build = record(tmp_path)
    build.write(str(output / "new.html"), b"new")
    build.claim(str(output / "bundle"))
    removed = build.prune(["keep.html", ".well-known"])
    assert sorted(removed) == ["link", "old/index.html"]
    left = sorted(str(p.relative_to(output)) for p in output.rglob("*"))
    assert left == [
        ".well-known",
        ".well-known/a",
        "bundle",
        "bundle/x.pf",
        "keep.html",
        "new.html",
    ]


def test_a_file_written_during_the_build_by_another_plugin_is_kept(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    old = output / "stale.xml"
    old.write_text("old")
    since = old.stat().st_mtime_ns + 1
    fresh = output / "sitemap.xml"
    fresh.write_text("<urlset/>")
    os.utime(fresh, ns=(since, since))
    assert record(tmp_path).prune([], since_ns=since) == ["stale.xml"]


def test_a_damaged_record_is_dropped_with_one_warning(tmp_path, caplog):
    (tmp_path / "record").write_bytes(b"\x80garbage")
    assert record(tmp_path).previous == {}
    assert [r.getMessage() for r in caplog.records if str(tmp_path / "record") in r.getMessage()]
    assert not (tmp_path / "record").exists()


def test_a_claimed_file_is_kept_and_the_next_build_checks_it_afresh(tmp_path):
    feed = tmp_path / "output/feeds/all.atom.xml"
    feed.parent.mkdir(parents=True)
    feed.write_bytes(b"<feed/>")
    first = record(tmp_path)
    first.claim(str(feed))
    assert first.prune([]) == [] and feed.exists()
    first.save()
    second = record(tmp_path)
    assert second.unchanged(str(feed), "k") is False
    assert second.write(str(feed), b"<feed/>", key="k") is False
    assert second.write(str(feed), b"<feed>new</feed>", key="k") is True
    assert second.prune([]) == [] and feed.read_bytes() == b"<feed>new</feed>"
