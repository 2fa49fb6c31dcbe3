"""Mini-batch training of an `MLP`: split the data, shuffle it into batches, step down the gradient.

One epoch visits every training example once, in a fresh random order, a mini-batch at a time:
forward, loss, backward, update. A mini-batch gradient is a noisy but cheap estimate of the
full-data gradient, so many small steps per epoch beat one exact step.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from ._checks import as_finite_array, choice, count, positive_finite, rng_from
from .losses import softmax_cross_entropy, softmax_cross_entropy_grad, squared_error, squared_error_grad
from .network import MLP
from .optimize import sgd_update
from .selfcheck import Feedback, no_answer

LOSSES = {
    "softmax_cross_entropy": (softmax_cross_entropy, softmax_cross_entropy_grad),
    "squared_error": (squared_error, squared_error_grad),
}
"""Loss names `train` accepts, each with its (loss, gradient) pair from `backprop.losses`."""


def _labels(labels, n_classes: int | None, name: str = "labels") -> np.ndarray:
    """Integer class labels of shape (n,), checked against 0..n_classes-1 when n_classes is given."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class indices, got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"{name} must be integers (class indices), got dtype {labels.dtype}")
    if n_classes is not None and labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"{name} must lie in 0..{n_classes - 1}, got values from {labels.min()} to {labels.max()}")
    return labels


def accuracy(scores, labels) -> float:
    """The fraction of rows whose highest score is at the true label.

    `scores` has shape (n, classes): logits or probabilities, since softmax keeps the order.
    `labels` holds integer classes 0..classes-1, shape (n,). Ties go to the lowest class index.
    """
    scores = as_finite_array(scores, "scores", ndim=2)
    labels = _labels(labels, scores.shape[1])
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
    X, y = np.asarray(X), np.asarray(y)
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


@dataclass
class TrainingHistory:
    """What `train` saw, one entry per epoch.

    `loss` is the mean training loss over the epoch's mini-batches (weighted by their sizes), and
    `accuracy` the fraction of training examples classified right as they were visited (empty for
    squared error). Both are measured while the weights change, so they lag the network at the
    end of the epoch slightly: a cheap running summary, not an evaluation.
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)


def train(mlp, X, y, *, loss="softmax_cross_entropy", learning_rate=0.1, epochs=10, batch_size=32, seed=0,
          callback=None) -> TrainingHistory:
    """Train `mlp` in place by mini-batch gradient descent and return its `TrainingHistory`.

    `X` has shape (n, mlp.sizes[0]). With ``loss="softmax_cross_entropy"`` (the output layer
    should be "identity": its outputs are the logits) `y` holds integer classes of shape (n,);
    with ``"squared_error"`` it holds targets of shape (n, mlp.sizes[-1]). Each epoch shuffles the
    examples with the generator made from `seed` and takes one `sgd_update` per mini-batch of
    `batch_size` (the last may be smaller; a batch_size above n gives full-batch descent).
    ``callback(epoch, mlp)``, if given, runs after each epoch (numbered from 1), e.g. to record
    test accuracy. Raises ValueError if the loss stops being finite (a too-large learning rate).
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
        y = _labels(y, mlp.sizes[-1], "y")
    else:
        y = as_finite_array(y, "y", ndim=2)
        if y.shape[1] != mlp.sizes[-1]:
            raise ValueError(f"y must have {mlp.sizes[-1]} columns (the network's output width), got shape {y.shape}")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y must have one row per example, got {X.shape[0]} and {y.shape[0]} rows")
    learning_rate = positive_finite(learning_rate, "learning_rate")
    epochs = count(epochs, "epochs", minimum=1)
    batch_size = count(batch_size, "batch_size", minimum=1)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function of (epoch, mlp) or None, got {type(callback).__name__}")

    rng = rng_from(seed)
    history = TrainingHistory()
    for epoch in range(1, epochs + 1):
        total_loss, correct = 0.0, 0
        for batch in iterate_minibatches(X.shape[0], batch_size, rng):
            X_batch, y_batch = X[batch], y[batch]
            # A too-large learning rate makes the numbers overflow: report that as divergence, not warnings.
            with np.errstate(over="ignore", invalid="ignore"):
                output = mlp.forward(X_batch)
                batch_loss = loss_function(output, y_batch) if np.all(np.isfinite(output)) else np.inf
                if not np.isfinite(batch_loss):
                    raise ValueError(f"training diverged in epoch {epoch}: the loss overflowed; lower learning_rate")
                weight_grads, bias_grads = mlp.backward(loss_grad(output, y_batch))
                if not all(np.all(np.isfinite(g)) for g in weight_grads + bias_grads):
                    raise ValueError(f"training diverged in epoch {epoch}: a gradient overflowed; lower learning_rate")
                sgd_update(mlp.weights, weight_grads, learning_rate)
                sgd_update(mlp.biases, bias_grads, learning_rate)
            total_loss += batch_loss * len(batch)
            if loss == "softmax_cross_entropy":
                correct += int(np.sum(np.argmax(output, axis=1) == y_batch))
        if not all(np.all(np.isfinite(p)) for p in mlp.weights + mlp.biases):
            raise ValueError(f"training diverged in epoch {epoch}: a weight overflowed; lower learning_rate")
        history.loss.append(total_loss / X.shape[0])
        if loss == "softmax_cross_entropy":
            history.accuracy.append(correct / X.shape[0])
        if callback is not None:
            callback(epoch, mlp)
    return history


def check_train_step(train_step) -> Feedback:
    """Self-check for the exercise "write one mini-batch step": forward, loss, backward, update.

    `train_step(mlp, X, labels, learning_rate)` should update `mlp` in place by one gradient step of
    the softmax cross-entropy on the batch and return the loss before the step. It is run on a
    fresh random network and compared with the same step taken by the library.
    """
    if train_step is None:
        return no_answer("define train_step and run the cell again.")
    if not callable(train_step):
        return Feedback(False, f"train_step should be a function, got {type(train_step).__name__}.")
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
    try:
        returned = train_step(yours, X.copy(), labels.copy(), 0.5)
    except Exception as exc:  # the reader's code may fail in any way; say how
        return Feedback(False, f"train_step raised {type(exc).__name__}: {exc}")
    untouched = MLP([3, 5, 4], activation="tanh", seed=11).weights
    if returned is None and all(np.array_equal(W, W0) for W, W0 in zip(yours.weights, untouched)):
        return no_answer("train_step still returns None and changes nothing: fill it in.")
    for layer in range(reference.n_layers):
        if not np.allclose(yours.weights[layer], reference.weights[layer], rtol=1e-6, atol=1e-9):
            unchanged = np.array_equal(yours.weights[layer], untouched[layer])
            why = "did not change" if unchanged else "moved by the wrong amount"
            return Feedback(False, f"the weights of layer {layer} {why}; check the backward pass and the update.")
        if not np.allclose(yours.biases[layer], reference.biases[layer], rtol=1e-6, atol=1e-9):
            return Feedback(False, f"the biases of layer {layer} are off; did you update them too?")
    if returned is None or isinstance(returned, bool) or not isinstance(returned, numbers.Real):
        return Feedback(False, "the parameters are right, but train_step should return the loss (a number).")
    if not np.isclose(float(returned), expected_loss, rtol=1e-6):
        return Feedback(False, "the parameters are right, but the returned loss is not the loss before the step.")
    return Feedback(True, "one step matches the library's forward, backward and update.")
