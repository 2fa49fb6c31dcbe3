"""Data sets: shapes, reproducibility, the stated structure, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.datasets import make_regression


def test_make_regression_shapes_and_seed():
    X, y, w, b = make_regression(200, 3, noise=0.5, seed=1)
    assert X.shape == (200, 3) and y.shape == (200,) and w.shape == (3,) and isinstance(b, float)
    X2, y2, _, _ = make_regression(200, 3, noise=0.5, seed=1)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_make_regression_is_linear_plus_noise_of_the_stated_size():
    X, y, w, b = make_regression(5000, 4, noise=0.3, seed=2)
    residual = y - (X @ w + b)
    assert residual.std() == pytest.approx(0.3, rel=0.05)
    X, y, w, b = make_regression(50, 2, noise=0, seed=3)
    np.testing.assert_allclose(y, X @ w + b)


@pytest.mark.parametrize(
    "args, error, match",
    [((0, 2), ValueError, "n_samples"), ((10, 0), ValueError, "n_features"), ((10, 2, -1.0), ValueError, "noise")],
)
def test_make_regression_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        make_regression(*args)
