"""Chapter 5 (vanishing gradients): the explorer of gradient size by layer, and its live figure.

`vanishing_gradient_explorer` takes depth, activation and initialization as controls and shows the
per-layer gradient sizes of `gradient_profile` as bars on a log axis, with a verdict
(`gradient_verdict`: by the profile's shape, vanishing, growing or level; a level one by its size,
flowing, tiny or huge) and a sentence (`describe_gradients`) built from the same numbers, so that
the two never disagree. Its title, labels, verdicts and sentences are `Text`s, in English and
Korean (`backprop.book.language`); axis labels, drawn in the figure, stay English. It is
live in Jupyter (`_LiveGradientFigure`, a blitted matplotlib figure) and kernel-free in the book
(a `StaticExplorer` over the depths `EXPLORER_DEPTHS`).

`backprop.book.vanishing_gradients` re-exports the public names for the chapter.
"""

from __future__ import annotations

import math

import numpy as np

from ..checks import as_finite_array, choice, count
from ..initializers import INITIALIZERS
from .explorer import Explorer, Frame, StaticExplorer, View, bars
from .explorer_controls import select, slider
from .language import Text, join
from .layer_gradients import gradient_profile
from .live import BlitFigure, LiveExplorer
from .style import COLORS, INK, book_style

EXPLORER_DEPTHS = (2, 3, 4, 6, 8, 10, 15, 20, 30)
"""Depths (weight layers) the static explorer offers; the live one takes any depth from 2 to 30."""

EXPLORER_ACTIVATIONS = {"sigmoid": Text("sigmoid"), "tanh": "tanh", "relu": "ReLU",
                        "leaky_relu": Text("leaky ReLU"), "identity": Text("none (linear)")}
"""The activations the explorer offers, by key, in the words it shows (a name such as "tanh" is the same in both)."""
EXPLORER_INITS = {"standard": Text("standard, uniform ±1/√n"), "xavier": "Xavier (Glorot)", "he": "He"}
"""The initializations the explorer offers, by key, in the words it shows."""
GRADIENT_VERDICTS = {"vanishing": Text("Vanishing"), "growing": Text("Growing"), "flowing": Text("Flowing"),
                     "tiny": Text("Level but tiny"), "huge": Text("Level but huge")}
"""The verdicts on a gradient profile, by key, in the words the explorer shows (a `Text` each)."""
LEVEL_WITHIN = 10.0
"""A profile is level when its first layer's gradient is within this factor of its last hidden layer's."""
VANISHING_BELOW = 1e-4
EXPLODING_ABOVE = 1e2
"""A layer whose gradient (RMS of dW, on `regression_problem`) is below `VANISHING_BELOW` learns
nothing in a few hundred steps at a learning rate that suits the output layer; one above
`EXPLODING_ABOVE` makes such a step throw its weights far away."""
EXPLORER_YLIM = (1e-16, 1e10)
TITLE = Text("Gradient size by layer at initialization")
LAYER_AXIS = Text("layer (1 = next to the input)")
GRADIENT_AXIS = Text("gradient size (RMS of dW)")


def _profile(norms) -> np.ndarray:
    norms = as_finite_array(norms, "norms", ndim=1)
    if norms.size < 2:
        raise ValueError(f"norms must hold at least two layers (a hidden layer and the output), got {norms.size}")
    if np.any(norms < 0):
        raise ValueError("norms are gradient sizes: they must not be negative")
    return norms


def profile_ratio(norms) -> float:
    """How much gradient the first layer gets for each unit the last hidden layer gets.

    The output layer is left out (it is linear and narrower, so its gradient differs for reasons
    of its own), except in a network with one hidden layer, whose first layer is its last.
    """
    norms = _profile(norms)
    last = norms[-2] if norms.size > 2 else norms[-1]
    if last == 0:
        return math.inf if norms[0] > 0 else 1.0
    return float(norms[0] / last)


def gradient_verdict(norms) -> str:
    """The verdict on a per-layer gradient profile (first layer first), judged by its shape, then its scale.

    Shape first: "vanishing" if the first layer gets less than 1/`LEVEL_WITHIN` of the last
    hidden layer's gradient (`profile_ratio`), "growing" if more than `LEVEL_WITHIN` times it.
    A level profile is then judged by its size: "tiny" if even its largest hidden layer is below
    `VANISHING_BELOW`, "huge" if even its smallest is above `EXPLODING_ABOVE`, else "flowing".
    """
    norms = _profile(norms)
    ratio = profile_ratio(norms)
    if ratio < 1.0 / LEVEL_WITHIN:
        return "vanishing"
    if ratio > LEVEL_WITHIN:
        return "growing"
    hidden = norms[:-1]
    if hidden.max() < VANISHING_BELOW:
        return "tiny"
    if hidden.min() > EXPLODING_ABOVE:
        return "huge"
    return "flowing"


def _short(x: float) -> str:
    return f"{x:.2g}" if 1e-3 <= abs(x) < 1e3 else f"{x:.1e}"


LAST_HIDDEN_LAYER = Text("the last hidden layer")
OUTPUT_LAYER = Text("the output layer")

_LIMITS = {"within": f"{LEVEL_WITHIN:g}", "low": f"{VANISHING_BELOW:g}", "high": f"{EXPLODING_ABOVE:g}"}
VERDICT_SENTENCES = {
    "vanishing": Text(" Less than 1/{within}: the gradient shrinks on its way to the input, and the first layers "
                      "barely learn.", **_LIMITS),
    "growing": Text(" More than {within} times: the gradient grows on its way to the input.", **_LIMITS),
    "flowing": Text(" Within a factor of {within}, and every hidden layer between {low} and {high}: all layers learn "
                    "at similar speeds.", **_LIMITS),
    "tiny": Text(" Level, but every hidden layer's gradient is below {low}: all of them starve.", **_LIMITS),
    "huge": Text(" Level, but every hidden layer's gradient is above {high}: the forward signal grew as the backward "
                 "one did, and a step would throw the weights away.", **_LIMITS),
}
"""What each verdict means, as the second sentence of `describe_gradients`."""


def describe_gradients(norms) -> Text:
    """The sentence under a gradient profile: its first and last hidden layers, their ratio, and
    what the verdict of `gradient_verdict` means for it, so the two always tell one story.

    A `Text` (``str`` of it is the reader's language, English by default)."""
    norms = _profile(norms)
    ratio, verdict = profile_ratio(norms), gradient_verdict(norms)
    last = LAST_HIDDEN_LAYER if norms.size > 2 else OUTPUT_LAYER
    last_value = norms[-2] if norms.size > 2 else norms[-1]
    parts = [Text("Layer 1 gets a gradient of {first}, {last} {last_value}: {ratio} times as much.",
                  first=_short(norms[0]), last=last, last_value=_short(last_value), ratio=_short(ratio)),
             VERDICT_SENTENCES[verdict]]
    if norms.min() < EXPLORER_YLIM[0]:
        parts.append(Text(" Bars below {cut} are cut off at the axis.", cut=f"{EXPLORER_YLIM[0]:.0e}"))
    return join(parts, "")


def _layer_ticks(depth):
    step = 1 if depth <= 10 else 5
    shown = [1] + list(range(step, depth + 1, step)) if step > 1 else list(range(1, depth + 1))
    return tuple((layer - 1, str(layer)) for layer in sorted(set(shown)))


def _explorer_view(depth):
    decades = range(-16, 11, 4)
    return View(xlim=(-0.5, depth - 0.5), ylim=EXPLORER_YLIM, xlabel=LAYER_AXIS, ylabel=GRADIENT_AXIS,
                yscale="log", xticks=_layer_ticks(depth), yticks=tuple((10.0**d, f"1e{d}") for d in decades))


def _explorer_controls(depth, activation, init):
    return [
        slider("depth", Text("depth (layers)"), EXPLORER_DEPTHS, default=depth),
        select("activation", Text("activation"), EXPLORER_ACTIVATIONS, default=activation),
        select("init", Text("initialization"), EXPLORER_INITS, default=init),
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
    static = StaticExplorer("vanishing", TITLE, controls, views, frame, verdicts=GRADIENT_VERDICTS)

    def live():
        figure = _LiveGradientFigure()

        def draw(depth, activation, init):
            norms = profile(int(depth), activation, init)
            return figure.png(norms), GRADIENT_VERDICTS[gradient_verdict(norms)], describe_gradients(norms)

        return LiveExplorer(controls, draw, {"depth": depth, "activation": activation, "init": init})

    text = f"vanishing_gradient_explorer(depth={depth}, activation={activation!r}, init={init!r})"
    return Explorer(static, live, text)
