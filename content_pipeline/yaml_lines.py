"""YAML loading that remembers the line of every mapping key, for `file:line` errors."""

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

KEY_COLON = re.compile(r":(\s|$)")


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
        raise YamlSyntaxError(_error_line(exc, text), _error_message(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"invalid YAML: {exc}") from None
    located = LocatedYaml(data=data)
    if node is not None:
        _record_lines(node, (), located.lines)
    return located


def _error_line(exc: yaml.MarkedYAMLError, text: str) -> int:
    """The line to fix, 1-based and inside `text`.

    PyYAML's problem mark is where it gave up: for an unclosed quote or bracket, or a key
    without its colon, that is the next key or the end of the text (in front matter, the
    closing '---'). Its context mark is where the unfinished scalar, flow collection or
    key starts, which is the line to fix. For block structure (indentation) problems the
    context is the whole enclosing mapping, and the problem mark is the right line.
    """
    context = exc.context or ""
    use_context = context.startswith(("while scanning", "while parsing a flow"))
    mark = exc.context_mark if use_context and exc.context_mark else exc.problem_mark
    mark = mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.splitlines()
    if exc.problem == "mapping values are not allowed here":
        # `title A` (colon forgotten) runs on into the next line's `summary: S`, where
        # PyYAML stops: go back to where that plain text started.
        while 1 < line <= len(lines) and _continues_plain_text(lines[line - 2]):
            line -= 1
    return max(1, min(line, len(lines) or 1))


def _continues_plain_text(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(("#", "-")) and not KEY_COLON.search(line)


def _error_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "invalid YAML"
    context = (exc.context or "").removeprefix("while ")
    if exc.problem and context:
        return f"invalid YAML: {problem} ({context})"
    return f"invalid YAML: {problem}"


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
