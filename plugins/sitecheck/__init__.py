"""Checks on a built site folder: what `invoke check` runs and what deploy requires.

``check_site`` runs the build's own link check (``foothold.linkcheck``) and adds leaked files,
HTML validation, feeds, sitemaps and off-site requests; Lighthouse scores are in lighthouse.py.
Problems are ``foothold.problems.Problem`` items whose path is the file relative to the site
folder. Not a Pelican plugin (no build loads it): commands (plugins/commands/) use it.
"""

from __future__ import annotations

from pathlib import Path

from foothold.linkcheck.links import find_broken_links as _broken_links
from foothold.linkcheck.site import Site
from foothold.problems import Problem

__all__ = ["check_site"]


def check_site(site_dir: Path, siteurl: str, *, html: bool = True, feeds: bool = True,
               allowed_hosts=(), allow_drafts: bool = False) -> list[Problem]:
    """Every problem of a built site.

    ``allowed_hosts`` may receive off-site requests; ``allow_drafts`` is for development builds,
    which show drafts under drafts/ on purpose.
    """
    # Imported here: the build's link check needs none of these (feedparser, the HTML checker).
    from .feeds import check_feeds
    from .htmlcheck import validate_html
    from .leaks import find_leaks
    from .offsite import find_offsite_requests
    from .sitemap import check_sitemaps

    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        return [Problem(str(site_dir), None, "no built site here (index.html is missing)",
                        "run `invoke build` (or `invoke preview` for production) first")]
    site = Site(site_dir, siteurl)
    problems = find_leaks(site, allow_drafts=allow_drafts)
    problems += _broken_links(site)
    problems += find_offsite_requests(site, allowed_hosts)
    problems += check_sitemaps(site)
    if feeds:
        problems += check_feeds(site)
    if html:
        problems += validate_html(site)
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))

