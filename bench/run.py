"""`make bench`: build speed, peak memory and page weight, against vanilla Pelican.

Scenarios, each timed in a fresh process, alternated, median of --runs:
  a  vanilla Pelican 4.12, default theme and feeds plus RSS and tag RSS, Markdown corpus
  b  this site's full build (plugins, theme, feeds, search index), same Markdown, cold
  c  this site on the same articles as seeds, cold
  d  c again with nothing changed (content cache warm)
  e  c again after one breaking story (a seed dated the day after the newest)
  f  c again after a correction to one story in the middle of the archive
Peak memory is measured for the Pelican process, its largest child (the search
indexer) and what the build put in /dev/shm. `make bench N=10000` is the archive
run (issue targets below); N=50000 is a long run (about an hour on two cores).
Prints a table and writes the same figures as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import newest_date, write_corpus  # noqa: E402
from first_search import first_search_bytes  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
MEASURED_PELICAN = Path(__file__).resolve().parent / "measured_pelican.py"
REAL_SEED = PROJECT / "seeds" / "000_678971455dd61ec7.txt"
REAL_PAGE = "2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/index.html"

VANILLA_SETTINGS = """\
AUTHOR = "Bench"
SITENAME = "Vanilla Pelican"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_RSS = "feeds/{slug}.tag.rss.xml"
"""

SCENARIOS = {
    "a": "vanilla Pelican, Markdown",
    "b": "this site, Markdown",
    "c": "this site, seeds",
    "d": "rebuild, nothing changed",
    "e": "one breaking story",
    "f": "one mid-archive correction",
}
TARGETS = {"b/a": 1.25, "c/a": 1.0, "e/c": 0.5, "memory/a": 1.5}
# The archive's targets (N=10,000 and up): rebuild work proportional to the change,
# and every process of the build within 600 MB.
ARCHIVE_TARGETS = {"e/c": 0.1, "f/c": 0.25, "d/c": 0.1, "c/a": 1.0, "largest process MiB": 600}


def _shm_used() -> int:
    try:
        return shutil.disk_usage("/dev/shm").used
    except OSError:
        return 0


def run_measured(command: list[str]) -> tuple[float, dict[str, float]]:
    """Run a Pelican build in a fresh process; return its seconds and peak memory
    (MiB) of Pelican's own process, of its largest child (the search indexer) and of
    what it staged in /dev/shm (sampled every 50 ms)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as memory_file:
        baseline = _shm_used()
        shm_peak = [baseline]
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(MEASURED_PELICAN), memory_file.name, *command],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        sampler = threading.Thread(target=_sample_shm, args=(process, shm_peak), daemon=True)
        sampler.start()
        out, _ = process.communicate()
        seconds = time.perf_counter() - start
        sampler.join()
        if process.returncode != 0:
            sys.exit(f"bench: pelican {' '.join(command)} failed:\n{out}")
        peaks = json.loads(Path(memory_file.name).read_text())
        peaks["shm_mib"] = (shm_peak[0] - baseline) / 2**20
        return seconds, peaks


def _sample_shm(process: subprocess.Popen, peak: list[int]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], _shm_used())
        time.sleep(0.05)


def pelican(site: Path, settings: Path, *extra: str) -> list[str]:
    return [str(site), "-s", str(settings), "-o", str(site / "output"), "-q", *extra]


def verbose(command: list[str]) -> list[str]:
    return [("-v" if argument == "-q" else argument) for argument in command]


def this_site(site: Path) -> list[str]:
    return pelican(site, PROJECT / "pelicanconf.py", "-e", f'CACHE_PATH="{site / ".cache"}"')


def clean(site: Path) -> None:
    for folder in ("output", ".cache"):
        shutil.rmtree(site / folder, ignore_errors=True)


def lay_out(work: Path, n: int) -> dict[str, Path]:
    sites = {name: work / name for name in ("vanilla", "markdown", "seeds")}
    write_corpus(sites["vanilla"] / "content", n, "markdown")
    (sites["vanilla"] / "pelicanconf.py").write_text(VANILLA_SETTINGS)
    shutil.copytree(sites["vanilla"] / "content", sites["markdown"] / "content")
    write_corpus(sites["seeds"] / "seeds", n, "seed")
    for site in (sites["markdown"], sites["seeds"]):
        (site / "seeds").mkdir(exist_ok=True)
        shutil.copytree(PROJECT / "content" / "pages", site / "content" / "pages")
    return sites


def measure_builds(sites: dict[str, Path], n: int, runs: int) -> dict[str, list]:
    times: dict[str, list[float]] = {key: [] for key in SCENARIOS}
    memory: dict[str, list[dict]] = {key: [] for key in SCENARIOS}
    vanilla = sites["vanilla"]
    commands = {
        "a": pelican(vanilla / "content", vanilla / "pelicanconf.py"),
        "b": this_site(sites["markdown"]),
        "c": this_site(sites["seeds"]),
    }
    commands["a"][commands["a"].index("-o") + 1] = str(vanilla / "output")
    seeds = sites["seeds"] / "seeds"
    breaking = seeds / f"article-{n:06d}.txt"
    corrected = seeds / f"article-{n // 2:06d}.txt"
    original = corrected.read_text(encoding="utf-8")
    for run in range(runs):
        print(f"run {run + 1}/{runs}", file=sys.stderr, flush=True)
        for key in SCENARIOS:
            if key in "abc":
                clean(vanilla if key == "a" else sites["markdown" if key == "b" else "seeds"])
            if key == "e":
                write_corpus(seeds, 1, "seed", start=n, date=newest_date(n) + dt.timedelta(1))
            if key == "f":
                corrected.write_text(original.replace(".\n", ". (Corrected.)\n", 1))
            seconds, peaks = run_measured(commands[key if key in "abc" else "c"])
            times[key].append(seconds)
            memory[key].append(peaks)
        breaking.unlink()
        corrected.write_text(original, encoding="utf-8")
    return {"times": times, "memory": memory}


INDEX_LINE = re.compile(
    r"Search index: (?P<pages>\d+) pages in (?P<seconds>[\d.]+) s, peak (?P<peak>[\d.]+) MiB,"
    r" the build waited (?P<waited>[\d.]+) s"
)


def measure_index(site: Path) -> dict[str, float]:
    """One more cold build of the seeds site, verbose, to read the search plugin's
    own report: Pagefind's time, its peak memory, and how long the build waited
    for it (Pagefind runs beside the rest of the build)."""
    clean(site)
    run = subprocess.run(
        [sys.executable, "-m", "pelican", *verbose(this_site(site))],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "400"},  # one log record per line
    )
    found = INDEX_LINE.search(run.stdout + run.stderr)
    if run.returncode != 0 or not found:
        sys.exit(f"bench: no search index report in the build's log:\n{run.stdout[-2000:]}")
    return {key: float(value) for key, value in found.groupdict().items()}


SEARCH_QUERY = "hospitals"  # in every article: every shard answers


def measure_page_weight(work: Path) -> dict[str, int]:
    """The real seed's article page and the stylesheet, raw and gzipped."""
    site = work / "real"
    (site / "seeds").mkdir(parents=True)
    shutil.copy(REAL_SEED, site / "seeds")
    shutil.copytree(PROJECT / "content", site / "content")
    run_measured(this_site(site))
    html = (site / "output" / REAL_PAGE).read_bytes()
    css = b"".join(p.read_bytes() for p in sorted((site / "output" / "theme").rglob("*.css")))
    weight = {
        "html_bytes": len(html),
        "css_bytes": len(css),
        "html_gzip_bytes": len(gzip.compress(html, 9, mtime=0)),
        "css_gzip_bytes": len(gzip.compress(css, 9, mtime=0)),
    }
    weight["total_gzip_bytes"] = weight["html_gzip_bytes"] + weight["css_gzip_bytes"]
    return weight


def summarise(n: int, runs: int, builds: dict, index_seconds: float, weight: dict) -> dict:
    median = {key: statistics.median(values) for key, values in builds["times"].items()}
    peak = {key: max(run["pelican_mib"] for run in runs) for key, runs in builds["memory"].items()}
    indexer_peak = {
        key: max(run["children_mib"] for run in runs) for key, runs in builds["memory"].items()
    }
    shm_peak = {key: max(run["shm_mib"] for run in runs) for key, runs in builds["memory"].items()}
    ratios = {
        "b/a": median["b"] / median["a"],
        "c/a": median["c"] / median["a"],
        "d/c": median["d"] / median["c"],
        "e/c": median["e"] / median["c"],
        "memory/a": max(peak["b"], peak["c"]) / peak["a"],
        "memory+indexer/a": max(peak["b"], peak["c"], indexer_peak["b"], indexer_peak["c"])
        / peak["a"],
        "f/c": median["f"] / median["c"],
        "largest process MiB": max(max(peak.values()), max(indexer_peak.values())),
    }
    return {
        "articles": n,
        "runs": runs,
        "cores": os.cpu_count(),
        "seconds_median": median,
        "seconds_all": builds["times"],
        "peak_mib": peak,
        "indexer_peak_mib": indexer_peak,
        "shm_peak_mib": shm_peak,
        "ratios": ratios,
        "targets": TARGETS,
        "targets_met": {k: ratios[k] <= limit for k, limit in TARGETS.items()},
        "archive_targets": ARCHIVE_TARGETS,
        "archive_targets_met": {k: ratios[k] <= limit for k, limit in ARCHIVE_TARGETS.items()},
        "search_index": index_seconds,
        "page_weight": weight,
    }


def print_table(result: dict) -> None:
    print(
        f"\nBenchmark: {result['articles']} articles, median of {result['runs']} runs, "
        f"{result['cores']} cores\n"
    )
    print(
        f"{'':3}{'scenario':30}{'median s':>10}{'peak MiB':>10}{'indexer':>9}{'shm':>7}"
        "   all runs (s)"
    )
    for key, label in SCENARIOS.items():
        runs = ", ".join(f"{s:.2f}" for s in result["seconds_all"][key])
        print(
            f"{key:3}{label:30}{result['seconds_median'][key]:10.2f}"
            f"{result['peak_mib'][key]:10.1f}{result['indexer_peak_mib'][key]:9.1f}"
            f"{result['shm_peak_mib'][key]:7.1f}   {runs}"
        )
    print("   peak MiB: the Pelican process; indexer: its largest child process, the Pagefind")
    print("   indexer (a child starts as large as Pelican when it is spawned; 0: none ran);")
    print("   shm: the most the build had in /dev/shm at once")
    for title, targets in (("targets", TARGETS), ("archive targets", ARCHIVE_TARGETS)):
        print(f"\n{title:24}{'value':>8}{'target':>10}")
        for key, limit in targets.items():
            value = result["ratios"][key]
            verdict = "  ok" if value <= limit else "  MISSED"
            print(f"{key:24}{value:8.2f}{'<= ' + str(limit):>10}{verdict}")
    weight = result["page_weight"]
    index = result["search_index"]
    print(
        f"\nsearch index (seeds site): Pagefind {index['seconds']:.2f} s for {index['pages']:.0f}"
        f" pages, peak {index['peak']:.0f} MiB; the build waited {index['waited']:.2f} s for it"
    )
    print(
        f"real seed page: HTML {weight['html_bytes']} B ({weight['html_gzip_bytes']} B gzip), "
        f"CSS {weight['css_bytes']} B ({weight['css_gzip_bytes']} B gzip), "
        f"total {weight['total_gzip_bytes']} B gzipped"
    )
    search = weight["first_search"]
    print(
        f'first search (seeds site, "{SEARCH_QUERY}", Chromium): {search["bytes"] / 1000:.0f} kB'
        f" in {search['requests']} requests, the page included (target at 10,000: 400 kB)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the corpus")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (median)")
    parser.add_argument("--json", type=Path, help="where to write the JSON result")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args(argv)
    json_path = args.json or PROJECT / "bench-results" / f"bench-{args.n}.json"

    work = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    try:
        sites = lay_out(work, args.n)
        builds = measure_builds(sites, args.n, args.runs)
        index_seconds = measure_index(sites["seeds"])
        weight = measure_page_weight(work)
        weight["first_search"] = first_search_bytes(sites["seeds"] / "output", SEARCH_QUERY)
    finally:
        if args.keep:
            print(f"sites kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    result = summarise(args.n, args.runs, builds, index_seconds, weight)
    print_table(result)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nJSON: {json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
