"""Training: accuracy, splitting, batching, the training loop and its record of each step, and bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import (
    MLP,
    SGD,
    Adam,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
    squared_error,
    squared_error_grad,
)
from backprop.datasets import load_digits, make_spirals
from backprop.training import (
    TrainingHistory,
    accuracy,
    iterate_minibatches,
    train,
    train_test_split,
)

# ---------------------------------------------------------------- accuracy


def test_accuracy_counts_rows_whose_top_score_is_the_label():
    scores = np.array([[0.1, 0.9], [2.0, -1.0], [0.3, 0.2], [-5.0, 5.0]])
    assert accuracy(scores, np.array([1, 0, 1, 1])) == pytest.approx(0.75)
    assert accuracy(scores, np.array([0, 1, 1, 0])) == 0.0
    # Softmax keeps the order, so logits and probabilities give the same accuracy.
    probabilities = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert accuracy(probabilities, np.array([1, 0, 1, 1])) == pytest.approx(0.75)


@pytest.mark.parametrize(
    "scores, labels, error, match",
    [
        (np.zeros((2, 3)), np.array([0, 3]), ValueError, r"labels must lie in 0\.\.2"),
        (np.zeros((2, 3)), np.array([0, -1]), ValueError, "labels must lie"),
        (np.zeros((2, 3)), np.array([0.0, 1.0]), TypeError, "integers"),
        (np.zeros((2, 3)), np.array([0, 1, 2]), ValueError, "one entry per row"),
        (np.zeros((2, 3)), np.array([[0, 1]]), ValueError, "1-D"),
        (np.zeros(3), np.array([0]), ValueError, "2-D"),
        (np.zeros((0, 3)), np.zeros(0, dtype=int), ValueError, "at least one"),
        (np.array([[np.nan, 1.0]]), np.array([0]), ValueError, "finite"),
    ],
)
def test_accuracy_bad_input(scores, labels, error, match):
    with pytest.raises(error, match=match):
        accuracy(scores, labels)


# ---------------------------------------------------------------- train_test_split


def test_train_test_split_partitions_rows_and_leaves_the_input_alone():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    X_before, y_before = X.copy(), y.copy()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.3, seed=1)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    assert X_train.shape == (7, 2) and X_test.shape == (3, 2)
    assert sorted(np.concatenate([y_train, y_test])) == list(range(10))
    # Rows stay paired with their labels.
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)
    again = train_test_split(X, y, test_fraction=0.3, seed=1)
    np.testing.assert_array_equal(again[1], X_test)


@pytest.mark.parametrize(
    "X, y, kwargs, error, match",
    [
        (np.zeros((4, 2)), np.zeros(5), {}, ValueError, "one row per example"),
        (np.zeros((4, 2)), np.zeros(4), {"test_fraction": 0}, ValueError, "test_fraction"),
        (np.zeros((4, 2)), np.zeros(4), {"test_fraction": 1.0}, ValueError, "between 0 and 1"),
        (np.zeros((4, 2)), np.zeros(4), {"test_fraction": 0.05}, ValueError, "both parts"),
        (np.zeros((4, 2)), np.zeros(4), {"test_fraction": "half"}, TypeError, "test_fraction"),
        (np.float64(1.0), np.zeros(4), {}, ValueError, "one row per example"),
    ],
)
def test_train_test_split_bad_input(X, y, kwargs, error, match):
    with pytest.raises(error, match=match):
        train_test_split(X, y, **kwargs)


# ---------------------------------------------------------------- iterate_minibatches


@settings(max_examples=40, deadline=None)
@given(n_samples=st.integers(1, 60), batch_size=st.integers(1, 70), seed=st.integers(0, 2**31 - 1))
def test_minibatches_cover_every_index_once(n_samples, batch_size, seed):
    batches = list(iterate_minibatches(n_samples, batch_size, seed))
    assert np.array_equal(np.sort(np.concatenate(batches)), np.arange(n_samples))
    assert all(len(b) == batch_size for b in batches[:-1]) and 1 <= len(batches[-1]) <= batch_size
    assert len(batches) == -(-n_samples // batch_size)


def test_minibatches_reshuffle_with_a_generator_and_repeat_with_a_seed():
    rng = np.random.default_rng(0)
    first = np.concatenate(list(iterate_minibatches(50, 8, rng)))
    second = np.concatenate(list(iterate_minibatches(50, 8, rng)))
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(
        np.concatenate(list(iterate_minibatches(50, 8, 3))), np.concatenate(list(iterate_minibatches(50, 8, 3)))
    )


@pytest.mark.parametrize(
    "args, error, match",
    [((10, 0), ValueError, "batch_size"), ((0, 4), ValueError, "n_samples"), ((10, 2.0), TypeError, "batch_size")],
)
def test_minibatches_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        list(iterate_minibatches(*args))


# ---------------------------------------------------------------- train


def reference_epoch(net, X, y, learning_rate, batches):
    """One epoch written out by hand, to compare `train` against."""
    for batch in batches:
        logits = net.forward(X[batch])
        weight_grads, bias_grads = net.backward(softmax_cross_entropy_grad(logits, y[batch]))
        for p, g in zip(net.weights + net.biases, weight_grads + bias_grads):
            p -= learning_rate * g


def test_train_takes_the_same_steps_as_a_hand_written_loop():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(23, 3)), rng.integers(0, 4, size=23)
    net, reference = MLP([3, 6, 4], seed=2), MLP([3, 6, 4], seed=2)
    train(net, X, y, learning_rate=0.3, epochs=2, batch_size=5, seed=9)
    batch_rng = np.random.default_rng(9)
    for _ in range(2):
        reference_epoch(reference, X, y, 0.3, list(iterate_minibatches(23, 5, batch_rng)))
    for p, q in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-12)


def test_full_batch_training_history_records_the_loss_before_each_step():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(12, 2)), rng.integers(0, 3, size=12)
    net = MLP([2, 5, 3], seed=0)
    expected = []
    probe = MLP([2, 5, 3], seed=0)
    for _ in range(3):  # with one batch per epoch, the epoch's loss is the loss before its step
        logits = probe.forward(X)
        expected.append(softmax_cross_entropy(logits, y))
        weight_grads, bias_grads = probe.backward(softmax_cross_entropy_grad(logits, y))
        for p, g in zip(probe.weights + probe.biases, weight_grads + bias_grads):
            p -= 0.5 * g
    history = train(net, X, y, learning_rate=0.5, epochs=3, batch_size=100)
    assert isinstance(history, TrainingHistory)
    np.testing.assert_allclose(history.loss, expected, rtol=1e-12)
    assert len(history.accuracy) == 3 and all(0 <= a <= 1 for a in history.accuracy)


def test_train_with_squared_error_fits_a_regression_target():
    rng = np.random.default_rng(2)
    X = rng.uniform(-1, 1, size=(64, 1))
    y = np.sin(2 * X)
    net = MLP([1, 16, 1], activation="tanh", seed=1)
    before = squared_error(net.forward(X), y)
    history = train(net, X, y, loss="squared_error", learning_rate=0.2, epochs=150, batch_size=16, seed=0)
    assert history.accuracy == [] and len(history.loss) == 150
    assert squared_error(net.forward(X), y) < 0.05 * before
    # The loss gradient used is the library's: one more full-batch step lowers the loss further.
    weight_grads, _ = net.backward(squared_error_grad(net.forward(X), y))
    assert all(np.all(np.isfinite(g)) for g in weight_grads)


def test_train_calls_back_after_every_epoch():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(10, 2)), rng.integers(0, 2, size=10)
    net = MLP([2, 3, 2], seed=0)
    seen = []
    train(net, X, y, epochs=4, batch_size=3, callback=lambda epoch, mlp: seen.append((epoch, mlp is net)))
    assert seen == [(1, True), (2, True), (3, True), (4, True)]


def test_train_learns_the_spirals():
    X, y = make_spirals(300, noise=0.05, seed=0)
    net = MLP([2, 32, 32, 2], activation="relu", init="he", seed=0)
    history = train(net, X, y, learning_rate=0.1, epochs=60, batch_size=32, seed=0)
    assert history.loss[-1] < 0.3 * history.loss[0]
    assert accuracy(net.forward(X), y) > 0.9


def test_train_reaches_95_percent_on_held_out_digits():
    images, labels = load_digits()
    X = images.reshape(len(images), -1) / 16.0
    X_train, X_test, y_train, y_test = train_test_split(X, labels, test_fraction=0.2, seed=0)
    net = MLP([64, 32, 10], activation="tanh", seed=0)  # the chapter's network and settings
    train(net, X_train, y_train, learning_rate=0.2, epochs=20, batch_size=32, seed=0)
    assert accuracy(net.forward(X_test), y_test) >= 0.95


def test_train_is_reproducible_from_its_seed():
    X, y = make_spirals(60, seed=1)
    nets = [MLP([2, 8, 2], seed=0) for _ in range(3)]
    histories = [train(net, X, y, epochs=3, batch_size=7, seed=s) for net, s in zip(nets, (4, 4, 5))]
    assert histories[0].loss == histories[1].loss and histories[0].loss != histories[2].loss


def test_train_reports_divergence_in_its_history_without_warning():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(32, 2)) * 100, rng.normal(size=(32, 1)) * 1e3
    net = MLP([2, 8, 1], activation="relu", init="he", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = train(net, X, y, loss="squared_error", learning_rate=1e3, epochs=50, batch_size=32,
                        record=lambda step: step.number)
    assert history.diverged and history.stopped.startswith("diverged in epoch ")
    assert "lower learning_rate" in history.stopped and len(history.loss) < 50
    assert history.records == list(range(1, len(history.records) + 1))


def test_a_loss_that_grows_huge_but_finite_is_divergence_too():
    # Regression: train(..., learning_rate=10) used to end at loss 2.7e301 with no word. Here the
    # loss stays finite for hundreds of updates while the weights grow geometrically.
    X = np.random.default_rng(0).normal(size=(64, 2))
    net = MLP([2, 8, 1], activation="identity", seed=0)
    history = train(net, X, X[:, :1] * 1e3, loss="squared_error", learning_rate=5.0, epochs=500, batch_size=64)
    assert history.diverged and "grew beyond 1e+12" in history.stopped
    assert len(history.loss) < 500 and max(history.loss) < 1e40


def test_a_stable_run_does_not_say_it_diverged():
    X, labels = make_spirals(100, seed=0)
    history = train(MLP([2, 8, 2], seed=0), X, labels, learning_rate=0.1, epochs=3)
    assert not history.diverged and history.stopped == "" and len(history.loss) == 3


@pytest.fixture
def small():
    rng = np.random.default_rng(5)
    return MLP([2, 3, 3], seed=0), rng.normal(size=(6, 2)), rng.integers(0, 3, size=6)


@pytest.mark.parametrize(
    "change, error, match",
    [
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
        ({"batch_size": 2.5}, TypeError, "batch_size"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"learning_rate": 0}, ValueError, "learning_rate"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"loss": "hinge"}, ValueError, "loss"),
        ({"y": np.array([0, 1, 2, 3, 0, 1])}, ValueError, r"y must lie in 0\.\.2"),
        ({"y": np.array([0, 1, -1, 0, 0, 1])}, ValueError, "y must lie"),
        ({"y": np.array([0, 1, 2])}, ValueError, "one row per example"),
        ({"y": np.zeros(6)}, TypeError, "integers"),
        ({"X": np.zeros((6, 5))}, ValueError, "2 columns"),
        ({"X": np.zeros(6)}, ValueError, "2-D"),
        ({"X": np.full((6, 2), np.inf)}, ValueError, "finite"),
        ({"mlp": "network"}, TypeError, "MLP"),
        ({"callback": 3}, TypeError, "callback"),
        ({"weight_decay": -0.1}, ValueError, "weight_decay must be a finite number, 0 or more"),
        ({"weight_decay": float("inf")}, ValueError, "weight_decay"),
        ({"weight_decay": "0.1"}, TypeError, "weight_decay must be a number"),
        ({"loss": "squared_error"}, ValueError, "2-D"),
        ({"loss": "squared_error", "y": np.zeros((6, 2))}, ValueError, "3 columns"),
    ],
)
def test_train_bad_input(small, change, error, match):
    mlp, X, y = small
    arguments = {"mlp": mlp, "X": X, "y": y, **change}
    with pytest.raises(error, match=match):
        train(arguments.pop("mlp"), arguments.pop("X"), arguments.pop("y"), **arguments)


def test_train_rejects_an_empty_data_set():
    with pytest.raises(ValueError, match="at least one example"):
        train(MLP([2, 2]), np.zeros((0, 2)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("rule", [lambda: SGD(0.05, momentum=0.9), lambda: Adam(0.01)], ids=["momentum", "adam"])
def test_train_with_an_update_rule_takes_that_rules_steps(rule):
    X, y = make_spirals(60, noise=0.1, seed=0)
    trained, by_hand = MLP([2, 8, 3], seed=1), MLP([2, 8, 3], seed=1)
    history = train(trained, X, y, epochs=3, batch_size=None, optimizer=rule())
    mine = rule()
    for _ in range(3):
        weight_grads, bias_grads = by_hand.backward(softmax_cross_entropy_grad(by_hand.forward(X), y))
        mine.step(by_hand.weights + by_hand.biases, weight_grads + bias_grads)
    for a, b in zip(trained.weights + trained.biases, by_hand.weights + by_hand.biases):
        np.testing.assert_array_equal(a, b)
    assert len(history.loss) == 3 and not history.diverged


def test_train_takes_the_learning_rate_in_one_place_only():
    X, y = make_spirals(20, seed=0)
    with pytest.raises(ValueError, match="give the learning rate to the optimizer"):
        train(MLP([2, 4, 3]), X, y, learning_rate=0.1, optimizer=SGD(0.1))
    with pytest.raises(ValueError, match="reset"):  # an optimizer that last updated another network
        rule = Adam(0.01)
        train(MLP([2, 4, 3]), X, y, epochs=1, optimizer=rule)
        train(MLP([2, 5, 3]), X, y, epochs=1, optimizer=rule)


def test_a_learning_rate_schedule_in_train_sees_every_update():
    X, y = make_spirals(40, seed=0)
    seen = []
    train(MLP([2, 4, 3]), X, y, epochs=2, batch_size=10, learning_rate=lambda t: seen.append(t) or 0.1 / t)
    assert seen == list(range(1, 9))


# ---------------------------------------------------------------- weight decay


def test_weight_decay_descends_the_loss_plus_half_lambda_times_the_squared_weights():
    """One full-batch step with weight decay is a step down the penalized loss, whose gradient is
    found here by central differences (the penalty written out, the biases left out of it)."""
    from backprop import numerical_gradient
    from backprop.book.parameter_vectors import flatten_parameters, unflatten_parameters

    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(9, 3)), rng.integers(0, 4, size=9)
    net, start = MLP([3, 5, 4], seed=1), MLP([3, 5, 4], seed=1)
    decay, rate = 0.3, 0.2

    def penalized(parameters):
        probe = MLP([3, 5, 4], seed=1)
        probe.weights, probe.biases = unflatten_parameters(parameters, probe.sizes)
        return softmax_cross_entropy(probe.forward(X), y) + decay / 2 * sum(np.sum(W * W) for W in probe.weights)

    before = flatten_parameters(start.weights, start.biases)
    history = train(net, X, y, learning_rate=rate, epochs=1, batch_size=None, weight_decay=decay)
    expected = before - rate * numerical_gradient(penalized, before)
    np.testing.assert_allclose(flatten_parameters(net.weights, net.biases), expected, rtol=1e-7, atol=1e-9)
    assert history.loss[0] == pytest.approx(softmax_cross_entropy(start.forward(X), y), rel=1e-12)  # data only


def test_weight_decay_of_zero_changes_nothing_and_a_positive_one_keeps_the_weights_smaller():
    X, y = make_spirals(60, noise=0.1, seed=0)
    plain, zero, decayed = (MLP([2, 16, 3], seed=4) for _ in range(3))
    train(plain, X, y, learning_rate=0.5, epochs=30, batch_size=None)
    train(zero, X, y, learning_rate=0.5, epochs=30, batch_size=None, weight_decay=0)
    train(decayed, X, y, learning_rate=0.5, epochs=30, batch_size=None, weight_decay=0.05)
    for a, b in zip(plain.weights + plain.biases, zero.weights + zero.biases):
        np.testing.assert_array_equal(a, b)
    size = [sum(np.sum(W * W) for W in net.weights) for net in (plain, decayed)]
    assert size[1] < 0.9 * size[0]
