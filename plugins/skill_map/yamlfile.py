"""Checking a taxonomy YAML file (read by foothold.yamlfile, with the line of every key) against a
JSON Schema. jsonschema does the structural checks; this module only turns its errors into plain
words.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from foothold.yamlfile import FileProblem, YamlDoc, dotted

SCHEMA_DIR = Path(__file__).parent / "schema"


def _validator(schema_name: str):
    # Imported here (0.09 s): a quick rebuild (the speed layer's) loads this module but validates nothing.
    from jsonschema import Draft202012Validator

    # Made for each file checked (0.06 ms), so no memo outlives a build.
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
