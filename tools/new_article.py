"""`make new TITLE="..."`: a new Markdown article with its metadata header filled in.

Writes content/YYYY/MM/<slug>.md (the year and month of now, in the site's
TIMEZONE), prints its path, and never overwrites a file: an existing one is an
error with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import DEFAULT_CONFIG, get_settings_from_file
from pelican.utils import slugify


class NewArticleError(Exception):
    """What keeps the article from being written, for the person who asked."""


def article_text(title: str, author: str, now: datetime.datetime) -> str:
    """The header Pelican reads (empty Tags and Summary: topics and the first paragraph
    fill in when left empty), then a line to replace."""
    return (
        f"Title: {title}\nDate: {now:%Y-%m-%d %H:%M}\nAuthor: {author}\nTags:\nSummary:\n\n"
        "The story starts here.\n"
    )


def create_article(
    content_dir: Path,
    title: str,
    author: str,
    now: datetime.datetime,
    slug_substitutions=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"],
) -> Path:
    """Write the new article under `content_dir` and return its path."""
    title = " ".join(title.split())  # one line: a line break would start another header
    slug = slugify(title, regex_subs=list(slug_substitutions))
    if not slug:
        raise NewArticleError('give the article a title with letters: make new TITLE="..."')
    path = content_dir / f"{now:%Y}" / f"{now:%m}" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as new_file:  # "x": fails if it exists
            new_file.write(article_text(title, author, now))
    except FileExistsError:
        raise NewArticleError(
            f"{path} already exists and is left as it is (edit it, or choose another TITLE)"
        ) from None
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("title", help="the headline")
    parser.add_argument("--settings", default="pelicanconf.py", help="the site's settings")
    parser.add_argument("--content", default="content", help="the folder of Markdown articles")
    args = parser.parse_args(argv)
    settings = {**DEFAULT_CONFIG, **get_settings_from_file(args.settings)}
    now = datetime.datetime.now(ZoneInfo(settings["TIMEZONE"])).replace(second=0, microsecond=0)
    try:
        path = create_article(
            Path(args.content),
            args.title,
            settings["AUTHOR"],
            now,
            settings["SLUG_REGEX_SUBSTITUTIONS"],
        )
    except NewArticleError as error:
        print(f"make new: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
