"""Sections (Pelican's categories): which one an article is filed in, and the list
the navigation shows."""

from __future__ import annotations

from pelican.urlwrappers import Category


class Sections:
    """One Category per section for the whole build, spelt as topics.toml and
    DEFAULT_CATEGORY spell it, else as the first (newest) article does."""

    def __init__(self, settings, vocabulary):
        self.vocabulary = vocabulary
        self.default = Category(settings["DEFAULT_CATEGORY"], settings)
        self.named = {self.default.name: self.default}
        for name in vocabulary.sections.values():
            if name not in self.named:
                self.named[name] = Category(name, settings)
        self.by_slug: dict[str, Category] = {}
        for section in self.named.values():
            self.by_slug.setdefault(section.slug, section)

    def of(self, article, topics: list[str]) -> Category:
        """The author's ``Category:``, else the section of the strongest topic that
        has one, else DEFAULT_CATEGORY. Read from the reader's metadata, never changed
        here (the content cache keeps the article): a changed mapping files it afresh."""
        section = article.metadata.get("category") or self.default
        if section == self.default:
            name = self.vocabulary.section_for(topics)
            section = self.named[name] if name else section
        return self.by_slug.setdefault(section.slug, section)


def list_sections(generator) -> None:
    """``sections``: the sections with articles, in Pelican's order, for the navigation
    on every page (``categories`` would hand every page all the articles too)."""
    generator.context["sections"] = [category for category, _ in generator.categories]
