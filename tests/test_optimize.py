"""gradient_descent and sgd_update: iterates, convergence, early stop on blow-up, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import gradient_descent, sgd_update
from backprop.optimize import BLOW_UP, Descent


def gradient_descent_path(*args, **kwargs):
    return gradient_descent(*args, **kwargs).path


def test_iterates_follow_the_update_rule():
    path = gradient_descent_path(lambda w: 2 * w, 1.0, learning_rate=0.1, steps=3)
    np.testing.assert_allclose(path, [1.0, 0.8, 0.64, 0.512])


@settings(max_examples=50, deadline=None)
@given(a=st.floats(0.1, 10.0), fraction=st.floats(0.05, 0.95))
def test_quadratic_converges_below_two_over_a(a, fraction):
    # For f(w) = a w^2 / 2 each step multiplies w by (1 - eta a): it shrinks iff 0 < eta < 2/a.
    path = gradient_descent_path(lambda w: a * w, 1.0, learning_rate=fraction * 2 / a, steps=400)
    assert abs(path[-1]) < 1e-6


def test_one_step_at_eta_one_over_a():
    path = gradient_descent_path(lambda w: 4.0 * w, 3.0, learning_rate=0.25, steps=1)
    assert path[-1] == 0.0


def test_arrays_of_any_shape():
    w0 = np.ones((2, 3))
    path = gradient_descent_path(lambda w: w, w0, learning_rate=0.5, steps=4)
    assert path.shape == (5, 2, 3)
    np.testing.assert_allclose(path[-1], w0 / 16)
    np.testing.assert_array_equal(w0, np.ones((2, 3)))  # the caller's array is untouched


def test_divergence_stops_early_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = gradient_descent_path(lambda w: 3.0 * w**3, 1.0, learning_rate=1.0, steps=1000)
    assert len(path) < 1001
    assert np.all(np.isfinite(path))
    assert abs(path[-1]) > BLOW_UP or not np.isfinite(3.0 * path[-1] ** 3 * 1.0)


def test_divergence_on_a_quadratic_returns_the_growing_iterates_and_says_so():
    run = gradient_descent(lambda w: w, 1.0, learning_rate=3.0, steps=200)
    assert isinstance(run, Descent) and run.diverged
    assert 2 < len(run.path) < 201 and abs(run.w) > BLOW_UP
    np.testing.assert_allclose(run.path[:4], [1.0, -2.0, 4.0, -8.0])
    converged = gradient_descent(lambda w: w, 1.0, learning_rate=0.5, steps=20)
    assert not converged.diverged and len(converged.path) == 21


def test_a_gradient_that_is_not_numbers_is_an_error_not_a_divergence():
    # Regression: gradient_descent(lambda w: None, 1.0, 0.1, 10) returned array([1.]) as if it had blown up.
    with pytest.raises(TypeError, match=r"grad\(w\) must return numbers.*NoneType"):
        gradient_descent(lambda w: None, 1.0, 0.1, 10)
    with pytest.raises(TypeError, match="real numbers"):
        gradient_descent(lambda w: np.array(["1"]), [1.0], 0.1, 10)
    with pytest.raises(TypeError, match="real numbers"):
        gradient_descent(lambda w: w + 1j, 1.0, 0.1, 10)


def test_zero_steps_returns_only_the_start():
    np.testing.assert_array_equal(gradient_descent(lambda w: w, [1.0, 2.0], 0.1, 0).path, [[1.0, 2.0]])


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a positive finite"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"learning_rate": float("inf")}, ValueError, "learning_rate"),
        ({"learning_rate": "0.1"}, TypeError, "learning_rate"),
        ({"steps": -1}, ValueError, "steps must be at least 0"),
        ({"steps": 2.5}, TypeError, "steps must be an integer"),
        ({"w0": float("nan")}, ValueError, "w0 must be finite"),
        ({"w0": "one"}, TypeError, "w0"),
        ({"grad": 3.0}, TypeError, "grad must be a function"),
        ({"grad": lambda w: np.ones(3)}, ValueError, "shape of w0"),
    ],
)
def test_bad_input_raises_a_clear_error(kwargs, error, match):
    args = {"grad": lambda w: w, "w0": 1.0, "learning_rate": 0.1, "steps": 5} | kwargs
    with pytest.raises(error, match=match):
        gradient_descent(**args)


def test_sgd_update_moves_parameters_in_place():
    params = [np.ones((2, 2)), np.zeros(2)]
    first = params[0]
    sgd_update(params, [np.full((2, 2), 2.0), np.array([1.0, -1.0])], learning_rate=0.5)
    assert params[0] is first
    np.testing.assert_allclose(params[0], 0.0)
    np.testing.assert_allclose(params[1], [-0.5, 0.5])


@pytest.mark.parametrize(
    "grads, rate, error, match",
    [
        ([np.ones(2)], 0.1, ValueError, "parameters holds 2 arrays but gradients 1"),
        ([np.ones(3), np.ones(2)], 0.1, ValueError, r"gradients\[0\] must have shape"),
        ([np.ones(2), np.array([np.inf, 0.0])], 0.1, ValueError, "finite"),
        ([np.ones(2), np.ones(2)], 0, ValueError, "learning_rate"),
    ],
)
def test_sgd_update_bad_input(grads, rate, error, match):
    params = [np.zeros(2), np.zeros(2)]
    with pytest.raises(error, match=match):
        sgd_update(params, grads, rate)
    assert all(np.array_equal(p, np.zeros(2)) for p in params)  # nothing moved before the error


@pytest.mark.parametrize("params, match", [
    ([1.0, 2.0], r"parameters\[0\] must be a float numpy array"),          # was: returned, changed nothing
    ([[1.0, 2.0], [3.0]], r"parameters\[0\] must be a float numpy array"),  # nested lists too
    ([np.array([1, 2, 3])], r"parameters\[0\] must be a float numpy array.*int"),  # was: UFuncTypeError
    (np.zeros(2), "parameters must be a list of arrays"),
])
def test_sgd_update_refuses_parameters_it_cannot_update_in_place(params, match):
    gradients = [0.5, 0.5] if isinstance(params, list) and len(params) == 2 else [np.ones(3)]
    with pytest.raises(TypeError, match=match):
        sgd_update(params, gradients if not isinstance(params, np.ndarray) else [0.5, 0.5], 0.1)
