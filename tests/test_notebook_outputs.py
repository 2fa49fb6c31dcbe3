"""The output comparison that `make notebooks` and nbval_outputs share: figures within re-execution
noise, nothing more; everything else exactly."""

from __future__ import annotations

import base64
import io

import matplotlib
import numpy as np
import pytest

from booktools.notebook_outputs import WIDGET_VIEW, differences, figure_difference, same_figure, settle

matplotlib.use("Agg")


def figure_png(title="Loss by step", color="tab:blue", shift=0.0, size=(6.4, 4.0)) -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=100)
    ax = figure.subplots()
    x = np.linspace(0, 1, 50)
    ax.plot(x, np.exp(-3 * x) + shift, color=color, marker="o", markersize=3)
    ax.set_title(title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def noisy(png: bytes, pixels=14, levels=3) -> bytes:
    """The same PNG with `pixels` pixels changed by `levels`, as antialiasing does on another machine."""
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).astype(np.int16)
    rng = np.random.default_rng(0)
    rows, cols = rng.integers(0, image.shape[0], pixels), rng.integers(0, image.shape[1], pixels)
    image[rows, cols, :3] = np.clip(image[rows, cols, :3] + levels, 0, 255)
    buffer = io.BytesIO()
    Image.fromarray(image.astype(np.uint8)).save(buffer, format="png")
    return buffer.getvalue()


def output(png: bytes) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(png).decode(), "text/plain": "<Figure>"}}


def test_re_execution_noise_is_the_same_figure():
    png = figure_png()
    assert same_figure(png, png)
    assert same_figure(png, noisy(png))
    assert same_figure(png, figure_png(shift=1e-12))  # a curve moved by round-off


@pytest.mark.parametrize("other", [
    figure_png(title="Loss by stop"),          # one letter of the title
    figure_png(color="tab:orange"),            # another colour
    figure_png(shift=0.05),                    # the curve moved visibly
    noisy(figure_png(), pixels=200, levels=-60),  # a smudge
])
def test_another_figure_is_not_the_same(other):
    assert not same_figure(figure_png(), other)


def test_a_resized_figure_says_so():
    difference = figure_difference(figure_png(), figure_png(size=(5, 4)))
    assert difference["pixels"] is None and difference["size_b"] == (500, 400)
    assert not same_figure(figure_png(), figure_png(size=(5, 4)))


def test_settle_keeps_a_matching_stored_figure_and_drops_widget_views():
    stored = output(figure_png())
    fresh = output(noisy(figure_png()))
    fresh["data"][WIDGET_VIEW] = {"model_id": "0123456789abcdef0123456789abcdef", "version_major": 2}
    settled = settle([fresh], [stored])
    assert settled[0]["data"] == stored["data"]
    assert differences([fresh], [stored]) == []


def test_differences_name_the_output_and_how_much_it_changed():
    stored = [{"output_type": "stream", "name": "stdout", "text": "loss 0.1417\n"}, output(figure_png())]
    fresh = [{"output_type": "stream", "name": "stdout", "text": "loss 0.1418\n"},
             output(figure_png(color="tab:orange"))]
    found = differences(fresh, stored)
    assert any(line.startswith("output 0: text would change") for line in found)
    assert any(line.startswith("output 1: the figure is not the stored one:") and "pixels differ" in line
               for line in found)
    assert differences(fresh[:1], stored) == ["2 outputs are stored, re-executing gives 1"]


def test_streams_are_compared_joined_as_nbval_joins_them():
    glue = {"output_type": "display_data", "metadata": {"scrapbook": {"name": "x"}},
            "data": {"application/papermill.record/text/plain": "0.5"}}
    stored = [{"output_type": "stream", "name": "stdout", "text": "a\n"}, glue,
              {"output_type": "stream", "name": "stdout", "text": "b\n"}]
    fresh_from_nbval = [{"output_type": "stream", "name": "stdout", "text": "a\nb\n"}, glue]
    assert differences(fresh_from_nbval, stored) == []


def test_settle_joins_a_print_flushed_in_two_messages():
    fresh = [{"output_type": "stream", "name": "stdout", "text": "a\nb"},
             {"output_type": "stream", "name": "stdout", "text": "\n"},
             {"output_type": "stream", "name": "stderr", "text": "warning\n"}]
    assert settle(fresh, []) == [{"output_type": "stream", "name": "stdout", "text": "a\nb\n"},
                                 {"output_type": "stream", "name": "stderr", "text": "warning\n"}]
