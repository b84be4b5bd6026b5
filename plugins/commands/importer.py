"""`invoke import FEED`: bring posts from an RSS or Atom feed (dev.to, Hashnode, Medium, WordPress,
Jekyll's jekyll-feed, Hugo, Pelican...) into ``content/posts/imported/`` as Markdown with full
metadata and ``Canonical:`` pointing home.

feedparser reads the feed (a path or a URL); htmlclean sanitizes each item and writes Markdown
(code blocks keep their language, images stay images). The slug is the last segment of the item's
URL, the feed's first category is the Category, the URL path is ``OldURL:`` (plugins/redirects
writes a page there), links to other items become ``{filename}`` links, and pictures of the
feed's own site are copied into ``content/images/imported/`` when they can be downloaded.
A post is never overwritten: an item whose file exists, or whose link is already some post's
Canonical, is skipped and reported; the report also lists what was changed in each file and what
is left for the author (file:line and the fix).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from foothold.config import load_settings
from .changes import summarise_changes
from .htmlclean import plain_text, to_markdown
from foothold.state import build_state

IMPORT_FOLDER = "imported"
SUMMARY_WORDS = 40
IMAGE_TIMEOUT = 5       # seconds per picture; a host that fails once is not asked again
IMAGE_MAX_BYTES = 20 * 1024 * 1024
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}


class FeedError(Exception):
    """The feed cannot be read at all; str() is the message."""


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    changes: dict[Path, list[str]] = field(default_factory=dict)   # file -> what was changed in it
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    left: list[tuple[str, int | None, str, str]] = field(default_factory=list)  # (file, line, problem, fix)
    notes: list[str] = field(default_factory=list)
    root: Path | None = None

    def rel(self, path) -> str:
        return os.path.relpath(path, self.root) if self.root else str(path)

    def text(self) -> str:
        lines = []
        for path in self.written:
            changes = summarise_changes(self.changes.get(path, []))
            lines.append(f"imported {self.rel(path)}" + (f": {changes}" if changes else ""))
        lines += [f"skipped {what}: {why}" for what, why in self.skipped]
        lines += self.notes
        if self.left:
            lines.append(f"Left for you ({len(self.left)}):")
            for path, line, problem, fix in self.left:
                lines.append(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")
                lines.append(f"    fix: {fix}")
        lines.append(f"{len(self.written)} imported, {len(self.skipped)} skipped, {len(self.left)} left for you.")
        if self.written:
            lines.append("Next: add Skills: to each imported post (invoke audit lists them), then invoke build.")
        return "\n".join(lines)



@dataclass
class SiteIndex:
    """What the site already has, read from the headers of its posts (no Markdown is rendered)."""

    slugs: set[str] = field(default_factory=set)
    canonicals: dict[str, str] = field(default_factory=dict)  # URL -> file
    tag_names: dict[str, str] = field(default_factory=dict)  # tag slug -> spelling used on the site
    category_names: dict[str, str] = field(default_factory=dict)  # category slug -> spelling on the site


def _scan_site(settings) -> SiteIndex:
    from content_model.header import HeaderError, split_header
    from foothold.source import decode_source

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
            if values.get("category"):
                name = _one_line(values["category"])
                index.category_names.setdefault(_slugify(name, subs), name)
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


def _terms(entry, subs) -> list[str]:
    """The feed's categories in order (Atom ``<category term>``, RSS ``<category>``), as text."""
    terms: list[str] = []
    for tag in entry.get("tags") or ():
        # Commas and semicolons separate tags in a header; inside one tag they would split it.
        name = _one_line(re.sub(r"[,;]", " ", plain_text(tag.get("term") or "")))
        if _slugify(name, subs) and name not in terms:
            terms.append(name)
    return terms


def _category_and_tags(entry, site: SiteIndex, subs, given: str | None, default: str) -> tuple[str, list[str], bool]:
    """(Category, Tags, category came from the feed). The first category of the item is the
    Category and the others are tags, as Pelican's and jekyll-feed's feeds list the category
    first; ``--category`` wins, and then all of the item's categories are tags."""
    terms = _terms(entry, subs)
    from_feed = not given and bool(terms)
    category = given or (terms.pop(0) if terms else default)
    # Reuse the site's spelling: "JavaScript" and "javascript" would share one URL (FAULTS 16).
    category = site.category_names.setdefault(_slugify(category, subs), category)
    tags: list[str] = []
    for name in terms:
        name = site.tag_names.setdefault(_slugify(name, subs), name)
        if name not in tags:
            tags.append(name)
    return category, tags, from_feed


def slug_from_url(link: str, subs) -> str:
    """The slug an item's URL gives: its last path segment without .html (``/2019/04/my-post/``,
    ``/note/x.html``, ``/posts/x/index.html``); '' when the path names no post (``/?p=123``)."""
    parts = [unquote(p) for p in urlparse(link).path.split("/") if p]
    while parts and re.fullmatch(r"index\.(?:html?|php)", parts[-1], re.I):
        parts.pop()
    if not parts:
        return ""
    return _slugify(re.sub(r"\.(?:html?|php|aspx?)$", "", parts[-1], flags=re.I), subs)


def _host(url: str) -> str:
    host = (urlparse(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _url_key(url: str) -> tuple[str, str, str]:
    """A URL as the same page: scheme, www., a trailing slash or index.html do not matter; the
    query does (WordPress's plain permalinks are ``/?p=123``)."""
    parsed = urlparse(url)
    path = re.sub(r"/index\.(?:html?|php)$", "/", parsed.path or "/").rstrip("/") or "/"
    return _host(url), unquote(path), parsed.query


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


_MD_LINK = re.compile(r"(?<!!)(\[[^\]\n]*\]\(\s*<?)(https?://[^)\s>]+)(>?[^)]*\))")


def heading_ids(markdown: str) -> set[str]:
    """The ids Foothold gives the headings of a Markdown body that markdownify wrote (ATX headings;
    fenced code skipped)."""
    from content_model.anchors import heading_slug

    ids, fence = set(), None
    for line in markdown.split("\n"):
        opening = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if fence is not None:
            if opening and opening.group(1).startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            ids.add(heading_slug(re.sub(r"[*_`]", "", heading.group(1)), "-"))
    return ids


def _link_same_site(body: str, targets: dict[tuple[str, str, str], str], own_hosts: set[str], changes: list[str],
                    missing: list[str], ids: dict[str, set[str]] | None = None,
                    lost: list[tuple[str, str, str]] | None = None) -> str:
    """Links to other items of the feed (or to the item itself) become {filename} links to the
    posts they were imported as, a #fragment as the id of the heading it named; a fragment that
    names no heading there (footnotes and ids do not survive the conversion) is dropped, and listed
    in ``lost``; links to other pages of the feed's own site are kept and listed in ``missing``."""
    from content_model.anchors import heading_slug

    def replace(match):
        url = match.group(2)
        base, _, fragment = url.partition("#")
        key = _url_key(base)
        target = targets.get(key)
        if target is None:
            if key[0] in own_hosts and (key[1] != "/" or key[2]):
                missing.append(url)
            return match.group(0)
        changes.append("link to an imported post -> {filename}")
        if fragment:
            wanted = unquote(fragment)
            known = (ids or {}).get(target)
            if known is not None and wanted in known:
                fragment = wanted  # as the id is written, not percent-encoded
            elif known is not None:
                if heading_slug(wanted, "-") in known:
                    fragment = heading_slug(wanted, "-")
                else:
                    if lost is not None:  # (what finds its line, URL, anchor)
                        lost.append((match.group(1) + "{filename}" + target + match.group(3), url, wanted))
                    fragment = ""
        return match.group(1) + "{filename}" + target + (f"#{fragment}" if fragment else "") + match.group(3)

    return _MD_LINK.sub(replace, body)


def _fetch_image(url: str, folder: Path, dead_hosts: set[str]) -> tuple[Path | None, str]:
    """Download a picture of the feed's own site into ``folder``: (file, '') or (None, why not).
    Only PNG, JPEG, GIF and WebP that Pillow can read are kept (no SVG: it can carry scripts);
    an existing file is reused only when its bytes are the same, never overwritten."""
    import io
    import urllib.error
    import urllib.request

    from PIL import Image, UnidentifiedImageError

    host = _host(url)
    if host in dead_hosts:
        return None, f"{host} did not answer before"
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "foothold-import"})
        with urllib.request.urlopen(request, timeout=IMAGE_TIMEOUT) as response:
            data = response.read(IMAGE_MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        return None, f"the old site answered {exc.code} {exc.reason}"
    except (OSError, ValueError) as exc:
        dead_hosts.add(host)  # unreachable: the next picture there would wait as long again
        return None, f"it could not be downloaded ({getattr(exc, 'reason', None) or exc})"
    if len(data) > IMAGE_MAX_BYTES:
        return None, "it is larger than 20 MB"
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = picture.format
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None, "what it sends is no PNG, JPEG, GIF or WebP picture"
    if kind not in IMAGE_FORMATS:
        return None, f"it is a {kind} picture, not PNG, JPEG, GIF or WebP"
    stem = re.sub(r"[^\w.-]+", "-", Path(unquote(urlparse(url).path)).stem).strip("-.") or "image"
    number = 1
    while True:
        path = folder / f"{stem}{'' if number == 1 else f'-{number}'}{IMAGE_FORMATS[kind]}"
        if path.exists():
            if path.is_file() and path.read_bytes() == data:
                return path, ""
            number += 1
            continue
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "xb") as handle:
                handle.write(data)
        except FileExistsError:
            number += 1
            continue
        return path, ""


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    return None


def render_post(title, date, modified, category, tags, summary, slug, canonical, body, old_url=None) -> str:
    lines = [f"Title: {title}", f"Date: {date}"]
    if modified:
        lines.append(f"Modified: {modified}")
    lines.append(f"Category: {category}")
    if tags:
        lines.append(f"Tags: {', '.join(tags)}")
    lines += [f"Summary: {summary}", f"Slug: {slug}"]
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
    """Write one Markdown post per feed item; never overwrite; return what was done, skipped and left."""
    settings = load_settings(root)
    report = ImportReport(root=Path(build_state(settings).root))
    parsed = read_feed(str(feed))
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    site = _scan_site(settings)
    default_category = _one_line(settings.get("DEFAULT_CATEGORY") or "Notes")
    given = _one_line(category) if category else None
    content = Path(settings["PATH"])
    folder = content / (settings.get("ARTICLE_PATHS") or ["posts"])[0] / IMPORT_FOLDER
    images_folder = content / "images" / IMPORT_FOLDER if "images" in (settings.get("STATIC_PATHS") or []) else None
    # The feed's own site: its home link and the hosts of its items. Pictures there are copied in.
    own_hosts = {_host(parsed.feed.get("link") or "")} - {""}
    own_hosts |= {_host(e.get("link") or "") for e in parsed.entries if (e.get("link") or "").startswith("http")}
    dead_hosts: set[str] = set()
    # Written once every item is known, so that links between items can become {filename} links.
    planned: list[dict] = []
    same_site: dict[tuple[str, str, str], str] = {}
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
            report.skipped.append((report.rel(site.canonicals[link]), f"already imported from {link}"))
            continue
        changes: list[str] = []
        # The old URL's last segment, so the post keeps the address words it had (and a redirect
        # from the old path is all that changes); a URL that names no post falls back to the title.
        base = slug_from_url(link, subs) if link else ""
        if base:
            changes.append("Slug from the old URL")
        else:
            base = _slugify(title, subs)
        if not base:
            report.skipped.append((label, "its title has no letters or digits to make a URL from"))
            continue
        target = folder / f"{base}.md"
        if target.exists():
            report.skipped.append((report.rel(target), "the file exists (not overwritten)"))
            continue
        slug = _unique_slug(base, site.slugs)
        if slug != base:
            changes.append(f"Slug {slug} (another post has {base})")
        modified = _date_of(entry, "updated")
        body_html = _body_html(entry)
        converted = to_markdown(body_html, link or None)
        body = escape_link_syntax(converted.markdown)
        if converted.languages:
            changes.append(f"{len(converted.languages)} code block(s) kept their language "
                           f"({', '.join(dict.fromkeys(converted.languages))})")
        path = urlparse(link).path if link else ""
        old_url = path if path not in ("", "/") else None
        if old_url:
            changes.append("OldURL for a redirect")
        cat, tags, from_feed = _category_and_tags(entry, site, subs, given, default_category)
        if from_feed:
            changes.append("Category from the feed")
        planned.append(dict(target=target, slug=slug, link=link, title=title, date=date, modified=modified,
                            entry=entry, body_html=body_html, body=body, old_url=old_url, category=cat,
                            tags=tags, images=converted.images, changes=changes))
        site.slugs.add(slug)
        if link:
            site.canonicals[link] = str(target)
            same_site[_url_key(link)] = f"{target.name}"  # all imported posts sit in one folder
    ids = {item["target"].name: heading_ids(item["body"]) for item in planned}
    for item in planned:
        target, changes = item["target"], item["changes"]
        rel = report.rel(target)
        missing_links: list[str] = []
        lost_anchors: list[tuple[str, str, str]] = []
        body = _link_same_site(item["body"], same_site, own_hosts, changes, missing_links, ids, lost_anchors)
        left: list[tuple[str, str, str]] = []  # (needle to find the line, problem, fix)
        for src, alt in item["images"]:
            if _host(src) in own_hosts and images_folder is not None:
                saved, why = _fetch_image(src, images_folder, dead_hosts)
                if saved is not None:
                    local = "{static}/" + saved.relative_to(content).as_posix()
                    body = body.replace(f"]({src})", f"]({local})")
                    changes.append("picture of the old site copied into content/images/imported/")
                    continue
                left.append((src, f"the picture {src} of the old site stays at its address: {why}",
                             "download it into content/images/imported/ and write ![description]"
                             "({static}/images/imported/NAME), or remove it; `invoke check` reports it as an "
                             "off-site request until then"))
            else:
                left.append((src, f"the picture {src} is loaded from {_host(src)}",
                             "download it into content/images/ and write ![description]({static}/images/NAME), "
                             "or remove it; `invoke check` reports it as an off-site request until then"))
            if not alt:
                left.append((src, f"the picture {src} has no description (alt text)",
                             "write what it shows between the [ ] of ![ ](...); the build fails without one"))
        for needle, url, anchor in dict.fromkeys(lost_anchors):
            left.append((needle, f"the link to {url.split('#')[0]}#{anchor} lost its anchor: no heading "
                         f"there has the id {anchor} (footnotes and other ids are not kept)",
                         "it now points at the top of the post: point it at a heading's id, or remove it"))
        for url in dict.fromkeys(missing_links):
            left.append((url, f"the link {url} points at a page of the old site that was not in the feed",
                         "import that page too, or link to one of your posts with {filename}/posts/NAME.md; "
                         "the link works only while the old site is online"))
        if item["link"] and urlparse(item["link"]).query and not item["old_url"]:
            left.append(("Canonical:", f"the old URL {item['link']} has a query (?...), which a redirect page "
                         "cannot answer", "nothing to do, unless the old site can redirect it to the new URL"))
        modified = item["modified"]
        text = render_post(item["title"], item["date"], modified if modified and modified > item["date"] else None,
                           item["category"], item["tags"], _summary(item["entry"], item["body_html"]), item["slug"],
                           item["link"], body, item["old_url"])
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            report.skipped.append((rel, "the file exists (not overwritten)"))
            continue
        report.written.append(target)
        report.changes[target] = changes
        for needle, problem, fix in left:
            report.left.append((rel, _line_of(text, needle), problem, fix))
    return report


def command_import(root, feed: str, category: str | None = None, out=None, err=None) -> int:
    """The CLI: print what was imported and skipped; exit 1 only if the feed cannot be read."""
    import sys

    from foothold.config import ConfigError

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        report = import_feed(root, feed, category)
    except (FeedError, ConfigError) as exc:
        print(f"invoke import: {exc}", file=err)
        return 1
    print(report.text(), file=out)
    return 0
