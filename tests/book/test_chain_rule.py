"""The chain-rule chapter's helpers: backward orders, forward/reverse mode, tables, gates, exercises, re-exports."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import Value, numerical_gradient
from backprop.book import chain_rule, graph_paths, value_graphs
from backprop.book.chain_rule import (
    backward_in_order,
    breadth_first_order,
    exercises,
    first_order_violation,
    format_forward_mode_table,
    format_graph_table,
    forward_mode_gradient,
    graph_edges,
    graph_nodes,
    graph_table,
    max_gate,
    reverse_mode_gradient,
    stacked_diamonds,
)

from conftest import assert_exercise_says, skip_graph


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


# -- what the notebook imports --


def test_the_notebook_imports_every_chapter_helper_from_here():
    for name in chain_rule.__all__:
        assert hasattr(chain_rule, name), name
    for module in (value_graphs, graph_paths):  # re-exported, not copied
        for name in set(chain_rule.__all__) & set(dir(module)):
            assert getattr(chain_rule, name) is getattr(module, name), name


# -- work: one backward pass against summing over paths --


def test_one_backward_pass_of_stacked_diamonds_does_one_multiply_add_per_edge():
    for depth in range(1, 9):
        x, h = stacked_diamonds(depth)
        assert backward_in_order(h, reversed(graph_nodes(h))) == 4 * depth
        assert x.grad == pytest.approx(chain_rule.gradient_by_paths(h, x).gradient, rel=1e-12)


def test_backward_orders_and_modes_100_000_nodes_deep():
    depth = 100_000
    x = Value(0.1, label="x")
    out = x
    for _ in range(depth):
        out = out.tanh()
    nodes = graph_nodes(out)
    assert first_order_violation(out, reversed(nodes)) is None
    assert backward_in_order(out, reversed(nodes)) == depth
    assert reverse_mode_gradient(out, [x]).gradient[0] == pytest.approx(x.grad)
    _, h = stacked_diamonds(50_000)
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
    with pytest.raises(ValueError, match="order must list each"):
        backward_in_order(L, [L, x])
    assert x.grad == pytest.approx(once)  # a refused order leaves every .grad as it was


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


def test_the_forward_mode_table_holds_every_nodes_derivative_with_respect_to_each_input():
    """Each column is one forward pass: node by node, d node / d input by central differences."""

    def swish(w, x, b):
        wx = w * x
        z = wx + b
        s = z.sigmoid()
        return [wx, z, s, z * s]

    point = (0.8, 1.5, -0.5)
    inputs = [Value(v, label=name) for name, v in zip("wxb", point)]
    nodes = swish(*inputs)
    for node, name in zip(nodes, ("wx", "z", "s", "o")):
        node.label = name
    table = format_forward_mode_table(nodes[-1], inputs, digits=6).splitlines()
    assert table[0].split() == ["node", "value", "d/dw", "d/dx", "d/db"]
    rows = {row.split()[0]: [float(v) for v in row.split()[1:]] for row in table[1:]}
    assert list(rows) == ["w", "x", "wx", "b", "z", "s", "o"]  # inputs first, the output last
    for k, name in enumerate(("wx", "z", "s", "o")):
        def node_value(v, k=k):
            return swish(*(Value(float(t)) for t in v))[k].data

        by_differences = numerical_gradient(node_value, np.array(point))
        np.testing.assert_allclose(rows[name][1:], by_differences, atol=2e-6)
    np.testing.assert_allclose(rows["o"][1:], reverse_mode_gradient(nodes[-1], inputs).gradient, atol=1e-6)
    assert rows["w"][1:] == [1.0, 0.0, 0.0]


def test_modes_leave_grad_untouched():
    x, *_, L = skip_graph()
    forward_mode_gradient(L, [x])
    reverse_mode_gradient(L, [x])
    assert x.grad == 0.0 and L.grad == 0.0


# -- tables --


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


# -- the exercises --


def three_way_stages(depth, x_value=0.5):
    """`depth` stages h -> (tanh h + sigma h) + relu h, labelled a1, b1, c1, d1, h1, a2, ..., as the notebook
    builds them. Returns (x, output)."""
    x = h = Value(x_value, label="x")
    for k in range(1, depth + 1):
        a, b, c = h.tanh(), h.sigmoid(), h.relu()
        d = a + b
        h = d + c
        for node, name in zip((a, b, c, d, h), "abcdh"):
            node.label = f"{name}{k}"
    return x, h


def exercise_context(name):
    """What the notebook's check cell passes besides the answers."""
    if name == "backward-order":
        return {"graph": residual_graph()[2]}
    if name == "count-the-work":
        x, out = three_way_stages(3)
        return {"output": out, "source": x}
    return {}


ONE_INPUT = (1 - math.tanh(0.8**2 - 1) ** 2) * 2 * 0.8  # f = tanh(u), u = x² - 1, at x = 0.8
X, Y, Z = 2.0, -1.0, 3.0  # f = (x y + z) x: df/dx = 2 x y + z, df/dy = x², df/dz = x
SEVERAL_PATHS = [2 * X * Y + Z, X**2, X]
TYPE_NAMES = re.compile(r"\b(?:str|NoneType|float|int|bool|list)\b")

# (exercise, answers, correct, words the English feedback says)
EXERCISE_CASES = [
    ("chain-one-input", (ONE_INPUT,), True, ()),
    ("chain-one-input", (1 - math.tanh(0.8**2 - 1) ** 2,), False, ("dtanh/du alone",)),
    ("chain-one-input", (1.6,), False, ("du/dx alone",)),
    ("chain-several-paths", (SEVERAL_PATHS,), True, ()),
    ("chain-several-paths", (-1, 4, 2), True, ()),
    ("chain-several-paths", ([X * Y, 4, 2],), False, ("one of x's two paths",)),
    ("backward-order", (["L", "h", "t", "u", "w", "x"], "no"), True, ()),
    ("backward-order", ("L, h, t, u, x, w", "not valid"), True, ()),
    ("backward-order", (["L", "h", "x", "t", "u", "w"], "no"), False, ("x comes before u",)),
    ("backward-order", (["L", "h", "t", "u", "w", "x"], "yes"), False, ("“valid” is not right",)),
    ("backward-order", (["L", "h"], "no"), False, ("leaves out t, u, w, x",)),
    ("count-the-work", ([3**3, 3 * 9 * 8, 3 * 7],), True, ()),
    ("count-the-work", ([3 * 3, 216, 21],), False, ("routes multiply",)),
    ("count-the-work", ([27, 216, 16],), False, ("counts the nodes",)),
    ("count-the-work", ([27, 216, 7],), False, ("one stage's edges",)),
]


def test_the_exercises_answers_are_the_graphs_own_counts():
    x, out = three_way_stages(3)
    assert (len(graph_nodes(out)), len(graph_edges(out))) == (16, 21)
    assert chain_rule.count_paths(out, x) == 27
    assert backward_in_order(out, reversed(graph_nodes(out))) == 21


@pytest.mark.parametrize("name, answers, correct, words", EXERCISE_CASES)
def test_each_exercise_knows_its_answer_and_the_likely_mistakes(name, answers, correct, words):
    assert_exercise_says(exercises, name, answers, correct, words, exercise_context(name))


@pytest.mark.parametrize("name", sorted(exercises))
def test_each_exercise_without_an_answer_or_with_a_malformed_one(name):
    fields = exercises[name].fields
    empty = exercises.check(name, *[None] * len(fields), **exercise_context(name))
    assert empty.correct is None and str(empty).startswith("No answer yet")
    malformed = exercises.check(name, *["1/0" if f.kind == "number" else "abc" for f in fields],
                                **exercise_context(name))
    assert malformed.correct is False and not TYPE_NAMES.search(str(malformed)), str(malformed)


# -- bad input --


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: backward_in_order(Value(1.0) * 2.0, [Value(1.0)]), ValueError, "order must list each"),
        (lambda: backward_in_order(Value(1.0) * 2.0, 3), TypeError, "order must be a sequence"),
        (lambda: backward_in_order(Value(1.0), [1.0]), TypeError, "every entry of order"),
        (lambda: first_order_violation(Value(1.0), "x"), TypeError, "order must be a sequence"),
        (lambda: breadth_first_order(1.0), TypeError, "output must be a Value"),
        (lambda: graph_table(None), TypeError, "output must be a Value"),
        (lambda: max_gate("a", 1.0), TypeError, "Value data must be a real number"),
        (lambda: forward_mode_gradient(Value(1.0) * 2.0, []), ValueError, "at least one"),
        (lambda: forward_mode_gradient(Value(1.0) * 2.0, Value(1.0)), TypeError, "inputs must be a sequence"),
        (lambda: reverse_mode_gradient(Value(1.0) * 2.0, [Value(3.0)]), ValueError, "node of output's graph"),
        (lambda: reverse_mode_gradient(Value(1.0) * 2.0, [3.0]), TypeError, "every entry of inputs"),
        (lambda: format_graph_table(Value(1.0), digits=1.5), TypeError, "digits"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
