"""The chapter on how a network learns (chapter 1): its network diagram and its exercise checks.

- `draw_network` (from `backprop.book.network_drawing`) draws a fully connected network, here the
  chapter's 2-2-1 network: units as labelled circles, one line per weight.
- `check_parameter_count` checks the reader's ``count_parameters(sizes)``: the number of weights
  and biases of an `MLP` with those layer sizes.
- `check_step_prediction` checks the reader's first-order prediction of how much one gradient
  step changes the loss.

Everything the chapter imports from the book comes from this module (and `backprop.book.style`).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .language import Text
from .network_drawing import draw_network
from .selfcheck import Feedback, call_reader, check_number, no_answer

__all__ = ["draw_network", "check_parameter_count", "check_step_prediction", "step_prediction_box",
           "PARAMETER_COUNT_SIZES"]

TOO_LARGE = Text("too large", "너무 크다")
TOO_SMALL = Text("too small", "너무 작다")

# ---------------------------------------------------------------- counting parameters

PARAMETER_COUNT_SIZES = ([2, 2, 1], [2, 4, 1], [3, 1], [1, 1, 1, 1], [5, 5, 5, 5], [64, 32, 10])
"""The layer sizes the reader's count_parameters is tried on, small ones first."""


def _parameter_count(sizes) -> int:
    """Weights and biases of a fully connected network: each layer after the input has (inputs + 1) x units."""
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:]))


def _weight_count(sizes) -> int:
    return sum(n_in * n_out for n_in, n_out in zip(sizes, sizes[1:]))


def check_parameter_count(count_parameters) -> Feedback:
    """Self-check for the exercise "count a network's parameters".

    ``count_parameters(sizes)`` gets a list of layer sizes, as `MLP` does, and should return how
    many numbers training adjusts: every weight and every bias. It is tried on
    `PARAMETER_COUNT_SIZES`; the message names the first sizes it gets wrong and, without giving
    the count away, whether it is too large or too small (or counts the weights alone).
    """
    if count_parameters is None:
        return no_answer(Text("define count_parameters and run the cell again.",
                              "count_parameters를 정의하고 셀을 다시 실행하라."))
    if not callable(count_parameters):
        return Feedback(False, Text("count_parameters should be a function, got {kind}.",
                                    "count_parameters는 함수여야 하는데 {kind}이다.",
                                    kind=type(count_parameters).__name__))
    for sizes in PARAMETER_COUNT_SIZES:
        answer, failure = call_reader(count_parameters, list(sizes), name="count_parameters")
        if failure:
            return failure
        if answer is None:
            return no_answer(Text("count_parameters still returns None: fill it in.",
                                  "count_parameters가 아직 None을 반환한다: 함수를 완성하라."))
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not math.isfinite(answer):
            return Feedback(False, Text("count_parameters({sizes}) should return a whole number, got {answer}.",
                                        "count_parameters({sizes})의 반환값은 정수여야 하는데 {answer}이다.",
                                        sizes=sizes, answer=repr(answer)))
        expected = _parameter_count(sizes)
        if answer == expected:
            continue
        if answer == _weight_count(sizes):
            return Feedback(False, Text("count_parameters({sizes}) counts the weights (the lines of the diagram) "
                                        "but not the biases: every unit after the input layer has a bias too.",
                                        "count_parameters({sizes})가 가중치(그림의 선)만 세고 편향은 세지 않는다: "
                                        "입력층 다음의 모든 유닛에도 편향이 있다.", sizes=sizes))
        direction = TOO_LARGE if answer > expected else TOO_SMALL
        return Feedback(False, Text("count_parameters({sizes}) is {direction}. Check it on the 2-2-1 diagram: "
                                    "one weight per line, one bias per hidden or output unit.",
                                    "count_parameters({sizes})의 값이 {direction}. 2-2-1 그림으로 확인하라: "
                                    "선 하나에 가중치 하나, 은닉 유닛이나 출력 유닛 하나에 편향 하나다.",
                                    sizes=sizes, direction=direction))
    return Feedback(True, Text("count_parameters is right for all {n} networks tried, from {first} to {last}.",
                               "count_parameters가 시험한 신경망 {n}개({first}부터 {last}까지)에서 모두 맞다.",
                               n=len(PARAMETER_COUNT_SIZES), first=PARAMETER_COUNT_SIZES[0],
                               last=PARAMETER_COUNT_SIZES[-1]))


# ---------------------------------------------------------------- predicting a step


def _squared_norm(gradients) -> float:
    return float(sum(np.sum(np.asarray(g, dtype=np.float64) ** 2) for g in gradients))


def check_step_prediction(answer, gradients, learning_rate, actual_change=None) -> Feedback:
    """Self-check for the exercise "predict what one step does to the loss".

    The step moves every parameter w by -learning_rate * dL/dw; the gradient's claim (the loss
    changes by about dL/dw times the change of w, summed over all parameters) predicts a change of
    -learning_rate * (sum of all squared gradient entries). `gradients` is the list of the step's
    gradient arrays (weights and biases); `actual_change`, if given, is loss_after - loss_before,
    so that an answer which copies it, instead of predicting it, is told so.
    """
    if answer is None:
        return no_answer(Text("set predicted_change and run the cell again.",
                              "predicted_change에 값을 넣고 셀을 다시 실행하라."))
    if isinstance(gradients, np.ndarray) or not isinstance(gradients, (list, tuple)) or not gradients:
        raise TypeError(f"gradients must be a list of gradient arrays, got {type(gradients).__name__}")
    expected = -float(learning_rate) * _squared_norm(gradients)
    feedback = check_number(answer, expected, rel_tol=1e-3, what="predicted_change")
    if feedback.correct is not False or isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return feedback
    if actual_change is not None and math.isclose(answer, actual_change, rel_tol=1e-6):
        return Feedback(False, Text("predicted_change is the actual change loss_after - loss_before; predict it "
                                    "from the gradients and the learning rate instead, then compare.",
                                    "predicted_change에 넣은 값은 실제 변화량 loss_after - loss_before이다. "
                                    "대신 기울기와 학습률로 예측한 다음 실제 변화량과 비교하라."))
    if expected != 0 and math.isclose(answer, -expected, rel_tol=1e-3):
        return Feedback(False, Text("predicted_change has the wrong sign: a step against the gradient makes the "
                                    "loss fall.",
                                    "predicted_change의 부호가 틀렸다: 기울기의 반대 방향으로 한 스텝 움직이면 "
                                    "손실이 줄어든다."))
    return feedback


def step_prediction_box(gradients, learning_rate, actual_change):
    """The kernel-free answer box of the exercise that predicts one step's change of the loss."""
    from .answer_box import answer_box

    expected = -float(learning_rate) * _squared_norm(gradients)
    return answer_box("learns-predict-step", Text("Your predicted change", "답: 예측한 변화량"),
                      lambda a: check_step_prediction(a, gradients, learning_rate, actual_change), expected,
                      labels=["predicted_change"], special=[float(actual_change), -expected])
