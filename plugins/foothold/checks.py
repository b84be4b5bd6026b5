"""Build-time checks that Pelican does not make, run once all content is read (FAULTS 11-17, 24, 26)."""

from __future__ import annotations

import os
import posixpath
import re
from collections import defaultdict
from datetime import datetime, timezone
from urllib.parse import unquote, urlparse

from .content_index import ContentIndex
from .placeholders import report_leftovers
from .problems import line_of, problems_of
from .state import build_state

# Top-level URL folders that belong to Foothold's own pages (SPEC 5); a page slug may not take them.
RESERVED_SLUGS = frozenset(
    {"posts", "projects", "skills", "tags", "categories", "series", "archives", "search", "feeds",
     "theme", "drafts", "images", "pagefind", "404", "index", "robots.txt", "sitemap.xml", "skills.json"}
)
MAX_SLUG = 200  # bytes of UTF-8


class BuildFailed(Exception):
    """Raised after the checks when problems were found, to stop Pelican before it writes output."""


ID_ATTR = re.compile(r"""\bid=["']([^"']+)["']""")


def run_checks(generators):
    if not generators:
        return
    settings = generators[0].settings
    problems = problems_of(settings)
    index = ContentIndex.from_generators(generators)
    context = generators[0].context
    content_root = settings["PATH"]

    check_not_empty(settings, index, problems)
    check_stray_sources(settings, problems)
    check_slugs(settings, index, problems)
    check_taxonomies(index, problems, settings)
    check_output_paths(settings, index, problems)
    referenced = check_links(settings, context, index, problems)
    check_project_images(settings, index, problems, referenced)
    check_statics(settings, index, problems, referenced, content_root)
    report_leftovers(settings, index, problems)
    record_stats(settings, index)
    # No BuildFailed here even when there are problems: the pages are still written (to the staging
    # folder, which a failed build deletes) so that the rendered-page link check reports its
    # problems in the same run (build.py).


def check_not_empty(settings, index, problems):
    if not index.written and not problems:
        problems.add(settings["PATH"], None, "the content folder has no posts, pages or projects",
                     "add Markdown files under content/posts/, content/projects/ or content/pages/ (invoke new)")


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
# Text formats Pelican could read but Foothold does not (they would bypass the strict reader).
OTHER_TEXT_SUFFIXES = (".rst", ".txt", ".html", ".htm", ".adoc", ".org", ".ipynb")


def check_stray_sources(settings, problems):
    """Nothing under content/ is ignored silently: Markdown outside the content folders, or text in a
    format Foothold does not read, is a problem."""
    root = settings["PATH"]
    folders = [f.strip("/") for key in ("ARTICLE_PATHS", "PAGE_PATHS", "PROJECT_PATHS") for f in settings.get(key) or []]
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            inside = any(rel.startswith(folder + "/") for folder in folders)
            suffix = os.path.splitext(name)[1].lower()
            if suffix in MARKDOWN_SUFFIXES and not inside:
                problems.add(os.path.join(root, rel), None,
                             "this Markdown file is outside posts/, projects/ and pages/, so nothing would build it",
                             "move it into one of those folders")
            elif suffix in OTHER_TEXT_SUFFIXES and inside:
                problems.add(os.path.join(root, rel), None,
                             f"Foothold builds Markdown (.md) files only; this {suffix} file would be ignored",
                             "convert it to Markdown, or move it out of the content folders")


def check_slugs(settings, index, problems):
    for item in index.written:
        slug = getattr(item, "slug", None)
        line = item.metadata.get("meta_lines", {}).get("slug") or item.metadata.get("meta_lines", {}).get("title")
        if not slug:
            problems.add(item.source_path, line, f"the title '{item.title}' gives an empty URL slug",
                         "add 'Slug: some-words' with letters or digits")
        elif len(slug.encode("utf-8")) > MAX_SLUG:  # a file name is at most 255 bytes: the write would fail, blaming output/
            problems.add(item.source_path, line, f"the URL slug is too long ({len(slug.encode('utf-8')):,} bytes, at most {MAX_SLUG})",
                         "add a short 'Slug: some-words', or shorten the title")
            # The build goes on to check links (every problem in one run): this page is not written,
            # since its file name could not be made and the failure would blame output/.
            item.override_save_as = ""
        elif getattr(item, "content_type", "") == "page" and slug.lower() in RESERVED_SLUGS:
            problems.add(item.source_path, line, f"the page slug '{slug}' collides with the built-in /{slug}/",
                         "choose another Slug")


def check_taxonomies(index, problems, settings=None):
    for attribute in ("tags", "category"):
        names_by_slug = defaultdict(lambda: defaultdict(list))
        values_by_slug = defaultdict(list)
        for item in index.published + index.hidden:
            values = getattr(item, attribute, None)
            if values is None:
                continue
            for value in values if isinstance(values, list) else [values]:
                names_by_slug[value.slug][value.name].append(item)
                values_by_slug[value.slug].append(value)
        label = "tag" if attribute == "tags" else "category"
        for slug, names in sorted(names_by_slug.items()):
            if not slug:
                for name, items in sorted(names.items()):
                    for item in items:
                        problems.add(item.source_path, item.metadata.get("meta_lines", {}).get(attribute),
                                     f"the {label} '{name}' has no letters or digits, so it has no URL",
                                     f"rename the {label}")
            elif len(names) > 1 and len({n.casefold() for n in names}) == 1:
                # "VPS" and "vps" are one tag written two ways: merged under the spelling most posts
                # use (the first in sorted order on a tie), with a note in the build summary.
                kept = sorted(names, key=lambda n: (-len(names[n]), n))[0]
                for value in values_by_slug[slug]:
                    if value.name != kept:
                        value.name = kept  # the same slug: Pelican's URL and grouping do not change
                others = " and ".join(f"'{n}'" for n in sorted(names) if n != kept)
                if settings is not None:
                    note = f"the {label} {others} merged into '{kept}' (only the case differed)"
                    paths = [i.source_path for n, items in names.items() if n != kept for i in items]
                    build_state(settings).stats.setdefault("notes", {}).setdefault(note, []).extend(paths)
            elif len(names) > 1:
                url = "/" + (values_by_slug[slug][0].url or "").lstrip("/")
                _report_clash(label, url, names, attribute, problems)


def _report_clash(label: str, url: str, names: dict, attribute: str, problems) -> None:
    """Spellings of one tag or category that share a URL (FAULTS 36): the files with the spelling
    most files use are right by the majority; only the others are named, once each."""
    plural = {"tag": "tags", "category": "categories"}[label]
    counts = {name: len(items) for name, items in names.items()}
    most = max(counts.values())
    usual = sorted(name for name, count in counts.items() if count == most)
    listed = " and ".join(f"'{n}'" for n in sorted(names))
    for name, items in sorted(names.items()):
        if len(usual) == 1 and name == usual[0]:
            continue
        for item in items:
            lines = item.metadata.get("meta_lines", {})
            line = lines.get(attribute)
            if line is None and attribute == "category":
                # No Category: Pelican named it after the folder the file is in.
                message = (f"has no Category, so it gets its folder's name '{name}', which shares the URL "
                           f"{url} with the category '{usual[0]}'" if len(usual) == 1 else
                           f"has no Category, so it gets its folder's name '{name}': the {plural} {listed} "
                           f"share the URL {url}")
                hint = f"add 'Category: {usual[0]}' to the header" if len(usual) == 1 else \
                    "give every post there the same Category"
                problems.add(item.source_path, 1, message, hint)
                continue
            if len(usual) == 1:
                others = most
                problems.add(item.source_path, line,
                             f"the {label} '{name}' shares the URL {url} with '{usual[0]}' "
                             f"({others} other file{'s' if others != 1 else ''} spell it that way)",
                             f"write '{usual[0]}'")
            else:
                problems.add(item.source_path, line, f"the {plural} {listed} share the URL {url}",
                             f"spell the {label} the same way everywhere")


def builtin_outputs(settings) -> dict:
    outputs = {}
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            outputs[save_as.lower()] = f"the built-in {name} page"
    for key in ("PROJECTS_SAVE_AS", "TAGS_SAVE_AS", "CATEGORIES_SAVE_AS", "FEED_ALL_ATOM"):
        if settings.get(key):
            outputs[settings[key].lower()] = f"the built-in {key.rsplit('_', 2)[0].lower()} output"
    return outputs


def check_output_paths(settings, index, problems):
    """Two sources may not write one output path, not even when only the case differs (FAULTS 14)."""
    sources = {}
    claimed = dict(builtin_outputs(settings))
    owners = {}
    # Oldest first (then by path), so that a clash is reported once, on the file that came later.
    for item in sorted(index.written, key=lambda c: (str(getattr(c, "date", "") or ""), c.source_path)):
        save_as = item.save_as
        if not save_as:
            continue
        key = save_as.lower()
        if key in owners:
            other = owners[key]
            problems.add(item.source_path, item.metadata.get("meta_lines", {}).get("slug"),
                         f"writes the same URL /{save_as} as {problems.rel(other.source_path)}",
                         "give one of them another Slug")
            # Not written: the build fails already, and the pages are written only to check links.
            item.override_save_as = ""
            continue
        sources[save_as] = item.source_path
        if key in claimed:
            problems.add(item.source_path, item.metadata.get("meta_lines", {}).get("slug"),
                         f"its URL /{save_as} collides with {claimed[key]}", "choose another Slug")
            item.override_save_as = ""
        else:
            owners[key] = item
    build_state(settings).output_sources = sources


def target_path(item, raw: str) -> str:
    path = unquote(urlparse(raw).path)
    if path.startswith("/"):
        return posixpath.normpath(path[1:])
    base = posixpath.dirname(item.relative_source_path.replace(os.sep, "/"))
    return posixpath.normpath(posixpath.join(base, path))


def check_links(settings, context, index, problems) -> dict:
    """Check {filename}/{static}/{attach} links in the source; return static path -> referencing items."""
    ids: dict[int, set] = {}

    def _ids_of(linked) -> set:  # each linked body is searched for ids once, however often it is linked
        found = ids.get(id(linked))
        if found is None:
            found = ids[id(linked)] = set(ID_ATTR.findall(linked._content or ""))
        return found

    generated = context.get("generated_content", {})
    static_content = context.get("static_content", {})
    missing = set()
    published = {id(i) for i in index.published}
    referenced = defaultdict(list)
    for item in index.written:
        html = item._content or ""
        regex = item._get_intrasite_link_regex()
        for match in regex.finditer(html):
            what, value = match.group("what"), match.group("value")
            if what not in ("filename", "static", "attach"):
                continue
            target = target_path(item, value)
            raw = f"{{{what}}}{value}"

            def line(item=item, raw=raw, value=value):  # read from the source only for a problem
                return line_of(item.source_path, raw) or line_of(item.source_path, value)

            if what == "filename":
                linked = generated.get(target)
                if linked is None and target in static_content:
                    referenced[target].append(item)
                    continue
                if linked is None:
                    problems.add(item.source_path, line(), f"broken link {raw}: no content file {target}",
                                 "check the path; it is relative to this file, or to content/ when it starts with /")
                    continue
                status = getattr(linked, "status", "published")
                if id(item) in published and status in ("draft", "hidden"):
                    problems.add(item.source_path, line(),
                                 f"links to {target}, which is {status}: readers would get a broken link",
                                 "publish the target first or remove the link")
                fragment = urlparse(value).fragment
                if fragment and fragment not in _ids_of(linked):
                    problems.add(item.source_path, line(), f"broken anchor {raw}: {target} has no #{fragment}",
                                 "link to a heading that exists (ids are made from heading text)")
            else:
                if os.path.isfile(os.path.join(settings["PATH"], target)):
                    referenced[target].append(item)
                else:
                    missing.add(target)
                    problems.add(item.source_path, line(), f"missing file {raw}: content/{target} does not exist",
                                 "add the file or fix the path")
    if missing and index.statics:
        index.statics[:] = [s for s in index.statics if s.relative_source_path.replace(os.sep, "/") not in missing]
    return referenced


def check_project_images(settings, index, problems, referenced):
    for item in index.written:
        image = getattr(item, "image", None)
        if not image:
            continue
        rel = posixpath.normpath(image.lstrip("/"))
        line = item.metadata.get("meta_lines", {}).get("image")
        if not os.path.isfile(os.path.join(settings["PATH"], rel)):
            problems.add(item.source_path, line, f"Image '{image}' does not exist under content/",
                         "put the screenshot in content/images/ and write Image: images/NAME.png")
            continue
        static_dirs = [p.strip("/") for p in settings.get("STATIC_PATHS", [])]
        if not any(rel == d or rel.startswith(d + "/") for d in static_dirs):
            problems.add(item.source_path, line, f"Image '{image}' is outside the static folders {static_dirs}",
                         "move it into content/images/")
            continue
        referenced[rel].append(item)
        if not getattr(item, "imagealt", ""):
            problems.add(item.source_path, line, "Image has no ImageAlt text",
                         "add 'ImageAlt: what the screenshot shows' for screen-reader users")


def check_statics(settings, index, problems, referenced, content_root):
    """Nothing leaves content/ through a symlink; files used only by drafts stay out of production."""
    if index.static_generator is None:
        return
    real_root = os.path.realpath(content_root)
    drafts = {id(i) for i in index.drafts}
    production = build_state(settings).production
    kept, withheld = [], []
    for static in index.statics:
        real = os.path.realpath(static.source_path)
        if os.path.commonpath([real, real_root]) != real_root:
            problems.add(static.source_path, None, f"links outside the content folder (to {real})",
                         "copy the file into content/ instead of linking to it")
            continue
        users = referenced.get(static.relative_source_path.replace(os.sep, "/"), [])
        if production and users and all(id(u) in drafts for u in users):
            withheld.append(static.relative_source_path)
            continue
        kept.append(static)
    # StaticGenerator copies the list it shared with the context, so change it in place.
    index.statics[:] = kept
    build_state(settings).stats["withheld_statics"] = sorted(withheld)


def record_stats(settings, index):
    state = build_state(settings)
    stats = state.stats
    now = datetime.now(timezone.utc)
    scheduled = [
        i for i in index.drafts
        if getattr(i, "date", None) and i.metadata.get("status") == "published" and i.date > now
    ]
    stats.update(
        posts=sum(1 for i in index.published if type(i).__name__ == "Article"),
        pages=sum(1 for i in index.published if type(i).__name__ == "Page"),
        projects=sum(1 for i in index.published if type(i).__name__ == "Project"),
        hidden=len(index.hidden),
        drafts=len(index.drafts) - len(scheduled),
        scheduled=sorted((i.date.isoformat(), state.rel(i.source_path)) for i in scheduled),
        statics=len(index.statics),
    )
