"""The figure style: applied only on request, and legible on light and dark pages."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from backprop import COLORS, book_style, plot_loss_curve  # noqa: E402
from backprop.plotting import BACKGROUND, INK  # noqa: E402

from conftest import contrast  # noqa: E402


def test_importing_and_using_the_context_leaves_global_style_alone():
    before = dict(matplotlib.rcParams)
    with book_style():
        assert matplotlib.rcParams["figure.facecolor"] == BACKGROUND
    assert dict(matplotlib.rcParams) == before


def test_figures_are_opaque_so_they_read_on_dark_pages():
    with book_style():
        fig, _ = plt.subplots()
        assert mcolors.to_rgba(fig.get_facecolor())[3] == 1.0
        plt.close(fig)


@pytest.mark.parametrize("name", COLORS)
def test_palette_and_ink_contrast_with_the_figure_background(name):
    assert contrast(COLORS[name], BACKGROUND) >= 3.0  # WCAG minimum for graphics
    assert contrast(INK, BACKGROUND) >= 7.0


def test_plot_loss_curve_draws_one_line_per_call():
    with book_style():
        ax = plot_loss_curve([1.0, 0.5, 0.25], label="run")
        plot_loss_curve([2.0, 1.0], ax=ax, label="other")
        assert len(ax.lines) == 2 and ax.get_yscale() == "log"
        plt.close(ax.figure)
