"""Exercises declared once: the kernel's check and the page's box say the same, and what they say is true.

- Parity: for every exercise of the book, a few hundred generated answers (right; just inside and
  just outside the tolerance; each rule's trigger; every field wrong; random values; malformed
  input) get the same verdict and the same words from `backprop.book.exercise_verdicts.evaluate` and from
  ``static/exercise.js`` under node (`backprop.book.exercise_verdicts`).
- Honesty: a message never shows the expected value unless the reader typed it, says which fields
  are wrong, and never shows a Python type name.
- One source: each exercise's parameters stand in its text in the notebook, and its checker cell
  passes answers and the notebook's own objects, never a number of its own.
"""

from __future__ import annotations

import io
import itertools
import json
import random
import re
import subprocess
import tokenize

import numpy as np
import pytest
from test_chain_rule import residual_graph, three_way_stages

from backprop.book import backpropagation, chain_rule, descent_exercises, how_a_network_learns, vanishing_gradients
from backprop.book.answer_box import encode
from backprop.book.assets import static_asset
from backprop.book.exercise_verdicts import RESERVED, evaluate
from backprop.book.exercises import Exercise, ExerciseSet, Near, Number, Parameter
from backprop.book.mime import STATIC_VIEW
from backprop.book.typed_answers import format_number, parse_number

from conftest import ROOT, right_answer

CHAPTERS = {
    "01_how_a_network_learns": how_a_network_learns.exercises,
    "02_gradient_descent": descent_exercises.exercises,
    "03_chain_rule": chain_rule.exercises,
    "04_backpropagation": backpropagation.exercises,
    "05_vanishing_gradients": vanishing_gradients.exercises,
}
ALL = {name: exercise for exercises in CHAPTERS.values() for name, exercise in exercises.items()}


class _Net:
    def __init__(self, rate, targets):
        self.outputs = targets * 0.9 + 0.05 if rate <= 20 else np.ones_like(targets)

    def forward(self, inputs):
        return self.outputs


XOR_TARGETS = np.array([[0.0], [1.0], [1.0], [0.0]])
CONTEXTS = {
    "learns-predict-step": lambda: {"gradients": [np.array([[0.02, 0.006], [0.0, 0.0]]), np.array([0.1])],
                                    "learning_rate": 0.5, "actual_change": -0.0054},
    "learns-learning-rates": lambda: {"train": lambda learning_rate, steps: (_Net(learning_rate, XOR_TARGETS), []),
                                      "inputs": np.zeros((4, 2)), "targets": XOR_TARGETS},
    "backward-order": lambda: {"graph": residual_graph()[2]},
    "count-the-work": lambda: dict(zip(("source", "output"), three_way_stages(3))),
}


def bound(name):
    return ALL[name].spec(**CONTEXTS.get(name, dict)())


# ---------------------------------------------------------------- generated answers


MALFORMED = ["", "   ", "1/5", "1,5", "\u22120.5", "1e-3", "2^3", "2**-2", "abc", "1/0", "1e999", "++1", ".5", "5.",
             "0x10", "½", "\u0663", "1 / 4", "NaN", "-inf", "1e", "3 4", "−", "1..2", "2^0.5", "(-8)^(1/3)", "-8^0.5",
             "2,410", "4 096", "-1,000", "27*8", "2 × 10^-3", "(1 + 0.2^2)", "1/(5)", "\uff12", "(", "2^", "--1",
             "2^-2^2", "0^-1", "1 - 1/5", "2·3", "((2))", "1e-3e", "1.5.2", "10^400", "1/3*3", "2 ** 12"]


def number_answers(f, rng):
    expected, tol = f["expected"], f.get("tol", 0.0)
    answers = [repr(expected), format_number(expected, 6), format_number(-expected, 4), str(expected * 10)]
    if f["kind"] == "number":
        answers += [repr(expected + 0.9 * tol), repr(expected - 0.9 * tol), repr(expected + 1.1 * tol),
                    repr(expected - 1.1 * tol), repr(expected + tol), repr(expected - tol)]
    else:
        answers += [str(expected + 1), str(expected - 1), f"{expected}.0", f"{expected}.5", str(-expected)]
    for rule in f["rules"]:
        when = rule["when"]
        if "near" in when:
            answers += [repr(when["near"]), format_number(when["near"], 4)]
        if "between" in when:
            low, high = when["between"]
            low = expected - 10 if low is None else low
            high = expected + 10 if high is None else high
            middle = (low + high) / 2
            answers += [repr(middle), str(round(middle)), repr(low), repr(high)]
    answers += [format_number(float(rng.choice([-1, 1])) * 10 ** rng.uniform(-5, 5), int(rng.integers(1, 7)))
                for _ in range(25)]
    return answers + MALFORMED


def field_answers(f, rng):
    kind = f["kind"]
    if kind in ("number", "whole"):
        return number_answers(f, rng)
    keys = [o["key"] for o in f["options"]]
    if kind == "choice":
        labels = [o["label"][language] for o in f["options"] for language in ("en", "ko")]
        return keys + labels + [k.upper() for k in keys] + ["", " ", "something else", "1"]
    if kind == "set":
        subsets = [list(c) for r in range(len(keys) + 1) for c in itertools.combinations(keys, r)]
        rng.shuffle(subsets)
        return subsets[:60] + [f["expected"], keys + ["nonsense"], [k.upper() for k in f["expected"]]]
    permutations = [list(p) for p in itertools.permutations(keys)]
    rng.shuffle(permutations)
    typed = [", ".join(p) for p in permutations[:40]] + [" ".join(p) for p in permutations[40:60]]
    typed += ["→".join(p) for p in permutations[60:70]] + [p[:-1] for p in permutations[70:75]]
    typed += [json.dumps(p) for p in permutations[75:80]] + [" -> ".join(p) for p in permutations[80:85]]
    return typed + [keys + keys[:1], keys[:-1] + ["q"], "", ",,", " ; ".join(keys[::-1]), keys[::-1]]


def answer_sets(spec, rng, count=300):
    """Generated answers for every field: all empty, each field's candidates beside right answers,
    and random combinations (so every field is also wrong together with the others)."""
    per_field = [field_answers(f, rng) for f in spec["fields"]]
    rights = [right_answer(f) for f in spec["fields"]]
    sets = [[None] * len(spec["fields"]), rights]
    for i, candidates in enumerate(per_field):
        for candidate in candidates:
            sets.append(rights[:i] + [candidate] + rights[i + 1:])
    while len(sets) < count + len(per_field):
        sets.append([candidates[int(rng.integers(len(candidates)))] for candidates in per_field])
    return sets


@pytest.fixture(scope="module")
def generated():
    rng = np.random.default_rng(7)
    random.seed(7)
    return [(name, bound(name), answer_sets(bound(name), rng)) for name in sorted(ALL)]


NODE_EVALUATE = """
const fs = require("fs");
const exercise = require(process.argv[1]);
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([spec, answers]) => answers.map((a) => exercise.evaluate(spec, a)))));
"""


def test_every_exercise_says_the_same_in_the_kernel_and_on_the_page(generated, tmp_path):
    script = tmp_path / "exercise.js"
    script.write_text(static_asset("exercise.js"), encoding="utf-8")
    cases = [[spec, answers] for _, spec, answers in generated]
    result = subprocess.run(["node", "-e", NODE_EVALUATE, str(script)], input=json.dumps(cases), text=True,
                            capture_output=True, check=True, timeout=120)
    by_node = json.loads(result.stdout)
    compared = 0
    for (name, spec, answers), verdicts in zip(generated, by_node):
        assert len(answers) >= 300, name
        for answer, page in zip(answers, verdicts):
            assert evaluate(spec, answer) == page, (name, answer)
            compared += 1
    assert compared >= 300 * len(ALL)


def test_every_exercise_accepts_its_right_answer_and_no_empty_answer(generated):
    for name, spec, answers in generated:
        assert evaluate(spec, answers[1])["correct"] is True, name
        empty = evaluate(spec, answers[0])
        assert empty["correct"] is None and empty["body"]["en"].startswith("give your answer above"), name
        numbers = any(f["kind"] == "number" for f in spec["fields"])
        assert ("significant digits" in empty["body"]["en"]) == numbers, name


def _shown(spec):
    """Everything the question and the messages' own templates write: labels, options, rule texts."""
    parts = [text for f in spec["fields"] for text in f["label"].values()]
    parts += [text for f in spec["fields"] for o in f["options"] for text in o["label"].values()]
    parts += [text for f in spec["fields"] for rule in f["rules"] for text in rule["say"].values()]
    return " ".join(parts + [text for words in spec["words"].values() for text in words.values()])


def test_a_message_never_shows_the_expected_value_nor_a_type_name(generated):
    for name, spec, answers in generated:
        shown = _shown(spec)
        for answer in answers:
            verdict = evaluate(spec, answer)
            typed = " ".join(a if isinstance(a, str) else " ".join(a) for a in answer if a is not None)
            for body in verdict["body"].values():
                assert not re.search(r"\b(str|float|int|NoneType|list|dict|bool)\b", body), (name, answer, body)
                if verdict["correct"]:
                    continue
                for f in spec["fields"]:
                    if f["kind"] not in ("number", "whole"):
                        continue
                    for digits in (3, 4, 5, 6):
                        secret = format_number(float(f["expected"]), digits)
                        if len(secret.strip("-0.")) >= 2 and secret not in typed and secret not in shown:
                            assert not re.search(rf"(?<![\d.]){re.escape(secret)}(?![\d])", body), \
                                (name, answer, body, secret)


def test_feedback_names_what_was_typed_and_which_fields_are_wrong():
    exercises = descent_exercises.exercises
    both_wrong = exercises.check("gd-quadratic-rates", 0.3, 0.2)
    text = both_wrong.text("en")
    assert both_wrong.correct is False and "0.3" in text and "0.2" in text
    assert "lands in one step" in text.split("\n")[1]  # the second field, the limit, is the one-step rate
    one_right = exercises.check("gd-quadratic-rates", "1/5", 0.3)
    assert one_right.correct is False
    assert "1/5 is right" in one_right.text("en") and "0.3 one step multiplies w by 1 − 2 · 2.5 · 0.3 = −0.5" in \
        one_right.text("en")
    depth = vanishing_gradients.exercises.check("vanishing-sigmoid-depth", 11)
    assert "0.25^(11 − 1) = 9.537e-7" in depth.text("en") and "14" not in depth.text("en")
    # A formula's value shows one digit more than answers are checked to: just past the limit 0.4,
    # the factor is −1.005, not "−1" beside "of size above 1".
    past = exercises.check("gd-quadratic-rates", 0.2, 0.401)
    assert "1 − 2 · 2.5 · 0.401 = −1.005, of size above 1" in past.text("en")
    counts = chain_rule.exercises.check("count-the-work", [27, 5, 4], **CONTEXTS["count-the-work"]())
    assert counts.text("en").count(" is right") == 1 and "5 is too small" in counts.text("en")
    assert "4 is too small" in counts.text("en")
    for typed in ("1/5", "0.2", "2e-1", "2^-2.3219280948873622", "+0.200"):
        assert exercises.check("gd-quadratic-rates", typed, 0.4).correct is True, typed
    assert exercises.check("gd-break-even", 252.08).correct is True  # the text's own leading terms
    short = chain_rule.exercises.check("chain-several-paths", [-1, 4])
    assert short.correct is False and "give 3 numbers" in short.text("en") and "has 2" in short.text("en")


def test_a_negative_number_may_be_typed_with_a_true_minus():
    verdict = descent_exercises.exercises.check("gd-quadratic-rates", "\u22120.2", 0.4)
    assert "학습률이 −0.2일 때" in verdict.texts()["ko"]


def test_a_korean_reader_gets_the_same_verdict_in_korean():
    verdict = descent_exercises.exercises.check("gd-quadratic-rates", "1,5", "abc")
    assert verdict.texts()["ko"].startswith("아직 아니다: ")
    assert "쉼표" in verdict.texts()["ko"] and "수로 읽을 수 없다" in verdict.texts()["ko"]


def test_the_reader_may_type_numbers_as_people_write_them():
    assert parse_number("1/4") == 0.25 and parse_number("\u22120.5") == -0.5 and parse_number("2.5e-3") == 0.0025
    assert parse_number("2^12") == 4096 and parse_number("2 × 10^-3") == 0.002 and parse_number("1,5") is None
    assert parse_number("(1 + 0.2^2)") == 1.04 and parse_number("２") == 2 and parse_number("3 4") is None
    assert parse_number("1/0") is None and parse_number("1e999") is None and parse_number("abc") is None
    assert [format_number(v) for v in (-0.5, 4096, 9.5367431640625e-07, 0.125, 1e6, 0)] == \
        ["\u22120.5", "4100", "9.54e-7", "0.125", "1e6", "0"]
    grouped = learns_count = how_a_network_learns.exercises.check("learns-count-parameters", "9", "2,410")
    assert learns_count.correct is True and grouped.texts()["en"].endswith("2,410 is right.")
    sign = chain_rule.exercises.check("chain-one-input", "-1.41")
    assert "wrong sign" in sign.text("en")


def test_a_declaration_that_contradicts_itself_is_refused():
    with pytest.raises(ValueError, match="rename"):
        Exercise("bad", "t", (Number("a", "a", 1.0),), parameters={"x": Parameter(1, ("x",))}).spec()
    with pytest.raises(TypeError, match="context"):
        chain_rule.exercises["backward-order"].spec()
    with pytest.raises(KeyError, match="no exercise"):
        ExerciseSet(Exercise("e", "t", (Number("a", "a", 1.0, Near(2.0, "x")),))).check("other", 1)
    assert "x" in RESERVED and "label" in RESERVED


# ---------------------------------------------------------------- one source for each exercise


def _notebook(chapter):
    return json.loads((ROOT / "chapters" / f"{chapter}.ipynb").read_text(encoding="utf-8"))


def _exercise_texts(notebook):
    """{label: the exercise's text} for every exercise directive of a notebook."""
    markdown = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    return {m.group(1): m.group(2) for m in re.finditer(r":::\{exercise\}\n:label: (\S+)\n(.*?)\n:::", markdown, re.S)}


def _numbers_in_code(source):
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [token.string for token in tokens if token.type == tokenize.NUMBER]


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_each_exercise_is_declared_once_and_the_notebook_reads_it(chapter):
    notebook, exercises = _notebook(chapter), CHAPTERS[chapter]
    texts = _exercise_texts(notebook)
    assert set(exercises) <= set(texts), f"declared but not in {chapter}: {set(exercises) - set(texts)}"
    for label, text in texts.items():
        flat = " ".join(text.split())
        if label not in exercises:
            assert "asks for code" in flat, f"{label}: its answer is not code, so it needs a declaration and a box"
            continue
        for name, parameter in exercises[label].parameters.items():
            for shown in parameter.shown:
                assert shown in flat, f"{label}: the parameter {name} ({shown!r}) is not in the exercise's text"
        cells = [c for c in notebook["cells"] if c["cell_type"] == "code"
                 and f'exercises.check("{label}"' in "".join(c["source"])]
        checker = cells[0]
        assert "remove-input" in checker["metadata"].get("tags", []), label
        assert _numbers_in_code("".join(checker["source"])) == [], f"{label}: the checker cell has numbers of its own"
        views = [o["data"][STATIC_VIEW] for o in checker["outputs"] if STATIC_VIEW in o.get("data", {})]
        assert len(views) == 1 and f'data-answer="{label}"' in views[0], f"{label}: the stored output has no box"


def test_every_stored_box_holds_its_exercise_bound_to_the_notebook():
    """The box a page shows carries the same data the kernel's check evaluates (context-free ones)."""
    for chapter, exercises in CHAPTERS.items():
        for cell in _notebook(chapter)["cells"]:
            for output in cell.get("outputs", []):
                view = output.get("data", {}).get(STATIC_VIEW, "")
                match = re.search(r'class="lnn-answer" id="[^"]+" data-answer="([^"]+)"', view)
                if not match or exercises[match.group(1)].context:
                    continue
                data = json.loads(re.search(r'<script type="application/json" class="lnn-data">(.*?)</script>', view,
                                            re.S).group(1))
                assert data["spec"] == encode(exercises[match.group(1)].spec()), match.group(1)
