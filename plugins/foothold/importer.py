"""`invoke import FEED`: bring posts from an RSS or Atom feed (dev.to, Hashnode, Medium...) into
``content/posts/imported/`` as Markdown with full metadata and ``Canonical:`` pointing home.

feedparser reads the feed (a path or a URL); htmlclean sanitizes each item and writes Markdown.
A post is never overwritten: an item whose file exists, or whose link is already some post's
Canonical, is skipped and reported.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import load_settings
from .htmlclean import plain_text, to_markdown
from .state import build_state

IMPORT_FOLDER = "imported"
SUMMARY_WORDS = 40


class FeedError(Exception):
    """The feed cannot be read at all; str() is the message."""


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    notes: list[str] = field(default_factory=list)
    root: Path | None = None

    def _rel(self, path) -> str:
        return os.path.relpath(path, self.root) if self.root else str(path)

    def text(self) -> str:
        lines = [f"imported {self._rel(p)}" for p in self.written]
        lines += [f"skipped {what}: {why}" for what, why in self.skipped]
        lines += self.notes
        lines.append(f"{len(self.written)} imported, {len(self.skipped)} skipped.")
        if self.written:
            lines.append("Next: add Skills: to each imported post (invoke audit lists them), then invoke build.")
        return "\n".join(lines)


@dataclass
class SiteIndex:
    """What the site already has, read from the headers of its posts (no Markdown is rendered)."""

    slugs: set[str] = field(default_factory=set)
    canonicals: dict[str, str] = field(default_factory=dict)  # URL -> file
    tag_names: dict[str, str] = field(default_factory=dict)  # tag slug -> spelling used on the site


def _scan_site(settings) -> SiteIndex:
    from content_model.header import HeaderError, split_header
    from content_model.source import decode_source

    index = SiteIndex()
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    content = Path(settings["PATH"])
    for folder in settings.get("ARTICLE_PATHS") or ["posts"]:
        for path in sorted((content / folder).rglob("*.md")):
            try:
                header = split_header(decode_source(path.read_bytes()))
            except (HeaderError, UnicodeDecodeError, OSError):
                continue  # the build reports broken files; here they only cannot clash
            values = header.values
            slug = values.get("slug") or _slugify(str(values.get("title") or ""), subs)
            index.slugs.add(str(slug))
            if values.get("canonical"):
                index.canonicals[str(values["canonical"]).strip()] = str(path)
            tags = values.get("tags") or []
            for tag in tags.split(",") if isinstance(tags, str) else tags:
                name = str(tag).strip()
                if name:
                    index.tag_names.setdefault(_slugify(name, subs), name)
    return index


def _slugify(text: str, subs) -> str:
    from pelican.utils import slugify

    return slugify(text, regex_subs=subs)


def _one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def _date_of(entry, key: str) -> str | None:
    # dict.get: FeedParserDict.get would map a missing updated_parsed to published_parsed, with a warning.
    parsed = dict.get(entry, f"{key}_parsed")
    if not parsed:
        return None
    # feedparser normalises every date to UTC; the offset keeps it unambiguous for the reader.
    return dt.datetime(*parsed[:6], tzinfo=dt.timezone.utc).isoformat()


def _body_html(entry) -> str:
    for part in entry.get("content") or ():
        if part.get("value"):
            return part["value"]
    return entry.get("summary") or ""


def _summary(entry, body_html: str) -> str:
    summary = entry.get("summary") or ""
    text = plain_text(summary) if summary and summary != body_html else plain_text(body_html)
    words = text.split()
    if len(words) > SUMMARY_WORDS:
        text = " ".join(words[:SUMMARY_WORDS]) + " …"
    return text


def _tags(entry, site: SiteIndex, subs) -> list[str]:
    tags: list[str] = []
    for tag in entry.get("tags") or ():
        # Commas and semicolons separate tags in a header; inside one tag they would split it.
        name = _one_line(re.sub(r"[,;]", " ", plain_text(tag.get("term") or "")))
        slug = _slugify(name, subs)
        if not slug:
            continue
        # Reuse the site's spelling: "JavaScript" and "javascript" would share /tags/javascript/.
        name = site.tag_names.setdefault(slug, name)
        if name not in tags:
            tags.append(name)
    return tags


def _unique_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


# A link destination (``](...)``, ``[id]: ...``, ``<...>``) that starts with Pelican's link syntax,
# ``{static}`` / ``|filename|`` and the like: Pelican would resolve it against the site's own files.
_LINK_SYNTAX = re.compile(r"(\]\(\s*<?|^\s{0,3}\[[^\]\n]+\]:\s*<?|<)([{|])", re.M)


def escape_link_syntax(markdown: str) -> str:
    """Feed text is not the author's: ``[x]({static}/../../pelican.conf)`` in a feed must stay text,
    not become a live link to a file of the site (issue 19). The brace or bar that opens such a
    destination is percent-encoded, so the link points at that literal (broken) relative URL,
    which the build reports, instead of at a site file."""
    lines, fence = [], None
    for line in markdown.split("\n"):
        opening = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None:
            if opening and opening.group(1).startswith(fence):
                fence = None
        else:  # code shows the text as it is: only Markdown outside fences makes links
            line = _LINK_SYNTAX.sub(lambda m: m.group(1) + ("%7B" if m.group(2) == "{" else "%7C"), line)
        lines.append(line)
    return "\n".join(lines)


def _link_same_site(body: str, targets: dict[str, str]) -> str:
    """Links to other items of the feed become {filename} links to the posts they were imported as."""
    def replace(match):
        url = match.group(2)
        base, _, fragment = url.partition("#")
        target = targets.get(base) or targets.get(base.rstrip("/")) or targets.get(base.rstrip("/") + "/")
        if target is None:
            return match.group(0)
        return match.group(1) + "{filename}" + target + (f"#{fragment}" if fragment else "") + match.group(3)

    return re.sub(r"(\]\(\s*<?)(https?://[^)\s>]+)(>?[^)]*\))", replace, body)


def render_post(title, date, modified, category, tags, summary, slug, canonical, body, old_url=None) -> str:
    lines = [f"Title: {title}", f"Date: {date}"]
    if modified:
        lines.append(f"Modified: {modified}")
    lines += [f"Category: {category}", f"Tags: {', '.join(tags)}", f"Summary: {summary}", f"Slug: {slug}"]
    if canonical:
        lines.append(f"Canonical: {canonical}")
    if old_url:
        lines.append(f"OldURL: {old_url}")  # plugins/redirects writes a page there
    lines.append("Skills:")
    return "\n".join(lines) + "\n\n" + body


def read_feed(feed: str):
    import feedparser

    if not feed.startswith(("http://", "https://")) and not os.path.isfile(feed):
        raise FeedError(f"{feed}: no such file (give a feed file or an http(s) URL)")
    # sanitize_html=False: htmlclean sanitizes with nh3 (see its docstring for why).
    parsed = feedparser.parse(feed, sanitize_html=False)
    if not parsed.entries:
        reason = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        if not parsed.get("version"):
            raise FeedError(f"{feed}: not an RSS or Atom feed{reason}")
        if reason:
            raise FeedError(f"{feed}: cannot read this feed{reason}")
        raise FeedError(f"{feed}: the feed has no items")
    return parsed


def import_feed(root, feed: str, category: str | None = None) -> ImportReport:
    """Write one Markdown post per feed item; never overwrite; return what was done and skipped."""
    settings = load_settings(root)
    report = ImportReport(root=Path(build_state(settings).root))
    parsed = read_feed(str(feed))
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    site = _scan_site(settings)
    category = _one_line(category or settings.get("DEFAULT_CATEGORY") or "Notes")
    folder = Path(settings["PATH"]) / (settings.get("ARTICLE_PATHS") or ["posts"])[0] / IMPORT_FOLDER
    remote_images = 0
    # Written once every item is known, so that links between items can become {filename} links.
    planned: list[tuple] = []
    same_site: dict[str, str] = {}
    for number, entry in enumerate(parsed.entries, start=1):
        title = _one_line(entry.get("title"))
        link = _one_line(entry.get("link"))
        label = f"item {number} ({title or link or 'untitled'})"
        date = _date_of(entry, "published") or _date_of(entry, "updated")
        if not title:
            report.skipped.append((label, "it has no title"))
            continue
        if not date:
            report.skipped.append((label, "it has no publication date"))
            continue
        if not link.startswith(("http://", "https://")):
            link = ""
        if link and link in site.canonicals:
            report.skipped.append((report._rel(site.canonicals[link]), f"already imported from {link}"))
            continue
        base = _slugify(title, subs)
        if not base:
            report.skipped.append((label, "its title has no letters or digits to make a URL from"))
            continue
        target = folder / f"{base}.md"
        if target.exists():
            report.skipped.append((report._rel(target), "the file exists (not overwritten)"))
            continue
        slug = _unique_slug(base, site.slugs)
        modified = _date_of(entry, "updated")
        body_html = _body_html(entry)
        body, images = to_markdown(body_html, link or None)
        body = escape_link_syntax(body)
        remote_images += len(images)
        from urllib.parse import urlparse

        old_url = urlparse(link).path if link and urlparse(link).path not in ("", "/") else None
        planned.append((target, slug, link, title, date, modified, entry, body_html, body, old_url))
        site.slugs.add(slug)
        if link:
            site.canonicals[link] = str(target)
            same_site[link] = f"{target.name}"  # all imported posts sit in one folder
    for target, slug, link, title, date, modified, entry, body_html, body, old_url in planned:
        body = _link_same_site(body, same_site)
        text = render_post(title, date, modified if modified and modified > date else None, category,
                           _tags(entry, site, subs), _summary(entry, body_html), slug, link, body, old_url)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            report.skipped.append((report._rel(target), "the file exists (not overwritten)"))
            continue
        report.written.append(target)
    if remote_images:
        report.notes.append(
            f"{remote_images} remote image(s) became links, so the site loads nothing from elsewhere: "
            "download them into content/images/ and write ![description]({static}/images/NAME.png) to show them")
    return report


def command_import(root, feed: str, category: str | None = None, out=None, err=None) -> int:
    """The CLI: print what was imported and skipped; exit 1 only if the feed cannot be read."""
    import sys

    from .config import ConfigError

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        report = import_feed(root, feed, category)
    except (FeedError, ConfigError) as exc:
        print(f"invoke import: {exc}", file=err)
        return 1
    print(report.text(), file=out)
    return 0
