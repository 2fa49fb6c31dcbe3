"""The figure style: applied only on request, and legible on light and dark pages."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from backprop.book.style import BACKGROUND, COLORS, INK, book_style  # noqa: E402

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


def test_the_style_sets_the_palette_as_the_colour_cycle_and_imports_no_matplotlib_itself():
    import subprocess
    import sys

    code = ("import sys; import backprop.book.style as s; assert 'matplotlib' not in sys.modules; "
            "print(s.rc_params()['axes.prop_cycle'].by_key()['color'] == list(s.COLORS.values()))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "True\n"


def test_every_drawing_helper_refuses_what_is_not_an_axes():
    from backprop import Value
    from backprop.book.backpropagation import draw_worked_network
    from backprop.book.gradient_descent import SURFACES, descent_path, plot_descent_path, plot_surface
    from backprop.book.graph_drawing import draw_graph
    from backprop.book.vanishing_gradients import plot_layer_bars

    calls = [
        lambda ax: draw_worked_network(ax=ax),
        lambda ax: plot_surface("parabola", ax=ax),
        lambda ax: plot_descent_path(descent_path("parabola", 0.1, 3), SURFACES["parabola"], ax=ax),
        lambda ax: draw_graph(Value(1.0) * 2.0, ax=ax),
        lambda ax: plot_layer_bars({"sigmoid": [1.0, 0.1]}, ax=ax),
    ]
    for call in calls:
        for bad in ("ax", 3, plt):
            with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
                call(bad)
    plt.close("all")
