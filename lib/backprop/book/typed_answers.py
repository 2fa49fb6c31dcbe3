"""What a reader types as an answer, read the same way in the kernel and on the page.

`parse_number` reads a number as people write one (``0.25``, ``1/4``, ``2^12``, ``2.5e-3``,
``2 × 10^-3``, a true minus, full-width digits); `format_number` writes one to a few significant
digits; `evaluate_formula` computes a feedback rule's formula of the typed value; `fill` writes
values into a message's ``{fields}``. ``static/exercise.js`` holds the same functions, and
tests/book/test_exercises.py holds the two together.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
"""A number as a reader writes it; static/exercise.js reads the same."""
_NUMBER_RE = re.compile(NUMBER)
GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(?:[, ][0-9]{3})+$")
"""A whole number with its thousands grouped (2,410 or 4 096), which a whole-number field accepts."""
SPACE = " \t\r\n"
NAME_SEPARATORS = r"[ \t\r\n,;>→\[\]\"'-]+"
"""What separates the names of an ordered list typed as text: commas, spaces, arrows, brackets, quotes."""


def _finite(value):
    return value if value is not None and math.isfinite(value) else None


def _power(base, exponent):
    try:
        return _finite(math.pow(base, exponent))
    except (OverflowError, ValueError):
        return None


def _tokens(text):
    """The tokens of an arithmetic expression: numbers and + - * / ^ ( ), or None at anything else."""
    tokens, i = [], 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        match = _NUMBER_RE.match(text, i)
        if match:
            tokens.append(float(match.group()))
            i = match.end()
        elif text.startswith("**", i):
            tokens.append("^")
            i += 2
        elif text[i] in "+-*/^()":
            tokens.append(text[i])
            i += 1
        else:
            return None
    return tokens


def parse_number(text: str):
    """The number a reader typed, or None if it is not one (or not finite).

    Arithmetic is fine: ``0.25``, ``1/4``, ``2^12`` or ``2**12``, ``2.5e-3``, ``2 × 10^-3``,
    ``(1 + 0.2^2)``; ``−`` counts as ``-``, and full-width digits as digits (NFKC).
    """
    text = unicodedata.normalize("NFKC", text)
    for sign, ascii_sign in (("\u2212", "-"), ("\u00d7", "*"), ("\u00b7", "*"), ("\u22c5", "*")):
        text = text.replace(sign, ascii_sign)
    tokens = _tokens(text)
    if not tokens:
        return None
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def atom():
        token = take() if peek() is not None else None
        if isinstance(token, float):
            return _finite(token)
        if token == "(":
            value = expression()
            return value if value is not None and take_if(")") else None
        return None

    def take_if(token):
        if peek() == token:
            take()
            return True
        return False

    def unary():
        if peek() in ("-", "+"):
            sign = -1.0 if take() == "-" else 1.0
            value = unary()
            return None if value is None else sign * value
        return power()

    def power():
        base = atom()
        if base is None or not take_if("^"):
            return base
        exponent = unary()
        return None if exponent is None else _power(base, exponent)

    def product():
        value = unary()
        while value is not None and peek() in ("*", "/"):
            operator, right = take(), unary()
            if right is None or operator == "/" and right == 0:
                return None
            value = _finite(value * right if operator == "*" else value / right)
        return value

    def expression():
        value = product()
        while value is not None and peek() in ("+", "-"):
            operator, right = take(), product()
            value = None if right is None else _finite(value + right if operator == "+" else value - right)
        return value

    value = expression()
    return value if position == len(tokens) else None


def format_number(value: float, digits: int = 3) -> str:
    """`value` to `digits` significant digits, halves rounded away from zero, as static/exercise.js
    writes it: plain from 1e-4 to 1e6 (``−0.5``, ``4100``), else ``9.54e-7``; a true minus."""
    if value == 0:
        return "0"
    exact = Decimal(value)
    exponent = exact.adjusted()
    rounded = exact.quantize(Decimal(1).scaleb(exponent - digits + 1), rounding=ROUND_HALF_UP)
    if rounded.adjusted() != exponent:  # 9.995 -> 10.0: one more digit before the point
        exponent = rounded.adjusted()
        rounded = exact.quantize(Decimal(1).scaleb(exponent - digits + 1), rounding=ROUND_HALF_UP)
    sign, figures, _ = rounded.as_tuple()
    figures = "".join(map(str, figures)).rstrip("0") or "0"
    minus = "\u2212" if sign else ""  # a true minus, as the text writes it
    if -4 <= exponent < 6:
        if exponent >= 0:
            whole, fraction = figures[:exponent + 1].ljust(exponent + 1, "0"), figures[exponent + 1:]
        else:
            whole, fraction = "0", "0" * (-exponent - 1) + figures
        return minus + whole + ("." + fraction if fraction else "")
    mantissa = figures[0] + ("." + figures[1:] if len(figures) > 1 else "")
    return f"{minus}{mantissa}e{exponent}"


def evaluate_formula(tree, x):
    """A rule's formula of the typed value `x`: a number, "x", or [op, a, b] with op in + - * / ^."""
    if tree == "x":
        return x
    if isinstance(tree, (int, float)):
        return float(tree)
    op, a, b = tree[0], evaluate_formula(tree[1], x), evaluate_formula(tree[2], x)
    if a is None or b is None:
        return None
    if op == "+":
        return _finite(a + b)
    if op == "-":
        return _finite(a - b)
    if op == "*":
        return _finite(a * b)
    if op == "/":
        return None if b == 0 else _finite(a / b)
    return _power(a, b)


def fill(template: str, values: dict) -> str:
    """`template` with each ``{name}`` replaced by ``values[name]`` (the same in static/exercise.js)."""
    return re.sub(r"\{([a-z]+)\}", lambda m: values.get(m.group(1), m.group(0)), template)
