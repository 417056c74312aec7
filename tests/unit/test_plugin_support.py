"""The shared helpers: settings checks, cache keys, result caches, atomic files."""

import logging
import os
import pickle
import time

import pytest
from plugin_support import processes
from plugin_support.caches import ResultCache, atomic_write, cache_key, code_version, load_pickle
from plugin_support.settings import setting
from plugin_support.text import html_to_text


def test_setting_falls_back_with_one_error(caplog):
    assert setting({"N": 3}, "N", 5) == 3
    assert setting({}, "N", 5) == 5
    with caplog.at_level(logging.ERROR):
        assert setting({"N": True}, "N", 5) == 5
        assert setting({"N": -1}, "N", 5) == 5
    assert [r.getMessage() for r in caplog.records] == [
        "N must be a positive whole number, not True; using 5",
        "N must be a positive whole number, not -1; using 5",
    ]


def test_cache_key_separates_parts():
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert cache_key("a", 1) == cache_key("a", 1)
    assert cache_key(b"a") == cache_key("a")


def test_code_version_follows_the_source(tmp_path):
    (tmp_path / "m.py").write_text("x = 1\n")
    before = code_version(tmp_path)
    (tmp_path / "m.py").write_text("x = 2\n")
    assert code_version(tmp_path) != before


def test_atomic_write_leaves_no_temporary(tmp_path):
    target = tmp_path / "a" / "b.txt"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(os.listdir(target.parent)) == ["b.txt"]


def _settings(tmp_path, **extra):
    return {"CACHE_PATH": str(tmp_path), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, **extra}


def test_result_cache_round_trip_keeps_only_used_entries(tmp_path):
    cache = ResultCache(_settings(tmp_path), "memo", "k1")
    assert cache.lookup("a", lambda: 1) == 1
    cache.put("b", 2)
    cache.save()
    again = ResultCache(_settings(tmp_path), "memo", "k1")
    assert again.lookup("a", lambda: pytest.fail("recomputed")) == 1
    again.save()
    third = ResultCache(_settings(tmp_path), "memo", "k1")
    assert third.get("b") is None and third.get("a") == 1


def test_result_cache_of_other_settings_is_not_used(tmp_path):
    cache = ResultCache(_settings(tmp_path), "memo", "k1")
    cache.put("a", 1)
    cache.save()
    assert ResultCache(_settings(tmp_path), "memo", "k2").get("a") is None


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", pickle.dumps(["wrong", "shape"]), pickle.dumps({"x": 1}), "folder"],
)
def test_damaged_result_cache_is_dropped_with_one_warning(tmp_path, caplog, damage):
    path = tmp_path / "memo"
    if damage == "folder":
        path.mkdir()
    else:
        path.write_bytes(damage)
    with caplog.at_level(logging.WARNING):
        cache = ResultCache(_settings(tmp_path), "memo", "k")
    assert cache.get("a") is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and str(path) in warnings[0]
    assert not path.exists()
    cache.put("a", 1)
    cache.save()
    assert load_pickle(path)["entries"] == {"a": 1}


def test_html_to_text():
    html = "<p>One <b>bold</b>&amp;more</p><p>Two</p><script>x()</script>"
    assert html_to_text(html).split() == ["One", "bold&more", "Two"]


def test_write_output_keeps_an_unchanged_file_and_records_it(tmp_path, monkeypatch):
    from output_record.record import OutputRecord
    from plugin_support import output

    record = OutputRecord(str(tmp_path), str(tmp_path / "record"))
    monkeypatch.setattr(output, "record", record)
    target = tmp_path / "feeds" / "all.xml"
    assert output.write_output(target, b"<feed/>") is True
    os.utime(target, ns=(1, 1))
    assert output.write_output(target, b"<feed/>") is False
    assert target.stat().st_mtime_ns == 1
    assert output.write_output(target, b"<feed>2</feed>", key="k") is True
    assert list(record.current) == [os.path.join("feeds", "all.xml")]  # kept by the pruning
    record.save()  # the next build knows what key "k" made
    monkeypatch.setattr(output, "record", OutputRecord(str(tmp_path), str(tmp_path / "record")))
    assert output.unchanged(target, "k") and not output.unchanged(target, "other")


def _logging_job():
    logging.getLogger("helper").warning("said in the helper (pid %d)", os.getpid())
    return os.getpid()


def test_a_forked_helper_returns_its_result_and_its_log_records(caplog):
    helper = processes.Forked(_logging_job)
    pid = helper.result()
    assert pid != os.getpid()
    assert [r.getMessage() for r in caplog.records] == [f"said in the helper (pid {pid})"]


def test_a_failed_helper_returns_nothing_and_says_nothing(caplog):
    def failing():
        logging.getLogger("helper").warning("half done")
        raise RuntimeError("failed")

    assert processes.Forked(failing).result() is None
    assert caplog.records == []  # the build does the job again, and logs it then


def test_a_stopped_helper_is_killed(tmp_path):
    marker = tmp_path / "late"

    def slow():
        time.sleep(5)
        marker.write_text("written after its build")

    helper = processes.Forked(slow)
    helper.stop()
    time.sleep(0.2)
    assert not marker.exists()
    assert processes.build_processes({"BUILD_PROCESSES": 1}) == 1
    assert processes.build_processes({}) == len(os.sched_getaffinity(0))
