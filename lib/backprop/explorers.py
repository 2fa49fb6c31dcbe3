"""Explorers: figures with controls that answer at once, live in Jupyter and without a kernel in the book.

An explorer has named *controls* (a slider over a grid of values, log-spaced or not, or a choice
from a list) and, for every combination of control values, a *frame*: the layers to draw (lines,
points or bars) over a *view* (axes and a background, such as contour lines, shared by many
frames), a verdict and a caption. Three classes put it on the page:

- `StaticExplorer` precomputes every frame into compact JSON (floats rounded to what the view can
  show, repeated data stored once) and renders a self-contained HTML view: inline CSS, an SVG and
  vanilla JavaScript from ``static/``; no external script, no require.js, no CDN, no network.
  Its state lives in the page URL, so a setting can be shared as a link.
- `LiveExplorer` shows the same controls as ipywidgets and calls a draw function on every
  change; `BlitFigure` keeps a matplotlib redraw within a few milliseconds.
- `Explorer` joins the two. Displayed in Jupyter it is the live widget; its mimebundle also
  carries the static view as ``text/html``, which the built book prefers (it has no kernel).
  The bundle's ``text/plain`` and ``text/html`` are deterministic, so nbval can compare them.

A chapter module builds an explorer from these parts and registers its factory with
`register_explorer`, which lets `benchmark_explorers` (``make bench``) time every explorer's
live update.

DOM contract of the static view, for browser tests. For an explorer named NAME every id is
``lnn-NAME`` or starts with ``lnn-NAME-`` (nothing random), so NAME must be unique on a page:

- ``div.lnn-explorer[data-explorer=NAME]``: the root. ``data-state`` holds the state as a URL
  query (``NAME.KEY=TOKEN&...``); ``data-ready="true"`` once the script has drawn a frame.
- ``input[type=range][data-control=KEY]``: a slider (its value is an index into the control's
  grid); ``select[data-control=KEY]``: a choice. Each has a ``<label for=...>``.
- ``output[data-value-for=KEY]``: the slider's current value as text (also its ``aria-valuetext``).
- ``svg[data-role=figure]``: the figure, ``role="img"``; its ``aria-label`` and ``<title>``
  describe the current frame and change with it.
- ``svg g[data-role=data]``: the frame's drawing: ``polyline[data-style=STYLE]`` for lines
  (attribute ``points``), ``circle[data-style=STYLE]`` for points, ``rect[data-role=bar]`` for bars.
- ``[data-role=verdict]``: the verdict in words, with its key in ``data-verdict``.
- ``[data-role=caption]``: the sentence under the figure.
- ``a[data-role=permalink]``: a link to the current setting.

URL state: a query parameter ``NAME.KEY=TOKEN`` per control, where TOKEN is the value as text
(``lr.eta=0.25``); unknown or missing parameters fall back to the defaults, other parameters are
kept, and every change rewrites the query with ``history.replaceState`` (no reload, no request)
100 ms after the controls stop moving; ``data-state`` and the permalink follow at once.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import numbers
import re
import time
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from ._checks import as_finite_array, choice, count, rng_from

CONTROL_KINDS = ("slider", "log-slider", "select")
LAYER_KINDS = ("line", "points", "bars")
STYLES = ("path", "curve", "contour", "reference", "start", "target", "bar", "bar-alt")
"""Layer styles the stylesheet knows: an orange path with dots, a blue curve, gray contour lines, a
dashed gray reference line, a start marker, a green target, and blue or orange bars."""

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


# ---------------------------------------------------------------- controls


@dataclass(frozen=True)
class Control:
    """One control: its URL key, its label, the grid of `values` it offers, their display labels.

    `kind` is "slider" (numbers in order), "log-slider" (positive numbers on a log-spaced grid)
    or "select" (a choice among options). `default` is the index of the starting value. The
    static view offers exactly `values`; the live view offers a continuous slider over the same
    range for numeric kinds.
    """

    key: str
    label: str
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
    control = Control(_check_key(key), str(label), "log-slider" if log else "slider", values,
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
    control = Control(_check_key(key), str(label), "select", values, tuple(str(v) for v in options.values()), 0)
    if default is not None:
        control = Control(**{**control.__dict__, "default": control.index(default)})
    return control


# ---------------------------------------------------------------- what a frame draws


@dataclass(frozen=True, eq=False)
class Layer:
    """Something to draw: a "line" or "points" through `data` (shape (n, 2): x, y), or "bars" of
    heights `data` (shape (n,), bar i centred at x = i). `count`, if given, draws only the first
    `count` entries, so frames can share one long series (a path and its first k steps)."""

    kind: str
    data: np.ndarray
    style: str
    count: int | None = None


def _layer(kind, data, style, count_=None, ndim=2):
    array = np.asarray(data, dtype=np.float64)
    if array.ndim != ndim or (ndim == 2 and array.shape[-1] != 2):
        shape = "(n, 2)" if ndim == 2 else "(n,)"
        raise ValueError(f"{kind} data must have shape {shape}, got {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{kind} data must be finite")
    choice(style, "style", STYLES)
    return Layer(kind, array, style, None if count_ is None else count(count_, "count"))


def line(points, style="path", count=None) -> Layer:
    """A line through `points`, shape (n, 2)."""
    return _layer("line", points, style, count)


def points(points, style="start", count=None) -> Layer:
    """Markers at `points`, shape (n, 2)."""
    return _layer("points", points, style, count)


def bars(heights, style="bar") -> Layer:
    """Bars of `heights`, shape (n,), the i-th centred at x = i (name them with View's `xticks`)."""
    return _layer("bars", heights, style, ndim=1)


@dataclass(frozen=True)
class View:
    """Axes and a background shared by many frames.

    `xlim`, `ylim` are (low, high); `xscale`, `yscale` are "linear" or "log"; `xticks`, `yticks`
    are [(position, label), ...] or None for automatic ticks; `background` is a tuple of layers
    drawn under every frame that uses this view.
    """

    xlim: tuple
    ylim: tuple
    xlabel: str = ""
    ylabel: str = ""
    xscale: str = "linear"
    yscale: str = "linear"
    xticks: tuple | None = None
    yticks: tuple | None = None
    background: tuple = field(default=())


@dataclass(frozen=True)
class Frame:
    """What one combination of control values shows: a view (by name), layers, verdict, caption."""

    view: str
    layers: tuple
    caption: str
    verdict: str = ""


# ---------------------------------------------------------------- compact JSON


def _ticks(lo, hi, scale):
    from matplotlib.ticker import LogLocator, MaxNLocator

    locator = LogLocator(numticks=6) if scale == "log" else MaxNLocator(nbins=5, steps=[1, 2, 5, 10])
    ticks = [t for t in locator.tick_values(lo, hi) if lo - 1e-9 * abs(hi - lo) <= t <= hi + 1e-9 * abs(hi - lo)]
    return [[_round(t, 12), f"{t:g}"] for t in ticks]


def _round(x, digits):
    return float(f"{x:.{digits}g}")


def _quantum(lim, scale) -> float:
    """The rounding step of an axis: a power of ten near 1/1000 of its span (log10 span on a log axis)."""
    low, high = (math.log10(lim[0]), math.log10(lim[1])) if scale == "log" else lim
    return 10.0 ** math.floor(math.log10(abs(high - low) / 1000))


def _quantize(values, lim, scale):
    """Values as whole multiples of the axis quantum (log10 values on a log axis)."""
    values = np.asarray(values, dtype=np.float64)
    if scale == "log":
        values = np.log10(np.maximum(values, lim[0]))
    return np.round(values / _quantum(lim, scale)).astype(np.int64)


class _Series:
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


def _encode_layer(layer, view, view_index, series):
    """A layer as [kind, style, series index, count or null]."""
    if layer.kind == "bars":
        integers = _quantize(layer.data, view.ylim, view.yscale)
    else:
        integers = np.column_stack([_quantize(layer.data[:, 0], view.xlim, view.xscale),
                                    _quantize(layer.data[:, 1], view.ylim, view.yscale)])
        last = len(integers)
        while last > 1 and np.array_equal(integers[last - 1], integers[last - 2]):
            last -= 1  # a settled tail only draws the same point again
        integers = integers[:last]
    return [layer.kind, layer.style, series.add(view_index, integers), layer.count]


def _encode_view(view, view_index, series):
    def ticks(given, lim, scale):
        if given is None:
            return _ticks(*lim, scale)
        return [[_round(position, 12), str(label)] for position, label in given]

    return {
        "xlim": [_round(v, 12) for v in view.xlim], "ylim": [_round(v, 12) for v in view.ylim],
        "xscale": view.xscale, "yscale": view.yscale,
        "quantum": [_quantum(view.xlim, view.xscale), _quantum(view.ylim, view.yscale)],
        "xlabel": view.xlabel, "ylabel": view.ylabel,
        "xticks": ticks(view.xticks, view.xlim, view.xscale), "yticks": ticks(view.yticks, view.ylim, view.yscale),
        "background": [_encode_layer(layer, view, view_index, series) for layer in view.background],
    }


def _static_asset(name: str) -> str:
    return resources.files("backprop").joinpath("static", name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- the kernel-free view


class StaticExplorer:
    """Every frame of an explorer, precomputed, and the self-contained HTML that shows them.

    `frame(**values)` is called once for every combination of the controls' grid values (keyed by
    control key) and returns a `Frame` naming one of `views`. `verdicts` maps a frame's verdict key
    to the words shown ({"converged": "Converged", ...}).
    """

    def __init__(self, name, title, controls, views, frame, verdicts=None, state=None):
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"name must be lowercase letters, digits and hyphens (a letter first), got {name!r}")
        if not controls or not all(isinstance(c, Control) for c in controls):
            raise TypeError("controls must be a non-empty list of Control (from slider() or select())")
        keys = [c.key for c in controls]
        if len(set(keys)) != len(keys):
            raise ValueError(f"control keys must be unique, got {keys}")
        if not views or not all(isinstance(v, View) for v in views.values()):
            raise TypeError("views must be a non-empty dict {name: View}")
        if not callable(frame):
            raise TypeError(f"frame must be a function of the control values, got {type(frame).__name__}")
        self.name, self.title, self.controls, self.views = name, str(title), tuple(controls), dict(views)
        self.frame, self.verdicts = frame, dict(verdicts or {})
        self.state = self.default_state() if state is None else self._state_indices(state)
        self._payload = None

    def default_state(self) -> dict:
        return {c.key: c.default for c in self.controls}

    def _state_indices(self, state) -> dict:
        indices = self.default_state()
        for key, value in state.items():
            control = next((c for c in self.controls if c.key == key), None)
            if control is None:
                raise ValueError(f"unknown control {key!r}; expected one of {[c.key for c in self.controls]}")
            indices[key] = control.index(value)
        return indices

    def payload(self) -> dict:
        """The JSON-ready spec, compact because every frame is stored.

        - "controls": [{key, label, kind, tokens, labels, default}] (default: the starting index);
        - "views": [{xlim, ylim, xscale, yscale, quantum, xlabel, ylabel, xticks, yticks, background}];
        - "series": integer lists: the first entry, then differences (x, y interleaved for lines and
          points); a value is the running sum times the view's quantum for its axis (a log10 value
          on a log axis);
        - "frames": {"i.j.k": [view index, verdict, caption, layers]}, keyed by the controls' grid
          indices in order; a layer (background ones too) is [kind, style, series index, count or null].
        """
        if self._payload is not None:
            return self._payload
        series = _Series()
        view_names = list(self.views)
        views = [_encode_view(self.views[v], i, series) for i, v in enumerate(view_names)]
        frames = {}
        for combination in itertools.product(*(range(len(c.values)) for c in self.controls)):
            values = {c.key: c.values[i] for c, i in zip(self.controls, combination)}
            frame = self.frame(**values)
            if not isinstance(frame, Frame):
                raise TypeError(f"frame() must return a Frame, got {type(frame).__name__} for {values}")
            view_index = view_names.index(choice(frame.view, "frame view", self.views))
            layers = [_encode_layer(layer, self.views[frame.view], view_index, series) for layer in frame.layers]
            frames[".".join(map(str, combination))] = [view_index, frame.verdict, frame.caption, layers]
        self._payload = {
            "name": self.name,
            "title": self.title,
            "controls": [
                {"key": c.key, "label": c.label, "kind": c.kind, "tokens": list(c.tokens), "labels": list(c.labels),
                 "default": self.state[c.key]}
                for c in self.controls
            ],
            "verdicts": self.verdicts,
            "views": views,
            "series": series.items,
            "frames": frames,
        }
        return self._payload

    def to_json(self) -> str:
        text = json.dumps(self.payload(), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return text.replace("</", "<\\/")  # never close the surrounding <script> early

    def _frame_at(self, state):
        view, verdict, caption, layers = self.payload()["frames"][".".join(str(state[c.key]) for c in self.controls)]
        return {"view": view, "verdict": verdict, "caption": caption, "layers": layers}

    def to_html(self) -> str:
        """The self-contained view: root div, inline style, controls, SVG, texts, data and script."""
        state = self.state
        esc = html.escape
        base = f"lnn-{self.name}"
        frame = self._frame_at(state)
        query = "&".join(f"{self.name}.{c.key}={c.tokens[state[c.key]]}" for c in self.controls)
        controls = []
        for c in self.controls:
            cid, current = f"{base}-{c.key}", state[c.key]
            if c.kind == "select":
                options = "".join(
                    f'<option value="{i}"{" selected" if i == current else ""}>{esc(label)}</option>'
                    for i, label in enumerate(c.labels)
                )
                widget = f'<select id="{cid}" data-control="{c.key}">{options}</select>'
            else:
                widget = (
                    f'<input type="range" id="{cid}" data-control="{c.key}" min="0" max="{len(c.values) - 1}" '
                    f'step="1" value="{current}" aria-valuetext="{esc(c.labels[current])}">'
                    f'<output id="{cid}-value" for="{cid}" data-value-for="{c.key}">{esc(c.labels[current])}</output>'
                )
            controls.append(f'<div class="lnn-control"><label for="{cid}">{esc(c.label)}</label>{widget}</div>')
        description = self.describe(state)
        verdict = frame["verdict"]
        return "\n".join([
            f'<div class="lnn-explorer" id="{base}" data-explorer="{self.name}" data-state="{esc(query)}">',
            f"<style>{_static_asset('explorer.css')}</style>",
            f'<p class="lnn-title" id="{base}-title">{esc(self.title)}</p>',
            f'<div class="lnn-controls">{"".join(controls)}</div>',
            f'<svg data-role="figure" id="{base}-figure" role="img" aria-label="{esc(description)}" '
            f'viewBox="0 0 640 400" xmlns="http://www.w3.org/2000/svg"><title>{esc(description)}</title></svg>',
            f'<p class="lnn-status" aria-live="polite"><span class="lnn-verdict" data-role="verdict" '
            f'data-verdict="{esc(verdict)}">{esc(self.verdicts.get(verdict, verdict))}</span> '
            f'<span data-role="caption">{esc(frame["caption"])}</span></p>',
            f'<p class="lnn-link"><a data-role="permalink" href="?{esc(query)}">Link to this setting</a></p>',
            '<noscript><p>This view needs JavaScript; the notebook version of this page is live.</p></noscript>',
            f'<script type="application/json" class="lnn-data">{self.to_json()}</script>',
            f"<script>{_static_asset('explorer.js')}</script>",
            "</div>",
        ])

    def describe(self, state=None) -> str:
        """The figure's accessible name for a state (control indices): title, settings and verdict."""
        state = self.state if state is None else state
        frame = self._frame_at(state)
        settings = ", ".join(f"{c.label} {c.labels[state[c.key]]}" for c in self.controls)
        verdict = self.verdicts.get(frame["verdict"], frame["verdict"])
        return " ".join(part for part in (f"{self.title}: {settings}.", f"{verdict}." if verdict else "",
                                          frame["caption"]) if part)


# ---------------------------------------------------------------- the live view


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
        common = {"description": control.label, "style": {"description_width": "initial"}}
        low, high = control.values[0], control.values[-1]
        if control.kind == "select":
            return widgets.Dropdown(options=list(zip(control.labels, control.values)), value=value, **common)
        if control.kind == "log-slider":
            return widgets.FloatLogSlider(value=value, base=10, min=math.log10(low), max=math.log10(high), step=0.01,
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
        self.caption.value = f"<p><strong>{html.escape(verdict)}</strong> {html.escape(caption)}</p>"

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


# ---------------------------------------------------------------- both, as one displayable object


class Explorer:
    """An explorer as a chapter shows it: the live widget in Jupyter, the static view in the book.

    `static` is a `StaticExplorer`; `live` a function returning a `LiveExplorer`, called on first
    display (needs ipywidgets); `text` the deterministic plain-text representation.
    """

    def __init__(self, static, live=None, text="Explorer"):
        if not isinstance(static, StaticExplorer):
            raise TypeError(f"static must be a StaticExplorer, got {type(static).__name__}")
        self.static, self._make_live, self.text, self._live = static, live, str(text), None

    @property
    def live(self):
        """The `LiveExplorer`, created on first use; None if there is none or ipywidgets is missing."""
        if self._live is None and self._make_live is not None:
            try:
                import ipywidgets  # noqa: F401
            except ImportError:
                return None
            self._live = self._make_live()
        return self._live

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {}
        live = self.live
        if live is not None:
            bundle.update(live.box._repr_mimebundle_())
        bundle["text/html"] = self.static.to_html()
        bundle["text/plain"] = self.text
        return bundle

    def __repr__(self):
        return self.text


# ---------------------------------------------------------------- benchmarks

_FACTORIES = {}


def register_explorer(name):
    """Decorator: record an explorer factory (no arguments needed) so `benchmark_explorers` times it."""

    def record(factory):
        _FACTORIES[name] = factory
        return factory

    return record


def benchmark_explorers(changes=60, seed=0):
    """Time the live update of every registered explorer: [(name, [seconds per change, ...]), ...].

    Each change sets one random control to a random value, as a reader moving a slider does, and
    is timed from the value change to the redrawn image and caption (compute and draw).
    """
    import backprop  # noqa: F401  (importing the package registers every chapter's explorers)

    changes = count(changes, "changes", minimum=1)
    rng = rng_from(seed)
    results = []
    for name in sorted(_FACTORIES):
        live = _FACTORIES[name]().live
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
