"""Data sets the chapters train on, generated from a seed or loaded from files shipped with the book."""

from __future__ import annotations

from importlib import resources

import numpy as np

from .checks import count, positive_finite, real, rng_from


def _noise(noise) -> float:
    noise = real(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation: it must be at least 0, got {noise}")
    return noise


def make_regression(n_samples, n_features, noise=0.1, seed=0):
    """A linear regression problem ``y = X @ w_true + b_true + noise``.

    Returns ``(X, y, w_true, b_true)`` with X of shape (n_samples, n_features) drawn from a standard
    normal, y of shape (n_samples,), w_true of shape (n_features,) and the float b_true. `noise` is
    the standard deviation of the Gaussian noise added to y (0 gives an exact fit).
    """
    n_samples = count(n_samples, "n_samples", minimum=1)
    n_features = count(n_features, "n_features", minimum=1)
    noise = _noise(noise)
    rng = rng_from(seed)
    X = rng.normal(size=(n_samples, n_features))
    w_true = rng.normal(size=n_features)
    b_true = float(rng.normal())
    y = X @ w_true + b_true + noise * rng.normal(size=n_samples)
    return X, y, w_true, b_true


def make_spirals(n_samples, noise=0.1, seed=0, n_classes=2, turns=1.0):
    """Points on `n_classes` interleaved spiral arms in the plane: a problem no straight line separates.

    Arm c starts near the origin and winds `turns` times around it, rotated by 2*pi*c/n_classes
    from arm 0; `noise` is the standard deviation of Gaussian noise added to each coordinate.
    Returns ``(X, y)``: X of shape (n_samples, 2), roughly inside [-1, 1]^2, and integer labels
    y of shape (n_samples,) in 0..n_classes-1, in random order. Classes differ in size by at
    most one point.
    """
    n_samples = count(n_samples, "n_samples", minimum=1)
    n_classes = count(n_classes, "n_classes", minimum=2)
    if n_classes > n_samples:
        raise ValueError(f"n_classes ({n_classes}) cannot exceed n_samples ({n_samples}): every class needs at "
                         f"least one point")
    turns = positive_finite(turns, "turns")
    noise = _noise(noise)
    rng = rng_from(seed)
    y = np.arange(n_samples) % n_classes
    # Radius grows from near 0 to 1 along each arm; sqrt spreads points evenly along its length.
    radius = np.sqrt(rng.uniform(0.02, 1.0, size=n_samples))
    angle = 2.0 * np.pi * (turns * radius + y / n_classes)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    X += noise * rng.normal(size=X.shape)
    order = rng.permutation(n_samples)
    return X[order], y[order]


DIGITS_FILE = "digits.npz"
"""The handwritten digits, shipped in ``backprop/data`` with their attribution (README-digits.md)."""


def load_digits():
    """The UCI handwritten digits: 1,797 images of 8x8 pixels, each a digit 0..9 written by hand.

    Returns ``(images, labels)``: images of shape (1797, 8, 8), float64 pixel values 0..16 (the
    number of "on" pixels in each 4x4 block of a 32x32 bitmap), and integer labels of shape
    (1797,). Reshape to (1797, 64) for a network's input. The data ship with the library, so
    nothing is downloaded (source and CC BY 4.0 licence: ``backprop/data/README-digits.md``).
    """
    with resources.files(__package__).joinpath("data", DIGITS_FILE).open("rb") as file:
        with np.load(file, allow_pickle=False) as archive:
            images, labels = archive["images"], archive["labels"]
    if images.shape != (1797, 8, 8) or labels.shape != (1797,):
        raise ValueError(f"{DIGITS_FILE} is damaged: expected 1797 8x8 images, got {images.shape}, {labels.shape}")
    if images.max() > 16 or labels.max() > 9:
        raise ValueError(f"{DIGITS_FILE} is damaged: pixels must lie in 0..16 and labels in 0..9")
    return images.astype(np.float64), labels.astype(np.int64)
