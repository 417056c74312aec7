"""The Nu Html Checker finds no error in any page the build writes."""

from __future__ import annotations

import subprocess

from sitebuild import PROJECT


def run_vnu(vnu, *targets):
    return subprocess.run(
        [*vnu, "--errors-only", "--skip-non-html", *map(str, targets)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_page_is_valid_html(vnu, built_site):
    assert list(built_site.output.glob("**/*.html")), "nothing was built"
    result = run_vnu(vnu, built_site.output)
    assert result.returncode == 0, result.stderr or result.stdout


def test_stylesheet_is_valid_css(vnu):
    result = subprocess.run(
        [*vnu, "--errors-only", "--css", str(PROJECT / "theme" / "static" / "css" / "style.css")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr or result.stdout


def test_the_checker_does_report_errors(vnu, tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></span>")
    result = run_vnu(vnu, broken)
    assert result.returncode != 0 and "error" in result.stderr
