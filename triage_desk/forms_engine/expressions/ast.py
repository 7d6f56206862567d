"""Expression syntax tree: small immutable nodes, each remembering where it started in the text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Literal:
    value: object  # int | float | str | bool | None
    pos: int


@dataclass(frozen=True, slots=True)
class Name:
    id: str
    pos: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "not" | "-"
    operand: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # and or = != < <= > >= in + - * /
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True, slots=True)
class ListLiteral:
    """The right-hand side of ``x in ('a', 'b')``."""

    items: tuple[Node, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    pos: int


Node = Literal | Name | Unary | Binary | ListLiteral | Call


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, ListLiteral | Call):
        return node.args if isinstance(node, Call) else node.items
    return ()


def walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(children(current))


def names(node: Node) -> frozenset[str]:
    """Field ids the expression reads: what it depends on."""
    return frozenset(n.id for n in walk(node) if isinstance(n, Name))


def unparse(node: Node) -> str:
    """Canonical text (fully parenthesised); used by tests to check that parsing round-trips."""
    if isinstance(node, Literal):
        if node.value is None:
            return "null"
        if isinstance(node.value, bool):
            return "true" if node.value else "false"
        if isinstance(node.value, str):
            return "'" + node.value.replace("'", "''") + "'"
        return repr(node.value)
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Unary):
        return f"({node.op} {unparse(node.operand)})" if node.op == "not" else f"(-{unparse(node.operand)})"
    if isinstance(node, Binary):
        return f"({unparse(node.left)} {node.op} {unparse(node.right)})"
    if isinstance(node, ListLiteral):
        return "(" + ", ".join(unparse(i) for i in node.items) + ("," if len(node.items) == 1 else "") + ")"
    return f"{node.name}(" + ", ".join(unparse(a) for a in node.args) + ")"
