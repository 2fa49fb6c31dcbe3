"""Chapter 5's own module: the exercises' self-checks, the figure helper and what the chapter imports
(backprop.book.vanishing_gradients)."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.book import gradient_explorer, layer_gradients, signal_variance, vanishing_gradients
from backprop.book.signal_variance import backward_signal_rms
from backprop.book.vanishing_gradients import (
    check_explosion_factor,
    check_leaky_gain,
    check_sigmoid_depth,
    check_variance_factor,
    plot_layer_bars,
)


def test_the_chapter_module_passes_on_the_helpers_of_its_modules_unchanged():
    homes = (layer_gradients, signal_variance, gradient_explorer)
    for name in vanishing_gradients.__all__:
        value = getattr(vanishing_gradients, name)
        owners = [module for module in homes if getattr(module, name, None) is value]
        assert owners or value.__module__ == vanishing_gradients.__name__, name


# ---------------------------------------------------------------- self-checks


def test_check_sigmoid_depth():
    assert check_sigmoid_depth(None).correct is None
    assert check_sigmoid_depth(10).correct is True  # 0.25^10 < 1e-6 < 0.25^9
    assert check_sigmoid_depth(11).correct is False and "fewer" in check_sigmoid_depth(11).message
    assert check_sigmoid_depth(9).correct is False and "more" in check_sigmoid_depth(9).message
    assert check_sigmoid_depth(9.5).correct is False
    assert check_sigmoid_depth(2, threshold=0.1).correct is True
    assert "10" not in check_sigmoid_depth(3).message


def test_check_variance_factor():
    assert check_variance_factor(None, "standard", 64, "relu").correct is None
    assert check_variance_factor(1 / 6, "standard", 64, "relu").correct is True
    wrong = check_variance_factor(1 / 3, "standard", 64, "relu")
    assert wrong.correct is False and "too large" in wrong.message
    assert check_variance_factor("a lot", "standard", 64, "relu").correct is False


def test_check_explosion_factor():
    assert check_explosion_factor(None, 12).correct is None
    assert check_explosion_factor(4096, 12).correct is True
    too_small = check_explosion_factor(2**11, 12)
    assert too_small.correct is False and "too small" in too_small.message
    # Measured: the mean square of dL/da at the input over that at the output of 12 He-initialized linear layers.
    rms = backward_signal_rms("he", "identity", width=128, depth=12, n_samples=512)
    assert (rms[0] / rms[-1]) ** 2 == pytest.approx(4096, rel=0.4)


def test_check_leaky_gain():
    assert check_leaky_gain(None, 0.2).correct is None
    assert check_leaky_gain(2 / 1.04, 0.2).correct is True
    assert "He" in check_leaky_gain(2, 0.2).message
    assert check_leaky_gain(1.0, 0.2).correct is False


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


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: check_sigmoid_depth(3, threshold=0), ValueError, "threshold"),
        (lambda: check_leaky_gain(2, slope=-0.1), ValueError, "slope"),
        (lambda: check_explosion_factor(2, depth=0), ValueError, "depth"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
