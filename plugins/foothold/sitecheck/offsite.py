"""Requests to other hosts that a page makes while loading (scripts, styles, fonts, images)."""

from __future__ import annotations

from ..problems import Problem
from .css import css_refs_with_lines
from .site import Site
from .urls import External

_HINT = (
    "Foothold pages load nothing from other hosts (privacy, speed, and they keep working when "
    "the other host is down): copy the file into theme/static/ or content/images/ and refer to "
    "it locally. Links (<a href>) to other sites are fine"
)


def _problem(site, rel, line, element, url, allowed):
    target = site.url.resolve(url, rel)
    if isinstance(target, External) and target.host not in allowed:
        return Problem(
            rel, line, f'off-site request: {element} "{url}" loads from {target.host}', _HINT
        )
    return None


def find_offsite_requests(site: Site, allowed_hosts=()) -> list[Problem]:
    allowed = {host.lower() for host in allowed_hosts}
    problems = []
    for rel in site.html_files():
        for ref in site.page(rel).refs:
            if ref.fetched:
                problem = _problem(site, rel, ref.line, ref.element, ref.url, allowed)
                if problem:
                    problems.append(problem)
    for rel in site.files():
        if rel.endswith(".css") and (site.dir / rel).is_file():
            text = (site.dir / rel).read_text(encoding="utf-8", errors="replace")
            for line, url in css_refs_with_lines(text):
                problem = _problem(site, rel, line, "css url()", url, allowed)
                if problem:
                    problems.append(problem)
    return problems
