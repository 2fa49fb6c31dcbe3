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
    draw_network,
    exercises,
)

from conftest import assert_exercise_says, assert_korean  # noqa: E402


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


# ---------------------------------------------------------------- the exercises whose answer is not code


class Answers:
    """A trained network as the check sees it: it answers `outputs` to the four XOR inputs."""

    def __init__(self, outputs):
        self.outputs = outputs

    def forward(self, inputs):
        return self.outputs


XOR_X, XOR_Y = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0], [1.0], [0.0]])


def fake_train(learning_rate, steps):
    """Like train_xor, at once: XOR learnt up to rate 20, above it an output saturated at 1 for every input."""
    return Answers(0.1 + 0.8 * XOR_Y if learning_rate <= 20 else np.ones_like(XOR_Y)), [0.0] * steps


def exercise_context(name):
    """What the notebook's check cell passes besides the answers."""
    if name == "learns-predict-step":
        return {"gradients": GRADIENTS, "learning_rate": RATE, "actual_change": ACTUAL}
    if name == "learns-learning-rates":
        return {"train": fake_train, "inputs": XOR_X, "targets": XOR_Y}
    return {}


GRADIENTS, RATE, ACTUAL = first_step()
PREDICTED = -RATE * sum(float(np.sum(g ** 2)) for g in GRADIENTS)  # sum over w of dL/dw · (-η dL/dw)
WEIGHTS = (2 * 2 + 2 * 1, 64 * 32 + 32 * 10)  # the lines of each diagram; biases: 2 + 1 and 32 + 10
TYPE_NAMES = re.compile(r"\b(?:str|NoneType|float|int|bool|list)\b")

# (exercise, answers, correct, words the English feedback says)
EXERCISE_CASES = [
    ("learns-zero-input", (["w11", "w12"], ["b1", "W2", "b2"]), True, ()),  # dL/dw_ij = x_i delta_j
    ("learns-zero-input", ("w11, w12", "b1 W2 b2"), True, ()),
    ("learns-zero-input", (["w21", "w22"], ["b1", "W2", "b2"]), False, ("which input is 0 now",)),
    ("learns-zero-input", (["w11", "w12"], ["W1", "b1", "W2", "b2"]), False, ("both inputs are 0",)),
    ("learns-count-parameters", (WEIGHTS[0] + 3, WEIGHTS[1] + 32 + 10), True, ()),
    ("learns-count-parameters", WEIGHTS, False, ("not the biases",)),
    ("learns-predict-step", (PREDICTED,), True, ()),
    ("learns-predict-step", (ACTUAL,), False, ("actual change",)),
    ("learns-predict-step", (-PREDICTED,), False, ("wrong sign",)),
    ("learns-predict-step", (-PREDICTED / RATE,), False, ("sum of the squared gradients",)),
    ("learns-learning-rates", ([0.1, 0.5, 2, 10, 20],), True, ()),
    ("learns-learning-rates", ("0.1, 0.5, 2, 10, 20, 50, 100",), False, ("take out 50, 100",)),
    ("learns-learning-rates", ([2, 10, 20],), False, ("choose 2 more",)),
]


def test_the_zero_input_answers_are_the_networks_own_gradients():
    network = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", seed=1)
    for x, zero_rows in (([0.0, 1.0], [0]), ([0.0, 0.0], [0, 1])):
        y_hat = network.forward(np.array([x]))
        weight_grads, bias_grads = network.backward(squared_error_grad(y_hat, np.array([[1.0]])))
        assert [i for i in range(2) if np.all(weight_grads[0][i] == 0)] == zero_rows
        assert all(np.any(g != 0) for g in (bias_grads[0], weight_grads[1], bias_grads[1]))


@pytest.mark.parametrize("name, answers, correct, words", EXERCISE_CASES)
def test_each_exercise_knows_its_answer_and_the_likely_mistakes(name, answers, correct, words):
    assert_exercise_says(exercises, name, answers, correct, words, exercise_context(name))


def test_a_wrong_prediction_does_not_give_the_right_one_away():
    forgot_rate = exercises.check("learns-predict-step", PREDICTED / RATE, **exercise_context("learns-predict-step"))
    assert forgot_rate.correct is False and f"{PREDICTED:.4f}" not in str(forgot_rate)


@pytest.mark.parametrize("name", sorted(exercises))
def test_each_exercise_without_an_answer_or_with_a_malformed_one(name):
    fields = exercises[name].fields
    empty = exercises.check(name, *[None] * len(fields), **exercise_context(name))
    assert empty.correct is None and str(empty).startswith("No answer yet")
    malformed = exercises.check(name, *["1/0" if f.kind in ("number", "whole") else "abc" for f in fields],
                                **exercise_context(name))
    assert malformed.correct is False and not TYPE_NAMES.search(str(malformed)), str(malformed)


# ---------------------------------------------------------------- in English and Korean

def no_argument():
    return 9


COUNT_CASES = [
    (None, "No answer yet: define count_parameters and run the cell again."),
    (9, "Not yet: count_parameters should be a function (defined with def), but it is a number."),
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


def test_the_korean_check_helper_catches_english():
    for leftover in ("set predicted_change and run the cell again.", "count_parameters([2, 2, 1]) is 너무 크다.",
                     "count_parameters는 함수여야 하는데 got int."):
        with pytest.raises(AssertionError):
            assert_korean(leftover)


def test_the_output_maps_show_each_networks_own_outputs_over_the_square():
    from backprop.book.how_a_network_learns import draw_output_maps

    inputs = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    targets = np.array([[0.0], [1.0], [1.0], [0.0]])
    networks = [MLP([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=s) for s in (0, 1)]
    fig = draw_output_maps([("first", networks[0]), ("second", networks[1])], inputs, targets, resolution=21)
    try:
        maps = [ax for ax in fig.axes if ax.images]
        assert [ax.get_title() for ax in maps] == ["first", "second"]
        for ax, network in zip(maps, networks):
            shown = ax.images[0].get_array()
            assert shown.shape == (21, 21)
            # Row i, column j is the output at x2 = axis[i], x1 = axis[j] (origin lower), corners included.
            axis = np.linspace(-0.25, 1.25, 21)
            for i, j in ((0, 0), (0, 20), (20, 0), (7, 13)):
                expected = network.forward(np.array([[axis[j], axis[i]]]))[0, 0]
                assert shown[i, j] == pytest.approx(expected, abs=1e-12)
            assert len(ax.collections) == 2  # the points of target 0 and of target 1
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="at least one"):
        draw_output_maps([], inputs, targets)
