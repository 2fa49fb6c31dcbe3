"""Loss surfaces for the chapter on gradient descent (chapter 2), the runs on them and their verdicts.

- `Surface`: a named loss with value, gradient and Hessian; `SURFACES` holds the chapter's three
  ("parabola", "ravine", "banana"), `quadratic_surface` makes any other diagonal quadratic and
  `get_surface` looks one up by name. `TWO_VALLEYS` is a 1-D loss with a local minimum beside its
  global one, for the section on where a descent can stop.
- `descent_path` runs the engine's `gradient_descent` on a surface; `as_path` checks a path
  against its surface.
- `classify_run` names how a run went (one of `RUN_VERDICTS`: converged, slow, oscillating or
  diverged; `VERDICT_LABELS` are the words shown for them, each saying whether the run converges),
  `zigzag_fraction` measures how much it bounces, `learning_rate_of` reads a run's learning rate
  off its first step, and `describe_run` says it all in a sentence. The words and sentences a
  reader sees are `backprop.book.language.Text` (English and Korean); `SURFACE_NAMES` names the
  surfaces for the reader.

`backprop.book.gradient_descent` draws these and exposes them to the chapter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np

from ..checks import as_finite_array, choice, count, positive_finite
from ..optimize import gradient_descent
from .language import Text

# ---------------------------------------------------------------- loss surfaces


@dataclass(frozen=True, eq=False)
class Surface:
    """A loss over d weights, with its gradient and Hessian, a start point and a plotting window.

    `value(W)` takes an array of shape (..., d) and returns shape (...), so one call evaluates a
    whole path or grid; `gradient(W)` returns shape (..., d); `hessian(w)` takes one point (d,) and
    returns (d, d). `bounds` holds a (low, high) plotting window for each weight.
    """

    name: str
    formula: str
    value: object
    gradient: object
    hessian: object
    start: tuple
    minimum: tuple
    bounds: tuple

    @property
    def dimension(self) -> int:
        return len(self.start)

    @property
    def minimum_value(self) -> float:
        return float(self.value(np.asarray(self.minimum, dtype=np.float64)))

    @property
    def stability_limit(self) -> float:
        """2 / λ_max, the largest eigenvalue of the Hessian at the minimum: gradient descent can
        settle at the minimum only with a learning rate below it (on a quadratic, from any start
        with a component along the steepest direction)."""
        return float(2.0 / np.linalg.eigvalsh(self.hessian(np.asarray(self.minimum, dtype=np.float64)))[-1])

    def __repr__(self):
        return f"Surface({self.name!r}: {self.formula})"


def _quadratic_value(W, curvatures):
    return 0.5 * np.sum(curvatures * np.asarray(W, dtype=np.float64) ** 2, axis=-1)


def _quadratic_gradient(W, curvatures):
    return curvatures * np.asarray(W, dtype=np.float64)


def _quadratic_hessian(w, curvatures):
    return np.diag(curvatures)


def quadratic_surface(curvatures, start=None, bounds=None, name="quadratic", formula=None):
    """The bowl f(w) = sum_i curvatures[i] * w_i**2 / 2, with its minimum 0 at w = 0.

    Its Hessian is diag(curvatures), so gradient descent multiplies each w_i by
    (1 - learning_rate * curvatures[i]) at every step. `start` defaults to 2 in every coordinate
    and `bounds` to (-2.5, 2.5); `formula` is the text shown for it (a default is written out).
    """
    curvatures = as_finite_array(curvatures, "curvatures", ndim=1)
    if curvatures.size == 0 or np.any(curvatures <= 0):
        raise ValueError(f"curvatures must be a non-empty list of positive numbers, got {curvatures.tolist()}")
    d = curvatures.size
    start = (2.0,) * d if start is None else tuple(as_finite_array(start, "start", ndim=1).tolist())
    if len(start) != d:
        raise ValueError(f"start must have {d} coordinates (one per curvature), got {len(start)}")
    bounds = ((-2.5, 2.5),) * d if bounds is None else tuple((float(lo), float(hi)) for lo, hi in bounds)
    if formula is None:
        terms = " + ".join(f"{c:g}·w{i + 1}²" if d > 1 else f"{c:g}·w²" for i, c in enumerate(curvatures))
        formula = f"f(w) = ({terms})/2" if d > 1 else f"f(w) = {terms}/2"
    return Surface(
        name=name,
        formula=str(formula),
        value=partial(_quadratic_value, curvatures=curvatures),
        gradient=partial(_quadratic_gradient, curvatures=curvatures),
        hessian=partial(_quadratic_hessian, curvatures=curvatures),
        start=start,
        minimum=(0.0,) * d,
        bounds=bounds,
    )


def _banana_value(W):
    W = np.asarray(W, dtype=np.float64)
    x, y = W[..., 0], W[..., 1]
    return (1.0 - x) ** 2 + (y - x**2) ** 2


def _banana_gradient(W):
    W = np.asarray(W, dtype=np.float64)
    x, y = W[..., 0], W[..., 1]
    valley = y - x**2
    return np.stack([-2.0 * (1.0 - x) - 4.0 * x * valley, 2.0 * valley], axis=-1)


def _banana_hessian(w):
    x, y = float(w[0]), float(w[1])
    return np.array([[2.0 - 4.0 * (y - x**2) + 8.0 * x**2, -4.0 * x], [-4.0 * x, 2.0]])


def _two_valleys_value(W):
    w = np.asarray(W, dtype=np.float64)[..., 0]
    return w**4 - 2.0 * w**2 + 0.5 * w


def _two_valleys_gradient(W):
    w = np.asarray(W, dtype=np.float64)[..., 0]
    return (4.0 * w**3 - 4.0 * w + 0.5)[..., None]


def _two_valleys_hessian(w):
    return np.array([[12.0 * float(w[0]) ** 2 - 4.0]])


def _two_valleys_minimum() -> float:
    """The global minimum of w⁴ − 2w² + w/2: the lowest of the three roots of f'(w) = 4w³ − 4w + 1/2."""
    roots = np.sort(np.roots([4.0, 0.0, -4.0, 0.5]).real)
    return float(roots[np.argmin(_two_valleys_value(roots[:, None]))])


TWO_VALLEYS = Surface(
    name="two valleys",
    formula="f(w) = w⁴ − 2w² + w/2",
    value=_two_valleys_value,
    gradient=_two_valleys_gradient,
    hessian=_two_valleys_hessian,
    start=(1.5,),
    minimum=(_two_valleys_minimum(),),
    bounds=((-1.8, 1.8),),
)
"""A 1-D loss that is not convex: a deep valley (the global minimum, near w = -1.06), a shallower
one (a local minimum, near w = 0.93) and a hump between them (a local maximum, near w = 0.13).
Gradient descent from its start, w = 1.5, settles in the shallow valley. It is not one of the
explorer's `SURFACES`; `classify_run` measures runs against the global minimum, so it would call a
run that settles in the shallow valley unfinished."""

SURFACES = {
    "parabola": quadratic_surface([2.0], start=[2.0], bounds=[(-2.5, 2.5)], name="parabola", formula="f(w) = w²"),
    "ravine": quadratic_surface([1.0, 9.0], start=[-4.5, 1.5], bounds=[(-5.0, 5.0), (-2.5, 2.5)], name="ravine",
                                formula="f(w) = (w1² + 9·w2²)/2"),
    "banana": Surface(
        name="banana",
        formula="f(w) = (1 − w1)² + (w2 − w1²)²",
        value=_banana_value,
        gradient=_banana_gradient,
        hessian=_banana_hessian,
        start=(-1.5, 1.5),
        minimum=(1.0, 1.0),
        bounds=((-2.0, 2.0), (-1.0, 3.0)),
    ),
}
"""The chapter's surfaces: a 1-D parabola (curvature 2), a 2-D ravine whose curvatures differ by a
factor 9 (an ill-conditioned quadratic), and a curved banana-shaped valley (Rosenbrock's function
with its valley term weighted 1 instead of 100), whose curvature changes from place to place."""


def get_surface(surface) -> Surface:
    """A `Surface` from its name in `SURFACES` (a `Surface` passes through unchanged)."""
    if isinstance(surface, Surface):
        return surface
    return SURFACES[choice(surface, "surface", SURFACES)]


# ---------------------------------------------------------------- descent and its verdict


def descent_path(surface, learning_rate, steps, start=None):
    """Gradient descent on a surface: every iterate, shape (steps + 1, d), the start first.

    Built on `gradient_descent`, so a run that blows up stops early and returns fewer rows.
    `start` defaults to the surface's own start point.
    """
    surface = get_surface(surface)
    if start is None:
        start = np.asarray(surface.start, dtype=np.float64)
    else:
        start = as_finite_array(start, "start", ndim=1)
        if start.size != surface.dimension:
            raise ValueError(f"start must have {surface.dimension} coordinates for {surface.name}, got {start.size}")
    return gradient_descent(surface.gradient, start, learning_rate, steps).path


def as_path(path, surface):
    """`path` checked against `surface`, as a float array of shape (iterates, d).

    A 1-D array is taken as the path of a 1-D surface. Raises ValueError for any other shape.
    """
    path = as_finite_array(path, "path")
    if path.ndim == 1 and surface.dimension == 1:
        path = path[:, None]
    if path.ndim != 2 or path.shape[1] != surface.dimension or path.shape[0] == 0:
        raise ValueError(
            f"path must have shape (iterates, {surface.dimension}) for {surface.name}, got shape {path.shape}"
        )
    return path


RUN_VERDICTS = ("converged", "slow", "oscillating", "diverged")
"""The outcomes `classify_run` can report (the keys the explorer's stylesheet colours)."""

VERDICT_LABELS = {
    "converged": Text("Converged"),
    "slow": Text("Converging slowly"),
    "oscillating": Text("Converging, zig-zag"),
    "diverged": Text("Not converging"),
}
"""How the explorer and the chapter show each verdict (a `Text`, English and Korean; ``str`` gives the
reader's language): every label says whether the run converges. "oscillating" is a run that
zig-zags across the valley and still converges; a run that bounces without settling, or blows up,
is "diverged"."""

SURFACE_NAMES = {
    "parabola": Text("parabola"),
    "ravine": Text("ravine"),
    "banana": Text("banana"),
}
"""The names of `SURFACES` as a reader reads them (the explorer's choice of surface)."""


def learning_rate_of(path, surface):
    """The learning rate a gradient-descent run used, read off its first step w1 = w0 − η ∇f(w0).

    Returns None when the path holds no step or starts where the gradient is zero.
    """
    surface = get_surface(surface)
    path = as_path(path, surface)
    if path.shape[0] < 2:
        return None
    gradient = np.ravel(surface.gradient(path[0]))
    size = float(gradient @ gradient)
    if not size > 0.0:
        return None
    return float((path[0] - path[1]) @ gradient / size)


def zigzag_fraction(path) -> float:
    """The fraction of consecutive step pairs that point against each other (negative dot product).

    `path` has shape (iterates, d). A run that crosses the valley floor on every step scores near 1,
    a steady walk downhill scores 0; pairs that include a zero step do not count.
    """
    path = as_finite_array(path, "path")
    if path.ndim == 1:
        path = path[:, None]
    steps = np.diff(path, axis=0)
    if len(steps) < 2:
        return 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        dots = np.sum(steps[:-1] * steps[1:], axis=-1)
    counted = dots != 0
    return float(np.mean(dots[counted] < 0)) if counted.any() else 0.0


def _loss_gaps(path, surface):
    with np.errstate(over="ignore", invalid="ignore"):
        gaps = surface.value(path) - surface.minimum_value
    return np.maximum(np.nan_to_num(gaps, nan=np.inf, posinf=np.inf), 0.0)


def _cannot_settle(learning_rate, surface) -> bool:
    # At the limit itself (η = 2/λ_max) the steepest direction bounces forever without shrinking.
    return learning_rate is not None and learning_rate >= surface.stability_limit * (1 - 1e-9)


def classify_run(path, surface, steps=None, tolerance=1e-4, learning_rate=None) -> str:
    """Name how a gradient-descent run went: one of `RUN_VERDICTS`.

    `path` is what `descent_path` returned, shape (iterates, d) (a 1-D array for a 1-D surface);
    `steps` is how many steps were asked for (default: the steps the path holds); `learning_rate`
    is the η the run used (default: read off its first step, `learning_rate_of`). With
    gap_t = f(w_t) - min f, the rule, checked in this order, is:

    - "diverged" (shown as "Not converging"): the run stopped early because it blew up, or it
      ended higher than it started (gap_last > gap_0);
    - "converged": gap_last <= tolerance * gap_0 (the loss gap shrank by the factor `tolerance`; with
      the default 1e-4 the distance to a quadratic's minimum shrank about a hundredfold);
    - "diverged" (shown as "Not converging") too: the learning rate is not below the surface's
      `stability_limit`, 2 / λ_max at the minimum, so the run can never settle there: it bounces
      (at η = 2/a on a parabola it bounces between w_0 and -w_0 forever);
    - "oscillating" (shown as "Converging, zig-zag"): more than half of the consecutive step pairs
      point against each other (`zigzag_fraction` > 0.5): the run bounces across the valley, but
      with a learning rate below the limit, so near the minimum the bounces shrink and it converges
      (on a quadratic, from anywhere);
    - "slow" (shown as "Converging slowly"): otherwise: it is heading downhill but has not arrived yet.
    """
    surface = get_surface(surface)
    path = as_path(path, surface)
    taken = path.shape[0] - 1
    steps = taken if steps is None else count(steps, "steps")
    if steps < taken:
        raise ValueError(f"steps ({steps}) cannot be fewer than the steps the path holds ({taken})")
    tolerance = positive_finite(tolerance, "tolerance")
    learning_rate = learning_rate_of(path, surface) if learning_rate is None else positive_finite(
        learning_rate, "learning_rate")
    gaps = _loss_gaps(path, surface)
    if taken < steps or gaps[-1] > gaps[0]:
        return "diverged"
    if gaps[-1] <= tolerance * gaps[0]:
        return "converged"
    if _cannot_settle(learning_rate, surface):
        return "diverged"
    if zigzag_fraction(path) > 0.5:
        return "oscillating"
    return "slow"


INFINITE = Text("infinite")


def _short(x: float):
    """A loss as the sentences show it: three significant digits, or the word for infinite (a `Text`)."""
    return f"{x:.3g}" if math.isfinite(x) else INFINITE


def _steps(n: int) -> Text:
    """A count of steps: "1 step", "3 steps" (in Korean "3 스텝" either way)."""
    return Text("{n} step", n=n) if n == 1 else Text("{n} steps", n=n)


def describe_run(path, surface, steps=None, tolerance=1e-4, learning_rate=None) -> Text:
    """One sentence on a run: its verdict (as `classify_run` gives it, with the same arguments),
    whether it converges, and the loss it reached. A `Text` (English and Korean); ``str`` gives the
    reader's language."""
    surface = get_surface(surface)
    path = as_path(path, surface)
    verdict = classify_run(path, surface, steps, tolerance, learning_rate)
    learning_rate = learning_rate_of(path, surface) if learning_rate is None else learning_rate
    taken = path.shape[0] - 1
    steps = taken if steps is None else steps
    losses = surface.value(path)
    fields = {"first": _short(float(losses[0])), "last": _short(float(losses[-1])), "steps": _steps(steps)}
    if verdict == "converged":
        zigzag = Text(", zig-zagging on the way") if zigzag_fraction(path) > 0.5 else ""
        return Text("The run converged: the loss fell from {first} to {last} in {steps}{zigzag}.", zigzag=zigzag,
                    **fields)
    if verdict == "slow":
        return Text("The run converges, but slowly: after {steps} the loss is still {last} (from {first}), as each "
                    "step is too short.", **fields)
    if verdict == "oscillating":
        return Text("The run converges while zig-zagging: each step overshoots the valley floor, by less each time; "
                    "after {steps} the loss is {last} (from {first}).", **fields)
    if taken < steps:
        return Text("The run diverges: each step overshoots further, and the weights blew up after {taken}.",
                    taken=_steps(taken))
    if losses[-1] - surface.minimum_value > losses[0] - surface.minimum_value:
        return Text("The run diverges: each step overshoots further; the loss grew from {first} to {last} in "
                    "{steps}.", **fields)
    return Text("The run cannot converge: the learning rate is not below {limit}, the limit 2/λmax set by the "
                "steepest curvature at the minimum, so the steps there overshoot and never settle; after {steps} "
                "the loss is {last} (from {first}).", limit=_short(surface.stability_limit), **fields)
