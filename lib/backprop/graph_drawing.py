"""Draw a `Value` graph with matplotlib alone, and step through its backward pass in a static HTML player.

`draw_graph(output)` draws every node as one rounded box (its name and computation, ``data`` and
``grad``) and every edge as an arrow from an input to the node computed from it, laid out by
`graphs.graph_layout`. It needs no graphviz: only matplotlib patches and text, on an opaque white
panel with dark ink, so the figure reads the same on light and dark pages.

Artists carry a gid, so tests and the player can find them: node ``i`` (its index in
``graph_nodes(output)``) is the one `FancyBboxPatch` with gid ``node-<i>``; its texts have gids
``label-<i>``, ``data-<i>`` and ``grad-<i>``; edge ``j`` (index in ``graph_edges(output)``) is the
`FancyArrowPatch` with gid ``edge-<j>``. Count the node artists with
``[p for p in ax.patches if p.get_gid().startswith("node-")]``.

`backward_player(output)` returns a `BackwardPlayer`: one frame per node the backward pass visits
(`graphs.backward_frames`), shown as one inline SVG whose colours and ``grad`` texts a few lines
of inline JavaScript update from compact JSON. No external script, no require.js, no CDN, no
kernel: it plays in the static book page, and in Jupyter once the notebook is trusted. The HTML
is byte-identical from run to run (fixed SVG hash salt, no metadata, ids from a content hash).

DOM contract of the player (for browser tests and custom styling):

- root: ``div.backprop-player`` with a deterministic ``id`` and ``data-frame-count="N"``;
  ``data-ready="1"`` is set once the script has wired it up;
- buttons: ``button[data-action="first"]``, ``[data-action="prev"]``, ``[data-action="play"]``
  (its text reads "‖ Pause" and ``aria-pressed="true"`` while playing), ``[data-action="next"]``,
  ``[data-action="last"]``;
- slider: ``input[type="range"].backprop-player-slider`` (``min=0``, ``max=N-1``, value = frame index),
  labelled "Step";
- counter: ``output.backprop-player-counter`` with text ``"Step k of N"`` (k counts from 1);
- caption: ``p.backprop-player-caption``, the sentence describing frame k (``aria-live="polite"``);
- figure: the ``svg`` inside ``div.backprop-player-figure``, ``role="img"``, whose ``aria-label`` ends
  with the current caption; node ``i`` is ``<g id="{root id}-node-<i>">`` (its ``path`` fill/stroke show
  the state), its gradient text is ``<g id="{root id}-grad-<i>"><text>grad …</text></g>``;
- data: ``script[type="application/json"].backprop-player-frames`` holding the frames.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import numbers
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._checks import count
from .graphs import _fmt, backward_frames, graph_edges, graph_layout, graph_nodes, node_expression, node_names
from .plotting import BACKGROUND, BOOK_STYLE, COLORS, GRID, INK

BOX_WIDTH, BOX_HEIGHT = 1.75, 1.0  # a node's box, in data units
# Distance between the centres of neighbouring columns (wider when edges carry labels) and rows.
COLUMN_GAP, LABELLED_COLUMN_GAP, ROW_GAP = 2.3, 2.65, 1.4
INCHES_PER_UNIT = 0.6
MAX_WIDTH_INCHES = 11.0

# Each state is (fill, edge colour, edge width): light fills under dark ink, so every text keeps its contrast.
NODE_STYLES = {
    "input": ("#eef1f4", INK, 1.0),
    "operation": (BACKGROUND, INK, 1.0),
    "pending": (BACKGROUND, COLORS["gray"], 1.0),
    "current": ("#fbe0cf", COLORS["orange"], 2.8),
    "done": ("#d9e9f5", COLORS["blue"], 1.6),
}
EDGE_STYLES = {"normal": (COLORS["gray"], 1.1), "active": (COLORS["orange"], 2.6)}


def _extent(layout, curve_points=()):
    """x0, x1, y0, y1 of a drawing: every box, and every point of the edges' curves."""
    xs = [x for x, _ in layout.values()]
    ys = [y for _, y in layout.values()]
    curve_ys = [y for _, y in curve_points]
    margin = 0.25
    return (
        min(xs) - BOX_WIDTH / 2 - margin,
        max(xs) + BOX_WIDTH / 2 + margin,
        min([min(ys) - BOX_HEIGHT / 2, *curve_ys]) - margin,
        max([max(ys) + BOX_HEIGHT / 2, *curve_ys]) + margin,
    )


def _figure_size(extent, title):
    x0, x1, y0, y1 = extent
    width, height = (x1 - x0) * INCHES_PER_UNIT, (y1 - y0) * INCHES_PER_UNIT + (0.4 if title else 0.0)
    scale = min(1.0, MAX_WIDTH_INCHES / width)
    return width * scale, height * scale


def _per_node(values, n, name):
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a sequence with one entry per node, got {type(values).__name__}")
    if len(values) != n:
        raise ValueError(f"{name} must have one entry per node ({n}), got {len(values)}")
    return list(values)


def draw_graph(output, ax=None, *, grads=None, states=None, highlight=(), show_grad=True, edge_labels=False,
               title=None, max_nodes=60):
    """Draw the computational graph of `output`, with each node's data and grad; return the figure.

    `grads` optionally replaces the ``.grad`` shown for each node (numbers, or strings shown as they
    are), indexed like ``graph_nodes(output)``; `states` optionally colours each node by one of
    ``"input"``, ``"operation"``, ``"pending"``, ``"current"``, ``"done"``; nodes in `highlight` are
    drawn as ``"current"``. `edge_labels` writes each edge's local gradient on it. Without `ax`, a
    figure sized to the graph is created. Graphs of more than `max_nodes` nodes are refused: a
    drawing is for graphs small enough to read.
    """
    nodes = graph_nodes(output)
    max_nodes = count(max_nodes, "max_nodes", minimum=1)
    if len(nodes) > max_nodes:
        raise ValueError(f"output's graph has {len(nodes)} nodes, more than max_nodes={max_nodes}")
    names = node_names(output)
    layout = graph_layout(output, LABELLED_COLUMN_GAP if edge_labels else COLUMN_GAP, ROW_GAP)
    if grads is None:
        grads = [node.grad for node in nodes]
    grads = _per_node(grads, len(nodes), "grads")
    for g in grads:
        if isinstance(g, bool) or not isinstance(g, (numbers.Real, str)):
            raise TypeError(f"every entry of grads must be a number or a string, got {type(g).__name__}")
    if states is None:
        states = ["operation" if node._prev else "input" for node in nodes]
    states = _per_node(states, len(nodes), "states")
    for state in states:
        if state not in NODE_STYLES:
            raise ValueError(f"unknown node state {state!r}; expected one of {sorted(NODE_STYLES)}")
    highlighted = set(highlight) if highlight is not None else set()
    edges = graph_edges(output)
    index = {node: i for i, node in enumerate(nodes)}
    bends, curve_points = _edge_bends(edges, index, layout)
    extent = _extent(layout, curve_points)
    if ax is None:
        fig, ax = plt.subplots(figsize=_figure_size(extent, title))
        fig.subplots_adjust(left=0, right=1, bottom=0, top=0.9 if title else 1)
    fig = ax.figure
    fig.set_facecolor(BACKGROUND)
    ax.set_facecolor(BACKGROUND)
    ax.set_axis_off()

    text_style = {"ha": "center", "va": "center", "color": INK, "fontsize": 9, "zorder": 3, "clip_on": False}
    boxes = []
    for i, node in enumerate(nodes):
        x, y = layout[node]
        fill, edge, width = NODE_STYLES["current" if node in highlighted else states[i]]
        box = FancyBboxPatch(
            (x - BOX_WIDTH / 2, y - BOX_HEIGHT / 2), BOX_WIDTH, BOX_HEIGHT,
            boxstyle="round,pad=0,rounding_size=0.12", facecolor=fill, edgecolor=edge, linewidth=width,
            zorder=2, clip_on=False, gid=f"node-{i}",
        )
        ax.add_patch(box)
        boxes.append(box)
        expression = node_expression(node, names)
        head = f"{names[node]} = {expression}" if expression else names[node]
        dy = BOX_HEIGHT * 0.29
        top, middle = (y + dy, y) if show_grad else (y + dy / 2, y - dy / 2)
        ax.text(x, top, head, fontweight="bold", gid=f"label-{i}", **text_style)
        ax.text(x, middle, f"data {_fmt(node.data)}", gid=f"data-{i}", **text_style)
        if show_grad:
            grad = grads[i] if isinstance(grads[i], str) else _fmt(grads[i])
            ax.text(x, y - dy, f"grad {grad}", gid=f"grad-{i}", **text_style)

    edge_color, edge_width = EDGE_STYLES["normal"]
    for j, (edge, rad) in enumerate(zip(edges, bends)):
        (xa, ya), (xb, yb) = layout[edge.source], layout[edge.target]
        arrow = FancyArrowPatch(
            (xa, ya), (xb, yb), patchA=boxes[index[edge.source]], patchB=boxes[index[edge.target]],
            arrowstyle="-|>", mutation_scale=12, connectionstyle=f"arc3,rad={rad:.2f}", color=edge_color,
            linewidth=edge_width, shrinkA=0, shrinkB=1, zorder=1, clip_on=False, gid=f"edge-{j}",
        )
        ax.add_patch(arrow)
        if edge_labels:
            # The midpoint of matplotlib's arc3 curve (a quadratic Bezier), valid because the aspect is equal.
            x_mid, y_mid = (xa + xb) / 2 + rad * (yb - ya) / 2, (ya + yb) / 2 - rad * (xb - xa) / 2
            ax.text(x_mid, y_mid, f"{edge.local_grad:.3g}", gid=f"local-{j}",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": BACKGROUND, "edgecolor": GRID},
                    **{**text_style, "fontsize": 8})
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    if title:
        ax.set_title(title, color=INK)
    return fig


BENDS = (0.0, -0.15, 0.15, -0.3, 0.3, -0.45, 0.45, -0.6, 0.6)


def _edge_bends(edges, index, layout):
    """A bend (matplotlib's arc3 `rad`) for each edge, so that it misses the other nodes' boxes.

    Tries straight first, then ever stronger bends to either side, and keeps the first that crosses
    no box (or the one crossing fewest); a second edge between the same two nodes gets another bend.
    Returns the bends and the curves' points of furthest reach (to size the drawing).
    """
    nodes = list(index)
    centres = np.array([layout[node] for node in nodes])
    half = np.array([BOX_WIDTH / 2 + 0.06, BOX_HEIGHT / 2 + 0.06])
    t = np.linspace(0.08, 0.92, 40)[None, :, None]
    bends = np.array(BENDS)[:, None, None]
    used: dict[tuple[int, int], list[float]] = {}
    chosen, reach = [], []
    for edge in edges:
        a, b = index[edge.source], index[edge.target]
        start, end = centres[a], centres[b]
        middle = (start + end) / 2 + bends * np.array([end[1] - start[1], start[0] - end[0]])
        curve = (1 - t) ** 2 * start + 2 * (1 - t) * t * middle + t**2 * end  # (bends, samples, 2)
        inside = np.all(np.abs(curve[:, :, None, :] - centres[None, None, :, :]) < half, axis=-1)
        inside[:, :, [a, b]] = False
        hits = inside.any(axis=1).sum(axis=1)
        taken = used.setdefault((a, b), [])
        costs = [(int(hits[k]) + 100 * any(abs(rad - t) < 0.25 for t in taken), k) for k, rad in enumerate(BENDS)]
        best = min(costs)[1]
        taken.append(BENDS[best])
        chosen.append(BENDS[best])
        reach.append(tuple(curve[best, len(t[0]) // 2]))
    return chosen, reach


def node_artists(ax):
    """The node boxes `draw_graph` drew on `ax`, in node order (one per graph node)."""
    boxes = [p for p in ax.patches if (p.get_gid() or "").startswith("node-")]
    return sorted(boxes, key=lambda p: int(p.get_gid().split("-")[1]))


# -- the step-through player --

_SVG_RC = {**BOOK_STYLE, "svg.hashsalt": "backprop", "svg.fonttype": "none"}


def _graph_svg(output, grads, states, uid, label) -> str:
    """The graph as a compact, deterministic inline SVG whose ids all start with `uid`."""
    layout = graph_layout(output, COLUMN_GAP, ROW_GAP)
    edges = graph_edges(output)
    _, curve_points = _edge_bends(edges, {node: i for i, node in enumerate(graph_nodes(output))}, layout)
    with mpl.rc_context(_SVG_RC):
        fig = Figure(figsize=_figure_size(_extent(layout, curve_points), None))
        ax = fig.add_axes((0, 0, 1, 1))
        draw_graph(output, ax=ax, grads=grads, states=states, max_nodes=200)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    # matplotlib's `* {...}` rule would restyle the whole page once the SVG is inline.
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = re.sub(r'id="', f'id="{uid}-', svg)
    svg = svg.replace("url(#", f"url(#{uid}-").replace('href="#', f'href="#{uid}-')
    width = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg).group(1)
    svg = re.sub(r'\swidth="[\d.]+pt" height="[\d.]+pt"', "", svg, count=1)
    attributes = (
        f' role="img" aria-label="{html.escape(label)}" focusable="false"'
        f' style="display:block;width:100%;max-width:{width}pt;height:auto;margin:0 auto"'
    )
    return svg.replace("<svg", "<svg" + attributes, 1).strip()


_SCRIPT = """(function () {
  var script = document.currentScript;
  var root = script && script.closest ? script.closest(".backprop-player") : null;
  if (!root) root = document.getElementById("%(uid)s");
  if (!root || root.getAttribute("data-ready") === "1") return;
  var data = JSON.parse(root.querySelector("script.backprop-player-frames").textContent);
  var frames = data.frames, timer = null, current = 0;
  var slider = root.querySelector(".backprop-player-slider");
  var counter = root.querySelector(".backprop-player-counter");
  var caption = root.querySelector(".backprop-player-caption");
  var svg = root.querySelector(".backprop-player-figure svg");
  var play = root.querySelector('[data-action="play"]');
  function part(kind, i) { return root.querySelector('[id="' + root.id + "-" + kind + "-" + i + '"]'); }
  function paint(group, stroke, fill, width) {
    if (!group) return;
    var paths = group.querySelectorAll("path");
    for (var k = 0; k < paths.length; k++) {
      var p = paths[k];
      p.style.stroke = stroke; p.style.strokeWidth = width;
      if (fill && p.style.fill !== "none") p.style.fill = fill;
    }
  }
  function show(k) {
    current = Math.max(0, Math.min(frames.length - 1, k));
    var f = frames[current];
    for (var i = 0; i < f.grads.length; i++) {
      var style = data.nodeStyles[f.states.charAt(i)];
      paint(part("node", i), style[1], style[0], style[2]);
      var g = part("grad", i), t = g && g.querySelector("text");
      if (t) t.textContent = "grad " + f.grads[i];
    }
    for (var j = 0; j < data.edgeCount; j++) {
      var edgeStyle = f.edges.indexOf(j) >= 0 ? data.edgeStyles.active : data.edgeStyles.normal;
      paint(part("edge", j), edgeStyle[0], edgeStyle[0], edgeStyle[1]);
    }
    slider.value = String(current);
    counter.textContent = "Step " + (current + 1) + " of " + frames.length;
    caption.textContent = f.caption;
    svg.setAttribute("aria-label", data.label + " " + f.caption);
  }
  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    play.textContent = "\\u25B6 Play"; play.setAttribute("aria-pressed", "false");
  }
  function start() {
    if (current >= frames.length - 1) show(0);
    play.textContent = "\\u2016 Pause"; play.setAttribute("aria-pressed", "true");
    timer = setInterval(function () {
      if (current >= frames.length - 1) { stop(); return; }
      show(current + 1);
    }, %(interval)d);
  }
  root.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-action]") : null;
    if (!button || !root.contains(button)) return;
    var action = button.getAttribute("data-action");
    if (action === "play") { if (timer === null) start(); else stop(); return; }
    stop();
    if (action === "first") show(0);
    else if (action === "prev") show(current - 1);
    else if (action === "next") show(current + 1);
    else if (action === "last") show(frames.length - 1);
  });
  slider.addEventListener("input", function () { stop(); show(parseInt(slider.value, 10)); });
  show(0);
  root.setAttribute("data-ready", "1");
})();"""

_BUTTON_STYLE = (
    f"background:{BACKGROUND};color:{INK};border:1px solid {COLORS['gray']};border-radius:4px;"
    "padding:0.15rem 0.55rem;margin:0 0.15rem 0 0;font:inherit;cursor:pointer"
)


class BackwardPlayer:
    """A kernel-free, step-by-step view of the backward pass: one frame per node visited.

    `frames` holds the `graphs.BackwardFrame`s; `html` is the self-contained player (also shown by
    Jupyter through `_repr_html_`). See the module docstring for its DOM contract.
    """

    def __init__(self, output, order=None, *, digits=3, interval_ms=1200):
        self.frames = backward_frames(output, order, digits=digits)
        nodes = graph_nodes(output)
        names = node_names(output)
        self.node_names = [names[node] for node in nodes]
        interval_ms = count(interval_ms, "interval_ms", minimum=100)
        visited = set()
        encoded = []
        for frame in self.frames:
            visited.add(frame.visited)
            states = "".join(
                "c" if i == frame.visited else "d" if i in visited else "p" for i in range(len(nodes))
            )
            encoded.append({
                "grads": [_fmt(g, digits) for g in frame.grads],
                "states": states,
                "edges": list(frame.edges),
                "caption": frame.caption,
            })
        label = (
            f"Computational graph of {names[output]} during the backward pass. Boxes are nodes showing their"
            " data and grad; arrows point from each input to the node computed from it; the visited node is"
            " orange, visited nodes blue."
        )
        state_names = {"c": "current", "d": "done", "p": "pending"}
        payload = {
            "label": label,
            "edgeCount": len(graph_edges(output)),
            "nodeStyles": {k: list(NODE_STYLES[v]) for k, v in state_names.items()},
            "edgeStyles": {k: list(v) for k, v in EDGE_STYLES.items()},
            "frames": encoded,
        }
        data = json.dumps(payload, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
        uid = "backprop-player-" + hashlib.sha256(data.encode()).hexdigest()[:10]
        data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        first = encoded[0]
        svg = _graph_svg(
            output,
            first["grads"],
            [state_names[s] for s in first["states"]],
            uid,
            f"{label} {first['caption']}",
        )
        count_frames = len(encoded)
        buttons = "".join(
            f'<button type="button" data-action="{action}" aria-label="{aria}" style="{_BUTTON_STYLE}"'
            + (' aria-pressed="false"' if action == "play" else "")
            + f">{text}</button>"
            for action, aria, text in [
                ("first", "First step", "\u00ab First"),
                ("prev", "Previous step", "\u25c0 Previous"),
                ("play", "Play the backward pass", "\u25b6 Play"),
                ("next", "Next step", "Next \u25b6"),
                ("last", "Last step", "Last \u00bb"),
            ]
        )
        self.html = (
            f'<div class="backprop-player" id="{uid}" data-frame-count="{count_frames}" style="background:{BACKGROUND};'
            f"color:{INK};border:1px solid {GRID};border-radius:6px;padding:0.6rem 0.8rem;margin:0.5rem 0;"
            'font-family:system-ui,-apple-system,Segoe UI,sans-serif;font-size:0.9rem;line-height:1.4">'
            '<div class="backprop-player-controls" role="group" aria-label="Step through the backward pass"'
            ' style="display:flex;flex-wrap:wrap;align-items:center;gap:0.4rem">'
            f"{buttons}"
            '<label style="display:inline-flex;align-items:center;gap:0.3rem">Step '
            f'<input type="range" class="backprop-player-slider" min="0" max="{count_frames - 1}" step="1" value="0"'
            f' style="accent-color:{COLORS["blue"]};width:12rem"></label>'
            f'<output class="backprop-player-counter">Step 1 of {count_frames}</output></div>'
            '<p class="backprop-player-caption" aria-live="polite" style="margin:0.4rem 0;min-height:2.8em">'
            f"{html.escape(first['caption'])}</p>"
            f'<div class="backprop-player-figure">{svg}</div>'
            f'<script type="application/json" class="backprop-player-frames">{data}</script>'
            f"<script>{_SCRIPT % {'uid': uid, 'interval': interval_ms}}</script></div>"
        )

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        visits = ", ".join(self.node_names[frame.visited] for frame in self.frames)
        return f"BackwardPlayer: {len(self.frames)} frames, one per node visited: {visits}"


def backward_player(output, order=None, *, digits=3, interval_ms=1200) -> BackwardPlayer:
    """A static HTML/JS player of `output`'s backward pass (see `BackwardPlayer`).

    `order` defaults to the correct reversed topological order; pass `graphs.breadth_first_order`'s
    order to watch a wrong order lose part of a gradient. `interval_ms` is the delay between frames
    when playing.
    """
    return BackwardPlayer(output, order, digits=digits, interval_ms=interval_ms)
