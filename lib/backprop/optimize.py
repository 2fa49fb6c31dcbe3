"""Gradient descent: repeat w <- w - learning_rate * grad(w)."""

from __future__ import annotations

import numpy as np

from ._checks import as_finite_array, count, positive_finite

BLOW_UP = 1e12
"""An iterate larger than this in absolute value counts as diverged: the run stops there."""


def gradient_descent(grad, w0, learning_rate, steps):
    """Run `steps` updates from `w0` and return every iterate, `w0` first.

    `grad(w)` returns the gradient at `w` with the shape of `w0` (a number or any array).
    The result has shape ``(steps + 1, *np.shape(w0))``, or fewer rows if the iterates blow up:
    the run stops after the first iterate beyond `BLOW_UP` (or a non-finite gradient) and
    returns the finite iterates it has, with no overflow warning.
    """
    if not callable(grad):
        raise TypeError(f"grad must be a function of w, got {type(grad).__name__}")
    w = as_finite_array(w0, "w0")
    learning_rate = positive_finite(learning_rate, "learning_rate")
    steps = count(steps, "steps")
    path = np.empty((steps + 1, *w.shape))
    path[0] = w
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, steps + 1):
            g = np.asarray(grad(w.copy()), dtype=np.float64)
            if g.shape != w.shape:
                raise ValueError(f"grad(w) must have the shape of w0 {w.shape}, got {g.shape}")
            if not np.all(np.isfinite(g)):
                return path[:step]
            w = w - learning_rate * g
            if not np.all(np.isfinite(w)):
                return path[:step]
            path[step] = w
            if np.max(np.abs(w), initial=0.0) > BLOW_UP:
                return path[: step + 1]
    return path


def sgd_update(parameters, gradients, learning_rate) -> None:
    """Move each array in `parameters` against its gradient, in place: p -= learning_rate * g.

    `parameters` and `gradients` are lists of arrays with matching shapes, e.g. ``mlp.weights``
    and the ``weight_grads`` returned by ``mlp.backward``.
    """
    learning_rate = positive_finite(learning_rate, "learning_rate")
    if len(parameters) != len(gradients):
        raise ValueError(f"got {len(parameters)} parameter arrays but {len(gradients)} gradients")
    for i, (p, g) in enumerate(zip(parameters, gradients)):
        g = as_finite_array(g, f"gradients[{i}]")
        if np.shape(p) != g.shape:
            raise ValueError(f"gradients[{i}] must have shape {np.shape(p)}, got {g.shape}")
        p -= learning_rate * g
