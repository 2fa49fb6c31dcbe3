"""Linear regression by mini-batch gradient descent, for the chapter on gradient descent (chapter 2).

A linear model y ≈ X w + b is an `MLP([d, 1])` with no hidden layer and the identity output, and
its loss, half the mean squared error, is the engine's `squared_error`. So `minibatch_sgd` has no
training loop of its own: it starts that network from zero and trains it with the engine's `train`,
whose `record` function takes the loss on all the data about `records_per_epoch` times an epoch,
against the number of per-example gradients computed so far (a `TrainingRun`). Runs with
different batch sizes then compare at equal work. `regression_loss` is the loss of any linear model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import as_finite_array, count, positive_finite, real, rng_from
from ..losses import squared_error
from ..network import MLP
from ..training import train
from .flops import regression_arrays


@dataclass(frozen=True)
class TrainingRun:
    """A mini-batch run: the full-data loss after each recorded number of gradient evaluations.

    `evaluations` (m,) counts per-example gradients computed so far (a batch of b costs b);
    `losses` (m,) is L = mean((X w + b - y)²) / 2 over all the data at those moments; `w` (d,)
    and `b` are the final weights and bias. A run that blew up has `diverged` set and ends with
    an infinite loss, where it stopped.
    """

    evaluations: np.ndarray
    losses: np.ndarray
    w: np.ndarray
    b: float
    diverged: bool = False


def regression_loss(X, y, w, b=0.0) -> float:
    """Half the mean squared error of the linear model X @ w + b: mean((X w + b - y)²) / 2.

    X has shape (n, d), y shape (n,) and w shape (d,); this is `backprop.squared_error` of the
    model's predictions.
    """
    X, y = regression_arrays(X, y)
    w = as_finite_array(w, "w", ndim=1)
    if w.shape != (X.shape[1],):
        raise ValueError(f"w must have one weight per column of X, shape ({X.shape[1]},), got {w.shape}")
    prediction = X @ w + real(b, "b")
    return squared_error(prediction[:, None], y[:, None])


class _FullDataLoss:
    """The `record` function `minibatch_sgd` gives `train`: the loss on all the data, now and then.

    It takes the loss at the start, then after the first update that brings the count of
    per-example gradients `spacing` past the last record, and after the last update: so at most
    once per update. It keeps what it took in `evaluations` and `losses`.
    """

    def __init__(self, mlp, X, Y, spacing, total):
        self.X, self.Y, self.spacing, self.total = X, Y, spacing, total
        self.done = 0
        self.evaluations, self.losses = [0], [self.loss(mlp)]

    def loss(self, mlp) -> float:
        # A diverging run overflows here: its loss is taken as infinite, as `train` itself does.
        try:
            return squared_error(mlp.net_inputs(self.X)[-1], self.Y)
        except FloatingPointError:  # the forward pass or the loss overflowed
            return np.inf

    def __call__(self, step):
        self.done = step.examples
        if step.examples < self.evaluations[-1] + self.spacing - 1e-9 and step.examples != self.total:
            return
        if np.isfinite(self.losses[-1]):  # after an infinite loss, nothing more is worth recording
            self.evaluations.append(step.examples)
            self.losses.append(self.loss(step.mlp))


def minibatch_sgd(X, y, learning_rate, batch_size, epochs, seed=0, records_per_epoch=20):
    """Fit y ≈ X w + b by mini-batch gradient descent from w = 0, b = 0; returns a `TrainingRun`.

    Every epoch visits the n examples once in a fresh random order (from `seed`), in batches of
    `batch_size`: 1 is stochastic gradient descent, n is full-batch gradient descent.
    `learning_rate` is a number, or a schedule: a function of the update number t = 1, 2, ...
    (see `backprop.SGD`). The
    full-data loss is recorded at the start and about `records_per_epoch` times an epoch (at most
    once per step), so runs with different batch sizes compare per gradient evaluation. A run
    that diverges stops there, its last loss infinite.

    The model is `MLP([d, 1], output_activation="identity")` started from zero, trained by
    `backprop.train` with the squared-error loss: the same updates as the hand-written loop
    w <- w - η X_B^T (X_B w + b - y_B) / |B|, b <- b - η mean(X_B w + b - y_B).
    """
    X, y = regression_arrays(X, y)
    if not callable(learning_rate):  # a schedule is checked by `train`, at every update
        learning_rate = positive_finite(learning_rate, "learning_rate")
    n, d = X.shape
    batch_size = count(batch_size, "batch_size", minimum=1)
    if batch_size > n:
        raise ValueError(f"batch_size must be at most the number of examples ({n}), got {batch_size}")
    epochs = count(epochs, "epochs", minimum=1)
    records_per_epoch = count(records_per_epoch, "records_per_epoch", minimum=1)
    rng = rng_from(seed)
    mlp = MLP([d, 1], output_activation="identity")
    mlp.weights[0][...] = 0.0
    Y = y[:, None]
    recorder = _FullDataLoss(mlp, X, Y, n / records_per_epoch, n * epochs)
    history = train(mlp, X, Y, loss="squared_error", learning_rate=learning_rate, epochs=epochs,
                    batch_size=batch_size, seed=rng, record=recorder)
    if history.diverged and np.isfinite(recorder.losses[-1]):  # it blew up between two records
        recorder.evaluations.append(recorder.done + min(batch_size, n - recorder.done % n))
        recorder.losses.append(np.inf)
    diverged = history.diverged or not np.isfinite(recorder.losses[-1])
    return TrainingRun(np.array(recorder.evaluations), np.array(recorder.losses), mlp.weights[0][:, 0].copy(),
                       float(mlp.biases[0][0]), diverged)
