"""The chapter on how a network learns: what it imports, and its exercise checks."""

from __future__ import annotations

import re

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
    step_prediction_box,
)

from conftest import assert_korean  # noqa: E402


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
    assert weights_only.correct is False and "biases" in weights_only.text("en")
    every_unit = check_parameter_count(lambda sizes: sum((a + 1) * b for a, b in zip(sizes, sizes[1:])) + sizes[0])
    assert every_unit.correct is False and "too large" in every_unit.text("en") and "[2, 2, 1]" in every_unit.text("en")
    assert str(_parameter_count([2, 2, 1])) not in every_unit.text("en")
    # Right on the small networks, wrong on the last one: the message names it.
    late = check_parameter_count(lambda sizes: 2410 - 1 if sizes == [64, 32, 10] else _parameter_count(sizes))
    assert late.correct is False and "[64, 32, 10]" in late.text("en") and "too small" in late.text("en")


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
    assert feedback.correct is False and words in feedback.text("en")


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
    assert copied.correct is False and "actual change" in copied.text("en")
    flipped = check_step_prediction(-predicted, gradients, learning_rate, actual)
    assert flipped.correct is False and "sign" in flipped.text("en")
    forgot_rate = check_step_prediction(predicted / learning_rate, gradients, learning_rate, actual)
    assert forgot_rate.correct is False and "too small" in forgot_rate.text("en")
    assert check_step_prediction("0.02", gradients, learning_rate).correct is False
    assert f"{predicted:.4f}" not in str(forgot_rate)


def test_check_step_prediction_needs_the_list_of_gradients():
    with pytest.raises(TypeError, match="list of gradient arrays"):
        check_step_prediction(-0.01, np.zeros(3), 0.5)
    with pytest.raises(TypeError, match="list of gradient arrays"):
        check_step_prediction(-0.01, [], 0.5)


# ---------------------------------------------------------------- in English and Korean

def no_argument():
    return 9


COUNT_CASES = [
    (None, "No answer yet: define count_parameters and run the cell again."),
    (9, "Not yet: count_parameters should be a function, got int."),
    (lambda sizes: None, "No answer yet: count_parameters still returns None: fill it in."),
    (_parameter_count, "Right: count_parameters is right for all 6 networks tried, from [2, 2, 1] to [64, 32, 10]."),
    (lambda sizes: sum(a * b for a, b in zip(sizes, sizes[1:])),
     "Not yet: count_parameters([2, 2, 1]) counts the weights (the lines of the diagram) but not the biases: every "
     "unit after the input layer has a bias too."),
    (lambda sizes: _parameter_count(sizes) + 1,
     "Not yet: count_parameters([2, 2, 1]) is too large. Check it on the 2-2-1 diagram: one weight per line, one bias "
     "per hidden or output unit."),
    (lambda sizes: 2409 if sizes == [64, 32, 10] else _parameter_count(sizes),
     "Not yet: count_parameters([64, 32, 10]) is too small. Check it on the 2-2-1 diagram: one weight per line, one "
     "bias per hidden or output unit."),
    (lambda sizes: 1 / 0, "Not yet: count_parameters raised ZeroDivisionError: division by zero"),
    (no_argument, "Not yet: count_parameters raised TypeError: no_argument() takes 0 positional arguments but 1 was "
                  "given"),
    (lambda sizes: "nine", "Not yet: count_parameters([2, 2, 1]) should return a whole number, got 'nine'."),
    (lambda sizes: float("nan"), "Not yet: count_parameters([2, 2, 1]) should return a whole number, got nan."),
    (lambda sizes: True, "Not yet: count_parameters([2, 2, 1]) should return a whole number, got True."),
]


@pytest.mark.parametrize("function, english", COUNT_CASES, ids=range(len(COUNT_CASES)))
def test_check_parameter_count_speaks_english_as_before_and_korean(function, english):
    texts = check_parameter_count(function).texts()
    assert texts["en"] == english
    assert_korean(texts["ko"])


def step_cases():
    gradients, learning_rate, actual = first_step()
    predicted = -learning_rate * sum(float(np.sum(g ** 2)) for g in gradients)
    return gradients, learning_rate, actual, [
        (None, "No answer yet: set predicted_change and run the cell again."),
        (predicted, "Right: predicted_change matches."),
        (actual, "Not yet: predicted_change is the actual change loss_after - loss_before; predict it from the "
                 "gradients and the learning rate instead, then compare."),
        (-predicted, "Not yet: predicted_change has the wrong sign: a step against the gradient makes the loss fall."),
        (predicted / learning_rate, "Not yet: predicted_change is too small."),
        (0.0, "Not yet: predicted_change is too large."),
        ("0.02", "Not yet: predicted_change should be a number, got str."),
        (True, "Not yet: predicted_change should be a number, got bool."),
        (float("nan"), "Not yet: predicted_change is nan; expected a finite number."),
        (float("-inf"), "Not yet: predicted_change is -inf; expected a finite number."),
    ]


def test_check_step_prediction_speaks_english_as_before_and_korean():
    gradients, learning_rate, actual, cases = step_cases()
    korean = set()
    for answer, english in cases:
        texts = check_step_prediction(answer, gradients, learning_rate, actual).texts()
        assert texts["en"] == english, answer
        assert_korean(texts["ko"])
        korean.add(texts["ko"])
    assert len(korean) == len(cases)


def test_the_step_prediction_box_is_in_both_languages():
    import json

    gradients, learning_rate, actual = first_step()
    box = step_prediction_box(gradients, learning_rate, actual)
    assert box.title.text("en") == "Your predicted change"
    assert_korean(box.title.text("ko"))
    spec = json.loads(re.search(r'<script type="application/json" class="lnn-data">(.*?)</script>', box.html,
                                re.S).group(1).replace("<\\/", "</"))
    field = spec["fields"][0]
    messages = list(spec["messages"].values()) + [field["large"], field["small"], field["nan"]]
    messages += [message for _, message in field["special"]]
    assert len(messages) == 7
    for message in messages:
        assert message["text"]["en"] and message["text"]["ko"] != message["text"]["en"]
        assert_korean(message["text"]["ko"])


def test_the_korean_check_helper_catches_english():
    for leftover in ("set predicted_change and run the cell again.", "count_parameters([2, 2, 1]) is 너무 크다.",
                     "count_parameters는 함수여야 하는데 got int."):
        with pytest.raises(AssertionError):
            assert_korean(leftover)
