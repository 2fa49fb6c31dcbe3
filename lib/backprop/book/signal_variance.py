"""Chapter 5 (vanishing gradients): the backward signal between layers, its bound and its variance.

The backward pass multiplies the signal by one factor per layer,

    dL/da_prev = (dL/da * f'(z)) @ W.T,

so through many layers it shrinks (factors below 1: vanishing gradients) or grows (above 1:
exploding gradients) geometrically. This module holds the chapter's theory of that factor and its
measurement on an `MLP`:

- `derivative_product_bound`: the largest the product of L activation derivatives can be, 0.25^L
  for the sigmoid (`MAX_DERIVATIVE`).
- `variance_factor` (theory): by what factor the mean square of the back-propagated gradient
  changes per layer, ``n Var(W) E[f'(z)^2]`` (`MEAN_SQUARED_DERIVATIVE`, `mean_squared_derivative`).
- `backward_signals`: dL/da at every layer boundary, from the engine's ``MLP.backward(...,
  keep_signals=True)``; `backward_signal_rms` its size in a `square_stack` of equal-width layers,
  and `measured_variance_factors` the measured factor per layer.

`backprop.book.vanishing_gradients` re-exports all of these for the chapter.
"""

from __future__ import annotations

import math

import numpy as np

from ..activations import LEAKY_SLOPE, get_activation
from ..checks import choice, count, positive_finite, rng_from
from ..initializers import INITIALIZERS, init_variance
from ..network import MLP
from .layer_gradients import _check_mlp

MAX_DERIVATIVE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0, "identity": 1.0}
"""The largest value of f'(z) over all z, by activation: sigma'(0) = 1/4, every other one 1."""

MEAN_SQUARED_DERIVATIVE = {
    "sigmoid": 1.0 / 16.0,
    "tanh": 1.0,
    "relu": 0.5,
    "leaky_relu": (1.0 + LEAKY_SLOPE**2) / 2.0,
    "identity": 1.0,
}
"""E[f'(z)^2] at initialization, in the linear regime: z small and symmetric about 0.

Small z puts the sigmoid and tanh at their steepest point (f'(0)^2 = 1/16 and 1); symmetric z
switches a ReLU on for half the examples (1/2) and a leaky ReLU passes slope^2 on the other half.
"""


def derivative_product_bound(activation: str, n_layers: int) -> np.ndarray:
    """The largest the product of k activation derivatives can be, for k = 0..n_layers.

    Returns shape (n_layers + 1,): ``MAX_DERIVATIVE[activation] ** k``, i.e. 0.25^k for the
    sigmoid. It bounds only the f'(z) factors of the backward product; the weights multiply in too.
    """
    name = get_activation(activation).name
    n_layers = count(n_layers, "n_layers")
    return MAX_DERIVATIVE[name] ** np.arange(n_layers + 1, dtype=np.float64)


def backward_signals(mlp, X, grad_output) -> list:
    """The back-propagated gradient dL/da at every layer boundary, for inputs X and dL/d(output) `grad_output`.

    Returns a list of mlp.n_layers + 1 arrays: entry k is dL/da_k with shape (batch, sizes[k]),
    where a_0 = X and a_{n_layers} is the output (so the last entry is `grad_output`). It runs
    ``mlp.forward(X)`` and ``mlp.backward(grad_output, keep_signals=True)``, which applies
    delta = dL/da * f'(z) and dL/da_prev = delta @ W.T and keeps the signal between layers, the
    thing that vanishes or explodes. (So a later ``mlp.backward`` differentiates this pass.)
    """
    mlp = _check_mlp(mlp)
    mlp.forward(X)
    _, _, signals = mlp.backward(grad_output, keep_signals=True)
    return signals


def mean_squared_derivative(activation: str) -> float:
    """E[f'(z)^2] for net inputs z small and symmetric about 0 (see `MEAN_SQUARED_DERIVATIVE`)."""
    return MEAN_SQUARED_DERIVATIVE[get_activation(activation).name]


def variance_factor(init: str, width: int, activation: str = "identity") -> float:
    """Theory: by what factor one layer of `width` units multiplies the mean square of the backward signal.

    For a square layer (width inputs and outputs) with weights drawn by `init`,

        E[(dL/da_prev)^2] = width * Var(W) * E[f'(z)^2] * E[(dL/da)^2],

    since each entry of dL/da_prev = (dL/da * f'(z)) @ W.T sums `width` independent terms. The
    factor E[f'(z)^2] is the linear-regime value of `mean_squared_derivative`. Below 1 the signal
    vanishes geometrically with depth, above 1 it explodes.
    """
    width = count(width, "width", minimum=1)
    return width * init_variance(init, width, width) * mean_squared_derivative(activation)


def square_stack(init: str = "xavier", activation: str = "identity", width: int = 64, depth: int = 10, seed=0,
                 weight_variance: float | None = None) -> MLP:
    """`depth` square layers of `width` units, every layer (the last too) using `activation`.

    Weights come from `init`, or, with `weight_variance` given, from a normal with that variance
    (to try a scheme of your own). The clean setting for the variance theory: equal fans everywhere.
    """
    init = choice(init, "init", INITIALIZERS)
    width = count(width, "width", minimum=1)
    depth = count(depth, "depth", minimum=1)
    rng = rng_from(seed)
    mlp = MLP([width] * (depth + 1), activation=activation, output_activation=activation, init=init, seed=rng)
    if weight_variance is not None:
        std = math.sqrt(positive_finite(weight_variance, "weight_variance"))
        for W in mlp.weights:
            W[...] = rng.normal(0.0, std, size=W.shape)
    return mlp


def backward_signal_rms(init: str = "xavier", activation: str = "identity", width: int = 64, depth: int = 10,
                        n_samples: int = 256, seed=0, weight_variance: float | None = None) -> np.ndarray:
    """The root mean square of dL/da at every layer boundary of a `square_stack`, input side first.

    Feeds standard normal inputs of shape (n_samples, width), sends a standard normal dL/d(output)
    back and returns shape (depth + 1,): entry k for a_k, the last entry (about 1) for the output.
    """
    n_samples = count(n_samples, "n_samples", minimum=1)
    rng = rng_from(seed)
    mlp = square_stack(init, activation, width, depth, seed=rng, weight_variance=weight_variance)
    X = rng.normal(size=(n_samples, mlp.sizes[0]))
    signals = backward_signals(mlp, X, rng.normal(size=(n_samples, mlp.sizes[-1])))
    return np.array([math.sqrt(np.mean(s * s)) for s in signals])


def measured_variance_factors(init: str = "xavier", activation: str = "identity", width: int = 64,
                              depth: int = 10, n_samples: int = 256, seed=0,
                              weight_variance: float | None = None) -> np.ndarray:
    """Measurement of `variance_factor`: for each layer of a `square_stack`, mean(dL/da_in^2) / mean(dL/da_out^2).

    Returns shape (depth,), the first layer first (see `backward_signal_rms` for the set-up).
    The mean square stands in for the variance: the signal has mean about 0.
    """
    rms = backward_signal_rms(init, activation, width, depth, n_samples, seed, weight_variance)
    return (rms[:-1] / rms[1:]) ** 2


def mean_squared_derivative_at(activation: str, scale: float) -> float:
    """E[f'(z)^2] for net inputs z ~ Normal(0, scale^2): the linear regime at small `scale`, saturation at large.

    For the sigmoid and tanh it falls as `scale` grows (their slopes vanish away from 0); for ReLU
    it is 1/2 at every scale, since its slope is exactly 1 wherever the unit is on. Computed by
    the trapezoid rule on a fixed grid of 8001 points over ±8 standard deviations, so it is the
    same number on every machine.
    """
    scale = positive_finite(scale, "scale")
    derivative = get_activation(activation).derivative
    u = np.linspace(-8.0, 8.0, 8001)
    density = np.exp(-0.5 * u * u) / math.sqrt(2.0 * math.pi)
    values = derivative(scale * u) ** 2 * density
    return float(np.sum((values[1:] + values[:-1]) * 0.5) * (u[1] - u[0]))


def residual_signal_rms(init: str = "xavier", activation: str = "sigmoid", width: int = 64, depth: int = 30,
                        n_samples: int = 256, seed=0) -> np.ndarray:
    """Like `backward_signal_rms`, for the same layers joined by residual (skip) connections.

    Each layer adds its output to its input, a_l = a_{l-1} + f(a_{l-1} W_l + b_l), as in a residual
    network (He et al., 2016). The backward rule becomes dL/da_{l-1} = dL/da_l + (dL/da_l * f'(z_l)) W_l^T:
    the first term passes the signal on unchanged, whatever the layer does to the second. (The
    engine's `MLP` has no skip connections, so this loop is written here, on its weights.)
    Returns shape (depth + 1,), the input side first.
    """
    n_samples = count(n_samples, "n_samples", minimum=1)
    rng = rng_from(seed)
    mlp = square_stack(init, activation, width, depth, seed=rng)
    f = mlp.activation
    a = rng.normal(size=(n_samples, width))
    net_inputs = []
    for W, b in zip(mlp.weights, mlp.biases):
        z = a @ W + b
        net_inputs.append(z)
        a = a + f.function(z)
    grad = rng.normal(size=(n_samples, width))
    rms = [math.sqrt(np.mean(grad * grad))]
    for W, z in zip(reversed(mlp.weights), reversed(net_inputs)):
        grad = grad + (grad * f.derivative(z)) @ W.T
        rms.append(math.sqrt(np.mean(grad * grad)))
    return np.array(rms[::-1])


def layer_mean_squared_derivatives(mlp, X) -> np.ndarray:
    """Measured E[f'(z)^2] in every hidden layer of `mlp` for inputs `X`: how much of the signal
    the activations let through, layer by layer (1/16 for the sigmoid and 1 for tanh at most).

    Returns shape (mlp.n_layers - 1,), the first hidden layer first.
    """
    mlp = _check_mlp(mlp)
    derivative = mlp.activation.derivative
    return np.array([float(np.mean(derivative(z) ** 2)) for z in mlp.net_inputs(X)[:-1]])
