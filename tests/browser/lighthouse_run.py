"""Lighthouse for the browser tests: the same runner `invoke check --lighthouse` uses."""

from foothold.sitecheck.lighthouse import LighthouseMissing, lighthouse_scores  # noqa: F401
