"""Load YAML keeping line numbers, so every problem can say ``file:line``.

PyYAML's compose API gives nodes with ``start_mark``; we build plain dicts/lists from them (scalars
through PyYAML's safe constructor, so YAML typing rules are the usual ones) and remember the line
of each mapping, key and list item. Duplicate keys — silently last-wins in PyYAML — are reported.
"""

from __future__ import annotations

from pathlib import Path

import yaml


class YamlSourceError(Exception):
    """The file is not valid YAML; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class YDict(dict):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    line: int = 0
    item_lines: list[int]


def load_yaml(path: Path) -> tuple[object, list[tuple[int, str]]]:
    """Return (document, duplicate-key warnings as (line, message)). Raises YamlSourceError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSourceError(f"file is not UTF-8 text ({exc.reason})", 0) from None
    except OSError as exc:
        raise YamlSourceError(f"cannot read the file: {exc.strerror}", 0) from None
    return parse_yaml(text)


def parse_yaml(text: str) -> tuple[object, list[tuple[int, str]]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        started = exc.context_mark
        if started is not None and mark is not None and started.line != mark.line:
            what += f" (the block started on line {started.line + 1})"
        raise YamlSourceError(f"malformed YAML: {what}", line) from None
    except yaml.YAMLError as exc:
        raise YamlSourceError(f"malformed YAML: {exc}", 0) from None
    if node is None:
        return None, []
    duplicates: list[tuple[int, str]] = []
    constructor = yaml.SafeLoader("")
    _reject_aliases(node)
    try:
        return _build(node, constructor, duplicates), duplicates
    except yaml.YAMLError as exc:
        raise YamlSourceError(f"malformed YAML value: {exc}", node.start_mark.line + 1) from None


def _reject_aliases(root: yaml.Node) -> None:
    """Aliases (``*name``) can make a tiny file expand enormously or loop; form files never need them."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlSourceError(
                "anchors and aliases (& and *) are not allowed in form files", node.start_mark.line + 1
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.extend((key_node, value_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _build(node: yaml.Node, constructor: yaml.SafeLoader, duplicates: list[tuple[int, str]]) -> object:
    if isinstance(node, yaml.MappingNode):
        result = YDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _build(key_node, constructor, duplicates)
            if not isinstance(key, str | int | bool | float) or key is None:
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in result:
                duplicates.append(
                    (
                        line,
                        f"key '{key}' appears twice in the same block (first on line "
                        f"{result.key_lines.get(str(key), result.line)})",
                    )
                )
            result[key] = _build(value_node, constructor, duplicates)
            result.key_lines[str(key)] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YList(_build(child, constructor, duplicates) for child in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items
    return constructor.construct_object(node, deep=True)
