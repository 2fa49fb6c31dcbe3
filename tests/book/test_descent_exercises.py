"""descent_exercises: chapter 2's self-checks speak English and Korean, and its declared exercises
know their answers.

The English messages of the code checks are the ones the chapter's stored outputs and the other
tests hold, word for word; every Korean message is Korean (Hangul, no English sentence left over
outside code names).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from backprop.book.descent_exercises import check_best_learning_rate, check_descent_function, exercises
from backprop.book.flops import descent_flops, least_squares_flops
from backprop.book.language import Text

from conftest import assert_exercise_says, assert_korean


def right_descend(gradient, w0, learning_rate, steps):
    w = w0
    for _ in range(steps):
        w = w - learning_rate * gradient(w)
    return w


def in_place(gradient, w0, learning_rate, steps):
    w = np.asarray(w0, dtype=float) if np.ndim(w0) else w0
    for _ in range(steps):
        w -= learning_rate * gradient(w)
    return w


def no_argument():
    return 1


def eig(H):
    return np.linalg.eigvalsh(H)


# (checker call, its English text exactly as the chapter and the tests have it)
CASES = [
    (lambda: check_descent_function(None),
     "No answer yet: write def descend(gradient, w0, learning_rate, steps): in place of descend = None and run "
     "the cell again."),
    (lambda: check_descent_function(3),
     "Not yet: descend should be a function (defined with def), but it is a number."),
    (lambda: check_descent_function(right_descend), "Right: your loop matches gradient descent on every test problem."),
    (lambda: check_descent_function(lambda g, w, r, s: right_descend(lambda x: -g(x), w, r, s)),
     "Not yet: on f(w) = w² from w0 = 1 with η = 0.1 it walks uphill: step against the gradient, not along it."),
    (lambda: check_descent_function(lambda g, w, r, s: right_descend(g, w, r, s + 1)),
     "Not yet: with steps = 0 it should return w0 unchanged."),
    (lambda: check_descent_function(lambda g, w, r, s: right_descend(g, w, r, max(s - 1, 0))),
     "Not yet: on f(w) = w² from w0 = 1 with η = 0.1 it takes 0 steps when asked for 1."),
    (lambda: check_descent_function(lambda g, w, r, s: right_descend(g, w, r, s) + 0.5),
     "Not yet: with steps = 0 it should return w0 unchanged."),
    (lambda: check_descent_function(lambda g, w, r, s: right_descend(g, w, r, s) + (0.5 if s else 0)),
     "Not yet: on f(w) = w² from w0 = 1 with η = 0.1 after 1 step(s) it returns 1.3, which is off."),
    (lambda: check_descent_function(in_place),
     "Not yet: your function changed the caller's w0 in place; update a copy instead."),
    (lambda: check_descent_function(lambda g, w, r, s: 1 / 0),
     "Not yet: your function raised ZeroDivisionError: division by zero"),
    (lambda: check_descent_function(lambda g, w, r, s: [w] * (s + 1)),
     "Not yet: on f(w) = w² from w0 = 1 with η = 0.1 it should return a w shaped like w0, got [array(1.)]."),
    (lambda: check_descent_function(lambda g, w, r, s: "x"),
     "Not yet: on f(w) = w² from w0 = 1 with η = 0.1 it should return a w shaped like w0, got 'x'."),
    (lambda: check_descent_function(lambda g, w, r, s: None if np.ndim(w) else right_descend(g, w, r, s)),
     "Not yet: on the ravine from w0 = (-4.5, 1.5) with η = 0.1 it should return a w shaped like w0, got None."),
    (lambda: check_best_learning_rate(None),
     "No answer yet: write def best_learning_rate(H): in place of best_learning_rate = None and run the cell "
     "again."),
    (lambda: check_best_learning_rate(3),
     "Not yet: best_learning_rate should be a function (defined with def), but it is a number."),
    (lambda: check_best_learning_rate(lambda H: 2 / (eig(H)[0] + eig(H)[-1])),
     "Right: it gives the fastest fixed step for every test matrix."),
    (lambda: check_best_learning_rate(lambda H: 2 / eig(H)[-1]),
     "Not yet: for H = diag(1, 9) that is the stability limit: the steepest direction never settles."),
    (lambda: check_best_learning_rate(lambda H: 1 / eig(H)[0]),
     "Not yet: for H = diag(1, 9) it suits one direction only; the best step balances two of them."),
    (lambda: check_best_learning_rate(lambda H: 2 / (np.diag(H).min() + np.diag(H).max())),
     "Not yet: for a non-diagonal 3 x 3 H it is off: there the curvatures are not the diagonal entries of H."),
    (lambda: check_best_learning_rate(lambda H: 5.0), "Not yet: for H = diag(1, 9) it is too large."),
    (lambda: check_best_learning_rate(lambda H: 1e-6), "Not yet: for H = diag(1, 9) it is too small."),
    (lambda: check_best_learning_rate(lambda H: np.ones(2)),
     "Not yet: for H = diag(1, 9) it should return one number, got array([1., 1.])."),
    (lambda: check_best_learning_rate(lambda H: float("nan")),
     "Not yet: for H = diag(1, 9) it should return one number, got nan."),
    (lambda: check_best_learning_rate(no_argument),
     "Not yet: your function raised TypeError: no_argument() takes 0 positional arguments but 1 was given"),
]


@pytest.mark.parametrize("call, english", CASES, ids=range(len(CASES)))
def test_every_message_is_in_english_as_before_and_in_korean(call, english):
    feedback = call()
    texts = feedback.texts()
    assert texts["en"] == english
    assert_korean(texts["ko"])
    assert isinstance(feedback.message, Text)


def test_the_korean_messages_differ_where_the_english_ones_do():
    by_english = {}
    for call, english in CASES:
        by_english.setdefault(english, set()).add(call().texts()["ko"])
    assert all(len(korean) == 1 for korean in by_english.values())
    assert len({next(iter(k)) for k in by_english.values()}) == len(by_english)


def test_the_korean_messages_keep_the_readers_values_and_the_code_names():
    wrong_steps = check_descent_function(lambda g, w, r, s: right_descend(g, w, r, max(s - 1, 0))).texts()["ko"]
    assert "f(w) = w²" in wrong_steps and "1 스텝" in wrong_steps and "0 스텝" in wrong_steps
    assert "ZeroDivisionError" in check_descent_function(lambda g, w, r, s: 1 / 0).texts()["ko"]


# ---------------------------------------------------------------- the exercises whose answer is not code

N, D = 10_000, 500  # the break-even exercise's examples and features
EXACT_STEPS = least_squares_flops(N, D) / descent_flops(N, D, 1)
TYPE_NAMES = re.compile(r"\b(?:str|NoneType|float|int|bool|list)\b")

# (exercise, answers, correct, words the English feedback says)
EXERCISE_CASES = [
    ("gd-quadratic-rates", (1 / 5, 2 / 5), True, ()),  # L(w) = 2.5 w²: curvature 5
    ("gd-quadratic-rates", ("1/5", "0.4"), True, ()),
    ("gd-quadratic-rates", (1 / 5, 1 / 5), False, ("lands in one step",)),
    ("gd-quadratic-rates", (5.0, 2 / 5), False, ("curvature itself",)),
    ("gd-quadratic-rates", (0.3, 0.5), False, ("not 0", "diverge")),
    ("gd-break-even", (EXACT_STEPS,), True, ()),
    ("gd-break-even", (D / 2,), False, ("Cholesky",)),
    ("gd-break-even", (2 * EXACT_STEPS,), False, ("too large",)),
    ("gd-stationary-kind", ("saddle",), True, ()),
    ("gd-stationary-kind", (" Saddle point",), True, ()),
    ("gd-stationary-kind", ("minimum",), False, ("eigenvalues",)),
    ("gd-stationary-kind", ("maximum",), False, ("w1 alone",)),
]


@pytest.mark.parametrize("name, answers, correct, words", EXERCISE_CASES)
def test_each_exercise_knows_its_answer_and_the_likely_mistakes(name, answers, correct, words):
    assert_exercise_says(exercises, name, answers, correct, words)


def test_the_stationary_point_is_a_saddle():
    hessian = np.array([[2.0, 3.0], [3.0, 2.0]])  # of f(w1, w2) = w1² + 3 w1 w2 + w2²
    assert eig(hessian)[0] < 0 < eig(hessian)[-1]  # the answer the exercise expects is right


def test_a_wrong_limit_does_not_give_the_right_one_away():
    assert "0.4" not in str(exercises.check("gd-quadratic-rates", 0.2, 0.2))


@pytest.mark.parametrize("name", sorted(exercises))
def test_each_exercise_without_an_answer_or_with_a_malformed_one(name):
    fields = exercises[name].fields
    empty = exercises.check(name, *[None] * len(fields))
    assert empty.correct is None and str(empty).startswith("No answer yet")
    malformed = exercises.check(name, *["1/0" if f.kind == "number" else "abc" for f in fields])
    assert malformed.correct is False and not TYPE_NAMES.search(str(malformed)), str(malformed)


def test_the_korean_check_helper_catches_english():
    for leftover in ("set limit and run the cell again.", "스텝 수 is too large.", "답은 함수여야 하는데 got int."):
        with pytest.raises(AssertionError):
            assert_korean(leftover)
    assert_korean("작성한 함수에서 TypeError 예외가 발생했다: <lambda>() takes 0 positional arguments but 1 was given")
