"""An exercise's verdict on an answer, from the exercise's bound data (`backprop.book.exercises`).

`evaluate(spec, answers)` is what the kernel's check runs; ``static/exercise.js`` is its twin on
the page, line for line. `WORDS` are the sentences every exercise shares, translated in the
library's catalog like every `Text`; an exercise's bound data carries them in every language
(``spec["words"]``), and both evaluators read them from there, so the page's script holds no words.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata

from .language import LANGUAGES, Text
from .typed_answers import GROUPED, NAME_SEPARATORS, SPACE, evaluate_formula, fill, format_number, parse_number

WORDS = {
    "ask": Text("give your answer above."),
    "digits": Text(" Numbers are checked to {digits} significant digits; 1/4, −0.5 and 2.5e-3 are all fine."),
    "empty": Text("{label}: no answer yet."),
    "malformed": Text("{label}: “{x}” is not a number I can read; write it like 0.25, 1/4, −0.5 or 2.5e-3."),
    "comma": Text("{label}: “{x}” has a comma; write decimals with a point (0.25), one number per box."),
    "sign": Text("{label}: {x} has the wrong sign."),
    "large_negative": Text("{label}: {x} is too close to 0."),
    "small_negative": Text("{label}: {x} is too far below 0."),
    "whole": Text("{label}: {x} is not a whole number."),
    "right_number": Text("{label}: {x} is right, to {digits} significant digits."),
    "right_whole": Text("{label}: {x} is right."),
    "large": Text("{label}: {x} is too large."),
    "small": Text("{label}: {x} is too small."),
    "not_option": Text("{label}: “{x}” is not one of the choices ({choices})."),
    "right_choice": Text("{label}: “{x}” is right."),
    "wrong_choice": Text("{label}: “{x}” is not right."),
    "right_set": Text("{label}: right, all {n} of them."),
    "extra": Text("{label}: take out {extra}."),
    "extra_missing": Text("{label}: take out {extra}, and choose {missing} more."),
    "missing": Text("{label}: everything you chose is right; choose {missing} more."),
    "unknown_name": Text("{label}: “{x}” is not a node of this graph; its nodes are {choices}."),
    "repeated": Text("{label}: {x} appears more than once; visit each node once."),
    "left_out": Text("{label}: your order leaves out {x}."),
    "too_early": Text("{label}: {x} comes before {consumer}, which uses it: {x}'s gradient is still incomplete "
                      "there."),
    "count": Text("give {n} numbers, one for each of: {labels}; your list has {x}."),
    "right_order": Text("{label}: every node comes after all of its consumers."),
}
"""The sentences every exercise shares; ``{label}``, ``{x}`` (what was typed) and the rest are filled in."""
RESERVED = {"label", "x", "f", "digits", "consumer", "choices", "extra", "missing", "n", "labels"}
"""The names a message fills in as it is said; a parameter of the question may not take one."""
FIELD_SEPARATOR = "\n"
"""Between the messages of an exercise's fields: one line each."""


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
        # One digit more than answers are checked to: a factor of −1.005 is not shown as −1.
        shown = {} if f_value is None else {"f": format_number(f_value, 4)}
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
