"""descent_exercises: chapter 2's self-checks and answer boxes speak English and Korean.

The English messages are the ones the chapter's stored outputs and the other tests hold, word for
word; every Korean message is Korean (Hangul, no English sentence left over outside code names).
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from backprop.book.descent_exercises import (
    BREAK_EVEN_PROBLEM,
    check_best_learning_rate,
    check_break_even_steps,
    check_descent_function,
    check_quadratic_rates,
    check_stationary_point,
    exercise_box,
)
from backprop.book.flops import descent_flops, least_squares_flops
from backprop.book.language import Text

from conftest import assert_korean


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


N, D = BREAK_EVEN_PROBLEM
EXACT_STEPS = least_squares_flops(N, D) / descent_flops(N, D, 1)

# (checker call, its English text exactly as the chapter and the tests have it)
CASES = [
    (lambda: check_descent_function(None),
     "No answer yet: define descend(gradient, w0, learning_rate, steps), assign it and run the cell again."),
    (lambda: check_descent_function(3), "Not yet: the answer should be a function, got int."),
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
    (lambda: check_quadratic_rates(None, None), "No answer yet: set one_step and limit and run the cell again."),
    (lambda: check_quadratic_rates(0.2, None), "No answer yet: one_step matches. set limit and run the cell again."),
    (lambda: check_quadratic_rates(0.2, 0.2),
     "Not yet: one_step matches. limit is the one-step rate; runs still converge, zig-zagging, beyond it."),
    (lambda: check_quadratic_rates(0.2, 0.4), "Right: one_step matches. limit matches."),
    (lambda: check_quadratic_rates(5.0, 0.4),
     "Not yet: one_step is the curvature itself; what factor does one step multiply w by? limit matches."),
    (lambda: check_quadratic_rates("x", float("nan")),
     "Not yet: one_step should be a number, got str. limit is nan; expected a finite number."),
    (lambda: check_quadratic_rates(0.1, 1.0), "Not yet: one_step is too small. limit is too large."),
    (lambda: check_best_learning_rate(None),
     "No answer yet: define best_learning_rate(H), assign it and run the cell again."),
    (lambda: check_best_learning_rate(3), "Not yet: the answer should be a function of H, got int."),
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
    (lambda: check_break_even_steps(None), "No answer yet: set the number of steps and run the cell again."),
    (lambda: check_break_even_steps(round(EXACT_STEPS)), "Right: the number of steps matches."),
    (lambda: check_break_even_steps(D / 2),
     "Not yet: close, but that leaves out the Cholesky factorisation and the smaller terms."),
    (lambda: check_break_even_steps(2 * EXACT_STEPS), "Not yet: the number of steps is too large."),
    (lambda: check_break_even_steps(EXACT_STEPS / 2), "Not yet: the number of steps is too small."),
    (lambda: check_break_even_steps("x"), "Not yet: the number of steps should be a number, got str."),
    (lambda: check_break_even_steps(float("inf")), "Not yet: the number of steps is inf; expected a finite number."),
    (lambda: check_stationary_point(None),
     'No answer yet: set kind to "minimum", "maximum" or "saddle" and run the cell again.'),
    (lambda: check_stationary_point(" Saddle point"),
     "Right: the loss rises in some directions from the origin and falls in others."),
    (lambda: check_stationary_point("minimum"),
     "Not yet: the Hessian's diagonal is positive, but its diagonal does not decide: what are its eigenvalues?"),
    (lambda: check_stationary_point("maximum"),
     "Not yet: along w1 alone the loss rises (f = w1²), so the origin is no maximum."),
    (lambda: check_stationary_point("valley"),
     "Not yet: kind should be \"minimum\", \"maximum\" or \"saddle\", got 'valley'."),
    (lambda: check_stationary_point(3),
     'Not yet: kind should be a string ("minimum", "maximum" or "saddle"), got int.'),
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
    assert "'valley'" in check_stationary_point("valley").texts()["ko"]
    assert "one_step" in check_quadratic_rates(0.2, 0.2).texts()["ko"]
    assert "ZeroDivisionError" in check_descent_function(lambda g, w, r, s: 1 / 0).texts()["ko"]


@pytest.mark.parametrize("label", ["gd-quadratic-rates", "gd-break-even", "gd-stationary-kind"])
def test_every_answer_box_text_is_in_both_languages(label):
    box = exercise_box(label)
    assert isinstance(box.title, Text) and box.title.text("en").startswith("Your")
    assert_korean(box.title.text("ko"))
    spec = json.loads(re.search(r'<script type="application/json" class="lnn-data">(.*?)</script>', box.html,
                                re.S).group(1).replace("<\\/", "</"))
    messages = list(spec["messages"].values())
    for field in spec.get("fields", []):
        messages += [field["large"], field["small"], field["nan"]] + [m for _, m in field["special"]]
    assert messages
    for message in messages:
        assert message["text"]["en"] and message["text"]["ko"] != message["text"]["en"]
        assert_korean(message["text"]["ko"])
    assert_korean(spec["ui"]["title"]["ko"])


def test_the_korean_check_helper_catches_english():
    for leftover in ("set limit and run the cell again.", "스텝 수 is too large.", "답은 함수여야 하는데 got int."):
        with pytest.raises(AssertionError):
            assert_korean(leftover)
    assert_korean("작성한 함수에서 TypeError 오류가 났다: <lambda>() takes 0 positional arguments but 1 was given")
