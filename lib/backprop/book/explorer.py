"""Explorers: figures with controls that answer at once, live in Jupyter and without a kernel in the book.

An explorer has named *controls* (a slider over a grid of values, log-spaced or not, or a choice
from a list) and, for every combination of control values, a *frame*: the layers to draw (lines,
points or bars) over a *view* (axes and a background, such as contour lines, shared by many
frames), a verdict and a caption. Three classes put it on the page:

- `StaticExplorer` precomputes every frame into compact JSON (floats rounded to what the view can
  show, repeated data stored once) and renders a self-contained HTML view: inline CSS, an SVG and
  vanilla JavaScript from ``static/``; no external script, no require.js, no CDN, no network.
  Its state lives in the page URL, so a setting can be shared as a link.
- `backprop.book.live.LiveExplorer` shows the same controls as ipywidgets and calls a draw
  function on every change; `backprop.book.live.BlitFigure` keeps a matplotlib redraw within a
  few milliseconds.
- `Explorer` joins the two. Displayed in Jupyter it is the live widget; its mimebundle also
  carries the static view under `backprop.book.mime.STATIC_VIEW`, which the built book renders
  (it has no kernel), and the default view as a PNG, which Jupyter shows of the stored output
  before the cell runs. The bundle's texts are deterministic, so nbval can compare them.

A chapter module builds an explorer from these parts; `backprop.book.live.benchmark_explorers`
(``make bench``) times the live update of the explorers it is given.

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
import re
from dataclasses import dataclass, field

import numpy as np

from ..checks import choice, count
from .assets import static_asset, view_scripts
from .explorer_controls import Control, as_text, for_page
from .explorer_payload import Series, decode_text, encode_layer, encode_text, encode_view, template_table
from .language import Text, in_language, reader_language
from .mime import STATIC_VIEW, first_view

STYLES = ("path", "curve", "contour", "reference", "start", "target", "bar", "bar-alt")
"""Layer styles the stylesheet knows: an orange path with dots, a blue curve, gray contour lines, a
dashed gray reference line, a start marker, a green target, and blue or orange bars."""

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


PERMALINK = Text("Link to this setting")
NEEDS_SCRIPT = Text("This view needs JavaScript; the notebook version of this page is live.")
SCROLL_HINT = Text("The plot is wider than the screen: scroll it sideways to see all of it.")
"""Shown under the plot, by the script, only while the plot is wider than its box (on a phone)."""


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

    `xlim`, `ylim` are (low, high); `xlabel`, `ylabel` a `Text` (shown in the page's language) or
    a string the same in every language; `xscale`, `yscale` are "linear" or "log"; `xticks`,
    `yticks` are [(position, label), ...] or None for automatic ticks; `background` is a tuple of
    layers drawn under every frame that uses this view.
    """

    xlim: tuple
    ylim: tuple
    xlabel: Text | str = ""
    ylabel: Text | str = ""
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
    caption: Text | str
    verdict: str = ""


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
        self.name, self.title, self.controls, self.views = name, as_text(title), tuple(controls), dict(views)
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
        - "texts": the captions' (and axis labels') templates, {language: template} each, referred to
          by index; a view's labels are texts as `encode_text` writes them;
        - "frames": {"i.j.k": [view index, verdict, caption, layers]}, keyed by the controls' grid
          indices in order; the caption as `explorer_payload.encode_text` writes it ([template
          index, {field: caption}], {language: text} or a string); a layer (background ones too) is
          [kind, style, series index, count or null].
        """
        if self._payload is not None:
            return self._payload
        series, templates, encoded = Series(), {}, {}
        view_names = list(self.views)
        views = [encode_view(self.views[v], i, series, templates) for i, v in enumerate(view_names)]
        frames = {}
        for combination in itertools.product(*(range(len(c.values)) for c in self.controls)):
            values = {c.key: c.values[i] for c, i in zip(self.controls, combination)}
            frame = self.frame(**values)
            if not isinstance(frame, Frame):
                raise TypeError(f"frame() must return a Frame, got {type(frame).__name__} for {values}")
            view_index = view_names.index(choice(frame.view, "frame view", self.views))
            layers = []
            for layer in frame.layers:
                # Frames often draw the same data (a run's prefixes): encode it once. The memo keeps
                # the data itself, so its id cannot be reused by another array meanwhile.
                key = (id(layer.data), layer.kind, layer.style, view_index)
                if key not in encoded:
                    encoded[key] = (layer.data, encode_layer(layer, self.views[frame.view], view_index, series))
                kind, style, index, _ = encoded[key][1]
                layers.append([kind, style, index, layer.count])
            frames[".".join(map(str, combination))] = [view_index, frame.verdict,
                                                        encode_text(frame.caption, templates), layers]
        self._payload = {
            "name": self.name,
            "title": for_page(self.title),
            "controls": [
                {"key": c.key, "label": for_page(c.label), "kind": c.kind, "tokens": list(c.tokens),
                 "labels": [for_page(label) for label in c.labels], "default": self.state[c.key]}
                for c in self.controls
            ],
            "verdicts": {key: for_page(words) for key, words in self.verdicts.items()},
            "ui": {"permalink": for_page(PERMALINK), "noscript": for_page(NEEDS_SCRIPT),
                   "scroll": for_page(SCROLL_HINT)},
            "views": views,
            "series": series.items,
            "texts": template_table(templates),
            "frames": frames,
        }
        return self._payload

    def to_json(self) -> str:
        text = json.dumps(self.payload(), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return text.replace("</", "<\\/")  # never close the surrounding <script> early

    def _frame_at(self, state, language=None):
        payload = self.payload()
        view, verdict, caption, layers = payload["frames"][".".join(str(state[c.key]) for c in self.controls)]
        caption = decode_text(caption, payload["texts"], language or reader_language())
        return {"view": view, "verdict": verdict, "caption": caption, "layers": layers}

    def to_html(self, language=None) -> str:
        """The self-contained view: root div, inline style, controls, SVG, texts, data and script.

        Its texts are written in `language` (default: the reader's); the script rewrites them in
        the page's language (``<html lang>``) from the data, which holds every language.
        """
        state = self.state
        esc = html.escape

        def say(value):
            return esc(in_language(value, language))

        base = f"lnn-{self.name}"
        frame = self._frame_at(state, language)
        query = "&".join(f"{self.name}.{c.key}={c.tokens[state[c.key]]}" for c in self.controls)
        controls = []
        for c in self.controls:
            cid, current = f"{base}-{c.key}", state[c.key]
            if c.kind == "select":
                options = "".join(
                    f'<option value="{i}"{" selected" if i == current else ""}>{say(label)}</option>'
                    for i, label in enumerate(c.labels)
                )
                widget = f'<select id="{cid}" data-control="{c.key}">{options}</select>'
            else:
                widget = (
                    f'<input type="range" id="{cid}" data-control="{c.key}" min="0" max="{len(c.values) - 1}" '
                    f'step="1" value="{current}" aria-valuetext="{say(c.labels[current])}">'
                    f'<output id="{cid}-value" for="{cid}" data-value-for="{c.key}">{say(c.labels[current])}</output>'
                )
            controls.append(f'<div class="lnn-control"><label for="{cid}">{say(c.label)}</label>{widget}</div>')
        description = esc(self.describe(state, language))
        verdict = frame["verdict"]
        return "\n".join([
            f'<div class="lnn-explorer" id="{base}" data-explorer="{self.name}" data-state="{esc(query)}">',
            f"<style>{static_asset('explorer.css')}</style>",
            f'<p class="lnn-title" id="{base}-title">{say(self.title)}</p>',
            f'<div class="lnn-controls">{"".join(controls)}</div>',
            f'<div class="lnn-figure-box" data-role="figure-box"><svg data-role="figure" id="{base}-figure" '
            f'role="img" aria-label="{description}" viewBox="0 0 640 400" xmlns="http://www.w3.org/2000/svg">'
            f'<title>{description}</title></svg></div>',
            f'<p class="lnn-scroll-hint" data-role="scroll-hint" hidden>{say(SCROLL_HINT)}</p>',
            f'<p class="lnn-status" aria-live="polite"><span class="lnn-verdict" data-role="verdict" '
            f'data-verdict="{esc(verdict)}">{say(self.verdicts.get(verdict, verdict))}</span> '
            f'<span data-role="caption">{esc(frame["caption"])}</span></p>',
            f'<p class="lnn-link"><a data-role="permalink" href="?{esc(query)}">{say(PERMALINK)}</a></p>',
            f'<noscript><p>{say(NEEDS_SCRIPT)}</p></noscript>',
            f'<script type="application/json" class="lnn-data">{self.to_json()}</script>',
            view_scripts("scroll_box.js", "explorer.js"),
            "</div>",
        ])

    def describe(self, state=None, language=None) -> str:
        """The figure's accessible name for a state (control indices), in `language`: title, settings, verdict."""
        state = self.state if state is None else state
        frame = self._frame_at(state, language)

        def say(value):
            return in_language(value, language)

        settings = ", ".join(f"{say(c.label)} {say(c.labels[state[c.key]])}" for c in self.controls)
        verdict = say(self.verdicts.get(frame["verdict"], frame["verdict"]))
        return " ".join(part for part in (f"{say(self.title)}: {settings}.", f"{verdict}." if verdict else "",
                                          frame["caption"]) if part)


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
        """The live widget, the kernel-free view (for the book) and the default view as a picture
        (what Jupyter shows of the stored output before the cell runs); see `backprop.book.mime`."""
        bundle = {}
        live = self.live
        if live is not None:
            bundle.update(live.box._repr_mimebundle_())
            bundle["image/png"] = first_view(live.image.value)
        bundle[STATIC_VIEW] = self.static.to_html()
        bundle["text/plain"] = self.text
        return bundle

    def __repr__(self):
        return self.text
