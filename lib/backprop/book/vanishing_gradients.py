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
scale), and the self-checks of its exercises: `check_sigmoid_depth`, `check_variance_factor`,
`check_explosion_factor`, `check_leaky_gain`.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from .._checks import as_finite_array, count, positive_finite
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
from .selfcheck import Feedback, check_number, no_answer
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
    "check_explosion_factor",
    "check_leaky_gain",
    "check_sigmoid_depth",
    "check_variance_factor",
    "dead_unit_fraction",
    "deep_network",
    "derivative_product_bound",
    "exercise_box",
    "describe_gradients",
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


# ---------------------------------------------------------------- self-checks for the exercises


YOUR_FACTOR = Text("your factor", "예측한 인수")
YOUR_GAIN = Text("your gain", "이득")


def check_sigmoid_depth(answer, threshold: float = 1e-6) -> Feedback:
    """Exercise: the smallest number of sigmoid layers L for which the bound 0.25^L is below `threshold`."""
    threshold = positive_finite(threshold, "threshold")
    if answer is None:
        return no_answer(Text("set your answer and run the cell again.", "답에 값을 넣고 셀을 다시 실행하라."))
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)):
        return Feedback(False, Text("the depth should be a whole number of layers, got {kind}.",
                                    "깊이는 층의 개수이므로 정수여야 하는데 {kind}이다.", kind=type(answer).__name__))
    expected = int(math.floor(math.log(threshold) / math.log(0.25))) + 1
    while 0.25 ** (expected - 1) < threshold:  # guard against rounding in the logarithms
        expected -= 1
    fields = {"depth": answer, "fewer": answer - 1, "threshold": f"{threshold:g}"}
    if answer == expected:
        return Feedback(True, Text("0.25^{depth} is below {threshold} and 0.25^{fewer} is not.",
                                   "0.25^{depth}의 값은 {threshold}보다 작고, 0.25^{fewer}의 값은 그렇지 않다.",
                                   **fields))
    if answer > expected:
        return Feedback(False, Text("0.25^{fewer} is already below {threshold}: fewer layers suffice.",
                                    "0.25^{fewer}의 값이 이미 {threshold}보다 작다. 층이 더 적어도 된다.", **fields))
    return Feedback(False, Text("0.25^{depth} is still above {threshold}: you need more layers.",
                                "0.25^{depth}의 값이 아직 {threshold}보다 크다. 층이 더 있어야 한다.", **fields))


def check_variance_factor(answer, init: str, width: int, activation: str) -> Feedback:
    """Exercise: predict `variance_factor(init, width, activation)` before measuring it."""
    expected = variance_factor(init, width, activation)
    return check_number(answer, expected, rel_tol=1e-3, what=YOUR_FACTOR)


def check_explosion_factor(answer, depth: int) -> Feedback:
    """Exercise: by what factor the mean square of the gradient grows through `depth` linear layers with He init.

    Each square identity layer multiplies it by width * 2/width = 2, so the answer is 2^depth.
    """
    depth = count(depth, "depth", minimum=1)
    return check_number(answer, variance_factor("he", 100, "identity") ** depth, rel_tol=1e-3, what=YOUR_FACTOR)


def check_leaky_gain(answer, slope: float) -> Feedback:
    """Exercise: the gain c for which weights of variance c/width keep a leaky ReLU stack's factor at 1.

    With E[f'(z)^2] = (1 + slope^2)/2 the factor is c (1 + slope^2)/2, so c = 2/(1 + slope^2).
    """
    slope = positive_finite(slope, "slope")
    if answer is None:
        return no_answer(Text("set your gain and run the cell again.", "이득에 값을 넣고 셀을 다시 실행하라."))
    feedback = check_number(answer, 2.0 / (1.0 + slope**2), rel_tol=1e-3, what=YOUR_GAIN)
    if feedback.correct is False and isinstance(answer, (int, float)) and math.isclose(answer, 2.0, rel_tol=1e-9):
        return Feedback(False, Text("2 is He's gain for the plain ReLU; the leaky part passes slope^2 too.",
                                    "2는 보통 ReLU에 맞춘 He 초기화의 이득이다. 리키 ReLU는 음수 쪽에서도 "
                                    "slope^2만큼을 통과시킨다."))
    return feedback


def exercise_box(label: str):
    """The kernel-free answer box of one of the chapter's exercises, by its label (see `answer_box`)."""
    from .answer_box import answer_box

    if label == "vanishing-sigmoid-depth":
        expected = next(n for n in range(1, 200) if check_sigmoid_depth(n).correct)
        return answer_box(label, Text("Your answer: the number of layers", "답: 층의 개수"), check_sigmoid_depth,
                          expected, labels=["depth_answer"], rel_tol=0.0, abs_tol=1e-9, integer=True)
    if label == "vanishing-predict-factor":
        return answer_box(label, Text("Your prediction", "예측값"),
                          lambda a: check_variance_factor(a, "xavier", 64, "sigmoid"),
                          variance_factor("xavier", 64, "sigmoid"), labels=["factor_answer"])
    if label == "vanishing-explosion":
        return answer_box(label, Text("Your factor", "인수"), lambda a: check_explosion_factor(a, depth=12),
                          variance_factor("he", 100, "identity") ** 12, labels=["explosion_answer"])
    if label == "vanishing-leaky-gain":
        return answer_box(label, Text("Your gain", "이득"), lambda a: check_leaky_gain(a, slope=0.2),
                          2.0 / (1.0 + 0.2**2), labels=["gain_answer"], special=[2.0])
    raise ValueError(f"no answer box for {label!r}")
