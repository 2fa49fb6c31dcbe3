"""Reading Value graphs: nodes, edges, consumers, depths, names, number formats, and the one backward sweep."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import Value
from backprop.book.value_graphs import (
    BackwardStep,
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

from conftest import skip_graph


def diamonds(depth, x=0.5):
    """h_k = tanh(h_{k-1}) + sigma(h_{k-1}), labelled x, a1, b1, h1, ... (as graph_paths.stacked_diamonds)."""
    h = source = Value(x, label="x")
    for k in range(1, depth + 1):
        a, b = h.tanh(), h.sigmoid()
        a.label, b.label = f"a{k}", f"b{k}"
        h = a + b
        h.label = f"h{k}"
    return source, h




def random_graph(n_inputs, ops, seed):
    """A random DAG of Values: each op combines one or two earlier nodes (any of them, so paths multiply)."""
    rng = np.random.default_rng(seed)
    nodes = [Value(float(v), label=f"x{i}") for i, v in enumerate(rng.uniform(-1.5, 1.5, size=n_inputs))]
    for _ in range(ops):
        a = nodes[rng.integers(len(nodes))]
        b = nodes[rng.integers(len(nodes))]
        kind = rng.integers(4)
        nodes.append([a + b, a * b, a.tanh(), (a - b).sigmoid()][kind])
    return nodes[:n_inputs], nodes[-1]


# -- nodes, edges, consumers, depths --


def test_graph_nodes_lists_each_node_once_inputs_first_output_last():
    x, h = diamonds(3)
    nodes = graph_nodes(h)
    assert len(nodes) == 1 + 3 * 3 and len(set(nodes)) == len(nodes)
    assert nodes[0] is x and nodes[-1] is h
    position = {node: i for i, node in enumerate(nodes)}
    for node in nodes:
        for child in node.inputs:
            assert position[child] < position[node]


def test_graph_nodes_follow_operand_order():
    w, x, b = Value(1.0, label="w"), Value(2.0, label="x"), Value(3.0, label="b")
    out = w * x + b
    assert [node.label for node in graph_nodes(out)][:2] == ["w", "x"]
    assert graph_nodes(out)[3] is b


def test_graph_edges_count_every_use_of_an_input():
    x = Value(3.0, label="x")
    square = x * x
    edges = graph_edges(square)
    assert len(edges) == 2 and all(e.source is x and e.target is square and e.local_grad == 3.0 for e in edges)
    _, h = diamonds(4)
    assert len(graph_edges(h)) == 4 * 4


def test_consumers_are_listed_once_each_in_topological_order():
    x, m, p, q, L = skip_graph()
    consumers = node_consumers(L)
    assert list(consumers) == graph_nodes(L)
    assert consumers[m] == [p, L] and consumers[x] == [m] and consumers[L] == []
    y = Value(2.0)
    square = y * y
    assert node_consumers(square)[y] == [square]  # two edges, one consumer


def test_depths_are_longest_paths():
    x, m, p, q, L = skip_graph()
    depths = node_depths(L)
    assert [depths[n] for n in (x, m, p, q, L)] == [0, 1, 2, 3, 4]


def test_node_names_and_expressions():
    x = Value(2.0, label="x")
    out = (x * 3.0 + x**2).tanh()
    names = node_names(out)
    assert names[x] == "x"
    assert sorted(names.values()) == sorted(["x", "3", "n2", "n3", "n4", "n5"])
    expressions = {node_expression(node, names) for node in graph_nodes(out)}
    assert {"x × 3", "x^2", "tanh(n4)", ""} <= expressions
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    for node, text in [(a - b, "a - b"), (a / b, "a / b"), (-a, "-a"), (a.exp(), "exp(a)"), (b.log(), "log(b)"),
                       (a.relu(), "relu(a)"), (a.sigmoid(), "σ(a)"), (a + b, "a + b")]:
        assert node_expression(node, {a: "a", b: "b", node: "out"}) == text


def test_numbers_are_formatted_with_fixed_decimals_and_no_negative_zero():
    assert format_number(0.5) == "0.500" and format_number(-1.23456, 2) == "-1.23"
    assert format_number(-0.0001) == "0.000" and format_number(-0.0) == "0.000"
    assert format_factor(-2.0) == "(-2.000)" and format_factor(2.0, 1) == "2.0" and format_factor(-0.0001) == "0.000"


def test_walks_work_100_000_nodes_deep():
    depth = 100_000
    x = Value(0.1, label="x")
    out = x
    for _ in range(depth):
        out = out.tanh()
    nodes = graph_nodes(out)
    assert len(nodes) == depth + 1 and nodes[0] is x
    assert node_depths(out)[out] == depth
    assert len(graph_edges(out)) == depth and node_consumers(out)[x] == [nodes[1]]
    grads = {}
    assert sum(len(step.sent) for step in backward_sweep(out, grads)) == depth
    out.backward()
    assert grads[x] == x.grad


# -- the backward sweep --


@settings(max_examples=30, deadline=None)
@given(n_inputs=st.integers(1, 3), ops=st.integers(1, 8), seed=st.integers(0, 10_000))
def test_the_sweep_gives_exactly_what_value_backward_gives_and_leaves_grad_alone(n_inputs, ops, seed):
    _, out = random_graph(n_inputs, ops, seed)
    nodes = graph_nodes(out)
    grads = {"stale": 1.0}
    steps = list(backward_sweep(out, grads))
    assert all(node.grad == 0.0 for node in nodes)  # .grad never touched
    assert [step.node for step in steps] == nodes[::-1]
    assert list(grads) == nodes  # filled afresh, one entry per node
    assert sum(len(step.sent) for step in steps) == len(graph_edges(out))
    for step in steps:
        assert isinstance(step, BackwardStep)
        assert step.sent == tuple(local * step.grad for local in step.node.local_grads)
    out.backward()
    assert [grads[node] for node in nodes] == pytest.approx([node.grad for node in nodes], rel=1e-12, abs=1e-15)


def test_the_sweep_fills_grads_step_by_step():
    x, m, p, q, L = skip_graph()
    grads = {}
    steps = backward_sweep(L, grads)
    assert grads == {x: 0.0, m: 0.0, p: 0.0, q: 0.0, L: 1.0}  # set up at once
    first = next(steps)
    assert first.node is L and first.grad == 1.0 and first.sent == (1.0, 1.0)
    assert grads[m] == 1.0 and grads[q] == 1.0 and grads[x] == 0.0
    rest = list(steps)
    assert [step.node for step in rest] == [q, p, m, x]
    assert rest[-1].sent == () and rest[-1].grad == grads[x]


def test_a_sweep_in_a_wrong_order_passes_on_an_incomplete_gradient():
    x, m, p, q, L = skip_graph()
    grads = {}
    steps = list(backward_sweep(L, grads, [L, m, q, x, p]))  # breadth first: m before its consumer p
    by_node = {step.node: step for step in steps}
    assert by_node[m].grad == 1.0  # only the short path's share had arrived
    assert grads[x] == by_node[m].sent[0] == 2 * 0.5 * 1.0
    assert grads[m] > 1.0  # the long path's share arrived too late to be passed on


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: graph_nodes(3.0), TypeError, "output must be a Value"),
        (lambda: graph_edges("x"), TypeError, "output must be a Value"),
        (lambda: node_consumers(None), TypeError, "output must be a Value"),
        (lambda: node_expression(2.0, {}), TypeError, "node must be a Value"),
        (lambda: check_value(1, "thing"), TypeError, "thing must be a Value, got int"),
        (lambda: check_order(Value(1.0) * 2.0, [Value(1.0)]), ValueError, "order must list each"),
        (lambda: check_order(Value(1.0) * 2.0, 3), TypeError, "order must be a sequence"),
        (lambda: check_order(Value(1.0), [1.0]), TypeError, "every entry of order"),
        (lambda: backward_sweep(Value(1.0), [], None), TypeError, "grads must be a dict"),
        (lambda: backward_sweep(Value(1.0) * 2.0, {}, "ab"), TypeError, "order must be a sequence"),
        (lambda: backward_sweep(Value(1.0) * 2.0, {}, [Value(1.0)]), ValueError, "order must list each"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_a_bad_order_is_refused_before_any_step():
    x = Value(1.0)
    grads = {"kept": 1.0}
    with pytest.raises(ValueError, match="order must list each"):
        backward_sweep(x * 2.0, grads, [x, x])  # raised by the call, not on the first step
    assert grads == {"kept": 1.0}
