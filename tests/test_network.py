"""MLP: shapes, backward against central differences on random networks, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import ACTIVATIONS, INITIALIZERS, MLP, numerical_gradient, squared_error, squared_error_grad

SMOOTH = ["sigmoid", "tanh", "identity"]


def loss_of(net, X, y):
    return squared_error(net.forward(X), y)


def numeric_grads(net, X, y):
    """Central-difference gradients of the loss for every weight and bias of `net`."""
    def perturbed(params, i):
        def f(p):
            saved = params[i].copy()
            params[i][...] = p
            value = loss_of(net, X, y)
            params[i][...] = saved
            return value
        return numerical_gradient(f, params[i])

    return (
        [perturbed(net.weights, i) for i in range(net.n_layers)],
        [perturbed(net.biases, i) for i in range(net.n_layers)],
    )


def assert_backward_matches(net, X, y):
    weight_grads, bias_grads = net.backward(squared_error_grad(net.forward(X), y))
    numeric_w, numeric_b = numeric_grads(net, X, y)
    for analytic, numeric in zip(weight_grads + bias_grads, numeric_w + numeric_b):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
    batch=st.integers(1, 4),
    activation=st.sampled_from(SMOOTH),
    output_activation=st.sampled_from(SMOOTH),
    init=st.sampled_from(INITIALIZERS),
    seed=st.integers(0, 2**31 - 1),
)
def test_random_networks_match_central_differences(sizes, batch, activation, output_activation, init, seed):
    net = MLP(sizes, activation=activation, output_activation=output_activation, init=init, seed=seed)
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(batch, sizes[0])), rng.normal(size=(batch, sizes[-1]))
    for b in net.biases:  # non-zero biases, so that they are exercised too
        b[...] = rng.normal(scale=0.3, size=b.shape)
    assert_backward_matches(net, X, y)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_piecewise_linear_networks_match_central_differences(activation):
    # Seeded so that no net input lies within eps of a kink, where the derivative jumps.
    net = MLP([3, 6, 4, 2], activation=activation, init="he", seed=4)
    X = np.random.default_rng(5).normal(size=(5, 3))
    y = np.random.default_rng(6).normal(size=(5, 2))
    assert_backward_matches(net, X, y)


def test_shapes_and_initial_biases():
    net = MLP([4, 7, 3], seed=0)
    assert [W.shape for W in net.weights] == [(4, 7), (7, 3)]
    assert [b.shape for b in net.biases] == [(7,), (3,)]
    assert all(np.all(b == 0) for b in net.biases)
    out = net.forward(np.ones((5, 4)))
    assert out.shape == (5, 3)
    weight_grads, bias_grads = net.backward(np.ones((5, 3)))
    assert [g.shape for g in weight_grads] == [(4, 7), (7, 3)] and [g.shape for g in bias_grads] == [(7,), (3,)]


def test_forward_computes_the_layer_formula():
    net = MLP([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=2)
    X = np.array([[0.5, -1.0], [2.0, 0.1]])
    hidden = np.tanh(X @ net.weights[0] + net.biases[0])
    expected = 1 / (1 + np.exp(-(hidden @ net.weights[1] + net.biases[1])))
    np.testing.assert_allclose(net.forward(X), expected)


def test_backward_uses_the_weights_of_the_forward_pass():
    net = MLP([2, 3, 1], activation="sigmoid", seed=1)
    X, y = np.array([[1.0, -2.0]]), np.array([[0.3]])
    reference = MLP([2, 3, 1], activation="sigmoid", seed=1)
    expected, _ = reference.backward(squared_error_grad(reference.forward(X), y))
    grad_output = squared_error_grad(net.forward(X), y)
    for W in net.weights:
        W *= 10.0  # an in-place update between forward and backward must not leak in
    weight_grads, _ = net.backward(grad_output)
    for got, want in zip(weight_grads, expected):
        np.testing.assert_array_equal(got, want)


def test_same_seed_same_network():
    a, b = MLP([3, 4, 2], seed=11), MLP([3, 4, 2], seed=11)
    for Wa, Wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(Wa, Wb)


def test_every_activation_and_init_name_is_accepted():
    for activation in ACTIVATIONS:
        for init in INITIALIZERS:
            MLP([2, 2], activation=activation, output_activation=activation, init=init).forward(np.ones((1, 2)))


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: MLP([3]), ValueError, "at least an input and an output"),
        (lambda: MLP(3), TypeError, "sizes"),
        (lambda: MLP([3, 0, 1]), ValueError, r"sizes\[1\]"),
        (lambda: MLP([3, 2.5]), TypeError, r"sizes\[1\]"),
        (lambda: MLP([3, 1], activation="swish"), ValueError, "unknown activation"),
        (lambda: MLP([3, 1], output_activation="softmax"), ValueError, "unknown activation"),
        (lambda: MLP([3, 1], init="orthogonal"), ValueError, "unknown init"),
        (lambda: MLP([3, 1], seed=1.5), TypeError, "seed"),
        (lambda: MLP([3, 1]).forward(np.ones((2, 4))), ValueError, "3 columns"),
        (lambda: MLP([3, 1]).forward(np.ones(3)), ValueError, "2-D"),
        (lambda: MLP([3, 1]).forward(np.array([[1.0, np.nan, 0.0]])), ValueError, "finite"),
        (lambda: MLP([3, 1]).backward(np.ones((1, 1))), ValueError, "forward"),
    ],
)
def test_bad_input_raises_a_clear_error(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_backward_checks_the_gradient_shape_and_edited_parameters():
    net = MLP([3, 2], seed=0)
    net.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match="grad_output must have the output's shape"):
        net.backward(np.ones((4, 3)))
    net.weights[0] = np.ones((2, 2))
    with pytest.raises(ValueError, match="layer 0 parameters"):
        net.forward(np.ones((4, 3)))
