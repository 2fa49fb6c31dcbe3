"""gradient_descent, sgd_update, and the update rules SGD (momentum) and Adam: iterates, convergence,
early stop on blow-up, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import SGD, Adam, gradient_descent, minimize, sgd_update
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


# The update rules, against steps computed by hand from PyTorch's documented algorithms
# (torch.optim.SGD with momentum, dampening=0, nesterov=False; torch.optim.Adam).


def test_sgd_momentum_follows_the_heavy_ball_by_hand():
    # f(w) = w², grad 2w, from w = 1 with η = 0.1, β = 0.5:
    # v1 = 2, w1 = 0.8; v2 = 0.5·2 + 1.6 = 2.6, w2 = 0.54; v3 = 1.3 + 1.08 = 2.38, w3 = 0.302.
    path = gradient_descent(lambda w: 2 * w, 1.0, 0.1, 3, momentum=0.5).path
    np.testing.assert_allclose(path, [1.0, 0.8, 0.54, 0.302], rtol=1e-14)


def test_sgd_without_momentum_is_plain_gradient_descent_bit_for_bit():
    grad = lambda w: np.array([2.0, 20.0]) * w  # noqa: E731
    plain = gradient_descent(grad, np.array([1.0, 1.0]), 0.05, 20).path
    rule = minimize(grad, np.array([1.0, 1.0]), SGD(0.05), 20).path
    assert np.array_equal(plain, rule)
    w = np.array([1.0, 1.0])
    for _ in range(20):
        w = w - 0.05 * grad(w)
    assert np.array_equal(plain[-1], w)


def test_adam_follows_its_bias_corrected_update_by_hand():
    # One coordinate, gradient 2w, η = 0.1, β = (0.9, 0.999), eps = 1e-8.
    w, m, v, path = 1.0, 0.0, 0.0, [1.0]
    for t in (1, 2, 3):
        g = 2 * w
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w = w - 0.1 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        path.append(w)
    run = minimize(lambda w: 2 * w, 1.0, Adam(0.1), 3)
    np.testing.assert_allclose(run.path, path, rtol=1e-14)
    # The first step moves by the learning rate whatever the gradient's scale: m̂ / √v̂ = ±1.
    first = minimize(lambda w: np.array([1e-2, -1e2]) * w, np.array([1.0, 1.0]), Adam(0.01), 1).path[1]
    np.testing.assert_allclose(first, [0.99, 1.01], rtol=0, atol=2e-8)  # eps/|g| = 1e-6 shifts it by 1e-8


def test_the_rules_keep_state_per_array_and_reset_forgets_it():
    p, q = np.array([1.0]), np.array([2.0, 3.0])
    rule = SGD(0.1, momentum=0.9)
    rule.step([p, q], [np.array([1.0]), np.array([1.0, 2.0])])
    rule.step([p, q], [np.array([1.0]), np.array([1.0, 2.0])])
    # v = 1 then 0.9 + 1 = 1.9: p moved by 0.1 and 0.19, each coordinate by its own velocity.
    np.testing.assert_allclose(p, [1.0 - 0.29])
    np.testing.assert_allclose(q, [2.0 - 0.29, 3.0 - 0.58])
    assert rule.updates == 2
    with pytest.raises(ValueError, match="reset"):
        rule.step([np.ones(3)], [np.ones(3)])
    rule.reset()
    r = np.array([0.0, 0.0, 0.0])
    rule.step([r], [np.ones(3)])
    np.testing.assert_allclose(r, [-0.1] * 3)  # a fresh velocity: v = g


def test_a_bad_argument_to_step_leaves_parameters_and_state_alone():
    p = np.array([1.0, 2.0])
    rule = Adam(0.1)
    rule.step([p], [np.ones(2)])
    before, state = p.copy(), [a.copy() for a in rule._state[0]]
    with pytest.raises(ValueError, match="gradients"):
        rule.step([p], [np.array([1.0, np.nan])])
    assert np.array_equal(p, before) and np.array_equal(rule._state[0][0], state[0]) and rule.updates == 1


def test_a_schedule_sets_each_updates_learning_rate():
    rates = []
    schedule = lambda t: rates.append(t) or 1.0 / t  # noqa: E731
    path = minimize(lambda w: np.ones_like(w), 0.0, SGD(schedule), 4).path
    assert rates == [1, 2, 3, 4]
    np.testing.assert_allclose(path, [0.0, -1.0, -1.5, -1.0 - 0.5 - 1 / 3, -1.0 - 0.5 - 1 / 3 - 0.25])
    with pytest.raises(ValueError, match="update 3.*returned -1"):
        minimize(lambda w: w, 1.0, SGD(lambda t: 1.0 if t < 3 else -1.0), 5)
    with pytest.raises(ValueError, match="learning_rate schedule failed at update 1: boom"):
        minimize(lambda w: w, 1.0, SGD(lambda t: (_ for _ in ()).throw(RuntimeError("boom"))), 5)


def test_momentum_reaches_the_square_root_rate_on_an_ill_conditioned_quadratic():
    # f(w) = (w1² + κ w2²)/2. Plain gradient descent at its best step 2/(1 + κ) contracts by
    # (κ-1)/(κ+1); the heavy ball at Polyak's optimal η and β by (√κ-1)/(√κ+1) (Polyak, 1964).
    kappa = 100.0
    grad = lambda w: np.array([1.0, kappa]) * w  # noqa: E731
    w0 = np.array([1.0, 1.0])
    best_plain = gradient_descent(grad, w0, 2 / (1 + kappa), 300).path
    root = np.sqrt(kappa)
    beta = ((root - 1) / (root + 1)) ** 2
    eta = (2 / (1 + root)) ** 2  # Polyak's heavy ball, velocity without the factor η (torch's form)
    heavy = gradient_descent(grad, w0, eta, 300, momentum=beta).path
    plain_rate = (np.linalg.norm(best_plain[300]) / np.linalg.norm(best_plain[200])) ** (1 / 100)
    heavy_rate = (np.linalg.norm(heavy[300]) / np.linalg.norm(heavy[200])) ** (1 / 100)
    assert plain_rate == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-3)
    assert heavy_rate == pytest.approx((root - 1) / (root + 1), rel=0.05)  # a double root: slightly slower


@pytest.mark.parametrize("kwargs, error, match", [
    ({"momentum": 1.0}, ValueError, "momentum must be from 0"),
    ({"momentum": -0.1}, ValueError, "momentum"),
    ({"momentum": "0.9"}, TypeError, "momentum"),
])
def test_momentum_outside_zero_to_one_is_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        SGD(0.1, **kwargs)
    with pytest.raises(error, match=match):
        gradient_descent(lambda w: w, 1.0, 0.1, 3, **kwargs)


def test_minimize_refuses_what_is_not_an_update_rule():
    with pytest.raises(TypeError, match="optimizer must be a backprop SGD or Adam"):
        minimize(lambda w: w, 1.0, 0.1, 3)
