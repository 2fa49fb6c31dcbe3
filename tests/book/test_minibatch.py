"""minibatch: chapter 2's linear regression by mini-batch SGD, an MLP without hidden layers trained by `train`."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from backprop import gradient_descent, make_regression, squared_error
from backprop.book.minibatch import TrainingRun, minibatch_sgd, regression_loss


@pytest.fixture(scope="module")
def regression():
    return make_regression(600, 5, noise=0.3, seed=2)[:2]


def reference_sgd(X, y, learning_rate, batch_size, epochs, seed, records_per_epoch):
    """The hand-written loop `minibatch_sgd` once was: (evaluations, losses, w, b)."""
    n, d = X.shape
    rng = np.random.default_rng(seed)
    w, b = np.zeros(d), 0.0
    evaluations, losses, done = [0], [0.5 * np.mean(y**2)], 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for begin in range(0, n, batch_size):
            batch = order[begin : begin + batch_size]
            residual = X[batch] @ w + b - y[batch]
            w = w - learning_rate * X[batch].T @ residual / len(batch)
            b = b - learning_rate * np.mean(residual)
            done += len(batch)
            if done >= evaluations[-1] + n / records_per_epoch - 1e-9 or done == n * epochs:
                evaluations.append(done)
                losses.append(0.5 * np.mean((X @ w + b - y) ** 2))
    return np.array(evaluations), np.array(losses), w, b


@pytest.mark.parametrize("batch_size, records_per_epoch", [(1, 7), (7, 3), (16, 5), (50, 2)])
def test_minibatch_sgd_is_the_hand_written_loop(batch_size, records_per_epoch):
    # The MLP([d, 1]) trained by `train` takes the same batches and the same steps as the loop.
    X, y, _, _ = make_regression(50, 3, noise=0.2, seed=4)
    run = minibatch_sgd(X, y, 0.05, batch_size, epochs=4, seed=3, records_per_epoch=records_per_epoch)
    evaluations, losses, w, b = reference_sgd(X, y, 0.05, batch_size, 4, 3, records_per_epoch)
    assert isinstance(run, TrainingRun) and len(run.evaluations) > 4
    np.testing.assert_array_equal(run.evaluations, evaluations)
    np.testing.assert_allclose(run.losses, losses, rtol=1e-10, atol=0)
    np.testing.assert_allclose(run.w, w, rtol=1e-10, atol=1e-12)
    assert run.b == pytest.approx(b, rel=1e-10, abs=1e-12)


def test_regression_loss_is_the_engines_squared_error(regression):
    X, y = regression
    w = np.arange(5.0)
    assert regression_loss(X, y, w, 0.5) == pytest.approx(0.5 * np.mean((X @ w + 0.5 - y) ** 2), rel=1e-12)
    assert regression_loss(X, y, w, 0.5) == squared_error((X @ w + 0.5)[:, None], y[:, None])
    assert regression_loss(X, y, np.zeros(5)) == pytest.approx(0.5 * np.mean(y**2), rel=1e-12)


def test_minibatch_sgd_records_loss_against_evaluations(regression):
    X, y = regression
    run = minibatch_sgd(X, y, 0.05, batch_size=10, epochs=2, seed=0, records_per_epoch=4)
    np.testing.assert_array_equal(run.evaluations, [0, 150, 300, 450, 600, 750, 900, 1050, 1200])
    assert run.losses[0] == pytest.approx(regression_loss(X, y, np.zeros(5)))
    assert run.losses[-1] == pytest.approx(regression_loss(X, y, run.w, run.b))
    assert run.losses[-1] < 0.1 * run.losses[0]


def test_full_batch_is_gradient_descent(regression):
    X, y = regression
    run = minibatch_sgd(X, y, 0.3, batch_size=len(y), epochs=5)
    np.testing.assert_array_equal(run.evaluations, np.arange(6) * len(y))
    A = np.column_stack([X, np.ones(len(y))])
    expected = gradient_descent(lambda v: A.T @ (A @ v - y) / len(y), np.zeros(6), 0.3, 5).w
    np.testing.assert_allclose(np.append(run.w, run.b), expected, rtol=1e-10)


def test_sgd_reaches_the_noise_floor_and_is_reproducible(regression):
    X, y = regression
    A = np.column_stack([X, np.ones(len(y))])
    floor = regression_loss(A, y, np.linalg.lstsq(A, y, rcond=None)[0])
    first = minibatch_sgd(X, y, 0.01, batch_size=1, epochs=3, seed=5)
    assert floor <= first.losses[-1] < 1.2 * floor
    again = minibatch_sgd(X, y, 0.01, batch_size=1, epochs=3, seed=5)
    np.testing.assert_array_equal(first.losses, again.losses)
    other = minibatch_sgd(X, y, 0.01, batch_size=1, epochs=3, seed=6)
    assert not np.array_equal(first.losses, other.losses)


def test_sgd_that_diverges_stops_with_an_infinite_loss(regression):
    X, y = regression
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = minibatch_sgd(X * 1e3, y, 10.0, batch_size=1, epochs=50, records_per_epoch=600)
    assert run.losses[-1] == np.inf and run.evaluations[-1] < 50 * 600
    # recorded rarely, the run overflows between records: `train` stops it, and the loss is infinite there
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sparse = minibatch_sgd(X * 1e3, y, 10.0, batch_size=1, epochs=50, records_per_epoch=2)
    assert sparse.evaluations[0] == 0 and 0 < sparse.evaluations[-1] < 300
    assert len(sparse.losses) == 2 and sparse.losses[-1] == np.inf


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
        ({"batch_size": 601}, ValueError, "at most the number of examples"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"records_per_epoch": 0}, ValueError, "records_per_epoch"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"y": np.ones(3)}, ValueError, "one entry per row"),
    ],
)
def test_minibatch_sgd_bad_input(regression, kwargs, error, match):
    X, y = regression
    args = {"X": X, "y": y, "learning_rate": 0.1, "batch_size": 10, "epochs": 1} | kwargs
    with pytest.raises(error, match=match):
        minibatch_sgd(**args)
