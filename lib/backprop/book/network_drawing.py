"""Draw a fully connected network: layers as columns of labelled circles, every weight a line.

`draw_network([2, 2, 1])` draws the network that ``MLP([2, 2, 1], ...)`` builds: the inputs in
the left column, each hidden layer in a column of its own, the outputs on the right, and one line
from every unit of a layer to every unit of the next, one line per weight. Above each column
stands its layer's name; below each gap between columns, the name of the weight matrix whose
entries its lines are ($W_1$, $W_2$, ...). Biases are not drawn: they have no line.

`unit_positions(sizes)` and `connections(sizes)` compute where the units go and which pairs are
joined, without matplotlib; the drawing imports matplotlib only when it draws. Artists carry a
gid so tests can find them: unit ``i`` of layer ``l`` (0 is the input layer) is the `Circle` with
gid ``unit-<l>-<i>``, the weight from it to unit ``j`` of layer ``l + 1`` the line with gid
``weight-<l>-<i>-<j>``.

The figure is compact (a 2-2-1 network is about 4 inches wide) and its text large, so it stays
readable when a phone shrinks it to the width of its screen.
"""

from __future__ import annotations

import numbers

from .style import BACKGROUND, COLORS, INK, check_axes

MAX_LAYERS = 8
MAX_UNITS = 12  # per layer: beyond this the circles and their labels would be too small to read
COLUMN_GAP, ROW_GAP, RADIUS = 1.5, 1.0, 0.3  # in data units, drawn with equal aspect
INCHES_PER_UNIT = 1.1
LABEL_SIZE, LAYER_NAME_SIZE, MATRIX_NAME_SIZE = 14, 12, 13

# Each kind of layer: (edge colour, fill), a light tint of the edge colour under dark ink.
LAYER_COLORS = {"input": COLORS["blue"], "hidden": COLORS["orange"], "output": COLORS["green"]}
FILL_SHARE = 0.2  # how much of the edge colour goes into a circle's fill (the rest is white)
LINE_COLOR, LINE_WIDTH = COLORS["gray"], 1.3


def check_sizes(sizes) -> list[int]:
    """`sizes` as a list of ints, raising unless it is 2 to `MAX_LAYERS` layer sizes of 1 to `MAX_UNITS`."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a list of layer sizes such as [2, 2, 1], got {type(sizes).__name__}")
    sizes = list(sizes)
    if not 2 <= len(sizes) <= MAX_LAYERS:
        raise ValueError(f"sizes must list 2 to {MAX_LAYERS} layers (input, hidden..., output), got {len(sizes)}")
    for layer, size in enumerate(sizes):
        if isinstance(size, bool) or not isinstance(size, numbers.Integral):
            raise TypeError(f"sizes[{layer}] must be a whole number of units, got {type(size).__name__}")
        if not 1 <= size <= MAX_UNITS:
            raise ValueError(f"sizes[{layer}] must be 1 to {MAX_UNITS} units (more would be unreadable), got {size}")
    return [int(size) for size in sizes]


def layer_kind(layer: int, n_layers: int) -> str:
    """'input', 'hidden' or 'output': the kind of layer `layer` (0-based) of `n_layers`."""
    return "input" if layer == 0 else "output" if layer == n_layers - 1 else "hidden"


def layer_names(sizes) -> list[str]:
    """The name written above each column: input, hidden (numbered when there are several), output."""
    sizes = check_sizes(sizes)
    hidden = len(sizes) - 2
    names = []
    for layer in range(len(sizes)):
        kind = layer_kind(layer, len(sizes))
        names.append(f"hidden {layer}" if kind == "hidden" and hidden > 1 else kind)
    return names


def default_labels(sizes) -> list[list[str]]:
    """Unit labels in matplotlib's math text: $x_i$ for inputs, $h_j$ for hidden units, $\\hat{y}$ for outputs.

    With several hidden layers, layer l's units are $h^{(l)}_j$; with several outputs, $\\hat{y}_k$.
    """
    sizes = check_sizes(sizes)
    labels = []
    for layer, size in enumerate(sizes):
        kind = layer_kind(layer, len(sizes))
        if kind == "input":
            labels.append([f"$x_{{{i + 1}}}$" for i in range(size)])
        elif kind == "output":
            labels.append(["$\\hat{y}$"] if size == 1 else [f"$\\hat{{y}}_{{{k + 1}}}$" for k in range(size)])
        elif len(sizes) == 3:
            labels.append([f"$h_{{{j + 1}}}$" for j in range(size)])
        else:
            labels.append([f"$h^{{({layer})}}_{{{j + 1}}}$" for j in range(size)])
    return labels


def check_labels(labels, sizes: list[int]) -> list[list[str]]:
    """`labels` as one list of strings per layer, raising unless its lengths match `sizes`."""
    if labels is None:
        return default_labels(sizes)
    if isinstance(labels, (str, bytes)) or not isinstance(labels, (list, tuple)):
        raise TypeError(f"labels must be a list with one list of strings per layer, got {type(labels).__name__}")
    if len(labels) != len(sizes):
        raise ValueError(f"labels must have one entry per layer ({len(sizes)}), got {len(labels)}")
    checked = []
    for layer, (names, size) in enumerate(zip(labels, sizes)):
        if isinstance(names, (str, bytes)) or not isinstance(names, (list, tuple)):
            raise TypeError(f"labels[{layer}] must be a list of strings, got {type(names).__name__}")
        if len(names) != size:
            raise ValueError(f"labels[{layer}] must name the layer's {size} units, got {len(names)} names")
        for i, name in enumerate(names):
            if not isinstance(name, str):
                raise TypeError(f"labels[{layer}][{i}] must be a string, got {type(name).__name__}")
        checked.append(list(names))
    return checked


def unit_positions(sizes) -> list[list[tuple[float, float]]]:
    """The (x, y) centre of every unit, layer by layer: a column per layer, centred on y = 0, first unit on top."""
    sizes = check_sizes(sizes)
    return [[(layer * COLUMN_GAP, ((size - 1) / 2 - i) * ROW_GAP) for i in range(size)]
            for layer, size in enumerate(sizes)]


def connections(sizes) -> list[tuple[int, int, int]]:
    """Every weight as (layer, i, j): from unit i of `layer` to unit j of layer + 1 (entry [i, j] of W_{layer+1})."""
    sizes = check_sizes(sizes)
    return [(layer, i, j) for layer in range(len(sizes) - 1)
            for i in range(sizes[layer]) for j in range(sizes[layer + 1])]


def _tint(color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return tuple(FILL_SHARE * c + (1 - FILL_SHARE) * 1.0 for c in to_rgb(color))


def draw_network(sizes, ax=None, *, labels=None, title=None):
    """Draw the fully connected network with layer sizes `sizes` (as for `MLP`); returns the axes.

    One circle per unit, labelled (`labels`: one list of strings per layer, matplotlib math text
    allowed; by default $x_i$, $h_j$, $\\hat{y}$), one line per weight, each layer's name above its
    column and each weight matrix's name ($W_1$, ...) below the lines it stands for. Draws on `ax`
    if given, else on a new figure sized to the network; `title` (a string) goes above.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle

    sizes = check_sizes(sizes)
    labels = check_labels(labels, sizes)
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, got {type(title).__name__}")
    positions = unit_positions(sizes)
    top = max(y for column in positions for _, y in column) + RADIUS
    x_limits = (-RADIUS - 0.35, (len(sizes) - 1) * COLUMN_GAP + RADIUS + 0.35)
    y_limits = (-top - 0.5, top + 0.45)
    if check_axes(ax) is None:
        width = (x_limits[1] - x_limits[0]) * INCHES_PER_UNIT
        height = (y_limits[1] - y_limits[0]) * INCHES_PER_UNIT + (0.35 if title else 0.0)
        _, ax = plt.subplots(figsize=(width, height), facecolor=BACKGROUND)

    for layer, i, j in connections(sizes):
        (x0, y0), (x1, y1) = positions[layer][i], positions[layer + 1][j]
        ax.plot([x0, x1], [y0, y1], color=LINE_COLOR, lw=LINE_WIDTH, solid_capstyle="butt", zorder=1,
                gid=f"weight-{layer}-{i}-{j}")
    for layer, column in enumerate(positions):
        color = LAYER_COLORS[layer_kind(layer, len(sizes))]
        for i, (x, y) in enumerate(column):
            ax.add_patch(Circle((x, y), RADIUS, facecolor=_tint(color), edgecolor=color, lw=2.0, zorder=2,
                                gid=f"unit-{layer}-{i}"))
            ax.text(x, y, labels[layer][i], ha="center", va="center", fontsize=LABEL_SIZE, color=INK, zorder=3)
    for layer, name in enumerate(layer_names(sizes)):
        ax.text(layer * COLUMN_GAP, top + 0.15, name, ha="center", va="bottom", fontsize=LAYER_NAME_SIZE, color=INK)
    for layer in range(1, len(sizes)):
        ax.text((layer - 0.5) * COLUMN_GAP, -top - 0.15, f"$W_{{{layer}}}$", ha="center", va="top",
                fontsize=MATRIX_NAME_SIZE, color=INK)
    ax.set_xlim(*x_limits)
    ax.set_ylim(*y_limits)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)
    return ax
