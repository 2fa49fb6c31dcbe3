"""The backward player's graph as inline SVG (`backward_player`): the geometry `graph_drawing.draw_graph`
draws with, at the size it draws, each edge a forward and a backward arrow on one curve.

The SVG is written once, at the player's first frame; the player's script then changes only the
nodes' states, their gradients and which edges are active (see `backward_player`'s DOM contract).
Coordinates are rounded to 2 decimals, so the same graph gives the same bytes on every machine.
"""

from __future__ import annotations

import html

from .graph_drawing import BOX_HEIGHT, BOX_WIDTH, INCHES_PER_UNIT, LINE_GAP, graph_geometry
from .value_graphs import format_number, node_expression, node_names

SCALE = 72 * INCHES_PER_UNIT  # SVG user units (points) per data unit, the size draw_graph draws at
HEAD_LENGTH, HEAD_HALF_WIDTH, ARROW_GAP = 6.0, 3.0, 1.0  # an arrowhead, and its gap to the box, in points
STATE_CODES = {"p": "pending", "c": "current", "d": "done"}


def _coord(value: float) -> str:
    return format_number(value, 2)


def _point(point) -> str:
    return f"{_coord(point[0])} {_coord(point[1])}"


def _bezier(p0, c, p2, t):
    u = 1.0 - t
    return (u * u * p0[0] + 2 * u * t * c[0] + t * t * p2[0], u * u * p0[1] + 2 * u * t * c[1] + t * t * p2[1])


def _bisect(inside, lo, hi):
    """The t in [lo, hi] where `inside(t)` changes, given inside(lo) != inside(hi)."""
    start = inside(lo)
    for _ in range(40):
        middle = (lo + hi) / 2
        if inside(middle) == start:
            lo = middle
        else:
            hi = middle
    return (lo + hi) / 2


def _arrow(p0, c, p2, half):
    """The path of an edge from the box at `p0` to the box at `p2` (curve control `c`) and its arrowhead."""

    def in_box(point, centre):
        return abs(point[0] - centre[0]) <= half[0] and abs(point[1] - centre[1]) <= half[1]

    samples = [i / 64 for i in range(65)]
    leave = next(i for i, t in enumerate(samples) if not in_box(_bezier(p0, c, p2, t), p0))
    t_out = _bisect(lambda t: in_box(_bezier(p0, c, p2, t), p0), samples[leave - 1], samples[leave])
    enter = next(i for i in range(64, -1, -1) if not in_box(_bezier(p0, c, p2, samples[i]), p2))
    t_in = _bisect(lambda t: in_box(_bezier(p0, c, p2, t), p2), samples[enter], samples[enter + 1])

    def until(point, distance):  # the t before t_in where the curve is `distance` from `point`
        def near(t):
            here = _bezier(p0, c, p2, t)
            return (here[0] - point[0]) ** 2 + (here[1] - point[1]) ** 2 < distance**2

        return _bisect(near, t_out, t_in)

    tip = _bezier(p0, c, p2, until(_bezier(p0, c, p2, t_in), ARROW_GAP))
    t_base = until(tip, HEAD_LENGTH)
    start, base = _bezier(p0, c, p2, t_out), _bezier(p0, c, p2, t_base)
    u, v = 1.0 - t_out, 1.0 - t_base  # the control point of the piece from t_out to t_base
    control = tuple(u * v * p0[k] + (u * t_base + t_out * v) * c[k] + t_out * t_base * p2[k] for k in (0, 1))
    length = ((tip[0] - base[0]) ** 2 + (tip[1] - base[1]) ** 2) ** 0.5
    normal = ((base[1] - tip[1]) / length * HEAD_HALF_WIDTH, (tip[0] - base[0]) / length * HEAD_HALF_WIDTH)
    line = f"M {_point(start)} Q {_point(control)} {_point(base)}"
    wings = [(base[0] + sign * normal[0], base[1] + sign * normal[1]) for sign in (1, -1)]
    head = f"M {_point(tip)} L {_point(wings[0])} L {_point(wings[1])} Z"
    return line, head


TEXT_SIZE = 9
"""The size of the graph's text in the SVG's own units (``backward_player.css``: ``svg text``)."""
SMALLEST_TEXT_PX = 11
"""The graph is drawn at the width at which its text is this many CSS pixels, and never narrower: a
narrower box (a phone) scrolls it sideways instead of shrinking the text out of reach."""


def graph_svg(output, first, base, description) -> str:
    """The graph at its first frame (`first`, as encoded for the script), as an inline SVG."""
    nodes, edges, layout, bends, (x0, x1, y0, y1) = graph_geometry(output)
    names = node_names(output)
    esc = html.escape

    def point(x, y):
        return ((x - x0) * SCALE, (y1 - y) * SCALE)

    half = (BOX_WIDTH / 2 * SCALE, BOX_HEIGHT / 2 * SCALE)
    index = {node: i for i, node in enumerate(nodes)}
    parts = []
    for j, (edge, bend) in enumerate(zip(edges, bends)):
        (xa, ya), (xb, yb) = layout[edge.source], layout[edge.target]
        control = point((xa + xb) / 2 + bend * (yb - ya), (ya + yb) / 2 - bend * (xb - xa))
        source, target = point(xa, ya), point(xb, yb)
        arrows = []
        for direction, (start, end) in (("forward", (source, target)), ("backward", (target, source))):
            line, head = _arrow(start, control, end, half)  # the same curve, its head at the other end
            arrows.append(f'<g class="lnn-{direction}"><path class="lnn-line" d="{line}"/>'
                          f'<path class="lnn-head" d="{head}"/></g>')
        active = "true" if j in first["edges"] else "false"
        parts.append(f'<g data-role="edge" data-edge="{j}" data-active="{active}">{"".join(arrows)}</g>')
    gap = LINE_GAP * SCALE
    for node in nodes:
        i = index[node]
        x, y = point(*layout[node])
        expression = node_expression(node, names)
        label = f"{names[node]} = {expression}" if expression else names[node]
        parts.append(
            f'<g data-role="node" data-node="{i}" data-state="{STATE_CODES[first["states"][i]]}">'
            f'<rect x="{_coord(x - half[0])}" y="{_coord(y - half[1])}" width="{_coord(2 * half[0])}" '
            f'height="{_coord(2 * half[1])}" rx="{_coord(0.12 * SCALE)}"/>'
            f'<text class="lnn-name" x="{_coord(x)}" y="{_coord(y - gap)}">{esc(label)}</text>'
            f'<text x="{_coord(x)}" y="{_coord(y)}">data {format_number(node.data)}</text>'
            f'<text data-role="grad" x="{_coord(x)}" y="{_coord(y + gap)}">grad {first["grads"][i]}</text></g>'
        )
    width, height = _coord((x1 - x0) * SCALE), _coord((y1 - y0) * SCALE)
    zoom = SMALLEST_TEXT_PX / TEXT_SIZE  # CSS pixels per unit of the drawing
    return (
        f'<svg data-role="figure" id="{base}-figure" role="img" aria-label="{esc(description)}" '
        f'viewBox="0 0 {width} {height}" width="{_coord(float(width) * zoom)}" '
        f'height="{_coord(float(height) * zoom)}">'
        f"<title>{esc(description)}</title>{''.join(parts)}</svg>"
    )
