"""``RESUME = {...}`` in pelican.conf: defaults and validation."""

from __future__ import annotations

import difflib
import os

from foothold.state import build_state

DEFAULTS = {
    "file": "resume.yml",        # the résumé's data, inside the content folder (PATH)
    "title": "Résumé",           # the page's title and its name in the navigation
    "url": "resume/",
    "save_as": "resume/index.html",
    "pdf": "production",         # "production": PDF in production builds; True: every build; False: none
    "pdf_save_as": "resume/{author}-resume.pdf",  # {author}: AUTHOR as a slug
    "browser": None,             # Chromium or Chrome for the PDF; default: $FOOTHOLD_CHROMIUM, then PATH
}

KNOWN_SETTINGS = frozenset({"RESUME"})


def conf_path(settings) -> str:
    root = build_state(settings).root
    return os.path.join(root, "pelican.conf") if root else "pelican.conf"


def read_config(settings, report) -> dict:
    """The validated settings, with ``pdf_wanted`` (this build writes the PDF) and the data file's
    full ``path``; each mistake goes to ``report`` and its default is used instead."""
    from foothold.problems import line_of

    path = conf_path(settings)
    line = line_of(path, "RESUME", None)
    raw = settings.get("RESUME")
    if raw is None:
        raw = {}
    if isinstance(raw, dict) and "pdf_wanted" in raw and "path" in raw:
        return raw  # validated already (this settings dict went through ``initialized``)
    if not isinstance(raw, dict):
        report(path, line, "RESUME must be a dict", "e.g. RESUME = {'pdf': 'production'}")
        raw = {}
    values = dict(DEFAULTS)
    for key in sorted(raw, key=str):
        if key not in DEFAULTS:
            close = difflib.get_close_matches(str(key), list(DEFAULTS), n=1)
            report(path, line_of(path, str(key), line), f"unknown RESUME key '{key}'",
                   (f"did you mean '{close[0]}'? " if close else "") + "known keys: " + ", ".join(sorted(DEFAULTS)))
            continue
        values[key] = raw[key]

    def bad(key, message, hint):
        report(path, line_of(path, f"'{key}'", line) or line_of(path, f'"{key}"', line), f"RESUME['{key}'] {message}", hint)
        values[key] = DEFAULTS[key]

    for key in ("file", "title", "url", "save_as", "pdf_save_as"):
        if not isinstance(values[key], str) or not values[key].strip():
            bad(key, f"must be text, not {values[key]!r}", f"e.g. {DEFAULTS[key]!r}")
    for key in ("save_as", "pdf_save_as"):
        if values[key].startswith("/") or ".." in values[key].split("/"):
            bad(key, f"must be a path inside the site, not {values[key]!r}", f"e.g. {DEFAULTS[key]!r}")
    if not values["pdf_save_as"].endswith(".pdf"):
        bad("pdf_save_as", f"must end in .pdf, not {values['pdf_save_as']!r}", f"e.g. {DEFAULTS['pdf_save_as']!r}")
    try:
        values["pdf_save_as"].format(author="a")
    except (KeyError, IndexError, ValueError):
        bad("pdf_save_as", f"may only contain the placeholder {{author}}, not {values['pdf_save_as']!r}",
            f"e.g. {DEFAULTS['pdf_save_as']!r}")
    if values["pdf"] not in (True, False, "production"):
        bad("pdf", f"must be True, False or 'production', not {values['pdf']!r}", "e.g. 'production'")
    if values["browser"] is not None and (not isinstance(values["browser"], str) or not values["browser"].strip()):
        bad("browser", f"must be the path of a Chromium or Chrome program, not {values['browser']!r}",
            "e.g. '/usr/bin/chromium', or leave it out")
    production = build_state(settings).production
    values["pdf_wanted"] = values["pdf"] is True or (values["pdf"] == "production" and production)
    values["path"] = os.path.join(settings.get("PATH") or ".", values["file"])
    return values
