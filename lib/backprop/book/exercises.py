"""Exercises declared once: each exercise's answer fields, expected answers and feedback rules, as data.

An `Exercise` names its answer fields (a number, a whole number, a choice, a set of options, an
ordered list of names), each with a label in words, its expected value computed by code, and its
feedback rules: relations on the value typed (``Near(-expected)``, ``Between(0, 0.4)``,
``Includes("50")``) with the sentence each one earns. What it needs from its chapter (the
question's parameters, or the notebook's own network) is resolved when the exercise is bound:
`Exercise.spec(**context)` turns the declaration into plain JSON data, the exercise's one meaning.

Two small evaluators read that data, and a parity test holds them together:

- `evaluate` (here), which the kernel's check runs: ``exercises.check(name, answer, ...)``;
- ``static/exercise.js``, which the book's kernel-free answer box runs (`answer_box`).

Both parse what a reader types the same way (``0.25``, ``1/4``, ``−0.5``, ``2.5e-3``, ``2^12``),
state the tolerance, name only numbers the reader typed, the question shows, or a formula in the
message computes from the typed value, never the expected value, and say exactly which fields are
wrong. A checker cell that has no answer yet displays, in the stored outputs the book renders, the
answer box instead of its "No answer yet" line (`backprop.book.mime.STATIC_VIEW`).
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .language import LANGUAGES, Text, texts
from .selfcheck import Feedback

# ---------------------------------------------------------------- reading what a reader types

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


# ---------------------------------------------------------------- the words every exercise shares

WORDS = {
    "ask": Text("give your answer above.", "위에 답을 적어 보자."),
    "digits": Text(" Numbers are checked to {digits} significant digits; 1/4, −0.5 and 2.5e-3 are all fine.",
                   " 수는 유효숫자 {digits}자리까지 확인한다. 1/4, −0.5, 2.5e-3 같은 꼴도 된다."),
    "empty": Text("{label}: no answer yet.", "{label}: 아직 답이 없다."),
    "malformed": Text("{label}: “{x}” is not a number I can read; write it like 0.25, 1/4, −0.5 or 2.5e-3.",
                      "{label}: “{x}”은(는) 읽을 수 있는 수가 아니다. 0.25, 1/4, −0.5, 2.5e-3처럼 적자."),
    "comma": Text("{label}: “{x}” has a comma; write decimals with a point (0.25), one number per box.",
                  "{label}: “{x}”에 쉼표가 있다. 소수점은 점(0.25)으로 적고, 칸마다 수를 하나만 적자."),
    "sign": Text("{label}: {x} has the wrong sign.", "{label}: {x}은(는) 부호가 반대이다."),
    "large_negative": Text("{label}: {x} is too close to 0.", "{label}: {x}은(는) 0에 너무 가깝다."),
    "small_negative": Text("{label}: {x} is too far below 0.", "{label}: {x}은(는) 0보다 너무 많이 작다."),
    "whole": Text("{label}: {x} is not a whole number.", "{label}: {x}은(는) 정수가 아니다."),
    "right_number": Text("{label}: {x} is right, to {digits} significant digits.",
                         "{label}: {x}, 유효숫자 {digits}자리까지 맞다."),
    "right_whole": Text("{label}: {x} is right.", "{label}: {x}, 맞다."),
    "large": Text("{label}: {x} is too large.", "{label}: {x}은(는) 너무 크다."),
    "small": Text("{label}: {x} is too small.", "{label}: {x}은(는) 너무 작다."),
    "not_option": Text("{label}: “{x}” is not one of the choices ({choices}).",
                       "{label}: “{x}”은(는) 보기에 없다 (보기: {choices})."),
    "right_choice": Text("{label}: “{x}” is right.", "{label}: “{x}”, 맞다."),
    "wrong_choice": Text("{label}: “{x}” is not right.", "{label}: “{x}”은(는) 답이 아니다."),
    "right_set": Text("{label}: right, all {n} of them.", "{label}: {n}개 모두 맞다."),
    "extra": Text("{label}: take out {extra}.", "{label}: {extra}은(는) 빼자."),
    "extra_missing": Text("{label}: take out {extra}, and choose {missing} more.",
                          "{label}: {extra}은(는) 빼고, {missing}개를 더 골라야 한다."),
    "missing": Text("{label}: everything you chose is right; choose {missing} more.",
                    "{label}: 고른 것은 모두 맞다. {missing}개를 더 골라야 한다."),
    "unknown_name": Text("{label}: “{x}” is not a node of this graph; its nodes are {choices}.",
                         "{label}: “{x}”은(는) 이 그래프의 노드가 아니다. 노드는 {choices}이다."),
    "repeated": Text("{label}: {x} appears more than once; visit each node once.",
                     "{label}: {x}이(가) 두 번 이상 나온다. 노드마다 한 번씩만 방문하자."),
    "left_out": Text("{label}: your order leaves out {x}.", "{label}: 순서에서 {x}이(가) 빠졌다."),
    "too_early": Text("{label}: {x} comes before {consumer}, which uses it: {x}'s gradient is still incomplete "
                      "there.", "{label}: {x}이(가) 자신을 입력으로 쓰는 {consumer}보다 먼저 나온다. 그 시점에는 "
                      "{x}의 기울기가 아직 다 모이지 않았다."),
    "count": Text("give {n} numbers, one for each of: {labels}; your list has {x}.",
                  "수 {n}개를 적자. 각각 {labels}이다. 적은 리스트에는 {x}개가 있다."),
    "right_order": Text("{label}: every node comes after all of its consumers.",
                        "{label}: 모든 노드가 자신을 입력으로 쓰는 노드들보다 뒤에 온다."),
}
"""The sentences every exercise shares; ``{label}``, ``{x}`` (what was typed) and the rest are filled in."""
RESERVED = {"label", "x", "f", "digits", "consumer", "choices", "extra", "missing", "n", "labels"}
FIELD_SEPARATOR = "\n"
"""Between the messages of an exercise's fields: one line each."""
"""The names a message fills in as it is said; a parameter of the question may not take one."""


# ---------------------------------------------------------------- declaring an exercise


def _resolve(value, context):
    return value(context) if callable(value) else value


def _templates(text, shown) -> dict:
    """A text's template in every language, with the question's parameters (``{a}``) written in."""
    return {language: fill(value, shown) for language, value in texts(text).items()}


def _bind_formula(tree, context):
    if isinstance(tree, str) and tree != "x":
        return float(context[tree])
    if isinstance(tree, (list, tuple)):
        return [tree[0], *(_bind_formula(branch, context) for branch in tree[1:])]
    return tree


@dataclass(frozen=True)
class Rule:
    """A likely mistake: when the typed value stands in relation `when` (a dict, see the classes
    below), the field's message is `say` (a `Text` with ``{label}``, ``{x}``, and ``{f}``, the value of
    `formula` at the typed value); with `right`, the answer counts as right."""

    when: dict
    say: Text
    formula: object = None
    right: bool = False

    def spec(self, context, shown, tolerance):
        when = {key: _resolve(value, context) for key, value in self.when.items()}
        if "near" in when:
            when["near"] = float(when["near"])
            when["tol"] = tolerance(when["near"])
        if "between" in when:
            when["between"] = [None if bound is None else float(_resolve(bound, context)) for bound in when["between"]]
        return {"when": when, "say": _templates(self.say, shown), "formula": _bind_formula(self.formula, context),
                "right": self.right}


def Near(value, say, formula=None, right=False) -> Rule:  # noqa: N802 (reads as a relation)
    """The typed number equals `value` to the field's tolerance."""
    return Rule({"near": value}, say, formula, right)


def Between(low, high, say, formula=None) -> Rule:  # noqa: N802
    """The typed number lies strictly between `low` and `high` (either may be None: no bound)."""
    return Rule({"between": [low, high]}, say, formula)


def Is(key, say) -> Rule:  # noqa: N802
    """A choice: the option `key` was chosen."""
    return Rule({"is": key}, say)


def Includes(key, say) -> Rule:  # noqa: N802
    """A set: the option `key` was chosen among others."""
    return Rule({"includes": key}, say)


def Equals(items, say) -> Rule:  # noqa: N802
    """A set or an ordered list: exactly these options or names (in this order, for a list)."""
    return Rule({"equals": items}, say)


@dataclass(frozen=True)
class Field:
    """One answer field: `name` (the notebook's variable), `label` in words, `kind`, `expected`
    (a value, or a function of the exercise's context), and `rules` (most likely mistakes first).

    Kinds: ``number`` (right to `digits` significant digits), ``whole``, ``choice`` and ``set``
    (of `options`, (key, label) pairs), ``order`` (an ordered list of names: `expected` is the
    pairs (consumer, node) that must come in that order)."""

    name: str
    label: Text
    kind: str
    expected: object
    rules: tuple = ()
    digits: int = 3
    options: object = ()

    def spec(self, context, shown) -> dict:
        expected = _resolve(self.expected, context)
        options = [{"key": str(key), "label": texts(label)} for key, label in _resolve(self.options, context)]
        spec = {"name": self.name, "kind": self.kind, "label": _templates(self.label, shown), "options": options}
        if self.kind == "number":
            expected = float(expected)
            if not math.isfinite(expected):
                raise ValueError(f"{self.name}: the expected value must be finite, got {expected}")
            spec.update(expected=expected, tol=self.tolerance(expected), digits=self.digits)
        elif self.kind == "whole":
            spec["expected"] = int(expected)
        elif self.kind == "choice":
            spec["expected"] = str(expected)
        elif self.kind == "set":
            spec["expected"] = sorted(str(key) for key in expected)
        elif self.kind == "order":
            spec["expected"] = [[str(a), str(b)] for a, b in expected]
        else:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        keys = {option["key"] for option in options}
        for chosen in ([spec["expected"]] if self.kind == "choice" else spec["expected"] if self.kind == "set" else []):
            if chosen not in keys:
                raise ValueError(f"{self.name}: the expected {chosen!r} is not one of the options {sorted(keys)}")
        spec["rules"] = [rule.spec(context, shown, self.tolerance) for rule in self.rules]
        for rule in spec["rules"]:
            if self.kind == "set" and "equals" in rule["when"]:
                rule["when"]["equals"] = sorted(str(key) for key in rule["when"]["equals"])
        return spec

    def tolerance(self, value: float) -> float:
        """Half a unit in the last of `digits` significant digits of `value` (0 for whole numbers)."""
        if self.kind != "number" or value == 0:
            return 0.0 if self.kind != "number" else 10.0 ** -12
        return 0.5 * 10.0 ** (Decimal(abs(value)).adjusted() - self.digits + 1)


def Number(name, label, expected, *rules, digits=3) -> Field:  # noqa: N802 (a field kind, like a class)
    return Field(name, label, "number", expected, tuple(rules), digits)


def Whole(name, label, expected, *rules) -> Field:  # noqa: N802
    return Field(name, label, "whole", expected, tuple(rules))


def Choice(name, label, options, expected, *rules) -> Field:  # noqa: N802
    return Field(name, label, "choice", expected, tuple(rules), options=options)


def Subset(name, label, options, expected, *rules) -> Field:  # noqa: N802
    return Field(name, label, "set", expected, tuple(rules), options=options)


def Order(name, label, names, pairs, *rules) -> Field:  # noqa: N802
    """An ordered list of `names` in which each (consumer, node) of `pairs` comes in that order."""
    return Field(name, label, "order", pairs, tuple(rules), options=lambda c: [(n, n) for n in _resolve(names, c)])


@dataclass(frozen=True)
class Parameter:
    """A number the question uses: its `value`, and how the exercise's text writes it (`shown`,
    each of which must stand in the exercise's text in the notebook: a test holds them together)."""

    value: object
    shown: tuple


@dataclass(frozen=True)
class Exercise:
    """One exercise whose answer is not code: its label in the book (`name`), `title`, `fields`, the
    `parameters` its question shows, and the `context` names its check takes from the notebook."""

    name: str
    title: Text
    fields: tuple
    parameters: dict = field(default_factory=dict)
    context: tuple = ()

    def spec(self, **context) -> dict:
        """The exercise bound to its context: plain data that both evaluators read."""
        missing = sorted(set(self.context) - set(context))
        unknown = sorted(set(context) - set(self.context))
        if missing or unknown:
            raise TypeError(f"exercise {self.name!r} takes the context {list(self.context)}; "
                            f"missing {missing}, unknown {unknown}")
        reserved = sorted(set(self.parameters) & RESERVED)
        if reserved:
            raise ValueError(f"exercise {self.name!r}: {reserved} name what a message fills in; rename the parameter")
        values = {**{key: p.value for key, p in self.parameters.items()}, **context}
        shown = {key: format_number(float(value), 6) for key, value in values.items()
                 if isinstance(value, numbers.Real) and not isinstance(value, bool)}
        return {"name": self.name, "title": texts(self.title),
                "fields": [f.spec(values, shown) for f in self.fields],
                "words": {key: text.templates for key, text in WORDS.items()},
                "marks": {str(key).lower(): texts(mark) for key, mark in Feedback.MARKS.items()}}

    def check(self, *answers, **context):
        """The kernel's self-check: one answer per field, in order or by the field's name (several
        numbers may come as one list); `context` as the exercise declares it."""
        names = [f.name for f in self.fields]
        given = {key: context.pop(key) for key in list(context) if key in names}
        numeric = all(f.kind in ("number", "whole") for f in self.fields)
        if len(answers) == 1 and len(names) > 1 and numeric and not isinstance(answers[0], str) \
                and hasattr(answers[0], "__len__") and len(answers[0]) == len(names):
            answers = tuple(answers[0])  # one list holding a number per field, [dE/dx1, dE/dx2]
        elif len(answers) == 1 and len(names) > 1 and numeric and not isinstance(answers[0], str) \
                and hasattr(answers[0], "__len__"):
            said = [fill(WORDS["count"].templates[language],
                         {"n": str(len(names)), "x": str(len(answers[0])),
                          "labels": "; ".join(f.label.text(language) for f in self.fields)})
                    for language in LANGUAGES]
            return ExerciseFeedback(False, Text(*said))
        if len(answers) > len(names):
            raise TypeError(f"exercise {self.name!r} takes {len(names)} answer(s): {', '.join(names)}")
        given.update(zip(names, answers))
        spec = self.spec(**context)
        verdict = evaluate(spec, [given.get(name) for name in names])
        return ExerciseFeedback(verdict["correct"], _plain_text(verdict["body"]), spec=spec)


class ExerciseSet(dict):
    """A chapter's exercises by name; ``exercises.check(name, answer, ...)`` is the checker cell's call."""

    def __init__(self, *exercises: Exercise):
        super().__init__((exercise.name, exercise) for exercise in exercises)

    def check(self, name, *answers, **context):
        if name not in self:
            raise KeyError(f"no exercise {name!r}; this chapter has {sorted(self)}")
        return self[name].check(*answers, **context)


def _plain_text(body: dict) -> Text:
    return Text(body["en"], body["ko"])


@dataclass(frozen=True)
class ExerciseFeedback(Feedback):
    """A `Feedback` that knows its exercise: with no answer yet, the book shows its answer box."""

    spec: dict = field(default=None, compare=False, repr=False)

    def _repr_mimebundle_(self, include=None, exclude=None):
        from .mime import STATIC_VIEW, storing_outputs

        bundle = super()._repr_mimebundle_(include, exclude)
        if self.correct is None and storing_outputs() and self.spec is not None:
            from .answer_box import answer_box

            bundle = {"text/plain": bundle["text/plain"], STATIC_VIEW: answer_box(self.spec)}
        return bundle


# ---------------------------------------------------------------- the evaluator (static/exercise.js mirrors it)


def _typed(answer):
    """What was typed, as text, and the number if the kernel gave one."""
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        value = float(answer)
        return (format_number(value, 6), value) if math.isfinite(value) else (str(value), None)
    return str(answer).strip(SPACE), None


def _items(answer, kind):
    """A set's or an order's items as text: a list from the kernel, or names typed in one string."""
    if isinstance(answer, str):
        return [item for item in re.split(NAME_SEPARATORS, answer) if item]
    if isinstance(answer, (set, frozenset)):
        answer = sorted(answer, key=str)
    try:
        items = list(answer)
    except TypeError:
        items = [answer]
    return [_typed(item)[0] for item in items]


def _option_key(item, options):
    """The key of the option a typed item names: its key or label (any case), or the same number."""
    folded = item.lower()
    for option in options:
        if folded == option["key"].lower() or any(folded == label.lower() for label in option["label"].values()):
            return option["key"]
    value = parse_number(item)
    for option in options:
        if value is not None and parse_number(option["key"]) == value:
            return option["key"]
    return None


def _rule_holds(when, x=None, chosen=None):
    if "near" in when:
        return x is not None and abs(x - when["near"]) <= when["tol"]
    if "between" in when:
        low, high = when["between"]
        return x is not None and (low is None or x > low) and (high is None or x < high)
    if "is" in when:
        return chosen == when["is"]
    if "includes" in when:
        return chosen is not None and when["includes"] in chosen
    if "equals" in when:
        return chosen == when["equals"]
    return False


def _say(spec, key, values):
    return {language: fill(spec["words"][key][language], values[language]) for language in LANGUAGES}


def _evaluate_field(spec, f, answer):
    """(state, message in every language): state is "right", "wrong" or "empty"."""
    label = f["label"]
    values = {language: {"label": label[language]} for language in LANGUAGES}

    def put(**fields):
        for language in LANGUAGES:
            values[language].update({k: v[language] if isinstance(v, dict) else v for k, v in fields.items()})

    def say(key, **fields):
        put(**fields)
        return _say(spec, key, values)

    def rule_message(rule, x=None):
        f_value = None if rule["formula"] is None else evaluate_formula(rule["formula"], x)
        if rule["formula"] is not None and f_value is None:
            return None
        shown = {} if f_value is None else {"f": format_number(f_value)}
        return {language: fill(rule["say"][language], {**values[language], **shown}) for language in LANGUAGES}

    if answer is None:
        return "empty", say("empty")
    kind = f["kind"]
    if kind in ("number", "whole"):
        text, x = _typed(answer)
        if text == "":
            return "empty", say("empty")
        if x is None:
            normal = unicodedata.normalize("NFKC", text)
            if kind == "whole" and GROUPED.match(normal):
                normal = normal.replace(",", "").replace(" ", "")
            elif "," in normal:
                return "wrong", say("comma", x=text)
            x = parse_number(normal)
            if x is None:
                return "wrong", say("malformed", x=text)
        put(x=text)
        if kind == "whole" and x != math.floor(x):
            return "wrong", say("whole")
        if kind == "whole" and x == f["expected"] or kind == "number" and abs(x - f["expected"]) <= f["tol"]:
            return "right", say("right_whole" if kind == "whole" else "right_number",
                                digits=str(f["digits"]) if kind == "number" else "")
        for rule in f["rules"]:
            if _rule_holds(rule["when"], x=x):
                message = rule_message(rule, x)
                if message is not None:
                    return ("right" if rule["right"] else "wrong"), message
        expected = f["expected"]
        if expected != 0 and x != 0 and (x < 0) != (expected < 0):
            return "wrong", say("sign")
        if expected < 0:
            return "wrong", say("large_negative" if x > expected else "small_negative")
        return "wrong", say("large" if x > expected else "small")
    options = f["options"]
    choices = {language: ", ".join(o["label"][language] for o in options) for language in LANGUAGES}
    if kind == "choice":
        text = _typed(answer)[0]
        if text == "":
            return "empty", say("empty")
        key = _option_key(text, options)
        if key is None:
            return "wrong", say("not_option", x=text, choices=choices)
        put(x=next(o["label"] for o in options if o["key"] == key))
        if key == f["expected"]:
            return "right", say("right_choice")
        for rule in f["rules"]:
            if _rule_holds(rule["when"], chosen=key):
                return "wrong", rule_message(rule)
        return "wrong", say("wrong_choice")
    items = _items(answer, kind)
    if not items:
        return "empty", say("empty")
    if kind == "set":
        keys = []
        for item in items:
            key = _option_key(item, options)
            if key is None:
                return "wrong", say("not_option", x=item, choices=choices)
            if key not in keys:
                keys.append(key)
        chosen = sorted(keys)
        if chosen == f["expected"]:
            return "right", say("right_set", n=str(len(chosen)))
        for rule in f["rules"]:
            if _rule_holds(rule["when"], chosen=chosen):
                return "wrong", rule_message(rule)
        extra = [o["label"] for o in options if o["key"] in keys and o["key"] not in f["expected"]]
        missing = str(sum(1 for key in f["expected"] if key not in keys))
        extra = {language: ", ".join(label[language] for label in extra) for language in LANGUAGES}
        if extra["en"] and missing != "0":
            return "wrong", say("extra_missing", extra=extra, missing=missing)
        return "wrong", say("extra", extra=extra) if extra["en"] else say("missing", missing=missing)
    # an ordered list of names
    names = [o["key"] for o in options]
    for item in items:
        if item not in names:
            return "wrong", say("unknown_name", x=item, choices=", ".join(names))
    for item in items:
        if items.count(item) > 1:
            return "wrong", say("repeated", x=item)
    left_out = [name for name in names if name not in items]
    if left_out:
        return "wrong", say("left_out", x=", ".join(left_out))
    for rule in f["rules"]:
        if _rule_holds(rule["when"], chosen=items):
            return "wrong", rule_message(rule)
    for position, node in enumerate(items):
        for consumer, target in f["expected"]:
            if target == node and items.index(consumer) > position:
                return "wrong", say("too_early", x=node, consumer=consumer)
    return "right", say("right_order")


def evaluate(spec: dict, answers: list) -> dict:
    """The verdict on `answers` (one per field): {"correct": True, False or None, "body": {language: text}}.

    None means no field has an answer yet; then the body asks for an answer (and states the
    tolerance of number fields). Each field's message has a line of its own. static/exercise.js
    computes the same for what a page's box holds.
    """
    results = [_evaluate_field(spec, f, answer) for f, answer in zip(spec["fields"], answers)]
    states = [state for state, _ in results]
    if all(state == "empty" for state in states):
        digits = sorted({f["digits"] for f in spec["fields"] if f["kind"] == "number"})
        body = {}
        for language in LANGUAGES:
            body[language] = spec["words"]["ask"][language]
            if digits:
                body[language] += fill(spec["words"]["digits"][language], {"digits": str(digits[0])})
        return {"correct": None, "body": body}
    body = {language: FIELD_SEPARATOR.join(message[language] for _, message in results) for language in LANGUAGES}
    return {"correct": all(state == "right" for state in states), "body": body}
