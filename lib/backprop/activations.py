"""Activation functions, each followed by its derivative with respect to its input `z`.

All work elementwise on numbers or numpy arrays of any shape, return new arrays, and stay finite
for inputs of any finite size (no overflow warnings from `exp`). A `z` that is not real numbers,
or holds NaN or infinity, is refused with a ValueError or TypeError that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .checks import as_finite_array, choice, real

LEAKY_SLOPE = 0.01
"""Leaky ReLU's slope for negative inputs, unless another is given."""


def _z(z) -> np.ndarray:
    return as_finite_array(z, "z")


def _slope(slope) -> float:
    slope = real(slope, "slope")
    if not 0.0 <= slope < 1.0:
        raise ValueError(f"slope must be at least 0 and below 1, got {slope}")
    return slope


# The kernels: the formulas on arrays already checked (the MLP runs these on its own arrays).


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_grad(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh_grad(z):
    t = np.tanh(z)
    return 1.0 - t * t


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_grad(z):
    return (z > 0).astype(np.float64)


def _leaky_relu(z, slope=None):
    return np.where(z > 0, z, LEAKY_SLOPE * z if slope is None else slope * z)


def _leaky_relu_grad(z, slope=None):
    return np.where(z > 0, 1.0, LEAKY_SLOPE if slope is None else slope)


def _identity(z):
    return np.array(z, dtype=np.float64)  # a new array, never the caller's


def _identity_grad(z):
    return np.ones_like(z, dtype=np.float64)


# The public functions: check their input, then apply the kernel.


def sigmoid(z):
    """1 / (1 + e^-z), computed without overflow: exp is only ever taken of a non-positive number."""
    return _sigmoid(_z(z))


def sigmoid_grad(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)); at most 0.25, reached at z = 0."""
    return _sigmoid_grad(_z(z))


def tanh(z):
    return np.tanh(_z(z))


def tanh_grad(z):
    """tanh'(z) = 1 - tanh(z)^2; at most 1, reached at z = 0."""
    return _tanh_grad(_z(z))


def relu(z):
    return _relu(_z(z))


def relu_grad(z):
    """1 where z > 0, else 0 (we take the derivative at exactly 0 to be 0)."""
    return _relu_grad(_z(z))



def leaky_relu(z, slope=LEAKY_SLOPE):
    """z where z > 0, else slope * z, for a `slope` in [0, 1)."""
    return _leaky_relu(_z(z), _slope(slope))


def leaky_relu_grad(z, slope=LEAKY_SLOPE):
    """1 where z > 0, else `slope`: a negative input still passes a little gradient."""
    return _leaky_relu_grad(_z(z), _slope(slope))


def identity(z):
    """z itself, as a new array (changing the result never changes the input)."""
    return _identity(_z(z))


def identity_grad(z):
    return _identity_grad(_z(z))


def _sigmoid_grad_from_output(a):
    return a * (1.0 - a)


def _tanh_grad_from_output(a):
    return 1.0 - a * a


class Activation(NamedTuple):
    """An activation by name: the function, its derivative in z, and optionally the same derivative
    written in terms of the output a = f(z), which saves recomputing f in a backward pass.

    These are the kernels, which skip the input checks: `MLP` runs them on arrays it has checked
    itself. On data of your own, call the module's functions (`sigmoid`, `sigmoid_grad`, ...).
    """

    name: str
    function: Callable
    derivative: Callable
    derivative_from_output: Callable | None = None


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", _sigmoid, _sigmoid_grad, _sigmoid_grad_from_output),
    "tanh": Activation("tanh", np.tanh, _tanh_grad, _tanh_grad_from_output),
    "relu": Activation("relu", _relu, _relu_grad, _relu_grad),  # a > 0 exactly where z > 0
    "leaky_relu": Activation("leaky_relu", _leaky_relu, _leaky_relu_grad),
    "identity": Activation("identity", _identity, _identity_grad),
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name; an unknown name raises ValueError listing the known ones."""
    return ACTIVATIONS[choice(name, "activation", ACTIVATIONS)]
