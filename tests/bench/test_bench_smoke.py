"""`make bench` keeps working: a tiny run (N=20, one run) prints its table and JSON.

No test asserts a time; the figures are the benchmark's to report.
"""

import json
import subprocess
import sys

from sitebuild import PROJECT

sys.path.insert(0, str(PROJECT / "bench"))
from corpus import as_markdown, as_seed, make_article  # noqa: E402


def test_corpus_is_deterministic_and_shaped_like_the_news():
    article = make_article(7)
    assert article == make_article(7)
    assert 3 <= len(article.topics) <= 6
    words = sum(len(p.split()) for p in article.paragraphs)
    assert 1100 <= words <= 1500
    seed = as_seed(article)
    assert seed.startswith(f"{article.title}\n\n{article.author}\n")
    assert "To contact the WSWS and the Socialist Equality Party visit:" in seed
    markdown = as_markdown(article)
    assert f"Tags: {', '.join(article.topics)}" in markdown


def test_bench_smoke_run_prints_the_table_and_writes_json(tmp_path):
    result_path = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "bench/run.py", "--n", "20", "--runs", "1", "--json", str(result_path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    labels = ("vanilla Pelican, Markdown", "b/a", "c/a", "e/c", "memory/a", "search index")
    for label in (*labels, "first search"):
        assert label in run.stdout
    result = json.loads(result_path.read_text())
    assert result["articles"] == 20
    assert set(result["seconds_median"]) == {"a", "b", "c", "d", "e", "f"}
    assert "shm" in run.stdout and "archive targets" in run.stdout
    assert all(seconds > 0 for seconds in result["seconds_median"].values())
    assert all(mib > 0 for mib in result["peak_mib"].values())
    assert result["page_weight"]["total_gzip_bytes"] > 0
    assert result["page_weight"]["first_search"]["requests"] > 0
    assert result["search_index"]["pages"] == 20
