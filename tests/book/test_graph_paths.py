"""Paths through Value graphs: counts, the work of summing over them, the sum itself, stacked diamonds."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import Value, numerical_gradient
from backprop.book.graph_paths import (
    PathSum,
    count_paths,
    gradient_by_paths,
    path_counts,
    path_sum_work,
    stacked_diamonds,
)
from backprop.book.value_graphs import graph_edges, graph_nodes, node_depths


def random_graph(n_inputs, ops, seed):
    """A random DAG of Values: each op combines one or two earlier nodes (any of them, so paths multiply)."""
    rng = np.random.default_rng(seed)
    nodes = [Value(float(v), label=f"x{i}") for i, v in enumerate(rng.uniform(-1.5, 1.5, size=n_inputs))]
    for _ in range(ops):
        a = nodes[rng.integers(len(nodes))]
        b = nodes[rng.integers(len(nodes))]
        kind = rng.integers(4)
        if kind == 0:
            nodes.append(a + b)
        elif kind == 1:
            nodes.append(a * b)
        elif kind == 2:
            nodes.append(a.tanh())
        else:
            nodes.append((a - b).sigmoid())
    out = nodes[-1]
    for node in nodes[n_inputs:-1]:  # make every node matter, so the graph has many paths
        out = out + node * 0.5
    return nodes[:n_inputs], out


OPERATIONS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "tanh": math.tanh,
    "sigmoid": lambda a: 1.0 / (1.0 + math.exp(-a)),
}


def evaluate(out, new_data):
    """Re-evaluate `out` in plain floats with some leaves set to `new_data`, replaying the recorded operations."""
    values = {}
    for node in graph_nodes(out):
        if node.inputs:
            values[node] = OPERATIONS[node.op](*[values[child] for child in node.inputs])
        else:
            values[node] = float(new_data.get(node, node.data))
    return values[out]


def test_stacked_diamonds_have_two_to_the_depth_paths_and_four_edges_per_diamond():
    for depth in range(1, 9):
        x, h = stacked_diamonds(depth)
        assert count_paths(h, x) == 2**depth
        assert path_sum_work(h, x) == 2 * depth * 2**depth
        assert len(graph_edges(h)) == 4 * depth
    x, h = stacked_diamonds(2, x=0.25)
    assert x.data == 0.25 and [node.label for node in graph_nodes(h)] == ["x", "a1", "b1", "h1", "a2", "b2", "h2"]


def test_path_counts_treat_a_repeated_input_as_two_paths():
    x = Value(1.5)
    y = x * x * x
    assert count_paths(y, x) == 3 and path_counts(y)[y] == 1


@settings(max_examples=25, deadline=None)
@given(n_inputs=st.integers(1, 3), ops=st.integers(1, 7), seed=st.integers(0, 10_000))
def test_sum_over_paths_matches_backward_central_differences_and_the_counts(n_inputs, ops, seed):
    inputs, out = random_graph(n_inputs, ops, seed)
    out.backward()
    for x in inputs:
        if x not in set(graph_nodes(out)):
            continue
        summed = gradient_by_paths(out, x)
        assert isinstance(summed, PathSum)
        assert summed.paths == count_paths(out, x) == path_counts(out)[x]
        assert summed.multiplications == path_sum_work(out, x)
        assert summed.gradient == pytest.approx(x.grad, rel=1e-9, abs=1e-12)

    numeric = numerical_gradient(lambda v: evaluate(out, dict(zip(inputs, v))), np.array([x.data for x in inputs]))
    np.testing.assert_allclose([x.grad for x in inputs], numeric, rtol=1e-5, atol=1e-7)


def test_gradient_by_paths_refuses_too_many_paths():
    x, h = stacked_diamonds(12)
    with pytest.raises(ValueError, match="max_paths"):
        gradient_by_paths(h, x, max_paths=1000)


def test_paths_of_a_chain_100_000_nodes_deep():
    depth = 100_000
    x = Value(0.1, label="x")
    out = x
    for _ in range(depth):
        out = out.tanh()
    assert count_paths(out, x) == 1 and path_sum_work(out, x) == depth


def test_diamonds_100_000_nodes_deep_have_exactly_two_to_the_depth_paths():
    x, h = stacked_diamonds(50_000)  # every diamond adds two edges to the longest path
    assert node_depths(h)[h] == 100_000
    assert count_paths(h, x) == 2**50_000


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: count_paths(Value(1.0), Value(2.0)), ValueError, "source must be a node"),
        (lambda: count_paths(Value(1.0), 2.0), TypeError, "source must be a Value"),
        (lambda: count_paths(2.0, Value(1.0)), TypeError, "output must be a Value"),
        (lambda: path_sum_work(Value(1.0) * 2.0, None), TypeError, "source must be a Value"),
        (lambda: path_counts("x"), TypeError, "output must be a Value"),
        (lambda: stacked_diamonds(0), ValueError, "depth must be at least 1"),
        (lambda: stacked_diamonds(2.5), TypeError, "depth must be an integer"),
        (lambda: stacked_diamonds(2, x=float("nan")), ValueError, "finite"),
        (lambda: gradient_by_paths(*reversed(stacked_diamonds(2)), max_paths=0), ValueError, "max_paths"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
