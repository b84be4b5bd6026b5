"""A YAML file read with the line of every key, for ``file:line`` messages (skills.yml, resume.yml).

PyYAML's ``safe_load`` drops positions, so the file is composed into nodes and walked once to map
each key path to its line; a repeated key (which PyYAML would keep silently, the last one) is a
problem. The text is decoded as content files are (source.py) and bounded before it is built
(yamlguard.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

from .source import decode_source, describe_decode_error
from .yamlguard import YamlTooBig, check_bounds


@dataclass(frozen=True, order=True)
class FileProblem:
    """One problem in one file; callers hand these to the build's ProblemLog."""

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


def load_yaml(path, aliases: bool = True, hint: str = "check the indentation and quote values that contain ':' or '#'"
              ) -> tuple[YamlDoc | None, list[FileProblem]]:
    """Parse ``path``; return the document (None if unreadable) and the problems found.

    ``aliases=False`` refuses YAML anchors and aliases outright (a file written by hand that has no
    use for them); otherwise they are bounded (yamlguard.py). ``hint`` goes with a syntax error."""
    path = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        return None, [FileProblem(path, None, f"cannot read the file: {error.strerror}")]
    try:
        # As posts are decoded: BOM dropped, any line ending; a bad byte is told by line and column.
        text = decode_source(raw)
    except UnicodeDecodeError as error:
        line, message, hint = describe_decode_error(raw, error)
        return None, [FileProblem(path, line, message, hint)]
    # libyaml when available (several times faster); one parse gives both nodes and data.
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if not aliases:
        try:
            alias = next((e for e in yaml.parse(text, Loader=loader_class) if isinstance(e, yaml.AliasEvent)), None)
        except yaml.YAMLError:
            alias = None  # reported with its line by the full load below
        if alias is not None:
            return None, [FileProblem(path, alias.start_mark.line + 1, "YAML anchors and aliases (&name, *name) are "
                                      f"not supported in {os.path.basename(path)}", "write the value out where it is needed")]
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
        return None, [FileProblem(path, mark.line + 1 if mark else None, f"invalid YAML: {reason}", hint)]
    finally:
        loader.dispose()
    lines: dict = {}
    problems: list[FileProblem] = []
    if node is not None:
        _walk(node, (), lines, problems, path)
    return YamlDoc(path, data, lines), problems
