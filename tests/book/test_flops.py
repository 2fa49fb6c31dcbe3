"""flops: the least-squares solvers of chapter 2 and the floating-point operations they count."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import make_regression
from backprop.book.flops import (
    OperationCounter,
    descent_flops,
    least_squares_descent,
    least_squares_flops,
    regression_arrays,
    solve_normal_equations,
)

# ---------------------------------------------------------------- counted costs


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 30), d=st.integers(1, 8), steps=st.integers(0, 4), seed=st.integers(0, 100))
def test_counted_flops_equal_the_formulas(n, d, steps, seed):
    X = np.random.default_rng(seed).normal(size=(n + d, d))  # n + d rows: full column rank
    y = np.random.default_rng(seed + 1).normal(size=n + d)
    closed, iterative = OperationCounter(), OperationCounter()
    solve_normal_equations(X, y, closed)
    least_squares_descent(X, y, 0.1, steps, iterative)
    assert closed.flops == least_squares_flops(n + d, d)
    assert iterative.flops == descent_flops(n + d, d, steps)


def test_small_counts_by_hand():
    # d = 1: X^T X and X^T y are dot products (2n - 1 each), then one square root, two divisions.
    assert least_squares_flops(5, 1) == 9 + 9 + 1 + 2
    assert descent_flops(5, 1, 1) == 4 * 5 + 1
    assert descent_flops(5, 1, 0) == 0
    ops = OperationCounter()
    ops.matmul(np.ones((2, 3)), np.ones((3, 4)))
    assert ops.flops == 2 * 4 * 5 and "flops=40" in repr(ops)


def test_both_solvers_find_the_least_squares_weights():
    X, y, _, _ = make_regression(400, 6, noise=0.3, seed=1)
    reference = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(solve_normal_equations(X, y), reference, rtol=1e-9)
    np.testing.assert_allclose(least_squares_descent(X, y, 0.5, 200).w, reference, rtol=1e-6)


def test_the_closed_form_grows_like_n_d_squared_and_descent_like_n_d():
    n = 100_000
    assert least_squares_flops(n, 1000) / (2 * n * 1000**2 + 1000**3 / 3) == pytest.approx(1.0, rel=1e-2)
    assert descent_flops(n, 1000, 10) / descent_flops(n, 100, 10) == pytest.approx(10.0, rel=1e-3)
    assert least_squares_flops(n, 1000) / least_squares_flops(n, 100) > 90


def test_regression_arrays_checks_and_converts_x_and_y():
    X, y = regression_arrays([[1, 2], [3, 4]], [1, 2])
    assert X.dtype == y.dtype == np.float64 and X.shape == (2, 2) and y.shape == (2,)
    with pytest.raises(ValueError, match="y must be a 1-D array"):
        regression_arrays(np.eye(2), np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"y must have one entry per row of X \(2\), got 3"):
        regression_arrays(np.eye(2), np.ones(3))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: solve_normal_equations(np.ones((5, 2)), np.ones(5)), ValueError, "full column rank"),
        (lambda: solve_normal_equations(np.ones((2, 3)), np.ones(2)), ValueError, "full column rank"),
        (lambda: solve_normal_equations(np.ones(5), np.ones(5)), ValueError, "X must be a 2-D"),
        (lambda: solve_normal_equations(np.eye(3), np.ones(4)), ValueError, "one entry per row"),
        (lambda: solve_normal_equations(np.eye(3), np.ones(3), counter=0), TypeError, "counter"),
        (lambda: least_squares_descent(np.eye(3), np.ones(3), 0.0, 5), ValueError, "learning_rate"),
        (lambda: least_squares_descent(np.eye(3), np.ones(3), 0.1, -2), ValueError, "steps"),
        (lambda: least_squares_flops(0, 3), ValueError, "n_samples"),
        (lambda: descent_flops(3, 3, 1.5), TypeError, "steps"),
    ],
)
def test_cost_functions_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_least_squares_descent_that_blows_up_stops_and_says_so():
    # Regression: least_squares_descent(X, y, 5, 200) silently returned weights of 3e147
    # (and nan with three RuntimeWarnings at a learning rate of 50).
    X, y, _, _ = make_regression(100, 5, seed=0)
    for rate in (5.0, 50.0):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            run = least_squares_descent(X, y, rate, 200)
        assert run.diverged and len(run.path) < 201 and np.all(np.isfinite(run.path))
    assert not least_squares_descent(X, y, 0.5, 200).diverged


@pytest.mark.parametrize("A, B, match", [
    (np.ones((4, 2, 3)), np.ones((4, 3, 5)), "vectors and matrices only"),  # was: counted 5 flops, not 200
    (np.float64(2.0), np.ones(3), "vectors and matrices only"),              # was: IndexError
    (np.ones((2, 3)), np.ones((2, 3)), "must match"),
    (None, np.ones(3), "A must be a number"),
])
def test_operation_counter_matmul_refuses_what_it_cannot_count(A, B, match):
    counter = OperationCounter()
    with pytest.raises((ValueError, TypeError), match=match):
        counter.matmul(A, B)
    assert counter.flops == 0
