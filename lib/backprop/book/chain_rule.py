"""The chain-rule chapter's helpers (chapter 3): work, backward orders, modes, tables and self-checks.

The chapter answers its questions with counts computed on real `Value` graphs. The walks are
`backprop.book.value_graphs` and the path counts `backprop.book.graph_paths`; this module
re-exports what the notebook uses of them (`graph_nodes`, `node_depths`, `count_paths`, ...) and adds:

- a gate that routes its gradient (`max_gate`);
- why the backward pass needs a topological order (`breadth_first_order` is a plausible order
  that gives wrong gradients; `first_order_violation` says where it goes wrong), and the work of
  one backward pass in a given order (`backward_in_order`), to compare with summing over paths;
- forward mode versus reverse mode (`forward_mode_gradient`, `reverse_mode_gradient`);
- the numbers of a hand calculation (`graph_table`, `format_graph_table`);
- the self-checks of the exercises (`check_hand_gradient`, `check_backward_order`, `check_work_counts`).

Every backward pass here is `value_graphs.backward_sweep`, the one written-out copy of
`Value.backward`'s loop. Drawing a graph is `backprop.book.graph_drawing`; stepping through its
backward pass is `backprop.book.backward_player`.
"""

from __future__ import annotations

import numbers
from collections import deque
from dataclasses import dataclass

import numpy as np

from .._checks import as_finite_array, count
from ..autograd import Value
from ..gradcheck import numerical_gradient
from .backward_player import backward_player
from .graph_drawing import draw_graph
from .graph_paths import PathSum, count_paths, gradient_by_paths, path_counts, path_sum_work, stacked_diamonds
from .language import Text, in_language, join
from .selfcheck import Feedback, check_array, check_number, no_answer
from .value_graphs import (
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

__all__ = [  # this module's own names, then those it re-exports for the notebook
    "GradientCost", "GraphRow", "backward_in_order", "breadth_first_order", "check_backward_order",
    "check_hand_gradient", "check_work_counts", "first_order_violation", "format_graph_table",
    "forward_mode_gradient", "graph_table", "max_gate", "reverse_mode_gradient",
    "PathSum", "count_paths", "gradient_by_paths", "graph_edges", "graph_nodes", "node_depths",
    "node_expression", "node_names", "path_counts", "path_sum_work", "stacked_diamonds",
    "backward_player", "draw_graph", "work_counts_box",
]


# -- gates --


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
    output = check_value(output)
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


def first_order_violation(output, order) -> tuple[Value, Value] | None:
    """The first ``(node, consumer)`` where the backward `order` visits a node before one of its consumers.

    None when `order` is a valid backward order (a reversed topological order): then every node
    has received all of its gradient before it passes it on.
    """
    _, order = check_order(output, order)
    consumers = node_consumers(output)
    visited = set()
    for node in order:
        for consumer in consumers[node]:
            if consumer not in visited:
                return node, consumer
        visited.add(node)
    return None


def backward_in_order(output, order) -> int:
    """Run the backward pass visiting nodes in `order`; return the number of multiply-adds done.

    Starts from ``output.grad = 1`` and 0 everywhere else, then for each node in turn adds
    ``local_grad * node.grad`` into each of its inputs, exactly as `Value.backward` does, one
    multiply-add per edge (`backward_sweep`), and leaves the result in every node's ``.grad``
    (what was there before is replaced). With ``reversed(output.topological_order())`` the
    gradients are right; with an order that visits a node before its consumers
    (`breadth_first_order`) they can be wrong.
    """
    grads = {}
    multiply_adds = sum(len(step.sent) for step in backward_sweep(output, grads, order))
    for node, grad in grads.items():
        node.grad = grad
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
        check_value(node, "every entry of inputs")
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
    _, inputs = _check_inputs(output, inputs)
    grads = {}
    multiply_adds = sum(len(step.sent) for step in backward_sweep(output, grads))
    return GradientCost(np.array([grads[node] for node in inputs]), 1, multiply_adds)


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
    terms = {node: [] for node in nodes}
    grads = {}
    for step in backward_sweep(output, grads):
        for child, local in zip(step.node._prev, step.node._local_grads):
            terms[child].append((step.grad, float(local)))
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
        local = ", ".join(f"d{row.name}/d{child}={format_number(g, digits)}" for child, g in row.local_grads) or "-"
        if row.grad_terms:
            sums = " + ".join(f"{format_number(g, digits)}×{format_factor(loc, digits)}" for g, loc in row.grad_terms)
            gradient = f"{sums} = {format_number(row.grad, digits)}"
        else:
            gradient = f"{format_number(row.grad, digits)} (output)"
        lines.append((computes, format_number(row.value, digits), local, gradient))
    header = ("node", "value", "local gradients", "gradient")
    widths = [max(len(line[k]) for line in [header, *lines]) for k in range(3)]
    rows = [header, *lines]
    return "\n".join(
        f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:<{widths[2]}}  {d}".rstrip() for a, b, c, d in rows
    )


# -- self-checks for the chapter's exercises --


YOUR_GRADIENT = Text("your gradient", "구한 기울기")
BOTH_AGREE = Text(" (Value's backward pass and central differences agree on them.)",
                  " (이 항목들에서는 Value의 역방향 계산과 중심 차분이 서로 일치한다.)")


def check_hand_gradient(answer, f, point, names=None) -> Feedback:
    """Compare a hand-computed gradient of ``f`` at `point` with `Value` and central differences.

    `f` takes one `Value` per entry of `point` and returns a `Value`; `answer` holds one number per
    input (a single number when there is one input). The reference is `Value`'s backward pass,
    confirmed by central differences; on a mismatch the feedback names the inputs that are off
    (`names`, default ``input 1, input 2, ...``; strings or `Text`) but not the right values.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of Values, got {type(f).__name__}")
    point = np.atleast_1d(as_finite_array(point, "point"))
    if point.ndim != 1:
        raise ValueError(f"point must be a number or a 1-D array, got shape {point.shape}")
    names = [Text("input {i}", "입력 {i}", i=i + 1) for i in range(point.size)] if names is None else list(names)
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
        return no_answer(Text("fill in your gradient and run the cell again.",
                              "기울기를 채워 넣고 셀을 다시 실행하라."))
    if point.size == 1 and np.ndim(answer) == 0:
        return check_number(answer, by_value[0], rel_tol=5e-3, abs_tol=1e-3, what=names[0])
    feedback = check_array(answer, by_value, rtol=5e-3, atol=1e-3, names=names, what=YOUR_GRADIENT)
    if feedback.correct is False and "entries are off" in in_language(feedback.message, "en"):
        return Feedback(False, feedback.message + BOTH_AGREE)
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
        return no_answer(Text("list the node names in the order the backward pass should visit them.",
                              "역방향 계산이 노드를 방문해야 하는 순서대로 노드 이름을 나열하라."))
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
        return Feedback(False, Text("your order should be a list of node names, got {kind}.",
                                    "순서는 노드 이름의 리스트여야 하는데 {kind}이다.", kind=type(answer).__name__))
    unknown = [a for a in answer if a not in by_name]
    if unknown:
        return Feedback(False, Text("{name} is not a node of this graph (the names are {names}).",
                                    "이 그래프에는 {name} 노드가 없다 (노드 이름: {names}).",
                                    name=repr(unknown[0]), names=sorted(by_name)))
    repeated = sorted({a for a in answer if answer.count(a) > 1})
    if repeated:
        return Feedback(False, Text("{names} appear(s) more than once; visit each node once.",
                                    "두 번 이상 나오는 노드가 있다: {names}. 노드마다 한 번씩만 방문하라.",
                                    names=", ".join(repeated)))
    missing = [name for name in by_name if name not in answer]
    if missing:
        return Feedback(False, Text("your order leaves out {names}.", "순서에서 빠진 노드가 있다: {names}.",
                                    names=", ".join(sorted(missing))))
    violation = first_order_violation(output, [by_name[a] for a in answer])
    if violation is not None:
        node, consumer = (names[n] for n in violation)
        return Feedback(False, Text("{node} comes before its consumer {consumer}: {node}'s gradient is still "
                                    "incomplete.", "{node}이(가) 자신을 입력으로 쓰는 노드 {consumer}보다 먼저 나온다. "
                                    "{node}의 기울기가 아직 다 모이지 않았다.", node=node, consumer=consumer))
    return Feedback(True, Text("every node comes after all of its consumers.",
                               "모든 노드가 자신을 입력으로 쓰는 노드들보다 뒤에 온다."))


WORK_COUNTS = (Text("the number of paths", "경로의 수"),
               Text("the multiplications summing over paths", "경로마다 따로 더할 때의 곱셈 수"),
               Text("the multiply-adds of one backward pass", "역방향 계산 한 번의 곱셈-덧셈 수"))
"""The three counts of the exercise "count the work", as its feedback names them."""


def check_work_counts(answer, output, source) -> Feedback:
    """Check three counts for d output / d source: the paths, the multiplications of summing over them
    separately (`path_sum_work`), and the multiply-adds of one backward pass (one per edge).

    `answer` is a sequence of three whole numbers; the feedback names the counts that are off.
    """
    expected = [count_paths(output, source), path_sum_work(output, source), len(graph_edges(output))]
    if answer is None:
        return no_answer(Text("fill in the three counts and run the cell again.",
                              "세 값을 채워 넣고 셀을 다시 실행하라."))
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 3:
        return Feedback(False, Text("your answer should be three numbers: paths, multiplications, multiply-adds.",
                                    "답은 수 세 개여야 한다: 경로 수, 곱셈 수, 곱셈-덧셈 수."))
    if not all(isinstance(a, numbers.Real) and not isinstance(a, bool) for a in answer):
        return Feedback(False, Text("each of the three counts should be a number.", "세 값은 모두 수여야 한다."))
    wrong = [name for name, a, e in zip(WORK_COUNTS, answer, expected) if a != e]
    if wrong:
        return Feedback(False, Text("{off} of 3 counts are off: {wrong}.", "세 값 가운데 {off}개가 틀렸다: {wrong}.",
                                    off=len(wrong), wrong=join(wrong, {"en": "; ", "ko": ", "})))
    return Feedback(True, Text("all three counts match.", "세 값이 모두 맞다."))


def work_counts_box(output, source):
    """The kernel-free answer box of the exercise "count the work" (see `answer_box`)."""
    from .answer_box import answer_box

    expected = [count_paths(output, source), path_sum_work(output, source), len(graph_edges(output))]
    labels = [Text("paths", "경로"), Text("multiplications", "곱셈"), Text("multiply-adds", "곱셈-덧셈")]
    return answer_box("count-the-work", Text("Your three counts", "세 값"),
                      lambda a, b, c: check_work_counts(None if a is None else [a, b, c], output, source), expected,
                      labels=labels, rel_tol=0.0, abs_tol=1e-9, integer=True)
