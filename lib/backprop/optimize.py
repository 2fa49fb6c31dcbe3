"""Gradient descent: repeat w <- w - learning_rate * grad(w)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import as_finite_array, count, function, positive_finite

BLOW_UP = 1e12
"""An iterate (or a parameter) larger than this in absolute value counts as diverged: the run stops.

The same rule holds for every loop of the library (`gradient_descent`, `train`): a run that
blows up stops at once, without a warning, and says so in its result (`diverged`), since the
book teaches divergence as one of the things a learning rate can do, not as an error."""


def blew_up(array) -> bool:
    """True if `array` (a number or an array of numbers) holds NaN, infinity, or a value beyond
    `BLOW_UP` in size."""
    if array is None or isinstance(array, (str, bytes)):
        raise TypeError(f"array must be a number or an array of numbers, got {type(array).__name__}")
    try:
        values = np.asarray(array)
    except ValueError:  # a ragged nested list
        raise ValueError("array must be a rectangular array of numbers; its rows differ in length") from None
    if values.dtype.kind not in "fiu":
        raise TypeError(f"array must hold real numbers, got an array of {values.dtype}")
    if values.size == 0:
        return False
    # NaN carries through min and max, and fails both comparisons.
    return not (-BLOW_UP <= values.min() and values.max() <= BLOW_UP)


@dataclass(frozen=True)
class Descent:
    """A gradient descent run: `path` holds every iterate, w0 first, shape ``(taken + 1, *w0.shape)``;
    `diverged` is True if it stopped early because an iterate or a gradient blew up (`BLOW_UP`)."""

    path: np.ndarray
    diverged: bool

    @property
    def w(self) -> np.ndarray:
        """The last iterate (a copy)."""
        return self.path[-1].copy()


def gradient_descent(grad, w0, learning_rate, steps) -> Descent:
    """Run `steps` updates w <- w - learning_rate * grad(w) from `w0`; return the `Descent`.

    `grad(w)` returns the gradient at `w` with the shape of `w0` (a number or any array); it
    gets a copy of w, so it may change it. A run stops early, with ``diverged=True``, at the
    first non-finite gradient or iterate, or after the first iterate beyond `BLOW_UP`, with no
    overflow warning. A `grad` that returns something other than numbers raises TypeError.
    """
    grad = function(grad, "grad")
    w = as_finite_array(w0, "w0").copy()
    learning_rate = positive_finite(learning_rate, "learning_rate")
    steps = count(steps, "steps")
    path = np.empty((steps + 1, *w.shape))
    path[0] = w
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, steps + 1):
            g = _gradient(grad(w.copy()), w.shape)
            if not np.all(np.isfinite(g)):
                return Descent(path[:step].copy(), True)
            w = w - learning_rate * g
            if not np.all(np.isfinite(w)):
                return Descent(path[:step].copy(), True)
            path[step] = w
            if blew_up(w):
                return Descent(path[: step + 1].copy(), True)
    return Descent(path, False)


def _gradient(value, shape) -> np.ndarray:
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"grad(w) must return numbers shaped like w0 {shape}, got {type(value).__name__}")
    g = np.asarray(value)
    if g.dtype.kind not in "fiu":
        raise TypeError(f"grad(w) must return real numbers, got {type(value).__name__} of dtype {g.dtype}")
    if g.shape != shape:
        raise ValueError(f"grad(w) must have the shape of w0 {shape}, got {g.shape}")
    return g.astype(np.float64, copy=False)


def sgd_update(parameters, gradients, learning_rate) -> None:
    """Move each array in `parameters` against its gradient, in place: p -= learning_rate * g.

    `parameters` and `gradients` are lists (or tuples) of arrays with matching shapes, e.g.
    ``mlp.weights`` and the ``weight_grads`` returned by ``mlp.backward``. Each parameter must be
    a float numpy array, since it is changed in place (a list of numbers could not be).
    """
    learning_rate = positive_finite(learning_rate, "learning_rate")
    for name, value in (("parameters", parameters), ("gradients", gradients)):
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"{name} must be a list of arrays, got {type(value).__name__}")
    if len(parameters) != len(gradients):
        raise ValueError(f"parameters holds {len(parameters)} arrays but gradients {len(gradients)}: one each")
    checked = []
    for i, (p, g) in enumerate(zip(parameters, gradients)):
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            raise TypeError(f"parameters[{i}] must be a float numpy array (it is updated in place), got "
                            f"{getattr(p, 'dtype', type(p).__name__)}")
        g = as_finite_array(g, f"gradients[{i}]")
        if p.shape != g.shape:
            raise ValueError(f"gradients[{i}] must have shape {p.shape}, got {g.shape}")
        checked.append((p, g))
    # Every pair checked first: a bad entry leaves every parameter as it was.
    _step([p for p, _ in checked], [g for _, g in checked], learning_rate)


def _step(parameters, gradients, learning_rate: float) -> None:
    """The update itself, p -= learning_rate * g, on arguments already checked (`sgd_update`, `train`)."""
    for p, g in zip(parameters, gradients):
        p -= learning_rate * g
