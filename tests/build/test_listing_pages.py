"""Listing pages in built sites: a new article leaves the older pages as they were."""

from sitebuild import build_site, lay_out, rebuild, site_settings


def markdown(title, day, tag):
    return f"Title: {title}\nDate: 2024-01-{day:02d} 10:00\nTags: {tag}\n\nText of {title}.\n"


CONTENT = {f"a{day}.md": markdown(f"Harbour report {day}", day, "Ports") for day in range(1, 8)}


def test_a_new_article_rewrites_the_first_pages_not_the_numbered_ones(tmp_path):
    first = build_site(tmp_path, content=CONTENT, DEFAULT_PAGINATION=2, SEARCH_INDEX=False)
    page_one = first.output / "tag/ports/page/1/index.html"
    before, stamp = page_one.read_bytes(), page_one.stat().st_mtime_ns
    assert "Harbour report 1" in before.decode() and "Harbour report 3" not in before.decode()
    lay_out(tmp_path, content={"a8.md": markdown("Harbour report 8", 8, "Ports")})
    second = rebuild(tmp_path, DEFAULT_PAGINATION=2, SEARCH_INDEX=False)
    # Not even written again (the render cache sees it unchanged).
    assert page_one.read_bytes() == before and page_one.stat().st_mtime_ns == stamp
    assert "Harbour report 8" in second.read("tag/ports/index.html")


def test_pelicans_own_pagination_when_turned_off(tmp_path):
    plugins = [p for p in site_settings(tmp_path)["PLUGINS"] if p != "stable_pagination"]
    build = build_site(
        tmp_path, content=CONTENT, DEFAULT_PAGINATION=2, SEARCH_INDEX=False,
        PLUGINS=plugins, RENDER_CACHE=False,
    )  # fmt: skip
    assert "Harbour report 7" in build.read("tag/ports/index.html")
    assert "Harbour report 5" in build.read("tag/ports/page/2/index.html")


def test_pelicans_simple_theme_builds_with_stable_pagination(tmp_path):
    build = build_site(
        tmp_path, content=CONTENT, DEFAULT_PAGINATION=2, SEARCH_INDEX=False, THEME="simple",
        DIRECT_TEMPLATES=["index", "tags", "categories", "authors", "archives"],
    )  # fmt: skip
    assert not [m for m in build.messages() if "Exception" in m or "undefined" in m]
    first, oldest = build.read("tag/ports/index.html"), build.read("tag/ports/page/1/index.html")
    assert "Harbour report 7" in first and "Page 1 / 3" in first
    assert "Harbour report 1" in oldest and "Page 3 / 3" in oldest
