"""Chapter 4, the backpropagation chapter: a 2-2-2 sigmoid network computed by hand, and its checks.

`hand_forward` and `hand_backward` apply the scalar formulas of the text one unit at a time, with
Python floats and no matrix products, so they are an independent check on `MLP.forward` and
`MLP.backward`. The network has inputs x1, x2, hidden units h1, h2 and output units o1, o2, all
sigmoid, and the squared error E = sum_k 1/2 (a_k - t_k)^2. The numbers are the classic ones of
Matt Mazur's "A Step by Step Backpropagation Example" (2015), with one bias per unit.

Weights follow `MLP`'s layout: ``hidden_weights[i][j]`` connects input i to hidden unit j, and
``output_weights[j][k]`` hidden unit j to output unit k.

The chapter's other helpers live in modules of their own, one idea each, and are exposed here so
that the chapter imports from this module only:

- `backprop.book.parameter_vectors`: every weight and bias in one vector and back
  (`flatten_parameters`, `unflatten_parameters`), and the name of each entry (`parameter_names`);
- `backprop.book.fixed_order`: a matrix product and tanh whose last digit is the same on every
  machine (`fixed_order_matmul`, `fixed_order_tanh`), for the figure that measures rounding;
- `backprop.book.text_tables`: `format_table`, the worked example's numbers as an aligned table;
- `backprop.book.layer_flow`: `draw_layer_backward`, the backward pass drawn layer by layer with
  the shape of every array;
- `backprop.book.generalization`: `fit_with_validation`, training measured on a validation set
  after every epoch, with early stopping's network kept (`ValidationRun`); `loss_split`, a
  validation loss split between the examples classified wrong and right (`LossSplit`);
- `backprop.book.xor_network`: chapter 1's XOR network and its loop (`xor_network`, `train_xor`,
  `XOR_INPUTS`, `XOR_TARGETS`), to rebuild its saturated output.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from ..activations import sigmoid
from ..gradcheck import numerical_gradient, relative_error
from ..losses import softmax_cross_entropy, softmax_cross_entropy_grad
from ..network import MLP
from ..optimize import sgd_update
from .exercises import Exercise, ExerciseSet, Near, Number
from .fixed_order import fixed_order_matmul, fixed_order_tanh
from .generalization import LossSplit, ValidationRun, fit_with_validation, loss_split
from .language import Text
from .layer_flow import draw_layer_backward
from .parameter_vectors import flatten_parameters, parameter_names, unflatten_parameters
from .selfcheck import Feedback, call_reader, no_answer, not_a_function
from .style import check_axes
from .text_tables import format_table
from .xor_network import XOR_INPUTS, XOR_TARGETS, train_xor, xor_network

# What the chapter imports from here: this module's own helpers and, re-exported, those of its idea modules.
__all__ = [
    "INPUTS", "TARGETS", "HIDDEN_WEIGHTS", "HIDDEN_BIASES", "OUTPUT_WEIGHTS", "OUTPUT_BIASES", "LEARNING_RATE",
    "worked_network", "ForwardByHand", "hand_forward", "BackwardByHand", "hand_backward", "draw_worked_network",
    "input_gradient", "check_layer_backward", "check_train_step", "exercises",
    "flatten_parameters", "unflatten_parameters", "parameter_names", "fixed_order_matmul", "fixed_order_tanh",
    "format_table", "fit_with_validation", "ValidationRun", "loss_split", "LossSplit", "draw_layer_backward",
    "XOR_INPUTS", "XOR_TARGETS", "xor_network", "train_xor",
]

INPUTS = (0.05, 0.10)
TARGETS = (0.01, 0.99)
HIDDEN_WEIGHTS = ((0.15, 0.25), (0.20, 0.30))
HIDDEN_BIASES = (0.35, 0.35)
OUTPUT_WEIGHTS = ((0.40, 0.50), (0.45, 0.55))
OUTPUT_BIASES = (0.60, 0.60)
LEARNING_RATE = 0.5


def worked_network() -> MLP:
    """A fresh ``MLP([2, 2, 2])``, sigmoid throughout, holding the worked example's weights and biases."""
    network = MLP([2, 2, 2], activation="sigmoid", output_activation="sigmoid")
    network.weights[0][...] = HIDDEN_WEIGHTS
    network.weights[1][...] = OUTPUT_WEIGHTS
    network.biases[0][...] = HIDDEN_BIASES
    network.biases[1][...] = OUTPUT_BIASES
    return network


def _sigmoid(z: float) -> float:
    return float(sigmoid(z))


@dataclass(frozen=True)
class ForwardByHand:
    """Every number of one forward pass: net inputs z and outputs a of each unit, and the errors."""

    inputs: tuple
    targets: tuple
    hidden_z: tuple
    hidden_a: tuple
    output_z: tuple
    output_a: tuple
    errors: tuple
    total_error: float

    def unit_table(self) -> str:
        """Net input and output of every hidden and output unit, as an aligned text table."""
        rows = [[f"h{j + 1}", z, a] for j, (z, a) in enumerate(zip(self.hidden_z, self.hidden_a))]
        rows += [[f"o{k + 1}", z, a] for k, (z, a) in enumerate(zip(self.output_z, self.output_a))]
        return format_table(["unit", "net input z", "output a"], rows)

    def error_table(self) -> str:
        """Output, target and error of every output unit, then the total error E."""
        rows = [[f"o{k + 1}", a, t, e] for k, (a, t, e) in enumerate(zip(self.output_a, self.targets, self.errors))]
        table = format_table(["unit", "output a", "target t", "1/2 (a - t)^2"], rows)
        return f"{table}\n\ntotal error E = {self.total_error:.9f}"


def hand_forward(inputs=INPUTS, targets=TARGETS, hidden_weights=HIDDEN_WEIGHTS, hidden_biases=HIDDEN_BIASES,
                 output_weights=OUTPUT_WEIGHTS, output_biases=OUTPUT_BIASES) -> ForwardByHand:
    """Forward pass, unit by unit: z_j = sum_i x_i w_ij + b_j, a_j = sigmoid(z_j), then the errors.

    ``errors[k]`` is 1/2 (a_k - t_k)^2 for output unit k, and `total_error` their sum.
    """
    x = tuple(float(v) for v in inputs)
    hidden_z = tuple(
        sum(x[i] * float(hidden_weights[i][j]) for i in range(len(x))) + float(hidden_biases[j])
        for j in range(len(hidden_biases))
    )
    hidden_a = tuple(_sigmoid(z) for z in hidden_z)
    output_z = tuple(
        sum(hidden_a[j] * float(output_weights[j][k]) for j in range(len(hidden_a))) + float(output_biases[k])
        for k in range(len(output_biases))
    )
    output_a = tuple(_sigmoid(z) for z in output_z)
    targets = tuple(float(t) for t in targets)
    errors = tuple(0.5 * (a - t) ** 2 for a, t in zip(output_a, targets))
    return ForwardByHand(x, targets, hidden_z, hidden_a, output_z, output_a, errors, sum(errors))


@dataclass(frozen=True)
class BackwardByHand:
    """Every number of one backward pass, unit by unit.

    For output unit k: ``output_error_grads[k]`` = dE/da_k = a_k - t_k, ``output_slopes[k]`` =
    da_k/dz_k = a_k (1 - a_k), and ``output_deltas[k]`` = dE/dz_k, their product. For hidden unit
    j: ``hidden_error_grads[j]`` = dE/da_j = sum_k w_jk delta_k, ``hidden_slopes[j]`` and
    ``hidden_deltas[j]`` likewise. Gradients are nested tuples shaped like the weights.
    """

    output_error_grads: tuple
    output_slopes: tuple
    output_deltas: tuple
    hidden_error_grads: tuple
    hidden_slopes: tuple
    hidden_deltas: tuple
    hidden_weight_grads: tuple
    hidden_bias_grads: tuple
    output_weight_grads: tuple
    output_bias_grads: tuple

    def output_table(self) -> str:
        """The output units' dE/da, da/dz and delta = dE/dz, as an aligned text table."""
        columns = zip(self.output_error_grads, self.output_slopes, self.output_deltas)
        rows = [[f"o{k + 1}", *values] for k, values in enumerate(columns)]
        return format_table(["unit", "dE/da = a - t", "da/dz = a(1-a)", "delta = dE/dz"], rows)

    def hidden_table(self) -> str:
        """The hidden units' dE/da = sum_k w_jk delta_k, da/dz and delta, as an aligned text table."""
        columns = zip(self.hidden_error_grads, self.hidden_slopes, self.hidden_deltas)
        rows = [[f"h{j + 1}", *values] for j, values in enumerate(columns)]
        return format_table(["unit", "dE/da = sum w delta", "da/dz = a(1-a)", "delta = dE/dz"], rows)

    def as_arrays(self):
        """``(weight_grads, bias_grads)`` as lists of arrays, in the layout `MLP.backward` returns."""
        weight_grads = [np.array(self.hidden_weight_grads), np.array(self.output_weight_grads)]
        bias_grads = [np.array(self.hidden_bias_grads), np.array(self.output_bias_grads)]
        return weight_grads, bias_grads


def hand_backward(forward: ForwardByHand, targets=TARGETS, output_weights=OUTPUT_WEIGHTS) -> BackwardByHand:
    """Backward pass, unit by unit, from the numbers of `forward`.

    delta_k = (a_k - t_k) a_k (1 - a_k) for output units; delta_j = (sum_k w_jk delta_k) a_j (1 - a_j)
    for hidden units; dE/dw = delta of the unit the weight feeds times the activation it carries.
    `output_weights` are the weights used to send the deltas back: they must be those of the
    forward pass. Passing already-updated ones reproduces a classic mistake.
    """
    output_error_grads = tuple(a - float(t) for a, t in zip(forward.output_a, targets))
    output_slopes = tuple(a * (1.0 - a) for a in forward.output_a)
    output_deltas = tuple(g * s for g, s in zip(output_error_grads, output_slopes))
    n_hidden, n_out = len(forward.hidden_a), len(output_deltas)
    hidden_error_grads = tuple(
        sum(float(output_weights[j][k]) * output_deltas[k] for k in range(n_out)) for j in range(n_hidden)
    )
    hidden_slopes = tuple(a * (1.0 - a) for a in forward.hidden_a)
    hidden_deltas = tuple(g * s for g, s in zip(hidden_error_grads, hidden_slopes))
    return BackwardByHand(
        output_error_grads,
        output_slopes,
        output_deltas,
        hidden_error_grads,
        hidden_slopes,
        hidden_deltas,
        hidden_weight_grads=tuple(tuple(x_i * d for d in hidden_deltas) for x_i in forward.inputs),
        hidden_bias_grads=hidden_deltas,
        output_weight_grads=tuple(tuple(a_j * d for d in output_deltas) for a_j in forward.hidden_a),
        output_bias_grads=output_deltas,
    )


def draw_worked_network(ax=None):
    """Draw the 2-2-2 network with its inputs, weights, biases and targets; returns the axes."""
    import matplotlib.pyplot as plt

    if check_axes(ax) is None:
        _, ax = plt.subplots(figsize=(7.5, 3.8))
    positions = {"x1": (0.0, 1.0), "x2": (0.0, 0.0), "h1": (1.0, 1.0), "h2": (1.0, 0.0), "o1": (2.0, 1.0),
                 "o2": (2.0, 0.0)}
    layers = [("x", HIDDEN_WEIGHTS, "h"), ("h", OUTPUT_WEIGHTS, "o")]
    for source, weights, target in layers:
        for i in range(2):
            for j in range(2):
                (x0, y0), (x1, y1) = positions[f"{source}{i + 1}"], positions[f"{target}{j + 1}"]
                ax.plot([x0, x1], [y0, y1], color="#888888", lw=1.2, zorder=1)
                # Labels sit near the source, where the crossing edges are still apart.
                t = 0.3 if i == j else 0.25
                ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), f"{weights[i][j]:.2f}", ha="center", va="center",
                        fontsize=11, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"}, zorder=3)
    fills = {"x": "#d6e9f5", "h": "#f3e3d6", "o": "#d9efe6"}
    for name, (x, y) in positions.items():
        ax.scatter([x], [y], s=900, color=fills[name[0]], edgecolor="#222222", zorder=2)
        ax.text(x, y, name, ha="center", va="center", fontsize=11, zorder=4)
    for j, b in enumerate(HIDDEN_BIASES):
        ax.text(1.0, positions[f"h{j + 1}"][1] - 0.22, f"b = {b:.2f}", ha="center", va="top", fontsize=11)
    for k, b in enumerate(OUTPUT_BIASES):
        ax.text(2.0, positions[f"o{k + 1}"][1] - 0.22, f"b = {b:.2f}", ha="center", va="top", fontsize=11)
    for i, value in enumerate(INPUTS):
        ax.text(-0.2, positions[f"x{i + 1}"][1], f"{value:.2f}", ha="right", va="center", fontsize=11)
    for k, value in enumerate(TARGETS):
        ax.text(2.2, positions[f"o{k + 1}"][1], f"target {value:.2f}", ha="left", va="center", fontsize=11)
    for x, label in [(0.0, "input layer"), (1.0, "hidden layer"), (2.0, "output layer")]:
        ax.text(x, 1.42, label, ha="center", va="bottom", fontsize=11)
    ax.set_xlim(-0.6, 2.75)
    ax.set_ylim(-0.45, 1.6)
    ax.set_axis_off()
    return ax


def input_gradient() -> np.ndarray:
    """dE/dx for the worked example: the backward pass taken one step further, to the inputs."""
    backward = hand_backward(hand_forward())
    return np.array([sum(w * d for w, d in zip(row, backward.hidden_deltas)) for row in HIDDEN_WEIGHTS])


def _one_path(i, j):
    """dE/dx_i's share through hidden unit j alone: w_{x_i h_j} times h_j's delta."""
    return lambda p: HIDDEN_WEIGHTS[i][j] * hand_backward(hand_forward()).hidden_deltas[j]


def _input_gradient_field(i):
    name = f"x{i + 1}"
    sign = Text("{label}: {x} has the wrong sign.")
    share = Text("{label}: {x} is the share through one hidden unit; x_i feeds both, and their shares add.")
    return Number(f"dE_d{name}", Text("∂E/∂{name}", name=name), lambda p: float(input_gradient()[i]),
                  Near(lambda p: -float(input_gradient()[i]), sign), Near(_one_path(i, 0), share),
                  Near(_one_path(i, 1), share))


exercises = ExerciseSet(
    Exercise("backprop-input-gradient", Text("The input gradient"),
             fields=(_input_gradient_field(0), _input_gradient_field(1))),
)
"""The chapter's exercise whose answer is numbers: ``exercises.check("backprop-input-gradient", dE_dx1, dE_dx2)``."""


WEIGHTS_UNCHANGED = Text("did not change")
WEIGHTS_MOVED_WRONG = Text("moved by the wrong amount")


def check_layer_backward(layer_backward, trials=5, seed=0) -> Feedback:
    """Self-check for the exercise "write a sigmoid layer's backward pass".

    ``layer_backward(a_prev, W, z, grad_a)`` gets a layer's input a_prev (batch, n_in), weights W
    (n_in, n_out), net input z = a_prev @ W + b (batch, n_out) and grad_a = dL/da, and returns
    ``(dW, db, grad_a_prev)``. It is compared with central differences of L = sum(grad_a * sigmoid(z))
    on `trials` random layers of random shapes, and the message names the output that is off.
    """
    if layer_backward is None:
        return no_answer(Text("define layer_backward and run the cell again."))
    if not callable(layer_backward):
        return not_a_function("layer_backward", layer_backward)
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        batch, n_in, n_out = (int(n) for n in rng.integers(1, 6, size=3))
        a_prev, W = rng.normal(size=(batch, n_in)), rng.normal(size=(n_in, n_out))
        b, grad_a = rng.normal(size=n_out), rng.normal(size=(batch, n_out))

        def loss(a_prev=a_prev, W=W, b=b, grad_a=grad_a):
            return float(np.sum(grad_a * sigmoid(a_prev @ W + b)))

        result, failure = call_reader(layer_backward, a_prev.copy(), W.copy(), a_prev @ W + b, grad_a.copy(),
                                      name="layer_backward")
        if failure:
            return failure
        if result is None:
            return no_answer(Text("layer_backward still returns None: fill it in."))
        if not isinstance(result, tuple) or len(result) != 3:
            return Feedback(False, Text("layer_backward should return three arrays: (dW, db, grad_a_prev)."))
        expected = {
            "dW": numerical_gradient(lambda W_: loss(W=W_), W),
            "db": numerical_gradient(lambda b_: loss(b=b_), b),
            "grad_a_prev": numerical_gradient(lambda a_: loss(a_prev=a_), a_prev),
        }
        shapes = Text("batch {batch}, {n_in} inputs, {n_out} outputs", batch=batch, n_in=n_in, n_out=n_out)
        for (name, numeric), answer in zip(expected.items(), result):
            if answer is None:
                return no_answer(Text("{name} is still None: fill it in.", name=name))
            answer = np.asarray(answer, dtype=np.float64)
            if answer.shape != numeric.shape:
                return Feedback(False, Text("{name} has shape {shape}, expected {expected} ({shapes}).", name=name,
                                            shape=answer.shape, expected=numeric.shape, shapes=shapes))
            error = relative_error(answer, numeric)
            if error > 1e-6:
                return Feedback(False, Text("{name} differs from central differences (relative error {error}, "
                                            "{shapes}).", name=name, error=f"{error:.1e}", shapes=shapes))
    return Feedback(True, Text("dW, db and grad_a_prev match central differences on {trials} random layers.",
                               trials=trials))


def check_train_step(train_step) -> Feedback:
    """Self-check for the exercise "write one mini-batch step": forward, loss, backward, update.

    `train_step(mlp, X, labels, learning_rate)` should update `mlp` in place by one gradient step of
    the softmax cross-entropy on the batch and return the loss before the step. It is run on a
    fresh random network and compared with the same step taken by the library.
    """
    if train_step is None:
        return no_answer(Text("define train_step and run the cell again."))
    if not callable(train_step):
        return not_a_function("train_step", train_step)
    rng = np.random.default_rng(7)
    X, labels = rng.normal(size=(6, 3)), rng.integers(0, 4, size=6)
    yours, reference = (MLP([3, 5, 4], activation="tanh", seed=11) for _ in range(2))
    for b_yours, b_ref in zip(yours.biases, reference.biases):
        b_yours[...] = b_ref[...] = rng.normal(scale=0.1, size=b_ref.shape)
    logits = reference.forward(X)
    expected_loss = softmax_cross_entropy(logits, labels)
    weight_grads, bias_grads = reference.backward(softmax_cross_entropy_grad(logits, labels))
    sgd_update(reference.weights, weight_grads, 0.5)
    sgd_update(reference.biases, bias_grads, 0.5)
    returned, failure = call_reader(train_step, yours, X.copy(), labels.copy(), 0.5, name="train_step")
    if failure:
        return failure
    untouched = MLP([3, 5, 4], activation="tanh", seed=11).weights
    if returned is None and all(np.array_equal(W, W0) for W, W0 in zip(yours.weights, untouched)):
        return no_answer(Text("train_step still returns None and changes nothing: fill it in."))
    for layer in range(reference.n_layers):
        if not np.allclose(yours.weights[layer], reference.weights[layer], rtol=1e-6, atol=1e-9):
            unchanged = np.array_equal(yours.weights[layer], untouched[layer])
            why = WEIGHTS_UNCHANGED if unchanged else WEIGHTS_MOVED_WRONG
            return Feedback(False, Text("the weights of layer {layer} {why}; check the backward pass and the update.",
                                        layer=layer, why=why))
        if not np.allclose(yours.biases[layer], reference.biases[layer], rtol=1e-6, atol=1e-9):
            return Feedback(False, Text("the biases of layer {layer} are off; did you update them too?", layer=layer))
    if returned is None or isinstance(returned, bool) or not isinstance(returned, numbers.Real):
        return Feedback(False, Text("the parameters are right, but train_step should return the loss (a number)."))
    if not np.isclose(float(returned), expected_loss, rtol=1e-6):
        return Feedback(False, Text("the parameters are right, but the returned loss is not the loss before the step."))
    return Feedback(True, Text("one step matches the library's forward, backward and update."))
