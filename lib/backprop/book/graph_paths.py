"""Paths through a `Value` graph and what summing the chain rule over them costs (chapter 3).

The multivariable chain rule writes d output / d source as a sum over every path from `source` to
`output` of the product of the local gradients along it. This module counts those paths and that
work on real graphs, exactly (Python ints, by dynamic programming in reverse topological order):

- `path_counts` and `count_paths`: how many paths, the number of terms in the sum;
- `path_sum_work`: the multiplications of summing over every path separately;
- `gradient_by_paths`: the sum itself, path by path, on graphs small enough to list their paths;
- `stacked_diamonds`: a graph whose paths double with every stage while its edges grow by four.

`backprop.book.chain_rule` compares these counts with one backward pass and re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..autograd import Value
from ..checks import count
from .value_graphs import check_value, graph_nodes


def _check_source(output, source) -> list[Value]:
    nodes = graph_nodes(output)
    check_value(source, "source")
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
        for child in node.inputs:
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
        for child in node.inputs:
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
        if node is source or any(child in reaches for child in node.inputs):
            reaches.add(node)
    path_grads = []
    stack = [(output, ())]
    while stack:
        node, locals_so_far = stack.pop()
        if node is source:
            path_grads.append(locals_so_far)
            continue
        for child, local in zip(node.inputs, node.local_grads):
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
