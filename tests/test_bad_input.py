"""The engine under bad input: every public callable of `backprop`, each argument in turn replaced
by a bad value, answers with its own clear error or a finite result, and never changes its input.

The rules, for every call:
- if it raises, the error is a `TypeError` or `ValueError` raised by backprop's own code (not
  numpy's or Python's from deep inside), and its message names the argument;
- if it returns, nothing it returns is NaN or infinite, and it warned of nothing;
- the caller's arrays are as they were (the parameters of sgd_update and of the update rules'
  `step` excepted: they update them).

Then the worst cases found by a hostile tester, as regression tests by name.
"""

from __future__ import annotations

import copy
import dataclasses
import traceback
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import backprop
from backprop import (
    MLP,
    SGD,
    Adam,
    GradientCheck,
    Value,
    accuracy,
    backward_steps,
    below_or_value,
    blew_up,
    get_activation,
    gradient_check,
    gradient_descent,
    identity,
    identity_grad,
    init_variance,
    initialize_weights,
    iterate_minibatches,
    leaky_relu,
    leaky_relu_grad,
    make_regression,
    make_spirals,
    minimize,
    numerical_gradient,
    relative_error,
    relu,
    relu_grad,
    sgd_update,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
    squared_error,
    squared_error_grad,
    tanh,
    tanh_grad,
    topological_order,
    train,
    train_test_split,
)

ENGINE = Path(backprop.__file__).resolve().parent

BAD_VALUES = {
    "None": None,
    "string": "1.5",
    "bytes": b"1",
    "bool": True,
    "nan": float("nan"),
    "inf": float("inf"),
    "negative int": -3,
    "zero": 0,
    "fraction": 2.5,
    "complex": 1 + 2j,
    "dict": {"a": 1},
    "function": len,
    "object": object(),
    "string array": np.array([["1", "2"]]),
    "object array": np.array([[1.0, None]], dtype=object),
    "complex array": np.array([[1.0 + 1.0j, 2.0]]),
    "bool array": np.array([[True, False]]),
    "int array": np.array([[1, 2]]),
    "empty vector": np.zeros(0),
    "empty batch": np.zeros((0, 2)),
    "no columns": np.zeros((3, 0)),
    "3-D array": np.zeros((2, 2, 2)),
    "nan array": np.array([[np.nan, 1.0]]),
    "inf array": np.array([[1.0, np.inf]]),
    "ragged list": [[1.0, 2.0], [3.0]],
    "list of numbers": [1.0, 2.0],
    "huge array": np.full((2, 2), 1e300),
}


def quadratic(w):
    return float(np.sum(np.asarray(w) ** 2))


def fresh_mlp():
    return MLP([2, 3, 2], seed=0)


def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(6, 2)), rng.integers(0, 2, size=6)


X6, LABELS6 = data()
TARGETS6 = np.random.default_rng(1).normal(size=(6, 2))


def mlp_forward(mlp, X):
    return mlp.forward(X)


def mlp_backward(mlp, grad_output, keep_signals=False):
    return mlp.backward(grad_output, keep_signals=keep_signals)


def mlp_after_forward():
    mlp = fresh_mlp()
    mlp.forward(X6)
    return mlp


def sgd_step(parameters, gradients, learning_rate, momentum):
    rule = SGD(learning_rate, momentum=momentum)
    for _ in range(2):  # the second step uses the velocity
        rule.step(parameters, gradients)


def adam_step(parameters, gradients, learning_rate, betas, eps):
    rule = Adam(learning_rate, betas=betas, eps=eps)
    for _ in range(2):
        rule.step(parameters, gradients)


sgd_step.__name__, adam_step.__name__ = "SGD.step", "Adam.step"
UPDATES_IN_PLACE = {sgd_update, sgd_step, adam_step}  # their parameters are theirs to change


def value_op(name):
    def call(data, other):
        return getattr(Value(data), name)(other)

    call.__name__ = f"Value.{name}"
    return call


def value_method(name):
    def call(data):
        return getattr(Value(data), name)()

    call.__name__ = f"Value.{name}"
    return call


def value_backward(data):
    out = (Value(data) * Value(2.0)).tanh()
    out.backward()
    return out.grad


# (callable, valid keyword arguments made fresh per call, {argument: words its error must contain})
SPECS = [
    *[(f, lambda: {"z": np.array([[-1.0, 0.5]])}, {"z": ["z"]})
      for f in (sigmoid, sigmoid_grad, tanh, tanh_grad, relu, relu_grad, identity, identity_grad)],
    *[(f, lambda: {"z": np.array([[-1.0, 0.5]]), "slope": 0.1}, {"z": ["z"], "slope": ["slope"]})
      for f in (leaky_relu, leaky_relu_grad)],
    (get_activation, lambda: {"name": "relu"}, {"name": ["activation"]}),
    (softmax, lambda: {"logits": np.array([[1.0, 2.0]])}, {"logits": ["logits"]}),
    *[(f, lambda: {"logits": np.array([[1.0, 2.0], [0.0, 1.0]]), "labels": np.array([0, 1])},
       {"logits": ["logits"], "labels": ["labels"]})
      for f in (softmax_cross_entropy, softmax_cross_entropy_grad)],
    *[(f, lambda: {"y_hat": np.array([[1.0, 2.0]]), "y": np.array([[0.5, 1.0]])}, {"y_hat": ["y_hat"], "y": ["y"]})
      for f in (squared_error, squared_error_grad)],
    (init_variance, lambda: {"init": "he", "fan_in": 3, "fan_out": 2},
     {"init": ["init"], "fan_in": ["fan_in"], "fan_out": ["fan_out"]}),
    (initialize_weights, lambda: {"init": "xavier", "fan_in": 3, "fan_out": 2, "seed": 0},
     {"init": ["init"], "fan_in": ["fan_in"], "fan_out": ["fan_out"], "seed": ["seed"]}),
    (make_regression, lambda: {"n_samples": 5, "n_features": 2, "noise": 0.1, "seed": 0},
     {"n_samples": ["n_samples"], "n_features": ["n_features"], "noise": ["noise"], "seed": ["seed"]}),
    (make_spirals, lambda: {"n_samples": 6, "noise": 0.1, "seed": 0, "n_classes": 2, "turns": 1.0},
     {"n_samples": ["n_samples"], "noise": ["noise"], "seed": ["seed"], "n_classes": ["n_classes"],
      "turns": ["turns"]}),
    (numerical_gradient, lambda: {"f": quadratic, "x": np.array([1.0, 2.0]), "eps": 1e-6},
     {"f": ["f"], "x": ["x"], "eps": ["eps"]}),
    (gradient_check, lambda: {"f": quadratic, "x": np.array([1.0, 2.0]), "analytic_grad": np.array([2.0, 4.0]),
                              "eps": 1e-6, "tolerance": 1e-6},
     {"f": ["f"], "x": ["x"], "analytic_grad": ["analytic_grad"], "eps": ["eps"], "tolerance": ["tolerance"]}),
    (relative_error, lambda: {"analytic": np.array([1.0, 2.0]), "numeric": np.array([1.0, 2.1])},
     {"analytic": ["analytic"], "numeric": ["numeric"]}),
    (below_or_value, lambda: {"value": 1e-17, "bound": 1e-15}, {"value": ["value"], "bound": ["bound"]}),
    (gradient_descent, lambda: {"grad": lambda w: 2 * w, "w0": np.array([1.0]), "learning_rate": 0.1, "steps": 3},
     {"grad": ["grad"], "w0": ["w0"], "learning_rate": ["learning_rate"], "steps": ["steps"]}),
    (sgd_update, lambda: {"parameters": [np.ones(2)], "gradients": [np.ones(2)], "learning_rate": 0.1},
     {"parameters": ["parameters"], "gradients": ["gradients"], "learning_rate": ["learning_rate"]}),
    (SGD, lambda: {"learning_rate": 0.1, "momentum": 0.9},
     {"learning_rate": ["learning_rate"], "momentum": ["momentum"]}),
    (Adam, lambda: {"learning_rate": 0.1, "betas": (0.9, 0.999), "eps": 1e-8},
     {"learning_rate": ["learning_rate"], "betas": ["betas"], "eps": ["eps"]}),
    (sgd_step, lambda: {"parameters": [np.ones(2)], "gradients": [np.ones(2)], "learning_rate": 0.1, "momentum": 0.5},
     {"parameters": ["parameters"], "gradients": ["gradients"], "learning_rate": ["learning_rate"],
      "momentum": ["momentum"]}),
    (adam_step, lambda: {"parameters": [np.ones(2)], "gradients": [np.ones(2)], "learning_rate": 0.1,
                         "betas": (0.9, 0.999), "eps": 1e-8},
     {"parameters": ["parameters"], "gradients": ["gradients"], "learning_rate": ["learning_rate"],
      "betas": ["betas"], "eps": ["eps"]}),
    (minimize, lambda: {"grad": lambda w: 2 * w, "w0": np.array([1.0]), "optimizer": Adam(0.1), "steps": 3},
     {"grad": ["grad"], "w0": ["w0"], "optimizer": ["optimizer"], "steps": ["steps"]}),
    (MLP, lambda: {"sizes": [2, 3, 1], "activation": "tanh", "output_activation": "identity", "init": "he",
                   "seed": 0},
     {"sizes": ["sizes"], "activation": ["activation"], "output_activation": ["activation"], "init": ["init"],
      "seed": ["seed"]}),
    (mlp_forward, lambda: {"mlp": fresh_mlp(), "X": X6.copy()}, {"X": ["X"]}),
    (mlp_backward, lambda: {"mlp": mlp_after_forward(), "grad_output": np.ones((6, 2)), "keep_signals": True},
     {"grad_output": ["grad_output"]}),
    (train, lambda: {"mlp": fresh_mlp(), "X": X6.copy(), "y": LABELS6.copy(), "learning_rate": 0.1, "epochs": 2,
                     "batch_size": 4, "seed": 0, "callback": None, "record": None, "optimizer": None},
     {"mlp": ["mlp"], "X": ["X"], "y": ["y"], "learning_rate": ["learning_rate"], "epochs": ["epochs"],
      "batch_size": ["batch_size"], "seed": ["seed"], "callback": ["callback"], "record": ["record"],
      "optimizer": ["optimizer"]}),
    (accuracy, lambda: {"scores": np.array([[0.1, 0.9], [0.8, 0.2]]), "labels": np.array([1, 0])},
     {"scores": ["scores"], "labels": ["labels"]}),
    (lambda n_samples, batch_size, seed: list(iterate_minibatches(n_samples, batch_size, seed)),
     lambda: {"n_samples": 5, "batch_size": 2, "seed": 0},
     {"n_samples": ["n_samples"], "batch_size": ["batch_size"], "seed": ["seed"]}),
    (train_test_split, lambda: {"X": X6.copy(), "y": LABELS6.copy(), "test_fraction": 0.5, "seed": 0},
     {"X": ["X"], "y": ["y"], "test_fraction": ["test_fraction"], "seed": ["seed"]}),
    (topological_order, lambda: {"output": Value(2.0) * Value(3.0), "operand_order": True},
     {"output": ["output"], "operand_order": ["operand_order"]}),
    (backward_steps, lambda: {"output": Value(2.0) * Value(3.0), "grads": {}, "order": None},
     {"output": ["output"], "grads": ["grads"], "order": ["order"]}),
    (blew_up, lambda: {"array": np.array([1.0, 2.0])}, {"array": ["array"]}),
    *[(value_op(name), lambda: {"data": 1.5, "other": 2.0}, {"data": ["Value"], "other": ["Value", "exponent"]})
      for name in ("__add__", "__mul__", "__sub__", "__truediv__", "__pow__", "__radd__", "__rtruediv__")],
    *[(value_method(name), lambda: {"data": 0.5}, {"data": ["Value"]})
      for name in ("exp", "log", "tanh", "sigmoid", "relu")],
    (value_backward, lambda: {"data": 0.5}, {"data": ["Value"]}),
]
CASES = [(spec, argument) for spec in SPECS for argument in spec[2]]
FUNCTION_ARGUMENTS = {"f", "grad", "callback", "record"}


def case_id(case):
    (function, _, _), argument = case
    return f"{getattr(function, '__name__', 'call')}-{argument}"


def non_finite_in(result, depth=0) -> bool:
    """True if anything numeric in `result` (arrays, numbers, containers, dataclasses) is NaN or inf."""
    if depth > 4 or result is None or isinstance(result, (str, bytes, bool)):
        return False
    if isinstance(result, Value):
        return not (np.isfinite(result.data) and np.isfinite(result.grad))
    if isinstance(result, (int, float, np.number, np.ndarray)):
        array = np.asarray(result)
        return array.dtype.kind in "fc" and not np.all(np.isfinite(array))
    if isinstance(result, dict):
        return any(non_finite_in(v, depth + 1) for v in result.values())
    if isinstance(result, (list, tuple)):
        return any(non_finite_in(v, depth + 1) for v in result)
    if dataclasses.is_dataclass(result):
        return any(non_finite_in(getattr(result, f.name), depth + 1) for f in dataclasses.fields(result))
    if isinstance(result, MLP):
        return non_finite_in(result.weights + result.biases, depth + 1)
    return False


def arrays_in(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from arrays_in(item)


def raised_by_backprop(error: BaseException) -> bool:
    """The deepest frame of the error's traceback is in backprop's own code."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(ENGINE)


def snapshot(value):
    try:
        return copy.deepcopy(value)
    except TypeError:  # an object array holding something that cannot be copied: compare nothing
        return None


def check_call(function, arguments, argument, words):
    before = {name: snapshot(value) for name, value in arguments.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = function(**arguments)
        except (TypeError, ValueError) as error:
            assert raised_by_backprop(error), (
                f"{argument}: {type(error).__name__} leaked from outside backprop: {error}\n"
                + "".join(traceback.format_exception(error))[-1500:])
            message = str(error)
            assert any(word in message for word in words), f"{argument}: the message does not name it: {message}"
            return
        except Warning as warning:
            pytest.fail(f"{argument}: warned instead of answering: {warning!r}")
        except Exception as error:  # noqa: BLE001  (any other exception type is itself the failure)
            pytest.fail(f"{argument}: raised {type(error).__name__} (not TypeError/ValueError): {error}")
    assert not non_finite_in(result), f"{argument}: returned a non-finite result silently: {result!r:.300}"
    for name, value in arguments.items():
        if function in UPDATES_IN_PLACE and name == "parameters":
            continue
        for now, then in zip(arrays_in(value), arrays_in(before[name])):
            if now.dtype != object and then.dtype != object:
                np.testing.assert_array_equal(now, then, err_msg=f"{argument}: the call changed its input {name}")


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_every_bad_value_of_every_argument_gets_a_clear_answer(case):
    (function, valid, words), argument = case
    for label, bad in BAD_VALUES.items():
        if label == "function" and argument in FUNCTION_ARGUMENTS:
            continue  # a function is the right kind of thing here; its own errors are the caller's to see
        arguments = valid()
        arguments[argument] = copy.deepcopy(bad) if not callable(bad) else bad
        try:
            check_call(function, arguments, f"{argument}={label}", words[argument])
        except AssertionError as failure:
            raise AssertionError(f"{case_id(case)} with {label}: {failure}") from None


def test_the_sweep_covers_every_public_callable_of_the_engine():
    swept = {getattr(function, "__name__", "") for function, _, _ in SPECS}
    covered = swept | {"forward", "backward", "Value", "iterate_minibatches"}
    public = {name for name in backprop.__all__ if callable(getattr(backprop, name))}
    records = {"BackwardStep", "Descent", "GradientCheck", "Step", "TrainingHistory"}  # plain result records
    assert public - records <= covered | {"load_digits"}, sorted(public - records - covered)


bad_arrays = st.one_of(
    hnp.arrays(st.sampled_from([np.complex128, np.bool_, np.str_, object]),
               hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3)),
    hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3),
               elements=st.sampled_from([np.nan, np.inf, -np.inf, 1.0])),
)


@settings(max_examples=150, deadline=None)
@given(case=st.sampled_from([c for c in CASES if c[1] in {"z", "logits", "y_hat", "y", "X", "x", "analytic",
                                                          "numeric", "scores", "grad_output", "w0", "analytic_grad"}]),
       bad=bad_arrays)
def test_generated_bad_arrays_get_a_clear_answer(case, bad):
    (function, valid, words), argument = case
    arguments = valid()
    arguments[argument] = bad
    check_call(function, arguments, f"{argument}={bad!r:.80}", words[argument])


# ---------------------------------------------------------------- the worst cases, by name


def test_sgd_update_on_lists_is_refused_not_a_silent_no_op():
    with pytest.raises(TypeError, match=r"parameters\[0\] must be a float numpy array"):
        sgd_update([1.0, 2.0], [0.5, 0.5], 0.1)
    with pytest.raises(TypeError, match=r"parameters\[0\] must be a float numpy array.*int"):
        sgd_update([np.array([1, 2, 3])], [np.ones(3)], 0.1)


def test_mlp_keeps_no_array_of_the_callers_and_returns_none_of_its_own():
    mlp = MLP([2, 3, 2], seed=0)
    X = X6.copy()
    out = mlp.forward(X)
    expected = mlp.backward(np.ones_like(out))[0][0].copy()
    mlp.forward(X)
    X += 1.0  # editing X between forward and backward used to change dW0 by 2.01
    np.testing.assert_array_equal(mlp.backward(np.ones_like(out))[0][0], expected)
    returned = mlp.forward(X6.copy())
    returned *= 10.0  # scaling the returned output in place used to change the next backward
    np.testing.assert_array_equal(mlp.backward(np.ones_like(out))[0][0], expected)
    z = np.array([1.0, -2.0])
    assert identity(z) is not z and not np.shares_memory(identity(z), z)
    grad = np.ones((6, 2))
    _, _, signals = mlp.backward(grad, keep_signals=True)
    assert signals[-1] is not grad


@pytest.mark.parametrize("call, error, match", [
    (lambda: sigmoid(None), TypeError, "z must be a number"),               # returned nan
    (lambda: identity_grad(None), TypeError, "z must be a number"),         # returned 1.0
    (lambda: relu_grad(np.nan), ValueError, "z must be finite"),           # returned 0.0
    (lambda: leaky_relu_grad(np.ones(2), slope=None), TypeError, "slope"),  # returned an object array
    (lambda: MLP([2, 3]).forward(np.array([["1", "2"]])), TypeError, "X must hold real numbers"),  # parsed the strings
    (lambda: tanh(np.array([1 + 1j])), TypeError, "z must hold real numbers"),  # dropped the imaginary part
    (lambda: make_spirals(10, seed=-1), ValueError, "seed must be a non-negative integer"),  # numpy's message
    (lambda: numerical_gradient(lambda x: np.nan, [1.0, 2.0]), ValueError, "f returned nan"),  # returned [nan nan]
    (lambda: gradient_descent(lambda w: None, 1.0, 0.1, 10), TypeError, "grad"),  # looked like a blow-up
    (lambda: squared_error(np.zeros((0, 2)), np.zeros((0, 2))), ValueError, "at least one example"),  # nan + warning
    (lambda: softmax(np.zeros((3, 0))), ValueError, "at least one class"),  # numpy's "zero-size array"
])
def test_the_reported_worst_cases_get_a_clear_error(call, error, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=match):
            call()


def test_value_backward_refuses_to_leave_an_infinite_gradient():
    # Value(1e-200).log() * 1e200 then backward() left grad = inf silently.
    x = Value(1e-200, label="x")
    y = x.log() * 1e200
    with pytest.raises(ValueError, match="gradient reaching node 'x'.*overflowed"):
        y.backward()


def test_divergence_is_a_flagged_result_everywhere_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        descent = gradient_descent(lambda w: w, 1.0, 3.0, 200)
        X = np.random.default_rng(0).normal(size=(32, 2))
        history = train(MLP([2, 4, 1], activation="identity"), X, X[:, :1] * 100, loss="squared_error",
                        learning_rate=10.0, epochs=100, batch_size=32)
    assert descent.diverged and history.diverged and history.stopped


def test_regression_targets_that_would_broadcast_are_refused():
    from backprop.book.minibatch import regression_loss

    X, y, w, _ = make_regression(20, 3, seed=0)
    with pytest.raises(ValueError, match="y must be a 1-D array"):
        regression_loss(X, y[:, None], w)  # used to broadcast to (n, n) and return 1.0244, not 1.4607
    with pytest.raises(TypeError, match="X must be a number"):
        regression_loss(None, y, w)  # used to leak numpy's matmul message


# ---------------------------------------------------------------- the contract at the extremes (issue 28)

def test_sgd_update_changes_nothing_before_an_error_on_a_read_only_parameter():
    # Used to update `a`, then raise numpy's "output array is read-only" on `b`.
    a, b = np.ones(2), np.ones(2)
    b.flags.writeable = False
    with pytest.raises(ValueError, match=r"parameters\[1\] is read-only"):
        sgd_update([a, b], [np.ones(2), np.ones(2)], 0.5)
    np.testing.assert_array_equal(a, np.ones(2))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sgd_update_that_overflows_says_so_and_leaves_no_infinity(dtype):
    # Used to leave -inf in the parameters with a RuntimeWarning.
    big = np.finfo(dtype).max / 2
    first, second = np.array([1.0], dtype=dtype), np.array([big], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FloatingPointError, match=r"the step overflows: parameters\[1\].*no parameter was changed"):
            sgd_update([first, second], [np.array([1.0]), np.array([-big])], 10.0)
    assert first[0] == 1.0 and second[0] == dtype(big)


@pytest.mark.parametrize("analytic, numeric", [([2e154, 1.0], [0.0, 1.0]), ([1e308, 1e308], [1e308, -1e308]),
                                               ([1e-300], [2e-300]), ([1e-320, 0.0], [0.0, 1e-320])])
def test_relative_error_is_finite_and_quiet_for_any_finite_inputs(analytic, numeric):
    # [2e154, 1] against [0, 1] used to return nan with three RuntimeWarnings.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        error = relative_error(analytic, numeric)
    assert 0.0 <= error <= 1.0


def test_a_gradient_check_record_checks_its_fields():
    # GradientCheck("x", 1e-6).passed leaked a `<=` TypeError; a NaN tolerance printed "MISMATCH".
    with pytest.raises(TypeError, match="relative_error must be a real number"):
        GradientCheck("x", 1e-6)
    with pytest.raises(ValueError, match="tolerance must be a positive finite number"):
        GradientCheck(1e-9, float("nan"))
    with pytest.raises(ValueError, match="relative_error must be 0 or more"):
        GradientCheck(-1.0, 1e-6)
    assert GradientCheck(1e-9, 1e-6).passed


@pytest.mark.parametrize("flag", [np.ones((3, 7)), "no", 1, None])
def test_keep_signals_is_true_or_false(flag):
    # An array leaked numpy's "truth value ... ambiguous"; "no" was taken as True.
    mlp = MLP([2, 3, 1])
    mlp.forward(np.ones((3, 2)))
    with pytest.raises(TypeError, match="keep_signals must be True or False"):
        mlp.backward(np.ones((3, 1)), keep_signals=flag)


def test_more_classes_than_examples_is_refused():
    # make_spirals(10, n_classes=11) silently returned a class with no examples.
    with pytest.raises(ValueError, match=r"n_classes \(11\) cannot exceed n_samples \(10\)"):
        make_spirals(10, n_classes=11)


def test_the_book_helpers_named_in_the_review_answer_in_words():
    from backprop.book.graph_drawing import draw_graph, graph_layout
    from backprop.book.layer_gradients import gradient_profile
    from backprop.book.surfaces import quadratic_surface

    graph = Value(1.0) * Value(2.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FloatingPointError, match="grow beyond the largest number"):
            gradient_profile(1000, "identity", "he")  # used to return infinities with 1,000 warnings
    with pytest.raises(ValueError, match="column_gap must be a positive finite number"):
        graph_layout(graph, column_gap=float("nan"))  # used to return NaN coordinates
    with pytest.raises(TypeError, match="highlight must be a collection"):
        draw_graph(graph, highlight=True)  # leaked "'bool' object is not iterable"
    with pytest.raises(TypeError, match="bounds must be"):
        quadratic_surface([1.0, 2.0], bounds="ab")  # leaked a float() ValueError
    with pytest.raises(ValueError, match="bounds must hold 2 pairs"):
        quadratic_surface([1.0, 2.0], bounds=[(0.0, 1.0)])


def test_an_mlp_that_overflows_says_where_instead_of_warning():
    # MLP.forward with weights of 1e200 used to warn "overflow encountered in matmul" and return inf.
    mlp = MLP([2, 3, 3, 1], activation="identity", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mlp.weights[1][...] = 1e200
        with pytest.raises(FloatingPointError, match="the forward pass overflows in layer 2"):
            mlp.forward(np.full((4, 2), 1e200))
        with pytest.raises(FloatingPointError, match="the forward pass overflows in layer 2"):
            mlp.net_inputs(np.full((4, 2), 1e200))
        mlp = MLP([2, 3, 1], seed=0)
        mlp.forward(np.ones((4, 2)))
        with pytest.raises(FloatingPointError, match="the backward pass overflows"):
            mlp.backward(np.full((4, 1), 1e308))  # the bias gradient sums four of them
        with pytest.raises(FloatingPointError, match="the squared error overflows"):
            squared_error(np.array([[1e308]]), np.array([[-1e308]]))


EXTREME_FLOATS = st.sampled_from([1e308, -1e308, 1e154, -1e154, 1e-300, -1e-300, 5e-324, 0.0, 1.0])
"""Finite floats at the edges: near the largest, their square roots, near and below the smallest normal."""


def check_extreme_call(function, arguments, argument, words):
    """A call with finite but extreme values: a finite answer, or an error in words from backprop
    (an overflow is a FloatingPointError that says so), never a warning, a silent infinity or NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = function(**arguments)
        except (TypeError, ValueError, FloatingPointError) as error:
            assert raised_by_backprop(error), (
                f"{argument}: {type(error).__name__} leaked from outside backprop: {error}")
            message = str(error)
            assert isinstance(error, FloatingPointError) and "overflow" in message or any(
                word in message for word in words), f"{argument}: the message does not say why: {message}"
            return
        except Warning as warning:
            pytest.fail(f"{argument}: warned instead of answering: {warning!r}")
    assert not non_finite_in(result), f"{argument}: returned a non-finite result silently: {result!r:.300}"


ARRAY_ARGUMENTS = {"z", "logits", "y_hat", "y", "X", "x", "analytic", "numeric", "scores", "grad_output", "w0",
                   "analytic_grad"}


@settings(max_examples=200, deadline=None)
@given(case=st.sampled_from([c for c in CASES if c[1] in ARRAY_ARGUMENTS]), value=EXTREME_FLOATS,
       dtype=st.sampled_from([np.float64, np.float32]), read_only=st.booleans())
def test_extreme_finite_values_read_only_and_float32_arrays_get_a_finite_answer_or_words(case, value, dtype,
                                                                                          read_only):
    (function, valid, words), argument = case
    arguments = valid()
    given_value = arguments[argument]
    try:
        shape = np.shape(np.asarray(given_value, dtype=np.float64))
    except (TypeError, ValueError):
        return  # not an array argument in this case (a label list, a function)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # float32 cannot hold 1e308: it becomes inf, a bad value in its own right
        extreme = np.full(shape, value, dtype=dtype)
    if shape == ():
        extreme = extreme[()]
    elif read_only:
        extreme.flags.writeable = False
    arguments[argument] = extreme
    check_extreme_call(function, arguments, f"{argument}={value!r} ({np.dtype(dtype).name})", words[argument])
