"""One view over the content objects of all generators, for the build-time checks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ContentIndex:
    published: list = field(default_factory=list)  # listed, in feeds, sitemap and search
    hidden: list = field(default_factory=list)  # written but unlisted
    drafts: list = field(default_factory=list)  # only in development builds
    statics: list = field(default_factory=list)
    static_generator: object = None

    @property
    def written(self):
        return self.published + self.hidden + self.drafts

    @classmethod
    def from_generators(cls, generators) -> ContentIndex:
        index = cls()
        for generator in generators:
            name = type(generator).__name__
            if name == "ArticlesGenerator":
                index.published += generator.articles + generator.translations
                index.hidden += generator.hidden_articles + generator.hidden_translations
                index.drafts += generator.drafts + generator.drafts_translations
            elif name == "PagesGenerator":
                index.published += generator.pages + generator.translations
                index.hidden += generator.hidden_pages + generator.hidden_translations
                index.drafts += generator.draft_pages + generator.draft_translations
            elif name == "ProjectsGenerator":
                index.published += generator.projects
                index.drafts += generator.draft_projects
            elif name == "StaticGenerator":
                index.statics = generator.staticfiles
                index.static_generator = generator
        return index
