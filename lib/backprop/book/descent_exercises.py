"""The exercises of the chapter on gradient descent (chapter 2): their self-checks and answer boxes.

Each `check_*` takes the reader's answer and returns a `Feedback` that says what is off without
giving the solution; `exercise_box` makes the kernel-free answer box of an exercise whose answer
is a number or a choice. `backprop.book.gradient_descent` exposes all of them to the chapter.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..optimize import gradient_descent
from .flops import descent_flops, least_squares_flops
from .language import Text, join
from .selfcheck import Feedback, call_reader, check_number, no_answer
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


QUADRATIC_EXERCISE_CURVATURE = 5.0
"""The exercise's loss is L(w) = 2.5 w², i.e. a * w**2 / 2 with a = 5."""


def check_quadratic_rates(one_step, limit) -> Feedback:
    """Check the learning rate that lands on the minimum of L(w) = 2.5 w² in one step, and the
    largest learning rate below which gradient descent on it converges."""
    a = QUADRATIC_EXERCISE_CURVATURE
    if one_step is None and limit is None:
        return no_answer(Text("set one_step and limit and run the cell again.",
                              "one_step과 limit에 값을 넣고 셀을 다시 실행하라."))
    parts = [
        check_number(one_step, 1 / a, what="one_step"),
        check_number(limit, 2 / a, what="limit"),
    ]
    if parts[1].correct is False and isinstance(limit, numbers.Real) and math.isclose(limit, 1 / a):
        parts[1] = Feedback(False, Text("limit is the one-step rate; runs still converge, zig-zagging, beyond it.",
                                        "limit에 넣은 값은 한 스텝 만에 최솟점에 닿는 학습률이다. 그보다 커도 실행은 "
                                        "지그재그로 수렴한다."))
    if parts[0].correct is False and isinstance(one_step, numbers.Real) and math.isclose(one_step, a):
        parts[0] = Feedback(False, Text("one_step is the curvature itself; what factor does one step multiply w by?",
                                        "one_step에 넣은 값은 곡률 자체이다. 한 스텝은 w에 어떤 수를 곱하는가?"))
    verdicts = [p.correct for p in parts]
    correct = True if all(verdicts) else (False if False in verdicts else None)
    return Feedback(correct, join([p.message for p in parts], " "))


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


BREAK_EVEN_PROBLEM = (10_000, 500)
"""The exercise's least-squares problem: (n_samples, n_features)."""


def check_break_even_steps(steps) -> Feedback:
    """Check how many gradient steps cost as many flops as the closed-form solution, for
    `BREAK_EVEN_PROBLEM` (within 0.2%)."""
    n, d = BREAK_EVEN_PROBLEM
    expected = least_squares_flops(n, d) / descent_flops(n, d, 1)
    feedback = check_number(steps, expected, rel_tol=0.002, what=Text("the number of steps", "스텝 수"))
    if feedback.correct is False and isinstance(steps, numbers.Real) and math.isclose(steps, d / 2, rel_tol=1e-3):
        return Feedback(False, Text("close, but that leaves out the Cholesky factorisation and the smaller terms.",
                                    "가깝지만, 그 값에는 숄레스키 분해와 더 작은 항들이 빠져 있다."))
    return feedback


STATIONARY_EXERCISE_HESSIAN = np.array([[2.0, 3.0], [3.0, 2.0]])
"""The Hessian of the exercise's loss f(w1, w2) = w1² + 3 w1 w2 + w2², the same at every point."""


def check_stationary_point(kind) -> Feedback:
    """Check what kind of stationary point the origin is for f(w1, w2) = w1² + 3 w1 w2 + w2²:
    "minimum", "maximum" or "saddle" (a saddle: the Hessian's eigenvalues are 5 and -1)."""
    if kind is None:
        return no_answer(Text('set kind to "minimum", "maximum" or "saddle" and run the cell again.',
                              'kind에 "minimum", "maximum", "saddle" 가운데 하나를 넣고 셀을 다시 실행하라.'))
    if not isinstance(kind, str):
        return Feedback(False, Text('kind should be a string ("minimum", "maximum" or "saddle"), got {kind}.',
                                    'kind는 문자열("minimum", "maximum", "saddle")이어야 하는데 {kind}이다.',
                                    kind=type(kind).__name__))
    answer = kind.strip().lower().removesuffix(" point")
    if answer not in ("minimum", "maximum", "saddle"):
        return Feedback(False, Text('kind should be "minimum", "maximum" or "saddle", got {kind}.',
                                    'kind는 "minimum", "maximum", "saddle" 가운데 하나여야 하는데 {kind}이다.',
                                    kind=repr(kind)))
    if answer == "saddle":
        return Feedback(True, Text("the loss rises in some directions from the origin and falls in others.",
                                   "원점에서 손실은 어떤 방향으로는 올라가고 다른 방향으로는 내려간다."))
    if answer == "minimum":
        return Feedback(False, Text("the Hessian's diagonal is positive, but its diagonal does not decide: "
                                    "what are its eigenvalues?",
                                    "헤세 행렬의 대각 성분은 양수이지만, 대각 성분으로는 판단할 수 없다: "
                                    "고윳값은 무엇인가?"))
    return Feedback(False, Text("along w1 alone the loss rises (f = w1²), so the origin is no maximum.",
                                "w1 방향으로만 움직여도 손실이 올라가므로(f = w1²) 원점은 최댓값이 아니다."))


def exercise_box(label: str):
    """The kernel-free answer box of one of the chapter's exercises, by its label (see `answer_box`)."""
    from .answer_box import answer_box, choice_box

    if label == "gd-quadratic-rates":
        a = QUADRATIC_EXERCISE_CURVATURE
        return answer_box(label, Text("Your learning rates", "답: 학습률"), check_quadratic_rates, [1 / a, 2 / a],
                          labels=["one_step", "limit"])
    if label == "gd-break-even":
        n, d = BREAK_EVEN_PROBLEM
        return answer_box(label, Text("Your number of steps", "답: 스텝 수"), check_break_even_steps,
                          least_squares_flops(n, d) / descent_flops(n, d, 1), labels=["break_even_steps"],
                          rel_tol=0.002, special=[d / 2])
    if label == "gd-stationary-kind":
        return choice_box(label, Text("Your answer", "답"), check_stationary_point, ["minimum", "maximum", "saddle"],
                          label="kind")
    raise ValueError(f"no answer box for {label!r}")
