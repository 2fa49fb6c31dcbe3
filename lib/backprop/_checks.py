"""Argument checks shared by the library, so every bad input fails with a message that names it."""

from __future__ import annotations

import math
import numbers

import numpy as np


def as_finite_array(value, name: str, ndim: int | None = None) -> np.ndarray:
    """Return `value` as a float64 array, raising if it is not numeric, not finite or has the wrong ndim."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a number or an array of numbers, got {type(value).__name__}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a number or an array of numbers, got {type(value).__name__}") from exc
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return array


def positive_finite(value, name: str) -> float:
    """Return `value` as a float, raising unless it is a real number with 0 < value < inf."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive real number, got {type(value).__name__}")
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return value


def count(value, name: str, minimum: int = 0) -> int:
    """Return `value` as an int, raising unless it is a whole number >= `minimum`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def choice(value, name: str, options) -> str:
    """Return `value` if it is one of `options` (strings), else raise naming the valid ones."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(options)}, got {type(value).__name__}")
    if value not in options:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(options)}")
    return value


def rng_from(seed) -> np.random.Generator:
    """A numpy Generator from an int seed or an existing Generator (used as is, never reseeded)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer or a numpy Generator, got {type(seed).__name__}")
    return np.random.default_rng(int(seed))
