"""Build a temporary site with the project's settings, plugins and theme.

Build tests lay out a tiny site of fixtures in a temp folder, run Pelican on
it in-process and read the files it wrote and the messages it logged.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_SEED = PROJECT / "seeds" / "000_678971455dd61ec7.txt"


@dataclass
class Build:
    root: Path
    output: Path
    records: list[logging.LogRecord] = field(default_factory=list)

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def files(self, pattern: str = "**/*") -> list[Path]:
        return sorted(p for p in self.output.glob(pattern) if p.is_file())

    def article_pages(self) -> list[Path]:
        """The article pages, which live under a year folder."""
        return sorted(p for p in self.output.glob("[0-9][0-9][0-9][0-9]/**/index.html"))


class _Collector(logging.Handler):
    def __init__(self, records):
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record):
        self.records.append(record)


def lay_out(root: Path, seeds=None, content=None, real_seed=False) -> None:
    """Write a site's sources: ``seeds`` and ``content`` map names to text or bytes."""
    for folder, files in (("seeds", seeds or {}), ("content", content or {})):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = root / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
    if real_seed:
        (root / "seeds" / REAL_SEED.name).write_bytes(REAL_SEED.read_bytes())


def site_settings(root: Path, config: str = "pelicanconf.py", **overrides) -> dict:
    override = {
        "PATH": str(root),
        "OUTPUT_PATH": str(root / "output"),
        "CACHE_PATH": str(root / ".cache"),
        "THEME": str(PROJECT / "theme"),
        "PLUGIN_PATHS": [str(PROJECT / "plugins")],
    }
    override.update(overrides)
    return read_settings(str(PROJECT / config), override=override)


def build_site(root: Path, seeds=None, content=None, real_seed=False, **overrides) -> Build:
    """Lay out a site in ``root`` and build it in-process; settings may be overridden."""
    lay_out(root, seeds, content, real_seed)
    return rebuild(root, **overrides)


def rebuild(root: Path, **overrides) -> Build:
    """Build the site already laid out in ``root`` again."""
    settings = site_settings(root, **overrides)
    build = Build(root=root, output=Path(settings["OUTPUT_PATH"]))
    # Pelican logs a message only once per process; tests need every one.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    collector = _Collector(build.records)
    root_logger = logging.getLogger()
    previous_level = root_logger.level
    root_logger.addHandler(collector)
    root_logger.setLevel(logging.DEBUG)
    try:
        Pelican(settings).run()
    finally:
        root_logger.removeHandler(collector)
        root_logger.setLevel(previous_level)
    return build


def pelican_command(
    root: Path, *args: str, config: str = "pelicanconf.py", output: Path | None = None
) -> list[str]:
    """The ``pelican`` command line for a laid-out site, as `make html` runs it.

    Output (and the content cache beside it) go to ``output``, by default
    ``root/output``.
    """
    output = output or root / "output"
    return [
        sys.executable,
        "-m",
        "pelican",
        str(root),
        "-s",
        str(PROJECT / config),
        "-o",
        str(output),
        "-e",
        f'CACHE_PATH="{output.parent / ".cache"}"',
        *args,
    ]


def run_pelican_cli(
    root: Path,
    *args: str,
    config: str = "pelicanconf.py",
    env: dict | None = None,
    output: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run the ``pelican`` command on a laid-out site, as `make html` does."""
    return subprocess.run(
        pelican_command(root, *args, config=config, output=output),
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
