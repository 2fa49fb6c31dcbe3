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
