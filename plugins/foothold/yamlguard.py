"""Bounds on a YAML document before it is built (FAULTS 34): alias bombs and deep nesting.

PyYAML's SafeLoader builds aliases as shared references, which is cheap, but everything that then
walks the data (the key-line map of skills.yml, JSON Schema, a message quoting a value) walks the
expansion: nine levels of ten aliases ("billion laughs") are 10^9 nodes, a hang, or a message of
hundreds of MB. Deep nesting (``[[[[...``) overflows the recursive composer. PyYAML has no limit of
its own, so the event stream (made by PyYAML's non-recursive parser, or libyaml's) is scanned
first: each anchor's expanded size is counted once, each alias adds that size.
"""

from __future__ import annotations

import yaml

MAX_NODES = 50_000  # a 500-skill skills.yml is about 5,000 nodes
MAX_DEPTH = 40
MAX_ALIASES = 1_000


class YamlTooBig(ValueError):
    """The document is over a bound; ``line`` is 1-based within the text given."""

    def __init__(self, line: int, message: str, hint: str):
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


def check_bounds(text: str, loader=yaml.SafeLoader, max_nodes: int = MAX_NODES,
                 max_depth: int = MAX_DEPTH, max_aliases: int = MAX_ALIASES) -> None:
    """Raise YamlTooBig when ``text`` expands past the bounds. Syntax errors are left to the real
    load, which reports them with their line."""
    sizes: dict[str, int] = {}
    stack: list[list] = []  # [anchor, expanded size so far] per open collection
    total = 0
    aliases = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > max_aliases:
                    raise YamlTooBig(event.start_mark.line + 1, f"YAML uses more than {max_aliases} aliases (*name)",
                                     "write the values out instead of repeating them with &anchor / *alias")
                size = sizes.get(event.anchor, 1)
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                stack.append([event.anchor, 1])
                if len(stack) > max_depth:
                    raise YamlTooBig(event.start_mark.line + 1, f"YAML nested more than {max_depth} levels deep",
                                     "flatten the structure: metadata and skills.yml need a few levels at most")
                size = 1
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, inner = stack.pop()
                if anchor:
                    sizes[anchor] = inner
                if stack:
                    stack[-1][1] += inner  # already counted in total, node by node
                continue
            else:
                continue
            total += size
            if stack and not isinstance(event, yaml.CollectionStartEvent):
                stack[-1][1] += size
            if total > max_nodes:
                raise YamlTooBig(event.start_mark.line + 1,
                                 f"YAML expands to more than {max_nodes:,} values (aliases repeat what they name)",
                                 "this looks like an alias bomb: remove the &anchor / *alias repetitions")
    except yaml.YAMLError:
        return
