"""Chapter 5 (vanishing gradients): the explorer of gradient size by layer, and its live figure.

`vanishing_gradient_explorer` takes depth, activation and initialization as controls and shows the
per-layer gradient sizes of `gradient_profile` as bars on a log axis, with a verdict
(`gradient_verdict`: vanishing, flowing or exploding) and a sentence (`describe_gradients`). It is
live in Jupyter (`_LiveGradientFigure`, a blitted matplotlib figure) and kernel-free in the book
(a `StaticExplorer` over the depths `EXPLORER_DEPTHS`).

`backprop.book.vanishing_gradients` re-exports the public names for the chapter.
"""

from __future__ import annotations

import math

import numpy as np

from .._checks import as_finite_array, choice, count
from ..initializers import INITIALIZERS
from .explorer import Explorer, Frame, StaticExplorer, View, bars, select, slider
from .layer_gradients import gradient_profile
from .live import BlitFigure, LiveExplorer
from .style import COLORS, INK, book_style

EXPLORER_DEPTHS = (2, 3, 4, 6, 8, 10, 15, 20, 30)
"""Depths (weight layers) the static explorer offers; the live one takes any depth from 2 to 30."""

EXPLORER_ACTIVATIONS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
                        "identity": "none (linear)"}
EXPLORER_INITS = {"standard": "standard, uniform ±1/√n", "xavier": "Xavier (Glorot)", "he": "He"}
GRADIENT_VERDICTS = {"vanishing": "Vanishing", "flowing": "Flowing", "exploding": "Exploding"}
VANISHING_BELOW = 1e-4
EXPLODING_ABOVE = 1e2
"""A first layer whose gradient (RMS of dW, on `regression_problem`) is below `VANISHING_BELOW` learns
nothing in a few hundred steps at a learning rate that suits the output layer; one above
`EXPLODING_ABOVE` makes such a step throw its weights far away."""
EXPLORER_YLIM = (1e-16, 1e10)


def gradient_verdict(norms) -> str:
    """The verdict on a per-layer gradient profile, judged by the first layer's size norms[0].

    "vanishing" below `VANISHING_BELOW`, "exploding" above `EXPLODING_ABOVE`, else "flowing".
    """
    norms = as_finite_array(norms, "norms", ndim=1)
    if norms.size == 0:
        raise ValueError("norms must hold at least one layer")
    if norms[0] < VANISHING_BELOW:
        return "vanishing"
    return "exploding" if norms[0] > EXPLODING_ABOVE else "flowing"


def _short(x: float) -> str:
    return f"{x:.2g}" if 1e-3 <= abs(x) < 1e3 else f"{x:.1e}"


def describe_gradients(norms) -> str:
    """One sentence on a per-layer gradient profile: the first and last layers and their ratio."""
    norms = as_finite_array(norms, "norms", ndim=1)
    if norms.size == 0:
        raise ValueError("norms must hold at least one layer")
    ratio = norms[0] / norms[-1] if norms[-1] > 0 else math.inf
    text = (f"Layer 1 gets a gradient of {_short(norms[0])}, the output layer {_short(norms[-1])}: "
            f"the first layer gets {_short(ratio)} times as much as the last.")
    if norms.min() < EXPLORER_YLIM[0]:
        text += f" Bars below {EXPLORER_YLIM[0]:.0e} are cut off at the axis."
    return text


def _layer_ticks(depth):
    step = 1 if depth <= 10 else 5
    shown = [1] + list(range(step, depth + 1, step)) if step > 1 else list(range(1, depth + 1))
    return tuple((layer - 1, str(layer)) for layer in sorted(set(shown)))


def _explorer_view(depth):
    decades = range(-16, 11, 4)
    return View(xlim=(-0.5, depth - 0.5), ylim=EXPLORER_YLIM, xlabel="layer (1 = next to the input)",
                ylabel="gradient size (RMS of dW)", yscale="log", xticks=_layer_ticks(depth),
                yticks=tuple((10.0**d, f"1e{d}") for d in decades))


def _explorer_controls(depth, activation, init):
    return [
        slider("depth", "depth (layers)", EXPLORER_DEPTHS, default=depth),
        select("activation", "activation", EXPLORER_ACTIVATIONS, default=activation),
        select("init", "initialization", EXPLORER_INITS, default=init),
    ]


class _LiveGradientFigure:
    """The live explorer's figure (no pyplot): axes drawn once, bars and layer labels redrawn.

    The x axis runs over [0, 1] whatever the depth, so the axes, the log y axis and the labels are
    rendered once and frozen (`BlitFigure`). A change only places and sizes the first `depth` bars
    and the layer numbers under them, and draws those on the frozen background: an update costs the
    same for every depth, well inside a frame.
    """

    def __init__(self):
        from matplotlib.figure import Figure

        depth_max = max(EXPLORER_DEPTHS)
        with book_style():
            figure = Figure(figsize=(6.4, 4.0), dpi=100)
            ax = figure.add_subplot()
            ax.set_yscale("log")
            ax.set_ylim(*EXPLORER_YLIM)
            ax.set_xlim(0.0, 1.0)
            ax.set_xticks([])
            ax.set_xlabel("layer (1 = next to the input)", labelpad=18)
            ax.set_ylabel("gradient size (RMS of dW)")
            ax.grid(axis="x", visible=False)
            ax.set_axisbelow(True)
            self.bars = list(ax.bar(np.zeros(depth_max), np.ones(depth_max), width=0.01, align="edge",
                                    color=COLORS["blue"], animated=True))
            self.labels = [ax.text(0.0, -0.02, "", transform=ax.get_xaxis_transform(), ha="center", va="top",
                                   color=INK, animated=True) for _ in range(depth_max)]
            figure.tight_layout()
        self.blit = BlitFigure(figure)
        self.blit.freeze()

    def png(self, norms) -> bytes:
        depth = norms.size
        slot = 1.0 / depth
        for layer, (bar, height) in enumerate(zip(self.bars, np.maximum(norms, EXPLORER_YLIM[0]))):
            bar.set_x((layer + 0.15) * slot)
            bar.set_width(0.7 * slot)
            bar.set_height(height)
        ticks = dict(_layer_ticks(depth))
        shown = []
        for layer, label in enumerate(self.labels[:depth]):
            if layer in ticks:
                label.set_text(ticks[layer])
                label.set_x((layer + 0.5) * slot)
                shown.append(label)
        return self.blit.png(self.bars[:depth] + shown)


def vanishing_gradient_explorer(depth: int = 10, activation: str = "sigmoid", init: str = "xavier", seed=1):
    """The vanishing-gradient explorer: per-layer gradient sizes of a fresh deep network, as bars.

    Controls: the depth (weight layers, 2 to 30), the hidden activation (`EXPLORER_ACTIVATIONS`) and
    the initialization ("standard", "xavier", "he"). Each setting shows `gradient_profile` (width 32,
    network seed `seed`, an int) on a log axis, the verdict of `gradient_verdict` and the sentence of
    `describe_gradients`. Displayed in Jupyter it is a live ipywidgets figure; in the built book its
    static view (depths on the grid `EXPLORER_DEPTHS`; the state kept in the URL as
    ``?vanishing.depth=...&vanishing.activation=...&vanishing.init=...``). Returns a
    `backprop.book.explorer.Explorer`.
    """
    depth = count(depth, "depth", minimum=2)
    if depth > max(EXPLORER_DEPTHS):
        raise ValueError(f"depth must be at most {max(EXPLORER_DEPTHS)} in the explorer, got {depth}")
    activation = choice(activation, "activation", EXPLORER_ACTIVATIONS)
    init = choice(init, "init", INITIALIZERS)
    seed = count(seed, "seed")  # an int, so that every frame builds the same network
    controls = _explorer_controls(depth, activation, init)

    def profile(depth, activation, init):
        return gradient_profile(depth, activation, init, width=32, seed=seed)

    def frame(depth, activation, init):
        norms = profile(depth, activation, init)
        return Frame(f"d{depth}", (bars(np.maximum(norms, EXPLORER_YLIM[0]), "bar"),), describe_gradients(norms),
                     gradient_verdict(norms))

    views = {f"d{d}": _explorer_view(d) for d in EXPLORER_DEPTHS}
    static = StaticExplorer("vanishing", "Gradient size by layer at initialization", controls, views, frame,
                            verdicts=GRADIENT_VERDICTS)

    def live():
        figure = _LiveGradientFigure()

        def draw(depth, activation, init):
            norms = profile(int(depth), activation, init)
            return figure.png(norms), GRADIENT_VERDICTS[gradient_verdict(norms)], describe_gradients(norms)

        return LiveExplorer(controls, draw, {"depth": depth, "activation": activation, "init": init})

    text = f"vanishing_gradient_explorer(depth={depth}, activation={activation!r}, init={init!r})"
    return Explorer(static, live, text)
