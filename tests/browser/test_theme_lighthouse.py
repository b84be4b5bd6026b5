"""Lighthouse 12 (mobile) on the main page types of the served production build: 100 in
performance, accessibility, best practices and SEO. `invoke check --lighthouse` covers every
page type; this keeps the suite fast with the pages a recruiter opens first."""

from __future__ import annotations

import pytest

from lighthouse_run import lighthouse_scores

pytestmark = pytest.mark.browser

PAGES = ("home", "post", "project", "skills")


@pytest.mark.parametrize("kind", PAGES)
def test_lighthouse_scores_100(served_site, kind):
    url = served_site.url(served_site.pages[kind])
    scores = lighthouse_scores(url)
    if scores["performance"] < 1:
        # Simulated throttling scales timings measured on this machine: a busy CI host can lose
        # a point on one run. A second run tells a real regression from a noisy neighbour.
        scores = lighthouse_scores(url)
    failing = scores.pop("_failing")
    assert scores == {"performance": 1, "accessibility": 1, "best-practices": 1, "seo": 1}, failing
