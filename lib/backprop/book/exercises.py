"""Exercises declared once: each exercise's answer fields, expected answers and feedback rules, as data.

An `Exercise` names its answer fields (a number, a whole number, a choice, a set of options, an
ordered list of names), each with a label in words, its expected value computed by code, and its
feedback rules: relations on the value typed (``Near(-expected)``, ``Between(0, 0.4)``,
``Includes("50")``) with the sentence each one earns. What it needs from its chapter (the
question's parameters, or the notebook's own network) is resolved when the exercise is bound:
`Exercise.spec(**context)` turns the declaration into plain JSON data, the exercise's one meaning.

Two small evaluators read that data, and a parity test holds them together:

- `backprop.book.exercise_verdicts.evaluate`, which the kernel's check runs:
  ``exercises.check(name, answer, ...)``;
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
from dataclasses import dataclass, field
from decimal import Decimal

from .answer_box import answer_box
from .exercise_verdicts import RESERVED, WORDS, evaluate
from .language import LANGUAGES, Text, in_language, texts
from .mime import STATIC_VIEW, storing_outputs
from .selfcheck import Feedback
from .typed_answers import fill, format_number


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
    `formula` at the typed value, to 4 significant digits); with `right`, the answer counts as right."""

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
                "words": {key: text.texts() for key, text in WORDS.items()},
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
            said = {language: fill(WORDS["count"].text(language),
                                   {"n": str(len(names)), "x": str(len(answers[0])),
                                    "labels": "; ".join(in_language(f.label, language) for f in self.fields)})
                    for language in LANGUAGES}
            return ExerciseFeedback(False, Text.written(said))
        if len(answers) > len(names):
            raise TypeError(f"exercise {self.name!r} takes {len(names)} answer(s): {', '.join(names)}")
        given.update(zip(names, answers))
        spec = self.spec(**context)
        verdict = evaluate(spec, [given.get(name) for name in names])
        return ExerciseFeedback(verdict["correct"], Text.written(verdict["body"]), spec=spec)


class ExerciseSet(dict):
    """A chapter's exercises by name; ``exercises.check(name, answer, ...)`` is the checker cell's call."""

    def __init__(self, *exercises: Exercise):
        super().__init__((exercise.name, exercise) for exercise in exercises)

    def check(self, name, *answers, **context):
        if name not in self:
            raise KeyError(f"no exercise {name!r}; this chapter has {sorted(self)}")
        return self[name].check(*answers, **context)


@dataclass(frozen=True)
class ExerciseFeedback(Feedback):
    """A `Feedback` that knows its exercise: with no answer yet, the book shows its answer box."""

    spec: dict = field(default=None, compare=False, repr=False)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = super()._repr_mimebundle_(include, exclude)
        if self.correct is None and storing_outputs() and self.spec is not None:
            bundle = {"text/plain": bundle["text/plain"], STATIC_VIEW: answer_box(self.spec)}
        return bundle
