"""Redirect pages at old URLs (see __init__.py)."""

from __future__ import annotations

import os
import posixpath
from urllib.parse import urlparse

from pelican.generators import Generator

from foothold.problems import problems_of

KNOWN_SETTINGS = frozenset({"REDIRECTS"})
DEFAULTS = {
    # True: a post with OldURL is published at its (first) old URL instead of Foothold's, and no
    # redirect page is written for that address.
    "keep_old_urls": False,
}
TEMPLATE = "redirect"


class RedirectSettingsError(ValueError):
    pass


def redirect_settings(settings) -> dict:
    given = settings.get("REDIRECTS") or {}
    if not isinstance(given, dict):
        raise RedirectSettingsError("REDIRECTS must be a dict such as {'keep_old_urls': False}")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise RedirectSettingsError(f"REDIRECTS has unknown key(s) {', '.join(map(repr, unknown))}; "
                                    f"known keys: {', '.join(sorted(DEFAULTS))}")
    merged = {**DEFAULTS, **given}
    if not isinstance(merged["keep_old_urls"], bool):
        raise RedirectSettingsError("REDIRECTS['keep_old_urls'] must be True or False")
    return merged


def old_save_as(url: str) -> str | None:
    """The file an old URL is served from: '/a/b.html' -> 'a/b.html', '/a/b/' or '/a/b' -> 'a/b/index.html'."""
    path = urlparse(url.strip()).path
    parts = [p for p in path.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        return None if not parts else ""
    name = posixpath.join(*parts)
    if path.endswith("/") or "." not in parts[-1]:
        return posixpath.join(name, "index.html")
    return name


def _old_urls(item) -> list[str]:
    value = item.metadata.get("oldurl") or []
    return [value] if isinstance(value, str) else list(value)


def keep_old_urls(generator) -> None:
    """With keep_old_urls, each post or page with OldURL is published at its first old URL."""
    try:
        if not redirect_settings(generator.settings)["keep_old_urls"]:
            return
    except RedirectSettingsError:
        return  # reported by plan_redirects
    items = list(getattr(generator, "articles", [])) + list(getattr(generator, "pages", []))
    items += list(getattr(generator, "hidden_pages", []))
    for item in items:
        urls = _old_urls(item)
        save_as = old_save_as(urls[0]) if urls else None
        if save_as:
            item.override_save_as = save_as
            item.override_url = save_as.removesuffix("index.html")


class RedirectsGenerator(Generator):
    """Writes the planned redirect pages (plan_redirects fills ``self.planned``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.planned: list[tuple[str, object]] = []  # (save_as, target item)

    def generate_context(self):
        pass

    def generate_output(self, writer):
        if not self.planned:
            return
        template = self.get_template(TEMPLATE)
        siteurl = self.settings.get("SITEURL", "")
        relative = self.settings.get("RELATIVE_URLS")
        for save_as, item in self.planned:
            if relative or not siteurl:
                target = posixpath.relpath(item.url or ".", posixpath.dirname(save_as) or ".")
                if item.url.endswith("/") and not target.endswith("/"):
                    target += "/"
            else:
                target = f"{siteurl}/{item.url}"
            html = template.render(target=target, title=item.title, SITENAME=self.settings.get("SITENAME"),
                                   DEFAULT_LANG=self.settings.get("DEFAULT_LANG", "en"))
            path = os.path.join(self.output_path, save_as)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            # Written here rather than through Pelican's writer: a redirect is no page of the site,
            # so pelican-sitemap (which lists what the writer writes) must not see it.
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(html)


def use_generator(pelican):
    return RedirectsGenerator


def _taken(generators) -> dict[str, str]:
    """Output paths (lower-case) the site writes, and what writes each."""
    from foothold.checks import builtin_outputs

    settings = generators[0].settings
    taken = {k: v for k, v in builtin_outputs(settings).items()}
    for generator in generators:
        for name in ("articles", "translations", "drafts", "pages", "hidden_pages", "draft_pages", "projects",
                     "staticfiles"):
            for item in getattr(generator, name, None) or []:
                save_as = getattr(item, "save_as", None)
                if save_as:
                    taken.setdefault(save_as.lower(), os.path.relpath(item.source_path, settings["PATH"]))
        for name in ("tags", "categories", "authors"):
            collection = getattr(generator, name, None)
            if isinstance(collection, dict):
                for wrapper in collection:
                    save_as = getattr(wrapper, "save_as", None)
                    if save_as:
                        taken.setdefault(save_as.lower(), f"the page of {name[:-1] if name != 'categories' else 'category'} '{wrapper}'")
    for key in ("INDEX_SAVE_AS", "ARCHIVES_SAVE_AS", "TAGS_SAVE_AS", "CATEGORIES_SAVE_AS", "SEARCH_SAVE_AS"):
        if settings.get(key):
            taken.setdefault(settings[key].lower(), f"the built-in {key.rsplit('_', 2)[0].lower()} page")
    return taken


def plan_redirects(generators) -> None:
    mine = next((g for g in generators if isinstance(g, RedirectsGenerator)), None)
    if mine is None:
        return
    settings = mine.settings
    problems = problems_of(settings)
    try:
        keep = redirect_settings(settings)["keep_old_urls"]
    except RedirectSettingsError as exc:
        problems.add("pelican.conf", None, str(exc), "see plugins/redirects/README.md")
        return
    taken = _taken(generators)
    planned: dict[str, tuple[str, object]] = {}
    for generator in generators:
        items = list(getattr(generator, "articles", None) or []) + list(getattr(generator, "pages", None) or [])
        items += list(getattr(generator, "hidden_pages", None) or [])
        for item in items:
            urls = _old_urls(item)
            line = item.metadata.get("meta_lines", {}).get("oldurl")
            for index, url in enumerate(urls):
                if keep and index == 0:
                    continue  # the post itself is published there
                save_as = old_save_as(url)
                if save_as is None or save_as == "":
                    problems.add(item.source_path, line, f"OldURL '{url}' is not a path a page can be written at",
                                 "give the old address as /path/page.html or /path/")
                    continue
                if save_as == item.save_as:
                    continue  # already published there
                key = save_as.lower()  # two URLs that differ only in case are one file on some hosts
                if key in planned:
                    other = planned[key][1]
                    if other is not item:
                        problems.add(item.source_path, line, f"OldURL '{url}' is also the old URL of "
                                     f"{os.path.relpath(other.source_path, settings['PATH'])}",
                                     "an old address can send readers to one post only: remove it from one of them")
                    continue
                if key in taken:
                    problems.add(item.source_path, line, f"OldURL '{url}' is where the new site writes {taken[key]}",
                                 "a redirect there would replace a real page: remove this OldURL, or change the "
                                 "other page's Slug")
                    continue
                planned[key] = (save_as, item)  # written as the old URL spelled it, not lower-cased
    mine.planned = sorted(planned.values(), key=lambda pair: pair[0])
