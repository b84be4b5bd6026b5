"""Foreign front matter (YAML, TOML or `Key: value`) to Foothold's `Key: value` header.

Only mappings that are sure are made; a key with none is kept as written, so the build names it
(file:line) and the migration report says what to do with it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field

from content_model.header import HeaderError, split_header
from content_model.schema import ALIASES, DROPPED

# Foothold's keys as written in a header, in the order the migration writes them.
ORDER = ("title", "date", "modified", "category", "tags", "series", "summary", "slug", "status", "lang",
         "author", "oldurl")
LABELS = {"oldurl": "OldURL"}
# Keys with a sure meaning in Jekyll or Hugo, beyond content_model's aliases (schema.ALIASES).
TOOL_KEYS = {
    "categories": "category",   # the first is the category, the others become tags
    "url": "oldurl",            # Hugo: the page's URL
    "authors": "author",
    "published": "status",      # Jekyll: published: false is a draft
    "draft": "status",          # Jekyll and Hugo: draft: true
}
# Keys of themes that mean nothing here, beyond content_model's (schema.DROPPED).
TOOL_DROPPED = {
    "comment": "Foothold has no comment system",
    "nocomment": "Foothold has no comment system",
    "type": "Foothold picks the template from the folder (posts/, pages/)",
}
_DATE_WITH_SPACE_OFFSET = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*([+-])(\d{2}):?(\d{2})$")


@dataclass
class Front:
    values: dict = field(default_factory=dict)      # Foothold key -> value (str, list, datetime...)
    kept: list = field(default_factory=list)        # (key as written, value) with no sure mapping
    changes: list = field(default_factory=list)     # what was renamed or dropped, for the report
    body: str = ""
    error: str | None = None                       # the header could not be read at all
    tool: str = ""


def _split_toml(text: str) -> tuple[dict, dict, str]:
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "+++"), None)
    if end is None:
        raise HeaderError(1, "TOML front matter opened with '+++' is never closed")
    data = tomllib.loads("\n".join(lines[1:end]))
    names = {k.lower(): k for k in data}
    return {k.lower(): v for k, v in data.items()}, names, "\n".join(lines[end + 1:])


def read_front(text: str, tool: str = "") -> Front:
    front = Front(tool=tool)
    try:
        if text.startswith("+++"):
            values, names, front.body = _split_toml(text)
        else:
            header = split_header(text)
            values, names, front.body = header.values, header.names, header.body
    except (HeaderError, tomllib.TOMLDecodeError) as exc:
        front.error = getattr(exc, "message", None) or str(exc)
        front.body = text
        return front
    for key, value in values.items():
        _map(front, key, names.get(key, key), value)
    return front


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _map(front: Front, key: str, written: str, value) -> None:
    values = front.values
    target = ALIASES.get(key) or TOOL_KEYS.get(key) or key
    if key in DROPPED or key in TOOL_DROPPED:
        front.changes.append(f"dropped {written} ({DROPPED.get(key) or TOOL_DROPPED[key]})")
        return
    if target == "status" and key in ("published", "draft"):
        draft = (value is False or str(value).lower() in ("false", "no")) if key == "published" else \
            (value is True or str(value).lower() in ("true", "yes"))
        if draft:
            values["status"] = "draft"
            front.changes.append(f"{written}: {value} -> Status: draft")
        else:
            front.changes.append(f"dropped {written}: {value} (published is the default)")
        return
    if target == "category":
        names = _words(front, value)
        if not names:
            return
        values["category"] = names[0]
        if len(names) > 1:
            values.setdefault("tags", [])
            values["tags"] = [*values["tags"], *names[1:]]
            front.changes.append(f"{written}: {', '.join(names)} -> Category: {names[0]}, the others as Tags")
        elif key != "category":
            front.changes.append(f"{written} -> Category")
        return
    if target == "tags":
        tags = _words(front, value)
        values["tags"] = [*values.get("tags", []), *tags]
        return
    if target == "author":
        authors = _as_list(value)
        if authors:
            values["author"] = authors[0]
            if key != "author" or len(authors) > 1:
                front.changes.append(f"{written} -> Author: {authors[0]}")
        return
    if key == "url":  # Hugo: the page's own address, not one more alias
        values["pageurl"] = str(value)
        front.changes.append(f"{written} -> OldURL")
        return
    if target == "oldurl":
        values.setdefault("oldurl", [])
        values["oldurl"] = [*values["oldurl"], *_as_list(value)]
        front.changes.append(f"{written} -> OldURL")
        return
    if target in ORDER:
        if target != key:
            front.changes.append(f"{written} -> {LABELS.get(target, target.capitalize())}")
        values[target] = value
        return
    front.kept.append((written, value))


def _words(front: Front, value) -> list[str]:
    """A list of names; Jekyll splits a plain string of tags or categories at spaces."""
    if front.tool == "jekyll" and isinstance(value, str) and "," not in value:
        return value.split()
    return _as_list(value)


def format_date(value) -> str | None:
    """An ISO 8601 text Foothold reads, from what the tools write; None when it is not sure."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.tzinfo else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = _DATE_WITH_SPACE_OFFSET.match(text)
    if match:  # Jekyll's "2010-01-19 10:00:00 +1000"
        day, time, sign, hours, minutes = match.groups()
        return f"{day} {time.zfill(8) if time.count(':') == 2 else time.zfill(5)}{sign}{hours}:{minutes}"
    return text


def format_value(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return format_date(value) or str(value)
    return " ".join(str(value).split())


def header_text(values: dict, kept: list) -> str:
    lines = []
    for key in ORDER:
        if key in values and values[key] not in (None, "", []):
            value = format_date(values[key]) if key in ("date", "modified") else format_value(values[key])
            lines.append(f"{LABELS.get(key, key.capitalize())}: {value}")
    for written, value in kept:
        lines.append(f"{written}: {format_value(value)}")
    return "\n".join(lines) + "\n"
