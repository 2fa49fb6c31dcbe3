"""Loss functions, each followed by its gradient with respect to the network's output.

Losses average over the batch (the first axis), so the gradient carries a 1/batch factor. A batch
must hold at least one example: the mean of nothing is not a loss.
"""

from __future__ import annotations

import numpy as np

from .checks import as_finite_array, batch, class_labels


def _pair(y_hat, y):
    y_hat = batch(y_hat, "y_hat")
    y = as_finite_array(y, "y")
    if y.shape != y_hat.shape:
        raise ValueError(f"y must have the shape of y_hat {y_hat.shape}, got {y.shape}")
    return y_hat, y


def squared_error(y_hat, y) -> float:
    """L = (1/batch) * sum over the batch of 1/2 * sum_k (y_hat_k - y_k)^2.

    `y_hat` and `y` have shape (batch, outputs). The 1/2 makes the gradient simply y_hat - y.
    """
    return _squared_error(*_pair(y_hat, y))


def squared_error_grad(y_hat, y) -> np.ndarray:
    """dL/dy_hat = (y_hat - y) / batch, shape (batch, outputs)."""
    return _squared_error_grad(*_pair(y_hat, y))


# The computations themselves, on arguments already checked (the public functions, and `train`, which
# checks its data once).


def _squared_error(y_hat, y) -> float:
    with np.errstate(over="ignore", invalid="ignore"):
        loss = float(0.5 * np.sum((y_hat - y) ** 2) / y_hat.shape[0])
    if not np.isfinite(loss):
        raise FloatingPointError("the squared error overflows: the outputs are farther from the targets than a "
                                 "float can square")
    return loss


def _squared_error_grad(y_hat, y) -> np.ndarray:
    return (y_hat - y) / y_hat.shape[0]


def _logits(logits) -> np.ndarray:
    logits = batch(logits, "logits")
    if logits.shape[1] == 0:
        raise ValueError(f"logits must have at least one class (column), got shape {logits.shape}")
    return logits


def _logits_labels(logits, labels):
    logits = _logits(logits)
    labels = class_labels(labels, "labels")
    if labels.shape != (logits.shape[0],):
        raise ValueError(f"labels must have shape ({logits.shape[0]},), one per row of logits, got {labels.shape}")
    classes = logits.shape[1]
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"labels must lie in 0..{classes - 1}, one per column of logits (its classes), got values "
                         f"from {labels.min()} to {labels.max()}")
    return logits, labels


def softmax(logits) -> np.ndarray:
    """Row-wise softmax of (batch, classes) scores; subtracting each row's max keeps exp from overflowing."""
    return _softmax(_logits(logits))


def _softmax(logits) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def softmax_cross_entropy(logits, labels) -> float:
    """Mean over the batch of -log softmax(logits)[label], via log-sum-exp so it never overflows.

    `logits` has shape (batch, classes); `labels` holds integer classes, shape (batch,).
    """
    return _softmax_cross_entropy(*_logits_labels(logits, labels))


def softmax_cross_entropy_grad(logits, labels) -> np.ndarray:
    """dL/dlogits = (softmax(logits) - one_hot(labels)) / batch, shape (batch, classes)."""
    return _softmax_cross_entropy_grad(*_logits_labels(logits, labels))


def _softmax_cross_entropy(logits, labels) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _softmax_cross_entropy_grad(logits, labels) -> np.ndarray:
    grad = _softmax(logits)
    grad[np.arange(len(labels)), labels] -= 1.0
    return grad / logits.shape[0]
