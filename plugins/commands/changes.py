"""What `invoke import` and `invoke migrate` say they changed in one file, for their reports."""

from __future__ import annotations

from collections import Counter


def summarise_changes(changes: list[str]) -> str:
    """Each kind of change once, in the order first made, with a count when repeated:
    "code language kept ×3; image downloaded"."""
    return "; ".join(f"{change} ×{n}" if n > 1 else change for change, n in Counter(changes).items())
