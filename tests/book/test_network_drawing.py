"""Drawing a fully connected network: one circle per unit, one line per weight, clear errors."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

from backprop import MLP  # noqa: E402
from backprop.book.network_drawing import (  # noqa: E402
    LAYER_COLORS,
    MAX_LAYERS,
    MAX_UNITS,
    RADIUS,
    _tint,
    connections,
    default_labels,
    draw_network,
    layer_names,
    unit_positions,
)
from backprop.book.style import INK  # noqa: E402

from conftest import contrast


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def circles(ax):
    return [patch for patch in ax.patches if isinstance(patch, Circle)]


def texts(ax):
    return [text.get_text() for text in ax.texts]


@pytest.mark.parametrize("sizes", [[2, 2, 1], [2, 4, 1], [3, 1], [4, 6, 6, 3], [1, 1, 1, 1, 1]])
def test_one_circle_per_unit_and_one_line_per_weight(sizes):
    ax = draw_network(sizes)
    n_weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert len(circles(ax)) == sum(sizes)
    assert len(ax.lines) == n_weights == len(connections(sizes))
    # As many weights as MLP has: a line is an entry of a weight matrix.
    assert n_weights == sum(W.size for W in MLP(sizes, seed=0).weights)


def test_every_line_joins_the_two_units_its_weight_connects():
    sizes = [2, 3, 1]
    ax = draw_network(sizes)
    unit = {patch.get_gid(): patch.center for patch in circles(ax)}
    assert set(unit) == {f"unit-{layer}-{i}" for layer, size in enumerate(sizes) for i in range(size)}
    lines = {line.get_gid(): line for line in ax.lines}
    assert set(lines) == {f"weight-{layer}-{i}-{j}" for layer, i, j in connections(sizes)}
    for layer, i, j in connections(sizes):
        xs, ys = lines[f"weight-{layer}-{i}-{j}"].get_data()
        assert (xs[0], ys[0]) == pytest.approx(unit[f"unit-{layer}-{i}"])
        assert (xs[1], ys[1]) == pytest.approx(unit[f"unit-{layer + 1}-{j}"])


def test_the_2_2_1_network_is_labelled_as_the_chapter_names_it():
    ax = draw_network([2, 2, 1], title="A tiny network")
    found = texts(ax)
    for label in ("$x_{1}$", "$x_{2}$", "$h_{1}$", "$h_{2}$", "$\\hat{y}$", "input", "hidden", "output",
                  "$W_{1}$", "$W_{2}$"):
        assert label in found
    assert ax.get_title() == "A tiny network"


def test_layers_are_columns_centred_with_the_first_unit_on_top():
    positions = unit_positions([2, 3, 1])
    assert [len(column) for column in positions] == [2, 3, 1]
    for column in positions:
        xs, ys = zip(*column)
        assert len(set(xs)) == 1 and sum(ys) == pytest.approx(0.0)
        assert list(ys) == sorted(ys, reverse=True)
    assert positions[0][0][0] < positions[1][0][0] < positions[2][0][0]
    # Circles do not touch: neighbours in a column are more than two radii apart.
    assert positions[1][0][1] - positions[1][1][1] > 2 * RADIUS


def test_default_labels_and_layer_names_for_deeper_and_wider_networks():
    assert default_labels([2, 2, 1]) == [["$x_{1}$", "$x_{2}$"], ["$h_{1}$", "$h_{2}$"], ["$\\hat{y}$"]]
    labels = default_labels([12, 2, 2, 2])
    assert labels[0][-1] == "$x_{12}$" and labels[1][0] == "$h^{(1)}_{1}$"
    assert labels[3] == ["$\\hat{y}_{1}$", "$\\hat{y}_{2}$"]
    assert layer_names([2, 2, 1]) == ["input", "hidden", "output"]
    assert layer_names([2, 3, 3, 1]) == ["input", "hidden 1", "hidden 2", "output"]
    assert layer_names([3, 1]) == ["input", "output"]


def test_custom_labels_replace_the_default_ones():
    ax = draw_network([2, 1], labels=[["a", "b"], ["out"]])
    assert {"a", "b", "out"} <= set(texts(ax)) and "$x_{1}$" not in texts(ax)


def test_it_draws_on_a_given_axes_and_returns_it():
    fig, ax = plt.subplots()
    assert draw_network([2, 2, 1], ax) is ax
    assert len(fig.axes) == 1 and not ax.axison


def test_a_new_figure_stays_compact_for_a_phone():
    width, height = draw_network([2, 2, 1]).figure.get_size_inches()
    assert width <= 5.0 and height <= 3.5
    ax = draw_network([2, 2, 1])
    assert min(text.get_fontsize() for text in ax.texts) >= 11


def test_text_and_circles_have_contrast_on_white():
    for color in LAYER_COLORS.values():
        assert contrast(INK, _tint(color)) >= 7  # labels on the circles' fill
        assert contrast(color, "#ffffff") >= 3  # the circles' outline against the page


@pytest.mark.parametrize("sizes, error, words", [
    (None, TypeError, "list of layer sizes"),
    ("221", TypeError, "list of layer sizes"),
    (3, TypeError, "list of layer sizes"),
    ([2], ValueError, "2 to"),
    ([2] * (MAX_LAYERS + 1), ValueError, "2 to"),
    ([2, 0, 1], ValueError, "sizes[1]"),
    ([2, -1, 1], ValueError, "sizes[1]"),
    ([2, MAX_UNITS + 1], ValueError, "unreadable"),
    ([2, 2.0, 1], TypeError, "sizes[1]"),
    ([2, True, 1], TypeError, "sizes[1]"),
    ([2, "2", 1], TypeError, "sizes[1]"),
])
def test_bad_sizes_are_clear_errors(sizes, error, words):
    with pytest.raises(error, match=re.escape(words)):
        draw_network(sizes)


def test_numpy_integer_sizes_are_fine():
    ax = draw_network(np.array([2, 2, 1]))
    assert len(circles(ax)) == 5


@pytest.mark.parametrize("ax", ["axes", 1, plt])
def test_a_bad_ax_is_a_clear_error(ax):
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_network([2, 2, 1], ax)


@pytest.mark.parametrize("labels, error, words", [
    ("x", TypeError, "one list of strings per layer"),
    ([["a", "b"]], ValueError, "one entry per layer"),
    ([["a"], ["b"]], ValueError, "labels\\[0\\] must name the layer's 2 units"),
    ([["a", "b"], "c"], TypeError, "labels\\[1\\] must be a list"),
    ([["a", 2], ["c"]], TypeError, "labels\\[0\\]\\[1\\] must be a string"),
])
def test_bad_labels_and_title_are_clear_errors(labels, error, words):
    with pytest.raises(error, match=words):
        draw_network([2, 1], labels=labels)
    with pytest.raises(TypeError, match="title must be a string"):
        draw_network([2, 1], title=3)
