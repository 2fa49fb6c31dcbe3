"""The chain-rule chapter's helpers: backward orders, forward/reverse mode, tables, gates, self-checks, re-exports."""

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
    check_backward_order,
    check_hand_gradient,
    check_work_counts,
    first_order_violation,
    format_graph_table,
    forward_mode_gradient,
    graph_edges,
    graph_nodes,
    graph_table,
    max_gate,
    reverse_mode_gradient,
    stacked_diamonds,
)

from conftest import HANGUL, skip_graph


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


# -- self-checks --


def f2(x, y, z):
    return (x * y + z) * x


def test_check_hand_gradient_right_wrong_and_missing():
    names = ["df/dx", "df/dy", "df/dz"]
    assert check_hand_gradient([-1.0, 4.0, 2.0], f2, [2.0, -1.0, 3.0], names).correct is True
    assert check_hand_gradient([-1.002, 4.0, 2.0], f2, [2.0, -1.0, 3.0], names).correct is True  # hand rounding
    wrong = check_hand_gradient([1.0, 4.0, 2.0], f2, [2.0, -1.0, 3.0], names)
    assert wrong.correct is False and "df/dx" in wrong.text("en") and "df/dy" not in wrong.text("en")
    assert "-1" not in wrong.text("en")
    missing = check_hand_gradient(None, f2, [2.0, -1.0, 3.0], names)
    assert missing.correct is None and str(missing).startswith("No answer yet")
    assert "shape" in check_hand_gradient([1.0, 2.0], f2, [2.0, -1.0, 3.0], names).text("en")
    assert "input 2" in check_hand_gradient([-1.0, 0.0, 2.0], f2, [2.0, -1.0, 3.0]).text("en")


def test_check_hand_gradient_for_one_input_says_too_large_or_too_small():
    def f1(x):
        return (x**2 - 1.0).tanh()

    right = (1 - math.tanh(0.8**2 - 1) ** 2) * 1.6
    assert check_hand_gradient(right, f1, [0.8], ["df/dx"]).correct is True
    assert "too large" in check_hand_gradient(right * 1.1, f1, [0.8], ["df/dx"]).text("en")
    assert "too small" in check_hand_gradient(right * 0.5, f1, 0.8, ["df/dx"]).text("en")
    assert check_hand_gradient("1.4", f1, [0.8]).correct is False


def test_check_backward_order_names_the_first_problem():
    _, _, L = residual_graph()
    assert check_backward_order(["L", "h", "t", "u", "w", "x"], L).correct is True
    assert check_backward_order(["L", "h", "t", "u", "x", "w"], L).correct is True
    early = check_backward_order(["L", "h", "x", "t", "u", "w"], L)
    assert early.correct is False and "x comes before its consumer u" in early.text("en")
    assert check_backward_order(None, L).correct is None
    assert "leaves out" in check_backward_order(["L", "h"], L).text("en")
    assert "not a node" in check_backward_order(["L", "h", "t", "u", "w", "y"], L).text("en")
    assert "more than once" in check_backward_order(["L", "h", "t", "u", "w", "x", "x"], L).text("en")
    assert check_backward_order("Lhtuwx", L).correct is False


def test_check_work_counts():
    x, h = stacked_diamonds(3)
    assert check_work_counts([8, 48, 12], h, x).correct is True
    wrong = check_work_counts([8, 40, 12], h, x)
    assert wrong.correct is False and "multiplications" in wrong.text("en") and "paths;" not in wrong.text("en")
    assert check_work_counts(None, h, x).correct is None
    assert check_work_counts([8, 48], h, x).correct is False
    assert check_work_counts(["8", 48, 12], h, x).correct is False


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


# -- both languages --

ENGLISH_RUN = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # three English words in a row: a sentence left over


def assert_korean(text):
    """`text` is Korean: it has Hangul and no run of English words (code names are single words)."""
    assert text and HANGUL.search(text), text
    assert not ENGLISH_RUN.search(re.sub(r"`[^`]*`", "", text)), text


def hand_gradient_answers():
    """Every kind of answer a reader can give `check_hand_gradient`, for f2 at (2, -1, 3)."""
    return [None, [-1.0, 4.0, 2.0], [1.0, 4.0, 2.0], [1, 1, 1], [1.0, 2.0], "abc", [[1.0, 2.0, 3.0]],
            [float("nan"), 4.0, 2.0], np.array([-1.0, 4.0, 2.0])]


@pytest.mark.parametrize("names", [None, ["df/dx", "df/dy", "df/dz"]])
def test_check_hand_gradient_speaks_korean_for_every_answer(names):
    for answer in hand_gradient_answers():
        feedback = check_hand_gradient(answer, f2, [2.0, -1.0, 3.0], names)
        assert_korean(feedback.texts()["ko"])
        assert str(feedback) == feedback.texts()["en"] and not HANGUL.search(feedback.texts()["en"])


def test_check_hand_gradient_names_the_inputs_in_the_readers_language():
    wrong = check_hand_gradient([-1.0, 0.0, 2.0], f2, [2.0, -1.0, 3.0])
    assert wrong.texts() == {
        "en": "Not yet: 1 of 3 entries are off: input 2. (Value's backward pass and central differences agree on "
              "them.)",
        "ko": "아직 아니다: 3개 항목 가운데 1개가 틀렸다: 입력 2. (이 항목들에서는 Value의 역방향 계산과 중심 차분이 "
              "서로 일치한다.)",
    }
    one = check_hand_gradient(9.0, lambda x: x * x, [0.5])
    assert one.texts()["en"] == "Not yet: input 1 is too large." and "입력 1" in one.texts()["ko"]


def test_check_hand_gradient_for_one_input_speaks_korean():
    def f1(x):
        return (x**2 - 1.0).tanh()

    right = (1 - math.tanh(0.8**2 - 1) ** 2) * 1.6
    for answer in (None, right, right * 1.1, right * 0.5, "1.4", float("inf"), True):
        for names in (None, ["df/dx"]):
            assert_korean(check_hand_gradient(answer, f1, [0.8], names).texts()["ko"])


def test_check_backward_order_and_work_counts_speak_korean_for_every_answer():
    _, _, L = residual_graph()
    orders = [None, "Lhtuwx", ("L",), ["L", "h", "t", "u", "w", "x"], ["L", "h", "x", "t", "u", "w"], ["L", "h"],
              ["L", "h", "t", "u", "w", "y"], ["L", "h", "t", "u", "w", "x", "x"], [1, 2, 3, 4, 5, 6]]
    for answer in orders:
        assert_korean(check_backward_order(answer, L).texts()["ko"])
    assert check_backward_order(["L", "h", "x", "t", "u", "w"], L).texts()["en"] == (
        "Not yet: x comes before its consumer u: x's gradient is still incomplete.")
    x, h = stacked_diamonds(3)
    for answer in (None, [8, 48, 12], [8, 40, 12], [1, 2, 3], [8, 48], ["8", 48, 12], "abc", [8, 48, 13.5], 8):
        assert_korean(check_work_counts(answer, h, x).texts()["ko"])
    assert check_work_counts([1, 2, 12], h, x).texts() == {
        "en": "Not yet: 2 of 3 counts are off: the number of paths; the multiplications summing over paths.",
        "ko": "아직 아니다: 세 값 가운데 2개가 틀렸다: 경로의 수, 경로마다 따로 더할 때의 곱셈 수.",
    }


def test_the_work_counts_box_has_its_title_labels_and_messages_in_both_languages():
    x, h = stacked_diamonds(3)
    box = chain_rule.work_counts_box(h, x)
    assert box.title.texts()["en"] == "Your three counts"
    assert [label.texts()["en"] for label in box.labels] == ["paths", "multiplications", "multiply-adds"]
    for text in [box.title, *box.labels]:
        assert HANGUL.search(text.texts()["ko"]), text
    messages = [box.spec["messages"]["right"], box.spec["messages"]["empty"]]
    messages += [field[kind] for field in box.spec["fields"] for kind in ("large", "small", "nan")]
    for message in messages:
        assert_korean(message["text"]["ko"])
