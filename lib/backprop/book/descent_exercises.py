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
from .selfcheck import Feedback, call_reader, no_answer
from .surfaces import SURFACES

TOO_LARGE = Text("too large", "너무 크다")
TOO_SMALL = Text("too small", "너무 작다")


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
        return no_answer(Text("define descend(gradient, w0, learning_rate, steps), assign it and run the cell again.",
                              "descend(gradient, w0, learning_rate, steps)를 정의해 대입하고 셀을 다시 실행하라."))
    if not callable(descend):
        return Feedback(False, Text("the answer should be a function, got {kind}.", "답은 함수여야 하는데 {kind}이다.",
                                    kind=type(descend).__name__))
    problems = [
        (Text("f(w) = w² from w0 = 1 with η = 0.1", "f(w) = w²(w0 = 1, η = 0.1)"), lambda w: 2 * w, 1.0, 0.1),
        (Text("f(w) = (w - 3)² / 2 from w0 = 0 with η = 0.5", "f(w) = (w - 3)² / 2(w0 = 0, η = 0.5)"),
         lambda w: w - 3.0, 0.0, 0.5),
        (Text("the ravine from w0 = (-4.5, 1.5) with η = 0.1", "협곡(w0 = (-4.5, 1.5), η = 0.1)"),
         SURFACES["ravine"].gradient, np.array([-4.5, 1.5]), 0.1),
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
                return Feedback(False, Text("your function changed the caller's w0 in place; update a copy instead.",
                                            "작성한 함수가 호출한 쪽의 w0를 제자리에서 바꿨다. "
                                            "대신 복사본을 갱신하라."))
            if got is None or got.shape != np.shape(expected):
                return Feedback(False, Text("on {where} it should return a w shaped like w0, got {result}.",
                                            "{where}에서 w0와 같은 형태의 w를 반환해야 하는데 반환값이 {result}이다.",
                                            where=where, result=repr(result)))
            if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
                continue
            if steps == 0:
                return Feedback(False, Text("with steps = 0 it should return w0 unchanged.",
                                            "steps = 0이면 w0를 그대로 반환해야 한다."))
            uphill = gradient_descent(lambda w, g=gradient: -g(w), w0, rate, steps).path[-1]
            if np.allclose(got, uphill, rtol=1e-9, atol=1e-12):
                return Feedback(False, Text("on {where} it walks uphill: step against the gradient, not along it.",
                                            "{where}에서 오르막으로 간다: 기울기 방향이 아니라 그 반대 방향으로 "
                                            "이동하라.", where=where))
            for other in (steps - 1, steps + 1):
                if np.allclose(got, gradient_descent(gradient, w0, rate, other).path[-1], rtol=1e-9, atol=1e-12):
                    return Feedback(False, Text("on {where} it takes {other} steps when asked for {steps}.",
                                                "{where}에서 {steps} 스텝을 요청했는데 {other} 스텝을 진행한다.",
                                                where=where, other=other, steps=steps))
            return Feedback(False, Text("on {where} after {steps} step(s) it returns {got}, which is off.",
                                        "{where}에서 {steps} 스텝 뒤 반환값이 {got}인데, 이 값이 틀렸다.",
                                        where=where, steps=steps, got=str(np.round(got, 6))))
    return Feedback(True, Text("your loop matches gradient descent on every test problem.",
                               "작성한 반복문이 모든 시험 문제에서 경사 하강법과 일치한다."))


def check_best_learning_rate(best_learning_rate) -> Feedback:
    """Check a reader's `best_learning_rate(H)`: the fixed step that makes gradient descent on
    f(w) = w^T H w / 2 (H symmetric positive definite) converge fastest."""
    if best_learning_rate is None:
        return no_answer(Text("define best_learning_rate(H), assign it and run the cell again.",
                              "best_learning_rate(H)를 정의해 대입하고 셀을 다시 실행하라."))
    if not callable(best_learning_rate):
        return Feedback(False, Text("the answer should be a function of H, got {kind}.",
                                    "답은 H의 함수여야 하는데 {kind}이다.", kind=type(best_learning_rate).__name__))
    reflection = np.eye(3) - 2 * np.outer([1.0, 2.0, 2.0], [1.0, 2.0, 2.0]) / 9.0
    cases = [
        ("H = diag(1, 9)", np.diag([1.0, 9.0])),
        ("H = diag(4, 0.5, 2)", np.diag([4.0, 0.5, 2.0])),
        (Text("a non-diagonal 3 x 3 H", "대각 행렬이 아닌 3 x 3 H"),
         reflection @ np.diag([1.0, 4.0, 16.0]) @ reflection),
    ]
    for where, H in cases:
        result, failure = call_reader(best_learning_rate, H.copy())
        if failure is not None:
            return failure
        curvatures = np.linalg.eigvalsh(H)
        low, high = curvatures[0], curvatures[-1]
        got = _as_number_or_array(result)
        if got is None or got.size != 1:
            return Feedback(False, Text("for {where} it should return one number, got {result}.",
                                        "{where}에 대해 수 하나를 반환해야 하는데 반환값이 {result}이다.",
                                        where=where, result=repr(result)))
        got = float(got.reshape(()))
        if math.isclose(got, 2 / (low + high), rel_tol=1e-6):
            continue
        if math.isclose(got, 2 / high, rel_tol=1e-6):
            return Feedback(False, Text("for {where} that is the stability limit: the steepest direction never "
                                        "settles.",
                                        "{where}에 대해 이 값은 안정성 한계이다: 가장 가파른 방향이 끝내 자리 잡지 "
                                        "못한다.", where=where))
        if math.isclose(got, 1 / high, rel_tol=1e-6) or math.isclose(got, 1 / low, rel_tol=1e-6):
            return Feedback(False, Text("for {where} it suits one direction only; the best step balances two of "
                                        "them.",
                                        "{where}에 대해 이 값은 한 방향에만 맞는다. 가장 좋은 학습률은 두 방향 "
                                        "사이에서 균형을 잡는다.", where=where))
        if not np.allclose(H, np.diag(np.diag(H))):
            return Feedback(False, Text("for {where} it is off: there the curvatures are not the diagonal entries "
                                        "of H.",
                                        "{where}에 대해 값이 틀렸다: 이 경우 곡률은 H의 대각 성분이 아니다.",
                                        where=where))
        direction = TOO_LARGE if got > 2 / (low + high) else TOO_SMALL
        return Feedback(False, Text("for {where} it is {direction}.", "{where}에 대해 값이 {direction}.",
                                    where=where, direction=direction))
    return Feedback(True, Text("it gives the fastest fixed step for every test matrix.",
                               "모든 시험 행렬에서 가장 빨리 수렴하는 고정 학습률을 준다."))


# ---------------------------------------------------------------- exercises whose answer is not code

ONE_STEP_FACTOR = ["-", 1, ["*", ["*", 2, "c"], "x"]]
"""What one step multiplies w by on L(w) = c w², at the learning rate typed: 1 - 2 c x."""
POSITIVE = Text("{label}: a learning rate is positive; at {x} every step would walk uphill.",
                "{label}: 학습률은 양수이다. {x}(이)면 스텝마다 오르막으로 간다.")


def _break_even(n, d):
    return least_squares_flops(n, d) / descent_flops(n, d, 1)


def _leading_terms(n, d):
    """The break-even steps by the terms the chapter's text gives: (2nd² + d³/3) / 4nd."""
    return (2 * n * d**2 + d**3 / 3) / (4 * n * d)


exercises = ExerciseSet(
    Exercise(
        "gd-quadratic-rates", Text("Two learning rates", "두 학습률"),
        parameters={"c": Parameter(2.5, (r"2.5\,w^2",))},  # L(w) = c w², whose curvature is 2c
        fields=(
            Number("one_step", Text("The rate that lands in one step", "한 스텝 만에 최솟점에 닿는 학습률"),
                   lambda p: 1 / (2 * p["c"]),
                   Between(None, 0, POSITIVE),
                   Near(lambda p: 2 * p["c"], Text("{label}: {x} is the curvature itself; one step multiplies w by "
                                                   "1 − 2 · {c} · {x} = {f}.",
                                                   "{label}: {x}은(는) 곡률 자체이다. 한 스텝은 w에 "
                                                   "1 − 2 · {c} · {x} = {f}을(를) 곱한다."), ONE_STEP_FACTOR),
                   Between(0, None, Text("{label}: at {x} one step multiplies w by 1 − 2 · {c} · {x} = {f}, not 0: "
                                         "w does not land on the minimum.",
                                         "{label}: {x}(이)면 한 스텝이 w에 1 − 2 · {c} · {x} = {f}을(를) 곱한다. 0이 "
                                         "아니므로 w가 최솟점에 닿지 않는다."), ONE_STEP_FACTOR)),
            Number("limit", Text("The rate below which it converges", "이보다 작으면 수렴하는 학습률"),
                   lambda p: 1 / p["c"],
                   Between(None, 0, POSITIVE),
                   Near(lambda p: 1 / (2 * p["c"]), Text("{label}: {x} is the rate that lands in one step; runs still "
                                                   "converge, zig-zagging, beyond it.",
                                                   "{label}: {x}은(는) 한 스텝 만에 최솟점에 닿는 학습률이다. 그보다 "
                                                   "커도 실행은 지그재그로 수렴한다.")),
                   Between(0, lambda p: 1 / p["c"],
                           Text("{label}: at {x} one step multiplies w by 1 − 2 · {c} · {x} = {f}, of size below 1: "
                                "runs still converge there.",
                                "{label}: {x}(이)면 한 스텝이 w에 1 − 2 · {c} · {x} = {f}을(를) 곱한다. 크기가 1보다 "
                                "작으니 거기서는 아직 수렴한다."), ONE_STEP_FACTOR),
                   Between(lambda p: 1 / p["c"], None,
                           Text("{label}: at {x} one step multiplies w by 1 − 2 · {c} · {x} = {f}, of size above 1: "
                                "runs already diverge there.",
                                "{label}: {x}(이)면 한 스텝이 w에 1 − 2 · {c} · {x} = {f}을(를) 곱한다. 크기가 1보다 "
                                "크니 거기서는 이미 발산한다."), ONE_STEP_FACTOR)),
        )),
    Exercise(
        "gd-break-even", Text("The break-even number of steps", "비용이 같아지는 스텝 수"),
        parameters={"examples": Parameter(10_000, (r"n = 10\,000",)), "features": Parameter(500, ("d = 500",))},
        fields=(
            Number("break_even_steps", Text("The number of steps", "스텝 수"),
                   lambda p: _break_even(p["examples"], p["features"]),
                   Near(lambda p: _leading_terms(p["examples"], p["features"]),
                        Text("{label}: {x} is right by the leading terms, (2nd² + d³/3) / 4nd; least_squares_flops "
                             "also counts a few smaller terms, which add a little.",
                             "{label}: 주요 항 (2nd² + d³/3) / 4nd로 따지면 {x}이(가) 맞다. least_squares_flops는 "
                             "더 작은 항도 세므로 값이 조금 더 크다."), right=True),
                   Near(lambda p: p["features"] / 2,
                        Text("{label}: {x} is d/2, the ratio 2nd² / 4nd alone: it leaves out the Cholesky "
                             "factorisation's d³/3 and the smaller terms.",
                             "{label}: {x}은(는) d/2, 곧 2nd² / 4nd만의 비이다. 숄레스키 분해의 d³/3과 더 작은 항이 "
                             "빠졌다."))),
        )),
    Exercise(
        "gd-stationary-kind", Text("The kind of stationary point", "정류점의 종류"),
        fields=(
            Choice("kind", Text("The stationary point at the origin", "원점의 정류점"),
                   [("minimum", Text("minimum", "최솟점")), ("maximum", Text("maximum", "최댓점")),
                    ("saddle", Text("saddle point", "안장점"))], "saddle",
                   Is("minimum", Text("{label}: not a minimum. The Hessian's diagonal is positive, but the diagonal "
                                      "does not decide: what are its eigenvalues?",
                                      "{label}: 최솟점이 아니다. 헤세 행렬의 대각 성분은 양수이지만 대각 성분으로는 "
                                      "판단할 수 없다. 고윳값은 무엇인가?")),
                   Is("maximum", Text("{label}: not a maximum: along w1 alone the loss rises (f = w1²).",
                                      "{label}: 최댓점이 아니다. w1 방향으로만 움직여도 손실이 올라간다(f = w1²)."))),
        )),
)
"""The chapter's exercises whose answer is a number or a choice: ``exercises.check(name, answer, ...)``."""
