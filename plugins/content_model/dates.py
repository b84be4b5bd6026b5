"""Strict ISO 8601 dates for metadata (FAULTS 5, 6).

``datetime.fromisoformat`` alone would accept forms such as ``20260302`` or ``2026-W10``; the
regular expression limits input to the three forms authors are told about, and fromisoformat
does the calendar checking.
"""

from __future__ import annotations

import datetime as dt
import re

ACCEPTED = "2026-03-02, 2026-03-02 10:00 or 2026-03-02T10:00:00+01:00"

_ISO = re.compile(
    r"""^\d{4}-\d{2}-\d{2}                      # date
        (?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)? # optional time
           (?:Z|[+-]\d{2}:\d{2})?                   # optional offset
        )?$""",
    re.X,
)

_ONE_DIGIT_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2}[ T])(\d:)")


class DateError(ValueError):
    """A date the author wrote that Foothold will not guess at; str() is the message."""


def parse_date(value) -> dt.datetime:
    """A datetime from a strict ISO 8601 string; naive unless an offset was written."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip() if value is not None else ""
    if not text:
        raise DateError("date is empty")
    if not _ISO.match(text):
        raise DateError(f"'{text}' is not an ISO 8601 date")
    # A one-digit hour (2019-04-25 9:00:00, as Pelican and Jekyll accept) is unambiguous.
    text = _ONE_DIGIT_HOUR.sub(r"\g<1>0\g<2>", text)
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise DateError(f"'{text}' is not a real date ({exc})") from None
