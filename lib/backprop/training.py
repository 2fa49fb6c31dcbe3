"""Mini-batch training of an `MLP`: split the data, shuffle it into batches, step down the gradient.

One epoch visits every training example once, in a fresh random order, a mini-batch at a time:
forward, loss, backward, update. A mini-batch gradient is a noisy but cheap estimate of the
full-data gradient, so many small steps per epoch beat one exact step.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import numpy as np

from .checks import (
    as_finite_array,
    batch,
    choice,
    class_labels,
    count,
    nonnegative_finite,
    numeric_array,
    positive_finite,
    rng_from,
)
from .losses import _softmax_cross_entropy, _softmax_cross_entropy_grad, _squared_error, _squared_error_grad
from .network import MLP
from .optimize import BLOW_UP, SGD, Adam, _rate_or_schedule, _within_bounds

LOSSES = {
    "softmax_cross_entropy": (_softmax_cross_entropy, _softmax_cross_entropy_grad),
    "squared_error": (_squared_error, _squared_error_grad),
}
"""Loss names `train` accepts, each with its (loss, gradient) pair from `backprop.losses`, as computed
once the arguments are checked: `train` checks its data once, not at every step."""


def accuracy(scores, labels) -> float:
    """The fraction of rows whose highest score is at the true label.

    `scores` has shape (n, classes): logits or probabilities, since softmax keeps the order.
    `labels` holds integer classes 0..classes-1, shape (n,). Ties go to the lowest class index.
    """
    scores = batch(scores, "scores")
    if scores.shape[1] == 0:
        raise ValueError(f"scores must have at least one class (column), got shape {scores.shape}")
    labels = class_labels(labels, "labels", scores.shape[1])
    if labels.shape[0] != scores.shape[0]:
        raise ValueError(f"labels must have one entry per row of scores ({scores.shape[0]}), got {labels.shape[0]}")
    if labels.size == 0:
        raise ValueError("accuracy needs at least one example, got 0")
    return float(np.mean(np.argmax(scores, axis=1) == labels))


def train_test_split(X, y, test_fraction=0.2, seed=0):
    """Split examples at random into a training and a test part.

    `X` has shape (n, ...) and `y` shape (n, ...) (labels or targets, one per row of X).
    Returns ``(X_train, X_test, y_train, y_test)``, new arrays: the caller's are not reordered.
    The test part has round(test_fraction * n) examples, and both parts have at least one.
    """
    rows = "an array with one row per example"
    X, y = numeric_array(X, "X", rows), numeric_array(y, "y", rows)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError("X and y must be arrays with one row per example")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have one row per example, got {X.shape[0]} and {y.shape[0]} rows")
    test_fraction = positive_finite(test_fraction, "test_fraction")
    if test_fraction >= 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    n_test = int(round(test_fraction * X.shape[0]))
    if not 0 < n_test < X.shape[0]:
        raise ValueError(
            f"test_fraction {test_fraction} of {X.shape[0]} examples leaves {n_test} for testing; both parts need one"
        )
    order = rng_from(seed).permutation(X.shape[0])
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def iterate_minibatches(n_samples, batch_size, seed=0):
    """Yield index arrays that cover 0..n_samples-1 once, in random order, `batch_size` at a time.

    The last batch is smaller when batch_size does not divide n_samples. Pass a numpy Generator
    as `seed` to get a different order on every call (one call per epoch).
    """
    n_samples = count(n_samples, "n_samples", minimum=1)
    batch_size = count(batch_size, "batch_size", minimum=1)
    order = rng_from(seed).permutation(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start : start + batch_size]


@dataclass(frozen=True)
class Step:
    """What one update of `train` saw, handed to its `record` function.

    `number` counts updates from 1, `epoch` counts epochs from 1, and `examples` counts the
    per-example gradients computed so far (a batch of b costs b). `loss` is the batch's loss
    before the update; `weight_grads` and `bias_grads` are the gradients the update used (the
    caller's to keep: `train` does not reuse them), and `mlp` the network after the update.
    """

    number: int
    epoch: int
    examples: int
    loss: float
    weight_grads: list
    bias_grads: list
    mlp: MLP


@dataclass
class TrainingHistory:
    """What `train` saw.

    `loss` is, per epoch, the mean training loss over the epoch's mini-batches (weighted by their
    sizes), and `accuracy` the fraction of training examples classified right as they were
    visited (empty for squared error). Both are measured while the weights change, so they lag
    the network at the end of the epoch slightly: a cheap running summary, not an evaluation.
    `records` holds what the `record` function returned, one entry per update (None left out).
    `diverged` is True if training stopped early because the numbers blew up, and `stopped`
    then says where and why; the epoch it stopped in has no `loss` entry.
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    records: list = field(default_factory=list)
    diverged: bool = False
    stopped: str = ""


def train(mlp, X, y, *, loss="softmax_cross_entropy", learning_rate=None, epochs=10, batch_size=32, seed=0,
          callback=None, record=None, optimizer=None, weight_decay=0.0) -> TrainingHistory:
    """Train `mlp` in place by mini-batch gradient descent and return its `TrainingHistory`.

    `X` has shape (n, mlp.sizes[0]). With ``loss="softmax_cross_entropy"`` (the output layer
    should be "identity": its outputs are the logits) `y` holds integer classes of shape (n,);
    with ``"squared_error"`` it holds targets of shape (n, mlp.sizes[-1]). Each epoch shuffles the
    examples with the generator made from `seed` and takes one `sgd_update` per mini-batch of
    `batch_size` (the last may be smaller). A `batch_size` of None, or of n or more, gives
    full-batch gradient descent, one update per epoch on the data in its own order.

    Each update is ``optimizer.step`` on the weights and biases: by default plain gradient descent,
    ``SGD(learning_rate)`` with `learning_rate` 0.1 unless given (a number or a schedule, see
    `backprop.SGD`). Pass an `SGD` with momentum, or an `Adam`, as `optimizer` instead, with the
    learning rate inside it (then `learning_rate` stays unset). The optimizer carries on from its
    state: to start it afresh, call its ``reset()`` first.

    `weight_decay` (λ, 0 by default) adds the penalty (λ/2) times the sum of the squared weights
    to the loss the updates descend: every weight gradient gains λ W, so each update also shrinks
    the weights towards 0 (Krogh & Hertz, 1992). The biases are not penalized. The losses that
    `history.loss` and `Step.loss` report are the data's alone, without the penalty; the gradients
    a `Step` hands on include it.

    ``record(step)``, if given, runs after every update with a `Step`; what it returns (unless
    None) is appended to ``history.records``: the losses, gradient sizes or weights a chapter
    wants to follow. ``callback(epoch, mlp)``, if given, runs after each epoch (numbered from 1),
    e.g. to measure test accuracy.

    A run that blows up (a too-large learning rate) stops at once, with no warning: the loss or a
    gradient overflowed, or a weight grew beyond `backprop.optimize.BLOW_UP`. The history says so
    (``diverged``, ``stopped``), and the network keeps the weights it had reached.
    """
    if not isinstance(mlp, MLP):
        raise TypeError(f"mlp must be a backprop MLP, got {type(mlp).__name__}")
    loss = choice(loss, "loss", LOSSES)
    loss_function, loss_grad = LOSSES[loss]
    X = as_finite_array(X, "X", ndim=2)
    if X.shape[1] != mlp.sizes[0]:
        raise ValueError(f"X must have {mlp.sizes[0]} columns (the network's input width), got shape {X.shape}")
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one example, got 0 rows")
    if loss == "softmax_cross_entropy":
        y = class_labels(y, "y", mlp.sizes[-1])
    else:
        y = as_finite_array(y, "y", ndim=2)
        if y.shape[1] != mlp.sizes[-1]:
            raise ValueError(f"y must have {mlp.sizes[-1]} columns (the network's output width), got shape {y.shape}")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have one row per example, got {X.shape[0]} and {y.shape[0]} rows")
    if optimizer is None:
        optimizer = SGD(0.1 if learning_rate is None else _rate_or_schedule(learning_rate))
    elif not isinstance(optimizer, (SGD, Adam)):
        raise TypeError(f"optimizer must be a backprop SGD or Adam, or None, got {type(optimizer).__name__}")
    elif learning_rate is not None:
        raise ValueError("give the learning rate to the optimizer, not to train: learning_rate and optimizer were "
                         "both given")
    optimizer._expect(mlp.weights + mlp.biases)
    epochs = count(epochs, "epochs", minimum=1)
    weight_decay = nonnegative_finite(weight_decay, "weight_decay")
    n = X.shape[0]
    batch_size = n if batch_size is None else min(count(batch_size, "batch_size", minimum=1), n)
    _hook(callback, "callback", "(epoch, mlp)", 2)
    _hook(record, "record", "(step)", 1)

    rng = rng_from(seed)
    history = TrainingHistory()
    updates = examples = 0
    for epoch in range(1, epochs + 1):
        total_loss, correct = 0.0, 0
        batches = [slice(None)] if batch_size == n else iterate_minibatches(n, batch_size, rng)
        for rows in batches:
            X_batch, y_batch = X[rows], y[rows]
            # A too-large learning rate makes the numbers overflow: that is divergence, reported in
            # the history, not a warning or an error.
            with np.errstate(over="ignore", invalid="ignore"):
                try:  # the forward pass and the loss raise FloatingPointError when they overflow
                    output = mlp.forward(X_batch)
                    batch_loss = loss_function(output, y_batch)
                except FloatingPointError:
                    batch_loss = np.inf
                if not np.isfinite(batch_loss):
                    return _stop(history, epoch, updates + 1, "the loss overflowed")
                try:
                    weight_grads, bias_grads = mlp.backward(loss_grad(output, y_batch))
                except FloatingPointError:
                    return _stop(history, epoch, updates + 1, f"a gradient grew beyond {BLOW_UP:.0e}")
                if weight_decay:
                    weight_grads = [dW + weight_decay * W for dW, W in zip(weight_grads, mlp.weights)]
                if not _within_bounds(weight_grads + bias_grads):
                    return _stop(history, epoch, updates + 1, f"a gradient grew beyond {BLOW_UP:.0e}")
                # The optimizer's step, without checking again what this function checked and computed.
                optimizer._apply(mlp.weights + mlp.biases, weight_grads + bias_grads)
                if not _within_bounds(mlp.weights + mlp.biases):
                    return _stop(history, epoch, updates + 1, f"a weight grew beyond {BLOW_UP:.0e}")
            size = len(y_batch)
            updates, examples = updates + 1, examples + size
            total_loss += batch_loss * size
            if loss == "softmax_cross_entropy":
                correct += int(np.sum(np.argmax(output, axis=1) == y_batch))
            if record is not None:
                entry = record(Step(updates, epoch, examples, float(batch_loss), weight_grads, bias_grads, mlp))
                if entry is not None:
                    history.records.append(entry)
        history.loss.append(total_loss / n)
        if loss == "softmax_cross_entropy":
            history.accuracy.append(correct / n)
        if callback is not None:
            callback(epoch, mlp)
    return history


def _hook(function, name: str, arguments: str, count_: int) -> None:
    """`function` is None, or can be called with `count_` positional arguments."""
    if function is None:
        return
    if not callable(function):
        raise TypeError(f"{name} must be a function of {arguments} or None, got {type(function).__name__}")
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # some built-ins have no signature to read: take them on trust
        return
    try:
        signature.bind(*range(count_))
    except TypeError:
        raise TypeError(f"{name} must be a function of {arguments}, got {function!r} with signature {signature}") \
            from None


def _stop(history: TrainingHistory, epoch: int, update: int, why: str) -> TrainingHistory:
    history.diverged = True
    history.stopped = f"diverged in epoch {epoch}, at update {update}: {why}; lower learning_rate"
    return history
