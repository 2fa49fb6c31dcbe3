"""The figure style: applied only on request, and legible on light and dark pages."""

from __future__ import annotations

import json
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from backprop.book.style import BACKGROUND, COLORS, INK, SMALLEST_TEXT_PT, book_style  # noqa: E402

from conftest import NOTEBOOKS, ROOT, contrast  # noqa: E402


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


DRAWINGS = ("graph_drawing.py", "layer_flow.py")
"""The modules that draw graph drawings, held to SMALLEST_TEXT_PT["drawing"]."""
SIZE = re.compile(r"""(?:fontsize["']?\s*[=:]|\b[A-Z_]*TEXT_SIZE\s*=)\s*([0-9.]+)"""
                  r"""|fontsize\s*=\s*["'](x*-?small|smaller)""")


def test_no_figure_draws_text_smaller_than_the_book_keeps_readable():
    from matplotlib.font_manager import font_scalings

    from backprop.book.style import BOOK_STYLE

    with book_style():
        for key, value in matplotlib.rcParams.items():
            if key.endswith(("fontsize", "labelsize", "titlesize")) or key == "font.size":
                size = value if isinstance(value, (int, float)) else (
                    BOOK_STYLE["font.size"] * font_scalings.get(value, 1.0) if value in font_scalings else None)
                if size is not None:
                    assert size >= SMALLEST_TEXT_PT["figure"], (key, value)
    # The backward player's SVG sizes its text in its own units and is drawn at 11 px per 9 of them
    # (backward_svg; tests/book/test_backward_player.py measures it in Chromium).
    sources = [(path.name, path.read_text(encoding="utf-8"))
               for path in sorted((ROOT / "lib" / "backprop" / "book").glob("*.py"))
               if path.name != "backward_svg.py"]
    sources += [(path.name, "\n".join("".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))
                                      ["cells"] if cell["cell_type"] == "code")) for path in NOTEBOOKS]
    for name, text in sources:
        floor = SMALLEST_TEXT_PT["drawing" if name in DRAWINGS else "figure"]
        for number, word in SIZE.findall(text):
            assert not word, f"{name}: a relative font size ({word}) below the book's"
            assert float(number) >= floor, f"{name}: text of {number} pt, below {floor}"
    assert SIZE.findall('ax.text(0, 0, "a", fontsize=8)') == [("8", "")]
    assert SIZE.findall('{"fontsize": 9, "zorder": 3}') == [("9", "")]
    assert SIZE.findall('TEXT_SIZE = 10.5; rng.normal(size=3); legend(fontsize="small")') == [
        ("10.5", ""), ("", "small")]


def test_the_books_script_keeps_figures_at_the_readable_width_of_that_text():
    script = (ROOT / "_static" / "book.js").read_text(encoding="utf-8")
    assert (f"READABLE = {{ figure: 10 / ({SMALLEST_TEXT_PT['figure']} * 100 / 72), "
            f"drawing: 10 / ({SMALLEST_TEXT_PT['drawing']} * 100 / 72) }}") in script
    from backprop.book.style import BOOK_STYLE

    assert BOOK_STYLE["figure.dpi"] == 100, "a point is 100/72 px at a figure's stored size"


def test_a_stored_figure_is_the_retina_drawing_in_a_palette_at_twice_its_size():
    """`sharp_png`: twice the figure's pixels with its size in the metadata, the colours of IPython's
    own retina PNG (the lightly compressed intermediate changes no pixel), at most `PNG_COLORS` of them."""
    import base64
    import io

    import numpy as np
    from IPython.core.pylabtools import retina_figure
    from PIL import Image

    from backprop.book.style import PNG_COLORS, sharp_png

    with book_style():
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.plot([0, 1, 2], [1, 0, 2], label="a line")
        ax.set_title("a figure")
        ax.legend()
        encoded, metadata = sharp_png(fig)
        reference, _ = retina_figure(fig, bbox_inches="tight")
        plt.close(fig)
    stored = Image.open(io.BytesIO(base64.b64decode(encoded)))
    drawn = Image.open(io.BytesIO(reference)).convert("RGB")
    assert stored.mode == "P" and len(stored.getcolors()) <= PNG_COLORS
    assert stored.size == drawn.size
    assert (metadata["width"], metadata["height"]) == (drawn.width // 2, drawn.height // 2)
    expected = drawn.quantize(PNG_COLORS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    assert np.array_equal(np.asarray(stored.convert("RGB")), np.asarray(expected.convert("RGB")))
    assert sharp_png(plt.figure()) is None  # an empty figure shows nothing
