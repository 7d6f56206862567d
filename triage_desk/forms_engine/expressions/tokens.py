"""Hand-written tokenizer for the form expression language.

Deliberately tiny: identifiers, numbers, quoted strings, a fixed set of operators and punctuation.
Anything else is a syntax error with its position; there is no escape hatch into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from triage_desk.forms_engine.expressions.errors import ExpressionSyntaxError, ExpressionTooComplexError

MAX_EXPRESSION_LENGTH = 2000
# Numbers beyond this are surely typing mistakes and would let arithmetic grow without bound.
MAX_NUMBER = 10**15

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})


class Kind(Enum):
    NUMBER = "number"
    STRING = "string"
    NAME = "name"
    KEYWORD = "keyword"
    OP = "operator"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    END = "end of expression"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    pos: int
    value: object = None


_TWO_CHAR_OPS = ("<=", ">=", "!=", "<>", "==")
_ONE_CHAR_OPS = "<>=+-*/"


def tokenize(source: str) -> list[Token]:
    if not isinstance(source, str):
        raise ExpressionSyntaxError("An expression must be text.", 0)
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ExpressionTooComplexError(
            f"Expression is {len(source)} characters long; the limit is {MAX_EXPRESSION_LENGTH}.",
            MAX_EXPRESSION_LENGTH,
            hint="Split it into calculated fields.",
        )
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in " \t\r\n":
            i += 1
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            start = i
            while i < n and source[i].isascii() and (source[i].isalnum() or source[i] == "_"):
                i += 1
            word = source[start:i]
            kind = Kind.KEYWORD if word in KEYWORDS else Kind.NAME
            tokens.append(Token(kind, word, start))
        elif ch.isascii() and ch.isdigit():
            tokens.append(_number(source, i))
            i += len(tokens[-1].text)
        elif ch in "'\"":
            tok = _string(source, i)
            tokens.append(tok)
            i += len(tok.text)
        elif source[i : i + 2] in _TWO_CHAR_OPS:
            op = source[i : i + 2]
            # '==' and '<>' are accepted spellings (REDCap/XLSForm habits) of '=' and '!='.
            canonical = {"==": "=", "<>": "!="}.get(op, op)
            tokens.append(Token(Kind.OP, canonical, i))
            i += 2
        elif ch in _ONE_CHAR_OPS:
            tokens.append(Token(Kind.OP, ch, i))
            i += 1
        elif ch == "(":
            tokens.append(Token(Kind.LPAREN, ch, i))
            i += 1
        elif ch == ")":
            tokens.append(Token(Kind.RPAREN, ch, i))
            i += 1
        elif ch == ",":
            tokens.append(Token(Kind.COMMA, ch, i))
            i += 1
        else:
            raise ExpressionSyntaxError(
                f"Unexpected character {ch!r}.",
                i,
                hint="Use field ids, numbers, 'quoted text' and operators.",
            )
    tokens.append(Token(Kind.END, "", n))
    return tokens


def _number(source: str, start: int) -> Token:
    i, n = start, len(source)
    while i < n and source[i].isascii() and source[i].isdigit():
        i += 1
    is_decimal = False
    if i + 1 < n and source[i] == "." and source[i + 1].isascii() and source[i + 1].isdigit():
        is_decimal = True
        i += 1
        while i < n and source[i].isascii() and source[i].isdigit():
            i += 1
    text = source[start:i]
    if i < n and source[i].isascii() and (source[i].isalpha() or source[i] == "_"):
        raise ExpressionSyntaxError(f"A number cannot run into a name: {source[start : i + 1]!r}.", start)
    # Digit count is bounded by the length limit, so int() here is cheap.
    value: int | float = float(text) if is_decimal else int(text)
    if abs(value) > MAX_NUMBER:
        raise ExpressionSyntaxError(f"Number {text} is too large (limit {MAX_NUMBER}).", start)
    return Token(Kind.NUMBER, text, start, value)


def _string(source: str, start: int) -> Token:
    quote = source[start]
    i, n = start + 1, len(source)
    chars: list[str] = []
    while i < n:
        ch = source[i]
        if ch == quote:
            # A doubled quote stands for one quote character, as in SQL and spreadsheets.
            if i + 1 < n and source[i + 1] == quote:
                chars.append(quote)
                i += 2
                continue
            return Token(Kind.STRING, source[start : i + 1], start, "".join(chars))
        chars.append(ch)
        i += 1
    raise ExpressionSyntaxError(
        "Text is not closed: a quote is missing.", start, hint=f"Add a closing {quote}."
    )
