"""numerical_gradient and gradient_check: accuracy, shapes, no side effects, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from backprop import gradient_check, numerical_gradient, relative_error
from backprop.gradcheck import ROUNDING_LEVEL, below_or_value


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, array_shapes(max_dims=3, max_side=4), elements=st.floats(-2, 2)))
def test_gradient_of_a_known_function_for_any_shape(x):
    # f(x) = sum(sin(x) + x^3 / 3) has gradient cos(x) + x^2.
    grad = numerical_gradient(lambda v: np.sum(np.sin(v) + v**3 / 3), x)
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, np.cos(x) + x**2, rtol=1e-6, atol=1e-8)


def test_scalar_input_gives_a_float_and_input_is_untouched():
    assert numerical_gradient(lambda w: w**2, 3.0) == pytest.approx(6.0)
    x = np.array([1.0, 2.0])
    numerical_gradient(lambda v: float(v @ v), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_gradient_check_passes_right_and_catches_wrong_gradients():
    x = np.array([0.3, -1.2, 2.0])
    right = gradient_check(lambda v: np.sum(v**3), x, 3 * x**2)
    wrong = gradient_check(lambda v: np.sum(v**3), x, 3 * x**2 * np.array([1.0, 1.0, 1.01]))
    assert right.passed and right.relative_error < 1e-8
    assert not wrong.passed and wrong.relative_error > 1e-3
    assert str(right).endswith("OK") and str(wrong).endswith("MISMATCH")
    assert str(right) == "relative error below 1e-08 (tolerance 1e-06): OK"
    assert str(wrong).startswith(f"relative error {wrong.relative_error:.1e} ")


def test_rounding_noise_is_reported_as_a_bound_and_real_errors_as_numbers():
    assert below_or_value(5.2e-18, 1e-15) == "below 1e-15"
    assert below_or_value(-5.2e-18, 1e-15) == "below 1e-15"
    assert below_or_value(0.37, 1e-8) == "3.7e-01"
    assert below_or_value(ROUNDING_LEVEL, ROUNDING_LEVEL) == "1.0e-08"
    with pytest.raises(ValueError, match="bound"):
        below_or_value(1.0, 0.0)


def test_relative_error_is_scale_free():
    a = np.array([1.0, 2.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert relative_error(a * 1e-9, a * 1.1e-9) == pytest.approx(relative_error(a, a * 1.1))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: numerical_gradient(3.0, 1.0), TypeError, "f must be a function"),
        (lambda: numerical_gradient(lambda v: v, np.ones(2)), ValueError, "single number"),
        (lambda: numerical_gradient(lambda v: 0.0, np.nan), ValueError, "x must be finite"),
        (lambda: numerical_gradient(lambda v: 0.0, 1.0, eps=0), ValueError, "eps"),
        (lambda: relative_error(np.ones(2), np.ones(3)), ValueError, "one shape"),
        (lambda: gradient_check(lambda v: 0.0, 1.0, 0.0, tolerance=-1), ValueError, "tolerance"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
