"""Chapter 4 (backpropagation): learning or memorizing, watched on a validation set.

`fit_with_validation` trains a classifier with the engine's `train` and, after every epoch,
measures the softmax cross-entropy on the training data and on a held-out *validation* set. It
also keeps a copy of the network at the epoch where the validation loss was lowest: *early
stopping* (Prechelt, 1998) is that copy. The engine's `weight_decay` is passed on, so runs with
and without weight decay are measured the same way. The test set is never looked at here: the
chapter scores the chosen networks on it at the end. `loss_split` says where a validation loss
comes from: the examples the network classifies wrong, or those it classifies right.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..checks import as_finite_array, class_labels
from ..losses import softmax, softmax_cross_entropy
from ..network import MLP
from ..training import accuracy, train


@dataclass(frozen=True)
class ValidationRun:
    """What `fit_with_validation` saw.

    - `training_loss`, `validation_loss`: per epoch (shape (epochs,)), the cross-entropy on the
      training data and on the validation data after that epoch's updates.
    - `training_accuracy`, `validation_accuracy`: the same for the share classified right.
    - `network`: the network after the last epoch; `best_epoch` (counted from 1) the epoch of the
      lowest validation loss, and `best_network` a copy of the network as it was then.
    - `diverged`: True if training blew up (the curves then end where it stopped).
    """

    training_loss: np.ndarray
    validation_loss: np.ndarray
    training_accuracy: np.ndarray
    validation_accuracy: np.ndarray
    network: MLP
    best_epoch: int
    best_network: MLP
    diverged: bool = False


def _labelled_data(network, X, y, x_name, y_name):
    X = as_finite_array(X, x_name, ndim=2, nonempty=True)
    if X.shape[1] != network.sizes[0]:
        raise ValueError(f"{x_name} must have {network.sizes[0]} columns (the network's input width), "
                         f"got shape {X.shape}")
    y = class_labels(y, y_name, network.sizes[-1])
    if len(y) != len(X):
        raise ValueError(f"{x_name} and {y_name} must have one row per example, got {len(X)} and {len(y)} rows")
    return X, y


def fit_with_validation(network, X, y, X_validation, y_validation, *, learning_rate, epochs, batch_size, seed=0,
                        weight_decay=0.0) -> ValidationRun:
    """Train `network` in place on (X, y) with `train`, measuring after every epoch; returns a `ValidationRun`.

    `y` and `y_validation` hold integer classes; the loss is the softmax cross-entropy (the
    network's output layer gives the logits). The other arguments are `train`'s own.
    """
    if not isinstance(network, MLP):
        raise TypeError(f"network must be a backprop MLP, got {type(network).__name__}")
    curves, best = [], {"loss": np.inf, "epoch": 0, "network": copy.deepcopy(network)}

    def after_epoch(epoch, mlp):
        scores, validation_scores = mlp.forward(X), mlp.forward(X_validation)
        validation_loss = softmax_cross_entropy(validation_scores, y_validation)
        curves.append((softmax_cross_entropy(scores, y), validation_loss,
                       accuracy(scores, y), accuracy(validation_scores, y_validation)))
        if validation_loss < best["loss"]:
            best.update(loss=validation_loss, epoch=epoch, network=copy.deepcopy(mlp))

    # train checks X and y; the validation data are checked here, once.
    X_validation, y_validation = _labelled_data(network, X_validation, y_validation, "X_validation", "y_validation")
    history = train(network, X, y, learning_rate=learning_rate, epochs=epochs, batch_size=batch_size, seed=seed,
                    weight_decay=weight_decay, callback=after_epoch)
    columns = np.array(curves, dtype=np.float64).reshape(-1, 4).T
    return ValidationRun(*columns, network=network, best_epoch=best["epoch"], best_network=best["network"],
                         diverged=history.diverged)


class LossSplit(NamedTuple):
    """A mean cross-entropy in two parts (`loss_split`), and how sure the wrong answers are."""

    wrong: float
    """The part from the examples classified wrong: their losses summed, divided by all the examples."""
    right: float
    """The part from the examples classified right, the same way; `wrong + right` is the mean loss."""
    sure: float
    """The mean probability the network gives its answer where that answer is wrong (nan if none is)."""


def loss_split(network, X, y) -> LossSplit:
    """Where the softmax cross-entropy of `network` on (X, y) comes from (a `LossSplit`): the examples it
    classifies wrong, those it classifies right, and how confident it is where it is wrong.

    `X` has shape (examples, network.sizes[0]); `y` holds integer classes. A validation loss that
    rises while the accuracy stays put is told apart this way: the wrong answers growing surer.
    """
    if not isinstance(network, MLP):
        raise TypeError(f"network must be a backprop MLP, got {type(network).__name__}")
    X, y = _labelled_data(network, X, y, "X", "y")
    p = softmax(network.forward(X))
    per_example = -np.log(p[np.arange(len(y)), y])
    wrong = np.argmax(p, axis=1) != y
    sure = float(p[wrong].max(axis=1).mean()) if wrong.any() else float("nan")
    return LossSplit(float(per_example[wrong].sum() / len(p)), float(per_example[~wrong].sum() / len(p)), sure)
