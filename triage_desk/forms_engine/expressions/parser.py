"""Recursive-descent (Pratt) parser: tokens → :mod:`ast` nodes.

Grammar, loosest binding first::

    expr    := or
    or      := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | compare
    compare := sum (('=' | '!=' | '<' | '<=' | '>' | '>=') sum | 'in' (list | sum))?
    sum     := product (('+' | '-') product)*
    product := unary (('*' | '/') unary)*
    unary   := '-' unary | primary
    primary := NUMBER | STRING | true | false | null | NAME | NAME '(' args ')' | '(' expr ')'
    list    := '(' expr (',' expr)* ','? ')'

Comparisons do not chain (``a < b < c`` is an error) because clinicians would read it the
mathematical way and Python-like chaining is a trap. Nesting depth is limited.
"""

from __future__ import annotations

from triage_desk.forms_engine.expressions.ast import Binary, Call, ListLiteral, Literal, Name, Node, Unary
from triage_desk.forms_engine.expressions.errors import ExpressionSyntaxError, ExpressionTooComplexError
from triage_desk.forms_engine.expressions.tokens import Kind, Token, tokenize

MAX_DEPTH = 40
_COMPARISONS = frozenset({"=", "!=", "<", "<=", ">", ">="})


def parse(source: str) -> Node:
    """Parse an expression; raises an :class:`ExpressionSyntaxError` subclass on any problem."""
    return _Parser(tokenize(source)).parse_all()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    # -- helpers ------------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind is not Kind.END:
            self.i += 1
        return tok

    def at(self, kind: Kind, text: str | None = None) -> bool:
        return self.tok.kind is kind and (text is None or self.tok.text == text)

    def expect(self, kind: Kind, what: str) -> Token:
        if self.tok.kind is not kind:
            raise ExpressionSyntaxError(f"Expected {what} but found {_describe(self.tok)}.", self.tok.pos)
        return self.advance()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionTooComplexError(
                f"Expression is nested more than {MAX_DEPTH} levels deep.",
                self.tok.pos,
                hint="Simplify it or split it into calculated fields.",
            )

    # -- grammar ------------------------------------------------------------------------------
    def parse_all(self) -> Node:
        if self.at(Kind.END):
            raise ExpressionSyntaxError("Expression is empty.", 0)
        node = self.expr()
        if not self.at(Kind.END):
            raise ExpressionSyntaxError(
                f"Unexpected {_describe(self.tok)} after a complete expression.",
                self.tok.pos,
                hint="Join conditions with 'and' / 'or'.",
            )
        return node

    def expr(self) -> Node:
        self.enter()
        try:
            return self.or_()
        finally:
            self.depth -= 1

    def or_(self) -> Node:
        node = self.and_()
        while self.at(Kind.KEYWORD, "or"):
            pos = self.advance().pos
            node = Binary("or", node, self.and_(), pos)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.at(Kind.KEYWORD, "and"):
            pos = self.advance().pos
            node = Binary("and", node, self.not_(), pos)
        return node

    def not_(self) -> Node:
        if self.at(Kind.KEYWORD, "not"):
            pos = self.advance().pos
            self.enter()
            try:
                return Unary("not", self.not_(), pos)
            finally:
                self.depth -= 1
        return self.compare()

    def compare(self) -> Node:
        left = self.sum_()
        if self.at(Kind.OP) and self.tok.text in _COMPARISONS:
            op_tok = self.advance()
            node: Node = Binary(op_tok.text, left, self.sum_(), op_tok.pos)
        elif self.at(Kind.KEYWORD, "in"):
            pos = self.advance().pos
            right = self.list_() if self.at(Kind.LPAREN) else self.sum_()
            node = Binary("in", left, right, pos)
        else:
            return left
        if (self.at(Kind.OP) and self.tok.text in _COMPARISONS) or self.at(Kind.KEYWORD, "in"):
            raise ExpressionSyntaxError(
                "Comparisons cannot be chained.", self.tok.pos, hint="Write 'a < b and b < c'."
            )
        return node

    def list_(self) -> Node:
        pos = self.expect(Kind.LPAREN, "'('").pos
        items = [self.expr()]
        while self.at(Kind.COMMA):
            self.advance()
            if self.at(Kind.RPAREN):
                break
            items.append(self.expr())
        self.expect(Kind.RPAREN, "')' to close the list")
        return ListLiteral(tuple(items), pos)

    def sum_(self) -> Node:
        node = self.product()
        while self.at(Kind.OP) and self.tok.text in "+-":
            op_tok = self.advance()
            node = Binary(op_tok.text, node, self.product(), op_tok.pos)
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.at(Kind.OP) and self.tok.text in "*/":
            op_tok = self.advance()
            node = Binary(op_tok.text, node, self.unary(), op_tok.pos)
        return node

    def unary(self) -> Node:
        if self.at(Kind.OP, "-"):
            pos = self.advance().pos
            self.enter()
            try:
                return Unary("-", self.unary(), pos)
            finally:
                self.depth -= 1
        return self.primary()

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind in (Kind.NUMBER, Kind.STRING):
            self.advance()
            return Literal(tok.value, tok.pos)
        if tok.kind is Kind.KEYWORD and tok.text in ("true", "false", "null"):
            self.advance()
            return Literal({"true": True, "false": False, "null": None}[tok.text], tok.pos)
        if tok.kind is Kind.NAME:
            self.advance()
            if self.at(Kind.LPAREN):
                return self.call(tok)
            return Name(tok.text, tok.pos)
        if tok.kind is Kind.LPAREN:
            self.advance()
            node = self.expr()
            self.expect(Kind.RPAREN, "')'")
            return node
        raise ExpressionSyntaxError(f"Expected a value but found {_describe(tok)}.", tok.pos)

    def call(self, name_tok: Token) -> Node:
        self.advance()  # '('
        args: list[Node] = []
        if not self.at(Kind.RPAREN):
            args.append(self.expr())
            while self.at(Kind.COMMA):
                self.advance()
                args.append(self.expr())
        self.expect(Kind.RPAREN, f"')' to close {name_tok.text}(")
        return Call(name_tok.text, tuple(args), name_tok.pos)


def _describe(tok: Token) -> str:
    if tok.kind is Kind.END:
        return "the end of the expression"
    return f"{tok.kind.value} {tok.text!r}"
