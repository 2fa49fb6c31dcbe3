"""Chapter 5 (vanishing gradients): the chapter's helpers, in one place for the notebook to import.

Why deep networks stop learning, and what fixes it, measured layer by layer. The helpers live in
modules by idea, and this one re-exports what the chapter uses:

- `backprop.book.layer_gradients`: per-layer gradient sizes (`layer_gradient_norms`,
  `gradient_profile`), the chapter's set-up (`regression_problem`, `deep_network`), full-batch
  training that records every layer at every step (`train_recording_gradients`, `GradientRecord`)
  and dead units (`hidden_net_inputs`, `dead_unit_fraction`).
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
    GradientRecord,
    dead_unit_fraction,
    deep_network,
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
    "GradientRecord",
    "backward_signal_rms",
    "backward_signals",
    "dead_unit_fraction",
    "deep_network",
    "derivative_product_bound",
    "describe_gradients",
    "exercises",
    "gradient_profile",
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
        "vanishing-sigmoid-depth", Text("Sigmoid layers", "시그모이드 층"),
        parameters={"threshold": Parameter(1e-6, (r"10^{-6}",))},
        fields=(
            Whole("depth_answer", Text("The number of layers L", "층의 개수 L"),
                  lambda p: _sigmoid_depth(p["threshold"]),
                  Between(None, 1, Text("{label}: a gradient passes through at least one layer.",
                                        "{label}: 기울기는 적어도 층 하나를 지난다.")),
                  Between(lambda p: _sigmoid_depth(p["threshold"]), 200,
                          Text("{label}: 0.25^({x} − 1) = {f} is already below {threshold}: fewer layers suffice.",
                               "{label}: 0.25^({x} − 1) = {f}(으)로 이미 {threshold}보다 작다. 층이 더 적어도 "
                               "된다."), ["^", 0.25, ["-", "x", 1]]),
                  Between(None, lambda p: _sigmoid_depth(p["threshold"]),
                          Text("{label}: 0.25^{x} = {f} is still above {threshold}: more layers are needed.",
                               "{label}: 0.25^{x} = {f}(으)로 아직 {threshold}보다 크다. 층이 더 있어야 한다."),
                          ["^", 0.25, "x"])),
        )),
    Exercise(
        "vanishing-predict-factor", Text("The factor per layer", "층마다의 인수"),
        parameters={"width": Parameter(64, ("width 64",))},
        fields=(
            Number("factor_answer", Text("The factor per layer", "층마다의 인수"),
                   lambda p: variance_factor("xavier", p["width"], "sigmoid"),
                   Near(0.25, Text("{label}: {x} is the sigmoid's largest slope; the factor has E[f′(z)²], the "
                                   "slope squared.", "{label}: {x}은(는) 시그모이드의 가장 큰 기울기이다. 인수에는 "
                                   "그 제곱인 E[f′(z)²]이 들어간다.")),
                   Near(1.0, Text("{label}: {x} is n Var(W) alone; the sigmoid's slope at 0 enters too, squared.",
                                  "{label}: {x}은(는) n Var(W)뿐이다. 0에서의 시그모이드 기울기도 제곱으로 "
                                  "들어간다."))),
        )),
    Exercise(
        "vanishing-explosion", Text("Twelve linear layers", "선형 층 12개"),
        parameters={"depth": Parameter(12, ("Twelve linear layers",)), "width": Parameter(100, ("width 100",))},
        fields=(
            Number("explosion_answer", Text("The growth of the mean square", "제곱평균이 커지는 인수"),
                   lambda p: variance_factor("he", p["width"], "identity") ** p["depth"],
                   Near(lambda p: variance_factor("he", p["width"], "identity") ** (p["depth"] / 2),
                        Text("{label}: {x} is how much the RMS grows; the mean square grows by its square.",
                             "{label}: {x}은(는) RMS가 커지는 인수이다. 제곱평균은 그 제곱만큼 커진다.")),
                   Near(lambda p: variance_factor("he", p["width"], "identity") * p["depth"],
                        Text("{label}: {x} adds a factor per layer; the factors multiply.",
                             "{label}: {x}은(는) 층마다의 인수를 더한 값이다. 인수는 곱해진다."))),
        )),
    Exercise(
        "vanishing-leaky-gain", Text("A leaky ReLU's gain", "리키 ReLU의 게인"),
        parameters={"slope": Parameter(0.2, (r"\alpha = 0.2",))},
        fields=(
            Number("gain_answer", Text("The gain c", "게인 c"), lambda p: 2 / (1 + p["slope"] ** 2),
                   Near(2.0, Text("{label}: {x} is He's gain for the plain ReLU; the leaky part passes α² of the "
                                  "gradient's square too.", "{label}: {x}은(는) 보통 ReLU에 맞춘 He 초기화의 이득이다. "
                                  "리키 ReLU는 음수 쪽에서도 기울기 제곱의 α²만큼을 통과시킨다.")),
                   Near(lambda p: 2 / (1 + p["slope"]),
                        Text("{label}: {x} is 2/(1 + α); the slope enters E[f′(z)²] squared.",
                             "{label}: {x}은(는) 2/(1 + α)이다. 기울기는 E[f′(z)²]에 제곱으로 들어간다."))),
        )),
)
"""The chapter's exercises (all have a number for an answer): ``exercises.check(name, answer)``."""
