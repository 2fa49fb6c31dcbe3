"""Data sets: shapes, reproducibility, the stated structure, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.datasets import load_digits, make_regression, make_spirals


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


# ---------------------------------------------------------------- make_spirals


def test_make_spirals_shapes_labels_and_seed():
    X, y = make_spirals(301, noise=0.05, seed=4, n_classes=3)
    assert X.shape == (301, 2) and y.shape == (301,) and np.issubdtype(y.dtype, np.integer)
    assert sorted(np.bincount(y)) == [100, 100, 101]
    X2, y2 = make_spirals(301, noise=0.05, seed=4, n_classes=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, make_spirals(301, noise=0.05, seed=5, n_classes=3)[0])


def test_make_spirals_without_noise_lie_on_their_arms():
    X, y = make_spirals(400, noise=0, seed=1, turns=1.5)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.max() <= 1.0 + 1e-12 and radius.min() > 0.1
    # On arm c, the angle is 2 pi (turns * r + c / n_classes) modulo 2 pi.
    expected = 2 * np.pi * (1.5 * radius + y / 2)
    angle_error = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - expected)))
    np.testing.assert_allclose(angle_error, 0, atol=1e-9)


def test_make_spirals_are_not_linearly_separable():
    # The best straight line through least squares misclassifies many points.
    X, y = make_spirals(1000, noise=0.0, seed=2)
    features = np.column_stack([X, np.ones(len(X))])
    w, *_ = np.linalg.lstsq(features, 2.0 * y - 1.0, rcond=None)
    assert np.mean((features @ w > 0) == (y == 1)) < 0.8


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_samples": 0}, ValueError, "n_samples"),
        ({"n_samples": 10, "noise": -0.1}, ValueError, "noise"),
        ({"n_samples": 10, "n_classes": 1}, ValueError, "n_classes"),
        ({"n_samples": 10, "turns": 0}, ValueError, "turns"),
        ({"n_samples": 10, "seed": "zero"}, TypeError, "seed"),
        ({"n_samples": 2.5}, TypeError, "n_samples"),
    ],
)
def test_make_spirals_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_spirals(**kwargs)


# ---------------------------------------------------------------- load_digits


def test_load_digits_is_the_uci_test_set():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float64
    assert labels.shape == (1797,) and np.issubdtype(labels.dtype, np.integer)
    assert images.reshape(len(images), -1).shape[1] == 64
    assert images.min() == 0 and images.max() == 16 and np.all(images == np.round(images))
    assert labels.min() == 0 and labels.max() == 9
    np.testing.assert_array_equal(np.bincount(labels), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    # The first image is a 0 (its pixels as in the source file), and every image has ink in it.
    assert labels[0] == 0
    np.testing.assert_array_equal(images[0, 1], [0, 0, 13, 15, 10, 15, 5, 0])
    assert np.all(images.reshape(len(images), -1).sum(axis=1) > 0)


def test_load_digits_returns_fresh_arrays():
    images, labels = load_digits()
    images[:] = -1
    labels[:] = -1
    again, again_labels = load_digits()
    assert again.min() == 0 and again_labels.min() == 0


def test_digits_ship_with_their_attribution(root):
    readme = (root / "lib" / "backprop" / "data" / "README-digits.md").read_text(encoding="utf-8")
    for needle in ("Alpaydin", "Kaynak", "10.24432/C50P49", "CC BY 4.0"):
        assert needle in readme
    assert (root / "lib" / "backprop" / "data" / "digits.npz").stat().st_size < 100_000
