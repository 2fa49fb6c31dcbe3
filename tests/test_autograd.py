"""Value: every operation's gradient against central differences, plus graph-walk properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import Value, backward_steps, numerical_gradient, topological_order


def autograd_and_numeric(f, *inputs):
    """Gradient of f (a function of Values returning a Value) by backward() and by central differences."""
    values = [Value(x) for x in inputs]
    out = f(*values)
    out.backward()
    analytic = np.array([v.grad for v in values])
    numeric = numerical_gradient(lambda x: f(*[Value(float(xi)) for xi in x]).data, np.array(inputs, dtype=float))
    return analytic, numeric


BINARY_OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "radd": lambda a, b: 2.5 + a * b,
    "rsub": lambda a, b: 2.5 - a * b,
    "rmul": lambda a, b: 2.5 * a + b,
    "rdiv": lambda a, b: 2.5 / (a * a + b * b + 1.0),
}

UNARY_OPS = {
    "neg": lambda a: -a,
    "square": lambda a: a**2,
    "cube": lambda a: a**3,
    "reciprocal_pow": lambda a: (a * a + 1.0) ** -1.5,
    "sqrt_pow": lambda a: (a * a + 1.0) ** 0.5,
    "exp": lambda a: a.exp(),
    "log": lambda a: (a * a + 0.5).log(),
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "relu": lambda a: a.relu(),
}


@pytest.mark.parametrize("name", BINARY_OPS)
@pytest.mark.parametrize("a, b", [(1.5, -0.7), (-2.0, 3.0), (0.3, 0.9)])
def test_binary_ops_match_central_differences(name, a, b):
    analytic, numeric = autograd_and_numeric(BINARY_OPS[name], a, b)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", UNARY_OPS)
@pytest.mark.parametrize("a", [-1.3, 0.4, 2.2])
def test_unary_ops_match_central_differences(name, a):
    analytic, numeric = autograd_and_numeric(UNARY_OPS[name], a)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_forward_values_match_math():
    a, b = Value(0.8), Value(-1.7)
    assert (a * b + a / b - b**2).data == pytest.approx(0.8 * -1.7 + 0.8 / -1.7 - 1.7**2)
    assert a.tanh().data == pytest.approx(math.tanh(0.8))
    assert b.sigmoid().data == pytest.approx(1 / (1 + math.exp(1.7)))
    assert b.relu().data == 0.0 and a.relu().data == 0.8
    assert a.exp().log().data == pytest.approx(0.8)


def test_sigmoid_is_stable_for_large_inputs():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0


def test_shared_node_accumulates_gradient_over_every_path():
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1 = 7, summed over three uses of x
    y.backward()
    assert x.grad == pytest.approx(7.0)


def test_in_place_add_builds_a_new_node():
    a = Value(1.0)
    original = a
    a += 2.0
    assert a is not original and a.data == 3.0 and original.data == 1.0
    a.backward()
    assert original.grad == 1.0


def test_topological_order_puts_inputs_before_outputs():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = e.topological_order()
    position = {id(node): i for i, node in enumerate(order)}
    assert order[-1] is e and len(order) == 5
    for node in order:
        for child in node._prev:
            assert position[id(child)] < position[id(node)]


def test_backward_on_a_very_deep_chain_without_recursion():
    depth = 300_000
    x = Value(0.5)
    y = x
    for _ in range(depth):
        y = y * 1.0 + 0.0  # two nodes per step: 600,000 nodes deep
    y.backward()
    assert x.grad == 1.0
    assert len(y.topological_order()) == 1 + 4 * depth


def test_zero_grad_resets_every_node():
    a = Value(2.0)
    out = (a * a).tanh()
    out.backward()
    assert a.grad != 0.0
    out.zero_grad()
    assert a.grad == 0.0 and out.grad == 0.0


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: Value("1.0"), TypeError, "real number"),
        (lambda: Value(None), TypeError, "real number"),
        (lambda: Value(float("nan")), ValueError, "finite"),
        (lambda: Value(float("inf")), ValueError, "finite"),
        (lambda: Value(1.0) ** Value(2.0), TypeError, "exponent"),
        (lambda: Value(0.0) ** -1, ValueError, "base is 0"),
        (lambda: Value(-2.0) ** 0.5, ValueError, "negative base"),
        (lambda: Value(1.0) / 0.0, ValueError, "division by zero"),
        (lambda: Value(0.0).log(), ValueError, "positive"),
        (lambda: Value(1000.0).exp(), ValueError, "overflows"),
        (lambda: Value(1e200) * 1e200, ValueError, "not finite"),
        (lambda: Value(1.0) + "2", TypeError, "real number"),
    ],
)
def test_bad_input_raises_a_clear_error(make, error, match):
    with pytest.raises(error, match=match):
        make()


finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(a=finite, b=finite, c=finite)
def test_random_expressions_match_central_differences(a, b, c):
    def f(x, y, z):
        return ((x * y).tanh() + (z - x).sigmoid() * y + (x * x + z * z + 1.0).log() / (y * y + 1.0)) ** 2

    analytic, numeric = autograd_and_numeric(f, a, b, c)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


# -- the graph, read publicly, and the backward pass as steps --


def _graph(seed):
    """A random graph of a few dozen nodes over three inputs, with shared subexpressions."""
    rng = np.random.default_rng(seed)
    inputs = [Value(float(v), label=name) for v, name in zip(rng.uniform(-1, 1, 3), "abc")]
    nodes = list(inputs)
    for _ in range(30):
        a, b = (nodes[int(i)] for i in rng.integers(len(nodes), size=2))
        op = int(rng.integers(4))
        nodes.append(a * b if op == 0 else a + b if op == 1 else (a - b).tanh() if op == 2 else a.sigmoid() * b)
    return inputs, nodes[-1]


def test_a_node_tells_its_inputs_local_derivatives_and_operation():
    x, y = Value(2.0), Value(3.0)
    z = x * y
    assert z.inputs == (x, y) and z.local_grads == (3.0, 2.0) and z.op == "*"
    assert x.inputs == () and x.local_grads == () and x.op == ""
    assert (x**2).op == "**2" and x.tanh().local_grads == (pytest.approx(1 - math.tanh(2.0) ** 2),)
    with pytest.raises(AttributeError):
        z.inputs = ()


@pytest.mark.parametrize("seed", range(5))
def test_backward_steps_is_the_backward_pass_one_visit_at_a_time(seed):
    inputs, out = _graph(seed)
    grads = {}
    steps = list(backward_steps(out, grads))
    assert all(node.grad == 0.0 for node in topological_order(out))  # .grad untouched
    out.backward()
    nodes = topological_order(out, operand_order=True)
    assert [grads[node] for node in nodes] == pytest.approx([node.grad for node in nodes], rel=1e-12, abs=1e-15)
    assert [step.node for step in steps] == nodes[::-1]
    assert sum(len(step.sent) for step in steps) == sum(len(node.inputs) for node in topological_order(out))
    first = steps[0]
    assert first.node is out and first.grad == 1.0
    assert first.sent == tuple(local * 1.0 for local in out.local_grads)


def test_backward_steps_follows_a_wrong_order_and_refuses_an_incomplete_one():
    w = Value(0.5, label="w")
    x = w * 3.0
    h = x.tanh() + x  # x reaches h by two paths
    loss = h * h
    right = {}
    list(backward_steps(loss, right))
    three = x.inputs[1]
    breadth_first = [loss, h, x, h.inputs[0], w, three]  # x before tanh(x), which still owes it a share
    wrong = {}
    list(backward_steps(loss, wrong, breadth_first))
    assert wrong[w] != pytest.approx(right[w])  # x passed an incomplete gradient on to w
    with pytest.raises(ValueError, match="each of the graph's 6 nodes once"):
        backward_steps(loss, {}, [loss, h, x])
    with pytest.raises(TypeError, match="dict"):
        backward_steps(loss, [])
