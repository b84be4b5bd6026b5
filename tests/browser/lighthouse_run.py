"""Lighthouse for the browser tests: the same runner `invoke check --lighthouse` uses."""

from sitecheck.lighthouse import settled_scores  # noqa: F401
