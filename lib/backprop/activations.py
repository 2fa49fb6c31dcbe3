"""Activation functions, each followed by its derivative with respect to its input `z`.

All work elementwise on numpy arrays of any shape and stay finite for inputs of any
finite size (no overflow warnings from `exp`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._checks import choice


def sigmoid(z):
    """1 / (1 + e^-z), computed without overflow: exp is only ever taken of a non-positive number."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)); at most 0.25, reached at z = 0."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_grad(z):
    """tanh'(z) = 1 - tanh(z)^2; at most 1, reached at z = 0."""
    t = np.tanh(np.asarray(z, dtype=np.float64))
    return 1.0 - t * t


def relu(z):
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def relu_grad(z):
    """1 where z > 0, else 0 (we take the derivative at exactly 0 to be 0)."""
    return (np.asarray(z) > 0).astype(np.float64)


LEAKY_SLOPE = 0.01


def leaky_relu(z, slope=LEAKY_SLOPE):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, slope * z)


def leaky_relu_grad(z, slope=LEAKY_SLOPE):
    """1 where z > 0, else `slope`: a negative input still passes a little gradient."""
    return np.where(np.asarray(z) > 0, 1.0, slope)


def identity(z):
    return np.asarray(z, dtype=np.float64)


def identity_grad(z):
    return np.ones_like(np.asarray(z, dtype=np.float64))


def _sigmoid_grad_from_output(a):
    return a * (1.0 - a)


def _tanh_grad_from_output(a):
    return 1.0 - a * a


class Activation(NamedTuple):
    """An activation by name: the function, its derivative in z, and optionally the same derivative
    written in terms of the output a = f(z), which saves recomputing f in a backward pass."""

    name: str
    function: Callable
    derivative: Callable
    derivative_from_output: Callable | None = None


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_grad, _sigmoid_grad_from_output),
    "tanh": Activation("tanh", tanh, tanh_grad, _tanh_grad_from_output),
    "relu": Activation("relu", relu, relu_grad, relu_grad),  # a > 0 exactly where z > 0
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_grad),
    "identity": Activation("identity", identity, identity_grad),
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name; an unknown name raises ValueError listing the known ones."""
    return ACTIVATIONS[choice(name, "activation", ACTIVATIONS)]
