"""Graph utilities: walks, layout, path counts and work, backward orders, forward/reverse mode, tables, checkers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import Value, numerical_gradient
from backprop.graphs import (
    backward_frames,
    backward_in_order,
    breadth_first_order,
    check_backward_order,
    check_hand_gradient,
    check_work_counts,
    count_paths,
    first_order_violation,
    format_graph_table,
    forward_mode_gradient,
    gradient_by_paths,
    graph_edges,
    graph_layout,
    graph_nodes,
    graph_table,
    max_gate,
    node_depths,
    node_expression,
    node_names,
    path_counts,
    path_sum_work,
    reverse_mode_gradient,
    stacked_diamonds,
)


def skip_graph(x_value=0.5):
    """L = m + tanh(tanh(m)), m = x^2: m has consumers at distance 1 and 3 from L."""
    x = Value(x_value, label="x")
    m = x**2
    m.label = "m"
    p = m.tanh()
    p.label = "p"
    q = p.tanh()
    q.label = "q"
    L = m + q
    L.label = "L"
    return x, m, p, q, L


def residual_graph():
    """L = (x + tanh(w x))^2, labelled w, x, u, t, h, L."""
    w, x = Value(0.7, label="w"), Value(1.2, label="x")
    u = w * x
    u.label = "u"
    t = u.tanh()
    t.label = "t"
    h = x + t
    h.label = "h"
    L = h**2
    L.label = "L"
    return w, x, L


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


# -- walking the graph --


def test_graph_nodes_lists_each_node_once_inputs_first_output_last():
    x, h = stacked_diamonds(3)
    nodes = graph_nodes(h)
    assert len(nodes) == 1 + 3 * 3 and len(set(nodes)) == len(nodes)
    assert nodes[0] is x and nodes[-1] is h
    position = {node: i for i, node in enumerate(nodes)}
    for node in nodes:
        for child in node._prev:
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
    _, h = stacked_diamonds(4)
    assert len(graph_edges(h)) == 4 * 4


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


def test_depths_are_longest_paths_and_layout_puts_nodes_in_distinct_places():
    x, m, p, q, L = skip_graph()
    depths = node_depths(L)
    assert [depths[n] for n in (x, m, p, q, L)] == [0, 1, 2, 3, 4]
    layout = graph_layout(L, column_gap=2.0, row_gap=1.0)
    assert [layout[n][0] for n in (x, m, p, q, L)] == [0.0, 2.0, 4.0, 6.0, 8.0]
    _, h = stacked_diamonds(5)
    layout = graph_layout(h)
    assert len(set(layout.values())) == len(layout) == len(graph_nodes(h))
    assert layout == graph_layout(h)  # deterministic


def test_layout_places_an_input_just_before_its_first_consumer():
    x = Value(1.0, label="x")
    late = Value(2.0, label="late")
    out = x.tanh().tanh().tanh() * late
    layout = graph_layout(out)
    assert layout[late][0] == layout[out][0] - 1.0 and layout[x][0] == 0.0


# -- paths and work --


def test_stacked_diamonds_have_two_to_the_depth_paths_and_linear_backward_work():
    for depth in range(1, 9):
        x, h = stacked_diamonds(depth)
        assert count_paths(h, x) == 2**depth
        assert path_sum_work(h, x) == 2 * depth * 2**depth
        assert backward_in_order(h, reversed(graph_nodes(h))) == 4 * depth


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
        assert summed.paths == count_paths(out, x)
        assert summed.multiplications == path_sum_work(out, x)
        assert summed.gradient == pytest.approx(x.grad, rel=1e-9, abs=1e-12)

    numeric = numerical_gradient(lambda v: evaluate(out, dict(zip(inputs, v))), np.array([x.data for x in inputs]))
    np.testing.assert_allclose([x.grad for x in inputs], numeric, rtol=1e-5, atol=1e-7)


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
        if node._prev:
            values[node] = OPERATIONS[node._op](*[values[child] for child in node._prev])
        else:
            values[node] = float(new_data.get(node, node.data))
    return values[out]


def test_gradient_by_paths_refuses_too_many_paths():
    x, h = stacked_diamonds(12)
    with pytest.raises(ValueError, match="max_paths"):
        gradient_by_paths(h, x, max_paths=1000)


def test_graphs_100_000_nodes_deep():
    depth = 100_000
    x = Value(0.1, label="x")
    out = x
    for _ in range(depth):
        out = out.tanh()
    nodes = graph_nodes(out)
    assert len(nodes) == depth + 1 and nodes[0] is x
    assert node_depths(out)[out] == depth
    assert count_paths(out, x) == 1 and path_sum_work(out, x) == depth
    assert len(graph_edges(out)) == depth
    assert first_order_violation(out, reversed(nodes)) is None
    assert backward_in_order(out, reversed(nodes)) == depth
    assert reverse_mode_gradient(out, [x]).gradient[0] == pytest.approx(x.grad)
    layout = graph_layout(out)
    assert layout[out][0] == depth


def test_diamonds_100_000_nodes_deep_have_exactly_two_to_the_depth_paths():
    x, h = stacked_diamonds(50_000)  # every diamond adds two edges to the longest path
    assert node_depths(h)[h] == 100_000
    assert count_paths(h, x) == 2**50_000
    assert len(breadth_first_order(h)) == 1 + 3 * 50_000


# -- the order of the backward pass --


def test_breadth_first_order_gives_a_wrong_gradient_and_topological_order_the_right_one():
    x, m, p, q, L = skip_graph()
    order = breadth_first_order(L)
    assert order[0] is L and set(order) == set(graph_nodes(L))
    assert first_order_violation(L, order) == (m, p)
    backward_in_order(L, order)
    wrong = x.grad
    assert first_order_violation(L, reversed(graph_nodes(L))) is None
    assert backward_in_order(L, reversed(graph_nodes(L))) == len(graph_edges(L))
    right = x.grad
    numeric = numerical_gradient(lambda t: t**2 + np.tanh(np.tanh(t**2)), 0.5)
    assert right == pytest.approx(numeric, rel=1e-7)
    assert abs(wrong - numeric) > 0.5
    L.zero_grad()
    L.backward()
    assert x.grad == pytest.approx(right, rel=1e-12)


def test_backward_in_order_resets_grads_before_running():
    x, *_, L = skip_graph()
    for _ in range(3):
        backward_in_order(L, reversed(graph_nodes(L)))
    L.zero_grad()
    L.backward()
    once = x.grad
    backward_in_order(L, reversed(graph_nodes(L)))
    assert x.grad == pytest.approx(once)


# -- forward mode versus reverse mode --


def test_forward_and_reverse_mode_agree_and_count_their_passes():
    rng = np.random.default_rng(3)
    inputs = [Value(float(v)) for v in rng.normal(size=6)]
    z = inputs[0] * 0.3
    for x_i in inputs[1:]:
        z = z + x_i * x_i.tanh()
    out = z.sigmoid()
    forward, reverse = forward_mode_gradient(out, inputs), reverse_mode_gradient(out, inputs)
    edges = len(graph_edges(out))
    assert forward.passes == 6 and forward.multiply_adds == 6 * edges
    assert reverse.passes == 1 and reverse.multiply_adds == edges
    np.testing.assert_allclose(forward.gradient, reverse.gradient, rtol=1e-12)
    out.backward()
    np.testing.assert_allclose(reverse.gradient, [x.grad for x in inputs], rtol=1e-12)


def test_modes_leave_grad_untouched():
    x, *_, L = skip_graph()
    forward_mode_gradient(L, [x])
    reverse_mode_gradient(L, [x])
    assert x.grad == 0.0 and L.grad == 0.0


# -- frames and tables --


def test_backward_frames_visit_each_node_once_and_end_with_backwards_gradients():
    x, m, p, q, L = skip_graph()
    frames = backward_frames(L)
    nodes = graph_nodes(L)
    assert sorted(f.visited for f in frames) == list(range(len(nodes)))
    assert all(f.complete for f in frames) and "Wrong order" not in " ".join(f.caption for f in frames)
    L.backward()
    np.testing.assert_allclose(frames[-1].grads, [n.grad for n in nodes], rtol=1e-12)
    edges = graph_edges(L)
    for frame in frames:
        assert all(edges[j].target is nodes[frame.visited] for j in frame.edges)
    assert frames[0].caption.startswith("Step 1: start at the output L")


def test_backward_frames_in_a_wrong_order_say_so():
    x, m, p, q, L = skip_graph()
    frames = backward_frames(L, breadth_first_order(L))
    incomplete = [f for f in frames if not f.complete]
    assert len(incomplete) == 1 and "Wrong order: p" in incomplete[0].caption
    assert graph_nodes(L)[incomplete[0].visited] is m
    assert x.grad == 0.0  # frames never touch .grad


def test_graph_table_matches_backward_and_formats_the_chain_rule():
    w, x = Value(0.8, label="w"), Value(1.5, label="x")
    z = w * x - 0.5
    z.label = "z"
    o = z * z.sigmoid()
    o.label = "o"
    rows = graph_table(o)
    o.backward()
    assert [row.grad for row in rows] == pytest.approx([n.grad for n in graph_nodes(o)], rel=1e-12)
    assert [row.value for row in rows] == [n.data for n in graph_nodes(o)]
    z_row = next(row for row in rows if row.name == "z")
    assert len(z_row.grad_terms) == 2 and sum(g * loc for g, loc in z_row.grad_terms) == pytest.approx(z.grad)
    text = format_graph_table(o)
    lines = text.splitlines()
    assert len(lines) == 1 + len(rows) and lines[-1].startswith("o = z × n")
    assert f"{z.grad:.3f}" in text and "(output)" in text and "w (input)" in text
    assert "×(-" in format_graph_table(Value(2.0, label="a") * Value(-1.0, label="b") * Value(1.0, label="c"))


# -- gates --


@settings(max_examples=40, deadline=None)
@given(a=st.floats(-5, 5), b=st.floats(-5, 5))
def test_max_gate_computes_max_and_routes_the_gradient(a, b):
    if abs(a - b) < 1e-6:
        return
    va, vb = Value(a), Value(b)
    out = max_gate(va, vb)
    assert out.data == pytest.approx(max(a, b))
    out.backward()
    assert (va.grad, vb.grad) == ((1.0, 0.0) if a > b else (0.0, 1.0))
    assert max_gate(a, b).data == pytest.approx(max(a, b))


# -- self-checks --


def f2(x, y, z):
    return (x * y + z) * x


def test_check_hand_gradient_right_wrong_and_missing():
    names = ["df/dx", "df/dy", "df/dz"]
    assert check_hand_gradient([-1.0, 4.0, 2.0], f2, [2.0, -1.0, 3.0], names).correct is True
    assert check_hand_gradient([-1.002, 4.0, 2.0], f2, [2.0, -1.0, 3.0], names).correct is True  # hand rounding
    wrong = check_hand_gradient([1.0, 4.0, 2.0], f2, [2.0, -1.0, 3.0], names)
    assert wrong.correct is False and "df/dx" in wrong.message and "df/dy" not in wrong.message
    assert "-1" not in wrong.message
    missing = check_hand_gradient(None, f2, [2.0, -1.0, 3.0], names)
    assert missing.correct is None and str(missing).startswith("No answer yet")
    assert "shape" in check_hand_gradient([1.0, 2.0], f2, [2.0, -1.0, 3.0], names).message
    assert "input 2" in check_hand_gradient([-1.0, 0.0, 2.0], f2, [2.0, -1.0, 3.0]).message


def test_check_hand_gradient_for_one_input_says_too_large_or_too_small():
    def f1(x):
        return (x**2 - 1.0).tanh()

    right = (1 - math.tanh(0.8**2 - 1) ** 2) * 1.6
    assert check_hand_gradient(right, f1, [0.8], ["df/dx"]).correct is True
    assert "too large" in check_hand_gradient(right * 1.1, f1, [0.8], ["df/dx"]).message
    assert "too small" in check_hand_gradient(right * 0.5, f1, 0.8, ["df/dx"]).message
    assert check_hand_gradient("1.4", f1, [0.8]).correct is False


def test_check_backward_order_names_the_first_problem():
    _, _, L = residual_graph()
    assert check_backward_order(["L", "h", "t", "u", "w", "x"], L).correct is True
    assert check_backward_order(["L", "h", "t", "u", "x", "w"], L).correct is True
    early = check_backward_order(["L", "h", "x", "t", "u", "w"], L)
    assert early.correct is False and "x comes before its consumer u" in early.message
    assert check_backward_order(None, L).correct is None
    assert "leaves out" in check_backward_order(["L", "h"], L).message
    assert "not a node" in check_backward_order(["L", "h", "t", "u", "w", "y"], L).message
    assert "more than once" in check_backward_order(["L", "h", "t", "u", "w", "x", "x"], L).message
    assert check_backward_order("Lhtuwx", L).correct is False


def test_check_work_counts():
    x, h = stacked_diamonds(3)
    assert check_work_counts([8, 48, 12], h, x).correct is True
    wrong = check_work_counts([8, 40, 12], h, x)
    assert wrong.correct is False and "multiplications" in wrong.message and "paths;" not in wrong.message
    assert check_work_counts(None, h, x).correct is None
    assert check_work_counts([8, 48], h, x).correct is False
    assert check_work_counts(["8", 48, 12], h, x).correct is False


# -- bad input --


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: graph_nodes(3.0), TypeError, "output must be a Value"),
        (lambda: graph_edges("x"), TypeError, "output must be a Value"),
        (lambda: count_paths(Value(1.0), Value(2.0)), ValueError, "source must be a node"),
        (lambda: count_paths(Value(1.0), 2.0), TypeError, "source must be a Value"),
        (lambda: path_sum_work(Value(1.0) * 2.0, None), TypeError, "source must be a Value"),
        (lambda: stacked_diamonds(0), ValueError, "depth must be at least 1"),
        (lambda: stacked_diamonds(2.5), TypeError, "depth must be an integer"),
        (lambda: stacked_diamonds(2, x=float("nan")), ValueError, "finite"),
        (lambda: gradient_by_paths(*reversed(stacked_diamonds(2)), max_paths=0), ValueError, "max_paths"),
        (lambda: backward_in_order(Value(1.0) * 2.0, [Value(1.0)]), ValueError, "order must list each"),
        (lambda: backward_in_order(Value(1.0) * 2.0, 3), TypeError, "order must be a sequence"),
        (lambda: backward_in_order(Value(1.0), [1.0]), TypeError, "every entry of order"),
        (lambda: first_order_violation(Value(1.0), "x"), TypeError, "order must be a sequence"),
        (lambda: forward_mode_gradient(Value(1.0) * 2.0, []), ValueError, "at least one"),
        (lambda: forward_mode_gradient(Value(1.0) * 2.0, Value(1.0)), TypeError, "inputs must be a sequence"),
        (lambda: reverse_mode_gradient(Value(1.0) * 2.0, [Value(3.0)]), ValueError, "node of output's graph"),
        (lambda: reverse_mode_gradient(Value(1.0) * 2.0, [3.0]), TypeError, "every entry of inputs"),
        (lambda: backward_frames(stacked_diamonds(80)[1]), ValueError, "max_nodes"),
        (lambda: backward_frames(Value(1.0), digits=-1), ValueError, "digits"),
        (lambda: format_graph_table(Value(1.0), digits=1.5), TypeError, "digits"),
        (lambda: node_expression(2.0, {}), TypeError, "node must be a Value"),
        (lambda: check_hand_gradient(1.0, "f", [1.0]), TypeError, "f must be a function"),
        (lambda: check_hand_gradient(1.0, lambda x: 2.0, [1.0]), TypeError, "f must return a Value"),
        (lambda: check_hand_gradient(1.0, lambda x: x, [[1.0]]), ValueError, "1-D"),
        (lambda: check_hand_gradient(1.0, lambda x: x, [1.0], names=["a", "b"]), ValueError, "one name per input"),
        (lambda: check_hand_gradient(1.0, lambda x: x.relu(), [0.0]), ValueError, "disagree"),
        (lambda: check_backward_order([], Value(1.0) + Value(1.0)), ValueError, "distinct labels"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
