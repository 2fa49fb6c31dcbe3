"""Chapter 5 (vanishing gradients): the chapter's helpers, in one place for the notebook to import.

Why deep networks stop learning, and what fixes it, measured layer by layer. The helpers live in
modules by idea, and this one re-exports what the chapter uses:

- `backprop.book.layer_gradients`: per-layer gradient sizes (`layer_gradient_norms`,
  `gradient_profile`), the chapter's set-up (`regression_problem`, `deep_network`), full-batch
  training that records every layer at every step (`train_recording_gradients`, `GradientRecord`)
  and dead units (`hidden_net_inputs`, `dead_unit_fraction`).
- `backprop.book.forward_collapse`: the forward pass, per hidden layer (`forward_statistics`: how
  much the outputs differ across examples, and their mean), and what it leaves the output layer
  (`top_layer_fit`, the best it could reach; `top_layer_curvatures`, how fast gradient descent gets there).
- `backprop.book.signal_variance`: the backward signal between layers, its bound
  (`derivative_product_bound`) and its variance factor per layer, in theory (`variance_factor`)
  and measured (`backward_signals`, `backward_signal_rms`, `measured_variance_factors`).
- `backprop.book.gradient_explorer`: `vanishing_gradient_explorer`, depth, activation and
  initialization as controls, the per-layer gradient sizes as bars.

It holds itself the chapter's figure helper, `plot_layer_bars` (grouped bars by layer, on a log
scale), and its exercises, declared once for the kernel's check and the page's answer box
(`exercises`, see `backprop.book.exercises`).
"""

from __future__ import annotations

import itertools

import numpy as np

from ..checks import as_finite_array
from .exercises import Between, Exercise, ExerciseSet, Near, Number, Parameter, Whole
from .forward_collapse import ForwardStatistics, forward_statistics, top_layer_curvatures, top_layer_fit
from .gradient_explorer import (
    EXPLODING_ABOVE,
    LEVEL_WITHIN,
    VANISHING_BELOW,
    describe_gradients,
    gradient_verdict,
    profile_ratio,
    vanishing_gradient_explorer,
)
from .language import Text
from .layer_gradients import (
    GradientFactors,
    GradientRecord,
    dead_unit_fraction,
    deep_network,
    gradient_factors,
    gradient_profile,
    hidden_net_inputs,
    layer_gradient_norms,
    regression_problem,
    train_recording_gradients,
)
from .signal_variance import (
    backward_signal_rms,
    backward_signals,
    derivative_product_bound,
    layer_mean_squared_derivatives,
    mean_squared_derivative,
    mean_squared_derivative_at,
    measured_variance_factors,
    residual_signal_rms,
    square_stack,
    variance_factor,
)
from .style import COLORS, check_axes

__all__ = [
    "EXPLODING_ABOVE",
    "LEVEL_WITHIN",
    "VANISHING_BELOW",
    "ForwardStatistics",
    "GradientRecord",
    "backward_signal_rms",
    "backward_signals",
    "dead_unit_fraction",
    "deep_network",
    "derivative_product_bound",
    "describe_gradients",
    "exercises",
    "forward_statistics",
    "gradient_profile", "gradient_factors", "GradientFactors",
    "gradient_verdict",
    "hidden_net_inputs",
    "layer_gradient_norms",
    "layer_mean_squared_derivatives",
    "mean_squared_derivative",
    "mean_squared_derivative_at",
    "measured_variance_factors",
    "plot_layer_bars",
    "profile_ratio",
    "regression_problem",
    "residual_signal_rms",
    "square_stack",
    "top_layer_curvatures",
    "top_layer_fit",
    "train_recording_gradients",
    "vanishing_gradient_explorer",
    "variance_factor",
]


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
    if check_axes(ax) is None:
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


# ---------------------------------------------------------------- exercises


def _sigmoid_depth(threshold: float) -> int:
    """The smallest L with 0.25^L below `threshold`."""
    return next(depth for depth in range(1, 10_000) if 0.25**depth < threshold)


exercises = ExerciseSet(
    Exercise(
        "vanishing-sigmoid-depth", Text("Sigmoid layers"),
        parameters={"threshold": Parameter(1e-6, (r"10^{-6}",))},
        fields=(
            Whole("depth_answer", Text("The number of layers D"),
                  lambda p: _sigmoid_depth(p["threshold"]),
                  Between(None, 1, Text("{label}: a gradient passes through at least one layer.")),
                  Between(lambda p: _sigmoid_depth(p["threshold"]), 200,
                          Text("{label}: 0.25^({x} − 1) = {f} is already below {threshold}: fewer layers suffice."),
                          ["^", 0.25, ["-", "x", 1]]),
                  Between(None, lambda p: _sigmoid_depth(p["threshold"]),
                          Text("{label}: 0.25^{x} = {f} is still above {threshold}: more layers are needed."),
                          ["^", 0.25, "x"])),
        )),
    Exercise(
        "vanishing-predict-factor", Text("The factor per layer"),
        parameters={"width": Parameter(64, ("width 64",))},
        fields=(
            Number("factor_answer", Text("The factor per layer"),
                   lambda p: variance_factor("xavier", p["width"], "sigmoid"),
                   Near(0.25, Text("{label}: {x} is the sigmoid's largest slope; the factor has the mean of f′(z)², "
                                   "the slope squared.")),
                   Near(1.0, Text("{label}: {x} is n Var(W) alone; the sigmoid's slope at 0 enters too, squared."))),
        )),
    Exercise(
        "vanishing-explosion", Text("Twelve linear layers"),
        parameters={"depth": Parameter(12, ("Twelve linear layers",)), "width": Parameter(100, ("width 100",))},
        fields=(
            Number("explosion_answer", Text("The growth of the mean square"),
                   lambda p: variance_factor("he", p["width"], "identity") ** p["depth"],
                   Near(lambda p: variance_factor("he", p["width"], "identity") ** (p["depth"] / 2),
                        Text("{label}: {x} is how much the RMS grows; the mean square grows by its square.")),
                   Near(lambda p: variance_factor("he", p["width"], "identity") * p["depth"],
                        Text("{label}: {x} adds a factor per layer; the factors multiply."))),
        )),
    Exercise(
        "vanishing-leaky-gain", Text("He's constant for a leaky ReLU"),
        parameters={"slope": Parameter(0.2, (r"\alpha = 0.2",))},
        fields=(
            Number("gain_answer", Text("The constant c"), lambda p: 2 / (1 + p["slope"] ** 2),
                   Near(2.0, Text("{label}: {x} is He's constant for the plain ReLU; the leaky part passes α² of the "
                                  "gradient's square too.")),
                   Near(lambda p: 2 / (1 + p["slope"]),
                        Text("{label}: {x} is 2/(1 + α); the slope enters the mean of f′(z)² squared."))),
        )),
)
"""The chapter's exercises (all have a number for an answer): ``exercises.check(name, answer)``."""
