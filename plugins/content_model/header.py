"""Split a Markdown source into its metadata header and body, keeping line numbers.

Python-Markdown's ``meta`` extension and Pelican's reader drop line numbers and read YAML front
matter as plain strings, so Foothold parses the header itself: ``Key: value`` lines (the
Python-Markdown meta syntax, continuation lines indented) or a YAML block between ``---`` lines
(parsed with PyYAML, strictly). Both produce the same lower-case keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from foothold.yamlguard import YamlTooBig, check_bounds

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+)\s*:\s*(?P<value>.*)$")
_MORE_LINE = re.compile(r"^(?: {4,}|\t)(?P<value>.*)$")
_FENCE = "---"


class HeaderError(ValueError):
    def __init__(self, line: int | None, message: str, hint: str | None = None):
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


@dataclass
class Header:
    style: str  # "yaml", "keys" or "none"
    values: dict = field(default_factory=dict)  # lower-case key -> value (str, list, bool, int...)
    lines: dict = field(default_factory=dict)  # lower-case key -> 1-based line
    names: dict = field(default_factory=dict)  # lower-case key -> key as written
    body: str = ""
    body_line: int = 1  # line where the body starts


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings, so YAML and Key: value dates are parsed alike."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse_yaml(lines: list[str]) -> Header:
    end = None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (_FENCE, "..."):
            end = index
            break
    if end is None:
        raise HeaderError(1, "YAML front matter opened with '---' on line 1 is never closed",
                          "end the metadata block with a line containing only '---'")
    block = "\n".join(lines[1:end])
    try:
        check_bounds(block, _StrictLoader)  # alias bombs and deep nesting (FAULTS 34)
    except YamlTooBig as exc:
        raise HeaderError(exc.line + 1, f"front matter: {exc.message}", exc.hint) from None
    try:
        node = yaml.compose(block, Loader=_StrictLoader)
        data = yaml.load(block, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise HeaderError(line, f"invalid YAML front matter: {problem}",
                          "check quoting and indentation; quote values containing ': ' or '#'") from None
    header = Header(style="yaml", body="\n".join(lines[end + 1:]), body_line=end + 2)
    if data is None:
        return header
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise HeaderError(2, "YAML front matter must be a mapping of 'Key: value' pairs")
    for key_node, _value_node in node.value:
        raw = key_node.value
        key = str(raw).strip().lower()
        line = key_node.start_mark.line + 2
        if key_node.tag == "tag:yaml.org,2002:merge":  # its keys would have no line of their own
            raise HeaderError(line, "YAML merge keys (<<) are not allowed in front matter",
                              "write the keys out in the header")
        if key in header.lines:
            raise HeaderError(line, f"metadata key '{raw}' is given twice (also on line {header.lines[key]})",
                              "keep one of them")
        header.lines[key] = line
        header.names[key] = str(raw)
    for raw, value in data.items():
        header.values[str(raw).strip().lower()] = value
    return header


def _parse_keys(lines: list[str]) -> Header:
    header = Header(style="keys")
    current = None
    index = 0
    for index, text in enumerate(lines):
        if not text.strip():
            index += 1
            break
        match = _KEY_LINE.match(text)
        more = _MORE_LINE.match(text)
        if more and current is not None:
            header.values[current].append(more.group("value").strip())
            continue
        if not match:
            break
        key = match.group("key").lower()
        if key in header.lines:
            raise HeaderError(index + 1, f"metadata key '{match.group('key')}' is given twice "
                              f"(also on line {header.lines[key]})", "keep one of them")
        header.lines[key] = index + 1
        header.names[key] = match.group("key")
        header.values[key] = [match.group("value").strip()]
        current = key
    else:
        index = len(lines)
    for key, parts in header.values.items():
        header.values[key] = " ".join(p for p in parts if p) if key not in ("summary",) else " ".join(parts)
    header.body = "\n".join(lines[index:])
    header.body_line = index + 1
    return header


def split_header(text: str) -> Header:
    """Parse the header of a source whose line endings are already ``\\n``."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == _FENCE:
        return _parse_yaml(lines)
    if lines and _KEY_LINE.match(lines[0]):
        return _parse_keys(lines)
    return Header(style="none", body=text, body_line=1)


def misplaced_header_line(text: str, limit: int = 30) -> int | None:
    """Line of a 'Title:' or '---' header that does not start on line 1, if there is one."""
    for number, line in enumerate(text.split("\n")[:limit], start=1):
        if number == 1:
            continue
        stripped = line.strip()
        if re.match(r"^title\s*:", stripped, re.I) or (stripped == _FENCE and number <= 3):
            return number
    return None
