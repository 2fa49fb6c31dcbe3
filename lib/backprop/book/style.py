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
    "figure.figsize": (6.4, 4.0),
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
    """Apply the book's figure style for the rest of the session (an explicit, visible call)."""
    import matplotlib as mpl

    mpl.rcParams.update(rc_params())


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
