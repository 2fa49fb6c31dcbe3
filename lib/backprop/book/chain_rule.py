"""The chain-rule chapter's helpers (chapter 3): work, backward orders, modes, tables and self-checks.

The chapter answers its questions with counts computed on real `Value` graphs. The walks are
`backprop.book.value_graphs` and the path counts `backprop.book.graph_paths`; this module
re-exports what the notebook uses of them (`graph_nodes`, `node_depths`, `count_paths`, ...) and adds:

- a gate that routes its gradient (`max_gate`);
- why the backward pass needs a topological order (`breadth_first_order` is a plausible order
  that gives wrong gradients; `first_order_violation` says where it goes wrong), and the work of
  one backward pass in a given order (`backward_in_order`), to compare with summing over paths;
- forward mode versus reverse mode (`forward_mode_gradient`, `reverse_mode_gradient`), and forward
  mode written out pass by pass (`format_forward_mode_table`);
- the numbers of a hand calculation (`graph_table`, `format_graph_table`);
- the chapter's exercises, declared once for the kernel's check and the page's answer box
  (`exercises`, see `backprop.book.exercises`).

Every backward pass here is `value_graphs.backward_sweep`, the one written-out copy of
`Value.backward`'s loop. Drawing a graph is `backprop.book.graph_drawing`; stepping through its
backward pass is `backprop.book.backward_player`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from ..autograd import Value
from ..checks import count
from ..gradcheck import numerical_gradient
from .backward_player import backward_player
from .exercises import Choice, Exercise, ExerciseSet, Near, Number, Order, Parameter, Whole
from .graph_drawing import draw_graph
from .graph_paths import PathSum, count_paths, gradient_by_paths, path_counts, path_sum_work, stacked_diamonds
from .language import Text
from .value_graphs import (
    backward_sweep,
    check_order,
    check_value,
    format_factor,
    format_number,
    graph_edges,
    graph_nodes,
    node_consumers,
    node_depths,
    node_expression,
    node_names,
)

__all__ = [  # this module's own names, then those it re-exports for the notebook
    "GradientCost", "GraphRow", "backward_in_order", "breadth_first_order", "exercises",
    "first_order_violation", "format_graph_table", "one_input", "several_paths",
    "format_forward_mode_table", "forward_mode_gradient", "graph_table", "max_gate", "reverse_mode_gradient",
    "PathSum", "count_paths", "gradient_by_paths", "graph_edges", "graph_nodes", "node_depths",
    "node_expression", "node_names", "path_counts", "path_sum_work", "stacked_diamonds",
    "backward_player", "draw_graph",
]


# -- gates --


def max_gate(a, b) -> Value:
    """max(a, b) from existing operations: ``b + relu(a - b)``.

    Its gradient *routes*: all of it goes to the larger input, none to the other
    (d/da = 1 and d/db = 0 when a > b).
    """
    a = a if isinstance(a, Value) else Value(a)
    b = b if isinstance(b, Value) else Value(b)
    return b + (a - b).relu()


# -- the order of the backward pass --


def breadth_first_order(output) -> list[Value]:
    """Nodes in the order a breadth-first search from `output` meets them.

    A tempting order for the backward pass, and a wrong one: a node reached by a short path is
    visited before a consumer reached by a longer path has sent it its share of the gradient.
    """
    output = check_value(output)
    seen = {output}
    order = []
    queue = deque([output])
    while queue:
        node = queue.popleft()
        order.append(node)
        for child in node.inputs:
            if child not in seen:
                seen.add(child)
                queue.append(child)
    return order


def first_order_violation(output, order) -> tuple[Value, Value] | None:
    """The first ``(node, consumer)`` where the backward `order` visits a node before one of its consumers.

    None when `order` is a valid backward order (a reversed topological order): then every node
    has received all of its gradient before it passes it on.
    """
    _, order = check_order(output, order)
    consumers = node_consumers(output)
    visited = set()
    for node in order:
        for consumer in consumers[node]:
            if consumer not in visited:
                return node, consumer
        visited.add(node)
    return None


def backward_in_order(output, order) -> int:
    """Run the backward pass visiting nodes in `order`; return the number of multiply-adds done.

    Starts from ``output.grad = 1`` and 0 everywhere else, then for each node in turn adds
    ``local_grad * node.grad`` into each of its inputs, exactly as `Value.backward` does, one
    multiply-add per edge (`backward_sweep`), and leaves the result in every node's ``.grad``
    (what was there before is replaced). With ``reversed(output.topological_order())`` the
    gradients are right; with an order that visits a node before its consumers
    (`breadth_first_order`) they can be wrong.
    """
    grads = {}
    multiply_adds = sum(len(step.sent) for step in backward_sweep(output, grads, order))
    for node, grad in grads.items():
        node.grad = grad
    return multiply_adds


# -- forward mode versus reverse mode --


@dataclass(frozen=True)
class GradientCost:
    """A gradient and what it cost: `passes` over the graph and `multiply_adds` in total."""

    gradient: np.ndarray
    passes: int
    multiply_adds: int


def _check_inputs(output, inputs) -> tuple[list[Value], list[Value]]:
    nodes = graph_nodes(output)
    if isinstance(inputs, Value) or not hasattr(inputs, "__iter__"):
        raise TypeError(f"inputs must be a sequence of Values, got {type(inputs).__name__}")
    inputs = list(inputs)
    if not inputs:
        raise ValueError("inputs must hold at least one Value")
    in_graph = set(nodes)
    for node in inputs:
        check_value(node, "every entry of inputs")
        if node not in in_graph:
            raise ValueError("every entry of inputs must be a node of output's graph")
    return nodes, inputs


def _tangents(nodes, seed) -> tuple[dict, int]:
    """One forward-mode pass: d node / d seed for every node (in topological order), and its multiply-adds."""
    tangent, multiply_adds = {}, 0
    for node in nodes:
        if node is seed:
            tangent[node] = 1.0
            continue
        total = 0.0
        for child, local in zip(node.inputs, node.local_grads):
            total += local * tangent[child]
            multiply_adds += 1
        tangent[node] = total
    return tangent, multiply_adds


def forward_mode_gradient(output, inputs) -> GradientCost:
    """d output / d input for each of `inputs`, by forward mode: one pass per input.

    A pass seeds one input's tangent with 1 and pushes tangents forward in topological order,
    ``tangent(node) = sum(local_grad * tangent(input))``, one multiply-add per edge. It yields the
    derivative of every node with respect to that one input, so a function of n inputs needs n
    passes. Leaves ``.grad`` untouched. `gradient` has shape ``(len(inputs),)``.
    """
    nodes, inputs = _check_inputs(output, inputs)
    gradient = np.zeros(len(inputs))
    multiply_adds = 0
    for i, seed in enumerate(inputs):
        tangent, work = _tangents(nodes, seed)
        gradient[i] = tangent[output]
        multiply_adds += work
    return GradientCost(gradient, len(inputs), multiply_adds)


def format_forward_mode_table(output, inputs, digits: int = 3) -> str:
    """Forward mode written out: one row per node (inputs first), its value, and one column per pass.

    The column of input v holds d node / d v for every node, from the pass that seeds v with 1:
    its last row is d output / d v. Leaves ``.grad`` untouched.
    """
    digits = count(digits, "digits")
    nodes, inputs = _check_inputs(output, inputs)
    names = node_names(output)
    columns = [_tangents(nodes, seed)[0] for seed in inputs]
    header = ("node", "value", *(f"d/d{names[seed]}" for seed in inputs))
    rows = [header] + [
        (names[node], format_number(node.data, digits), *(format_number(column[node], digits) for column in columns))
        for node in nodes
    ]
    widths = [max(len(row[k]) for row in rows) for k in range(len(header))]
    return "\n".join("  ".join(f"{cell:<{widths[0]}}" if k == 0 else f"{cell:>{widths[k]}}"
                               for k, cell in enumerate(row)) for row in rows)


def reverse_mode_gradient(output, inputs) -> GradientCost:
    """d output / d input for each of `inputs`, by reverse mode: one backward pass for all of them.

    The same sweep as `Value.backward` (one multiply-add per edge), kept in a dictionary so
    ``.grad`` is left untouched. `gradient` has shape ``(len(inputs),)``.
    """
    _, inputs = _check_inputs(output, inputs)
    grads = {}
    multiply_adds = sum(len(step.sent) for step in backward_sweep(output, grads))
    return GradientCost(np.array([grads[node] for node in inputs]), 1, multiply_adds)


# -- a hand calculation as a table --


@dataclass(frozen=True)
class GraphRow:
    """One node of a hand calculation: what it computes, its value, local gradients and gradient.

    `local_grads` pairs each input's name with d node / d input; `grad_terms` pairs each consumer's
    gradient with the local gradient that multiplies it (their products sum to `grad`).
    """

    name: str
    expression: str
    value: float
    local_grads: tuple[tuple[str, float], ...]
    grad_terms: tuple[tuple[float, float], ...]
    grad: float


def graph_table(output) -> list[GraphRow]:
    """The forward and backward pass of `output` as rows, inputs first, `output` last.

    The gradients are computed here by the chain rule, consumer by consumer, independently of
    ``.grad`` (which is left untouched), so they can be compared with `Value.backward`.
    """
    nodes = graph_nodes(output)
    names = node_names(output)
    terms = {node: [] for node in nodes}
    grads = {}
    for step in backward_sweep(output, grads):
        for child, local in zip(step.node.inputs, step.node.local_grads):
            terms[child].append((step.grad, float(local)))
    return [
        GraphRow(
            names[node],
            node_expression(node, names),
            node.data,
            tuple((names[child], float(local)) for child, local in zip(node.inputs, node.local_grads)),
            tuple(terms[node]),
            grads[node],
        )
        for node in nodes
    ]


def format_graph_table(output, digits: int = 3) -> str:
    """`graph_table` as aligned plain text: node, computation, value, local gradients, gradient.

    The last column writes each gradient as the chain rule does, ``consumer grad × local grad``
    summed over the node's consumers.
    """
    digits = count(digits, "digits")
    lines = []
    for row in graph_table(output):
        computes = f"{row.name} = {row.expression}" if row.expression else f"{row.name} (input)"
        local = ", ".join(f"d{row.name}/d{child}={format_number(g, digits)}" for child, g in row.local_grads) or "-"
        if row.grad_terms:
            sums = " + ".join(f"{format_number(g, digits)}×{format_factor(loc, digits)}" for g, loc in row.grad_terms)
            gradient = f"{sums} = {format_number(row.grad, digits)}"
        else:
            gradient = f"{format_number(row.grad, digits)} (output)"
        lines.append((computes, format_number(row.value, digits), local, gradient))
    header = ("node", "value", "local gradients", "gradient")
    widths = [max(len(line[k]) for line in [header, *lines]) for k in range(3)]
    rows = [header, *lines]
    return "\n".join(
        f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:<{widths[2]}}  {d}".rstrip() for a, b, c, d in rows
    )


# -- the chapter's exercises --


def _gradient(f, point) -> list[float]:
    """The gradient of `f` (a function of Values) at `point` by `Value`'s backward pass, confirmed by
    central differences."""
    values = [Value(float(p)) for p in point]
    f(*values).backward()
    by_value = np.array([v.grad for v in values])
    by_differences = np.atleast_1d(numerical_gradient(lambda x: f(*[Value(float(v)) for v in x]).data,
                                                      np.array(point, dtype=float)))
    if not np.allclose(by_value, by_differences, rtol=1e-5, atol=1e-6):
        raise ValueError("Value and central differences disagree: is f smooth there?")
    return [float(g) for g in by_value]


def one_input(x):
    """The first exercise's function, f(x) = tanh(x² - 1)."""
    return (x**2 - 1.0).tanh()


def several_paths(x, y, z):
    """The second exercise's function, f(x, y, z) = (x y + z) x: x reaches f by two paths."""
    return (x * y + z) * x


def _order_pairs(output):
    """(consumer, node) for every edge: the consumer must come before the node in a backward order."""
    names = node_names(output)
    return sorted({(names[edge.target], names[edge.source]) for edge in graph_edges(output)})


def _breadth_first_is_valid(output) -> str:
    return "yes" if first_order_violation(output, breadth_first_order(output)) is None else "no"


SHARE = Text("{label}: {x} follows one of x's two paths to f; their products add.")

exercises = ExerciseSet(
    Exercise(
        "chain-one-input", Text("One input"),
        parameters={"point": Parameter(0.8, ("x = 0.8",))},
        fields=(
            Number("df_dx", Text("df/dx at x = {point}"),
                   lambda p: _gradient(one_input, [p["point"]])[0],
                   Near(lambda p: 1 - np.tanh(p["point"] ** 2 - 1) ** 2,
                        Text("{label}: {x} is dtanh/du alone; the chain rule multiplies it by du/dx.")),
                   Near(lambda p: 2 * p["point"], Text("{label}: {x} is du/dx alone; the chain rule multiplies it by "
                                                       "dtanh/du.")),
                   digits=3),
        )),
    Exercise(
        "chain-several-paths", Text("Several paths"),
        parameters={"point": Parameter((2.0, -1.0, 3.0), ("(x, y, z) = (2, -1, 3)",))},
        fields=(
            Number("df_dx", Text("∂f/∂x"), lambda p: _gradient(several_paths, p["point"])[0],
                   Near(lambda p: p["point"][0] * p["point"][1] + p["point"][2], SHARE),
                   Near(lambda p: p["point"][0] * p["point"][1], SHARE)),
            Number("df_dy", Text("∂f/∂y"), lambda p: _gradient(several_paths, p["point"])[1]),
            Number("df_dz", Text("∂f/∂z"), lambda p: _gradient(several_paths, p["point"])[2]),
        )),
    Exercise(
        "backward-order", Text("The order of the backward pass"), context=("graph",),
        fields=(
            Order("order", Text("An order for the backward pass"),
                  lambda c: list(node_names(c["graph"]).values())[::-1], lambda c: _order_pairs(c["graph"])),
            Choice("breadth_first", Text("The breadth-first order, here"),
                   [("yes", Text("valid")), ("no", Text("not valid"))],
                   lambda c: _breadth_first_is_valid(c["graph"])),
        )),
    Exercise(
        "count-the-work", Text("Counting the work"), context=("output", "source"),
        parameters={"stages": Parameter(3, ("three stages",))},
        fields=(
            Whole("paths", Text("Paths from x to the output"),
                  lambda c: count_paths(c["output"], c["source"]),
                  Near(lambda c: 3 * c["stages"],
                       Text("{label}: {x} adds the routes of the stages; a path picks one route in every stage, "
                            "so the numbers of routes multiply."))),
            Whole("multiplications", Text("Multiplications, summing over every path"),
                  lambda c: path_sum_work(c["output"], c["source"])),
            Whole("multiply_adds", Text("Multiply-adds of one backward pass"),
                  lambda c: len(graph_edges(c["output"])),
                  Near(lambda c: len(graph_nodes(c["output"])),
                       Text("{label}: {x} counts the nodes; a backward pass does one multiply-add per edge.")),
                  Near(lambda c: len(graph_edges(c["output"])) // c["stages"],
                       Text("{label}: {x} is one stage's edges; there are {stages} stages."))),
        )),
)
"""The chapter's exercises (numbers, an order of names, a choice): ``exercises.check(name, answer, ...)``."""
