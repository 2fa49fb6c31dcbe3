"""An explorer's controls (`backprop.book.explorer`): a slider over a grid of values, log-spaced or
not, or a choice from a list; each with the key it has in the page's URL and a label in words.

The static view offers exactly a control's grid; the live view a continuous slider over the same
range. `slider` and `select` check their arguments, so a chapter's explorer fails where it is
declared, with a message that names the control.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass

import numpy as np

from ..checks import as_finite_array
from .language import Text, texts

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Control:
    """One control: its URL key, its label, the grid of `values` it offers, their display labels.

    `kind` is "slider" (numbers in order), "log-slider" (positive numbers on a log-spaced grid)
    or "select" (a choice among options). `default` is the index of the starting value. The
    static view offers exactly `values`; the live view offers a continuous slider over the same
    range for numeric kinds.
    """

    key: str
    label: Text | str
    kind: str
    values: tuple
    labels: tuple
    default: int = 0

    @property
    def tokens(self) -> tuple:
        """The values as they are written in a URL."""
        return tuple(f"{v:g}" if isinstance(v, numbers.Real) else str(v) for v in self.values)

    def index(self, value) -> int:
        """The grid index of `value`: exact for a choice, nearest (in log scale if log) for a slider."""
        if self.kind == "select":
            if value not in self.values:
                raise ValueError(f"{self.key} must be one of {list(self.values)}, got {value!r}")
            return self.values.index(value)
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise TypeError(f"{self.key} must be a finite number, got {value!r}")
        grid = np.asarray(self.values, dtype=np.float64)
        if self.kind == "log-slider":
            if value <= 0:
                raise ValueError(f"{self.key} must be positive, got {value}")
            return int(np.argmin(np.abs(np.log(grid) - math.log(value))))
        return int(np.argmin(np.abs(grid - value)))


def as_text(value):
    """A label or sentence: a `Text` (one per language) as it is, anything else as a language-neutral string."""
    return value if isinstance(value, Text) else str(value)


def for_page(value):
    """A text as the page's script reads it: a string if language-neutral, else {language: text}."""
    return texts(value) if isinstance(value, Text) else value


def _check_key(key, what="key"):
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"{what} must be lowercase letters, digits and underscores (a letter first), got {key!r}")
    return key


def slider(key, label, values, default=None, log=False, fmt="{:g}") -> Control:
    """A slider over the increasing numbers `values` (log-spaced ones if `log`), labelled with `fmt`.

    `default` is a value from the grid (or the nearest one); it defaults to the middle value.
    """
    values = as_finite_array(values, "values", ndim=1)
    if values.size < 2 or np.any(np.diff(values) <= 0):
        raise ValueError("values must hold at least two increasing numbers")
    if log and values[0] <= 0:
        raise ValueError("values of a log slider must be positive")
    integers = bool(np.all(values == np.round(values)))
    values = tuple(int(v) for v in values) if integers else tuple(float(v) for v in values)
    control = Control(_check_key(key), as_text(label), "log-slider" if log else "slider", values,
                      tuple(fmt.format(v) for v in values), len(values) // 2)
    if default is not None:
        control = Control(**{**control.__dict__, "default": control.index(default)})
    return control


def select(key, label, options, default=None) -> Control:
    """A choice among `options`, a dict {value: label} in display order (values are strings)."""
    if not isinstance(options, dict) or len(options) < 1:
        raise TypeError("options must be a non-empty dict {value: label}")
    values = tuple(options)
    for value in values:
        _check_key(value, "each option value")
    control = Control(_check_key(key), as_text(label), "select", values, tuple(as_text(v) for v in options.values()), 0)
    if default is not None:
        control = Control(**{**control.__dict__, "default": control.index(default)})
    return control
