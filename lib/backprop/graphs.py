"""Computational graphs of `Value`s: walk them, lay them out, count their paths, replay the backward pass.

A `Value` graph is a DAG: every node remembers its inputs (`_prev`) and the local derivative of
itself with respect to each input (`_local_grads`). This module only reads those two fields. It
answers the questions of the chain-rule chapter with counts computed on real graphs:

- how many input-to-output paths a graph has (`count_paths`, by dynamic programming, exact ints),
  and how much work summing the chain rule over every path costs (`path_sum_work`,
  `gradient_by_paths`) compared with one backward pass (`backward_in_order`);
- why the backward pass needs a topological order (`breadth_first_order` is a plausible order
  that gives wrong gradients; `first_order_violation` says where it goes wrong);
- forward mode versus reverse mode (`forward_mode_gradient`, `reverse_mode_gradient`);
- the numbers of a hand calculation (`graph_table`, `format_graph_table`) and of each step of
  the backward pass (`backward_frames`).

Every walk is a loop over a topological order (computed with an explicit stack), never recursion,
so graphs hundreds of thousands of nodes deep work.
"""

from __future__ import annotations

import numbers
from collections import deque
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._checks import as_finite_array, count
from .autograd import Value, topological_order
from .gradcheck import numerical_gradient
from .selfcheck import Feedback, check_array, check_number, no_answer


def _check_value(value, name: str = "output") -> Value:
    if not isinstance(value, Value):
        raise TypeError(f"{name} must be a Value, got {type(value).__name__}")
    return value


def _fmt(number: float, digits: int = 3) -> str:
    """A number with fixed decimals, never printed as -0.000."""
    text = f"{number:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def _signed(number: float, digits: int = 3) -> str:
    """`_fmt`, with a negative number in parentheses so it can follow a × sign."""
    text = _fmt(number, digits)
    return f"({text})" if text.startswith("-") else text


# -- walking the graph --


def graph_nodes(output) -> list[Value]:
    """Every node `output` depends on, each after all of its inputs, ending with `output`.

    A topological order found by depth-first search with an explicit stack (no recursion, so any
    depth works), like `Value.topological_order`, but visiting inputs in operand order so that a
    table of the nodes reads like the formula (``w, x, w*x, b, ...``). The position of a node in
    this list is its *index*, used by `backward_frames` and the drawing code.
    """
    return topological_order(_check_value(output), operand_order=True)


class Edge(NamedTuple):
    """One use of `source` as an input of `target`; `local_grad` is d target / d source there."""

    source: Value
    target: Value
    local_grad: float


def graph_edges(output) -> list[Edge]:
    """Every edge of the graph, grouped by target in topological order, inputs in operand order.

    An operation that uses one input twice (``x * x``) has two edges from it: the chain rule
    counts both.
    """
    return [
        Edge(child, node, float(local))
        for node in graph_nodes(output)
        for child, local in zip(node._prev, node._local_grads)
    ]


def _consumers(nodes) -> dict[Value, list[Value]]:
    """For each node, the nodes that use it as an input (once each, in topological order)."""
    consumers = {node: [] for node in nodes}
    for node in nodes:
        for child in dict.fromkeys(node._prev):
            consumers[child].append(node)
    return consumers


OP_FORMATS = {
    "+": "{0} + {1}",
    "-": "{0} - {1}",
    "*": "{0} × {1}",
    "/": "{0} / {1}",
    "neg": "-{0}",
    "exp": "exp({0})",
    "log": "log({0})",
    "relu": "relu({0})",
    "tanh": "tanh({0})",
    "sigmoid": "σ({0})",
}


def node_names(output) -> dict[Value, str]:
    """A short name for every node: its `label`, else its number for an unlabelled input, else ``n<index>``."""
    names = {}
    for index, node in enumerate(graph_nodes(output)):
        if node.label:
            names[node] = node.label
        elif not node._prev:
            names[node] = f"{node.data:g}"
        else:
            names[node] = f"n{index}"
    return names


def node_expression(node, names) -> str:
    """What `node` computes, written with its inputs' names (``"a × b"``, ``"tanh(z)"``; ``""`` for an input)."""
    _check_value(node, "node")
    if not node._prev:
        return ""
    operands = [names[child] for child in node._prev]
    if node._op.startswith("**"):
        return f"{operands[0]}^{node._op[2:]}"
    template = OP_FORMATS.get(node._op)
    if template is None or template.count("{") != len(operands):
        return f"{node._op}({', '.join(operands)})"
    return template.format(*operands)


def node_depths(output) -> dict[Value, int]:
    """The length of the longest path from any input to each node (inputs have depth 0)."""
    return _depths(graph_nodes(output))


def _depths(nodes) -> dict[Value, int]:
    depths = {}
    for node in nodes:
        depths[node] = 1 + max([depths[child] for child in node._prev]) if node._prev else 0
    return depths


def graph_layout(output, column_gap: float = 1.0, row_gap: float = 1.0) -> dict[Value, tuple[float, float]]:
    """An (x, y) position for every node, inputs on the left and `output` on the right.

    An operation sits in the column of its depth (longest path from an input); an input sits one
    column before its first consumer, so a constant used late is drawn next to where it is used.
    Within a column, nodes are ordered by the mean height of their neighbours (two barycentre
    sweeps, ties broken by topological index) to keep edges short and crossings few. Columns are
    centred on y = 0, first node on top.
    """
    nodes = graph_nodes(output)
    index = {node: i for i, node in enumerate(nodes)}
    depths = _depths(nodes)
    consumers = _consumers(nodes)
    column = {}
    for node in nodes:
        if node._prev:
            column[node] = depths[node]
        else:
            column[node] = min((depths[c] for c in consumers[node]), default=1) - 1
    columns: dict[int, list[Value]] = {}
    for node in nodes:
        columns.setdefault(column[node], []).append(node)
    neighbours = {node: list(dict.fromkeys(node._prev)) + consumers[node] for node in nodes}
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


# -- counting paths and work --


def _check_source(output, source) -> list[Value]:
    nodes = graph_nodes(output)
    _check_value(source, "source")
    if source not in set(nodes):
        raise ValueError("source must be a node of output's graph (an input that output depends on)")
    return nodes


def path_counts(output) -> dict[Value, int]:
    """For every node, the number of distinct paths from it to `output` (exact Python ints).

    Dynamic programming in reverse topological order: a node has as many paths as all of its
    consumers together, one set per edge. Linear in the number of edges even when the counts
    have thousands of digits.
    """
    return _path_counts(graph_nodes(output))


def _path_counts(nodes) -> dict[Value, int]:
    paths = dict.fromkeys(nodes, 0)
    paths[nodes[-1]] = 1
    for node in reversed(nodes):
        node_paths = paths[node]
        for child in node._prev:
            paths[child] += node_paths
    return paths


def count_paths(output, source) -> int:
    """The number of paths from `source` to `output`: the number of terms in the chain rule's sum."""
    return _path_counts(_check_source(output, source))[source]


def path_sum_work(output, source) -> int:
    """Multiplications used to get d output / d source by summing over every path separately.

    Each path's product of local gradients costs one multiplication per edge, so the work is the
    total length of all paths, counted by dynamic programming (exact ints). `gradient_by_paths`
    does the sum for real on small graphs and counts the same number.
    """
    nodes = _check_source(output, source)
    paths = dict.fromkeys(nodes, 0)
    lengths = dict.fromkeys(nodes, 0)  # total length of all paths from the node to output
    paths[output] = 1
    for node in reversed(nodes):
        for child in node._prev:
            paths[child] += paths[node]
            lengths[child] += lengths[node] + paths[node]
    return lengths[source]


@dataclass(frozen=True)
class PathSum:
    """The chain rule summed over every path: the derivative, the number of paths, the multiplications used."""

    gradient: float
    paths: int
    multiplications: int


def gradient_by_paths(output, source, max_paths: int = 100_000) -> PathSum:
    """d output / d source as the sum, over every path from `source` to `output`, of the product of
    the local gradients along it: the multivariable chain rule written out term by term.

    Each path is listed and multiplied out on its own (no shared prefixes), which is the cost
    `path_sum_work` counts. Refuses graphs with more than `max_paths` paths: their number grows
    exponentially with depth, which is the point.
    """
    nodes = _check_source(output, source)
    max_paths = count(max_paths, "max_paths", minimum=1)
    total_paths = _path_counts(nodes)[source]
    if total_paths > max_paths:
        raise ValueError(f"the graph has {total_paths} paths from source, more than max_paths={max_paths}")
    reaches = set()  # nodes with a path from source
    for node in nodes:
        if node is source or any(child in reaches for child in node._prev):
            reaches.add(node)
    path_grads = []
    stack = [(output, ())]
    while stack:
        node, locals_so_far = stack.pop()
        if node is source:
            path_grads.append(locals_so_far)
            continue
        for child, local in zip(node._prev, node._local_grads):
            if child in reaches:
                stack.append((child, (*locals_so_far, local)))
    gradient, multiplications = 0.0, 0
    for local_grads in path_grads:
        product = 1.0
        for local in local_grads:
            product *= local
            multiplications += 1
        gradient += product
    return PathSum(gradient, len(path_grads), multiplications)


def stacked_diamonds(depth, x=0.5) -> tuple[Value, Value]:
    """A chain of `depth` diamonds: h_k = tanh(h_{k-1}) + σ(h_{k-1}), starting from h_0 = x.

    Each diamond splits the path in two and joins it again, so there are 2**depth paths from the
    input to the output but only 4 * depth edges. Nodes are labelled x, a1, b1, h1, a2, ...
    Returns ``(x, output)``.
    """
    depth = count(depth, "depth", minimum=1)
    h = Value(x, label="x")
    source = h
    for k in range(1, depth + 1):
        a = h.tanh()
        a.label = f"a{k}"
        b = h.sigmoid()
        b.label = f"b{k}"
        h = a + b
        h.label = f"h{k}"
    return source, h


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
    output = _check_value(output)
    seen = {output}
    order = []
    queue = deque([output])
    while queue:
        node = queue.popleft()
        order.append(node)
        for child in node._prev:
            if child not in seen:
                seen.add(child)
                queue.append(child)
    return order


def _check_order(output, order) -> tuple[list[Value], list[Value]]:
    nodes = graph_nodes(output)
    if isinstance(order, (str, bytes)) or not hasattr(order, "__iter__"):
        raise TypeError(f"order must be a sequence of the graph's Values, got {type(order).__name__}")
    order = list(order)
    for node in order:
        _check_value(node, "every entry of order")
    if len(order) != len(nodes) or set(order) != set(nodes):
        raise ValueError(
            f"order must list each of the graph's {len(nodes)} nodes exactly once, got {len(order)} entries"
        )
    return nodes, order


def first_order_violation(output, order) -> tuple[Value, Value] | None:
    """The first ``(node, consumer)`` where the backward `order` visits a node before one of its consumers.

    None when `order` is a valid backward order (a reversed topological order): then every node
    has received all of its gradient before it passes it on.
    """
    nodes, order = _check_order(output, order)
    consumers = _consumers(nodes)
    visited = set()
    for node in order:
        for consumer in consumers[node]:
            if consumer not in visited:
                return node, consumer
        visited.add(node)
    return None


def backward_in_order(output, order) -> int:
    """Run the backward pass visiting nodes in `order`; return the number of multiply-adds done.

    Resets every ``.grad`` in the graph to 0, sets ``output.grad = 1``, then for each node in turn
    adds ``local_grad * node.grad`` into each of its inputs, exactly as `Value.backward` does,
    one multiply-add per edge. With ``reversed(output.topological_order())`` the gradients are
    right; with an order that visits a node before its consumers (`breadth_first_order`) they
    can be wrong.
    """
    nodes, order = _check_order(output, order)
    for node in nodes:
        node.grad = 0.0
    output.grad = 1.0
    multiply_adds = 0
    for node in order:
        node_grad = node.grad
        for child, local in zip(node._prev, node._local_grads):
            child.grad += local * node_grad
            multiply_adds += 1
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
        _check_value(node, "every entry of inputs")
        if node not in in_graph:
            raise ValueError("every entry of inputs must be a node of output's graph")
    return nodes, inputs


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
        tangent = {}
        for node in nodes:
            if node is seed:
                tangent[node] = 1.0
                continue
            total = 0.0
            for child, local in zip(node._prev, node._local_grads):
                total += local * tangent[child]
                multiply_adds += 1
            tangent[node] = total
        gradient[i] = tangent[output]
    return GradientCost(gradient, len(inputs), multiply_adds)


def reverse_mode_gradient(output, inputs) -> GradientCost:
    """d output / d input for each of `inputs`, by reverse mode: one backward pass for all of them.

    The same sweep as `Value.backward` (one multiply-add per edge), kept in a dictionary so
    ``.grad`` is left untouched. `gradient` has shape ``(len(inputs),)``.
    """
    nodes, inputs = _check_inputs(output, inputs)
    grads = dict.fromkeys(nodes, 0.0)
    grads[output] = 1.0
    multiply_adds = 0
    for node in reversed(nodes):
        for child, local in zip(node._prev, node._local_grads):
            grads[child] += local * grads[node]
            multiply_adds += 1
    return GradientCost(np.array([grads[node] for node in inputs]), 1, multiply_adds)


# -- the backward pass, step by step --


@dataclass(frozen=True)
class BackwardFrame:
    """One step of the backward pass: the node visited and every gradient right after the visit.

    `visited` and the entries of `grads` are indexed like ``graph_nodes(output)``; `edges` holds the
    indices (into ``graph_edges(output)``) along which the visited node sent its gradient;
    `complete` says whether every consumer had been visited before, so the gradient passed on was final.
    """

    visited: int
    grads: tuple[float, ...]
    edges: tuple[int, ...]
    complete: bool
    caption: str


def backward_frames(output, order=None, digits: int = 3, max_nodes: int = 200) -> list[BackwardFrame]:
    """The backward pass of `output` as one frame per node visited, without touching ``.grad``.

    `order` defaults to the correct one, ``reversed(graph_nodes(output))``; pass another (say
    `breadth_first_order`) to watch it go wrong. Captions show numbers with `digits` decimals.
    Every frame stores every gradient, so the frames grow as nodes squared: graphs of more than
    `max_nodes` nodes are refused.
    """
    nodes = graph_nodes(output)
    max_nodes = count(max_nodes, "max_nodes", minimum=1)
    if len(nodes) > max_nodes:
        raise ValueError(
            f"output's graph has {len(nodes)} nodes, more than max_nodes={max_nodes}; frames are for small graphs"
        )
    order = list(reversed(nodes)) if order is None else _check_order(output, order)[1]
    digits = count(digits, "digits")
    index = {node: i for i, node in enumerate(nodes)}
    names = node_names(output)
    consumers = _consumers(nodes)
    edge_index = {}
    for j, edge in enumerate(graph_edges(output)):
        edge_index.setdefault(edge.target, []).append(j)
    grads = [0.0] * len(nodes)
    grads[index[output]] = 1.0
    visited = set()
    frames = []
    for step, node in enumerate(order, start=1):
        i = index[node]
        waiting = [names[c] for c in consumers[node] if c not in visited]
        name, grad = names[node], _fmt(grads[i], digits)
        if node is output:
            caption = f"Step {step}: start at the output {name} with d{name}/d{name} = 1. "
        else:
            caption = f"Step {step}: visit {name}, gradient {grad}. "
        if node._prev:
            sends = []
            for child, local in zip(node._prev, node._local_grads):
                amount = local * grads[i]
                grads[index[child]] += amount
                sends.append(f"{grad} × {_signed(local, digits)} = {_fmt(amount, digits)} to {names[child]}")
            caption += f"{name} = {node_expression(node, names)} sends " + "; ".join(sends) + "."
        else:
            caption += f"{name} is an input: nothing to send on."
        if waiting:
            caption += (
                f" Wrong order: {', '.join(waiting)} still has to send its share to {name},"
                " so this gradient is incomplete."
            )
        visited.add(node)
        frames.append(BackwardFrame(i, tuple(grads), tuple(edge_index.get(node, ())), not waiting, caption))
    return frames


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
    grads = dict.fromkeys(nodes, 0.0)
    grads[output] = 1.0
    terms = {node: [] for node in nodes}
    for node in reversed(nodes):
        for child, local in zip(node._prev, node._local_grads):
            terms[child].append((grads[node], float(local)))
            grads[child] += local * grads[node]
    return [
        GraphRow(
            names[node],
            node_expression(node, names),
            node.data,
            tuple((names[child], float(local)) for child, local in zip(node._prev, node._local_grads)),
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
        local = ", ".join(f"d{row.name}/d{child}={_fmt(g, digits)}" for child, g in row.local_grads) or "-"
        if row.grad_terms:
            sums = " + ".join(f"{_fmt(g, digits)}×{_signed(loc, digits)}" for g, loc in row.grad_terms)
            gradient = f"{sums} = {_fmt(row.grad, digits)}"
        else:
            gradient = f"{_fmt(row.grad, digits)} (output)"
        lines.append((computes, _fmt(row.value, digits), local, gradient))
    header = ("node", "value", "local gradients", "gradient")
    widths = [max(len(line[k]) for line in [header, *lines]) for k in range(3)]
    rows = [header, *lines]
    return "\n".join(
        f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:<{widths[2]}}  {d}".rstrip() for a, b, c, d in rows
    )


# -- self-checks for the chapter's exercises --


def check_hand_gradient(answer, f, point, names=None) -> Feedback:
    """Compare a hand-computed gradient of ``f`` at `point` with `Value` and central differences.

    `f` takes one `Value` per entry of `point` and returns a `Value`; `answer` holds one number per
    input (a single number when there is one input). The reference is `Value`'s backward pass,
    confirmed by central differences; on a mismatch the feedback names the inputs that are off
    (`names`, default ``input 1, input 2, ...``) but not the right values.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of Values, got {type(f).__name__}")
    point = np.atleast_1d(as_finite_array(point, "point"))
    if point.ndim != 1:
        raise ValueError(f"point must be a number or a 1-D array, got shape {point.shape}")
    names = [f"input {i + 1}" for i in range(point.size)] if names is None else list(names)
    if len(names) != point.size:
        raise ValueError(f"names must give one name per input ({point.size}), got {len(names)}")
    values = [Value(float(p)) for p in point]
    out = f(*values)
    if not isinstance(out, Value):
        raise TypeError(f"f must return a Value, got {type(out).__name__}")
    out.backward()
    by_value = np.array([v.grad for v in values])
    by_differences = np.atleast_1d(numerical_gradient(lambda x: f(*[Value(float(v)) for v in x]).data, point))
    if not np.allclose(by_value, by_differences, rtol=1e-5, atol=1e-6):
        raise ValueError("Value and central differences disagree at point: is f smooth there?")
    if answer is None:
        return no_answer("fill in your gradient and run the cell again.")
    if point.size == 1 and np.ndim(answer) == 0:
        return check_number(answer, by_value[0], rel_tol=5e-3, abs_tol=1e-3, what=names[0])
    feedback = check_array(answer, by_value, rtol=5e-3, atol=1e-3, names=names, what="your gradient")
    if feedback.correct is False and "entries are off" in feedback.message:
        return Feedback(False, feedback.message + " (Value's backward pass and central differences agree on them.)")
    return feedback


def check_backward_order(answer, output) -> Feedback:
    """Is `answer`, a list of node names (see `node_names`), a valid order for the backward pass?

    Valid means every node comes after all of its consumers. The feedback names the first node that
    comes too early, or the names that are missing, repeated or unknown.
    """
    nodes = graph_nodes(output)
    names = node_names(output)
    by_name = {name: node for node, name in names.items()}
    if len(by_name) != len(nodes):
        raise ValueError("output's graph has two nodes with one name; give them distinct labels")
    if answer is None:
        return no_answer("list the node names in the order the backward pass should visit them.")
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
        return Feedback(False, f"your order should be a list of node names, got {type(answer).__name__}.")
    unknown = [a for a in answer if a not in by_name]
    if unknown:
        return Feedback(False, f"{unknown[0]!r} is not a node of this graph (the names are {sorted(by_name)}).")
    repeated = sorted({a for a in answer if answer.count(a) > 1})
    if repeated:
        return Feedback(False, f"{', '.join(repeated)} appear(s) more than once; visit each node once.")
    missing = [name for name in by_name if name not in answer]
    if missing:
        return Feedback(False, f"your order leaves out {', '.join(sorted(missing))}.")
    violation = first_order_violation(output, [by_name[a] for a in answer])
    if violation is not None:
        node, consumer = (names[n] for n in violation)
        return Feedback(False, f"{node} comes before its consumer {consumer}: {node}'s gradient is still incomplete.")
    return Feedback(True, "every node comes after all of its consumers.")


def check_work_counts(answer, output, source) -> Feedback:
    """Check three counts for d output / d source: the paths, the multiplications of summing over them
    separately (`path_sum_work`), and the multiply-adds of one backward pass (one per edge).

    `answer` is a sequence of three whole numbers; the feedback names the counts that are off.
    """
    expected = [count_paths(output, source), path_sum_work(output, source), len(graph_edges(output))]
    if answer is None:
        return no_answer("fill in the three counts and run the cell again.")
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 3:
        return Feedback(False, "your answer should be three numbers: paths, multiplications, multiply-adds.")
    if not all(isinstance(a, numbers.Real) and not isinstance(a, bool) for a in answer):
        return Feedback(False, "each of the three counts should be a number.")
    names = ["the number of paths", "the multiplications summing over paths", "the multiply-adds of one backward pass"]
    wrong = [name for name, a, e in zip(names, answer, expected) if a != e]
    if wrong:
        return Feedback(False, f"{len(wrong)} of 3 counts are off: {'; '.join(wrong)}.")
    return Feedback(True, "all three counts match.")
