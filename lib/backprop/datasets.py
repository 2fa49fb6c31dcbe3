"""Data sets the chapters train on, generated from a seed or loaded from files shipped with the book."""

from __future__ import annotations

from ._checks import count, positive_finite, rng_from


def make_regression(n_samples, n_features, noise=0.1, seed=0):
    """A linear regression problem ``y = X @ w_true + b_true + noise``.

    Returns ``(X, y, w_true, b_true)`` with X of shape (n_samples, n_features) drawn from a standard
    normal, y of shape (n_samples,), w_true of shape (n_features,) and the float b_true. `noise` is
    the standard deviation of the Gaussian noise added to y (0 gives an exact fit).
    """
    n_samples = count(n_samples, "n_samples", minimum=1)
    n_features = count(n_features, "n_features", minimum=1)
    if noise != 0:
        noise = positive_finite(noise, "noise")
    rng = rng_from(seed)
    X = rng.normal(size=(n_samples, n_features))
    w_true = rng.normal(size=n_features)
    b_true = float(rng.normal())
    y = X @ w_true + b_true + noise * rng.normal(size=n_samples)
    return X, y, w_true, b_true
