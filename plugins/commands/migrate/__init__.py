"""`invoke migrate SOURCE [--from pelican|jekyll|hugo]`: bring a blog made with another tool.

Reads SOURCE (never writes there), writes posts to content/posts/, pages to content/pages/, the
blog's files to a static folder added to STATIC_PATHS, and prints a report: the files written,
what was changed in each, and what is left for the author as file:line and the fix.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from foothold.checks import RESERVED_SLUGS

from ..changes import summarise_changes
from .detect import TOOLS, SourceError, detect
from .frontmatter import header_text
from .rewrite import Site, heading_texts, rewrite_body, unescape_math
from .sources import READERS, Blog

CONF_NAME = "pelican.conf"


@dataclass
class Report:
    root: Path
    written: list[tuple[str, list[str]]] = field(default_factory=list)     # (path, changes)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    left: list[tuple[str, int | None, str, str]] = field(default_factory=list)  # (path, line, problem, fix)
    copied: int = 0
    settings: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = []
        for path, changes in self.written:
            summary = summarise_changes(changes)
            lines.append(f"wrote {path}" + (f": {summary}" if summary else ""))
        lines += [f"unchanged {path} (migrated before)" for path in self.unchanged]
        lines += [f"skipped {path}: {why}" for path, why in self.skipped]
        lines += self.settings
        if self.left:
            lines.append("")
            lines.append(f"Left for you ({len(self.left)}):")
            for path, line, problem, fix in self.left:
                where = f"{path}:{line}" if line else path
                lines.append(f"{where}: {problem}\n    fix: {fix}")
        lines.append("")
        lines.append(f"{len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.skipped)} skipped, "
                     f"{self.copied} files copied, {len(self.left)} left for you. Next: invoke build.")
        return "\n".join(lines)



def _site_for(blog: Blog) -> Site:
    from .sources import pelican_slugify

    site = Site(static_roots=dict(blog.static_roots), site_urls=list(blog.site_urls),
                static_urls=dict(blog.static_urls), taxonomy_urls=list(blog.taxonomy_urls))
    for doc in blog.docs:
        for url in doc.old_urls:
            site.by_url.setdefault(url, doc.out)
        if doc.old_urls:
            site.old_url_of[doc.out] = doc.old_urls[0]
        for name in {doc.source.stem, str(doc.front.values.get("slug") or "")} - {"", "index"}:
            site.by_last.setdefault(name, set()).add(doc.out)
        if doc.kind == "post":
            values = doc.front.values
            if values.get("category"):
                site.taxonomies.setdefault("category", set()).add(pelican_slugify(values["category"]))
            tags = values.get("tags") or []
            for tag in tags.split(",") if isinstance(tags, str) else tags:
                if str(tag).strip():
                    site.taxonomies.setdefault("tag", set()).add(pelican_slugify(str(tag).strip()))
        site.by_name.setdefault(doc.source.name, doc.out)
        site.by_name.setdefault(doc.source.stem, doc.out)
        content_rel = _content_rel(blog, doc)
        site.by_source.setdefault(content_rel, doc.out)
        site.headings[doc.out] = heading_texts(doc.front.body)
        site.explicit_ids[doc.out] = set(re.findall(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", doc.front.body))
    site.statics = {rel for _, rel in blog.assets}
    return site


def _content_rel(blog: Blog, doc) -> str:
    """The doc's path as the source tool's own links name it (relative to its content folder)."""
    rel = doc.rel_source.replace(os.sep, "/")
    for prefix in ("content/",):
        if rel.startswith(prefix):
            return rel[len(prefix):]
    return rel


def _write_new(path: Path, data: bytes, rel: str, report: Report) -> bool:
    if path.exists():
        if path.is_file() and path.read_bytes() == data:
            report.unchanged.append(rel)
        else:
            report.skipped.append((rel, "a different file is already there (not overwritten)"))
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:  # never over a file made since the check
        handle.write(data)
    return True


def _line_in(text: str, needle: str, default: int | None) -> int | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    return default


def migrate(project: Path, source: Path, tool: str | None = None) -> Report:
    project, source = Path(project).resolve(), Path(source).resolve()
    if tool is not None and tool not in TOOLS:
        raise SourceError(f"--from must be one of {', '.join(TOOLS)}, not {tool!r}")
    if project == source or project in source.parents:
        raise SourceError("SOURCE is this project or inside it: give the folder of the other blog")
    tool = tool or detect(source)
    blog = READERS[tool](source)
    content = project / "content"
    report = Report(project)
    site = _site_for(blog)
    kept: dict[str, tuple[str, list[str]]] = {}  # keys with no Foothold meaning, kept as written
    for doc in blog.docs:
        out_rel = f"content/{doc.out}"
        front = doc.front
        if front.error:
            report.left.append((doc.rel_source, 1, f"its front matter cannot be read: {front.error}",
                                "fix the header, then run invoke migrate again"))
            continue
        values = dict(front.values)
        if doc.old_urls:
            values["oldurl"] = list(dict.fromkeys(doc.old_urls))
        if doc.kind == "page":
            for key in ("category", "tags", "author", "series"):
                if key in values:
                    front.changes.append(f"dropped {key.capitalize()} (a page has none)")
                    values.pop(key)
        header = header_text(values, front.kept)
        body = rewrite_body(front.body.lstrip("\n"), site, doc.out, doc.rel_source)
        if blog.math_escaped:
            body.text, formulas = unescape_math(body.text)
            body.changes += ["TeX: Markdown's \\_ escapes resolved (as Hugo's Markdown did)"] * formulas
        text = header + "\n" + body.text.rstrip("\n") + "\n"
        body_start = header.count("\n") + 2
        for written, _value in front.kept:
            kept.setdefault(written.lower(), (written, []))[1].append(out_rel)
        for key in ("title", "date") if doc.kind == "post" else ("title",):
            if not values.get(key):
                report.left.append((out_rel, 1, f"no {key.capitalize()}", f"add '{key.capitalize()}: ...' to the header"))
        if doc.kind == "page" and str(values.get("slug", "")).lower() in RESERVED_SLUGS:
            report.left.append((out_rel, _line_in(text, "Slug:", 1), f"the page's URL /{values['slug']}/ is one of "
                                "Foothold's own pages", "give the page another Slug (its OldURL still redirects)"))
        for line, problem, fix in body.left:
            report.left.append((out_rel, body_start + line - 1, problem, fix))
        if _write_new(project / out_rel, text.encode("utf-8"), out_rel, report):
            report.written.append((out_rel, front.changes + body.changes))
    for path, rel in blog.assets:
        if _write_new(content / rel, path.read_bytes(), f"content/{rel}", report):
            report.copied += 1
    for path, fix in blog.left:
        report.left.append((os.path.relpath(path, source) if os.path.isabs(path) else path, None, fix.split(": ", 1)[0] if "Pelican published" in fix else "not migrated", fix.split(": ", 1)[-1] if "Pelican published" in fix else fix))
    _add_static_paths(project, blog.static_folders, report)
    _keep_keys(project, kept, report)
    return report


def _keep_keys(project: Path, kept: dict, report: Report) -> None:
    """Keys of the old blog with no Foothold meaning are kept (CONTENT_MODEL['extra_keys']), not
    dropped: templates can use them, and a typo in a new post is still an unknown key."""
    if not kept:
        return
    names = sorted(written for written, _files in kept.values())
    conf = project / CONF_NAME
    text = conf.read_text(encoding="utf-8") if conf.is_file() else ""
    for written, files in sorted(kept.values()):
        report.settings.append(f"kept the key {written} of {len(files)} file{'s' * (len(files) != 1)} "
                               f"(e.g. {files[0]}) as written: your templates can use it, or remove it")
    try:
        tree = ast.parse(text)
    except SyntaxError:
        tree = None
    current = None
    for node in tree.body if tree else []:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "CONTENT_MODEL" for t in node.targets):
            try:
                current = ast.literal_eval(node.value)
            except ValueError:
                current = "unreadable"
    if current is None and conf.is_file():
        block = ("\n# Metadata keys of the migrated blog that Foothold has no use for, kept as written\n"
                 f"# (invoke migrate; see docs/authoring.md, \"Settings of the reader\").\n"
                 f"CONTENT_MODEL = {{\"extra_keys\": {names!r}}}\n")
        conf.write_text(text.rstrip("\n") + "\n" + block, encoding="utf-8")
        report.settings.append(f"added CONTENT_MODEL['extra_keys'] = {names!r} to {CONF_NAME}")
        return
    if isinstance(current, dict):
        have = {k.lower() for k in current.get("extra_keys", ())}
        missing = [n for n in names if n.lower() not in have]
        if not missing:
            return
    else:
        missing = names
    for written, files in sorted(kept.values()):
        if written in missing:
            for path in files:
                report.left.append((path, None, f"unknown metadata key '{written}'",
                                    f"add {written!r} to CONTENT_MODEL['extra_keys'] in {CONF_NAME}, or remove the line"))


def _add_static_paths(project: Path, folders: list[str], report: Report) -> None:
    conf = project / CONF_NAME
    if not folders or not conf.is_file():
        return
    text = conf.read_text(encoding="utf-8")
    try:
        tree = ast.parse(text)
    except SyntaxError:
        report.left.append((CONF_NAME, None, "cannot be read", f"add {folders} to STATIC_PATHS by hand"))
        return
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "STATIC_PATHS" for t in node.targets):
            try:
                current = list(ast.literal_eval(node.value))
            except ValueError:
                break
            missing = [f for f in folders if f not in current]
            if not missing:
                return
            lines = text.split("\n")
            if node.lineno != node.end_lineno:
                break
            lines[node.lineno - 1] = f"STATIC_PATHS = {current + missing!r}"
            conf.write_text("\n".join(lines), encoding="utf-8")
            report.settings.append(f"added {', '.join(missing)} to STATIC_PATHS in {CONF_NAME}")
            return
    report.left.append((CONF_NAME, None, "STATIC_PATHS could not be updated",
                        f"add {', '.join(repr(f) for f in folders)} to STATIC_PATHS"))


def command_migrate(project, source, tool=None) -> int:
    try:
        report = migrate(Path(project), Path(source), tool)
    except SourceError as exc:
        print(f"migrate: {exc}", file=sys.stderr)
        return 2
    print(report.text())
    return 0
