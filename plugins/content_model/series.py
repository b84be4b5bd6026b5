"""Series: posts sharing a ``Series:`` name, in date order, with a page each at /series/<slug>/.

Written here rather than taken from pelican-series because that plugin puts drafts and hidden posts
into the series of published ones (a published page would link to a draft) and keeps its series in
module-level dicts that outlive a build (live reload would show stale series).
"""

from __future__ import annotations

from collections import defaultdict

from pelican.generators import Generator
from pelican.utils import slugify

from foothold.problems import problems_of


class Series:
    """One series: name, slug, url and its posts in order."""

    def __init__(self, name: str, slug: str, url: str, save_as: str, articles: list):
        self.name = name
        self.slug = slug
        self.url = url
        self.save_as = save_as
        self.articles = articles

    def __str__(self) -> str:
        return self.name


def _position(series: Series, index: int) -> dict:
    articles = series.articles
    return {
        "name": series.name,
        "slug": series.slug,
        "url": series.url,
        "index": index + 1,
        "all": articles,
        "previous": articles[index - 1] if index > 0 else None,
        "next": articles[index + 1] if index + 1 < len(articles) else None,
    }


def collect_series(article_generator) -> None:
    settings = article_generator.settings
    grouped = defaultdict(list)
    for article in article_generator.articles:
        name = article.metadata.get("series")
        if name:
            grouped[name].append(article)
    by_slug: dict[str, Series] = {}
    all_series = []
    for name in sorted(grouped):
        slug = slugify(name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
        articles = sorted(grouped[name], key=lambda a: (a.date, a.source_path))
        if not slug:
            for article in articles:
                problems_of(settings).add(article.source_path, article.metadata.get("meta_lines", {}).get("series"),
                                          f"the series name '{name}' has no letters or digits, so it has no URL",
                                          "rename the series")
            continue
        if slug in by_slug:
            for article in articles:
                problems_of(settings).add(article.source_path, article.metadata.get("meta_lines", {}).get("series"),
                                          f"the series '{name}' and '{by_slug[slug].name}' share the URL /series/{slug}/",
                                          "spell the series name the same way in every post")
            continue
        series = Series(name, slug, settings["SERIES_URL"].format(slug=slug),
                        settings["SERIES_SAVE_AS"].format(slug=slug), articles)
        by_slug[slug] = series
        all_series.append(series)
        for index, article in enumerate(articles):
            article.series = _position(series, index)
    article_generator.context["series_list"] = all_series


class SeriesGenerator(Generator):
    """Writes /series/<slug>/ for every series of published posts."""

    def generate_context(self):
        pass  # the series are collected when the articles generator finishes

    def generate_output(self, writer):
        for series in self.context.get("series_list", []):
            writer.write_file(
                series.save_as,
                self.get_template("series"),
                self.context,
                series=series,
                articles=series.articles,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=series.url,
            )
