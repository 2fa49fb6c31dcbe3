"""Activations: derivatives against central differences, stability, and lookup by name."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from backprop import ACTIVATIONS, get_activation, numerical_gradient, sigmoid, sigmoid_grad, tanh_grad

# Points away from the kinks of relu and leaky_relu at 0, where the derivative is not defined.
POINTS = np.array([-4.0, -1.3, -0.2, 0.3, 1.1, 5.0])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_central_differences(name):
    activation = get_activation(name)
    numeric = np.array([numerical_gradient(lambda z: float(activation.function(z)), z) for z in POINTS])
    np.testing.assert_allclose(activation.derivative(POINTS), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_large_inputs_stay_finite_without_warnings(name):
    activation = get_activation(name)
    z = np.array([-1e308, -800.0, 0.0, 800.0, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, grad = activation.function(z), activation.derivative(z)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(grad))


def test_sigmoid_values_and_its_derivative_peak():
    np.testing.assert_allclose(sigmoid(np.array([0.0, 2.0])), [0.5, 1 / (1 + np.exp(-2.0))])
    assert sigmoid(-800.0) == 0.0 and sigmoid(800.0) == 1.0
    assert sigmoid_grad(0.0) == 0.25 and tanh_grad(0.0) == 1.0


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-50, 50)))
def test_derivative_bounds(z):
    assert np.all(sigmoid_grad(z) <= 0.25) and np.all(sigmoid_grad(z) >= 0)
    assert np.all(tanh_grad(z) <= 1.0) and np.all(tanh_grad(z) >= 0)


def test_shapes_are_kept():
    z = np.linspace(-2, 2, 12).reshape(3, 4)
    for activation in ACTIVATIONS.values():
        assert activation.function(z).shape == z.shape == activation.derivative(z).shape


@pytest.mark.parametrize("name, error", [("softplus", ValueError), ("ReLU", ValueError), (None, TypeError)])
def test_unknown_activation_names_the_known_ones(name, error):
    with pytest.raises(error, match="activation"):
        get_activation(name)
