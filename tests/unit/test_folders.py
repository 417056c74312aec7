"""render_cache.folders: the output folders made ahead by a helper process."""

import os

from render_cache.folders import FolderMaker, folders_to_make


def test_folders_of_the_files_in_order_once_and_only_missing_ones(tmp_path):
    (tmp_path / "2021/03/01").mkdir(parents=True)
    files = [
        "2021/03/02/b/index.html",
        "2021/03/01/a/index.html",
        "2021/03/02/b/feed.xml",
        "index.html",  # the output folder itself: made by Pelican anyway
        "",
        "../outside/index.html",
        "2021/03/01/index.html",  # exists already
    ]
    root = str(tmp_path)
    assert folders_to_make(root, files) == [
        os.path.join(root, "2021/03/02/b"),
        os.path.join(root, "2021/03/01/a"),
    ]


def test_the_helper_makes_every_folder(tmp_path):
    wanted = [str(tmp_path / f"2021/03/{day:02d}/story-{day}") for day in range(1, 40)]
    maker = FolderMaker(wanted)
    maker.finish()
    assert all(os.path.isdir(folder) for folder in wanted)
    maker.finish()  # a second call is harmless


def test_a_folder_it_cannot_make_is_left_to_the_writer(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    good = str(tmp_path / "good")
    FolderMaker([str(tmp_path / "file" / "below"), good]).finish()
    assert os.path.isdir(good)
