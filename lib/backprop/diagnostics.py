"""Measuring the backward signal layer by layer: why deep networks stop learning, and what fixes it.

The backward pass multiplies the signal by one factor per layer,

    delta_l = (delta_{l+1} @ W_{l+1}.T) * f'(z_l),

so through many layers it shrinks (factors below 1: vanishing gradients) or grows (above 1:
exploding gradients) geometrically. This module measures that product on an `MLP`:

- `layer_gradient_norms`: the size of every layer's weight gradient from one forward/backward pass;
  `gradient_profile` does the same for a fresh deep network on a fixed regression problem.
- `train_recording_gradients`: gradient descent that records, step by step, the loss, every
  layer's gradient size and how far every layer's weights have moved.
- `dead_unit_fraction`: the share of ReLU units that are off for every example (their gradient is 0).
- `variance_factor` (theory) and `measured_variance_factors` (measurement): by what factor the
  mean square of the back-propagated gradient changes per layer, ``n Var(W) E[f'(z)^2]``;
  `backward_signals` keeps dL/da at every layer boundary, `backward_signal_rms` its size in a
  `square_stack` of equal-width layers.
- Set-ups shared by the chapter and the explorer: `regression_problem` (the data) and
  `deep_network` (deep, narrow, one linear output); `hidden_net_inputs` gives every hidden z.
- `derivative_product_bound`: the largest the product of L activation derivatives can be, 0.25^L
  for the sigmoid.
- `plot_layer_bars`: grouped bars by layer, on a log scale, for any of the above.
- `vanishing_gradient_explorer`: depth, activation and initialization as controls, the per-layer
  gradient sizes of `gradient_profile` as bars (live in Jupyter, kernel-free in the book).
- Self-checks for the chapter's exercises: `check_sigmoid_depth`, `check_variance_factor`,
  `check_explosion_factor`, `check_leaky_gain`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from ._checks import as_finite_array, choice, count, positive_finite, rng_from
from .activations import LEAKY_SLOPE, get_activation
from .datasets import make_regression
from .explorers import (
    BlitFigure,
    Explorer,
    Frame,
    LiveExplorer,
    StaticExplorer,
    View,
    bars,
    register_explorer,
    select,
    slider,
)
from .initializers import INITIALIZERS, init_variance
from .losses import squared_error, squared_error_grad
from .network import MLP
from .optimize import sgd_update
from .plotting import COLORS
from .selfcheck import Feedback, check_number, no_answer

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

STATISTICS = ("rms", "frobenius")


def derivative_product_bound(activation: str, n_layers: int) -> np.ndarray:
    """The largest the product of k activation derivatives can be, for k = 0..n_layers.

    Returns shape (n_layers + 1,): ``MAX_DERIVATIVE[activation] ** k``, i.e. 0.25^k for the
    sigmoid. It bounds only the f'(z) factors of the backward product; the weights multiply in too.
    """
    name = get_activation(activation).name
    n_layers = count(n_layers, "n_layers")
    return MAX_DERIVATIVE[name] ** np.arange(n_layers + 1, dtype=np.float64)


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
    return layer_gradient_norms(mlp, X, y, statistic=statistic)


@dataclass(frozen=True)
class GradientRecord:
    """What `train_recording_gradients` saw, one row per step (steps taken, in order).

    - `loss`, shape (steps,): the training loss before each step.
    - `gradient_norms`, shape (steps, n_layers): each layer's gradient size (root mean square of dW).
    - `weight_change`, shape (steps, n_layers): after each step, how far each layer's weights are
      from where they started, relative to their starting size: ||W_t - W_0|| / ||W_0||.
      A layer whose weights barely move is a layer that is not learning.
    """

    loss: np.ndarray
    gradient_norms: np.ndarray
    weight_change: np.ndarray


def train_recording_gradients(mlp, X, y, *, learning_rate: float = 0.05, steps: int = 200,
                              batch_size: int | None = None, seed=0) -> GradientRecord:
    """Train `mlp` in place by gradient descent on the squared error, recording every layer at every step.

    `X` has shape (n, mlp.sizes[0]) and `y` shape (n, mlp.sizes[-1]) or (n,). With `batch_size`
    None each step uses all the data (full-batch descent, deterministic); otherwise each step uses
    `batch_size` examples drawn without replacement from `seed`. Returns a `GradientRecord`.
    Raises ValueError if the loss or a gradient stops being finite (lower the learning rate).
    """
    mlp = _check_mlp(mlp)
    X, y = _regression_pair(mlp, X, y)
    learning_rate = positive_finite(learning_rate, "learning_rate")
    steps = count(steps, "steps", minimum=1)
    if batch_size is not None:
        batch_size = min(count(batch_size, "batch_size", minimum=1), X.shape[0])
    rng = rng_from(seed)
    start = [W.copy() for W in mlp.weights]
    start_size = np.array([np.linalg.norm(W) for W in start])
    start_size[start_size == 0] = 1.0  # an all-zero layer: report absolute movement
    loss = np.empty(steps)
    gradient_norms = np.empty((steps, mlp.n_layers))
    weight_change = np.empty((steps, mlp.n_layers))
    for step in range(steps):
        batch = slice(None) if batch_size is None else rng.choice(X.shape[0], size=batch_size, replace=False)
        with np.errstate(over="ignore", invalid="ignore"):
            output = mlp.forward(X[batch])
            if not np.all(np.isfinite(output)):
                raise ValueError(f"training diverged at step {step}: the output overflowed; lower learning_rate")
            loss[step] = squared_error(output, y[batch])
            weight_grads, bias_grads = mlp.backward(squared_error_grad(output, y[batch]))
            if not all(np.all(np.isfinite(g)) for g in weight_grads + bias_grads):
                raise ValueError(f"training diverged at step {step}: a gradient overflowed; lower learning_rate")
            gradient_norms[step] = [_statistic(dW, "rms") for dW in weight_grads]
            sgd_update(mlp.weights, weight_grads, learning_rate)
            sgd_update(mlp.biases, bias_grads, learning_rate)
            if not all(np.all(np.isfinite(W)) for W in mlp.weights):
                raise ValueError(f"training diverged at step {step}: a weight overflowed; lower learning_rate")
        weight_change[step] = [np.linalg.norm(W - W0) for W, W0 in zip(mlp.weights, start)] / start_size
    return GradientRecord(loss=loss, gradient_norms=gradient_norms, weight_change=weight_change)


def _net_inputs(mlp, X) -> list:
    """The net inputs z = a_prev @ W + b of every layer, output layer included."""
    X = as_finite_array(X, "X", ndim=2)
    if X.shape[1] != mlp.sizes[0]:
        raise ValueError(f"X must have {mlp.sizes[0]} columns (the network's input width), got shape {X.shape}")
    net_inputs, a = [], X
    for layer, (W, b) in enumerate(zip(mlp.weights, mlp.biases)):
        z = a @ W + b
        net_inputs.append(z)
        a = mlp.activation_of_layer(layer).function(z)
    return net_inputs


def hidden_net_inputs(mlp, X) -> list:
    """The net inputs z = a_prev @ W + b of every hidden layer for inputs `X` of shape (batch, sizes[0]).

    Returns a list of mlp.n_layers - 1 arrays, entry l of shape (batch, sizes[l + 1]).
    """
    return _net_inputs(_check_mlp(mlp), X)[:-1]


def dead_unit_fraction(mlp, X) -> np.ndarray:
    """For each hidden layer, the fraction of units whose net input is <= 0 for every example in `X`.

    `X` has shape (batch, mlp.sizes[0]); returns shape (mlp.n_layers - 1,). In a ReLU network such
    a unit outputs 0 and has derivative 0 on the whole batch, so its incoming weights and bias get
    no gradient at all: it is dead, and only changes in earlier layers can switch it back on. (A
    leaky ReLU unit in the same state still passes slope times the signal, so it keeps learning.)
    """
    return np.array([float(np.mean(np.all(z <= 0, axis=0))) for z in hidden_net_inputs(mlp, X)])


def backward_signals(mlp, X, grad_output) -> list:
    """The back-propagated gradient dL/da at every layer boundary, for inputs X and dL/d(output) `grad_output`.

    Returns a list of mlp.n_layers + 1 arrays: entry k is dL/da_k with shape (batch, sizes[k]),
    where a_0 = X and a_{n_layers} is the output (so the last entry is `grad_output`). It applies
    the same rule as `MLP.backward`, delta = dL/da * f'(z) and dL/da_prev = delta @ W.T, but keeps
    the signal between layers, which is what vanishes or explodes.
    """
    mlp = _check_mlp(mlp)
    net_inputs = _net_inputs(mlp, X)
    grad = as_finite_array(grad_output, "grad_output", ndim=2)
    if grad.shape != net_inputs[-1].shape:
        raise ValueError(f"grad_output must have the output's shape {net_inputs[-1].shape}, got {grad.shape}")
    signals = [grad]
    for layer in reversed(range(mlp.n_layers)):
        delta = grad * mlp.activation_of_layer(layer).derivative(net_inputs[layer])
        grad = delta @ mlp.weights[layer].T
        signals.append(grad)
    return signals[::-1]


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


def plot_layer_bars(series, ax=None, ylabel="gradient size (RMS of dW)", log=True):
    """Grouped bars by layer: one bar per entry of `series` ({label: values of shape (n_layers,)}).

    Layers are numbered from 1 at the input; colors follow `COLORS` in order. A log y-axis (the
    default) shows a geometric shrink as a straight staircase. Returns the axes.
    """
    import matplotlib.pyplot as plt

    if not isinstance(series, dict) or not series:
        raise TypeError("series must be a non-empty dict {label: per-layer values}")
    arrays = {str(label): as_finite_array(values, f"series[{label!r}]", ndim=1) for label, values in series.items()}
    n_layers = {a.size for a in arrays.values()}
    if len(n_layers) != 1:
        raise ValueError(f"every series must have one value per layer, got lengths {sorted(n_layers)}")
    (n_layers,) = n_layers
    if ax is None:
        _, ax = plt.subplots()
    width = 0.8 / len(arrays)
    layers = np.arange(1, n_layers + 1)
    for i, ((label, values), color) in enumerate(zip(arrays.items(), itertools.cycle(COLORS.values()))):
        ax.bar(layers - 0.4 + width * (i + 0.5), values, width=width, label=label, color=color)
    ax.set_xticks(layers)
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    ax.grid(axis="x", visible=False)
    if len(arrays) > 1:
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))  # beside the axes: bars fill the inside
    return ax


# ---------------------------------------------------------------- the explorer

EXPLORER_DEPTHS = (2, 3, 4, 6, 8, 10, 15, 20, 30)
"""Depths (weight layers) the static explorer offers; the live one takes any depth from 2 to 30."""

EXPLORER_ACTIVATIONS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
                        "identity": "none (linear)"}
EXPLORER_INITS = {"standard": "standard, uniform ±1/√n", "xavier": "Xavier (Glorot)", "he": "He"}
GRADIENT_VERDICTS = {"vanishing": "Vanishing", "flowing": "Flowing", "exploding": "Exploding"}
VANISHING_BELOW = 1e-4
EXPLODING_ABOVE = 1e2
"""A first layer whose gradient (RMS of dW, on `regression_problem`) is below `VANISHING_BELOW` learns
nothing in a few hundred steps at a learning rate that suits the output layer; one above
`EXPLODING_ABOVE` makes such a step throw its weights far away."""
EXPLORER_YLIM = (1e-16, 1e10)


def gradient_verdict(norms) -> str:
    """The verdict on a per-layer gradient profile, judged by the first layer's size norms[0].

    "vanishing" below `VANISHING_BELOW`, "exploding" above `EXPLODING_ABOVE`, else "flowing".
    """
    norms = as_finite_array(norms, "norms", ndim=1)
    if norms.size == 0:
        raise ValueError("norms must hold at least one layer")
    if norms[0] < VANISHING_BELOW:
        return "vanishing"
    return "exploding" if norms[0] > EXPLODING_ABOVE else "flowing"


def _short(x: float) -> str:
    return f"{x:.2g}" if 1e-3 <= abs(x) < 1e3 else f"{x:.1e}"


def describe_gradients(norms) -> str:
    """One sentence on a per-layer gradient profile: the first and last layers and their ratio."""
    norms = as_finite_array(norms, "norms", ndim=1)
    if norms.size == 0:
        raise ValueError("norms must hold at least one layer")
    ratio = norms[0] / norms[-1] if norms[-1] > 0 else math.inf
    text = (f"Layer 1 gets a gradient of {_short(norms[0])}, the output layer {_short(norms[-1])}: "
            f"the first layer gets {_short(ratio)} times as much as the last.")
    if norms.min() < EXPLORER_YLIM[0]:
        text += f" Bars below {EXPLORER_YLIM[0]:.0e} are cut off at the axis."
    return text


def _layer_ticks(depth):
    step = 1 if depth <= 10 else 5
    shown = [1] + list(range(step, depth + 1, step)) if step > 1 else list(range(1, depth + 1))
    return tuple((layer - 1, str(layer)) for layer in sorted(set(shown)))


def _explorer_view(depth):
    decades = range(-16, 11, 4)
    return View(xlim=(-0.5, depth - 0.5), ylim=EXPLORER_YLIM, xlabel="layer (1 = next to the input)",
                ylabel="gradient size (RMS of dW)", yscale="log", xticks=_layer_ticks(depth),
                yticks=tuple((10.0**d, f"1e{d}") for d in decades))


def _explorer_controls(depth, activation, init):
    return [
        slider("depth", "depth (layers)", EXPLORER_DEPTHS, default=depth),
        select("activation", "activation", EXPLORER_ACTIVATIONS, default=activation),
        select("init", "initialization", EXPLORER_INITS, default=init),
    ]


class _LiveGradientFigure:
    """The live explorer's figure (no pyplot): axes drawn once, bars and layer labels redrawn.

    The x axis runs over [0, 1] whatever the depth, so the axes, the log y axis and the labels are
    rendered once and frozen (`BlitFigure`). A change only places and sizes the first `depth` bars
    and the layer numbers under them, and draws those on the frozen background: an update costs the
    same for every depth, well inside a frame.
    """

    def __init__(self):
        from matplotlib.figure import Figure

        from .plotting import INK, book_style

        depth_max = max(EXPLORER_DEPTHS)
        with book_style():
            figure = Figure(figsize=(6.4, 4.0), dpi=100)
            ax = figure.add_subplot()
            ax.set_yscale("log")
            ax.set_ylim(*EXPLORER_YLIM)
            ax.set_xlim(0.0, 1.0)
            ax.set_xticks([])
            ax.set_xlabel("layer (1 = next to the input)", labelpad=18)
            ax.set_ylabel("gradient size (RMS of dW)")
            ax.grid(axis="x", visible=False)
            ax.set_axisbelow(True)
            self.bars = list(ax.bar(np.zeros(depth_max), np.ones(depth_max), width=0.01, align="edge",
                                    color=COLORS["blue"], animated=True))
            self.labels = [ax.text(0.0, -0.02, "", transform=ax.get_xaxis_transform(), ha="center", va="top",
                                   color=INK, animated=True) for _ in range(depth_max)]
            figure.tight_layout()
        self.blit = BlitFigure(figure)
        self.blit.freeze()

    def png(self, norms) -> bytes:
        depth = norms.size
        slot = 1.0 / depth
        for layer, (bar, height) in enumerate(zip(self.bars, np.maximum(norms, EXPLORER_YLIM[0]))):
            bar.set_x((layer + 0.15) * slot)
            bar.set_width(0.7 * slot)
            bar.set_height(height)
        ticks = dict(_layer_ticks(depth))
        shown = []
        for layer, label in enumerate(self.labels[:depth]):
            if layer in ticks:
                label.set_text(ticks[layer])
                label.set_x((layer + 0.5) * slot)
                shown.append(label)
        return self.blit.png(self.bars[:depth] + shown)


@register_explorer("vanishing gradients")
def vanishing_gradient_explorer(depth: int = 10, activation: str = "sigmoid", init: str = "xavier", seed=1):
    """The vanishing-gradient explorer: per-layer gradient sizes of a fresh deep network, as bars.

    Controls: the depth (weight layers, 2 to 30), the hidden activation (`EXPLORER_ACTIVATIONS`) and
    the initialization ("standard", "xavier", "he"). Each setting shows `gradient_profile` (width 32,
    network seed `seed`, an int) on a log axis, the verdict of `gradient_verdict` and the sentence of
    `describe_gradients`. Displayed in Jupyter it is a live ipywidgets figure; in the built book its
    static view (depths on the grid `EXPLORER_DEPTHS`; the state kept in the URL as
    ``?vanishing.depth=...&vanishing.activation=...&vanishing.init=...``). Returns an
    `explorers.Explorer`.
    """
    depth = count(depth, "depth", minimum=2)
    if depth > max(EXPLORER_DEPTHS):
        raise ValueError(f"depth must be at most {max(EXPLORER_DEPTHS)} in the explorer, got {depth}")
    activation = choice(activation, "activation", EXPLORER_ACTIVATIONS)
    init = choice(init, "init", INITIALIZERS)
    seed = count(seed, "seed")  # an int, so that every frame builds the same network
    controls = _explorer_controls(depth, activation, init)

    def profile(depth, activation, init):
        return gradient_profile(depth, activation, init, width=32, seed=seed)

    def frame(depth, activation, init):
        norms = profile(depth, activation, init)
        return Frame(f"d{depth}", (bars(np.maximum(norms, EXPLORER_YLIM[0]), "bar"),), describe_gradients(norms),
                     gradient_verdict(norms))

    views = {f"d{d}": _explorer_view(d) for d in EXPLORER_DEPTHS}
    static = StaticExplorer("vanishing", "Gradient size by layer at initialization", controls, views, frame,
                            verdicts=GRADIENT_VERDICTS)

    def live():
        figure = _LiveGradientFigure()

        def draw(depth, activation, init):
            norms = profile(int(depth), activation, init)
            return figure.png(norms), GRADIENT_VERDICTS[gradient_verdict(norms)], describe_gradients(norms)

        return LiveExplorer(controls, draw, {"depth": depth, "activation": activation, "init": init})

    text = f"vanishing_gradient_explorer(depth={depth}, activation={activation!r}, init={init!r})"
    return Explorer(static, live, text)


# ---------------------------------------------------------------- self-checks for the exercises


def check_sigmoid_depth(answer, threshold: float = 1e-6) -> Feedback:
    """Exercise: the smallest number of sigmoid layers L for which the bound 0.25^L is below `threshold`."""
    threshold = positive_finite(threshold, "threshold")
    if answer is None:
        return no_answer("set your answer and run the cell again.")
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)):
        return Feedback(False, f"the depth should be a whole number of layers, got {type(answer).__name__}.")
    expected = int(math.floor(math.log(threshold) / math.log(0.25))) + 1
    while 0.25 ** (expected - 1) < threshold:  # guard against rounding in the logarithms
        expected -= 1
    if answer == expected:
        return Feedback(True, f"0.25^{answer} is below {threshold:g} and 0.25^{answer - 1} is not.")
    if answer > expected:
        return Feedback(False, f"0.25^{answer - 1} is already below {threshold:g}: fewer layers suffice.")
    return Feedback(False, f"0.25^{answer} is still above {threshold:g}: you need more layers.")


def check_variance_factor(answer, init: str, width: int, activation: str) -> Feedback:
    """Exercise: predict `variance_factor(init, width, activation)` before measuring it."""
    expected = variance_factor(init, width, activation)
    return check_number(answer, expected, rel_tol=1e-3, what="your factor")


def check_explosion_factor(answer, depth: int) -> Feedback:
    """Exercise: by what factor the mean square of the gradient grows through `depth` linear layers with He init.

    Each square identity layer multiplies it by width * 2/width = 2, so the answer is 2^depth.
    """
    depth = count(depth, "depth", minimum=1)
    return check_number(answer, variance_factor("he", 100, "identity") ** depth, rel_tol=1e-3, what="your factor")


def check_leaky_gain(answer, slope: float) -> Feedback:
    """Exercise: the gain c for which weights of variance c/width keep a leaky ReLU stack's factor at 1.

    With E[f'(z)^2] = (1 + slope^2)/2 the factor is c (1 + slope^2)/2, so c = 2/(1 + slope^2).
    """
    slope = positive_finite(slope, "slope")
    if answer is None:
        return no_answer("set your gain and run the cell again.")
    feedback = check_number(answer, 2.0 / (1.0 + slope**2), rel_tol=1e-3, what="your gain")
    if feedback.correct is False and isinstance(answer, (int, float)) and math.isclose(answer, 2.0, rel_tol=1e-9):
        return Feedback(False, "2 is He's gain for the plain ReLU; the leaky part passes slope^2 too.")
    return feedback

