"""Lay out and draw a `Value` graph with matplotlib alone (chapter 3, and any chapter that shows a graph).

`graph_layout(output)` places every node: inputs on the left, `output` on the right, one column per
depth. `graph_geometry(output)` adds a bend for every edge, so that it misses the other boxes, and
the drawing's extent; the drawing here and the step-through player (`backprop.book.backward_player`)
both draw from it, so they look alike.

`draw_graph(output)` draws every node as one rounded box (its name and computation, ``data`` and
``grad``) and every edge as an arrow from an input to the node computed from it. It needs no
graphviz: only matplotlib patches and text (matplotlib is imported when it draws), on an opaque
white panel with dark ink, so the figure reads the same on light and dark pages.

Artists carry a gid, so tests can find them: node ``i`` (its index in ``graph_nodes(output)``) is
the one `FancyBboxPatch` with gid ``node-<i>``; its texts have gids ``label-<i>``, ``data-<i>``
and ``grad-<i>``; edge ``j`` (index in ``graph_edges(output)``) is the `FancyArrowPatch` with gid
``edge-<j>``, its local gradient (with ``edge_labels=True``) the text ``local-<j>``. Count the node
artists with `node_artists`.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from ..autograd import Value
from ..checks import count, positive_finite
from .style import BACKGROUND, COLORS, GRID, INK, check_axes
from .value_graphs import (
    Edge,
    format_number,
    graph_edges,
    graph_nodes,
    node_consumers,
    node_depths,
    node_expression,
    node_names,
)

BOX_WIDTH, BOX_HEIGHT = 1.75, 1.0  # a node's box, in data units
LINE_GAP = 0.29 * BOX_HEIGHT  # between the centres of a box's lines of text
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


# -- layout --


def graph_layout(output, column_gap: float = 1.0, row_gap: float = 1.0) -> dict[Value, tuple[float, float]]:
    """An (x, y) position for every node, inputs on the left and `output` on the right.

    An operation sits in the column of its depth (longest path from an input); an input sits one
    column before its first consumer, so a constant used late is drawn next to where it is used.
    Within a column, nodes are ordered by the mean height of their neighbours (two barycentre
    sweeps, ties broken by topological index) to keep edges short and crossings few. Columns are
    centred on y = 0, first node on top.
    """
    column_gap, row_gap = positive_finite(column_gap, "column_gap"), positive_finite(row_gap, "row_gap")
    nodes = graph_nodes(output)
    index = {node: i for i, node in enumerate(nodes)}
    depths = node_depths(output)
    consumers = node_consumers(output)
    column = {}
    for node in nodes:
        if node.inputs:
            column[node] = depths[node]
        else:
            column[node] = min((depths[c] for c in consumers[node]), default=1) - 1
    columns: dict[int, list[Value]] = {}
    for node in nodes:
        columns.setdefault(column[node], []).append(node)
    neighbours = {node: list(dict.fromkeys(node.inputs)) + consumers[node] for node in nodes}
    height = {}

    def place(col):
        members = columns[col]
        for rank, node in enumerate(members):
            height[node] = (len(members) - 1) / 2.0 - rank

    for col in columns:
        place(col)
    for sweep in (sorted(columns), sorted(columns, reverse=True)):
        for col in sweep:
            members = columns[col]
            if len(members) < 2:
                continue

            def barycentre(node):
                around = neighbours[node]
                return -sum(height[n] for n in around) / len(around) if around else -height[node]

            members.sort(key=lambda node: (barycentre(node), index[node]))
            place(col)
    return {node: (column[node] * column_gap, height[node] * row_gap) for node in nodes}


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


class GraphGeometry(NamedTuple):
    """Where everything of a drawing goes, in data units (y up).

    `layout` maps each node to its box's centre; `bends[j]` is edge ``j``'s arc3 bend (the curve
    is the quadratic Bezier whose control point is the midpoint moved by ``bend * (dy, -dx)``);
    `extent` is ``(x0, x1, y0, y1)``, every box and curve inside.
    """

    nodes: list[Value]
    edges: list[Edge]
    layout: dict[Value, tuple[float, float]]
    bends: list[float]
    extent: tuple[float, float, float, float]


def graph_geometry(output, edge_labels: bool = False) -> GraphGeometry:
    """The layout of `output`'s graph, its edges' bends and its extent (columns wider with `edge_labels`)."""
    nodes = graph_nodes(output)
    layout = graph_layout(output, LABELLED_COLUMN_GAP if edge_labels else COLUMN_GAP, ROW_GAP)
    edges = graph_edges(output)
    bends, curve_points = _edge_bends(edges, {node: i for i, node in enumerate(nodes)}, layout)
    return GraphGeometry(nodes, edges, layout, bends, _extent(layout, curve_points))


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


# -- the drawing --


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
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    nodes = graph_nodes(output)
    max_nodes = count(max_nodes, "max_nodes", minimum=1)
    if len(nodes) > max_nodes:
        raise ValueError(f"output's graph has {len(nodes)} nodes, more than max_nodes={max_nodes}")
    names = node_names(output)
    if grads is None:
        grads = [node.grad for node in nodes]
    grads = _per_node(grads, len(nodes), "grads")
    for g in grads:
        if isinstance(g, bool) or not isinstance(g, (numbers.Real, str)):
            raise TypeError(f"every entry of grads must be a number or a string, got {type(g).__name__}")
    if states is None:
        states = ["operation" if node.inputs else "input" for node in nodes]
    states = _per_node(states, len(nodes), "states")
    for state in states:
        if state not in NODE_STYLES:
            raise ValueError(f"unknown node state {state!r}; expected one of {sorted(NODE_STYLES)}")
    if highlight is None:
        highlighted = set()
    elif isinstance(highlight, (Value, str, bytes)) or not hasattr(highlight, "__iter__"):
        raise TypeError("highlight must be a collection of the graph's nodes (a list or a set), or None")
    else:
        highlighted = set(highlight)
    _, edges, layout, bends, extent = graph_geometry(output, edge_labels)
    index = {node: i for i, node in enumerate(nodes)}
    if check_axes(ax) is None:
        import matplotlib.pyplot as plt

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
        dy = LINE_GAP
        top, middle = (y + dy, y) if show_grad else (y + dy / 2, y - dy / 2)
        ax.text(x, top, head, fontweight="bold", gid=f"label-{i}", **text_style)
        ax.text(x, middle, f"data {format_number(node.data)}", gid=f"data-{i}", **text_style)
        if show_grad:
            grad = grads[i] if isinstance(grads[i], str) else format_number(grads[i])
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
                    **{**text_style, "fontsize": 9})
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    if title:
        ax.set_title(title, color=INK)
    return fig


def node_artists(ax):
    """The node boxes `draw_graph` drew on `ax`, in node order (one per graph node)."""
    boxes = [p for p in ax.patches if (p.get_gid() or "").startswith("node-")]
    return sorted(boxes, key=lambda p: int(p.get_gid().split("-")[1]))
