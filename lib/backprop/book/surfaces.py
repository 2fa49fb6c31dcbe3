"""Loss surfaces for the chapter on gradient descent (chapter 2), and runs of gradient descent on them.

- `Surface`: a named loss with value, gradient and Hessian; `SURFACES` holds the chapter's three
  ("parabola", "ravine", "banana"), `quadratic_surface` makes any other diagonal quadratic and
  `get_surface` looks one up by name. `TWO_VALLEYS` is a 1-D loss with a local minimum beside its
  global one, for the section on where a descent can stop.
- `descent_path` runs the engine's `gradient_descent` on a surface; `as_path` checks a path
  against its surface.
- `backprop.book.run_verdicts` says how a run went (`classify_run`, `describe_run`).

`backprop.book.gradient_descent` draws these and exposes them to the chapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np

from ..checks import as_finite_array, choice
from ..optimize import gradient_descent

# ---------------------------------------------------------------- loss surfaces


@dataclass(frozen=True, eq=False)
class Surface:
    """A loss over d weights, with its gradient and Hessian, a start point and a plotting window.

    `value(W)` takes an array of shape (..., d) and returns shape (...), so one call evaluates a
    whole path or grid; `gradient(W)` returns shape (..., d); `hessian(w)` takes one point (d,) and
    returns (d, d). `bounds` holds a (low, high) plotting window for each weight. `quadratic` says
    the loss is a quadratic, whose Hessian is the same everywhere, so what holds at its minimum
    (a learning rate below `stability_limit` converges) holds from any start.
    """

    name: str
    formula: str
    value: object
    gradient: object
    hessian: object
    start: tuple
    minimum: tuple
    bounds: tuple
    quadratic: bool = False

    @property
    def dimension(self) -> int:
        return len(self.start)

    @property
    def minimum_value(self) -> float:
        return float(self.value(np.asarray(self.minimum, dtype=np.float64)))

    @cached_property
    def stability_limit(self) -> float:
        """2 / λ_max, the largest eigenvalue of the Hessian at the minimum: gradient descent can
        settle at the minimum only with a learning rate below it (on a quadratic, from any start
        with a component along the steepest direction). Computed once per surface."""
        return float(2.0 / np.linalg.eigvalsh(self.hessian(np.asarray(self.minimum, dtype=np.float64)))[-1])

    def __repr__(self):
        return f"Surface({self.name!r}: {self.formula})"


def _quadratic_value(W, curvatures):
    return 0.5 * np.sum(curvatures * np.asarray(W, dtype=np.float64) ** 2, axis=-1)


def _quadratic_gradient(W, curvatures):
    return curvatures * np.asarray(W, dtype=np.float64)


def _quadratic_hessian(w, curvatures):
    return np.diag(curvatures)


def _bounds(bounds, d: int) -> tuple:
    """`bounds` as a plotting window: d pairs (low, high) of finite numbers, low below high."""
    window = as_finite_array(bounds, "bounds")
    if window.shape != (d, 2):
        raise ValueError(f"bounds must hold {d} pairs (low, high), one per curvature; got shape {window.shape}")
    if not np.all(window[:, 0] < window[:, 1]):
        raise ValueError(f"bounds must give each weight a window with low below high, got {window.tolist()}")
    return tuple((float(lo), float(hi)) for lo, hi in window)


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
    bounds = ((-2.5, 2.5),) * d if bounds is None else _bounds(bounds, d)
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
        quadratic=True,
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


def descent_path(surface, learning_rate, steps, start=None, momentum=0.0):
    """Gradient descent on a surface: every iterate, shape (steps + 1, d), the start first.

    Built on `gradient_descent` (with its heavy-ball `momentum`, 0 by default), so a run that blows
    up stops early and returns fewer rows. `start` defaults to the surface's own start point.
    """
    surface = get_surface(surface)
    if start is None:
        start = np.asarray(surface.start, dtype=np.float64)
    else:
        start = as_finite_array(start, "start", ndim=1)
        if start.size != surface.dimension:
            raise ValueError(f"start must have {surface.dimension} coordinates for {surface.name}, got {start.size}")
    return gradient_descent(surface.gradient, start, learning_rate, steps, momentum=momentum).path


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
