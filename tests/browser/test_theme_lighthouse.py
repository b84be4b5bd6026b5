"""Lighthouse 12 (mobile) on the main page types of the served production build: 100 in
performance, accessibility, best practices and SEO. `invoke check --lighthouse` covers every
page type; this keeps the suite fast with the pages a recruiter opens first (the résumé among them).

Marked `lighthouse`: `invoke test` runs these after the parallel part of the suite, so the
timings Lighthouse scales are not taken while another worker builds sites on the same cores.
"""

from __future__ import annotations

import pytest

from lighthouse_run import settled_scores

pytestmark = [pytest.mark.browser, pytest.mark.lighthouse]

PAGES = ("home", "post", "project", "skills", "resume")


@pytest.mark.parametrize("kind", PAGES)
def test_lighthouse_scores_100(served_site, kind):
    scores = settled_scores(served_site.url(served_site.pages[kind]))
    failing = scores.pop("_failing")
    benchmark = scores.pop("_benchmark")
    assert scores == {"performance": 1, "accessibility": 1, "best-practices": 1, "seo": 1}, (
        f"{failing}; host benchmarkIndex {benchmark}"
    )
