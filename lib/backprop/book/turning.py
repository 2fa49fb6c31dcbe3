"""A loss surface turned in the plane, for the chapter on gradient descent (chapter 2).

`turned(surface, degrees)` is the same landscape turned about the origin: its valleys point in new
directions, its curvatures stay. On a quadratic the steep and flat directions are then the
Hessian's eigenvectors, no longer the coordinate axes, which is what tells methods that treat
every coordinate alike (gradient descent, momentum) from methods that scale each coordinate
(Adam).
"""

from __future__ import annotations

import numpy as np

from ..checks import real
from .surfaces import Surface


def rotation(degrees) -> np.ndarray:
    """The 2 x 2 matrix that turns a vector counterclockwise by `degrees`."""
    angle = np.radians(real(degrees, "degrees"))
    return np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])


def turned(surface, degrees, name=None) -> Surface:
    """`surface` (2-D) turned counterclockwise by `degrees` about the origin: f_turned(w) = f(Rᵀ w).

    Its start, minimum and plotting window are the original's (the start and minimum turned with
    the landscape, the window kept), its gradient R ∇f(Rᵀ w) and its Hessian R H(Rᵀ w) Rᵀ: the same
    curvatures along turned directions. `name` defaults to the original's with the angle.
    """
    if not isinstance(surface, Surface) or surface.dimension != 2:
        raise TypeError(f"surface must be a 2-D Surface, got {surface!r:.80}")
    R = rotation(degrees)

    def value(W):
        return surface.value(np.asarray(W, dtype=np.float64) @ R)  # each row w becomes Rᵀ w

    def gradient(W):
        return surface.gradient(np.asarray(W, dtype=np.float64) @ R) @ R.T

    def hessian(w):
        return R @ surface.hessian(np.asarray(w, dtype=np.float64) @ R) @ R.T

    return Surface(name=name or f"{surface.name}, turned {float(degrees):g}°",
                   formula=f"{surface.formula}, turned {float(degrees):g}°", value=value, gradient=gradient,
                   hessian=hessian, start=tuple((R @ np.asarray(surface.start)).tolist()),
                   minimum=tuple((R @ np.asarray(surface.minimum)).tolist()), bounds=surface.bounds,
                   quadratic=surface.quadratic)
