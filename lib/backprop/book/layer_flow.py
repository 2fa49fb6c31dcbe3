"""Chapter 4: the backward pass at the level of layers, drawn with the shape of every array.

`draw_layer_backward(sizes, batch)` draws an MLP of layer widths `sizes` (identity output layer,
softmax cross-entropy loss) as three rows: along the top the forward pass, X and then each
layer's Z = A W + b and A = f(Z), left to right, into the loss; along the bottom the deltas
coming back, right to left, each made from the one after it; in between each layer's weight
gradient dW = A_prev^T Delta, fed by the stored forward output above it and the delta below it.
Every box is labelled with its array and its shape for a batch of `batch` examples. Dashed arrows
carry what the backward pass takes from the forward pass: each layer's output into the next
layer's weight gradient, each hidden layer's net input (for f'(Z)) into its delta.
`layer_flow_boxes` computes the boxes (name, formula, shape, position) without matplotlib.
Artists carry a gid (``box-<name>``) so tests can find them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks import count
from .style import BACKGROUND, COLORS, INK, check_axes

ROWS = {"forward": 2.0, "gradient": 1.0, "delta": 0.0}
COLUMN = 2.6  # data units between layers
BOX_WIDTH, BOX_HEIGHT = 2.2, 0.62
TEXT_SIZE = 10.5


@dataclass(frozen=True)
class Box:
    """One array of the drawing: its `name` (a gid), its `label` (mathtext), its `shape` and its centre."""

    name: str
    label: str
    shape: str
    x: float
    y: float
    row: str


MAX_LAYERS = 4  # weight layers: more would not fit a page's width


def _check_sizes(sizes) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a list of layer widths such as [64, 32, 10], got {type(sizes).__name__}")
    sizes = [count(size, "every layer width", minimum=1) for size in sizes]
    if not 2 <= len(sizes) <= MAX_LAYERS + 1:
        raise ValueError(f"sizes must hold 2 to {MAX_LAYERS + 1} layer widths (inputs first), got {len(sizes)}")
    return sizes


def layer_flow_boxes(sizes, batch) -> list[Box]:
    """The boxes of `draw_layer_backward`: the forward arrays, the weight gradients and the deltas."""
    sizes = _check_sizes(sizes)
    batch = count(batch, "batch", minimum=1)
    depth = len(sizes) - 1
    boxes = [Box("X", r"$A_0 = X$", f"{batch}×{sizes[0]}", 0.0, ROWS["forward"], "forward")]
    for layer in range(1, depth + 1):
        x = layer * COLUMN
        if layer < depth:
            label = rf"$A_{layer} = f(A_{layer - 1} W_{layer} + b_{layer})$"
        else:
            label = rf"$Z_{layer} = A_{layer - 1} W_{layer} + b_{layer}$"
        boxes.append(Box(f"A{layer}", label, f"{batch}×{sizes[layer]}", x, ROWS["forward"], "forward"))
        boxes.append(Box(f"dW{layer}", rf"$dW_{layer} = A_{layer - 1}^\top \Delta_{layer}$",
                         f"{sizes[layer - 1]}×{sizes[layer]}", x - COLUMN / 2, ROWS["gradient"], "gradient"))
        if layer < depth:
            delta = rf"$\Delta_{layer} = \Delta_{layer + 1} W_{layer + 1}^\top \odot f'(Z_{layer})$"
        else:
            delta = rf"$\Delta_{layer} = (P - Y)/B$"
        boxes.append(Box(f"Delta{layer}", delta, f"{batch}×{sizes[layer]}", x, ROWS["delta"], "delta"))
    boxes.append(Box("L", r"$L$", "", (depth + 1) * COLUMN, ROWS["forward"], "forward"))
    return boxes


def draw_layer_backward(sizes, batch, ax=None):
    """Draw the forward pass, the deltas coming back and every weight gradient, with their shapes; returns the axes."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    boxes = layer_flow_boxes(sizes, batch)
    ax = check_axes(ax)
    depth = len(sizes) - 1
    if ax is None:
        _, ax = plt.subplots(figsize=(2.3 * (depth + 1.6), 3.9))
    by_name = {box.name: box for box in boxes}
    colors = {"forward": COLORS["blue"], "gradient": COLORS["green"], "delta": COLORS["orange"]}
    for box in boxes:
        width = 0.8 if box.name == "L" else BOX_WIDTH
        ax.add_patch(FancyBboxPatch((box.x - width / 2, box.y - BOX_HEIGHT / 2), width, BOX_HEIGHT,
                                    boxstyle="round,pad=0.04", linewidth=1.4, edgecolor=colors[box.row],
                                    facecolor=BACKGROUND, gid=f"box-{box.name}"))
        ax.text(box.x, box.y + (0.12 if box.shape else 0.0), box.label, ha="center", va="center", fontsize=TEXT_SIZE,
                color=INK)
        ax.text(box.x, box.y - 0.17, box.shape, ha="center", va="center", fontsize=TEXT_SIZE - 1,
                color=COLORS["gray"])

    def arrow(start, end, color, style="-|>", dashed=False):
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=12, linewidth=1.3, color=color,
                                     linestyle="--" if dashed else "-", shrinkA=0, shrinkB=0))

    half, up = BOX_WIDTH / 2, BOX_HEIGHT / 2
    names = ["X"] + [f"A{layer}" for layer in range(1, depth + 1)]
    for left, right in zip(names, names[1:]):
        arrow((by_name[left].x + half, ROWS["forward"]), (by_name[right].x - half, ROWS["forward"]), COLORS["blue"])
    last = by_name[f"A{depth}"]
    arrow((last.x + half, ROWS["forward"]), (by_name["L"].x - 0.4, ROWS["forward"]), COLORS["blue"])
    # The loss hands its gradient down to the last delta; each delta hands the next one back.
    arrow((by_name["L"].x, ROWS["forward"] - up), (last.x + half * 0.6, ROWS["delta"] + up), COLORS["orange"])
    for layer in range(depth, 1, -1):
        start, end = by_name[f"Delta{layer}"], by_name[f"Delta{layer - 1}"]
        arrow((start.x - half, ROWS["delta"]), (end.x + half, ROWS["delta"]), COLORS["orange"])
    # Each hidden delta takes its layer's stored net input (for f'(Z)) straight from above.
    for layer in range(1, depth):
        x = by_name[f"A{layer}"].x
        arrow((x, ROWS["forward"] - up), (x, ROWS["delta"] + up), COLORS["orange"], dashed=True)
    # Each weight gradient takes the stored forward output above-left and the delta below-right.
    for layer in range(1, depth + 1):
        gradient = by_name[f"dW{layer}"]
        source = by_name["X" if layer == 1 else f"A{layer - 1}"]
        arrow((source.x + 0.2, ROWS["forward"] - up), (gradient.x - 0.3, ROWS["gradient"] + up), COLORS["green"],
              dashed=True)
        arrow((by_name[f"Delta{layer}"].x - 0.3, ROWS["delta"] + up), (gradient.x + 0.3, ROWS["gradient"] - up),
              COLORS["green"])
    ax.text(-BOX_WIDTH / 2, ROWS["forward"] + 0.62, "forward: left to right", fontsize=TEXT_SIZE, color=COLORS["blue"])
    ax.text(-BOX_WIDTH / 2, ROWS["delta"] - 0.68, "backward: right to left", fontsize=TEXT_SIZE, color=COLORS["orange"])
    ax.set_xlim(-BOX_WIDTH / 2 - 0.2, by_name["L"].x + 0.6)
    ax.set_ylim(ROWS["delta"] - 0.85, ROWS["forward"] + 0.85)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
