"""Chapter 4 (backpropagation): learning or memorizing, watched on a validation set.

`fit_with_validation` trains a classifier with the engine's `train` and, after every epoch,
measures the softmax cross-entropy on the training data and on a held-out *validation* set. It
also keeps a copy of the network at the epoch where the validation loss was lowest: *early
stopping* (Prechelt, 1998) is that copy. The engine's `weight_decay` is passed on, so runs with
and without weight decay are measured the same way. The test set is never looked at here: the
chapter scores the chosen networks on it at the end.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from ..checks import as_finite_array, class_labels
from ..losses import softmax_cross_entropy
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
    X_validation = as_finite_array(X_validation, "X_validation", ndim=2, nonempty=True)
    if X_validation.shape[1] != network.sizes[0]:
        raise ValueError(f"X_validation must have {network.sizes[0]} columns (the network's input width), "
                         f"got shape {X_validation.shape}")
    y_validation = class_labels(y_validation, "y_validation", network.sizes[-1])
    if len(y_validation) != len(X_validation):
        raise ValueError(f"X_validation and y_validation must have one row per example, got {len(X_validation)} "
                         f"and {len(y_validation)} rows")
    history = train(network, X, y, learning_rate=learning_rate, epochs=epochs, batch_size=batch_size, seed=seed,
                    weight_decay=weight_decay, callback=after_epoch)
    columns = np.array(curves, dtype=np.float64).reshape(-1, 4).T
    return ValidationRun(*columns, network=network, best_epoch=best["epoch"], best_network=best["network"],
                         diverged=history.diverged)
