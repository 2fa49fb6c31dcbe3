"""Chapter 5 (vanishing gradients): how large each layer's gradient is, at initialization and in training.

The chapter's measurements on an `MLP` with the squared-error loss, one number per layer:

- `layer_gradient_norms`: the size of every layer's weight gradient from one forward/backward pass;
  `gradient_profile` does the same for a fresh `deep_network` on the `regression_problem`, the
  chapter's shared set-up (deep, narrow, one linear output; standardized targets).
- `train_recording_gradients`: full-batch gradient descent by the engine's `train`, recording at
  every step the loss, every layer's gradient size and how far every layer's weights have moved
  (a `GradientRecord`).
- `gradient_factors`: the two factors of every layer's weight gradient, dL/dW_l = a_{l-1}^T delta_l:
  how large its input is and how large its delta is.
- `hidden_net_inputs` and `dead_unit_fraction`: the net input of every hidden unit, and the share
  of ReLU units that are off for every example (their gradient is 0).

`backprop.book.vanishing_gradients` re-exports all of these for the chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import as_finite_array, choice, count
from ..datasets import make_regression
from ..losses import squared_error_grad
from ..network import MLP
from ..training import train

STATISTICS = ("rms", "frobenius")


def _statistic(array: np.ndarray, statistic: str) -> float:
    if statistic == "rms":
        return float(np.sqrt(np.mean(array * array)))
    return float(np.sqrt(np.sum(array * array)))


def _check_mlp(mlp):
    if not isinstance(mlp, MLP):
        raise TypeError(f"mlp must be a backprop MLP, got {type(mlp).__name__}")
    return mlp


def _regression_pair(mlp, X, y):
    X = as_finite_array(X, "X", ndim=2)
    if X.shape[1] != mlp.sizes[0]:
        raise ValueError(f"X must have {mlp.sizes[0]} columns (the network's input width), got shape {X.shape}")
    y = as_finite_array(y, "y")
    if y.ndim == 1:
        y = y[:, None]
    if y.shape != (X.shape[0], mlp.sizes[-1]):
        expected = (X.shape[0], mlp.sizes[-1])
        raise ValueError(f"y must have shape {expected} (one target row per row of X), got {y.shape}")
    return X, y


def layer_gradient_norms(mlp, X, y, statistic: str = "rms") -> np.ndarray:
    """The size of each layer's weight gradient dL/dW for one forward/backward pass on (X, y).

    The loss is the squared error. `X` has shape (batch, mlp.sizes[0]); `y` shape
    (batch, mlp.sizes[-1]), or (batch,) for one output. Returns shape (mlp.n_layers,), the first
    layer first. `statistic` "rms" (the default) is the root mean square of the entries of dW, the
    size of a typical weight's gradient: with one learning rate for all weights, it says how fast a
    typical weight of that layer moves, whatever the layer's shape. "frobenius" is the square root
    of the sum of squares, which also grows with the number of weights in the layer.
    """
    mlp = _check_mlp(mlp)
    statistic = choice(statistic, "statistic", STATISTICS)
    X, y = _regression_pair(mlp, X, y)
    weight_grads, _ = mlp.backward(squared_error_grad(mlp.forward(X), y))
    return np.array([_statistic(dW, statistic) for dW in weight_grads])


def _hidden_outputs(mlp, X, net_inputs=None) -> list:
    """The outputs a_l = f(z_l) of every hidden layer for inputs `X` (from `net_inputs`, if given)."""
    net_inputs = mlp.net_inputs(X) if net_inputs is None else net_inputs
    return [mlp.activation_of_layer(layer).function(z) for layer, z in enumerate(net_inputs[:-1])]


@dataclass(frozen=True)
class GradientFactors:
    """The factors of every layer's weight gradient dL/dW_l = a_{l-1}^T delta_l (`gradient_factors`).

    `inputs[l]` is the root mean square of layer l+1's input a_l (the data X for the first layer),
    `deltas[l]` that of its delta dL/dz; each has shape (n_layers,), the first layer first.
    """

    inputs: np.ndarray
    deltas: np.ndarray


def gradient_factors(mlp, X, y) -> GradientFactors:
    """How large each layer's input and delta are, for one forward/backward pass on (X, y) with the
    squared error (the arguments as in `layer_gradient_norms`): a weight gradient is the product
    of the two, so this says which of them makes one layer's gradient smaller than another's."""
    mlp = _check_mlp(mlp)
    X, y = _regression_pair(mlp, X, y)
    net_inputs = mlp.net_inputs(X)
    inputs = [X] + _hidden_outputs(mlp, X, net_inputs)
    _, _, signals = mlp.backward(squared_error_grad(mlp.forward(X), y), keep_signals=True)  # signals[l] = dL/da_l
    deltas = [signals[layer + 1] * mlp.activation_of_layer(layer).derivative(z) for layer, z in enumerate(net_inputs)]
    return GradientFactors(inputs=np.array([_statistic(a, "rms") for a in inputs]),
                           deltas=np.array([_statistic(d, "rms") for d in deltas]))


def regression_problem(n_samples: int = 128, n_features: int = 8, seed=0):
    """The chapter's data: `make_regression` with targets scaled to mean 0 and variance 1.

    Returns ``(X, y)`` with X of shape (n_samples, n_features) and y of shape (n_samples, 1).
    Scaled targets make one learning rate and one loss scale fit every network in the comparison.
    """
    X, y, _, _ = make_regression(n_samples, n_features, noise=0.1, seed=seed)
    y = (y - y.mean()) / y.std()
    return X, y[:, None]


def deep_network(depth: int, activation: str, init: str, width: int = 32, n_features: int = 8, seed=0) -> MLP:
    """A deep, narrow `MLP` with `depth` weight layers: n_features -> width x (depth - 1) -> 1.

    Hidden layers use `activation`, the output is linear (regression), weights come from `init`.
    """
    depth = count(depth, "depth", minimum=1)
    width = count(width, "width", minimum=1)
    n_features = count(n_features, "n_features", minimum=1)
    return MLP([n_features] + [width] * (depth - 1) + [1], activation=activation, init=init, seed=seed)


def gradient_profile(depth: int, activation: str, init: str, width: int = 32, seed=0, n_samples: int = 128,
                     n_features: int = 8, statistic: str = "rms") -> np.ndarray:
    """Per-layer gradient size of a fresh `deep_network` on `regression_problem`, at initialization.

    Returns shape (depth,), the first layer first (see `layer_gradient_norms` for `statistic`).
    The data come from seed 0 whatever `seed` is, so networks with different seeds see the same
    data. One call takes a few milliseconds, so an explorer can precompute a grid of them.
    """
    mlp = deep_network(depth, activation, init, width=width, n_features=n_features, seed=seed)
    X, y = regression_problem(n_samples, n_features, seed=0)
    try:  # the forward or the backward pass raises FloatingPointError when it overflows
        with np.errstate(over="ignore", invalid="ignore"):
            sizes = layer_gradient_norms(mlp, X, y, statistic=statistic)
        measured = bool(np.isfinite(sizes).all())
    except FloatingPointError:
        measured = False
    if not measured:
        raise FloatingPointError(
            f"the gradients of a {depth}-layer {activation} network with {init} initialization grow beyond the "
            f"largest number a float can hold, so their sizes cannot be measured; fewer layers keep them finite")
    return sizes


@dataclass(frozen=True)
class GradientRecord:
    """What `train_recording_gradients` saw, one row per step (steps taken, in order).

    - `loss`, shape (steps,): the training loss before each step.
    - `gradient_norms`, shape (steps, n_layers): each layer's gradient size (root mean square of dW).
    - `weight_change`, shape (steps, n_layers): after each step, how far each layer's weights are
      from where they started, relative to their starting size: ||W_t - W_0|| / ||W_0||.
      A layer whose weights barely move is a layer that is not learning.
    - `diverged`: True if training blew up and stopped early (the rows then end where it stopped).
    """

    loss: np.ndarray
    gradient_norms: np.ndarray
    weight_change: np.ndarray
    diverged: bool = False


def train_recording_gradients(mlp, X, y, *, learning_rate: float = 0.05, steps: int = 200) -> GradientRecord:
    """Train `mlp` in place by full-batch gradient descent on the squared error, recording every layer at every step.

    `X` has shape (n, mlp.sizes[0]) and `y` shape (n, mlp.sizes[-1]) or (n,). Each step uses all
    the data (deterministic): it is the engine's ``train(..., loss="squared_error",
    batch_size=None)`` for `steps` epochs, whose `record` function reads the loss and the
    gradients of every update. Returns a `GradientRecord`; a run that blows up stops early and
    says so in it (`diverged`), as `train` does.
    """
    mlp = _check_mlp(mlp)
    X, y = _regression_pair(mlp, X, y)
    steps = count(steps, "steps", minimum=1)
    start = [W.copy() for W in mlp.weights]
    start_size = np.array([np.linalg.norm(W) for W in start])
    start_size[start_size == 0] = 1.0  # an all-zero layer: report absolute movement

    def record(step):
        gradient_norms = [_statistic(dW, "rms") for dW in step.weight_grads]
        weight_change = [np.linalg.norm(W - W0) for W, W0 in zip(step.mlp.weights, start)] / start_size
        return step.loss, gradient_norms, weight_change

    history = train(mlp, X, y, loss="squared_error", learning_rate=learning_rate, epochs=steps, batch_size=None,
                    record=record)
    rows, shape = history.records, (len(history.records), mlp.n_layers)
    return GradientRecord(loss=np.array([row[0] for row in rows], dtype=np.float64),
                          gradient_norms=np.array([row[1] for row in rows], dtype=np.float64).reshape(shape),
                          weight_change=np.array([row[2] for row in rows], dtype=np.float64).reshape(shape),
                          diverged=history.diverged)


def hidden_net_inputs(mlp, X) -> list:
    """The net inputs z = a_prev @ W + b of every hidden layer for inputs `X` of shape (batch, sizes[0]).

    Returns a list of mlp.n_layers - 1 arrays, entry l of shape (batch, sizes[l + 1]): the
    engine's `MLP.net_inputs` without the output layer.
    """
    return _check_mlp(mlp).net_inputs(X)[:-1]


def dead_unit_fraction(mlp, X) -> np.ndarray:
    """For each hidden layer, the fraction of units whose net input is <= 0 for every example in `X`.

    `X` has shape (batch, mlp.sizes[0]); returns shape (mlp.n_layers - 1,). In a ReLU network such
    a unit outputs 0 and has derivative 0 on the whole batch, so its incoming weights and bias get
    no gradient at all: it is dead, and only changes in earlier layers can switch it back on. (A
    leaky ReLU unit in the same state still passes slope times the signal, so it keeps learning.)
    """
    return np.array([float(np.mean(np.all(z <= 0, axis=0))) for z in hidden_net_inputs(mlp, X)])
