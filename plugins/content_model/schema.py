"""The metadata each content type accepts (SPEC 3): keys, required keys, kinds of value."""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT, LIST, DATE, BOOL, INT, URL = "text", "list", "date", "bool", "int", "url"

PUBLICATION_STATUSES = ("published", "draft", "hidden")
PROJECT_STATUSES = ("shipped", "in-progress", "archived")


@dataclass(frozen=True)
class ContentSchema:
    name: str
    fields: dict[str, str]
    required: tuple[str, ...]
    statuses: tuple[str, ...]
    example: str = field(default="")

    def kind(self, key: str) -> str | None:
        return self.fields.get(key)


_COMMON = {
    "title": TEXT,
    "date": DATE,
    "modified": DATE,
    "slug": TEXT,
    "summary": TEXT,
    "status": TEXT,
    "draft": BOOL,
    "lang": TEXT,
    "timezone": TEXT,
    "template": TEXT,
    # Where the post used to be published (a path such as /2019/04/x.html or a full URL); the
    # redirects plugin writes a page there that sends readers on (plugins/redirects/).
    "oldurl": LIST,
}

# Keys other blogging tools write that mean one of Foothold's own, accepted as it (the one table,
# documented in docs/authoring.md, "Keys from other tools"). Only unambiguous ones: Jekyll's
# `categories` may be a list, so it is left to `invoke migrate`, which reports what it did.
ALIASES = {
    "update": "modified",
    "updated": "modified",
    "lastmod": "modified",
    "last_modified_at": "modified",
    "excerpt": "summary",
    "description": "summary",
    "permalink": "oldurl",
    "redirect_from": "oldurl",
    "aliases": "oldurl",
}

# Keys of other tools' themes and plugins that mean nothing to Foothold: accepted, left out of the
# metadata, with a note in the build summary that says why (never a silent drop).
DROPPED = {
    "layout": "Foothold picks the template from the folder (posts/, pages/)",
    "comments": "Foothold has no comment system",
    "mathjax": "Foothold renders TeX at build time, no JavaScript",
    "math": "Foothold renders TeX at build time, no JavaScript",
    "katex": "Foothold renders TeX at build time, no JavaScript",
    "mathengine": "Foothold renders TeX at build time, no JavaScript",
    "toc": "Foothold's post page always has its table of contents",
    "share": "Foothold's theme has no share buttons",
    "extracss": "Foothold's theme has no per-post CSS",
    "extrajs": "Foothold's theme runs no per-post JavaScript",
}


def canonical_key(key: str) -> str:
    """Foothold's name for a lower-case metadata key (an alias becomes the key it stands for)."""
    return ALIASES.get(key, key)

POST = ContentSchema(
    name="post",
    fields={
        **_COMMON,
        "category": TEXT,
        "tags": LIST,
        "series": TEXT,
        "skills": LIST,
        "gaps": LIST,
        "canonical": URL,
        "author": TEXT,
    },
    required=("title", "date"),
    statuses=PUBLICATION_STATUSES,
    example="Title: What I learned\nDate: 2026-03-02\nCategory: Learning Log\nSkills: promises",
)

PROJECT = ContentSchema(
    name="project",
    fields={
        **_COMMON,
        "tags": LIST,
        "skills": LIST,
        "repo": URL,
        "demo": URL,
        "image": TEXT,
        "imagealt": TEXT,
        "role": TEXT,
        "featured": BOOL,
        "order": INT,
    },
    required=("title", "date", "summary", "status"),
    statuses=PROJECT_STATUSES,
    example="Title: Weather app\nDate: 2026-03-02\nSummary: One sentence.\nStatus: shipped",
)

PAGE = ContentSchema(
    name="page",
    fields=dict(_COMMON),
    required=("title",),
    statuses=PUBLICATION_STATUSES,
    example="Title: About\nSlug: about",
)

SCHEMAS = {"post": POST, "project": PROJECT, "page": PAGE}
