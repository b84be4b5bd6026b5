"""The plugin's settings: ``SKILL_MAP = {...}`` plus Pelican-style ``*_URL`` / ``*_SAVE_AS`` names."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass

from foothold.state import build_state

from .levels import LEVELS

URL_DEFAULTS = {
    "SKILL_MAP_URL": "skills/",
    "SKILL_MAP_SAVE_AS": "skills/index.html",
    "SKILL_URL": "skills/{id}/",
    "SKILL_SAVE_AS": "skills/{id}/index.html",
    "SKILL_MAP_JSON_URL": "skills.json",
    "SKILL_MAP_JSON_SAVE_AS": "skills.json",
}

SKILL_MAP_DEFAULTS = {
    "focus": "front-end",         # a shipped specialization id or one defined in skills.yml
    "window_months": 12,          # the recent window for the focus share
    "today": None,                # "YYYY-MM-DD" to pin the window's end; default: newest evidence
    "taxonomy_file": "skills.yml",  # relative to the content folder (PATH)
    "top_skills": 6,              # how many skills the home-page summary shows
    "knows_about_level": "applied",  # lowest level listed in the home page's JSON-LD knowsAbout
}

KNOWN_SETTINGS = frozenset({"SKILL_MAP", *URL_DEFAULTS})


@dataclass(frozen=True)
class SkillMapConfig:
    focus: str
    window_months: int
    today: dt.date | None
    taxonomy_path: str | None
    taxonomy_explicit: bool
    top_skills: int
    knows_about_level: str
    map_url: str
    map_save_as: str
    skill_url: str
    skill_save_as: str
    json_url: str
    json_save_as: str


def conf_path(settings) -> str:
    root = build_state(settings).root
    if root:
        return os.path.join(root, "pelican.conf")
    return "pelican.conf"


def apply_url_defaults(settings) -> None:
    """Fill in the ``*_URL`` / ``*_SAVE_AS`` names the author did not set (templates may use them)."""
    for name, value in URL_DEFAULTS.items():
        settings.setdefault(name, value)


def read_config(settings, report) -> SkillMapConfig:
    """Validated configuration; each mistake goes to ``report(path, line, message, hint)`` and
    the default is used instead, so one build lists every mistake."""
    from foothold.problems import line_of

    path = conf_path(settings)
    line = line_of(path, "SKILL_MAP", None)
    raw = settings.get("SKILL_MAP", {})
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        report(path, line, "SKILL_MAP must be a dict", "write SKILL_MAP = {'focus': 'front-end'}")
        raw = {}
    values = dict(SKILL_MAP_DEFAULTS)
    for key in sorted(raw, key=str):
        if key not in SKILL_MAP_DEFAULTS:
            close = difflib.get_close_matches(str(key), list(SKILL_MAP_DEFAULTS), n=1)
            report(path, line_of(path, repr(key)[1:-1], line), f"unknown SKILL_MAP key '{key}'",
                   (f"did you mean '{close[0]}'? " if close else "") + "known keys: " + ", ".join(sorted(SKILL_MAP_DEFAULTS)))
            continue
        values[key] = raw[key]

    def bad(key, message, hint):
        report(path, line_of(path, f"'{key}'", line) or line_of(path, f'"{key}"', line), f"SKILL_MAP['{key}'] {message}", hint)
        values[key] = SKILL_MAP_DEFAULTS[key]

    if not isinstance(values["focus"], str) or not values["focus"].strip():
        bad("focus", "must be a specialization id", "e.g. 'front-end', 'back-end', 'full-stack', 'data' or 'devops'")
    for key, low, high in (("window_months", 1, 120), ("top_skills", 0, 50)):
        value = values[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            bad(key, f"must be a whole number from {low} to {high}, not {value!r}", f"e.g. {SKILL_MAP_DEFAULTS[key]}")
    today = values["today"]
    if today is not None and not isinstance(today, dt.date):
        try:
            today = dt.date.fromisoformat(str(today))
        except ValueError:
            bad("today", f"must be a date written YYYY-MM-DD, not {today!r}", "e.g. '2026-03-31', or leave it out")
            today = None
    if isinstance(today, dt.datetime):
        today = today.date()
    if values["knows_about_level"] not in LEVELS[1:]:
        bad("knows_about_level", f"must be one of {', '.join(LEVELS[1:])}", "e.g. 'applied'")

    content = settings.get("PATH") or "."
    taxonomy_file = values["taxonomy_file"]
    explicit = "taxonomy_file" in raw
    taxonomy_path = None
    if not isinstance(taxonomy_file, str) or not taxonomy_file.strip():
        bad("taxonomy_file", "must be a file name", "e.g. 'skills.yml' (inside the content folder)")
        taxonomy_file = SKILL_MAP_DEFAULTS["taxonomy_file"]
    candidate = os.path.join(content, taxonomy_file)
    from foothold.safepaths import refusal

    # Never opened when it is a link out of the content folder, or a named pipe (FAULTS 32).
    refused = refusal(content, candidate) if os.path.lexists(candidate) else None
    if refused is not None:
        report(refused.path, None, refused.message, refused.hint)
    elif os.path.isdir(candidate):  # never skipped silently
        report(candidate, None, "is a folder, not a YAML file", f"remove it, or make it the file {taxonomy_file}")
    elif os.path.isfile(candidate):
        taxonomy_path = candidate
    elif explicit:
        bad("taxonomy_file", f"names a file that does not exist: {candidate}", "create it or fix the name")

    urls = {name: settings.get(name, default) for name, default in URL_DEFAULTS.items()}
    for name in ("SKILL_URL", "SKILL_SAVE_AS"):
        if urls[name] and "{id}" not in str(urls[name]):
            report(path, line_of(path, name, None), f"{name} must contain {{id}}", f"e.g. '{URL_DEFAULTS[name]}'")
            urls[name] = URL_DEFAULTS[name]
    return SkillMapConfig(
        focus=str(values["focus"]).strip(), window_months=values["window_months"], today=today,
        taxonomy_path=taxonomy_path, taxonomy_explicit=explicit, top_skills=values["top_skills"],
        knows_about_level=values["knows_about_level"],
        map_url=urls["SKILL_MAP_URL"], map_save_as=urls["SKILL_MAP_SAVE_AS"],
        skill_url=urls["SKILL_URL"], skill_save_as=urls["SKILL_SAVE_AS"],
        json_url=urls["SKILL_MAP_JSON_URL"], json_save_as=urls["SKILL_MAP_JSON_SAVE_AS"],
    )
