"""Losses: values, gradients against central differences, stability and bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import (
    numerical_gradient,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
    squared_error,
    squared_error_grad,
)


def test_squared_error_value():
    y_hat = np.array([[1.0, 2.0], [0.0, 0.0]])
    y = np.array([[0.0, 2.0], [1.0, 1.0]])
    assert squared_error(y_hat, y) == pytest.approx(0.5 * (1 + 0 + 1 + 1) / 2)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_squared_error_grad_matches_central_differences(batch, outputs, seed):
    rng = np.random.default_rng(seed)
    y_hat, y = rng.normal(size=(batch, outputs)), rng.normal(size=(batch, outputs))
    numeric = numerical_gradient(lambda p: squared_error(p, y), y_hat)
    np.testing.assert_allclose(squared_error_grad(y_hat, y), numeric, rtol=1e-6, atol=1e-9)


EPS = 1e-6


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5), st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_cross_entropy_grad_matches_central_differences(batch, classes, seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=3.0, size=(batch, classes))
    labels = rng.integers(0, classes, size=batch)
    numeric = numerical_gradient(lambda z: softmax_cross_entropy(z, labels), logits, eps=EPS)
    # A central difference carries round-off of about (machine epsilon * |L|) / eps, whatever the
    # gradient's size: a tiny entry (a class the logits all but rule out) is only known to that bound.
    round_off = 10 * np.finfo(float).eps * max(1.0, softmax_cross_entropy(logits, labels)) / EPS
    np.testing.assert_allclose(softmax_cross_entropy_grad(logits, labels), numeric, rtol=1e-5, atol=round_off)


def test_cross_entropy_value_for_uniform_logits():
    assert softmax_cross_entropy(np.zeros((3, 4)), np.array([0, 1, 3])) == pytest.approx(np.log(4))


def test_softmax_rows_sum_to_one_and_large_logits_do_not_overflow():
    logits = np.array([[1000.0, 0.0, -1000.0], [1e300, 1e300, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax(logits)
        loss = softmax_cross_entropy(logits, np.array([2, 0]))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[1], [0.5, 0.5, 0.0])
    assert np.isfinite(loss) and loss == pytest.approx((2000.0 + np.log(2)) / 2)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: squared_error(np.zeros((2, 3)), np.zeros((2, 2))), ValueError, "shape"),
        (lambda: squared_error(np.zeros(3), np.zeros(3)), ValueError, "2-D"),
        (lambda: squared_error(np.array([[np.nan]]), np.zeros((1, 1))), ValueError, "finite"),
        (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3])), ValueError, "labels must lie"),
        (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0, -1])), ValueError, "labels must lie"),
        (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0])), TypeError, "integers"),
        (lambda: softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2])), ValueError, "shape"),
        (lambda: softmax_cross_entropy_grad(np.zeros((2, 3)), np.array([0, 5])), ValueError, "labels"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_labels_that_do_not_fit_the_logits_are_named_with_the_logits():
    # Found by tests/test_bad_input.py's generated arrays: one class and two labels blamed the labels alone.
    with pytest.raises(ValueError, match="one per row of logits"):
        softmax_cross_entropy(np.array([[1.0]]), np.array([0, 1]))
    with pytest.raises(ValueError, match="one per column of logits"):
        softmax_cross_entropy_grad(np.array([[1.0, 2.0]]), np.array([2]))
