"""build_progress: the plain lines a build prints when it is not on a terminal."""

import io

from build_progress import PLAIN_EVERY, PlainReport
from sitebuild import lay_out, run_pelican_cli


def test_plain_report_prints_phases_and_a_line_now_and_then():
    now = [0.0]
    out = io.StringIO()
    report = PlainReport(out, clock=lambda: now[0])
    report.phase("Reading sources", 3)
    report.phase("Writing pages")
    for _ in range(5):
        now[0] += PLAIN_EVERY / 2
        report.advance()
    report.done("Built 5 pages")
    assert out.getvalue().splitlines() == [
        "[  0.0 s] Reading sources (3)…",
        "[  0.0 s] Writing pages…",
        "[ 15.0 s] Writing pages: 2 so far",
        "[ 30.0 s] Writing pages: 4 so far",
        "[ 37.5 s] Built 5 pages",
    ]


def test_a_build_in_cron_says_where_it_is_and_q_keeps_it_quiet(tmp_path):
    lay_out(tmp_path, seeds={"a.txt": "Strike\n\n2021-03-01\n\nDockers struck.\n"})
    lines = run_pelican_cli(tmp_path, "-e", "SEARCH_INDEX=false").stderr
    assert "Reading sources (1)…" in lines and "Writing pages…" in lines
    assert "Built " in lines
    quiet = run_pelican_cli(tmp_path, "-q", "-e", "SEARCH_INDEX=false").stderr
    assert "Writing pages" not in quiet
