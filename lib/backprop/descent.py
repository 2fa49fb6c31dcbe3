"""Gradient descent on small loss surfaces: what the learning rate does to it, and what it costs.

- Surfaces: named losses with value, gradient and Hessian (`SURFACES`: "parabola", "ravine",
  "banana"); `quadratic_surface` makes any other diagonal quadratic.
- `descent_path` runs `gradient_descent` on a surface; `classify_run` names how the run went
  (converged, slow, oscillating or diverged) and `describe_run` says it in a sentence;
  `plot_surface` and `plot_descent_path` draw them.
- Costs, counted rather than timed: `OperationCounter` tallies the floating-point operations that
  least squares really executes, in closed form (`solve_normal_equations`) or by gradient steps
  (`least_squares_descent`); `least_squares_flops` and `descent_flops` are the same counts as formulas.
- `minibatch_sgd` fits a linear regression with mini-batches and records the loss against the
  number of per-example gradient evaluations.
- `learning_rate_explorer`: the interactive figure of the chapter on gradient descent.
- `check_*`: self-checks for that chapter's exercises.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from functools import partial

import numpy as np

from ._checks import as_finite_array, choice, count, positive_finite, rng_from
from .explorers import (
    BlitFigure,
    Explorer,
    Frame,
    LiveExplorer,
    StaticExplorer,
    View,
    line,
    points,
    register_explorer,
    select,
    slider,
)
from .optimize import gradient_descent
from .selfcheck import Feedback, check_number, no_answer

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
    return gradient_descent(surface.gradient, start, learning_rate, steps)


RUN_VERDICTS = ("converged", "slow", "oscillating", "diverged")
"""The outcomes `classify_run` can report."""


def _as_path(path, surface):
    path = as_finite_array(path, "path")
    if path.ndim == 1 and surface.dimension == 1:
        path = path[:, None]
    if path.ndim != 2 or path.shape[1] != surface.dimension or path.shape[0] == 0:
        raise ValueError(
            f"path must have shape (iterates, {surface.dimension}) for {surface.name}, got shape {path.shape}"
        )
    return path


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


def classify_run(path, surface, steps=None, tolerance=1e-4) -> str:
    """Name how a gradient-descent run went: one of `RUN_VERDICTS`.

    `path` is what `descent_path` returned, shape (iterates, d) (a 1-D array for a 1-D surface);
    `steps` is how many steps were asked for (default: the steps the path holds). With
    gap_t = f(w_t) - min f, the rule, checked in this order, is:

    - "diverged": the run stopped early because it blew up, or it ended higher than it started
      (gap_last > gap_0);
    - "converged": gap_last <= tolerance * gap_0 (the loss gap shrank by the factor `tolerance`; with
      the default 1e-4 the distance to a quadratic's minimum shrank about a hundredfold);
    - "oscillating": more than half of the consecutive step pairs point against each other
      (`zigzag_fraction` > 0.5), so the run bounces across the valley instead of settling;
    - "slow": otherwise: it is heading downhill but has not arrived yet.
    """
    surface = get_surface(surface)
    path = _as_path(path, surface)
    taken = path.shape[0] - 1
    steps = taken if steps is None else count(steps, "steps")
    if steps < taken:
        raise ValueError(f"steps ({steps}) cannot be fewer than the steps the path holds ({taken})")
    tolerance = positive_finite(tolerance, "tolerance")
    gaps = _loss_gaps(path, surface)
    if taken < steps or gaps[-1] > gaps[0]:
        return "diverged"
    if gaps[-1] <= tolerance * gaps[0]:
        return "converged"
    if zigzag_fraction(path) > 0.5:
        return "oscillating"
    return "slow"


VERDICT_LABELS = {"converged": "Converged", "slow": "Too slow", "oscillating": "Oscillating", "diverged": "Diverged"}


def _short(x: float) -> str:
    return f"{x:.3g}" if math.isfinite(x) else "infinite"


def describe_run(path, surface, steps=None, tolerance=1e-4) -> str:
    """One sentence on a run: its verdict (as `classify_run` gives it) and the loss it reached."""
    surface = get_surface(surface)
    path = _as_path(path, surface)
    verdict = classify_run(path, surface, steps, tolerance)
    taken = path.shape[0] - 1
    steps = taken if steps is None else steps
    losses = surface.value(path)
    first, last = _short(float(losses[0])), _short(float(losses[-1]))
    plural = "" if steps == 1 else "s"
    if verdict == "converged":
        zigzag = ", zig-zagging on the way" if zigzag_fraction(path) > 0.5 else ""
        return f"The loss fell from {first} to {last} in {steps} step{plural}{zigzag}."
    if verdict == "slow":
        return f"After {steps} step{plural} the loss is still {last} (from {first}): each step is too short."
    if verdict == "oscillating":
        return f"Each step overshoots the valley floor; after {steps} step{plural} the loss is {last} (from {first})."
    if taken < steps:
        return f"Each step overshoots further: the weights blew up after {taken} step{'' if taken == 1 else 's'}."
    return f"Each step overshoots further: the loss grew from {first} to {last} in {steps} step{plural}."


# ---------------------------------------------------------------- what least squares costs


class OperationCounter:
    """Does array arithmetic and counts its floating-point operations (flops) exactly.

    Each method computes with numpy and adds what a plain loop would spend: a dot product of
    length m is m multiplications and m - 1 additions, so an (r, m) @ (m, c) product costs
    r * c * (2m - 1). Elementwise operations cost one flop per entry; square roots count as one.
    Counting flops measures an algorithm's work independently of the machine that runs it.
    """

    def __init__(self):
        self.flops = 0

    def matmul(self, A, B):
        A, B = np.asarray(A), np.asarray(B)
        inner = A.shape[-1]
        outputs = (A.shape[0] if A.ndim == 2 else 1) * (B.shape[-1] if B.ndim == 2 else 1)
        self.flops += outputs * max(2 * inner - 1, 0)
        return A @ B

    def subtract(self, a, b):
        result = np.subtract(a, b)
        self.flops += int(np.size(result))
        return result

    def multiply(self, a, b):
        result = np.multiply(a, b)
        self.flops += int(np.size(result))
        return result

    def divide(self, a, b):
        result = np.divide(a, b)
        self.flops += int(np.size(result))
        return result

    def sqrt(self, a):
        result = np.sqrt(a)
        self.flops += int(np.size(result))
        return result

    def __repr__(self):
        return f"OperationCounter(flops={self.flops})"


def _regression_arrays(X, y):
    X = as_finite_array(X, "X", ndim=2)
    y = as_finite_array(y, "y", ndim=1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one entry per row of X ({X.shape[0]}), got {y.shape[0]}")
    return X, y


def _counter(counter):
    if counter is None:
        return OperationCounter()
    if not isinstance(counter, OperationCounter):
        raise TypeError(f"counter must be an OperationCounter or None, got {type(counter).__name__}")
    return counter


def _cholesky(G, ops):
    """Lower-triangular L with L @ L.T = G, column by column, every flop counted."""
    d = G.shape[0]
    L = np.zeros_like(G)
    for j in range(d):
        pivot = G[j, j]
        if j > 0:
            pivot = ops.subtract(pivot, ops.matmul(L[j, :j], L[j, :j]))
        if not pivot > 1e-12 * max(abs(G[j, j]), 1.0):
            raise ValueError("X must have full column rank (at least as many independent rows as columns)")
        L[j, j] = ops.sqrt(pivot)
        if j < d - 1:
            column = G[j + 1 :, j]
            if j > 0:
                column = ops.subtract(column, ops.matmul(L[j + 1 :, :j], L[j, :j]))
            L[j + 1 :, j] = ops.divide(column, L[j, j])
    return L


def _solve_triangular(L, b, ops, lower):
    """Solve L x = b by substitution (forward if `lower`, else backward), every flop counted."""
    d = b.shape[0]
    x = np.zeros(d)
    order = range(d) if lower else range(d - 1, -1, -1)
    for i in order:
        known = slice(0, i) if lower else slice(i + 1, d)
        total = b[i]
        if (i if lower else d - 1 - i) > 0:
            total = ops.subtract(total, ops.matmul(L[i, known], x[known]))
        x[i] = ops.divide(total, L[i, i])
    return x


def solve_normal_equations(X, y, counter=None):
    """The least-squares weights w minimising ||X w - y||², in closed form; shape (d,).

    Solves the normal equations (X^T X) w = X^T y with a Cholesky factorisation, as a textbook
    direct solver does, and adds every flop to `counter` (an `OperationCounter`), which then holds
    `least_squares_flops(n, d)`. X has shape (n, d) with full column rank, y shape (n,).
    """
    X, y = _regression_arrays(X, y)
    ops = _counter(counter)
    gram = ops.matmul(X.T, X)  # (d, d): the step that grows like n * d**2
    rhs = ops.matmul(X.T, y)
    L = _cholesky(gram, ops)  # about d**3 / 3 flops
    return _solve_triangular(L.T, _solve_triangular(L, rhs, ops, lower=True), ops, lower=False)


def least_squares_descent(X, y, learning_rate, steps, counter=None):
    """`steps` gradient steps on L(w) = ||X w - y||² / (2n) from w = 0; returns w, shape (d,).

    Each step computes the gradient X^T (X w - y) / n and moves against it, adding its flops to
    `counter`: 4 n d + d per step, `descent_flops(n, d, steps)` in all. (The scalar
    learning_rate / n is set up once and not counted.)
    """
    X, y = _regression_arrays(X, y)
    learning_rate = positive_finite(learning_rate, "learning_rate")
    steps = count(steps, "steps")
    ops = _counter(counter)
    n, d = X.shape
    scale = learning_rate / n
    w = np.zeros(d)
    for _ in range(steps):
        residual = ops.subtract(ops.matmul(X, w), y)
        w = ops.subtract(w, ops.multiply(scale, ops.matmul(X.T, residual)))
    return w


def least_squares_flops(n_samples, n_features) -> int:
    """The exact flops of `solve_normal_equations` for X of shape (n_samples, n_features).

    Forming X^T X costs d²(2n - 1), X^T y costs d(2n - 1), the Cholesky factorisation
    d(d - 1)(d - 2)/3 + 3d(d - 1)/2 + d (about d³/3), and the two triangular solves 2d².
    For n much larger than d the first term, about 2 n d², dominates.
    """
    n = count(n_samples, "n_samples", minimum=1)
    d = count(n_features, "n_features", minimum=1)
    cholesky = d * (d - 1) * (d - 2) // 3 + 3 * d * (d - 1) // 2 + d
    return d * d * (2 * n - 1) + d * (2 * n - 1) + cholesky + 2 * d * d


def descent_flops(n_samples, n_features, steps) -> int:
    """The exact flops of `least_squares_descent`: (4 n d + d) per step, linear in n, d and steps."""
    n = count(n_samples, "n_samples", minimum=1)
    d = count(n_features, "n_features", minimum=1)
    return count(steps, "steps") * (4 * n * d + d)


# ---------------------------------------------------------------- stochastic and mini-batch descent


@dataclass(frozen=True)
class TrainingRun:
    """A mini-batch run: the full-data loss after each recorded number of gradient evaluations.

    `evaluations` (m,) counts per-example gradients computed so far (a batch of b costs b);
    `losses` (m,) is L = mean((X w + b - y)²) / 2 over all the data at those moments; `w` (d,)
    and `b` are the final weights and bias.
    """

    evaluations: np.ndarray
    losses: np.ndarray
    w: np.ndarray
    b: float


def regression_loss(X, y, w, b=0.0) -> float:
    """Half the mean squared error of the linear model X @ w + b: mean((X w + b - y)²) / 2."""
    residual = X @ w + b - y
    return float(0.5 * np.mean(residual**2))


def minibatch_sgd(X, y, learning_rate, batch_size, epochs, seed=0, records_per_epoch=20):
    """Fit y ≈ X w + b by mini-batch gradient descent from w = 0, b = 0; returns a `TrainingRun`.

    Every epoch visits the n examples once in a fresh random order (from `seed`), in batches of
    `batch_size`: 1 is stochastic gradient descent, n is full-batch gradient descent. The
    full-data loss is recorded at the start and about `records_per_epoch` times an epoch (at most
    once per step), so runs with different batch sizes compare per gradient evaluation.
    """
    X, y = _regression_arrays(X, y)
    learning_rate = positive_finite(learning_rate, "learning_rate")
    n, d = X.shape
    batch_size = count(batch_size, "batch_size", minimum=1)
    if batch_size > n:
        raise ValueError(f"batch_size must be at most the number of examples ({n}), got {batch_size}")
    epochs = count(epochs, "epochs", minimum=1)
    records_per_epoch = count(records_per_epoch, "records_per_epoch", minimum=1)
    rng = rng_from(seed)
    w, b = np.zeros(d), 0.0
    evaluations, losses = [0], [regression_loss(X, y, w, b)]
    spacing, done = n / records_per_epoch, 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            order = rng.permutation(n)
            for begin in range(0, n, batch_size):
                batch = order[begin : begin + batch_size]
                X_batch = X[batch]
                residual = X_batch @ w + b - y[batch]
                w = w - learning_rate * (X_batch.T @ residual) / len(batch)
                b = b - learning_rate * float(np.mean(residual))
                done += len(batch)
                if done >= evaluations[-1] + spacing - 1e-9 or done == n * epochs:
                    evaluations.append(done)
                    losses.append(regression_loss(X, y, w, b))
                    if not np.isfinite(losses[-1]):  # diverged: stop, as gradient_descent does
                        losses[-1] = np.inf
                        return TrainingRun(np.array(evaluations), np.array(losses), w, b)
    return TrainingRun(np.array(evaluations), np.array(losses), w, b)


# ---------------------------------------------------------------- self-checks for the exercises


def _call(function, *args):
    """Call the reader's function; return (result, None) or (None, Feedback saying what went wrong)."""
    try:
        return function(*args), None
    except Exception as error:  # the reader's code may raise anything; report it, do not crash
        return None, Feedback(False, f"your function raised {type(error).__name__}: {error}")


def _as_number_or_array(value):
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array if np.all(np.isfinite(array)) else None


def check_descent_function(descend) -> Feedback:
    """Check a reader's `descend(gradient, w0, learning_rate, steps)` that returns the last iterate.

    It is run on a few problems (a number and an array start) and compared with `gradient_descent`.
    """
    if descend is None:
        return no_answer("define descend(gradient, w0, learning_rate, steps), assign it and run the cell again.")
    if not callable(descend):
        return Feedback(False, f"the answer should be a function, got {type(descend).__name__}.")
    problems = [
        ("f(w) = w² from w0 = 1 with η = 0.1", lambda w: 2 * w, 1.0, 0.1),
        ("f(w) = (w - 3)² / 2 from w0 = 0 with η = 0.5", lambda w: w - 3.0, 0.0, 0.5),
        ("the ravine from w0 = (-4.5, 1.5) with η = 0.1", SURFACES["ravine"].gradient, np.array([-4.5, 1.5]), 0.1),
    ]
    for where, gradient, w0, rate in problems:
        for steps in (0, 1, 7):
            start = np.copy(w0)
            result, failure = _call(descend, gradient, start, rate, steps)
            if failure is not None:
                return failure
            got = _as_number_or_array(result)
            expected = gradient_descent(gradient, w0, rate, steps)[-1]
            if isinstance(w0, np.ndarray) and not np.array_equal(start, w0):
                return Feedback(False, "your function changed the caller's w0 in place; update a copy instead.")
            if got is None or got.shape != np.shape(expected):
                return Feedback(False, f"on {where} it should return a w shaped like w0, got {result!r}.")
            if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
                continue
            if steps == 0:
                return Feedback(False, "with steps = 0 it should return w0 unchanged.")
            uphill = gradient_descent(lambda w, g=gradient: -g(w), w0, rate, steps)[-1]
            if np.allclose(got, uphill, rtol=1e-9, atol=1e-12):
                return Feedback(False, f"on {where} it walks uphill: step against the gradient, not along it.")
            for other in (steps - 1, steps + 1):
                if np.allclose(got, gradient_descent(gradient, w0, rate, other)[-1], rtol=1e-9, atol=1e-12):
                    return Feedback(False, f"on {where} it takes {other} steps when asked for {steps}.")
            return Feedback(False, f"on {where} after {steps} step(s) it returns {np.round(got, 6)}, which is off.")
    return Feedback(True, "your loop matches gradient descent on every test problem.")


QUADRATIC_EXERCISE_CURVATURE = 5.0
"""The exercise's loss is L(w) = 2.5 w², i.e. a * w**2 / 2 with a = 5."""


def check_quadratic_rates(one_step, limit) -> Feedback:
    """Check the learning rate that lands on the minimum of L(w) = 2.5 w² in one step, and the
    largest learning rate below which gradient descent on it converges."""
    a = QUADRATIC_EXERCISE_CURVATURE
    if one_step is None and limit is None:
        return no_answer("set one_step and limit and run the cell again.")
    parts = [
        check_number(one_step, 1 / a, what="one_step"),
        check_number(limit, 2 / a, what="limit"),
    ]
    if parts[1].correct is False and isinstance(limit, numbers.Real) and math.isclose(limit, 1 / a):
        parts[1] = Feedback(False, "limit is the one-step rate; runs still converge, zig-zagging, beyond it.")
    if parts[0].correct is False and isinstance(one_step, numbers.Real) and math.isclose(one_step, a):
        parts[0] = Feedback(False, "one_step is the curvature itself; what factor does one step multiply w by?")
    verdicts = [p.correct for p in parts]
    correct = True if all(verdicts) else (False if False in verdicts else None)
    return Feedback(correct, " ".join(p.message for p in parts))


def check_best_learning_rate(best_learning_rate) -> Feedback:
    """Check a reader's `best_learning_rate(H)`: the fixed step that makes gradient descent on
    f(w) = w^T H w / 2 (H symmetric positive definite) converge fastest."""
    if best_learning_rate is None:
        return no_answer("define best_learning_rate(H), assign it and run the cell again.")
    if not callable(best_learning_rate):
        return Feedback(False, f"the answer should be a function of H, got {type(best_learning_rate).__name__}.")
    reflection = np.eye(3) - 2 * np.outer([1.0, 2.0, 2.0], [1.0, 2.0, 2.0]) / 9.0
    cases = [
        ("H = diag(1, 9)", np.diag([1.0, 9.0])),
        ("H = diag(4, 0.5, 2)", np.diag([4.0, 0.5, 2.0])),
        ("a non-diagonal 3 x 3 H", reflection @ np.diag([1.0, 4.0, 16.0]) @ reflection),
    ]
    for where, H in cases:
        result, failure = _call(best_learning_rate, H.copy())
        if failure is not None:
            return failure
        curvatures = np.linalg.eigvalsh(H)
        low, high = curvatures[0], curvatures[-1]
        got = _as_number_or_array(result)
        if got is None or got.size != 1:
            return Feedback(False, f"for {where} it should return one number, got {result!r}.")
        got = float(got.reshape(()))
        if math.isclose(got, 2 / (low + high), rel_tol=1e-6):
            continue
        if math.isclose(got, 2 / high, rel_tol=1e-6):
            return Feedback(False, f"for {where} that is the stability limit: the steepest direction never settles.")
        if math.isclose(got, 1 / high, rel_tol=1e-6) or math.isclose(got, 1 / low, rel_tol=1e-6):
            return Feedback(False, f"for {where} it suits one direction only; the best step balances two of them.")
        if not np.allclose(H, np.diag(np.diag(H))):
            return Feedback(False, f"for {where} it is off: there the curvatures are not the diagonal entries of H.")
        direction = "too large" if got > 2 / (low + high) else "too small"
        return Feedback(False, f"for {where} it is {direction}.")
    return Feedback(True, "it gives the fastest fixed step for every test matrix.")


BREAK_EVEN_PROBLEM = (10_000, 500)
"""The exercise's least-squares problem: (n_samples, n_features)."""


def check_break_even_steps(steps) -> Feedback:
    """Check how many gradient steps cost as many flops as the closed-form solution, for
    `BREAK_EVEN_PROBLEM` (within 0.2%)."""
    n, d = BREAK_EVEN_PROBLEM
    expected = least_squares_flops(n, d) / descent_flops(n, d, 1)
    feedback = check_number(steps, expected, rel_tol=0.002, what="the number of steps")
    if feedback.correct is False and isinstance(steps, numbers.Real) and math.isclose(steps, d / 2, rel_tol=1e-3):
        return Feedback(False, "close, but that leaves out the Cholesky factorisation and the smaller terms.")
    return feedback


# ---------------------------------------------------------------- the learning-rate explorer

EXPLORER_LEARNING_RATES = tuple(
    round(m * 10.0**e, 6) for e in (-3, -2, -1) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)
) + (1.0, 1.2, 1.5, 2.0)
"""The explorer's grid of learning rates: log-spaced from 0.001 to 2, through the chapter's
special values (1/a = 0.5 and 2/a = 1 for the parabola, 2/(1 + 9) = 0.2 for the ravine)."""

EXPLORER_STEPS = (1, 3, 10, 30, 100)
"""Step counts the static explorer offers (the live one takes any count from 1 to 100)."""

_FAR = 3.0  # a path is drawn up to its first point this many windows away: beyond, it only leaves the plot


def _visible(path, surface):
    """The points of `path` to draw, as (x, y) pairs: (w, f(w)) in 1-D, (w1, w2) in 2-D.

    A diverging run is cut after its first point far outside the plotting window; the rest of it
    never comes back into view.
    """
    if surface.dimension == 1:
        xy = np.column_stack([path[:, 0], surface.value(path)])
        low, high = surface.bounds[0]
        windows = [(low, high), (0.0, surface.value(np.array([high])).item())]
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


def _contour_levels(surface):
    top = float(surface.value(np.asarray(surface.start)))
    return top * 2.0 ** np.arange(-7, 3) if surface.dimension == 2 else np.array([])


def _contour_lines(surface, resolution=60):
    """The contour lines of a 2-D surface at `_contour_levels`, each an (n, 2) array."""
    import contourpy

    (x_low, x_high), (y_low, y_high) = surface.bounds
    x, y = np.linspace(x_low, x_high, resolution), np.linspace(y_low, y_high, resolution)
    grid = np.stack(np.meshgrid(x, y), axis=-1)
    generator = contourpy.contour_generator(x, y, surface.value(grid))
    return [segment for level in _contour_levels(surface) for segment in generator.lines(level) if len(segment) > 1]


def _explorer_view(surface):
    start, target = np.atleast_2d(surface.start), np.atleast_2d(surface.minimum)
    if surface.dimension == 1:
        low, high = surface.bounds[0]
        w = np.linspace(low, high, 121)
        curve = np.column_stack([w, surface.value(w[:, None])])
        start = np.column_stack([start[:, 0], surface.value(start)])
        target = np.column_stack([target[:, 0], surface.value(target)])
        top = float(curve[:, 1].max())
        return View(xlim=(low, high), ylim=(-0.08 * top, 1.05 * top), xlabel="w", ylabel="loss f(w)",
                    background=(line(curve, "curve"), points(start, "start"), points(target, "target")))
    background = tuple(line(segment, "contour") for segment in _contour_lines(surface))
    return View(xlim=surface.bounds[0], ylim=surface.bounds[1], xlabel="w1", ylabel="w2",
                background=background + (points(start, "start"), points(target, "target")))


def plot_surface(surface, ax=None):
    """Draw a surface on `ax` (a new figure if None): the curve f(w) in 1-D, contour lines in 2-D.

    Contours are at the start's loss times 2**k, so each ring holds half the loss of the one
    around it. The start is a white dot, the minimum a green one. Returns the axes.
    """
    from .plotting import COLORS

    surface = get_surface(surface)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    if surface.dimension == 1:
        low, high = surface.bounds[0]
        w = np.linspace(low, high, 200)
        values = surface.value(w[:, None])
        ax.plot(w, values, color=COLORS["blue"])
        ax.set_ylim(-0.08 * values.max(), 1.05 * values.max())
        ax.set_xlabel("w")
        ax.set_ylabel("loss f(w)")
        start = (surface.start[0], float(surface.value(np.asarray(surface.start))))
        target = (surface.minimum[0], surface.minimum_value)
    else:
        for segment in _contour_lines(surface):
            ax.plot(segment[:, 0], segment[:, 1], color="#a3a3a3", linewidth=1)
        ax.set_ylim(*surface.bounds[1])
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        start, target = surface.start, surface.minimum
    ax.set_xlim(*surface.bounds[0])
    ax.plot(*start, "o", color="white", markeredgecolor="#222222", markersize=10, markeredgewidth=2, zorder=3)
    ax.plot(*target, "o", color=COLORS["green"], markersize=10, zorder=3)
    return ax


def plot_descent_path(path, surface, ax=None, **style):
    """Draw a descent path (what `descent_path` returns) over its surface; returns the axes.

    In 1-D the iterates sit on the curve at (w, f(w)); a path that blows up is drawn until it
    leaves the plot far behind. With `ax` None the surface is drawn first on a new figure.
    `style` goes to ``ax.plot`` (label, color, ...).
    """
    from .plotting import COLORS

    surface = get_surface(surface)
    path = _as_path(path, surface)
    if ax is None:
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

            from .plotting import COLORS, book_style

            with book_style():
                figure = Figure(figsize=(6.4, 4.0), dpi=100)
                ax = plot_surface(surface, figure.add_subplot())
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

    def draw(self, surface, learning_rate, steps):
        surface = get_surface(surface)
        path = descent_path(surface, learning_rate, steps)
        blit, path_line = self._figure(surface)
        xy = _visible(path, surface)
        path_line.set_data(xy[:, 0], xy[:, 1])
        verdict = classify_run(path, surface, steps)
        caption = f"η = {learning_rate:.3g}: {describe_run(path, surface, steps)}"
        return blit.png([path_line]), VERDICT_LABELS[verdict], caption


def _explorer_controls(surface, learning_rate, steps):
    surfaces = {name: f"{name}, {s.formula}" for name, s in SURFACES.items()}
    return [
        select("surface", "loss surface", surfaces, default=surface),
        slider("eta", "learning rate η", EXPLORER_LEARNING_RATES, default=learning_rate, log=True),
        slider("steps", "steps", EXPLORER_STEPS, default=steps),
    ]


def _static_explorer(surface, learning_rate, steps):
    longest = max(EXPLORER_STEPS)
    paths = {}

    def frame(surface, eta, steps):
        if (surface, eta) not in paths:
            paths[surface, eta] = descent_path(surface, eta, longest)
        path = paths[surface, eta][: steps + 1]
        xy = _visible(paths[surface, eta], SURFACES[surface])
        caption = describe_run(path, surface, steps)
        return Frame(surface, (line(xy, "path", count=min(steps + 1, len(xy))),),
                     caption, classify_run(path, surface, steps))

    views = {name: _explorer_view(s) for name, s in SURFACES.items()}
    return StaticExplorer("lr", "Gradient descent: choose the learning rate",
                          _explorer_controls(surface, learning_rate, steps), views, frame, verdicts=VERDICT_LABELS)


@register_explorer("learning rate")
def learning_rate_explorer(surface="ravine", learning_rate=0.1, steps=30):
    """The learning-rate explorer: gradient descent on a surface, redrawn as the controls move.

    Controls: the loss surface (one of `SURFACES`), the learning rate η (log scale, 0.001 to 2)
    and the number of steps (1 to 100). Each setting shows the descent path and the verdict of
    `classify_run`. Displayed in Jupyter it is a live ipywidgets figure; in the built book its
    static view (η and steps on the grids `EXPLORER_LEARNING_RATES` and `EXPLORER_STEPS`, the
    state kept in the URL as ``?lr.surface=...&lr.eta=...&lr.steps=...``). Returns an
    `explorers.Explorer`.
    """
    surface = get_surface(surface).name
    if surface not in SURFACES:
        raise ValueError(f"surface must be one of {sorted(SURFACES)}, got a custom surface {surface!r}")
    learning_rate = positive_finite(learning_rate, "learning_rate")
    low, high = EXPLORER_LEARNING_RATES[0], EXPLORER_LEARNING_RATES[-1]
    if not low <= learning_rate <= high:
        raise ValueError(f"learning_rate must be between {low:g} and {high:g} in the explorer, got {learning_rate:g}")
    steps = count(steps, "steps", minimum=1)
    if steps > max(EXPLORER_STEPS):
        raise ValueError(f"steps must be at most {max(EXPLORER_STEPS)} in the explorer, got {steps}")
    controls = _explorer_controls(surface, learning_rate, steps)
    def live():
        figure = _LiveDescentFigure().prepare()
        return LiveExplorer(controls, lambda surface, eta, steps: figure.draw(surface, eta, steps),
                            {"surface": surface, "eta": learning_rate, "steps": steps})

    text = f"learning_rate_explorer(surface={surface!r}, learning_rate={learning_rate:g}, steps={steps})"
    return Explorer(_static_explorer(surface, learning_rate, steps), live, text)
