"""The book's one figure style.

Figures are drawn on an opaque white background with dark-gray ink and colors of medium
lightness, so they read the same on the book's light and dark page themes. Nothing here
changes matplotlib's global settings on import (nor imports matplotlib): call
`use_book_style()` once in a chapter, or wrap drawing code in ``with book_style():``.
"""

from __future__ import annotations

INK = "#222222"
GRID = "#d9d9d9"
BACKGROUND = "#ffffff"
# A colorblind-safe palette (Okabe & Ito), darkened where needed to stand out on white.
COLORS = {
    "blue": "#0072b2",
    "orange": "#d55e00",
    "green": "#009e73",
    "purple": "#7b4fa0",
    "yellow": "#b08a00",
    "sky": "#3a9bd9",
    "gray": "#6e6e6e",
}

BOOK_STYLE = {
    "figure.figsize": (5.4, 3.4),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": BACKGROUND,
    "savefig.facecolor": BACKGROUND,
    "axes.facecolor": BACKGROUND,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.titlecolor": INK,
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    "legend.frameon": True,
    "legend.framealpha": 0.9,
    "legend.edgecolor": GRID,
    "font.size": 11,
    "axes.titlesize": 12,
    "lines.linewidth": 2.0,
    "image.cmap": "viridis",
}
"""matplotlib settings of the style; `rc_params()` adds the colour cycle, which needs matplotlib."""


def rc_params() -> dict:
    """The style's matplotlib settings, colour cycle included."""
    import matplotlib as mpl

    return {**BOOK_STYLE, "axes.prop_cycle": mpl.cycler(color=list(COLORS.values()))}


def use_book_style() -> None:
    """Apply the book's figure style for the rest of the session (an explicit, visible call); in
    Jupyter, figures are shown sharp on a high-density screen too (`sharp_figures`)."""
    import matplotlib as mpl

    mpl.rcParams.update(rc_params())
    sharp_figures()


def sharp_figures() -> None:
    """In Jupyter, show every figure as `sharp_png` makes it: sharp on a 2x screen, at its size, and
    light; outside IPython, nothing."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    import matplotlib
    from matplotlib.figure import Figure

    if "inline" in matplotlib.get_backend():
        # The inline backend sets its own figure formatters when its module is first imported,
        # which matplotlib does lazily: import it first, so that this formatter stays.
        import matplotlib_inline.backend_inline  # noqa: F401
    shell.display_formatter.formatters["image/png"].for_type(Figure, sharp_png)


SMALLEST_TEXT_PT = {"figure": 11, "drawing": 9}
"""The smallest text a figure may draw, in points, and in a graph drawing (graph_drawing, layer_flow;
the chapters tag their cells "wide-figure"). The book's script keeps a figure from shrinking below
the width at which this text is 10 px (``_static/book.js``: READABLE); tests/book/test_style.py
holds the library's figures to it and tests/test_browser.py measures it on every page."""

PNG_COLORS = 256
"""The colors a stored figure keeps: a figure's flat colors and antialiased edges fit in a palette,
which makes its PNG several times smaller; no pixel moves by more than a few levels."""


def sharp_png(figure):
    """`figure` as IPython's "retina" PNG, twice its resolution with its size in the output's
    metadata (so it is shown at its size and stays sharp on a 2x screen), in a palette of
    `PNG_COLORS` colors: (base64 PNG, metadata), or None for an empty figure."""
    import base64
    import io

    from IPython.core.pylabtools import retina_figure
    from PIL import Image

    # The PNG drawn here is only read back to make the palette one: compressed lightly, it is made
    # and read in a fraction of the time, pixel for pixel the same.
    made = retina_figure(figure, bbox_inches="tight", pil_kwargs={"compress_level": 1})
    if made is None:
        return None
    png, metadata = made
    with Image.open(io.BytesIO(png)) as image:
        palette = image.convert("RGB").quantize(PNG_COLORS, method=Image.Quantize.FASTOCTREE,
                                                dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="png", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii"), metadata


def book_style():
    """A context manager that applies the book's style only inside its ``with`` block."""
    import matplotlib as mpl

    return mpl.rc_context(rc_params())


def check_axes(ax, name: str = "ax"):
    """`ax` if it is None or a matplotlib Axes to draw on; anything else is a TypeError naming it."""
    if ax is None:
        return None
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes (from plt.subplots()) or None, got {type(ax).__name__}")
    return ax
