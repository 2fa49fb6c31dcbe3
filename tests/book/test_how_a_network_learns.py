"""The chapter on how a network learns: what it imports, and its exercise checks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from backprop import MLP, sgd_update, squared_error, squared_error_grad  # noqa: E402
from backprop.book import how_a_network_learns, network_drawing  # noqa: E402
from backprop.book.how_a_network_learns import (  # noqa: E402
    PARAMETER_COUNT_SIZES,
    _parameter_count,
    check_parameter_count,
    check_step_prediction,
    draw_network,
)


def test_the_chapter_module_exposes_the_network_drawing():
    assert draw_network is network_drawing.draw_network
    assert all(hasattr(how_a_network_learns, name) for name in how_a_network_learns.__all__)
    ax = draw_network([2, 2, 1])
    assert len(ax.lines) == 6
    plt.close("all")


# ---------------------------------------------------------------- counting parameters


def test_the_reference_count_agrees_with_mlp():
    for sizes in PARAMETER_COUNT_SIZES:
        network = MLP(list(sizes), seed=0)
        assert _parameter_count(sizes) == sum(p.size for p in network.weights + network.biases)


def test_check_parameter_count_right():
    def count_parameters(sizes):
        return sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))

    feedback = check_parameter_count(count_parameters)
    assert feedback.correct is True and str(feedback).startswith("Right")


def test_check_parameter_count_no_answer_yet():
    def count_parameters(sizes):
        return None  # your code

    assert check_parameter_count(None).correct is None
    feedback = check_parameter_count(count_parameters)
    assert feedback.correct is None and str(feedback).startswith("No answer yet")


def test_check_parameter_count_says_what_is_off_without_the_answer():
    weights_only = check_parameter_count(lambda sizes: sum(a * b for a, b in zip(sizes, sizes[1:])))
    assert weights_only.correct is False and "biases" in weights_only.message
    every_unit = check_parameter_count(lambda sizes: sum((a + 1) * b for a, b in zip(sizes, sizes[1:])) + sizes[0])
    assert every_unit.correct is False and "too large" in every_unit.message and "[2, 2, 1]" in every_unit.message
    assert str(_parameter_count([2, 2, 1])) not in every_unit.message
    # Right on the small networks, wrong on the last one: the message names it.
    late = check_parameter_count(lambda sizes: 2410 - 1 if sizes == [64, 32, 10] else _parameter_count(sizes))
    assert late.correct is False and "[64, 32, 10]" in late.message and "too small" in late.message


@pytest.mark.parametrize("function, words", [
    (lambda sizes: 1 / 0, "raised ZeroDivisionError"),
    (lambda sizes: "nine", "whole number"),
    (lambda sizes: float("nan"), "whole number"),
    (lambda sizes: True, "whole number"),
    (lambda: 9, "raised TypeError"),
    (9, "should be a function"),
])
def test_check_parameter_count_reports_a_broken_function(function, words):
    feedback = check_parameter_count(function)
    assert feedback.correct is False and words in feedback.message


def test_check_parameter_count_does_not_let_the_reader_change_its_sizes():
    def greedy(sizes):
        sizes.append(1)
        return _parameter_count(sizes[:-1])

    assert check_parameter_count(greedy).correct is True
    assert PARAMETER_COUNT_SIZES[0] == [2, 2, 1]


# ---------------------------------------------------------------- predicting a step


def first_step():
    """The chapter's first example: the 2-2-1 network, x = (1, 0), y = 1, one step at learning rate 0.5."""
    network = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", seed=1)
    X, y = np.array([[1.0, 0.0]]), np.array([[1.0]])
    y_hat = network.forward(X)
    weight_grads, bias_grads = network.backward(squared_error_grad(y_hat, y))
    before = squared_error(y_hat, y)
    sgd_update(network.weights, weight_grads, 0.5)
    sgd_update(network.biases, bias_grads, 0.5)
    return weight_grads + bias_grads, 0.5, squared_error(network.forward(X), y) - before


def test_the_first_order_prediction_is_close_to_the_actual_change():
    gradients, learning_rate, actual = first_step()
    predicted = -learning_rate * sum(float(np.sum(g ** 2)) for g in gradients)
    assert predicted < 0 and actual < 0
    assert predicted == pytest.approx(actual, rel=0.05)  # close, not equal: the loss is curved
    assert predicted != pytest.approx(actual, rel=1e-3)


def test_check_step_prediction_right_wrong_and_missing():
    gradients, learning_rate, actual = first_step()
    predicted = -learning_rate * sum(float(np.sum(g ** 2)) for g in gradients)
    assert check_step_prediction(predicted, gradients, learning_rate, actual).correct is True
    assert check_step_prediction(np.float64(round(predicted, 6)), gradients, learning_rate).correct is True
    assert check_step_prediction(None, gradients, learning_rate).correct is None
    copied = check_step_prediction(actual, gradients, learning_rate, actual)
    assert copied.correct is False and "actual change" in copied.message
    flipped = check_step_prediction(-predicted, gradients, learning_rate, actual)
    assert flipped.correct is False and "sign" in flipped.message
    forgot_rate = check_step_prediction(predicted / learning_rate, gradients, learning_rate, actual)
    assert forgot_rate.correct is False and "too small" in forgot_rate.message
    assert check_step_prediction("0.02", gradients, learning_rate).correct is False
    assert f"{predicted:.4f}" not in str(forgot_rate)


def test_check_step_prediction_needs_the_list_of_gradients():
    with pytest.raises(TypeError, match="list of gradient arrays"):
        check_step_prediction(-0.01, np.zeros(3), 0.5)
    with pytest.raises(TypeError, match="list of gradient arrays"):
        check_step_prediction(-0.01, [], 0.5)
