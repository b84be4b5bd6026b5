"""Requests to other hosts that a page makes while loading (scripts, styles, fonts, images)."""

from __future__ import annotations

from foothold.linkcheck.site import Site
from foothold.linkcheck.urls import External
from foothold.problems import Problem

_HINT = (
    "Foothold pages load nothing from other hosts (privacy, speed, and they keep working when "
    "the other host is down): copy the file into theme/static/ or content/images/ and refer to "
    "it locally. Links (<a href>) to other sites are fine"
)


def _problem(rel, line, element, url, target, allowed):
    if isinstance(target, External) and target.host not in allowed:
        return Problem(
            rel, line, f'off-site request: {element} "{url}" loads from {target.host}', _HINT
        )
    return None


def find_offsite_requests(site: Site, allowed_hosts=()) -> list[Problem]:
    allowed = {host.lower() for host in allowed_hosts}
    problems = []
    for rel, ref, target in site.refs():
        if ref.fetched:
            problem = _problem(rel, ref.line, ref.element, ref.url, target, allowed)
            if problem:
                problems.append(problem)
    return problems
