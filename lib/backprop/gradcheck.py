"""Check analytic gradients against central differences."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .checks import as_finite_array, function, positive_finite, real


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference gradient of the scalar function `f` at `x` (a number or any array).

    Each entry is (f(x + eps e_i) - f(x - eps e_i)) / (2 eps): its error shrinks like eps^2.
    `x` itself is never modified. Returns an array of `x`'s shape (a float for a number).
    """
    f = function(f, "f")
    eps = positive_finite(eps, "eps")
    x_arr = as_finite_array(x, "x")
    point = x_arr.copy()
    grad = np.empty_like(point)
    flat_point, flat_grad = point.reshape(-1), grad.reshape(-1)
    for i in range(flat_point.size):
        original = flat_point[i]
        flat_point[i] = original + eps
        f_plus = _evaluate(f, point)
        flat_point[i] = original - eps
        f_minus = _evaluate(f, point)
        flat_point[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return float(grad) if np.ndim(x) == 0 else grad


def _evaluate(f, point) -> float:
    # An f that overflows near x is reported as a ValueError by _scalar, not as numpy's warning.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _scalar(f(point.copy()))


def _scalar(value) -> float:
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"f must return a single number, got {type(value).__name__}")
    value = np.asarray(value)
    if value.dtype.kind not in "fiu":
        raise TypeError(f"f must return a real number, got dtype {value.dtype}")
    if value.size != 1:
        raise ValueError(f"f must return a single number, got an array of shape {value.shape}")
    number = float(value.reshape(()))
    if not np.isfinite(number):
        raise ValueError(f"f returned {number} near x: central differences need a finite function")
    return number


def relative_error(analytic, numeric) -> float:
    """||a - n|| / (||a|| + ||n||), over all entries at once: scale-free, and 0 when both are 0.

    Taking norms, not entry by entry, keeps entries that are 0 up to rounding from dominating.
    """
    analytic = as_finite_array(analytic, "analytic")
    numeric = as_finite_array(numeric, "numeric")
    if analytic.shape != numeric.shape:
        raise ValueError(f"analytic {analytic.shape} and numeric {numeric.shape} gradients must have one shape")
    # Scaled by the largest entry first, so that no square or difference overflows for any finite
    # inputs (near 1e308); the ratio is the same.
    largest = max(float(np.abs(analytic).max(initial=0.0)), float(np.abs(numeric).max(initial=0.0)))
    if largest == 0.0:
        return 0.0
    analytic, numeric = analytic / largest, numeric / largest
    return float(np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric)))


ROUNDING_LEVEL = 1e-8
"""Below this, the relative error of a central difference with eps = 1e-6 is rounding noise.

Its digits then depend on the order in which the machine summed (the BLAS kernel, the SIMD
loops), so it is reported as a bound, never as a number."""


def below_or_value(value: float, bound: float) -> str:
    """`value` for printing: "below BOUND" when it is smaller than `bound` (rounding noise, whose
    digits differ from machine to machine), else the value to two significant digits."""
    value, bound = real(value, "value"), positive_finite(bound, "bound")
    return f"below {bound:.0e}" if abs(value) < bound else f"{value:.1e}"


@dataclass(frozen=True)
class GradientCheck:
    """The outcome of `gradient_check`: the worst relative error and whether it is small enough.

    Printed, an error below `ROUNDING_LEVEL` reads "below 1e-08": it is rounding, not a bug.
    """

    relative_error: float
    tolerance: float

    def __post_init__(self):
        # A record a reader can build by hand: its fields are checked as gradient_check's are.
        error = real(self.relative_error, "relative_error")
        if error < 0:
            raise ValueError(f"relative_error must be 0 or more, got {error}")
        object.__setattr__(self, "relative_error", error)
        object.__setattr__(self, "tolerance", positive_finite(self.tolerance, "tolerance"))

    @property
    def passed(self) -> bool:
        return self.relative_error <= self.tolerance

    def __str__(self):
        verdict = "OK" if self.passed else "MISMATCH"
        error = below_or_value(self.relative_error, ROUNDING_LEVEL)
        return f"relative error {error} (tolerance {self.tolerance:.0e}): {verdict}"


def gradient_check(f, x, analytic_grad, eps=1e-6, tolerance=1e-6) -> GradientCheck:
    """Compare `analytic_grad` (the gradient of `f` at `x` you computed) with central differences.

    A correct gradient of a smooth function gives a relative error around 1e-8 or smaller;
    1e-4 or more almost always means a bug.
    """
    tolerance = positive_finite(tolerance, "tolerance")
    f = function(f, "f")
    shape = as_finite_array(x, "x").shape
    analytic = as_finite_array(analytic_grad, "analytic_grad")
    if analytic.shape != shape:
        raise ValueError(f"analytic_grad must have the shape of x {shape}, got {analytic.shape}")
    numeric = numerical_gradient(f, x, eps=eps)
    return GradientCheck(relative_error(analytic, numeric), tolerance)
