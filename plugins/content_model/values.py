"""Turn header values (strings from ``Key: value``, native values from YAML) into typed metadata."""

from __future__ import annotations

import reprlib
from urllib.parse import urlparse

from pelican.readers import ensure_metadata_list

from .schema import BOOL, DATE, INT, LIST, TEXT, URL

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0", ""}


class ValueProblem(ValueError):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


def coerce(key: str, kind: str, value):
    """The value of ``key`` as its declared kind (dates stay text: dates.py parses them)."""
    if kind == LIST:
        if isinstance(value, str):
            return ensure_metadata_list(value)
        if isinstance(value, list):
            items = []
            for item in value:
                if isinstance(item, (dict, list)) or item is None:
                    raise ValueProblem(f"'{key}' must be a list of names, found {reprlib.repr(item)}")
                items.append(str(item))
            return ensure_metadata_list(items)
        raise ValueProblem(f"'{key}' must be a list, found {reprlib.repr(value)}", f"write '{key}: a, b' or a YAML list")
    if kind == BOOL:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueProblem(f"'{key}' must be yes or no, found '{value}'")
    if kind == INT:
        if isinstance(value, bool):
            raise ValueProblem(f"'{key}' must be a whole number, found '{value}'")
        try:
            return int(str(value).strip())
        except ValueError:
            raise ValueProblem(f"'{key}' must be a whole number, found '{value}'") from None
    if isinstance(value, (list, dict)):
        raise ValueProblem(f"'{key}' must be a single value, found {type(value).__name__}",
                           "quote the value if it contains commas or colons")
    if kind == DATE:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return value if value is not None else ""
    text = "" if value is None else str(value).strip()
    if kind == URL and text:
        parsed = urlparse(text)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueProblem(f"'{key}' must be a full http(s) URL, found '{text}'",
                               "write it as https://...")
    return text if kind in (TEXT, URL) else value
