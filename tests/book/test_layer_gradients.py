"""Chapter 5's per-layer gradient sizes, the recording training run and dead units (backprop.book.layer_gradients)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import MLP, numerical_gradient, squared_error, squared_error_grad
from backprop.book.layer_gradients import (
    GradientRecord,
    dead_unit_fraction,
    deep_network,
    gradient_factors,
    gradient_profile,
    hidden_net_inputs,
    layer_gradient_norms,
    regression_problem,
    train_recording_gradients,
)

from conftest import small_problem

# ---------------------------------------------------------------- per-layer gradient sizes


def test_layer_gradient_norms_are_the_rms_and_frobenius_norms_of_backward():
    net, X, y = small_problem()
    weight_grads, _ = net.backward(squared_error_grad(net.forward(X), y))
    rms = layer_gradient_norms(net, X, y)
    frobenius = layer_gradient_norms(net, X, y, statistic="frobenius")
    for layer, dW in enumerate(weight_grads):
        assert rms[layer] == pytest.approx(np.sqrt(np.mean(dW**2)))
        assert frobenius[layer] == pytest.approx(np.linalg.norm(dW))
        assert frobenius[layer] == pytest.approx(rms[layer] * np.sqrt(dW.size))


def test_layer_gradient_norms_match_central_differences():
    net, X, y = small_problem(seed=3)
    expected = []
    for layer in range(net.n_layers):
        def loss(W, layer=layer):
            saved = net.weights[layer].copy()
            net.weights[layer][...] = W
            value = squared_error(net.forward(X), y)
            net.weights[layer][...] = saved
            return value

        expected.append(np.linalg.norm(numerical_gradient(loss, net.weights[layer].copy())))
    np.testing.assert_allclose(layer_gradient_norms(net, X, y, statistic="frobenius"), expected, rtol=1e-6)


def test_one_dimensional_targets_are_accepted_for_one_output():
    net = MLP([3, 4, 1], seed=0)
    X, y = np.ones((5, 3)), np.arange(5.0)
    np.testing.assert_array_equal(layer_gradient_norms(net, X, y), layer_gradient_norms(net, X, y[:, None]))


def test_deep_sigmoid_gradients_shrink_towards_the_input_and_relu_he_ones_do_not():
    sigmoid = gradient_profile(10, "sigmoid", "xavier")
    relu = gradient_profile(10, "relu", "he")
    assert sigmoid.shape == relu.shape == (10,)
    assert sigmoid[0] < 1e-4 * sigmoid[-2]
    # Each sigmoid layer shrinks the backward signal by at most 1/4 (and by about that much here).
    assert np.all(sigmoid[:-2] / sigmoid[1:-1] < 0.5)
    assert 0.1 < relu[0] / relu[-2] < 10


def test_gradient_profile_is_deterministic_and_uses_the_same_data_for_every_seed():
    np.testing.assert_array_equal(gradient_profile(4, "tanh", "he", seed=2), gradient_profile(4, "tanh", "he", seed=2))
    X, y = regression_problem(128, 8)
    net = deep_network(4, "tanh", "he", seed=5)
    np.testing.assert_array_equal(gradient_profile(4, "tanh", "he", seed=5), layer_gradient_norms(net, X, y))


def test_regression_problem_targets_are_standardized():
    X, y = regression_problem(64, 5, seed=1)
    assert X.shape == (64, 5) and y.shape == (64, 1)
    assert y.mean() == pytest.approx(0, abs=1e-12) and y.std() == pytest.approx(1)


def test_deep_network_shape():
    net = deep_network(4, "relu", "he", width=16, n_features=3)
    assert net.sizes == [3, 16, 16, 16, 1] and net.n_layers == 4
    assert deep_network(1, "relu", "he").sizes == [8, 1]


# ---------------------------------------------------------------- the recording training loop


def test_training_record_shapes_and_first_row():
    X, y = regression_problem(32, 4)
    net = deep_network(3, "tanh", "xavier", width=8, n_features=4)
    at_init = layer_gradient_norms(net, X, y)
    start = [W.copy() for W in net.weights]
    record = train_recording_gradients(net, X, y, learning_rate=0.1, steps=40)
    assert isinstance(record, GradientRecord)
    assert record.loss.shape == (40,) and record.gradient_norms.shape == record.weight_change.shape == (40, 3)
    np.testing.assert_allclose(record.gradient_norms[0], at_init)
    # After the first step each layer moved by learning_rate * ||dW|| relative to ||W0||.
    frobenius_at_init = at_init * np.sqrt([W.size for W in start])
    expected = 0.1 * frobenius_at_init / [np.linalg.norm(W) for W in start]
    np.testing.assert_allclose(record.weight_change[0], expected, rtol=1e-10)
    assert record.loss[-1] < 0.5 * record.loss[0]
    np.testing.assert_allclose(record.weight_change[-1],
                               [np.linalg.norm(W - W0) / np.linalg.norm(W0) for W, W0 in zip(net.weights, start)])


def test_training_matches_plain_gradient_descent_and_is_deterministic():
    X, y = regression_problem(16, 3)
    net, reference = (deep_network(3, "sigmoid", "he", width=4, n_features=3, seed=1) for _ in range(2))
    record = train_recording_gradients(net, X, y, learning_rate=0.5, steps=5)
    for step in range(5):
        output = reference.forward(X)
        assert record.loss[step] == pytest.approx(squared_error(output, y))
        weight_grads, bias_grads = reference.backward(squared_error_grad(output, y))
        for p, g in zip(reference.weights + reference.biases, weight_grads + bias_grads):
            p -= 0.5 * g
    for W, W_ref in zip(net.weights, reference.weights):
        np.testing.assert_allclose(W, W_ref, rtol=1e-12)


def hand_written_descent(net, X, y, learning_rate, steps):
    """Full-batch gradient descent on the squared error written out: forward, loss, backward, update.

    Returns the loss before each step and each layer's RMS of dW, shapes (steps,) and (steps, n_layers).
    """
    losses, sizes = [], []
    for _ in range(steps):
        inputs, net_inputs, a = [], [], X
        for layer, (W, b) in enumerate(zip(net.weights, net.biases)):
            inputs.append(a)
            net_inputs.append(a @ W + b)
            a = net.activation_of_layer(layer).function(net_inputs[-1])
        losses.append(0.5 * np.sum((a - y) ** 2) / len(X))
        grad, weight_grads, bias_grads = (a - y) / len(X), [], []
        for layer in reversed(range(net.n_layers)):
            delta = grad * net.activation_of_layer(layer).derivative(net_inputs[layer])
            weight_grads.insert(0, inputs[layer].T @ delta)
            bias_grads.insert(0, delta.sum(axis=0))
            grad = delta @ net.weights[layer].T
        sizes.append([np.sqrt(np.mean(dW**2)) for dW in weight_grads])
        for p, g in zip(net.weights + net.biases, weight_grads + bias_grads):
            p -= learning_rate * g
    return np.array(losses), np.array(sizes)


@settings(max_examples=25, deadline=None)
@given(activation=st.sampled_from(["sigmoid", "tanh", "relu", "leaky_relu", "identity"]),
       depth=st.integers(1, 4), width=st.integers(1, 6), steps=st.integers(1, 12),
       learning_rate=st.floats(1e-3, 0.3), seed=st.integers(0, 2**31 - 1))
def test_recording_run_is_full_batch_descent_written_out(activation, depth, width, steps, learning_rate, seed):
    # The engine's train with batch_size=None: one update per step on all the data, in its own order.
    X, y = regression_problem(12, 3, seed=seed)
    net, reference = (deep_network(depth, activation, "xavier", width=width, n_features=3, seed=seed)
                      for _ in range(2))
    record = train_recording_gradients(net, X, y, learning_rate=learning_rate, steps=steps)
    with np.errstate(over="ignore", invalid="ignore"):  # the hand-written run goes on where the engine stops
        losses, sizes = hand_written_descent(reference, X, y, learning_rate, steps)
    done = len(record.loss)
    np.testing.assert_allclose(record.loss, losses[:done], rtol=1e-12)
    np.testing.assert_allclose(record.gradient_norms, sizes[:done], rtol=1e-12, atol=1e-300)
    assert record.diverged or done == steps  # a run stops early only when it blew up, and says so
    if record.diverged:
        return
    for W, W_ref in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_allclose(W, W_ref, rtol=1e-12, atol=1e-15)


def test_recording_run_uses_all_the_data_at_every_step():
    # Full batch, no sampling: reordering the rows changes a step only by rounding in the sums.
    X, y = regression_problem(20, 3)
    order = np.random.default_rng(0).permutation(20)
    runs = [train_recording_gradients(deep_network(3, "tanh", "he", width=5, n_features=3), X_, y_, steps=7)
            for X_, y_ in ((X, y), (X[order], y[order]))]
    np.testing.assert_allclose(runs[0].loss, runs[1].loss, rtol=1e-12)
    np.testing.assert_allclose(runs[0].gradient_norms, runs[1].gradient_norms, rtol=1e-10)
    assert runs[0].loss.shape == (7,)


def test_a_huge_learning_rate_is_reported_as_divergence_without_warnings():
    X, y = regression_problem(32, 4)
    net = deep_network(6, "relu", "he", width=16, n_features=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        record = train_recording_gradients(net, X, y, learning_rate=1e6, steps=50)
    assert record.diverged and len(record.loss) < 50
    assert record.gradient_norms.shape == record.weight_change.shape == (len(record.loss), 6)
    assert np.all(np.isfinite(record.loss))


# ---------------------------------------------------------------- dead units


def test_dead_unit_fraction_counts_units_that_are_off_for_every_example():
    net = MLP([2, 4, 5, 1], activation="relu", init="he", seed=0)
    net.biases[0][:] = [-100.0, -100.0, 100.0, 0.0]  # two dead, one always on
    net.biases[1][:] = [-100.0, 100.0, 100.0, 100.0, 100.0]
    X = np.random.default_rng(0).normal(size=(50, 2))
    fractions = dead_unit_fraction(net, X)
    assert fractions.shape == (2,)
    assert fractions[0] == pytest.approx(0.5)  # unit 3 (bias 0) is on for some of 50 random examples
    assert fractions[1] == pytest.approx(0.2)


def test_a_dead_relu_unit_gets_no_gradient_and_a_leaky_one_does():
    X = np.random.default_rng(1).normal(size=(20, 3))
    y = np.random.default_rng(2).normal(size=(20, 1))
    for activation, dead_gradient_is_zero in (("relu", True), ("leaky_relu", False)):
        net = MLP([3, 6, 1], activation=activation, init="he", seed=3)
        net.biases[0][0] = -50.0
        assert dead_unit_fraction(net, X)[0] == pytest.approx(1 / 6)
        weight_grads, _ = net.backward(squared_error_grad(net.forward(X), y))
        assert np.all(weight_grads[0][:, 0] == 0) == dead_gradient_is_zero


@settings(max_examples=20, deadline=None)
@given(width=st.integers(1, 8), depth=st.integers(2, 4), seed=st.integers(0, 2**31 - 1),
       activation=st.sampled_from(["relu", "leaky_relu", "tanh"]))
def test_dead_unit_fraction_is_a_share_of_the_layer(width, depth, seed, activation):
    net = MLP([3] + [width] * depth, activation=activation, init="he", seed=seed)
    X = np.random.default_rng(seed).normal(size=(5, 3))
    fractions = dead_unit_fraction(net, X)
    assert fractions.shape == (depth - 1,)
    assert np.all((fractions >= 0) & (fractions <= 1))
    np.testing.assert_allclose(fractions * width, np.round(fractions * width))
    z = hidden_net_inputs(net, X)
    assert [a.shape for a in z] == [(5, width)] * (depth - 1)



def test_hidden_net_inputs_are_every_hidden_layers_z():
    net, X, _ = small_problem(seed=2, activation="relu")
    z = hidden_net_inputs(net, X)
    a = X
    for layer in range(net.n_layers - 1):
        expected = a @ net.weights[layer] + net.biases[layer]
        np.testing.assert_array_equal(z[layer], expected)
        a = np.maximum(expected, 0.0)
    assert len(z) == net.n_layers - 1


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: layer_gradient_norms("net", np.ones((2, 3)), np.ones(2)), TypeError, "mlp"),
        (lambda: layer_gradient_norms(MLP([3, 1]), np.ones((2, 4)), np.ones(2)), ValueError, "X"),
        (lambda: layer_gradient_norms(MLP([3, 1]), np.ones((2, 3)), np.ones(3)), ValueError, "y"),
        (lambda: layer_gradient_norms(MLP([3, 1]), np.ones((2, 3)), np.ones(2), statistic="max"), ValueError,
         "statistic"),
        (lambda: gradient_profile(0, "relu", "he"), ValueError, "depth"),
        (lambda: gradient_profile(3, "relu", "kaiming"), ValueError, "init"),
        (lambda: gradient_profile(3, "relu", "he", width=2.5), TypeError, "width"),
        (lambda: train_recording_gradients(MLP([3, 1]), np.ones((2, 3)), np.ones(2), learning_rate=-1),
         ValueError, "learning_rate"),
        (lambda: train_recording_gradients(MLP([3, 1]), np.ones((2, 3)), np.ones(2), steps=0), ValueError, "steps"),
        (lambda: dead_unit_fraction(MLP([3, 2, 1]), np.ones(3)), ValueError, "X"),
        (lambda: hidden_net_inputs("net", np.ones((2, 3))), TypeError, "mlp"),
        (lambda: train_recording_gradients("net", np.ones((2, 3)), np.ones(2)), TypeError, "mlp"),
        (lambda: train_recording_gradients(MLP([3, 1]), np.ones((2, 3)), np.ones((2, 2))), ValueError, "y"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_gradient_factors_are_the_sizes_of_each_layers_input_and_delta(activation):
    """Written out by hand: the forward pass keeps each layer's input, the backward pass each delta
    dL/dz; the engine's weight gradient is input^T delta, and the factors are their sizes (RMS)."""
    net, X, y = small_problem(seed=3, activation=activation)
    inputs, net_inputs, a = [], [], X
    for layer, (W, b) in enumerate(zip(net.weights, net.biases)):
        inputs.append(a)
        net_inputs.append(a @ W + b)
        a = net.activation_of_layer(layer).function(net_inputs[-1])
    grad, deltas = squared_error_grad(a, y), []
    for layer in reversed(range(net.n_layers)):
        deltas.insert(0, grad * net.activation_of_layer(layer).derivative(net_inputs[layer]))
        grad = deltas[0] @ net.weights[layer].T
    weight_grads, _ = net.backward(squared_error_grad(net.forward(X), y))
    for dW, a_in, delta in zip(weight_grads, inputs, deltas):
        np.testing.assert_allclose(dW, a_in.T @ delta, rtol=1e-12, atol=1e-15)
    factors = gradient_factors(net, X, y)
    rms = lambda arrays: [np.sqrt(np.mean(x * x)) for x in arrays]  # noqa: E731
    np.testing.assert_allclose(factors.inputs, rms(inputs), rtol=1e-12)
    np.testing.assert_allclose(factors.deltas, rms(deltas), rtol=1e-12)
    assert factors.inputs.shape == factors.deltas.shape == (net.n_layers,)


def test_gradient_factors_of_bad_input_raise_a_clear_error():
    net, X, y = small_problem()
    with pytest.raises(TypeError, match="backprop MLP"):
        gradient_factors("a network", X, y)
    with pytest.raises(ValueError, match="X must have 3 columns"):
        gradient_factors(net, X[:, :2], y)
    with pytest.raises(ValueError, match="y must have shape"):
        gradient_factors(net, X, y[:4])
