"""The exercises of the chapter on gradient descent (chapter 2).

`exercises` declares the exercises whose answer is a number or a choice (`backprop.book.exercises`:
one declaration gives the kernel's check and the page's answer box); `check_descent_function` and
`check_best_learning_rate` check the two that ask for code. Each says what is off without giving
the solution. `backprop.book.gradient_descent` exposes them to the chapter.
"""

from __future__ import annotations

import math

import numpy as np

from ..optimize import gradient_descent
from .exercises import Between, Choice, Exercise, ExerciseSet, Is, Near, Number, Parameter
from .flops import descent_flops, least_squares_flops
from .language import Text
from .selfcheck import Feedback, call_reader, no_answer, not_a_function
from .surfaces import SURFACES

TOO_LARGE = Text("too large")
TOO_SMALL = Text("too small")


def _as_number_or_array(value):
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array if np.all(np.isfinite(array)) else None


def check_descent_function(descend) -> Feedback:
    """Check a reader's `descend(gradient, w0, learning_rate, steps)` that returns the last iterate.

    It is run on a few problems (a number and an array start) and compared with `gradient_descent`.
    """
    if descend is None:
        return no_answer(Text("write def descend(gradient, w0, learning_rate, steps): in place of "
                              "descend = None and run the cell again."))
    if not callable(descend):
        return not_a_function("descend", descend)
    problems = [
        (Text("f(w) = w² from w0 = 1 with η = 0.1"), lambda w: 2 * w, 1.0, 0.1),
        (Text("f(w) = (w - 3)² / 2 from w0 = 0 with η = 0.5"), lambda w: w - 3.0, 0.0, 0.5),
        (Text("the ravine from w0 = (-4.5, 1.5) with η = 0.1"), SURFACES["ravine"].gradient,
         np.array([-4.5, 1.5]), 0.1),
    ]
    for where, gradient, w0, rate in problems:
        for steps in (0, 1, 7):
            start = np.copy(w0)
            result, failure = call_reader(descend, gradient, start, rate, steps)
            if failure is not None:
                return failure
            got = _as_number_or_array(result)
            expected = gradient_descent(gradient, w0, rate, steps).path[-1]
            if isinstance(w0, np.ndarray) and not np.array_equal(start, w0):
                return Feedback(False, Text("your function changed the caller's w0 in place; update a copy instead."))
            if got is None or got.shape != np.shape(expected):
                return Feedback(False, Text("on {where} it should return a w shaped like w0, got {result}.",
                                            where=where, result=repr(result)))
            if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
                continue
            if steps == 0:
                return Feedback(False, Text("with steps = 0 it should return w0 unchanged."))
            uphill = gradient_descent(lambda w, g=gradient: -g(w), w0, rate, steps).path[-1]
            if np.allclose(got, uphill, rtol=1e-9, atol=1e-12):
                return Feedback(False, Text("on {where} it walks uphill: step against the gradient, not along it.",
                                            where=where))
            for other in (steps - 1, steps + 1):
                if np.allclose(got, gradient_descent(gradient, w0, rate, other).path[-1], rtol=1e-9, atol=1e-12):
                    return Feedback(False, Text("on {where} it takes {other} steps when asked for {steps}.",
                                                where=where, other=other, steps=steps))
            return Feedback(False, Text("on {where} after {steps} step(s) it returns {got}, which is off.",
                                        where=where, steps=steps, got=str(np.round(got, 6))))
    return Feedback(True, Text("your loop matches gradient descent on every test problem."))


def check_best_learning_rate(best_learning_rate) -> Feedback:
    """Check a reader's `best_learning_rate(H)`: the fixed step that makes gradient descent on
    f(w) = w^T H w / 2 (H symmetric positive definite) converge fastest."""
    if best_learning_rate is None:
        return no_answer(Text("write def best_learning_rate(H): in place of best_learning_rate = None "
                              "and run the cell again."))
    if not callable(best_learning_rate):
        return not_a_function("best_learning_rate", best_learning_rate)
    reflection = np.eye(3) - 2 * np.outer([1.0, 2.0, 2.0], [1.0, 2.0, 2.0]) / 9.0
    cases = [
        ("H = diag(1, 9)", np.diag([1.0, 9.0])),
        ("H = diag(4, 0.5, 2)", np.diag([4.0, 0.5, 2.0])),
        (Text("a non-diagonal 3 x 3 H"), reflection @ np.diag([1.0, 4.0, 16.0]) @ reflection),
    ]
    for where, H in cases:
        result, failure = call_reader(best_learning_rate, H.copy())
        if failure is not None:
            return failure
        curvatures = np.linalg.eigvalsh(H)
        low, high = curvatures[0], curvatures[-1]
        got = _as_number_or_array(result)
        if got is None or got.size != 1:
            return Feedback(False, Text("for {where} it should return one number, got {result}.", where=where,
                                        result=repr(result)))
        got = float(got.reshape(()))
        if math.isclose(got, 2 / (low + high), rel_tol=1e-6):
            continue
        if math.isclose(got, 2 / high, rel_tol=1e-6):
            return Feedback(False, Text("for {where} that is the stability limit: the steepest direction never "
                                        "settles.", where=where))
        if math.isclose(got, 1 / high, rel_tol=1e-6) or math.isclose(got, 1 / low, rel_tol=1e-6):
            return Feedback(False, Text("for {where} it suits one direction only; the best step balances two of "
                                        "them.", where=where))
        if not np.allclose(H, np.diag(np.diag(H))):
            return Feedback(False, Text("for {where} it is off: there the curvatures are not the diagonal entries "
                                        "of H.", where=where))
        direction = TOO_LARGE if got > 2 / (low + high) else TOO_SMALL
        return Feedback(False, Text("for {where} it is {direction}.", where=where, direction=direction))
    return Feedback(True, Text("it gives the fastest fixed step for every test matrix."))


# ---------------------------------------------------------------- exercises whose answer is not code

ONE_STEP_FACTOR = ["-", 1, ["*", ["*", 2, "c"], "x"]]
"""What one step multiplies w by on L(w) = c w², at the learning rate typed: 1 - 2 c x."""
POSITIVE = Text("{label}: a learning rate is positive; at {x} every step would walk uphill.")


def _plain_factor(kappa):
    """How much the error shrinks per step at the best fixed learning rate: (κ − 1)/(κ + 1)."""
    return (kappa - 1) / (kappa + 1)


def _heavy_ball_factor(kappa):
    """The same for the heavy ball at Polyak's best η and β: (√κ − 1)/(√κ + 1)."""
    return (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)


def _break_even(n, d):
    return least_squares_flops(n, d) / descent_flops(n, d, 1)


def _leading_terms(n, d):
    """The break-even steps by the terms the chapter's text gives: (2nd² + d³/3) / 4nd."""
    return (2 * n * d**2 + d**3 / 3) / (4 * n * d)


exercises = ExerciseSet(
    Exercise(
        "gd-quadratic-rates", Text("Two learning rates"),
        parameters={"c": Parameter(2.5, (r"2.5\,w^2",))},  # L(w) = c w², whose curvature is 2c
        fields=(
            Number("one_step", Text("The rate that lands in one step"),
                   lambda p: 1 / (2 * p["c"]),
                   Between(None, 0, POSITIVE),
                   Near(lambda p: 2 * p["c"], Text("{label}: {x} is the curvature itself; one step multiplies w by "
                                                   "1 − 2 · {c} · {x} = {f}."), ONE_STEP_FACTOR),
                   Between(0, None, Text("{label}: at {x} one step multiplies w by 1 − 2 · {c} · {x} = {f}, not 0: "
                                         "w does not land on the minimum."), ONE_STEP_FACTOR)),
            Number("limit", Text("The rate below which it converges"),
                   lambda p: 1 / p["c"],
                   Between(None, 0, POSITIVE),
                   Near(lambda p: 1 / (2 * p["c"]), Text("{label}: {x} is the rate that lands in one step; runs still "
                                                         "converge, zig-zagging, beyond it.")),
                   Between(0, lambda p: 1 / p["c"],
                           Text("{label}: at {x} one step multiplies w by 1 − 2 · {c} · {x} = {f}, of size below 1: "
                                "runs still converge there."), ONE_STEP_FACTOR),
                   Between(lambda p: 1 / p["c"], None,
                           Text("{label}: at {x} one step multiplies w by 1 − 2 · {c} · {x} = {f}, of size above 1: "
                                "runs already diverge there."), ONE_STEP_FACTOR)),
        )),
    Exercise(
        "gd-momentum-rates", Text("What momentum buys"),
        parameters={"kappa": Parameter(25, (r"\kappa = 25",))},
        fields=(
            Number("plain_factor", Text("The factor per step of gradient descent at its best fixed step"),
                   lambda p: _plain_factor(p["kappa"]),
                   Near(lambda p: _heavy_ball_factor(p["kappa"]),
                        Text("{label}: {x} is the heavy ball's factor, with √κ; plain gradient descent's has κ "
                             "itself.")),
                   Near(lambda p: 1 - 1 / p["kappa"],
                        Text("{label}: {x} is 1 − 1/κ, the factor at η = 1/λmax; the best fixed step, "
                             "2/(λmin + λmax), does better."))),
            Number("momentum_factor", Text("The factor per step of the heavy ball at its best settings"),
                   lambda p: _heavy_ball_factor(p["kappa"]),
                   Near(lambda p: _plain_factor(p["kappa"]),
                        Text("{label}: {x} is plain gradient descent's factor; the heavy ball's has √κ where that "
                             "one has κ.")),
                   Near(lambda p: _heavy_ball_factor(p["kappa"]) ** 2,
                        Text("{label}: {x} is the best momentum β itself, the square of the factor per step."))),
        )),
    Exercise(
        "gd-break-even", Text("The break-even number of steps"),
        parameters={"examples": Parameter(10_000, (r"n = 10\,000",)), "features": Parameter(500, ("d = 500",))},
        fields=(
            Number("break_even_steps", Text("The number of steps"),
                   lambda p: _break_even(p["examples"], p["features"]),
                   Near(lambda p: _leading_terms(p["examples"], p["features"]),
                        Text("{label}: {x} is right by the leading terms, (2nd² + d³/3) / 4nd; least_squares_flops "
                             "also counts a few smaller terms, which add a little."), right=True),
                   Near(lambda p: p["features"] / 2,
                        Text("{label}: {x} is d/2, the ratio 2nd² / 4nd alone: it leaves out the Cholesky "
                             "factorisation's d³/3 and the smaller terms."))),
        )),
    Exercise(
        "gd-stationary-kind", Text("The kind of stationary point"),
        fields=(
            Choice("kind", Text("The stationary point at the origin"),
                   [("minimum", Text("minimum")), ("maximum", Text("maximum")),
                    ("saddle", Text("saddle point"))], "saddle",
                   Is("minimum", Text("{label}: not a minimum. The Hessian's diagonal is positive, but the diagonal "
                                      "does not decide: what are its eigenvalues?")),
                   Is("maximum", Text("{label}: not a maximum: along w1 alone the loss rises (f = w1²)."))),
        )),
)
"""The chapter's exercises whose answer is a number or a choice: ``exercises.check(name, answer, ...)``."""
