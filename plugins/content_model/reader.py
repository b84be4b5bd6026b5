"""Foothold's Markdown reader: strict metadata with line numbers, then Pelican's usual Markdown.

It replaces Pelican's MarkdownReader for the Markdown extensions (through ``readers_init``) because
the stock reader cannot say on which line a bad value is, treats YAML front matter as text, and
drops files with a bad date or status without saying why (FAULTS 1-9, 19).
"""

from __future__ import annotations

import datetime
import re
from html import unescape as html_unescape
import difflib
import hashlib
import os
import time
import zoneinfo

from markupsafe import Markup
from pelican.readers import MarkdownReader

from foothold.placeholders import UNWRITTEN_KEY, scaffold_lines
from foothold.problems import ReportedError, problems_of
from foothold.safepaths import refusal
from foothold.source import decode_source, describe_decode_error
from foothold.state import build_state

from .body_html import render_body
from .dates import ACCEPTED, DateError, parse_date
from .header import HeaderError, misplaced_header_line, split_header
from .math import math_errors
from .nesting import links_leaving, nesting_problem
from .pelican_keys import check_pelican_keys
from .schema import ALIASES, DATE, DROPPED, SCHEMAS
from .settings import ModelSettingsError, model_settings
from .values import ValueProblem, coerce

FAILED_KEY = "foothold_failed"  # metadata of a file with problems, read only to check the rest
PLACEHOLDER_DATE = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def content_type(settings, source_path: str) -> str:
    """'post', 'project' or 'page' from where the file sits under PATH."""
    rel = os.path.relpath(source_path, settings["PATH"]).replace(os.sep, "/")
    for kind, key in (("project", "PROJECT_PATHS"), ("page", "PAGE_PATHS"), ("post", "ARTICLE_PATHS")):
        for folder in settings.get(key) or []:
            folder = folder.strip("/")
            if rel == folder or rel.startswith(folder + "/"):
                return kind
    return "post"


class FootholdMarkdownReader(MarkdownReader):
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def read(self, source_path):
        started = time.perf_counter()
        problems = problems_of(self.settings)
        before = len(problems)
        kind = content_type(self.settings, source_path)
        schema = SCHEMAS[kind]

        # Before anything opens it (FAULTS 32): a link out of content/ or a named pipe is refused
        # naming the link; a quick rebuild reads through here too.
        refused = refusal(self.settings["PATH"], source_path)
        if refused is not None:
            problems.add(refused.path, None, refused.message, refused.hint)
            raise ReportedError(source_path)
        with open(source_path, "rb") as handle:
            raw = handle.read()
        try:
            text = decode_source(raw)
        except UnicodeDecodeError as exc:
            line, message, hint = describe_decode_error(raw, exc)
            problems.add(source_path, line, message, hint)
            raise ReportedError(source_path) from None

        try:
            header = split_header(text)
        except HeaderError as exc:
            problems.add(source_path, exc.line, exc.message, exc.hint)
            raise ReportedError(source_path) from None

        if header.style == "none":
            where = misplaced_header_line(text)
            if where:
                problems.add(source_path, where, "the metadata header must start on line 1",
                             "remove the lines above it (blank lines and text included)")
            else:
                problems.add(source_path, 1, f"no metadata header: a {kind} needs {', '.join(schema.required)}",
                             f"start the file with:\n{schema.example}")
            raise ReportedError(source_path)

        metadata = self._metadata(source_path, kind, header, problems)
        too_deep = nesting_problem(header.body, header.body_line)
        if too_deep is not None:  # never rendered: it would take minutes (nesting.py)
            problems.add(source_path, *too_deep)
            raise ReportedError(source_path)
        rel = os.path.relpath(source_path, self.settings["PATH"])
        leaving = False
        for line, link, target in links_leaving(header.body, header.body_line, rel):
            problems.add(source_path, line, f"the link {link} leaves the content folder (to {target})",
                         "link only to files inside content/: copy the file into content/images/")
            leaving = True
        if leaving:
            raise ReportedError(source_path)  # dropped before Pelican registers its links
        # Other problems (metadata): the file is still read, so that its links are checked (below).
        # The body's HTML is rendered here, or by the speed layer's renderer when it is installed
        # (BuildState.body_renderer: its cache or worker pool); the time spent rendering it counts
        # for this file even when a worker spent it.
        before_render = time.perf_counter()
        renderer = build_state(self.settings).body_renderer
        if renderer is not None:
            content, render_seconds = renderer(self.settings, source_path, raw, header.body)
        else:
            content = render_body(self.settings["MARKDOWN"], header.body)
            render_seconds = time.perf_counter() - before_render
        started += (time.perf_counter() - before_render) - render_seconds
        # The same text twice is two problems, each at its own line (the next search starts after it).
        searched: dict[str, int] = {}
        for formula, why in math_errors(content):
            at = header.body.find(formula, searched.get(formula, 0))
            searched[formula] = at + 1 if at >= 0 else 0
            line = header.body_line + header.body.count("\n", 0, at) if at >= 0 else header.body_line
            problems.add(source_path, line, f"cannot render the formula {_shorten(formula)} as MathML: {why}",
                         "fix the TeX; to write a literal dollar sign, escape it as \\$ "
                         "(or turn math off: CONTENT_MODEL = {'math': False})")
        for tag, what, fix in _template_tags(content):
            at = header.body.find(tag, searched.get(tag, 0))
            searched[tag] = at + 1 if at >= 0 else 0
            line = header.body_line + header.body.count("\n", 0, at) if at >= 0 else header.body_line
            problems.add(source_path, line, f"{what} {tag} would be shown as text", fix)
        if "summary" not in metadata and content:
            metadata["summary"] = _plain_summary(content, self.settings.get("SUMMARY_MAX_LENGTH") or 40)
        metadata["meta_lines"] = dict(header.lines)
        metadata["content_type"] = kind
        metadata["body_line"] = header.body_line
        unwritten = scaffold_lines(text)
        if unwritten:  # prompts of `invoke new` never replaced: not published, not evidence
            metadata[UNWRITTEN_KEY] = unwritten
        if len(problems) > before:
            # The build fails, but the file is still written to the staging folder so that its links
            # and images, and links to it, are checked in the same run (all problems at once):
            # what was wrong is left out, and what Pelican cannot do without is filled in.
            metadata.setdefault("title", os.path.splitext(os.path.basename(source_path))[0])
            if kind != "page":
                metadata.setdefault("date", PLACEHOLDER_DATE)
            metadata[FAILED_KEY] = True
            return content, metadata
        # For the next build's quick path (foothold/snapshot.py): what was read, as what bytes.
        state = build_state(self.settings)
        state.read_metadata[source_path] = (hashlib.sha256(raw).hexdigest(), metadata)
        state.read_times[source_path] = time.perf_counter() - started
        return content, metadata

    def _metadata(self, source_path, kind, header, problems) -> dict:
        schema = SCHEMAS[kind]
        try:
            extra_keys = model_settings(self.settings)["extra_keys"]
        except ModelSettingsError:
            extra_keys = frozenset()  # reported once, as a pelican.conf problem (settings.apply_defaults)
        values: dict = {}
        extra: dict = {}
        for written, value in header.values.items():
            line = header.lines.get(written)
            name = header.names[written]
            key = ALIASES.get(written, written)
            if key != written:
                if key in header.values:
                    problems.add(source_path, line, f"'{name}' is Foothold's '{_label(key)}', which is also given "
                                 f"on line {header.lines[key]}", "keep one of them")
                    continue
                if key in values:
                    problems.add(source_path, line, f"'{name}' is Foothold's '{_label(key)}', which is given "
                                 "twice under other names", "keep one of them")
                    continue
                header.lines.setdefault(key, line)
                _note(self.settings, "aliases", f"'{name.capitalize()}' read as Foothold's '{_label(key)}'", source_path)
            declared = schema.kind(key)
            if declared is None and written in extra_keys:
                extra[written] = "" if value is None else str(value) if not isinstance(value, list) else value
                continue
            if declared is None and written in DROPPED:
                _note(self.settings, "dropped", f"'{name.capitalize()}' left out: {DROPPED[written]}", source_path)
                continue
            if declared is None:
                problems.add(source_path, line, f"unknown metadata key '{name}'", _unknown_hint(key, kind, schema))
                continue
            try:
                values[key] = coerce(key, declared, value)
            except ValueProblem as exc:
                problems.add(source_path, line, exc.message, exc.hint)

        for key in schema.required:
            if not str(values.get(key, "") or "").strip():
                if key in header.lines:
                    problems.add(source_path, header.lines[key], f"'{key.capitalize()}' is empty",
                                 f"give the {kind} a {key}")
                else:
                    problems.add(source_path, 1, f"required field '{key.capitalize()}' is missing",
                                 f"add '{key.capitalize()}: ...' to the header")

        for key, value in list(values.items()):
            if schema.kind(key) == DATE and key in values:
                try:
                    values[key] = parse_date(value)
                except DateError as exc:
                    problems.add(source_path, header.lines.get(key), f"{key.capitalize()}: {exc}",
                                 f"use ISO 8601: {ACCEPTED}")
                    values.pop(key)

        zone = values.get("timezone")
        if zone:
            try:
                zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                close = difflib.get_close_matches(zone, sorted(zoneinfo.available_timezones()), n=3)
                problems.add(source_path, header.lines.get("timezone"), f"Timezone '{zone}' is not a known time zone",
                             ("did you mean " + ", ".join(close) + "?") if close else "use an IANA name like Europe/Lisbon")

        status = str(values.pop("status", "") or "").strip().lower()
        draft = values.pop("draft", None)
        if status == "draft":
            # One draft convention for every type: Draft: yes (a project's Status says shipped,
            # in-progress or archived). The older Status: draft still works, with a note.
            rest = " (and Status: shipped, in-progress or archived)" if kind == "project" else ""
            _note(self.settings, kind, "Status: draft is deprecated and still works: mark drafts 'Draft: yes' "
                                       f"in posts, pages and projects alike{rest}", source_path)
            status = "in-progress" if kind == "project" else ""
            draft = True
        if status and status not in schema.statuses:
            problems.add(source_path, header.lines.get("status"), f"unknown Status '{status}'",
                         f"a {kind} Status is one of: {', '.join(schema.statuses)}")
        metadata: dict = {}
        if kind == "project":
            metadata["project_status"] = status
            metadata["status"] = "draft" if draft else "published"
        else:
            metadata["status"] = status or ("draft" if draft else "published")
            if draft and status not in ("", "draft"):
                problems.add(source_path, header.lines.get("draft"),
                             f"Draft: yes contradicts Status: {status}", "keep one of them")
            elif draft:
                metadata["status"] = "draft"

        if "slug" in values:
            slug = values["slug"]
            if "/" in slug or "\\" in slug or slug in (".", "..") or not slug.strip("-_. "):
                problems.add(source_path, header.lines.get("slug"), f"Slug '{slug}' is not usable in a URL",
                             "use lower-case letters, digits and hyphens, e.g. my-first-post")
                values.pop("slug")

        check_pelican_keys(self.settings, kind, values, header.lines,
                           lambda line, message, hint: problems.add(source_path, line, message, hint))
        metadata.update(extra)
        for key, value in values.items():
            if key in ("date", "modified"):
                metadata[key] = value
            elif key in ("tags", "category", "author"):  # Pelican's Tag, Category, Author objects
                if value:
                    metadata[key] = self.process_metadata(key, value)
            else:
                metadata[key] = value
        return metadata


# Another tool's template syntax left in a body (FAULTS 37): Pelican would print it as text.
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)
_TEMPLATE_TAGS = (
    (re.compile(r"\{%-?\s*\w+[^%]*?%\}"), "the Liquid (Jekyll) tag",
     "replace it by Markdown or remove it; invoke migrate rewrites highlight, post_url, link and raw"),
    (re.compile(r"\{\{[<%]\s*/?[\w-]+.*?[>%]\}\}"), "the Hugo shortcode",
     "replace it by Markdown or remove it; invoke migrate rewrites highlight, ref, relref and figure"),
    (re.compile(r"\{\{-?\s*(?:site|page|post|include)\.[\w.]+\s*-?\}\}"), "the Liquid value",
     "write the value itself, or remove it"),
)


def _template_tags(content: str):
    text = _CODE.sub("", content or "")
    if "{" not in text:
        return
    text = html_unescape(text)
    for pattern, what, fix in _TEMPLATE_TAGS:
        for match in pattern.finditer(text):
            yield match.group(0), what, fix


def _label(key: str) -> str:
    return "OldURL" if key == "oldurl" else key.capitalize()


def _unknown_hint(key: str, kind: str, schema) -> str:
    """'did you mean' over Foothold's keys and the other tools' names it accepts."""
    names = {k: k for k in schema.fields}
    names.update({alias: target for alias, target in ALIASES.items() if target in schema.fields})
    close = difflib.get_close_matches(key, list(names), n=2, cutoff=0.6)
    if not close:
        return (f"a {kind} accepts: {', '.join(_label(k) for k in schema.fields)}; keys a theme of yours needs "
                "can be kept with CONTENT_MODEL = {'extra_keys': [...]}")
    said = [f"'{_label(c)}'" if names[c] == c else f"'{c.capitalize()}' (Foothold's '{_label(names[c])}')"
            for c in close]
    return "did you mean " + " or ".join(said) + "?"


def _note(settings, kind: str, text: str, source_path: str) -> None:
    """A note for the build summary: something accepted that the author may want to know about."""
    notes = build_state(settings).stats.setdefault("notes", {})
    notes.setdefault(text, []).append(source_path)


def _shorten(formula: str, limit: int = 60) -> str:
    one_line = " ".join(formula.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _plain_summary(html: str, words: int) -> str:
    text = Markup(html).striptags()
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]) + " …"
