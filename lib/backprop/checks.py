"""Argument checks, so every bad input fails with a message in words that names it.

Public, for code built on the engine: the book's helpers check their arguments with these too.

Each check names the argument, says what was expected and what was given, and raises
`TypeError` for the wrong kind of thing (None, a string, an object or complex array) or
`ValueError` for the right kind with a wrong value (NaN, a wrong shape, an empty batch, a
negative seed). Lists of numbers are accepted wherever an array is, and integers become floats.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

_NUMERIC_KINDS = "fiu"  # float, signed and unsigned integer dtypes; not bool, complex, object, str


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return type(value).__name__


def numeric_array(value, name: str, what: str = "a number or an array of numbers") -> np.ndarray:
    """`value` as a numpy array of real numbers in its own dtype (integers stay integers), all finite.

    Refuses None, strings, ragged lists and arrays of bools, complex numbers, strings or objects.
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be {what}, got {_describe(value)}")
    if isinstance(value, np.ndarray):
        array = value
    else:
        try:
            array = np.asarray(value)
        except ValueError as exc:  # a ragged nested list
            raise ValueError(f"{name} must be a rectangular array of numbers; its rows differ in length") from exc
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name} must hold real numbers, got {_describe(array)}")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return array


def class_labels(labels, name: str, n_classes: int | None = None) -> np.ndarray:
    """Integer class labels of shape (n,), in 0..n_classes-1 when `n_classes` is given."""
    labels = numeric_array(labels, name, "an array of class indices")
    if labels.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class indices, got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"{name} must be integers (class indices), got dtype {labels.dtype}")
    if n_classes is not None and labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"{name} must lie in 0..{n_classes - 1}, got values from {labels.min()} to {labels.max()}")
    return labels


def as_finite_array(value, name: str, ndim: int | None = None, *, nonempty: bool = False) -> np.ndarray:
    """`value` as a float64 array, raising unless it is numbers, all finite, with `ndim` dimensions.

    Returns a new array whenever `value` is not already a float64 array; callers that keep the
    result, or return it, copy it. With `nonempty`, an array with no entries is refused.
    """
    given = numeric_array(value, name)  # finite, if it holds floats
    array = np.asarray(given, dtype=np.float64)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {array.shape}")
    if nonempty and array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    # Integers are finite as float64 too; only floats wider than float64 can overflow on the way.
    if given.dtype.itemsize > 8 and given.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return array


def batch(value, name: str, width: int | None = None) -> np.ndarray:
    """A (batch, features) float array with at least one row (and `width` columns, if given)."""
    array = as_finite_array(value, name, ndim=2)
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one example (row), got shape {array.shape}")
    if width is not None and array.shape[1] != width:
        raise ValueError(f"{name} must have {width} columns, got shape {array.shape}")
    return array


def real(value, name: str) -> float:
    """`value` as a float, raising unless it is a finite real number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def fraction(value, name: str) -> float:
    """`value` as a float, raising unless it is a real number from 0 up to (not including) 1: a decay
    rate such as momentum or one of Adam's betas."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number from 0 up to (not including) 1, got {_describe(value)}")
    value = float(value)
    if not (math.isfinite(value) and 0 <= value < 1):
        raise ValueError(f"{name} must be from 0 up to (not including) 1, got {value}")
    return value


def positive_finite(value, name: str) -> float:
    """Return `value` as a float, raising unless it is a real number with 0 < value < inf."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive real number, got {_describe(value)}")
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return value


def nonnegative_finite(value, name: str) -> float:
    """Return `value` as a float, raising unless it is a real number with 0 <= value < inf."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, 0 or more, got {_describe(value)}")
    value = float(value)
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number, 0 or more, got {value}")
    return value


def count(value, name: str, minimum: int = 0) -> int:
    """Return `value` as an int, raising unless it is a whole number >= `minimum`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def choice(value, name: str, options) -> str:
    """Return `value` if it is one of `options` (strings), else raise naming the valid ones."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(options)}, got {_describe(value)}")
    if value not in options:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(options)}")
    return value


def function(value, name: str):
    """Return `value` if it can be called, else raise naming it."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {_describe(value)}")
    return value


def rng_from(seed, name: str = "seed") -> np.random.Generator:
    """A numpy Generator from a non-negative int seed or an existing Generator (used as is, never reseeded)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name} must be a non-negative integer or a numpy Generator, got {_describe(seed)}")
    if seed < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {seed}")
    return np.random.default_rng(int(seed))
