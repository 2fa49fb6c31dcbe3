"""Chapter 4's validation runs (backprop.book.generalization): curves, early stopping, weight decay."""

from __future__ import annotations

import numpy as np
import pytest

from backprop import MLP, softmax, softmax_cross_entropy
from backprop.book.generalization import fit_with_validation, loss_split
from backprop.datasets import make_spirals
from backprop.training import accuracy, train


@pytest.fixture(scope="module")
def data():
    X, y = make_spirals(80, noise=0.2, seed=0)
    return X[:40], y[:40], X[40:], y[40:]


def test_the_curves_are_the_losses_and_accuracies_after_each_epoch(data):
    X, y, X_val, y_val = data
    run = fit_with_validation(MLP([2, 16, 3], seed=1), X, y, X_val, y_val, learning_rate=0.5, epochs=6, batch_size=8)
    # The same run by hand, measured the same way after every epoch.
    measured = []
    train(MLP([2, 16, 3], seed=1), X, y, learning_rate=0.5, epochs=6, batch_size=8, seed=0,
          callback=lambda epoch, mlp: measured.append(
              (softmax_cross_entropy(mlp.forward(X), y), softmax_cross_entropy(mlp.forward(X_val), y_val),
               accuracy(mlp.forward(X), y), accuracy(mlp.forward(X_val), y_val))))
    expected = np.array(measured).T
    for curve, reference in zip((run.training_loss, run.validation_loss, run.training_accuracy,
                                 run.validation_accuracy), expected):
        np.testing.assert_array_equal(curve, reference)
    assert run.training_loss[-1] == softmax_cross_entropy(run.network.forward(X), y)


def test_early_stopping_keeps_the_network_of_the_lowest_validation_loss(data):
    X, y, X_val, y_val = data
    network = MLP([2, 32, 3], seed=2)
    run = fit_with_validation(network, X, y, X_val, y_val, learning_rate=1.0, epochs=60, batch_size=4)
    assert run.network is network  # trained in place
    assert run.best_epoch == int(np.argmin(run.validation_loss)) + 1
    assert softmax_cross_entropy(run.best_network.forward(X_val), y_val) == run.validation_loss.min()
    assert run.best_network is not network
    if run.best_epoch < 60:  # a copy, not the network that trained on
        assert any(not np.array_equal(a, b) for a, b in zip(run.best_network.weights, network.weights))


def test_weight_decay_is_the_engines(data):
    X, y, X_val, y_val = data
    run = fit_with_validation(MLP([2, 8, 3], seed=3), X, y, X_val, y_val, learning_rate=0.5, epochs=4, batch_size=8,
                              weight_decay=0.05)
    by_train = MLP([2, 8, 3], seed=3)
    train(by_train, X, y, learning_rate=0.5, epochs=4, batch_size=8, seed=0, weight_decay=0.05)
    for a, b in zip(run.network.weights + run.network.biases, by_train.weights + by_train.biases):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("change, error, match", [
    ({"network": "a network"}, TypeError, "backprop MLP"),
    ({"X_validation": np.zeros((5, 3))}, ValueError, "X_validation must have 2 columns"),
    ({"y_validation": np.zeros(3, dtype=int)}, ValueError, "one row per example"),
    ({"y_validation": np.full(40, 7)}, ValueError, "y_validation must lie"),
    ({"weight_decay": -1.0}, ValueError, "weight_decay"),
])
def test_bad_input_raises_a_clear_error(data, change, error, match):
    X, y, X_val, y_val = data
    arguments = {"network": MLP([2, 4, 3]), "X_validation": X_val, "y_validation": y_val, "weight_decay": 0.0, **change}
    with pytest.raises(error, match=match):
        fit_with_validation(arguments["network"], X, y, arguments["X_validation"], arguments["y_validation"],
                            learning_rate=0.1, epochs=1, batch_size=8, weight_decay=arguments["weight_decay"])


def test_a_loss_split_adds_up_to_the_loss_and_reads_the_wrong_answers(data):
    X, y, X_val, y_val = data
    network = MLP([2, 8, 3], seed=2)
    train(network, X, y, learning_rate=0.5, epochs=3, batch_size=8)
    split = loss_split(network, X_val, y_val)
    assert split.wrong + split.right == pytest.approx(softmax_cross_entropy(network.forward(X_val), y_val), rel=1e-12)
    p = softmax(network.forward(X_val))
    wrong = np.argmax(p, axis=1) != y_val
    assert 0 < wrong.sum() < len(y_val)  # both parts are there to check
    assert split.wrong == pytest.approx(-np.log(p[wrong, y_val[wrong]]).sum() / len(y_val), rel=1e-12)
    assert split.sure == pytest.approx(p[wrong].max(axis=1).mean(), rel=1e-12) and 1 / 3 <= split.sure <= 1
    right_only = loss_split(network, X_val[~wrong], y_val[~wrong])
    assert right_only.wrong == 0 and np.isnan(right_only.sure)


@pytest.mark.parametrize("change, error, match", [
    ({"network": "a network"}, TypeError, "backprop MLP"),
    ({"X": np.zeros((5, 3))}, ValueError, "X must have 2 columns"),
    ({"y": np.zeros(3, dtype=int)}, ValueError, "one row per example"),
    ({"y": np.full(40, 7)}, ValueError, "y must lie"),
])
def test_a_loss_split_of_bad_input_raises_a_clear_error(data, change, error, match):
    _, _, X_val, y_val = data
    arguments = {"network": MLP([2, 4, 3]), "X": X_val, "y": y_val, **change}
    with pytest.raises(error, match=match):
        loss_split(arguments["network"], arguments["X"], arguments["y"])
