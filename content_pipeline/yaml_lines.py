"""YAML loading that remembers the line of every mapping key, for `file:line` errors."""

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass
class LocatedYaml:
    data: Any
    # Line (1-based, in the YAML text) of each value, keyed by its path: ("lessons", 0, "slug").
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, *path: object, default: int = 1) -> int:
        """The line of the deepest known part of `path`."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return default


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}")


def load_located_yaml(text: str) -> LocatedYaml:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"invalid YAML: {exc}") from None
    located = LocatedYaml(data=data)
    if node is not None:
        _record_lines(node, (), located.lines)
    return located


def _record_lines(node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            _record_lines(value_node, (*path, key), lines)
            # A key's own line is more useful than its value's when the value spans lines.
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines)
