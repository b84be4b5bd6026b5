"""Small builders shared by the skill-map unit tests (evidence items, fixture files)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from skill_map.evidence import Evidence


def ev(day, skill="promises", kind="learning-log", role="skill", status=None, link=False, source=None, title=None,
       updated=None):
    """One evidence item; ``day`` is 'YYYY-MM-DD' or a date."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    source = source or f"{kind}-{day.isoformat()}-{title or skill}.md"
    return Evidence(day=day, source=source, skill_id=skill, role=role, kind=kind,
                    title=title or source, url=f"posts/{Path(source).stem}/",
                    project_status=status if kind == "project" else None, has_link=link and kind == "project",
                    updated=dt.date.fromisoformat(updated) if updated else None)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path
