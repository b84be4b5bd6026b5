"""``RESUME = {...}`` in pelican.conf: defaults and validation."""

from __future__ import annotations

import os

from foothold.config import SettingsReader
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


def read_config(settings, report) -> dict:
    """The validated settings, with ``pdf_wanted`` (this build writes the PDF) and the data file's
    full ``path``; each mistake goes to ``report`` and its default is used instead."""
    raw = settings.get("RESUME")
    if isinstance(raw, dict) and set(raw) == {*DEFAULTS, "pdf_wanted", "path"}:
        return raw  # validated already (this settings dict went through ``initialized``)
    reader = SettingsReader(settings, "RESUME", DEFAULTS, report, "e.g. RESUME = {'pdf': 'production'}")
    values, bad = reader.values, reader.bad

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
