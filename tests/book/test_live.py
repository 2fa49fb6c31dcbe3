"""live: the ipywidgets view of an explorer, its fast redraw, the bundle that carries both views,
and the benchmark of the live update."""

from __future__ import annotations

import numpy as np
import pytest

from backprop.book.explorer import Explorer, Frame, StaticExplorer, View, bars
from backprop.book.explorer_controls import select, slider
from backprop.book.live import BlitFigure, LiveExplorer, benchmark_explorers
from backprop.book.mime import STATIC_VIEW


def tiny_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="png")
    return buffer.getvalue()


TINY_PNG = tiny_png()

CONTROLS = [
    select("kind", "kind", {"bars": "bar chart", "path": "a path"}),
    slider("n", "points", [1, 2, 4], default=4),
]


def toy():
    view = {"chart": View(xlim=(-0.5, 2.5), ylim=(1e-3, 10.0), yscale="log")}
    return StaticExplorer("toy", "A toy", CONTROLS, view, lambda kind, n: Frame("chart", (bars([0.1 * n] * 3),), "c"))


class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, **values):
        self.calls.append(values)
        return TINY_PNG, "Verdict", f"caption for {values}"


def test_live_explorer_builds_widgets_and_redraws_on_change():
    import ipywidgets

    controls = [*CONTROLS, slider("eta", "rate", [0.01, 1.0], log=True), slider("x", "x", [0.5, 1.5])]
    draw = Recorder()
    live = LiveExplorer(controls, draw, {"kind": "path", "n": 2, "eta": 0.1, "x": 1.0})
    kinds = {key: type(widget) for key, widget in live.widgets.items()}
    assert kinds == {"kind": ipywidgets.Dropdown, "n": ipywidgets.IntSlider, "eta": ipywidgets.FloatLogSlider,
                     "x": ipywidgets.FloatSlider}
    assert draw.calls == [{"kind": "path", "n": 2, "eta": 0.1, "x": 1.0}]
    live.set(eta=0.5)
    assert draw.calls[-1]["eta"] == pytest.approx(0.5) and len(draw.calls) == 2
    assert live.caption.value.startswith("<p><strong>Verdict</strong> caption for {") and "&#x27;" in live.caption.value
    assert live.image.value == TINY_PNG
    with pytest.raises(ValueError, match="unknown control 'colour'"):
        live.set(colour=1)
    rng = np.random.default_rng(0)
    for _ in range(20):
        key, value = live.random_change(rng)
        assert value != live.widgets[key].value
        control = next(c for c in controls if c.key == key)
        if control.kind == "select":
            assert value in control.values
        else:
            assert control.values[0] <= value <= control.values[-1]


def test_explorer_bundle_carries_the_widget_and_the_static_view():
    static = toy()
    joint = Explorer(static, lambda: LiveExplorer(CONTROLS, Recorder(), {"kind": "bars", "n": 1}), text="toy()")
    bundle = joint._repr_mimebundle_()
    assert set(bundle) == {"text/plain", STATIC_VIEW, "image/png", "application/vnd.jupyter.widget-view+json"}
    assert bundle["text/plain"] == "toy()" == repr(joint) and bundle[STATIC_VIEW] == static.to_html()
    assert "text/html" not in bundle  # a stored text/html is what JupyterLab shows, stripped, before a run
    assert bundle["image/png"].startswith(b"\x89PNG")
    assert joint.live is joint.live  # created once
    assert set(Explorer(static)._repr_mimebundle_()) == {"text/plain", STATIC_VIEW}
    with pytest.raises(TypeError, match="StaticExplorer"):
        Explorer("<div>")


def test_blit_figure_draws_moving_artists_on_a_frozen_background():
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 2), dpi=50)
    ax = figure.add_subplot()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    (moving,) = ax.plot([], [], color="red", linewidth=5, animated=True)
    blit = BlitFigure(figure)
    empty = blit.png([moving])
    moving.set_data([0, 1], [0, 1])
    drawn = blit.png([moving])
    assert empty[:8] == drawn[:8] == b"\x89PNG\r\n\x1a\n" and empty != drawn
    moving.set_data([], [])
    assert blit.png([moving]) == empty  # the background is pasted back, not drawn over


def test_benchmark_times_the_explorers_it_is_given():
    def make_toy():
        return Explorer(toy(), lambda: LiveExplorer(CONTROLS, Recorder(), {"kind": "bars", "n": 1}))

    results = benchmark_explorers({"toy": make_toy, "toy too": make_toy}, changes=3, seed=1)
    assert [name for name, _ in results] == ["toy", "toy too"]
    assert all(len(times) == 3 and min(times) > 0 for _, times in results)
    with pytest.raises(ValueError, match="changes"):
        benchmark_explorers({"toy": make_toy}, changes=0)
    with pytest.raises(TypeError, match="factories"):
        benchmark_explorers([make_toy])


def test_a_value_typed_into_a_log_slider_readout_is_kept():
    # The front end snaps a log slider's exponent to its step: with 0.01, typing 0.25 gave 0.251.
    import math

    live = LiveExplorer([slider("eta", "rate", [0.001, 10.0], log=True)], Recorder(), {"eta": 0.1})
    step = live.widgets["eta"].step
    for typed in (0.25, 0.3, 1.7, 0.0042):
        snapped = 10 ** (round(math.log10(typed) / step) * step)
        assert f"{snapped:.3g}" == f"{typed:.3g}", (typed, snapped)
