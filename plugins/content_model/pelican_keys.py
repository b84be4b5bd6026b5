"""Values of the Pelican keys Foothold accepts (Author, Template, Lang), checked before Pelican
sees them (FAULTS 35).

Pelican trusts these: ``Author`` must already be an ``Author`` object (a string ends in an
AttributeError deep in contents.py), ``Template`` is only looked up while pages are written (an
unknown one is PelicanTemplateNotFound, naming no post), and ``Lang`` turns a post into a
"translation" with another URL. Each bad value is a problem with the post's line instead.
"""

from __future__ import annotations

import os
import re


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


# C0 controls but tab and line breaks (a YAML block scalar has them), and DEL: a NUL in a slug was
# an internal error (open() refuses it), in a title a NUL in the HTML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional overrides and isolates, zero-width characters: in a value that becomes a URL they
# make one URL look like another ("\u202egnp.exe" shows as "exe.png").
_DECEPTIVE = re.compile("[\n\r\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
URL_KEYS = ("slug", "tags", "category", "series")


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return []


def check_characters(values: dict, lines: dict, report) -> None:
    """Drop (and report) values holding control characters, or, in URL keys, invisible ones."""
    for key in list(values):
        for text in _texts(values[key]):
            bad = _CONTROL.search(text) or (_DECEPTIVE.search(text) if key in URL_KEYS else None)
            if bad:
                char = f"U+{ord(bad.group(0)):04X}"
                what = "a control character" if _CONTROL.match(bad.group(0)) else "an invisible or direction-changing character"
                report(lines.get(key), f"'{key.capitalize()}' contains {what} ({char})",
                       "delete it (retype the value); it does not show, but it changes what the value means")
                values.pop(key)
                break


def check_pelican_keys(settings, kind: str, values: dict, lines: dict, report) -> None:
    """Check and convert ``values`` in place; ``report(line, message, hint)`` for each bad value,
    whose key is then dropped so that Pelican never sees it."""
    check_characters(values, lines, report)
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
        # langcodes (the IANA subtag registry: well-formed *and* registered BCP 47 tags) is imported
        # only when a post sets Lang: loading its tables took 0.05 s of every build's start.
        import langcodes

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
