"""The rendered-page link check of a build, with each broken link blamed on the source it came from.

Used by a full build (build.py) and by a quick rebuild (quick.py) alike.
"""

from __future__ import annotations

import os
from pathlib import Path

from .checks import SOURCES_KEY
from .problems import ProblemLog


def report_links(settings, site: Path, problems: ProblemLog, skip: tuple, parsed: dict | None,
                 trust=None) -> None:
    """Check the links of the site in ``site`` and add what is broken to ``problems``, by source."""
    from .sitecheck import find_broken_links

    sources = settings.get(SOURCES_KEY, {})
    root = settings["FOOTHOLD_ROOT"]
    for problem in find_broken_links(site, settings.get("SITEURL", ""), skip=skip, parsed=parsed, trust=trust):
        page = problem.path.replace(os.sep, "/")
        source = sources.get(page) or sources.get(page.removesuffix("index.html"))
        if source:
            problems.add(source, None, f"{problem.message} (in the page /{page})", problem.hint)
        else:
            problems.add(os.path.join(root, "theme") if not page.startswith("skills") else page,
                         None, f"/{page}: {problem.message}", problem.hint or "a template writes this link")
