"""Chapter 5's forward-pass measurements (backprop.book.forward_collapse), against direct computations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import MLP, squared_error
from backprop.book.forward_collapse import forward_statistics, top_layer_curvatures, top_layer_fit
from backprop.book.layer_gradients import deep_network, regression_problem

from conftest import small_problem

ACTIVATIONS = {"tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "relu": lambda z: np.maximum(z, 0)}


def hidden_outputs_by_hand(net, X):
    """Every hidden layer's outputs, written out from the weights (the reference for the module)."""
    outputs, a = [], X
    for W, b in zip(net.weights[:-1], net.biases[:-1]):
        a = ACTIVATIONS[net.activation.name](a @ W + b)
        outputs.append(a)
    return outputs


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_forward_statistics_are_each_units_spread_averaged_and_the_mean(activation):
    net, X, _ = small_problem(activation=activation)
    stats = forward_statistics(net, X)
    by_hand = hidden_outputs_by_hand(net, X)
    assert stats.spread.shape == stats.mean.shape == (net.n_layers - 1,)
    for layer, a in enumerate(by_hand):
        spreads = [np.sqrt(np.mean((a[:, j] - a[:, j].mean()) ** 2)) for j in range(a.shape[1])]
        assert stats.spread[layer] == pytest.approx(np.mean(spreads), rel=1e-12, abs=1e-15)
        assert stats.mean[layer] == pytest.approx(a.mean(), rel=1e-12, abs=1e-15)


def test_the_deep_sigmoid_network_collapses_forward_and_tanh_does_not():
    X, _ = regression_problem(seed=0)
    sigmoid = forward_statistics(deep_network(10, "sigmoid", "xavier", seed=1), X).spread
    tanh = forward_statistics(deep_network(10, "tanh", "xavier", seed=1), X).spread
    per_layer = (sigmoid[-1] / sigmoid[0]) ** (1 / 8)
    assert 0.15 < per_layer <= 0.3  # about the sigmoid's largest slope, 1/4
    assert tanh[-1] > 0.25 * tanh[0]


def test_top_layer_fit_is_least_squares_on_the_last_hidden_layer():
    net, X, y = small_problem(sizes=(3, 5, 4, 2))
    features = hidden_outputs_by_hand(net, X)[-1]
    # A target that the last hidden layer and a constant explain exactly: the best fit is perfect.
    exact = features @ np.arange(8.0).reshape(4, 2) + 0.5
    assert top_layer_fit(net, X, exact) == pytest.approx(0.0, abs=1e-20)
    # No fit beats the normal equations' solution, nor is worse than predicting the mean.
    design = np.hstack([features, np.ones((len(X), 1))])
    solution = np.linalg.solve(design.T @ design, design.T @ y)
    assert top_layer_fit(net, X, y) == pytest.approx(squared_error(design @ solution, y), rel=1e-10)
    assert top_layer_fit(net, X, y) <= squared_error(np.broadcast_to(y.mean(axis=0), y.shape), y) + 1e-12


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), width=st.integers(2, 6))
def test_top_layer_curvatures_are_the_output_layers_hessian(seed, width):
    """The largest curvature equals the Hessian's largest eigenvalue, found by finite differences of
    the loss in the output layer's parameters; the input-dependent one is never larger."""
    net, X, y = small_problem(seed=seed, sizes=(3, width, 1))
    largest, varying = top_layer_curvatures(net, X)

    def loss(parameters):
        net.weights[-1][...] = parameters[:-1, None]
        net.biases[-1][...] = parameters[-1]
        return squared_error(net.forward(X), y)

    n, h = width + 1, 1e-4
    start = np.concatenate([net.weights[-1][:, 0], net.biases[-1]])
    hessian = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            ei, ej = np.eye(n)[i] * h, np.eye(n)[j] * h
            hessian[i, j] = (loss(start + ei + ej) - loss(start + ei - ej) - loss(start - ei + ej)
                             + loss(start - ei - ej)) / (4 * h * h)
    assert largest == pytest.approx(np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1], rel=1e-5)
    assert 0 <= varying <= largest + 1e-12


def test_constant_hidden_outputs_leave_no_input_dependent_curvature_and_fit_only_the_mean():
    net = MLP([2, 3, 1], activation="tanh", seed=0)
    net.weights[0][...] = 0.0  # every example gives the hidden layer the same outputs
    X, y = np.random.default_rng(0).normal(size=(5, 2)), np.arange(5.0)[:, None]
    assert top_layer_curvatures(net, X)[1] == pytest.approx(0.0, abs=1e-15)
    assert top_layer_fit(net, X, y) == pytest.approx(0.5 * np.var(y), rel=1e-12)


@pytest.mark.parametrize("call, error, match", [
    (lambda: forward_statistics("a network", np.zeros((2, 3))), TypeError, "backprop MLP"),
    (lambda: forward_statistics(MLP([3, 2, 1]), np.zeros((2, 4))), ValueError, "3 columns"),
    (lambda: forward_statistics(MLP([3, 2, 1]), [[1.0, float("nan"), 0.0]]), ValueError, "finite"),
    (lambda: top_layer_curvatures(MLP([3, 2, 1]), np.zeros(3)), ValueError, "X"),
    (lambda: top_layer_fit(MLP([3, 2, 1]), np.zeros((2, 3)), np.zeros((3, 1))), ValueError, "one target row"),
])
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
