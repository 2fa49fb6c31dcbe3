"""The chapter on how a network learns (chapter 1): its network diagram and its exercise checks.

- `draw_network` (from `backprop.book.network_drawing`) draws a fully connected network, here the
  chapter's 2-2-1 network: units as labelled circles, one line per weight.
- `draw_output_maps` draws what networks compute over the whole input square, side by side (the
  XOR network before and after training; the book's landing page shows the same figure).
- `check_parameter_count` checks the reader's ``count_parameters(sizes)``: the number of weights
  and biases of an `MLP` with those layer sizes.
- `exercises` declares the exercises whose answer is not code (which gradients are 0, the two
  parameter counts, the predicted change of the loss, the rates that learn XOR), once for the
  kernel's check and the page's answer box (see `backprop.book.exercises`).

Everything the chapter imports from the book comes from this module (and `backprop.book.style`).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .exercises import Equals, Exercise, ExerciseSet, Includes, Near, Number, Parameter, Subset, Whole
from .language import Text
from .network_drawing import draw_network
from .selfcheck import Feedback, call_reader, no_answer, not_a_function

__all__ = ["draw_network", "draw_output_maps", "check_parameter_count", "exercises", "PARAMETER_COUNT_SIZES"]

TOO_LARGE = Text("too large")
TOO_SMALL = Text("too small")

# ---------------------------------------------------------------- what a network computes


def draw_output_maps(panels, inputs, targets, resolution=101):
    """Draw, side by side, each network's output over the square that holds the inputs.

    `panels` is a list of (title, network) pairs, each network an `MLP` with two inputs and one
    output in (0, 1); `inputs` (n, 2) and `targets` (n, 1) are the training points, drawn on top
    as circles (target 0) and triangles (target 1). Returns the figure.
    """
    import matplotlib.pyplot as plt

    if not panels:
        raise ValueError("panels should hold at least one (title, network) pair")
    inputs = np.asarray(inputs, dtype=float)
    targets = np.asarray(targets, dtype=float).reshape(-1)
    margin = 0.25
    low, high = inputs.min() - margin, inputs.max() + margin
    axis = np.linspace(low, high, resolution)
    first, second = np.meshgrid(axis, axis)  # rows follow x2, columns x1, as imshow draws them
    grid = np.column_stack([first.ravel(), second.ravel()])
    figure, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels) + 0.9, 3.3),
                                constrained_layout=True, squeeze=False)
    for ax, (title, network) in zip(axes[0], panels):
        outputs = network.forward(grid).reshape(resolution, resolution)
        image = ax.imshow(outputs, origin="lower", extent=(low, high, low, high), vmin=0.0, vmax=1.0,
                          cmap="viridis")
        for target, marker in ((0.0, "o"), (1.0, "^")):
            chosen = targets == target
            ax.scatter(inputs[chosen, 0], inputs[chosen, 1], marker=marker, s=90, c="white",
                       edgecolors="#222222", linewidths=1.5, zorder=3)
        ax.set_title(title)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.grid(False)
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
    figure.colorbar(image, ax=axes[0].tolist(), shrink=0.9, label=r"network output $\hat y$")
    return figure


# ---------------------------------------------------------------- counting parameters

PARAMETER_COUNT_SIZES = ([2, 2, 1], [2, 4, 1], [3, 1], [1, 1, 1, 1], [5, 5, 5, 5], [64, 32, 10])
"""The layer sizes the reader's count_parameters is tried on, small ones first."""


def _parameter_count(sizes) -> int:
    """Weights and biases of a fully connected network: each layer after the input has (inputs + 1) x units."""
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:]))


def _weight_count(sizes) -> int:
    return sum(n_in * n_out for n_in, n_out in zip(sizes, sizes[1:]))


def check_parameter_count(count_parameters) -> Feedback:
    """Self-check for the exercise "count a network's parameters".

    ``count_parameters(sizes)`` gets a list of layer sizes, as `MLP` does, and should return how
    many numbers training adjusts: every weight and every bias. It is tried on
    `PARAMETER_COUNT_SIZES`; the message names the first sizes it gets wrong and, without giving
    the count away, whether it is too large or too small (or counts the weights alone).
    """
    if count_parameters is None:
        return no_answer(Text("define count_parameters and run the cell again."))
    if not callable(count_parameters):
        return not_a_function("count_parameters", count_parameters)
    for sizes in PARAMETER_COUNT_SIZES:
        answer, failure = call_reader(count_parameters, list(sizes), name="count_parameters")
        if failure:
            return failure
        if answer is None:
            return no_answer(Text("count_parameters still returns None: fill it in."))
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not math.isfinite(answer):
            return Feedback(False, Text("count_parameters({sizes}) should return a whole number, got {answer}.",
                                        sizes=sizes, answer=repr(answer)))
        expected = _parameter_count(sizes)
        if answer == expected:
            continue
        if answer == _weight_count(sizes):
            return Feedback(False, Text("count_parameters({sizes}) counts the weights (the lines of the diagram) "
                                        "but not the biases: every unit after the input layer has a bias too.",
                                        sizes=sizes))
        direction = TOO_LARGE if answer > expected else TOO_SMALL
        return Feedback(False, Text("count_parameters({sizes}) is {direction}. Check it on the 2-2-1 diagram: "
                                    "one weight per line, one bias per hidden or output unit.", sizes=sizes,
                                    direction=direction))
    return Feedback(True, Text("count_parameters is right for all {n} networks tried, from {first} to {last}.",
                               n=len(PARAMETER_COUNT_SIZES), first=PARAMETER_COUNT_SIZES[0],
                               last=PARAMETER_COUNT_SIZES[-1]))


# ---------------------------------------------------------------- predicting a step


def _squared_norm(gradients) -> float:
    return float(sum(np.sum(np.asarray(g, dtype=np.float64) ** 2) for g in gradients))


# ---------------------------------------------------------------- exercises whose answer is not code

WEIGHT_ENTRIES = [(f"w{i}{j}", f"w{chr(0x2080 + i)}{chr(0x2080 + j)}") for i in (1, 2) for j in (1, 2)]
"""The entries of W1 as the text names them: w_ij from input x_i to hidden unit h_j."""
PARAMETER_ARRAYS = [("W1", "∂L/∂W₁"), ("b1", "∂L/∂b₁"), ("W2", "∂L/∂W₂"), ("b2", "∂L/∂b₂")]


def _gradients_at(inputs, seed):
    from ..losses import squared_error_grad
    from ..network import MLP

    network = MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", seed=seed)
    y_hat = network.forward(np.array([inputs], dtype=float))
    weight_grads, bias_grads = network.backward(squared_error_grad(y_hat, np.array([[1.0]])))
    return weight_grads, bias_grads


def _zero_entries(p):
    dW1 = _gradients_at(p["one_zero"], p["seed"])[0][0]
    return [f"w{i + 1}{j + 1}" for i in range(2) for j in range(2) if dW1[i, j] == 0]


def _gradients_left(p):
    weight_grads, bias_grads = _gradients_at(p["both_zero"], p["seed"])
    arrays = {"W1": weight_grads[0], "b1": bias_grads[0], "W2": weight_grads[1], "b2": bias_grads[1]}
    return [key for key, array in arrays.items() if np.any(array != 0)]


_learned = {}


def _rates_that_learn(c):
    """The rates at which the notebook's `train` ends with every output on its target's side of 0.5."""
    given = (c["train"], c["inputs"], c["targets"])
    key = (*map(id, given), tuple(c["rates"]), c["steps"])
    if key not in _learned or any(a is not b for a, b in zip(_learned[key][0], given)):
        learned = []
        for rate in c["rates"]:
            network, _ = c["train"](learning_rate=rate, steps=c["steps"])
            if np.all(np.abs(network.forward(c["inputs"]) - c["targets"]) < 0.5):
                learned.append(f"{rate:g}")
        _learned[key] = (given, learned)
    return _learned[key][1]


def _predicted_change(c):
    return -float(c["learning_rate"]) * _squared_norm(c["gradients"])


WEIGHTS_ONLY = Text("{label}: {x} counts the weights (the lines of the diagram) but not the biases: every unit after "
                    "the input layer has a bias too.")

exercises = ExerciseSet(
    Exercise(
        "learns-zero-input", Text("Inputs of 0"),
        parameters={"seed": Parameter(1, ("seed=1",)), "one_zero": Parameter((0.0, 1.0), (r"\mathbf{x} = (0, 1)",)),
                    "both_zero": Parameter((0.0, 0.0), (r"\mathbf{x} = (0, 0)",))},
        fields=(
            Subset("zero_entries", Text("Entries of ∂L/∂W₁ that are 0 for x = (0, 1)"),
                   WEIGHT_ENTRIES, _zero_entries,
                   Equals(["w21", "w22"], Text("{label}: those were 0 for x = (1, 0), where x₂ is 0; which input is 0 "
                                               "now?"))),
            Subset("gradients_left", Text("Gradients that are not all 0 for x = (0, 0)"),
                   PARAMETER_ARRAYS, _gradients_left,
                   Includes("W1", Text("{label}: every entry of ∂L/∂W₁ is an input times a delta, and both inputs "
                                       "are 0."))),
        )),
    Exercise(
        "learns-count-parameters", Text("Counting parameters"),
        parameters={"small": Parameter([2, 2, 1], ("2-2-1",)),
                    "digits_net": Parameter([64, 32, 10], ("[64, 32, 10]",))},
        fields=(
            Whole("small_count", Text("Parameters of the 2-2-1 network"),
                  lambda p: _parameter_count(p["small"]), Near(lambda p: _weight_count(p["small"]), WEIGHTS_ONLY)),
            Whole("digits_count", Text("Parameters of the [64, 32, 10] network"),
                  lambda p: _parameter_count(p["digits_net"]),
                  Near(lambda p: _weight_count(p["digits_net"]), WEIGHTS_ONLY)),
        )),
    Exercise(
        "learns-predict-step", Text("Predicting one step"),
        context=("gradients", "learning_rate", "actual_change"),
        fields=(
            Number("predicted_change", Text("The predicted change of the loss"),
                   _predicted_change,
                   Near(lambda c: c["actual_change"],
                        Text("{label}: {x} is the actual change, loss_after − loss_before; predict it from the "
                             "gradients and the learning rate instead, then compare.")),
                   Near(lambda c: -_predicted_change(c),
                        Text("{label}: {x} has the wrong sign: a step against the gradient makes the loss fall.")),
                   Near(lambda c: _squared_norm(c["gradients"]),
                        Text("{label}: {x} is the sum of the squared gradients; each Δw is −η times its gradient."))),
        )),
    Exercise(
        "learns-learning-rates", Text("Which rates learn XOR?"),
        context=("train", "inputs", "targets"),
        parameters={"steps": Parameter(3000, ("3000 steps",)),
                    "rates": Parameter((0.1, 0.5, 2, 10, 20, 50, 100), ("0.1, 0.5, 2, 10, 20, 50 and 100",))},
        fields=(
            Subset("rates_that_learn", Text("Rates whose network answers XOR after the 3000 steps"),
                   lambda c: [(f"{rate:g}", f"{rate:g}") for rate in c["rates"]], _rates_that_learn),
        )),
)
"""The chapter's exercises whose answer is not code: ``exercises.check(name, answer, ...)``; the
exercise "count a network's parameters" asks for code too (`check_parameter_count`)."""
