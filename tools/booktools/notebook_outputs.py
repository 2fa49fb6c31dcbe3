"""What counts as "the same output" for a chapter notebook, shared by `make notebooks` and the tests.

Text is compared exactly: every number a chapter prints or glues is rounded to the precision the
text needs, so it is the same on any machine. Figures cannot be: the bits of a float sum depend on
the BLAS kernel and numpy's SIMD loops, a curve moves by a fraction of a pixel, and antialiasing
changes the shade of a few edge pixels by a few levels. `figure_difference` measures two PNGs and
`same_figure` accepts such noise and nothing more: a different figure, other colours, another
title or a moved line changes far more pixels by far more.

`settle(fresh, stored)` is what `make notebooks` writes for one cell: the fresh outputs, except
that a figure that matches its stored version keeps the stored bytes (so re-executing on another
machine leaves no diff), and without ipywidgets' view records (their model ids are random, and
without the widget state, which the book does not store, no front end can show them).
"""

from __future__ import annotations

import base64
import copy
import io

import numpy as np

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FIGURE_TYPES = ("image/png",)

# A pixel "differs" when one of its channels moves by more than this many levels out of 255.
# Re-executing under another BLAS kernel or SIMD level moved at most 3 levels; a colour change
# moves tens to hundreds.
PIXEL_LEVELS = 24
# How many pixels may differ, at most: the noise above touched a handful of edge pixels in a
# whole figure; a one-letter change in a title touches some tens.
MAX_DIFFERING_PIXELS = 8


def _pixels(png: str | bytes) -> np.ndarray:
    from PIL import Image

    data = base64.b64decode(png) if isinstance(png, str) else png
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGBA"), dtype=np.int16)


def figure_difference(png_a, png_b) -> dict:
    """How two PNGs (bytes or base64 text) differ: sizes, differing pixels, largest channel change."""
    a, b = _pixels(png_a), _pixels(png_b)
    if a.shape != b.shape:
        return {"size_a": a.shape[1::-1], "size_b": b.shape[1::-1], "pixels": None, "levels": None}
    change = np.abs(a - b).max(axis=-1)
    return {"size_a": a.shape[1::-1], "size_b": b.shape[1::-1],
            "pixels": int(np.count_nonzero(change > PIXEL_LEVELS)), "levels": int(change.max())}


def same_figure(png_a, png_b) -> bool:
    """True if the two figures differ only by re-execution noise (see the module's docstring)."""
    difference = figure_difference(png_a, png_b)
    return difference["pixels"] is not None and difference["pixels"] <= MAX_DIFFERING_PIXELS


def describe_difference(difference: dict) -> str:
    if difference["pixels"] is None:
        return f"the size changed from {difference['size_a']} to {difference['size_b']} pixels"
    width, height = difference["size_a"]
    return (f"{difference['pixels']} of {width * height} pixels differ by more than {PIXEL_LEVELS}/255 "
            f"(largest change {difference['levels']}/255; at most {MAX_DIFFERING_PIXELS} may)")


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def settle(fresh, stored) -> list[dict]:
    """The outputs `make notebooks` stores for a cell: `fresh`, without ipywidgets' view records,
    with consecutive outputs of one stream joined, and keeping each stored figure that the fresh
    one matches (`same_figure`)."""
    settled = []
    for output in fresh:
        output = copy.deepcopy(dict(output))
        if "data" in output:
            output["data"] = {key: value for key, value in output["data"].items() if key != WIDGET_VIEW}
            if not output["data"]:
                continue
        previous = settled[-1] if settled else None
        if output["output_type"] == "stream" and previous is not None and previous["output_type"] == "stream" \
                and previous["name"] == output["name"]:
            # A kernel may flush one print in two messages, differently from run to run: join them.
            previous["text"] = _text(previous["text"]) + _text(output["text"])
            continue
        settled.append(output)
    for new, old in zip(settled, stored):
        for kind in FIGURE_TYPES:
            if kind in new.get("data", {}) and kind in old.get("data", {}) \
                    and same_figure(new["data"][kind], old["data"][kind]):
                new["data"][kind] = old["data"][kind]
    return settled


def comparable(output) -> dict:
    """One output as plain data: what the notebook file stores of it, with texts joined."""
    kind = output["output_type"]
    result = {"output_type": kind}
    if kind == "stream":
        result.update(name=output["name"], text=_text(output["text"]))
    elif kind in ("display_data", "execute_result"):
        result["data"] = {key: _text(value) for key, value in output["data"].items()}
        result["metadata"] = dict(output.get("metadata", {}))
        # Not execution_count: it numbers the runs of the kernel that executed the cell (nbval's
        # counts its own set-up too); test_notebooks checks the stored counts are 1..N.
    else:
        result.update({key: output[key] for key in ("ename", "evalue") if key in output})
    return result


def _streams_joined(outputs) -> list[dict]:
    """Each stream's text joined into its first output, as nbval does before comparing."""
    joined, streams = [], {}
    for output in map(comparable, outputs):
        if output["output_type"] == "stream" and output["name"] in streams:
            streams[output["name"]]["text"] += output["text"]
            continue
        if output["output_type"] == "stream":
            streams[output["name"]] = output
        joined.append(output)
    return joined


def differences(fresh, stored) -> list[str]:
    """Why re-executing a cell would change what is stored: one line per difference, or [].

    `fresh` may come from nbval, which joins each stream's outputs into one; both sides are
    compared that way.
    """
    old_outputs = _streams_joined(stored)
    new_outputs = [comparable(o) for o in settle(_streams_joined(fresh), old_outputs)]
    if len(new_outputs) != len(old_outputs):
        return [f"{len(old_outputs)} outputs are stored, re-executing gives {len(new_outputs)}"]
    found = []
    for index, (new, old) in enumerate(zip(new_outputs, old_outputs)):
        new_data, old_data = new.get("data", {}), old.get("data", {})
        for kind in FIGURE_TYPES:
            if kind in new_data and kind in old_data and new_data[kind] != old_data[kind]:
                difference = describe_difference(figure_difference(old_data[kind], new_data[kind]))
                found.append(f"output {index}: the figure is not the stored one: {difference}")
        fields = [f for f in sorted(set(new) | set(old)) if f != "data" and new.get(f) != old.get(f)]
        kinds = [kind for kind in sorted(set(new_data) | set(old_data))
                 if kind not in FIGURE_TYPES and new_data.get(kind) != old_data.get(kind)]
        if fields or kinds:
            found.append(f"output {index}: {', '.join(fields + kinds)} would change")
        for name, stored_value, fresh_value in [(f, old.get(f), new.get(f)) for f in fields] + \
                [(k, old_data.get(k), new_data.get(k)) for k in kinds]:
            found.append(f"    stored {name}: {stored_value!r:.300}\n    fresh  {name}: {fresh_value!r:.300}")
    return found
