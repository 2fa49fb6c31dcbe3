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

from .network_drawing import draw_network
from .selfcheck import Feedback, call_reader, check_number, no_answer

__all__ = ["draw_network", "check_parameter_count", "check_step_prediction", "step_prediction_box",
           "PARAMETER_COUNT_SIZES"]

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
        return no_answer("define count_parameters and run the cell again.")
    if not callable(count_parameters):
        return Feedback(False, f"count_parameters should be a function, got {type(count_parameters).__name__}.")
    for sizes in PARAMETER_COUNT_SIZES:
        answer, failure = call_reader(count_parameters, list(sizes), name="count_parameters")
        if failure:
            return failure
        if answer is None:
            return no_answer("count_parameters still returns None: fill it in.")
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not math.isfinite(answer):
            return Feedback(False, f"count_parameters({sizes}) should return a whole number, got {answer!r}.")
        expected = _parameter_count(sizes)
        if answer == expected:
            continue
        if answer == _weight_count(sizes):
            return Feedback(False, f"count_parameters({sizes}) counts the weights (the lines of the diagram) but "
                                   "not the biases: every unit after the input layer has a bias too.")
        direction = "too large" if answer > expected else "too small"
        return Feedback(False, f"count_parameters({sizes}) is {direction}. Check it on the 2-2-1 diagram: "
                               "one weight per line, one bias per hidden or output unit.")
    return Feedback(True, f"count_parameters is right for all {len(PARAMETER_COUNT_SIZES)} networks tried, "
                          f"from {PARAMETER_COUNT_SIZES[0]} to {PARAMETER_COUNT_SIZES[-1]}.")


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
        return no_answer("set predicted_change and run the cell again.")
    if isinstance(gradients, np.ndarray) or not isinstance(gradients, (list, tuple)) or not gradients:
        raise TypeError(f"gradients must be a list of gradient arrays, got {type(gradients).__name__}")
    expected = -float(learning_rate) * _squared_norm(gradients)
    feedback = check_number(answer, expected, rel_tol=1e-3, what="predicted_change")
    if feedback.correct is not False or isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return feedback
    if actual_change is not None and math.isclose(answer, actual_change, rel_tol=1e-6):
        return Feedback(False, "predicted_change is the actual change loss_after - loss_before; predict it from "
                               "the gradients and the learning rate instead, then compare.")
    if expected != 0 and math.isclose(answer, -expected, rel_tol=1e-3):
        return Feedback(False, "predicted_change has the wrong sign: a step against the gradient makes the loss fall.")
    return feedback


def step_prediction_box(gradients, learning_rate, actual_change):
    """The kernel-free answer box of the exercise that predicts one step's change of the loss."""
    from .answer_box import answer_box

    expected = -float(learning_rate) * _squared_norm(gradients)
    return answer_box("learns-predict-step", "Your predicted change",
                      lambda a: check_step_prediction(a, gradients, learning_rate, actual_change), expected,
                      labels=["predicted_change"], special=[float(actual_change), -expected])
