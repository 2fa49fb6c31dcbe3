"""How an explorer's frames travel to the page: compact JSON for the kernel-free view.

Every number is stored as a whole multiple of its axis's quantum (a power of ten near 1/1000 of
the axis span, of its log10 span on a log axis), so the JSON holds short integers and nothing
the view cannot show; a series (first entry, then differences) is stored once per view and
referred to by index. A frame's caption is stored as its template's index and its fields
(`encode_text`): the templates, in every language, once per explorer. `explorer.StaticExplorer.payload`
documents the layout, and ``static/explorer.js`` (with ``static/language.js``) decodes it.
"""

from __future__ import annotations

import functools
import json
import math
import re
import string

import numpy as np

from .language import LANGUAGES, Text


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


def encode_view(view, view_index, series, templates):
    def axis_ticks(given, lim, scale):
        if given is None:
            return automatic_ticks(*lim, scale)
        return [[rounded(position, 12), str(label)] for position, label in given]

    return {
        "xlim": [rounded(v, 12) for v in view.xlim], "ylim": [rounded(v, 12) for v in view.ylim],
        "xscale": view.xscale, "yscale": view.yscale,
        "quantum": [quantum(view.xlim, view.xscale), quantum(view.ylim, view.yscale)],
        "xlabel": encode_text(view.xlabel, templates), "ylabel": encode_text(view.ylabel, templates),
        "xticks": axis_ticks(view.xticks, view.xlim, view.xscale),
        "yticks": axis_ticks(view.yticks, view.ylim, view.yscale),
        "background": [encode_layer(layer, view, view_index, series) for layer in view.background],
    }


_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@functools.cache
def _plain_fields(template: str) -> bool:
    """`template` names its fields ``{name}`` only (no format spec, conversion or index): what the page's
    script fills in."""
    return all(name is None or (_FIELD.fullmatch(name) and not spec and conversion is None)
               for _, name, spec, conversion in string.Formatter().parse(template))


def encode_text(value, templates: dict):
    """A text as the page's data holds it, compactly.

    A `Text` with fields becomes ``[template index, {field: encoded field}]``, its templates (one per
    language) stored once in `templates` ({templates as JSON: index}, filled here); a `Text` without
    fields (or with a template the script cannot fill) becomes {language: text}; anything else its
    ``str``, the same in every language. `decode_text` (and ``lnnSay`` on the page) read it back.
    """
    if not isinstance(value, Text):
        return str(value)
    if value.fields:
        forms = {language: value.template(language) for language in LANGUAGES}
        if all(_plain_fields(form) for form in forms.values()):
            index = templates.setdefault(json.dumps(forms, ensure_ascii=False, sort_keys=True), len(templates))
            return [index, {name: encode_text(field, templates) for name, field in sorted(value.fields.items())}]
    return value.texts()


def template_table(templates: dict) -> list:
    """The templates `encode_text` collected, as the list the page's data holds (by index)."""
    return [json.loads(forms) for forms, _ in sorted(templates.items(), key=lambda item: item[1])]


def decode_text(encoded, table: list, language: str) -> str:
    """The text `encode_text` encoded, in `language`, from the template `table` (`template_table`)."""
    if isinstance(encoded, str):
        return encoded
    if isinstance(encoded, list):
        index, fields = encoded
        forms = table[index]
        return forms.get(language, forms["en"]).format(
            **{name: decode_text(field, table, language) for name, field in fields.items()})
    return encoded.get(language, encoded["en"])
