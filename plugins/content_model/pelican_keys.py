"""Values of the Pelican keys Foothold accepts (Author, Template, Lang), checked before Pelican
sees them (FAULTS 35).

Pelican trusts these: ``Author`` must already be an ``Author`` object (a string ends in an
AttributeError deep in contents.py), ``Template`` is only looked up while pages are written (an
unknown one is PelicanTemplateNotFound, naming no post), and ``Lang`` turns a post into a
"translation" with another URL. Each bad value is a problem with the post's line instead.
"""

from __future__ import annotations

import os

import langcodes  # the IANA subtag registry: well-formed *and* registered BCP 47 tags

# Templates of the theme's own list pages: they need a context a single post or page does not have.
LIST_TEMPLATES = frozenset({"base", "index", "archives", "categories", "category", "tag", "tags", "projects",
                            "skills", "skill", "series", "search", "robots", "404", "authors", "author"})
OWN_TEMPLATE = {"post": "article", "page": "page", "project": "project"}
MAX_AUTHOR = 200


def template_folders(settings) -> list[str]:
    folders = [os.path.join(settings.get("THEME") or "", "templates")]
    folders += list(settings.get("THEME_TEMPLATES_OVERRIDES") or [])
    return [folder for folder in folders if os.path.isdir(folder)]


def usable_templates(settings, kind: str) -> list[str]:
    """Templates a ``kind`` may name: its own, and any the author added to the theme."""
    names = {OWN_TEMPLATE[kind]}
    for folder in template_folders(settings):
        for name in os.listdir(folder):
            stem, suffix = os.path.splitext(name)
            if suffix == ".html" and stem not in LIST_TEMPLATES and stem not in OWN_TEMPLATE.values():
                names.add(stem)
    return sorted(names)


def check_pelican_keys(settings, kind: str, values: dict, lines: dict, report) -> None:
    """Check and convert ``values`` in place; ``report(line, message, hint)`` for each bad value,
    whose key is then dropped so that Pelican never sees it."""
    if "author" in values:
        author = str(values["author"] or "").strip()
        if not author or "\n" in author or len(author) > MAX_AUTHOR:
            report(lines.get("author"), f"Author must be a name on one line (at most {MAX_AUTHOR} characters)",
                   "write e.g. 'Author: Alex Doe', or leave it out to use AUTHOR from pelican.conf")
            values.pop("author")
        else:
            values["author"] = author

    if "template" in values:
        name = str(values["template"] or "").strip().removesuffix(".html")
        usable = usable_templates(settings, kind)
        if name not in usable:
            report(lines.get("template"), f"Template '{name}' is not a template a {kind} can use",
                   f"use one of: {', '.join(usable)} (a file in theme/templates/), or leave it out")
            values.pop("template")
        else:
            values["template"] = name

    if "lang" in values:
        raw = str(values["lang"] or "").strip()
        try:
            tag = langcodes.standardize_tag(raw) if langcodes.tag_is_valid(raw) else None
        except ValueError:
            tag = None
        if tag is None:
            report(lines.get("lang"), f"Lang '{raw}' is not a BCP 47 language tag",
                   "write a tag such as pt, pt-BR or zh-Hant, without quotes, or leave it out")
            values.pop("lang")
        elif tag.lower() == str(settings.get("DEFAULT_LANG") or "en").lower():
            values.pop("lang")  # the site's own language: the default, whatever its case
        else:
            values["lang"] = tag
