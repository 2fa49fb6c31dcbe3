"""The chapter on gradient descent (chapter 2): its figures, its explorer and its exercise checks.

- `plot_surface` and `plot_descent_path` draw a loss surface and a run of gradient descent on it.
- `learning_rate_explorer`: the chapter's interactive figure (surface, learning rate, steps).

The chapter's other helpers live in modules of their own, one idea each, and are exposed here so
that the chapter imports from this module only:

- `backprop.book.surfaces`: the loss surfaces (`SURFACES`, `quadratic_surface`, `TWO_VALLEYS`) and
  `descent_path`;
- `backprop.book.run_verdicts`: the verdict on a run (`classify_run`, `VERDICT_LABELS`, `describe_run`);
- `backprop.book.turning`: a surface turned in the plane (`turned`, `rotation`), whose steep and
  flat directions are then its Hessian's eigenvectors, not the coordinate axes;
- `backprop.book.flops`: what least squares costs, counted by `OperationCounter`, in closed form
  (`solve_normal_equations`) or by gradient steps (`least_squares_descent`);
- `backprop.book.minibatch`: `minibatch_sgd`, linear regression as an `MLP` without hidden
  layers trained by the engine's `train`, and `regression_loss`;
- `backprop.book.descent_exercises`: the chapter's exercises (`exercises`, declared once for the
  kernel's check and the page's answer box) and the checks of the two that ask for code;
- `backprop.book.xor_network`: the XOR network of chapter 1, for the sections on convexity and
  random starts (`xor_network`, `train_xor`, `xor_loss`, `swap_hidden_units`, `blend_networks`).
"""

from __future__ import annotations

import numpy as np

from ..checks import count, positive_finite, real
from .descent_exercises import check_best_learning_rate, check_descent_function, exercises
from .explorer import Explorer, Frame, StaticExplorer, View, line, points
from .explorer_controls import select, slider
from .flops import OperationCounter, descent_flops, least_squares_descent, least_squares_flops, solve_normal_equations
from .language import Text
from .live import BlitFigure, LiveExplorer
from .minibatch import minibatch_sgd, regression_loss
from .run_verdicts import SURFACE_NAMES, VERDICT_LABELS, classify_run, describe_run, verdict_and_sentence
from .style import COLORS, check_axes
from .surfaces import SURFACES, TWO_VALLEYS, as_path, descent_path, get_surface, quadratic_surface
from .turning import rotation, turned
from .xor_network import XOR_INPUTS, XOR_TARGETS, blend_networks, swap_hidden_units, train_xor, xor_loss, xor_network

# What the chapter imports from here: this module's own helpers and, re-exported, those of its idea modules.
__all__ = [
    "SURFACES", "TWO_VALLEYS", "VERDICT_LABELS", "OperationCounter", "classify_run", "describe_run",
    "descent_flops", "descent_path", "least_squares_descent", "least_squares_flops", "minibatch_sgd",
    "quadratic_surface", "turned", "rotation", "regression_loss", "solve_normal_equations", "plot_surface",
    "plot_descent_path",
    "LANDMARK_LABELS", "learning_rate_explorer", "EXPLORER_LEARNING_RATES", "EXPLORER_STEPS", "EXPLORER_MOMENTA",
    "check_descent_function", "check_best_learning_rate", "exercises",
    "XOR_INPUTS", "XOR_TARGETS", "xor_network", "xor_loss", "train_xor", "swap_hidden_units", "blend_networks",
]

# ---------------------------------------------------------------- figures and the learning-rate explorer

EXPLORER_LEARNING_RATES = tuple(
    round(m * 10.0**e, 6) for e in (-3, -2, -1) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)
) + (1.0, 1.2, 1.5, 2.0)
"""The explorer's grid of learning rates: log-spaced from 0.001 to 2, through the chapter's
special values (1/a = 0.5 and 2/a = 1 for the parabola, 2/(1 + 9) = 0.2 for the ravine)."""

EXPLORER_STEPS = (1, 3, 10, 30, 100)
"""Step counts the static explorer offers (the live one takes any count from 1 to 100)."""

EXPLORER_MOMENTA = (0.0, 0.5, 0.9)
"""Momenta β the static explorer offers, 0 being plain gradient descent (the live one takes any β
from 0 to 0.9)."""

_FAR = 3.0  # a path is drawn up to its first point this many windows away: beyond, it only leaves the plot
LOSS_AXIS = Text("loss f(w)")
"""The explorer's vertical axis on a one-weight surface, in the page's language."""


def _visible(path, surface):
    """The points of `path` to draw, as (x, y) pairs: (w, f(w)) in 1-D, (w1, w2) in 2-D.

    A diverging run is cut after its first point far outside the plotting window; the rest of it
    never comes back into view.
    """
    if surface.dimension == 1:
        xy = np.column_stack([path[:, 0], surface.value(path)])
        low, high = surface.bounds[0]
        windows = [(low, high), (surface.minimum_value, surface.value(np.array([high])).item())]
    else:
        xy = path[:, :2]
        windows = surface.bounds
    far = np.zeros(len(xy), dtype=bool)
    for axis, (low, high) in enumerate(windows):
        span = high - low
        far |= (xy[:, axis] < low - _FAR * span) | (xy[:, axis] > high + _FAR * span)
    if far.any():
        xy = xy[: int(np.argmax(far)) + 1]
    return xy


def _contour_lines(surface, resolution=60):
    """The contour lines of a 2-D surface at the start's loss times 2**k, each an (n, 2) array."""
    import contourpy

    (x_low, x_high), (y_low, y_high) = surface.bounds
    x, y = np.linspace(x_low, x_high, resolution), np.linspace(y_low, y_high, resolution)
    grid = np.stack(np.meshgrid(x, y), axis=-1)
    generator = contourpy.contour_generator(x, y, surface.value(grid))
    levels = float(surface.value(np.asarray(surface.start))) * 2.0 ** np.arange(-7, 3)
    return [segment for level in levels for segment in generator.lines(level) if len(segment) > 1]


def _curve(surface, resolution):
    """A 1-D surface's curve as (resolution, 2) points (w, f(w)), and the range of losses to show:
    from a little below the minimum's loss to a little above the highest point drawn."""
    low, high = surface.bounds[0]
    w = np.linspace(low, high, resolution)
    curve = np.column_stack([w, surface.value(w[:, None])])
    bottom = surface.minimum_value
    span = float(curve[:, 1].max()) - bottom
    return curve, (bottom - 0.08 * span, bottom + 1.05 * span)


def _landmarks(surface):
    """The start and the minimum as points of the figure, shape (1, 2) each: (w, f(w)) in 1-D, (w1, w2) in 2-D."""
    start, target = np.atleast_2d(surface.start), np.atleast_2d(surface.minimum)
    if surface.dimension == 1:
        return tuple(np.column_stack([p[:, 0], surface.value(p)]) for p in (start, target))
    return start, target


def _explorer_view(surface):
    start, target = _landmarks(surface)
    marks = (points(start, "start"), points(target, "target"))
    if surface.dimension == 1:
        curve, ylim = _curve(surface, 121)
        return View(xlim=surface.bounds[0], ylim=ylim, xlabel="w", ylabel=LOSS_AXIS,
                    background=(line(curve, "curve"),) + marks)
    background = tuple(line(segment, "contour") for segment in _contour_lines(surface))
    return View(xlim=surface.bounds[0], ylim=surface.bounds[1], xlabel="w1", ylabel="w2", background=background + marks)


LANDMARK_LABELS = {"start": "start", "minimum": "minimum"}
"""The landmarks `plot_surface` marks by default, with their legend labels."""


def plot_surface(surface, ax=None, marks=None):
    """Draw a surface on `ax` (a new figure if None): the curve f(w) in 1-D, contour lines in 2-D
    (on axes of equal scale, so that the angle at which a path crosses a contour is drawn true).

    Contours are at the start's loss times 2**k, so each ring holds half the loss of the one
    around it. The start is a white dot and the minimum a green one, each labelled for
    ``ax.legend()``: `marks` maps the landmarks to draw ("start", "minimum") to their labels,
    `LANDMARK_LABELS` by default (``{"minimum": "global minimum"}`` draws the minimum alone, so
    labelled). Returns the axes.
    """
    surface = get_surface(surface)
    marks = dict(LANDMARK_LABELS if marks is None else marks)
    unknown = set(marks) - set(LANDMARK_LABELS)
    if unknown:
        raise ValueError(f"marks must name landmarks among {sorted(LANDMARK_LABELS)}, got {sorted(unknown)}")
    if check_axes(ax) is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    if surface.dimension == 1:
        curve, ylim = _curve(surface, 200)
        ax.plot(curve[:, 0], curve[:, 1], color=COLORS["blue"])
        ax.set_ylim(*ylim)
        ax.set_xlabel("w")
        ax.set_ylabel("loss f(w)")
    else:
        for segment in _contour_lines(surface):
            ax.plot(segment[:, 0], segment[:, 1], color="#a3a3a3", linewidth=1)
        ax.set_ylim(*surface.bounds[1])
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        # One unit is as long on both axes, so that angles (the path against the contours) are true.
        ax.set_aspect("equal", adjustable="box")
    ax.set_xlim(*surface.bounds[0])
    start, target = _landmarks(surface)
    if "start" in marks:
        ax.plot(*start.T, "o", color="white", markeredgecolor="#222222", markersize=10, markeredgewidth=2, zorder=3,
                label=str(marks["start"]))
    if "minimum" in marks:
        ax.plot(*target.T, "o", color=COLORS["green"], markersize=10, zorder=3, label=str(marks["minimum"]))
    return ax


def plot_descent_path(path, surface, ax=None, **style):
    """Draw a descent path (what `descent_path` returns) over its surface; returns the axes.

    In 1-D the iterates sit on the curve at (w, f(w)); a path that blows up is drawn until it
    leaves the plot far behind. With `ax` None the surface is drawn first on a new figure.
    `style` goes to ``ax.plot`` (label, color, ...).
    """
    surface = get_surface(surface)
    path = as_path(path, surface)
    if check_axes(ax) is None:
        ax = plot_surface(surface)
    xy = _visible(path, surface)
    ax.plot(xy[:, 0], xy[:, 1], "-o", **({"color": COLORS["orange"], "markersize": 3.5, "linewidth": 1.8} | style))
    return ax


class _LiveDescentFigure:
    """One matplotlib figure per surface for the live explorer: still background, moving path."""

    def __init__(self):
        self._figures = {}

    def _figure(self, surface):
        if surface.name not in self._figures:
            from matplotlib.figure import Figure

            from .style import book_style

            with book_style():
                figure = Figure(figsize=(6.4, 4.0), dpi=100)
                ax = plot_surface(surface, figure.add_subplot())
                ax.legend(loc="upper right")
                (path_line,) = ax.plot([], [], "-o", color=COLORS["orange"], markersize=4, animated=True)
                figure.tight_layout()
                blit = BlitFigure(figure)
                blit.freeze()
            self._figures[surface.name] = (blit, path_line)
        return self._figures[surface.name]

    def prepare(self):
        """Draw every surface's background now, so the first switch to a surface is as quick as the rest."""
        for surface in SURFACES.values():
            self._figure(surface)
        return self

    def draw(self, surface, learning_rate, steps, momentum=0.0):
        surface = get_surface(surface)
        path = descent_path(surface, learning_rate, steps, momentum=momentum)
        blit, path_line = self._figure(surface)
        xy = _visible(path, surface)
        path_line.set_data(xy[:, 0], xy[:, 1])
        verdict, run = verdict_and_sentence(path, surface, steps, learning_rate=learning_rate, momentum=momentum)
        caption = (Text("η = {eta}: {run}", eta=f"{learning_rate:.3g}", run=run) if momentum == 0 else
                   Text("η = {eta}, β = {beta}: {run}", eta=f"{learning_rate:.3g}", beta=f"{momentum:.2g}", run=run))
        return blit.png([path_line]), VERDICT_LABELS[verdict], caption


EXPLORER_TITLE = Text("Gradient descent: choose the learning rate")
EXPLORER_LABELS = {
    "surface": Text("loss surface"),
    "eta": Text("learning rate η"),
    "steps": Text("steps"),
    "beta": Text("momentum β"),
}
"""The explorer's title and control labels, in English and Korean."""


def _explorer_controls(surface, learning_rate, steps, momentum):
    surfaces = {name: Text("{name}, {formula}", name=SURFACE_NAMES[name], formula=s.formula)
                for name, s in SURFACES.items()}
    return [
        select("surface", EXPLORER_LABELS["surface"], surfaces, default=surface),
        slider("eta", EXPLORER_LABELS["eta"], EXPLORER_LEARNING_RATES, default=learning_rate, log=True),
        slider("steps", EXPLORER_LABELS["steps"], EXPLORER_STEPS, default=steps),
        slider("beta", EXPLORER_LABELS["beta"], EXPLORER_MOMENTA, default=momentum),
    ]


def _static_explorer(surface, learning_rate, steps, momentum):
    longest = max(EXPLORER_STEPS)
    paths = {}

    def frame(surface, eta, steps, beta):
        if (surface, eta, beta) not in paths:  # one run per rate and momentum, its prefixes for the step counts
            path = descent_path(surface, eta, longest, momentum=beta)
            paths[surface, eta, beta] = path, _visible(path, SURFACES[surface])
        whole, xy = paths[surface, eta, beta]
        path = whole[: steps + 1]
        verdict, caption = verdict_and_sentence(path, surface, steps, learning_rate=eta, momentum=beta)
        return Frame(surface, (line(xy, "path", count=min(steps + 1, len(xy))),), caption, verdict)

    views = {name: _explorer_view(s) for name, s in SURFACES.items()}
    return StaticExplorer("lr", EXPLORER_TITLE,
                          _explorer_controls(surface, learning_rate, steps, momentum), views, frame,
                          verdicts=VERDICT_LABELS)


def learning_rate_explorer(surface="ravine", learning_rate=0.1, steps=30, momentum=0.0):
    """The learning-rate explorer: gradient descent on a surface, redrawn as the controls move.

    Controls: the loss surface (one of `SURFACES`), the learning rate η (log scale, 0.001 to 2),
    the number of steps (1 to 100) and the momentum β (0 to 0.9; 0 is plain gradient descent,
    more is the heavy ball of `backprop.SGD`). Each setting shows the descent path and the verdict
    of `classify_run`. Displayed in Jupyter it is a live ipywidgets figure; in the built book its
    static view (η, steps and β on the grids `EXPLORER_LEARNING_RATES`, `EXPLORER_STEPS` and
    `EXPLORER_MOMENTA`, the state kept in the URL as ``?lr.surface=...&lr.eta=...&lr.steps=...&lr.beta=...``).
    Returns a `backprop.book.explorer.Explorer`.
    """
    chosen = get_surface(surface)
    if SURFACES.get(chosen.name) is not chosen:
        raise ValueError(f"surface must be one of {sorted(SURFACES)}, got a custom surface {chosen.name!r}")
    surface = chosen.name
    learning_rate = positive_finite(learning_rate, "learning_rate")
    low, high = EXPLORER_LEARNING_RATES[0], EXPLORER_LEARNING_RATES[-1]
    if not low <= learning_rate <= high:
        raise ValueError(f"learning_rate must be between {low:g} and {high:g} in the explorer, got {learning_rate:g}")
    steps = count(steps, "steps", minimum=1)
    if steps > max(EXPLORER_STEPS):
        raise ValueError(f"steps must be at most {max(EXPLORER_STEPS)} in the explorer, got {steps}")
    momentum = real(momentum, "momentum")
    if not 0 <= momentum <= max(EXPLORER_MOMENTA):
        raise ValueError(f"momentum must be between 0 and {max(EXPLORER_MOMENTA):g} in the explorer, got {momentum:g}")
    controls = _explorer_controls(surface, learning_rate, steps, momentum)

    def live():
        figure = _LiveDescentFigure().prepare()
        return LiveExplorer(controls, lambda surface, eta, steps, beta: figure.draw(surface, eta, steps, beta),
                            {"surface": surface, "eta": learning_rate, "steps": steps, "beta": momentum})

    text = f"learning_rate_explorer(surface={surface!r}, learning_rate={learning_rate:g}, steps={steps}"
    text += f", momentum={momentum:g})" if momentum else ")"
    return Explorer(_static_explorer(surface, learning_rate, steps, momentum), live, text)
