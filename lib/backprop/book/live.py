"""The live half of an explorer: ipywidgets controls and a fast matplotlib redraw, in Jupyter.

`LiveExplorer` shows an explorer's controls (from `backprop.book.explorer`) as ipywidgets and
redraws on every change; `BlitFigure` keeps that redraw within a few milliseconds. ipywidgets,
matplotlib and Pillow are imported only when one is made. `benchmark_explorers` times the update
(``make bench``).
"""

from __future__ import annotations

import html
import math
import time

from ..checks import count, rng_from


class BlitFigure:
    """A matplotlib figure that redraws only its moving artists and returns PNG bytes quickly.

    Draw the still parts on `figure`, create the moving artists with ``animated=True``, call
    `freeze()` once; then each `png()` pastes the frozen background, draws the moving artists on it
    and encodes the pixels (a fast, low-compression PNG). No pyplot: nothing is displayed by itself.
    """

    def __init__(self, figure):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self._background = None

    def freeze(self):
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)

    def png(self, artists) -> bytes:
        import io

        from PIL import Image

        if self._background is None:
            self.freeze()
        self.canvas.restore_region(self._background)
        for artist in artists:
            artist.axes.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


class LiveExplorer:
    """ipywidgets for the controls, an image and a caption, redrawn on every control change.

    `draw(**values)` returns ``(png_bytes, verdict_words, caption)``. Numeric controls become
    continuous sliders over their grid's range (log-scale for "log-slider"), choices a dropdown.
    `set(**values)` changes controls from code, as a reader would.
    """

    def __init__(self, controls, draw, values):
        import ipywidgets as widgets

        self.controls, self.draw = tuple(controls), draw
        self.widgets = {c.key: self._widget(c, values[c.key], widgets) for c in self.controls}
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="640px"))
        self.caption = widgets.HTML()
        controls_box = widgets.HBox(list(self.widgets.values()), layout=widgets.Layout(flex_flow="row wrap"))
        self.box = widgets.VBox([controls_box, self.image, self.caption])
        for widget in self.widgets.values():
            widget.observe(self._changed, names="value")
        self.redraw()

    @staticmethod
    def _widget(control, value, widgets):
        common = {"description": str(control.label), "style": {"description_width": "initial"}}
        low, high = control.values[0], control.values[-1]
        if control.kind == "select":
            return widgets.Dropdown(options=[(str(label), v) for label, v in zip(control.labels, control.values)],
                                    value=value, **common)
        if control.kind == "log-slider":
            # A fine step in the exponent: a value typed into the readout (0.25) is kept, not snapped (to 0.251).
            return widgets.FloatLogSlider(value=value, base=10, min=math.log10(low), max=math.log10(high), step=1e-4,
                                          readout_format=".3g", continuous_update=True, **common)
        if isinstance(low, int) and isinstance(high, int):
            return widgets.IntSlider(value=value, min=low, max=high, step=1, continuous_update=True, **common)
        return widgets.FloatSlider(value=value, min=low, max=high, step=(high - low) / 200, continuous_update=True,
                                   **common)

    @property
    def values(self) -> dict:
        return {key: widget.value for key, widget in self.widgets.items()}

    def _changed(self, change):
        self.redraw()

    def redraw(self):
        png, verdict, caption = self.draw(**self.values)
        self.image.value = png
        # Texts (`backprop.book.language.Text`) are written in the reader's language.
        self.caption.value = f"<p><strong>{html.escape(str(verdict))}</strong> {html.escape(str(caption))}</p>"

    def set(self, **values):
        for key, value in values.items():
            if key not in self.widgets:
                raise ValueError(f"unknown control {key!r}; expected one of {list(self.widgets)}")
            self.widgets[key].value = value

    def random_change(self, rng):
        """A random new value (different from the current one) for one random control, as (key, value)."""
        control = self.controls[rng.integers(len(self.controls))]
        low, high, current = control.values[0], control.values[-1], self.widgets[control.key].value
        for _ in range(100):
            if control.kind == "select":
                value = control.values[rng.integers(len(control.values))]
            elif control.kind == "log-slider":
                value = float(10 ** rng.uniform(math.log10(low), math.log10(high)))
            elif isinstance(low, int):
                value = int(rng.integers(low, high + 1))
            else:
                value = float(rng.uniform(low, high))
            if value != current:
                break
        return control.key, value


def benchmark_explorers(factories, changes=60, seed=0):
    """Time the live update of explorers: [(name, [seconds per change, ...]), ...], sorted by name.

    `factories` maps a name to a function of no arguments that returns an `Explorer`.

    Each change sets one random control to a random value, as a reader moving a slider does, and
    is timed from the value change to the redrawn image and caption (compute and draw).
    """
    if not isinstance(factories, dict) or not all(callable(f) for f in factories.values()):
        raise TypeError("factories must be a dict {name: function returning an Explorer}")
    changes = count(changes, "changes", minimum=1)
    rng = rng_from(seed)
    results = []
    for name in sorted(factories):
        live = factories[name]().live
        if live is None:
            raise RuntimeError("benchmark_explorers needs ipywidgets")
        times = []
        for _ in range(changes):
            key, value = live.random_change(rng)
            start = time.perf_counter()
            live.set(**{key: value})
            times.append(time.perf_counter() - start)
        results.append((name, times))
    return results
