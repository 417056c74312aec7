"""The site's writer: Pelican's ``Writer.write_file`` (paginate, render, write, send
``content_written``), except that a page whose key (the fingerprints of what its
template reads, the code) is the one its file was made from is not rendered, pages
are written through the record, and listings use ``StablePaginator`` when
stable_pagination is on."""

from __future__ import annotations

import logging
import os
import weakref

import pelican
from jinja2 import TemplateError
from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer
from plugin_support.caches import cache_key, code_version
from plugin_support.processes import Forked, build_processes
from plugin_support.template_reads import DynamicTemplate, Reads, template_reads

from .fingerprints import Fingerprinter, Uncacheable

logger = logging.getLogger(__name__)


class SiteWriter(Writer):
    record = None  # the build's OutputRecord, set by the plugin before the writer is made
    active = None  # the build's writer, once Pelican made it

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._paginator = Paginator
        if "stable_pagination" in self.settings.get("PLUGINS", ()):
            from stable_pagination import StablePaginator

            self._paginator = StablePaginator
        self._caching = self.settings.get("RENDER_CACHE", True)
        # A page is made by the theme's templates, the plugins and Pelican itself.
        self._code = cache_key(
            pelican.__version__,
            code_version(os.path.join(self.settings["THEME"], "templates"), pattern="*"),
            code_version(*self.settings.get("PLUGIN_PATHS", [])),
        )
        self._fingerprints = Fingerprinter()
        self._reads: dict[str, Reads | None] = {}
        self._parsed: dict = {}
        self._overridden: dict[str, bool] = {}
        self._attributes: frozenset[str] | None | bool = False  # not yet read
        # A split build: this process renders the article pages ("articles") while a
        # forked helper renders the listing pages ("listings"); None: all of them here.
        self._share: str | None = None
        self._article_next = False  # the next page is an article's (see article_next)
        # The helper's pages: (path, template, the page's context, the generator's).
        self._listings: list[tuple] = []
        self._helper: Forked | None = None
        self._processes = build_processes(self.settings)
        SiteWriter.active = self

    def _all_attributes(self, environment) -> frozenset[str] | None:
        """The attribute names any template Pelican can load reads (the theme's, its
        overrides, Pelican's own). One set for every page, so that each value is
        fingerprinted once for the whole build, whichever templates read it."""
        try:
            names = environment.list_templates()
            return template_reads(environment, *names, parsed=self._parsed).attributes
        except (DynamicTemplate, TemplateError, OSError):
            return None

    def forget_fingerprints(self) -> None:
        self._fingerprints = Fingerprinter()

    def article_next(self, generator) -> None:
        """Pelican writes an article page next: on the first, split the work on two
        cores (a helper renders the listing pages) when the machine has them."""
        self._article_next = True
        if self._share is None and self._helper is None and self._processes > 1:
            if self._attributes is False:  # read once, before the helper and this part
                self._attributes = self._all_attributes(generator.env)
            try:
                self._helper = Forked(lambda: self._render_listings(generator))
                self._share = "articles"
                # A build that fails before it joins the helper (pelican -r goes on) ends it.
                weakref.finalize(generator, self.stop_helper)
            except OSError as error:  # no process to spare: all pages are rendered here
                logger.debug("Listing pages rendered in the build's process: %s", error)
                self._processes = 1

    def _render_listings(self, generator):
        """In the helper: Pelican's pages of ``generator``, rendering only the listings;
        what the record holds of them."""
        self._share = "listings"
        self.record.start_apart()
        generator.generate_pages(self)
        return self.record.produced()

    def stop_helper(self) -> None:
        if self._helper is not None:
            self._helper.stop()
            self._helper = None

    def join_helper(self) -> None:
        """The helper's listing pages into the record (or rendered here if it failed),
        and ``content_written`` sent for each, as if this process had written them."""
        result = self._helper.result() if self._helper is not None else None
        self._helper = self._share = None  # (after the wait: Ctrl-C then leaves it to stop)
        if result is not None:
            self.record.add(result)
        for path, template, localcontext, context in self._listings:
            if result is None:
                if localcontext["localsiteurl"]:  # as write_file does, before it renders
                    context["localsiteurl"] = localcontext["localsiteurl"]
                self._render(path, template, localcontext)
            else:
                signals.content_written.send(path, context=localcontext)
        self._listings = []

    def write_file(
        self, name, template, context, relative_urls=False, paginated=None, template_name=None,
        override_output=False, url=None, **kwargs,
    ):  # fmt: skip
        if not name:
            return
        if paginated is None:  # as Pelican does
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        for save_as, page_kwargs in self._pages(name, url, paginated, template_name, kwargs):
            localcontext = {**context, "localsiteurl": context.get("localsiteurl")}
            if relative_urls:
                relative_url = path_to_url(get_relative_path(save_as))
                localcontext["SITEURL"] = localcontext["localsiteurl"] = relative_url
            localcontext.update({"output_file": save_as, **page_kwargs})
            if localcontext["localsiteurl"]:  # as Pelican does: content links follow it
                context["localsiteurl"] = localcontext["localsiteurl"]
            self._write(save_as, template, localcontext, override_output, context)

    def _pages(self, name, url, paginated, template_name, kwargs):
        """(save_as, template variables) of each page ``name`` is cut into."""
        templates = self.settings["PAGINATED_TEMPLATES"]
        if not (paginated and template_name in templates):
            yield name, kwargs
            return
        per_page = templates[template_name] or self.settings["DEFAULT_PAGINATION"]
        paginators = {
            key: self._paginator(name, url, items, self.settings, per_page)
            for key, items in paginated.items()
        }
        count = next(iter(paginators.values())).num_pages
        for number in range(1, count + 1):
            page_kwargs = dict(kwargs)
            for key, paginator in paginators.items():
                page = paginator.page(number)
                page_kwargs.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": paginator.page(number - 1) if number > 1 else None,
                        f"{key}_next_page": paginator.page(number + 1) if number < count else None,
                    }
                )
                # A numbered stable page lists only its own articles in `articles` too:
                # given the whole list, it would change with every new article.
                if getattr(page, "block", 0):
                    page_kwargs[key] = page.object_list
            yield page.save_as, page_kwargs

    def _write(self, name, template, localcontext, override, context) -> None:
        path = sanitised_join(self.output_path, name)
        if path in self._overridden:
            if self._overridden[path] and not override:
                return  # the page that overrides it stays
            if self._overridden[path] or not override:
                why = " a second time" if override else ": this build already wrote it"
                raise FileOverwriteFailedError(f'Failed to overwrite "{path}"{why}')
        self._overridden[path] = override
        article, self._article_next = self._article_next, False
        if self._share == "articles" and not article:
            self._listings.append((path, template, localcontext, context))
        elif self._share != "listings" or not article:
            self._render(path, template, localcontext)

    def _render(self, path, template, localcontext) -> None:
        key = self._key(template, localcontext) if self._caching else None
        if self.record.unchanged(path, key):
            self.record.kept += 1
        else:
            self.record.rendered += 1
            self.record.write(path, template.render(localcontext).encode("utf-8"), key)
            logger.debug('Writing "%s"', path)
        if self._share != "listings":  # the build sends it, when it has the helper's result
            signals.content_written.send(path, context=localcontext)

    def _key(self, template, localcontext) -> str | None:
        if template.name not in self._reads:
            try:
                found = template_reads(template.environment, template.name, parsed=self._parsed)
            except (DynamicTemplate, TemplateError, OSError) as reason:
                logger.debug("%s: pages are always rendered: %s", template.name, reason)
                found = None
            self._reads[template.name] = found
        reads = self._reads[template.name]
        if reads is None:
            return None
        if self._attributes is False:
            self._attributes = self._all_attributes(template.environment)
        try:
            values = [
                f"{n}={self._fingerprints.of(localcontext.get(n), self._attributes)}"
                for n in sorted(reads.variables)
            ]
        except Uncacheable as reason:
            logger.debug("%s is always rendered: %s", localcontext["output_file"], reason)
            return None
        return cache_key(self._code, template.name, localcontext["output_file"], *values)
