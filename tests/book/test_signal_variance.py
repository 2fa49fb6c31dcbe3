"""Chapter 5's backward signal between layers: the derivative bound, the variance factor, and its measurement
(backprop.book.signal_variance)."""

from __future__ import annotations

import numpy as np
import pytest

from backprop import MLP, get_activation, initialize_weights, numerical_gradient
from backprop.book.layer_gradients import hidden_net_inputs
from backprop.book.signal_variance import (
    MAX_DERIVATIVE,
    backward_signal_rms,
    backward_signals,
    derivative_product_bound,
    mean_squared_derivative,
    measured_variance_factors,
    square_stack,
    variance_factor,
)

from conftest import small_problem

SMOOTH = ["sigmoid", "tanh", "identity"]


# ---------------------------------------------------------------- the bound


def test_derivative_product_bound_is_the_max_derivative_to_the_power_k():
    np.testing.assert_allclose(derivative_product_bound("sigmoid", 4), [1, 0.25, 0.0625, 0.015625, 0.00390625])
    np.testing.assert_array_equal(derivative_product_bound("tanh", 3), np.ones(4))
    assert derivative_product_bound("relu", 0).shape == (1,)


@pytest.mark.parametrize("name", SMOOTH + ["relu", "leaky_relu"])
def test_max_derivative_is_the_largest_value_of_the_derivative(name):
    z = np.linspace(-8, 8, 16001)
    assert get_activation(name).derivative(z).max() == pytest.approx(MAX_DERIVATIVE[name], rel=1e-6)


# ---------------------------------------------------------------- the backward signal and its variance


@pytest.mark.parametrize("activation", SMOOTH)
def test_backward_signals_match_central_differences_and_backward(activation):
    net, X, _ = small_problem(seed=4, activation=activation)
    grad_output = np.random.default_rng(9).normal(size=(6, 2))
    signals = backward_signals(net, X, grad_output)
    assert [s.shape for s in signals] == [(6, n) for n in net.sizes]
    np.testing.assert_array_equal(signals[-1], grad_output)
    # dL/dX for L = sum(output * grad_output), whose gradient at the output is grad_output.
    numeric = numerical_gradient(lambda X_: float(np.sum(net.forward(X_) * grad_output)), X)
    np.testing.assert_allclose(signals[0], numeric, rtol=1e-6, atol=1e-9)
    # The weight gradients that MLP.backward returns are a_prev.T @ (dL/da * f'(z)).
    net.forward(X)  # backward differentiates the last forward pass, and the differences ran others
    weight_grads, _ = net.backward(grad_output)
    inputs = [X] + [net.activation.function(z) for z in hidden_net_inputs(net, X)]
    z_all = hidden_net_inputs(net, X) + [inputs[-1] @ net.weights[-1] + net.biases[-1]]
    for layer, dW in enumerate(weight_grads):
        delta = signals[layer + 1] * net.activation_of_layer(layer).derivative(z_all[layer])
        np.testing.assert_allclose(dW, inputs[layer].T @ delta, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("activation", SMOOTH + ["relu", "leaky_relu"])
def test_backward_signals_apply_the_rule_with_the_derivative_at_z(activation):
    # MLP.backward takes f' from the layer's output where it can; the chapter's rule uses f'(z).
    net, X, _ = small_problem(seed=5, activation=activation)
    grad = np.random.default_rng(10).normal(size=(6, 2))
    z = net.net_inputs(X)
    expected = [grad]
    for layer in reversed(range(net.n_layers)):
        grad = (grad * net.activation_of_layer(layer).derivative(z[layer])) @ net.weights[layer].T
        expected.insert(0, grad)
    for signal, want in zip(backward_signals(net, X, expected[-1]), expected):
        np.testing.assert_allclose(signal, want, rtol=1e-12, atol=1e-15)


def test_variance_factor_formulas():
    assert variance_factor("standard", 64) == pytest.approx(1 / 3)
    assert variance_factor("xavier", 64) == pytest.approx(1.0)
    assert variance_factor("he", 64) == pytest.approx(2.0)
    assert variance_factor("he", 10, "relu") == pytest.approx(1.0)
    assert variance_factor("xavier", 10, "relu") == pytest.approx(0.5)
    assert variance_factor("xavier", 10, "sigmoid") == pytest.approx(1 / 16)
    assert mean_squared_derivative("leaky_relu") == pytest.approx((1 + 0.01**2) / 2)


@pytest.mark.parametrize("init", ["standard", "xavier", "he"])
@pytest.mark.parametrize("activation", ["identity", "relu", "leaky_relu"])
def test_measured_variance_factors_agree_with_theory_within_sampling_error(init, activation):
    measured = measured_variance_factors(init, activation, width=64, depth=10, n_samples=256, seed=0)
    assert measured.shape == (10,)
    # Each factor is a ratio of means over 256 x 64 correlated entries: a few percent of noise per
    # layer, less in the geometric mean over ten layers.
    geometric_mean = np.exp(np.mean(np.log(measured)))
    assert geometric_mean == pytest.approx(variance_factor(init, 64, activation), rel=0.08)


def test_weight_variance_overrides_the_scheme_and_is_drawn_with_it():
    net = square_stack("xavier", "identity", width=128, depth=3, seed=0, weight_variance=0.05)
    sample = np.concatenate([W.ravel() for W in net.weights])
    # The sample variance of n normal draws has relative standard error sqrt(2/n), about 0.5% here.
    assert sample.var() == pytest.approx(0.05, rel=0.03)
    measured = measured_variance_factors(width=64, weight_variance=1 / 64)
    assert np.exp(np.mean(np.log(measured))) == pytest.approx(1.0, rel=0.08)


@pytest.mark.parametrize("init", ["standard", "xavier", "he"])
def test_width_times_sample_weight_variance_is_the_identity_factor(init):
    W = initialize_weights(init, 200, 200, seed=1)
    assert 200 * W.var() == pytest.approx(variance_factor(init, 200), rel=0.03)


def test_xavier_relu_signal_dies_and_he_relu_signal_survives():
    xavier = backward_signal_rms("xavier", "relu", width=32, depth=30)
    he = backward_signal_rms("he", "relu", width=32, depth=30)
    assert xavier.shape == he.shape == (31,)
    assert he[-1] == pytest.approx(1.0, rel=0.05) and xavier[-1] == pytest.approx(1.0, rel=0.05)
    assert xavier[0] < 1e-3 < 0.1 < he[0] < 10




# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: derivative_product_bound("swish", 3), ValueError, "activation"),
        (lambda: derivative_product_bound("sigmoid", -1), ValueError, "n_layers"),
        (lambda: backward_signals(MLP([3, 2, 1]), np.ones((2, 3)), np.ones((2, 2))), ValueError, "grad_output"),
        (lambda: variance_factor("he", 0), ValueError, "width"),
        (lambda: measured_variance_factors("he", "relu", weight_variance=0), ValueError, "weight_variance"),
        (lambda: backward_signal_rms("he", "relu", n_samples=0), ValueError, "n_samples"),
        (lambda: backward_signals("net", np.ones((2, 3)), np.ones((2, 1))), TypeError, "mlp"),
        (lambda: backward_signals(MLP([3, 2, 1]), np.ones((2, 4)), np.ones((2, 1))), ValueError, "X"),
        (lambda: square_stack("kaiming"), ValueError, "init"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
