"""Reading a taxonomy YAML file with the line of every key, and checking it against a JSON Schema.

PyYAML's ``safe_load`` drops positions, and the author needs ``file:line`` in every message, so
the file is also composed into nodes and walked once to map each key path to its line.
jsonschema does the structural checks; this module only turns its errors into plain words.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

SCHEMA_DIR = Path(__file__).parent / "schema"


@dataclass(frozen=True, order=True)
class FileProblem:
    """One problem in one file; the generator hands these to foothold's ProblemLog."""

    path: str
    line: int | None
    message: str
    hint: str | None = None
    keys: tuple = field(default=(), compare=False)  # where in the file, for callers that skip bad entries


@dataclass(frozen=True)
class YamlDoc:
    path: str
    data: object
    lines: dict  # key path (tuple) -> 1-based line

    def line(self, *keys) -> int | None:
        """Line of the deepest known prefix of ``keys`` (a missing key points at its parent)."""
        keys = tuple(keys)
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return self.lines.get((), 1)


def _walk(node, path, lines, problems, file_path):
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            line = key_node.start_mark.line + 1
            if key in seen:
                # PyYAML keeps the last value silently; a repeated key is almost always a mistake.
                problems.append(
                    FileProblem(file_path, line, f"duplicate key '{dotted(path + (key,))}'",
                                "each key may appear once; merge the two entries")
                )
            seen.add(key)
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, problems, file_path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), lines, problems, file_path)


def dotted(path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def load_yaml(path) -> tuple[YamlDoc | None, list[FileProblem]]:
    """Parse ``path``; return the document (None if unreadable) and the problems found."""
    path = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        return None, [FileProblem(path, None, f"cannot read the file: {error.strerror}")]
    from content_model.source import decode_source, describe_decode_error

    try:
        # As posts are decoded: BOM dropped, any line ending; a bad byte is told by line and column.
        text = decode_source(raw)
    except UnicodeDecodeError as error:
        line, message, hint = describe_decode_error(raw, error)
        return None, [FileProblem(path, line, message, hint)]
    from foothold.yamlguard import YamlTooBig, check_bounds

    # libyaml when available (several times faster); one parse gives both nodes and data.
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        check_bounds(text, loader_class)  # alias bombs and deep nesting (FAULTS 34)
    except YamlTooBig as error:
        return None, [FileProblem(path, error.line, error.message, error.hint)]
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return None, [FileProblem(path, mark.line + 1 if mark else None, f"invalid YAML: {reason}",
                                  "check the indentation and quote values that contain ':' or '#'")]
    finally:
        loader.dispose()
    lines: dict = {}
    problems: list[FileProblem] = []
    if node is not None:
        _walk(node, (), lines, problems, path)
    return YamlDoc(path, data, lines), problems


@lru_cache(maxsize=None)
def _validator(schema_name: str):
    # Imported here (0.09 s): a quick rebuild (foothold/quick.py) loads this module but validates nothing.
    from jsonschema import Draft202012Validator

    # Cached per process: the schema files are read-only package data, not build state.
    with open(SCHEMA_DIR / schema_name, encoding="utf-8") as handle:
        return Draft202012Validator(json.load(handle))


def schema_problems(doc: YamlDoc, schema_name: str, data=None, base=()) -> list[FileProblem]:
    """Check ``data`` (default: the whole document) against a schema in ``schema/``.

    ``base`` is the key path of ``data`` inside the document, so lines still point at the file.
    Each problem keeps its key path in ``keys`` so callers can skip just the broken entries.
    """
    data = doc.data if data is None else data
    problems: list[FileProblem] = []
    errors = sorted(_validator(schema_name).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        where = base + tuple(error.absolute_path)
        hint = error.schema.get("description") if isinstance(error.schema, dict) else None

        def add(keys, message, text=hint):
            problems.append(FileProblem(doc.path, doc.line(*keys), message, text, tuple(keys)))

        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed), key=str):
                close = difflib.get_close_matches(str(key), allowed, n=1)
                allowed_text = "allowed keys: " + ", ".join(allowed)
                add(where + (key,), f"unknown key '{dotted(where + (key,))}'",
                    f"did you mean '{close[0]}'? ({allowed_text})" if close else allowed_text)
        elif error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            add(where, f"missing key '{dotted(where + (missing,))}'")
        elif error.validator == "pattern" and error.schema.get("pattern", "").startswith("^[a-z0-9]"):
            # Also reached for mapping keys (propertyNames), where the path stops at the mapping.
            shown = str(error.instance)
            keys = where + (shown,) if (*where, shown) in doc.lines else where
            add(keys, f"invalid id '{shown}' in '{dotted(where)}'",
                hint or "ids are lower-case letters and digits joined by single hyphens")
        elif error.validator == "type":
            expected = error.validator_value
            expected = " or ".join(expected) if isinstance(expected, list) else expected
            words = {"object": "a mapping (key: value lines)", "array": "a list", "string": "text",
                     "boolean": "true or false", "integer": "a whole number"}
            add(where, f"'{dotted(where)}' must be {words.get(expected, expected)}")
        else:
            add(where, f"'{dotted(where)}': {error.message}")
    return problems
