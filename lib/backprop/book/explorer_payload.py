"""How an explorer's frames travel to the page: compact JSON for the kernel-free view.

Every number is stored as a whole multiple of its axis's quantum (a power of ten near 1/1000 of
the axis span, of its log10 span on a log axis), so the JSON holds short integers and nothing
the view cannot show; a series (first entry, then differences) is stored once per view and
referred to by index. `explorer.StaticExplorer.payload` documents the layout, and
``static/explorer.js`` decodes it.
"""

from __future__ import annotations

import json
import math

import numpy as np


def automatic_ticks(lo, hi, scale):
    from matplotlib.ticker import LogLocator, MaxNLocator

    locator = LogLocator(numticks=6) if scale == "log" else MaxNLocator(nbins=5, steps=[1, 2, 5, 10])
    found = [t for t in locator.tick_values(lo, hi) if lo - 1e-9 * abs(hi - lo) <= t <= hi + 1e-9 * abs(hi - lo)]
    return [[rounded(t, 12), f"{t:g}"] for t in found]


def rounded(x, digits):
    return float(f"{x:.{digits}g}")


def quantum(lim, scale) -> float:
    """The rounding step of an axis: a power of ten near 1/1000 of its span (log10 span on a log axis)."""
    low, high = (math.log10(lim[0]), math.log10(lim[1])) if scale == "log" else lim
    return 10.0 ** math.floor(math.log10(abs(high - low) / 1000))


def quantize(values, lim, scale):
    """Values as whole multiples of the axis quantum (log10 values on a log axis)."""
    values = np.asarray(values, dtype=np.float64)
    if scale == "log":
        values = np.log10(np.maximum(values, lim[0]))
    return np.round(values / quantum(lim, scale)).astype(np.int64)


class Series:
    """Integer series stored once per view and referred to by index: a first entry, then differences."""

    def __init__(self):
        self.items, self.index = [], {}

    def add(self, view_index, integers) -> int:
        integers = np.asarray(integers, dtype=np.int64)
        deltas = np.concatenate([integers[:1], np.diff(integers, axis=0)]).reshape(-1).tolist()
        key = (view_index, json.dumps(deltas))
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(deltas)
        return self.index[key]


def encode_layer(layer, view, view_index, series):
    """A layer as [kind, style, series index, count or null]."""
    if layer.kind == "bars":
        integers = quantize(layer.data, view.ylim, view.yscale)
    else:
        integers = np.column_stack([quantize(layer.data[:, 0], view.xlim, view.xscale),
                                    quantize(layer.data[:, 1], view.ylim, view.yscale)])
        last = len(integers)
        while last > 1 and np.array_equal(integers[last - 1], integers[last - 2]):
            last -= 1  # a settled tail only draws the same point again
        integers = integers[:last]
    return [layer.kind, layer.style, series.add(view_index, integers), layer.count]


def encode_view(view, view_index, series):
    def axis_ticks(given, lim, scale):
        if given is None:
            return automatic_ticks(*lim, scale)
        return [[rounded(position, 12), str(label)] for position, label in given]

    return {
        "xlim": [rounded(v, 12) for v in view.xlim], "ylim": [rounded(v, 12) for v in view.ylim],
        "xscale": view.xscale, "yscale": view.yscale,
        "quantum": [quantum(view.xlim, view.xscale), quantum(view.ylim, view.yscale)],
        "xlabel": view.xlabel, "ylabel": view.ylabel,
        "xticks": axis_ticks(view.xticks, view.xlim, view.xscale),
        "yticks": axis_ticks(view.yticks, view.ylim, view.yscale),
        "background": [encode_layer(layer, view, view_index, series) for layer in view.background],
    }
