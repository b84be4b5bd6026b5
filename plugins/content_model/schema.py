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
}

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
