"""Chapter 5's own module: the exercises, the figure helper and what the chapter imports
(backprop.book.vanishing_gradients)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from backprop.book import forward_collapse, gradient_explorer, layer_gradients, signal_variance, vanishing_gradients
from backprop.book.exercises import ExerciseSet
from backprop.book.signal_variance import backward_signal_rms
from backprop.book.vanishing_gradients import exercises, plot_layer_bars

from conftest import assert_korean


def test_the_chapter_module_passes_on_the_helpers_of_its_modules_unchanged():
    homes = (layer_gradients, signal_variance, gradient_explorer, forward_collapse)
    for name in vanishing_gradients.__all__:
        value = getattr(vanishing_gradients, name)
        owners = [module for module in homes if getattr(module, name, None) is value]
        assert owners or isinstance(value, ExerciseSet) or value.__module__ == vanishing_gradients.__name__, name


# ---------------------------------------------------------------- the exercises

DEPTH = next(depth for depth in range(1, 100) if 0.25**depth < 1e-6)  # the smallest L with 0.25^L < 1e-6
XAVIER_SIGMOID = (64 * 2 / (64 + 64)) * 0.25**2  # n Var(W) E[f'(z)²] at width 64, slope 1/4 at 0: 1/16
TYPE_NAMES = re.compile(r"\b(?:str|NoneType|float|int|bool|list)\b")

# (exercise, answer, correct, words the English feedback says)
EXERCISE_CASES = [
    ("vanishing-sigmoid-depth", DEPTH, True, ()),
    ("vanishing-sigmoid-depth", DEPTH + 1, False, ("0.25^(11 − 1)", "fewer layers")),
    ("vanishing-sigmoid-depth", DEPTH - 1, False, ("0.25^9", "more layers")),
    ("vanishing-sigmoid-depth", 9.5, False, ("not a whole number",)),
    ("vanishing-predict-factor", XAVIER_SIGMOID, True, ()),
    ("vanishing-predict-factor", "1/16", True, ()),
    ("vanishing-predict-factor", 0.25, False, ("slope squared",)),
    ("vanishing-predict-factor", 1, False, ("n Var(W) alone",)),
    ("vanishing-explosion", 2**12, True, ()),
    ("vanishing-explosion", "2^12", True, ()),
    ("vanishing-explosion", 2**6, False, ("RMS",)),
    ("vanishing-explosion", 2 * 12, False, ("factors multiply",)),
    ("vanishing-leaky-gain", 2 / (1 + 0.2**2), True, ()),
    ("vanishing-leaky-gain", 2, False, ("He's constant",)),
    ("vanishing-leaky-gain", 2 / 1.2, False, ("squared",)),
]


def test_the_depth_is_ten():
    assert DEPTH == 10 and 0.25**9 > 1e-6 > 0.25**10


@pytest.mark.parametrize("name, answer, correct, words", EXERCISE_CASES)
def test_each_exercise_knows_its_answer_and_the_likely_mistakes(name, answer, correct, words):
    feedback = exercises.check(name, answer)
    assert feedback.correct is correct, str(feedback)
    assert all(word in str(feedback) for word in words), str(feedback)
    assert_korean(feedback.texts()["ko"])


def test_a_wrong_depth_does_not_give_the_right_one_away():
    assert "10" not in str(exercises.check("vanishing-sigmoid-depth", 3))


@pytest.mark.parametrize("name", sorted(exercises))
def test_each_exercise_without_an_answer_or_with_a_malformed_one(name):
    empty = exercises.check(name, None)
    assert empty.correct is None and str(empty).startswith("No answer yet")
    for malformed in ("1/0", "abc"):
        feedback = exercises.check(name, malformed)
        assert feedback.correct is False and not TYPE_NAMES.search(str(feedback)), str(feedback)


def test_the_explosion_answer_is_what_twelve_he_layers_measure():
    # The mean square of dL/da at the input over that at the output of 12 He-initialized linear layers.
    rms = backward_signal_rms("he", "identity", width=128, depth=12, n_samples=512)
    assert (rms[0] / rms[-1]) ** 2 == pytest.approx(2**12, rel=0.4)


# ---------------------------------------------------------------- the figure helper


def test_plot_layer_bars_draws_one_bar_per_layer_and_series():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = plot_layer_bars({"a": [1.0, 0.1, 0.01], "b": [1.0, 1.0, 1.0]})
    assert len(ax.patches) == 6 and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    heights = sorted(p.get_height() for p in ax.patches)
    np.testing.assert_allclose(heights, [0.01, 0.1, 1, 1, 1, 1])
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="one value per layer"):
        plot_layer_bars({"a": [1.0, 2.0], "b": [1.0]})
    with pytest.raises(TypeError, match="series"):
        plot_layer_bars([1.0, 2.0])
