"""lean_memory: the readers' copy of every source is freed once it is saved, not before."""

import pickle
from types import SimpleNamespace

from lean_memory import release_reader_cache
from sitebuild import build_site, rebuild, site_settings

SEED = "Dockers strike in Rotterdam\n\nAna Lima\n2021-03-01\n\nDock workers struck on Monday.\n"


def test_the_readers_cache_is_emptied():
    readers = SimpleNamespace(_cache={"a.txt": ("<p>text</p>", {})})
    release_reader_cache(SimpleNamespace(readers=readers))
    assert readers._cache == {}
    release_reader_cache(SimpleNamespace())  # a generator without readers: nothing to do


def test_the_content_cache_is_still_saved_and_used(tmp_path):
    first = build_site(tmp_path, seeds={"a.txt": SEED})
    cache = tmp_path / ".cache" / "ArticlesGenerator-Readers"
    saved = pickle.loads(cache.read_bytes())
    assert any(path.endswith("a.txt") for path in saved)
    page = "2021/03/01/dockers-strike-in-rotterdam/index.html"
    second = rebuild(tmp_path)
    assert second.read(page) == first.read(page)


def test_pelicans_readers_still_keep_their_cache_where_it_is_freed(tmp_path):
    from pelican.readers import Readers

    readers = Readers(site_settings(tmp_path), "ArticlesGenerator-Readers")
    assert isinstance(readers._cache, dict)
