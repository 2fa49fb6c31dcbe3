"""Reading a `Value` graph, for the chain-rule chapter (chapter 3), its drawing and its player.

A `Value` graph is a DAG: every node remembers its inputs (`Value.inputs`) and the local derivative
of itself with respect to each input (`Value.local_grads`). This module only reads those:

- the nodes in topological order (`graph_nodes`), the edges (`graph_edges`), each node's
  consumers (`node_consumers`) and depth (`node_depths`);
- a short name for every node and what it computes (`node_names`, `node_expression`);
- the backward pass as steps: `backward_sweep` is the engine's `backward_steps` (each visit sends
  the node's gradient to its inputs, one multiply-add per edge, into a dictionary, so ``.grad`` is
  never touched), with the order checked in the book's words. `backprop.book.chain_rule` counts and
  compares backward passes with it, `backprop.book.backward_player` shows one frame per visit;
- how numbers are printed in tables and captions (`format_number`, `format_factor`).

Every walk is a loop over a topological order (`backprop.autograd.topological_order`, an explicit
stack), never recursion, so graphs hundreds of thousands of nodes deep work.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .. import BackwardStep, Value, backward_steps, topological_order


def check_value(value, name: str = "output") -> Value:
    """`value` itself if it is a `Value`; a TypeError naming it (`name`) otherwise."""
    if not isinstance(value, Value):
        raise TypeError(f"{name} must be a Value, got {type(value).__name__}")
    return value


def format_number(number: float, digits: int = 3) -> str:
    """A number with `digits` fixed decimals, never printed as -0.000."""
    text = f"{number:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def format_factor(number: float, digits: int = 3) -> str:
    """`format_number`, with a negative number in parentheses so it can follow a × sign."""
    text = format_number(number, digits)
    return f"({text})" if text.startswith("-") else text


# -- nodes, edges, consumers, depths --


def graph_nodes(output) -> list[Value]:
    """Every node `output` depends on, each after all of its inputs, ending with `output`.

    A topological order found by depth-first search with an explicit stack (no recursion, so any
    depth works), like `Value.topological_order`, but visiting inputs in operand order so that a
    table of the nodes reads like the formula (``w, x, w*x, b, ...``). The position of a node in
    this list is its *index*, used by the backward frames and the drawing code.
    """
    return topological_order(check_value(output), operand_order=True)


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
        for child, local in zip(node.inputs, node.local_grads)
    ]


def node_consumers(output) -> dict[Value, list[Value]]:
    """For each node, in topological order, the nodes that use it as an input (once each, in topological order)."""
    nodes = graph_nodes(output)
    consumers = {node: [] for node in nodes}
    for node in nodes:
        for child in dict.fromkeys(node.inputs):
            consumers[child].append(node)
    return consumers


def node_depths(output) -> dict[Value, int]:
    """The length of the longest path from any input to each node (inputs have depth 0)."""
    depths = {}
    for node in graph_nodes(output):
        depths[node] = 1 + max([depths[child] for child in node.inputs]) if node.inputs else 0
    return depths


# -- names and expressions --


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
        elif not node.inputs:
            names[node] = f"{node.data:g}"
        else:
            names[node] = f"n{index}"
    return names


def node_expression(node, names) -> str:
    """What `node` computes, written with its inputs' names (``"a × b"``, ``"tanh(z)"``; ``""`` for an input)."""
    check_value(node, "node")
    if not node.inputs:
        return ""
    operands = [names[child] for child in node.inputs]
    if node.op.startswith("**"):
        return f"{operands[0]}^{node.op[2:]}"
    template = OP_FORMATS.get(node.op)
    if template is None or template.count("{") != len(operands):
        return f"{node.op}({', '.join(operands)})"
    return template.format(*operands)


# -- the backward pass, once --


def check_order(output, order) -> tuple[list[Value], list[Value]]:
    """``(graph_nodes(output), list(order))``, once `order` is checked to list every node exactly once."""
    nodes = graph_nodes(output)
    if isinstance(order, (str, bytes)) or not hasattr(order, "__iter__"):
        raise TypeError(f"order must be a sequence of the graph's Values, got {type(order).__name__}")
    order = list(order)
    for node in order:
        check_value(node, "every entry of order")
    if len(order) != len(nodes) or set(order) != set(nodes):
        raise ValueError(
            f"order must list each of the graph's {len(nodes)} nodes exactly once, got {len(order)} entries"
        )
    return nodes, order


def backward_sweep(output, grads: dict, order=None) -> Iterator[BackwardStep]:
    """The backward pass of `output`, one `BackwardStep` per node visited, in `order`: the engine's
    own `backprop.autograd.backward_steps`, once `order` (if given) is checked with the book's words.

    The default order is ``reversed(graph_nodes(output))``, the right one, in which the inputs of a
    node follow in operand order (as the drawings and tables list them). The gradients accumulate
    in `grads` and ``.grad`` is never touched (see `backward_steps`).
    """
    if order is not None:
        _, order = check_order(output, order)
    return backward_steps(check_value(output), grads, order)
