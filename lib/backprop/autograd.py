"""A scalar reverse-mode automatic differentiation engine.

Every operation returns a new `Value` that remembers its inputs (`inputs`), the local
derivative of its output with respect to each input (`local_grads`), both computed next to the
forward result, and its operation (`op`). `backward()` then applies the chain rule: it visits
the graph in reverse topological order and adds ``local_grad * node.grad`` into every input.
Gradients accumulate, as in the chain rule's sum over paths; call `zero_grad()` to start afresh.
`backward_steps` is the same pass one visit at a time, for a caller who wants to watch it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import NamedTuple


def _check_number(data, what: str) -> float:
    if isinstance(data, bool) or not isinstance(data, numbers.Real):
        raise TypeError(f"{what} must be a real number, got {type(data).__name__}")
    data = float(data)
    if not math.isfinite(data):
        raise ValueError(f"{what} must be finite, got {data}")
    return data


class Value:
    """A scalar that records how it was computed, so its gradient can be sent back.

    ``Value(2.0)`` is a leaf; ``a * b`` is a node with inputs ``a`` and ``b``.
    ``.data`` holds the number, ``.grad`` holds d(output)/d(this value) after
    ``output.backward()``.
    """

    __slots__ = ("data", "grad", "_prev", "_local_grads", "_op", "label")

    def __init__(self, data, _prev=(), _local_grads=(), _op="", label=""):
        if _prev:
            # A node made by an operation: `data` is already a float; only guard against overflow.
            if data - data != 0.0:  # true for inf and nan, cheaper than math.isfinite
                operands = ", ".join(f"{child.data:g}" for child in _prev)
                raise ValueError(f"Value {_op!r} of ({operands}) is not finite ({data}); the inputs are too large")
        else:
            data = _check_number(data, "Value data")
        self.data = data
        self.grad = 0.0
        self._prev = _prev
        self._local_grads = _local_grads
        self._op = _op
        self.label = label

    # -- the graph, read-only: what made this node --

    @property
    def inputs(self) -> tuple:
        """The values this node was computed from, in operand order (``()`` for a leaf)."""
        return self._prev

    @property
    def local_grads(self) -> tuple:
        """d(this node)/d(input) for each of `inputs`, in the same order, computed with the forward result."""
        return self._local_grads

    @property
    def op(self) -> str:
        """The operation that made this node: ``"+"``, ``"*"``, ``"tanh"``, ``"**2"``, ... (``""`` for a leaf)."""
        return self._op

    # -- arithmetic: each returns a new node with the local derivative of each input --

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __pow__(self, exponent):
        if isinstance(exponent, Value):
            raise TypeError("Value ** exponent: the exponent must be a number, not a Value")
        exponent = _check_number(exponent, "exponent")
        base = self.data
        if base == 0.0 and exponent < 1.0:
            raise ValueError(f"Value ** {exponent:g}: the base is 0, where the power or its derivative is undefined")
        if base < 0.0 and not exponent.is_integer():
            raise ValueError(f"Value ** {exponent:g}: a negative base ({base:g}) needs a whole-number exponent")
        try:
            out = base**exponent
            local = exponent * base ** (exponent - 1.0)
        except OverflowError:
            raise ValueError(f"Value ** {exponent:g} of {base:g} overflows") from None
        return Value(out, (self,), (local,), f"**{exponent:g}")

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,), "neg")

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        if other.data == 0.0:
            raise ValueError("Value division by zero: the divisor's data is 0")
        inverse = 1.0 / other.data
        return Value(self.data * inverse, (self, other), (inverse, -self.data * inverse * inverse), "/")

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Value(other) - self

    def __rtruediv__(self, other):
        return Value(other) / self

    # -- functions of one input --

    def exp(self):
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise ValueError(f"Value.exp() of {self.data:g} overflows") from None
        return Value(out, (self,), (out,), "exp")

    def log(self):
        if self.data <= 0.0:
            raise ValueError(f"Value.log() needs a positive input, got {self.data:g}")
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def relu(self):
        positive = self.data > 0.0
        return Value(self.data if positive else 0.0, (self,), (1.0 if positive else 0.0,), "relu")

    def tanh(self):
        out = math.tanh(self.data)
        return Value(out, (self,), (1.0 - out * out,), "tanh")

    def sigmoid(self):
        # Two branches so that exp never overflows for inputs of large magnitude.
        if self.data >= 0.0:
            out = 1.0 / (1.0 + math.exp(-self.data))
        else:
            e = math.exp(self.data)
            out = e / (1.0 + e)
        return Value(out, (self,), (out * (1.0 - out),), "sigmoid")

    # -- the backward pass --

    def topological_order(self):
        """All nodes this value depends on, each after its inputs, ending with `self`.

        Walks the graph with an explicit stack, so a chain of any depth works.
        """
        return topological_order(self)

    def backward(self):
        """Set every upstream ``.grad`` to d(self)/d(node), adding to what is already there.

        A gradient that overflows raises ValueError, naming the node, rather than leaving ``inf``
        behind silently (the gradients are then partly summed: `zero_grad()` before trying again).
        """
        order = self.topological_order()
        self.grad = 1.0
        for node in reversed(order):  # the sweep of `backward_steps`, tight, into .grad
            node_grad = node.grad
            for child, local in zip(node._prev, node._local_grads):
                child.grad += local * node_grad
                if child.grad - child.grad != 0.0:  # true for inf and nan, cheaper than math.isfinite
                    raise _overflow(child, node, local, node_grad)

    def zero_grad(self):
        """Reset ``.grad`` to 0 on this value and everything it depends on."""
        for node in self.topological_order():
            node.grad = 0.0

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"


def topological_order(output, operand_order=False):
    """All nodes `output` depends on, each after its inputs, ending with `output`.

    Depth-first search with an explicit stack, so a chain of any depth works. With
    `operand_order`, a node's inputs are visited left operand first, so that a listing of the
    nodes reads like the formula; backward does not need that and skips the reversal.
    """
    if not isinstance(output, Value):
        raise TypeError(f"output must be a Value, got {type(output).__name__}")
    if not isinstance(operand_order, bool):
        raise TypeError(f"operand_order must be True or False, got {type(operand_order).__name__}")
    order = []
    visited = set()
    stack = [(output, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
            continue
        if node in visited:
            continue
        visited.add(node)
        stack.append((node, True))
        for child in reversed(node._prev) if operand_order else node._prev:
            if child not in visited:
                stack.append((child, False))
    return order


class BackwardStep(NamedTuple):
    """One visit of the backward pass: `node`, the gradient it had when visited (`grad`), and what it
    sent to each of its inputs (`sent`: ``local_grad * grad``, in operand order)."""

    node: Value
    grad: float
    sent: tuple


def backward_steps(output, grads: dict, order=None) -> Iterator[BackwardStep]:
    """The backward pass of `output`, one `BackwardStep` per node visited, as the caller consumes them.

    Each visited node sends ``local_grad * grad`` to each of its inputs (one multiply-add per
    edge), as in `Value.backward`, but into `grads`, a dict, leaving ``.grad`` untouched: `grads`
    is first filled with every node at 0 and `output` at 1, and after each step holds every
    gradient right after that visit. `order` defaults to the reversed topological order, the right
    one; another order must list every node of the graph once, and is followed even where it visits
    a node before its consumers (which loses part of a gradient: a way to see why the order
    matters). A gradient that overflows raises ValueError, naming the node. A test holds this
    sweep and `Value.backward`'s equal.
    """
    if not isinstance(output, Value):
        raise TypeError(f"output must be a Value, got {type(output).__name__}")
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict to fill with the gradients, got {type(grads).__name__}")
    nodes = topological_order(output, operand_order=True)  # a node's inputs in operand order, as one reads them
    if order is None:
        order = reversed(nodes)
    else:
        if isinstance(order, (str, bytes)) or not hasattr(order, "__iter__"):
            raise TypeError(f"order must be a sequence of the graph's Values, got {type(order).__name__}")
        order = list(order)
        if not all(isinstance(node, Value) for node in order):
            raise TypeError("every entry of order must be a Value of the graph")
        if len(order) != len(nodes) or set(order) != set(nodes):
            raise ValueError(f"order must list each of the graph's {len(nodes)} nodes once, got {len(order)} "
                             "entries")
    grads.clear()
    grads.update(dict.fromkeys(nodes, 0.0))
    grads[output] = 1.0
    return _steps(order, grads)


def _overflow(child, node, local, node_grad) -> ValueError:
    name = f"{child.label!r} " if child.label else ""
    return ValueError(f"the gradient reaching node {name}(data {child.data:g}) through {node._op!r} "
                      f"overflowed: {local:g} times {node_grad:g}")


def _steps(order, grads):
    for node in order:
        node_grad = grads[node]
        sent = []
        for child, local in zip(node._prev, node._local_grads):
            amount = local * node_grad
            grads[child] += amount
            if grads[child] - grads[child] != 0.0:
                raise _overflow(child, node, local, node_grad)
            sent.append(amount)
        yield BackwardStep(node, node_grad, tuple(sent))
