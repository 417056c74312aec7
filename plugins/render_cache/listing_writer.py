"""The site's Pelican writer, before any caching: how pages are laid out on disk.

- Listing pages keep their articles when new ones arrive (``listing_pages``):
  Pelican's own pagination renumbers every page of a listing for each new
  article; here only the listing's first page (and, once per ``per_page``
  articles, one new numbered page) changes.
- New content pages get their folders and files from a helper process while the
  first pages render (``files_ahead``).
"""

from __future__ import annotations

from pelican.writers import Writer

from .files_ahead import FileMaker, files_to_make
from .listing_pages import PageLink, numbered_blocks, numbered_link, split_listing

# Content lists of the context whose pages have folders of their own, in the order
# Pelican writes them (the articles first).
_CONTENT_LISTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")


class ListingWriter(Writer):
    # The file makers of builds under way, waited for when they end.
    file_makers: list[FileMaker] = []

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._files_started = False

    def _start_making_files(self, context) -> None:
        """On the first page: a helper process makes every new content page's folder and file."""
        self._files_started = True
        if not self.settings.get("MAKE_FILES_AHEAD", True):
            return
        files = [
            getattr(content, "save_as", "")
            for name in _CONTENT_LISTS
            for content in context.get(name) or ()
        ]
        ListingWriter.file_makers.append(FileMaker(files_to_make(self.output_path, files)))

    @classmethod
    def finish_all(cls) -> None:
        while cls.file_makers:
            cls.file_makers.pop().finish()

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if not self._files_started:
            self._start_making_files(context)
        if paginated is None:  # as Pelican does
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        rule = self._numbered_page_rule()
        if not (name and paginated and rule and template_name in self._paginated_templates()):
            return super().write_file(
                name, template, context, relative_urls, paginated, template_name,
                override_output, url, **kwargs,
            )  # fmt: skip
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        count = len(next(iter(paginated.values())))
        first = PageLink(0, url or "", name)
        numbered = [
            numbered_link(rule[1], rule[2], name, url or "", n)
            for n in range(1, numbered_blocks(count, per_page) + 1)
        ]
        pages = {
            key: split_listing(items, per_page, first, numbered) for key, items in paginated.items()
        }
        for i, link in enumerate([first, *reversed(numbered)]):
            page_kwargs = dict(kwargs)
            for key, key_pages in pages.items():
                page = key_pages[i]
                page_kwargs[f"{key}_page"] = page
                page_kwargs[f"{key}_previous_page"] = page.previous
                page_kwargs[f"{key}_next_page"] = page.next
                if link.number:
                    # A numbered page shows only its own articles: given the whole
                    # list, it would change (and be written again) with every new one.
                    page_kwargs[key] = page.object_list
            super().write_file(
                link.save_as, template, context, relative_urls, None, None, override_output,
                link.url, **page_kwargs,
            )  # fmt: skip
        return None

    def _paginated_templates(self):
        if not self.settings.get("STABLE_PAGINATION", True):
            return ()
        return self.settings.get("PAGINATED_TEMPLATES", {})

    def _numbered_page_rule(self):
        """The PAGINATION_PATTERNS rule for pages after the first, if there is one."""
        rules = [rule for rule in self.settings.get("PAGINATION_PATTERNS", ()) if rule[0] > 1]
        return max(rules, key=lambda rule: rule[0]) if rules else None
