"""Chapter 5's own module: the exercises' self-checks, the figure helper and what the chapter imports
(backprop.book.vanishing_gradients)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from backprop.book import gradient_explorer, layer_gradients, signal_variance, vanishing_gradients
from backprop.book.signal_variance import backward_signal_rms
from backprop.book.vanishing_gradients import (
    check_explosion_factor,
    check_leaky_gain,
    check_sigmoid_depth,
    check_variance_factor,
    exercise_box,
    plot_layer_bars,
)

from conftest import HANGUL


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
    assert check_sigmoid_depth(11).correct is False and "fewer" in check_sigmoid_depth(11).text("en")
    assert check_sigmoid_depth(9).correct is False and "more" in check_sigmoid_depth(9).text("en")
    assert check_sigmoid_depth(9.5).correct is False
    assert check_sigmoid_depth(2, threshold=0.1).correct is True
    assert "10" not in check_sigmoid_depth(3).text("en")


def test_check_variance_factor():
    assert check_variance_factor(None, "standard", 64, "relu").correct is None
    assert check_variance_factor(1 / 6, "standard", 64, "relu").correct is True
    wrong = check_variance_factor(1 / 3, "standard", 64, "relu")
    assert wrong.correct is False and "too large" in wrong.text("en")
    assert check_variance_factor("a lot", "standard", 64, "relu").correct is False


def test_check_explosion_factor():
    assert check_explosion_factor(None, 12).correct is None
    assert check_explosion_factor(4096, 12).correct is True
    too_small = check_explosion_factor(2**11, 12)
    assert too_small.correct is False and "too small" in too_small.text("en")
    # Measured: the mean square of dL/da at the input over that at the output of 12 He-initialized linear layers.
    rms = backward_signal_rms("he", "identity", width=128, depth=12, n_samples=512)
    assert (rms[0] / rms[-1]) ** 2 == pytest.approx(4096, rel=0.4)


def test_check_leaky_gain():
    assert check_leaky_gain(None, 0.2).correct is None
    assert check_leaky_gain(2 / 1.04, 0.2).correct is True
    assert "He" in check_leaky_gain(2, 0.2).text("en")
    assert check_leaky_gain(1.0, 0.2).correct is False


ENGLISH_RUN = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # three English words in a row: a sentence left over


def assert_korean(text):
    """`text` is Korean: it has Hangul and no run of English words (code names are single words)."""
    assert text and HANGUL.search(text), text
    assert not ENGLISH_RUN.search(re.sub(r"`[^`]*`", "", text)), text


NOT_NUMBERS = (None, "a lot", True, float("nan"), float("inf"), [1.0], np.float64(1.0))


def test_every_self_check_speaks_korean_for_every_answer():
    checks = {
        "depth": (lambda a: check_sigmoid_depth(a), (10, 11, 9, 1, 100, 9.5, np.int64(10), -3)),
        "factor": (lambda a: check_variance_factor(a, "standard", 64, "relu"), (1 / 6, 1 / 3, 0.01, 0, -1)),
        "explosion": (lambda a: check_explosion_factor(a, 12), (4096, 2**11, 2**13, 4096.0)),
        "gain": (lambda a: check_leaky_gain(a, 0.2), (2 / 1.04, 2, 2.0, 1.0, 3.0)),
    }
    for name, (check, answers) in checks.items():
        for answer in answers + NOT_NUMBERS:
            feedback = check(answer)
            assert_korean(feedback.texts()["ko"])
            assert str(feedback) == feedback.texts()["en"] and not HANGUL.search(feedback.texts()["en"]), name


def test_the_self_checks_english_is_unchanged():
    assert str(check_sigmoid_depth(10)) == "Right: 0.25^10 is below 1e-06 and 0.25^9 is not."
    assert str(check_sigmoid_depth(11)) == "Not yet: 0.25^10 is already below 1e-06: fewer layers suffice."
    assert str(check_sigmoid_depth(9)) == "Not yet: 0.25^9 is still above 1e-06: you need more layers."
    assert str(check_sigmoid_depth(None)) == "No answer yet: set your answer and run the cell again."
    assert str(check_sigmoid_depth(9.5)) == "Not yet: the depth should be a whole number of layers, got float."
    assert str(check_variance_factor(1, "standard", 64, "relu")) == "Not yet: your factor is too large."
    assert str(check_leaky_gain(None, 0.2)) == "No answer yet: set your gain and run the cell again."
    assert str(check_leaky_gain(2, 0.2)) == ("Not yet: 2 is He's gain for the plain ReLU; the leaky part passes "
                                             "slope^2 too.")
    assert check_sigmoid_depth(10).texts()["ko"] == "정답: 0.25^10의 값은 1e-06보다 작고, 0.25^9의 값은 그렇지 않다."


@pytest.mark.parametrize("label", ["vanishing-sigmoid-depth", "vanishing-predict-factor", "vanishing-explosion",
                                   "vanishing-leaky-gain"])
def test_every_answer_box_has_its_title_and_messages_in_both_languages(label):
    box = exercise_box(label)
    assert box.title.texts()["en"].startswith("Your") and HANGUL.search(box.title.texts()["ko"])
    messages = [box.spec["messages"]["right"], box.spec["messages"]["empty"]]
    messages += [field[kind] for field in box.spec["fields"] for kind in ("large", "small", "nan")]
    messages += [message for field in box.spec["fields"] for _, message in field["special"]]
    for message in messages:
        assert_korean(message["text"]["ko"])


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
