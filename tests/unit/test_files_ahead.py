"""render_cache.files_ahead: new pages' folders and files made ahead by a helper process."""

import os

from render_cache.files_ahead import FileMaker, files_to_make


def test_new_pages_in_order_once_and_only_in_missing_folders(tmp_path):
    (tmp_path / "2021/03/01").mkdir(parents=True)
    files = [
        "2021/03/02/b/index.html",
        "2021/03/01/a/index.html",
        "2021/03/02/b/index.html",
        "index.html",  # in the output folder itself: made by Pelican anyway
        "",
        "../outside/index.html",
        "2021/03/01/index.html",  # its folder exists: most likely written before
    ]
    root = str(tmp_path)
    assert files_to_make(root, files) == [
        os.path.join(root, "2021/03/02/b/index.html"),
        os.path.join(root, "2021/03/01/a/index.html"),
    ]


def test_the_helper_makes_every_folder_and_empty_file(tmp_path):
    wanted = [str(tmp_path / f"2021/03/{day:02d}/story-{day}/index.html") for day in range(1, 40)]
    maker = FileMaker(wanted)
    maker.finish()
    assert all(os.path.isfile(path) and os.path.getsize(path) == 0 for path in wanted)
    maker.finish()  # a second call is harmless


def test_an_existing_file_is_never_truncated(tmp_path):
    page = tmp_path / "2021/03/01/a/index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>written</p>")
    FileMaker([str(page)]).finish()
    assert page.read_text() == "<p>written</p>"


def test_a_path_it_cannot_make_is_left_to_the_writer(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    good = tmp_path / "good" / "index.html"
    FileMaker([str(tmp_path / "file" / "below" / "index.html"), str(good)]).finish()
    assert good.is_file()
