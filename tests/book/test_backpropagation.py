"""The worked 2-2-2 example: hand formulas against published numbers, MLP and central differences."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import arrays  # noqa: E402

from backprop import (  # noqa: E402
    MLP,
    numerical_gradient,
    sigmoid,
    sigmoid_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
    squared_error,
    squared_error_grad,
)
from backprop.book.backpropagation import (  # noqa: E402
    HIDDEN_WEIGHTS,
    INPUTS,
    LEARNING_RATE,
    TARGETS,
    check_layer_backward,
    check_train_step,
    draw_worked_network,
    exercises,
    fixed_order_matmul,
    fixed_order_tanh,
    flatten_parameters,
    format_table,
    hand_backward,
    hand_forward,
    input_gradient,
    parameter_names,
    unflatten_parameters,
    worked_network,
)

from conftest import HANGUL  # noqa: E402

X, T = np.array([INPUTS]), np.array([TARGETS])


def test_hand_forward_reproduces_the_published_numbers():
    # Mazur (2015), "A Step by Step Backpropagation Example", to the digits printed there.
    forward = hand_forward()
    assert forward.hidden_z[0] == pytest.approx(0.3775, abs=1e-12)
    assert forward.hidden_a == pytest.approx((0.593269992, 0.596884378), abs=1e-9)
    assert forward.output_a == pytest.approx((0.75136507, 0.772928465), abs=1e-8)
    assert forward.errors == pytest.approx((0.274811083, 0.023560026), abs=1e-9)
    assert forward.total_error == pytest.approx(0.298371109, abs=1e-9)


def test_hand_backward_reproduces_the_published_updates():
    backward = hand_backward(hand_forward())
    dW1, dW2 = (np.array(g) for g in (backward.hidden_weight_grads, backward.output_weight_grads))
    assert dW2[0, 0] == pytest.approx(0.082167041, abs=1e-9)
    # Updated weights w1..w8 after one step with learning rate 0.5 (classic numbering).
    W1 = np.array([[0.15, 0.25], [0.20, 0.30]]) - LEARNING_RATE * dW1
    W2 = np.array([[0.40, 0.50], [0.45, 0.55]]) - LEARNING_RATE * dW2
    np.testing.assert_allclose(W2, [[0.35891648, 0.51130127], [0.408666186, 0.561370121]], atol=1e-8)
    np.testing.assert_allclose(W1, [[0.149780716, 0.24975114], [0.19956143, 0.29950229]], atol=1e-8)


def test_hand_formulas_match_mlp_and_central_differences():
    network = worked_network()
    output = network.forward(X)
    forward = hand_forward()
    np.testing.assert_allclose(output[0], forward.output_a, rtol=1e-12)
    assert squared_error(output, T) == pytest.approx(forward.total_error, rel=1e-12)
    weight_grads, bias_grads = network.backward(squared_error_grad(output, T))
    hand = flatten_parameters(*hand_backward(forward).as_arrays())
    np.testing.assert_allclose(flatten_parameters(weight_grads, bias_grads), hand, rtol=1e-10)

    def error_of(theta):
        trial = worked_network()
        trial.weights, trial.biases = unflatten_parameters(theta)
        return squared_error(trial.forward(X), T)

    theta = flatten_parameters(network.weights, network.biases)
    np.testing.assert_allclose(numerical_gradient(error_of, theta), hand, rtol=1e-6, atol=1e-10)


def test_already_updated_output_weights_give_wrong_hidden_gradients():
    forward = hand_forward()
    correct = hand_backward(forward)
    updated_W2 = np.array([[0.40, 0.50], [0.45, 0.55]]) - LEARNING_RATE * np.array(correct.output_weight_grads)
    mistaken = hand_backward(forward, output_weights=updated_W2)
    assert mistaken.output_deltas == correct.output_deltas
    assert not np.allclose(mistaken.hidden_weight_grads, correct.hidden_weight_grads, rtol=1e-3)


@settings(max_examples=20, deadline=None)
@given(sizes=st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)), seed=st.integers(0, 2**31 - 1))
def test_hand_formulas_match_mlp_for_any_one_hidden_layer_sigmoid_network(sizes, seed):
    rng = np.random.default_rng(seed)
    network = MLP(list(sizes), activation="sigmoid", output_activation="sigmoid", seed=seed)
    for b in network.biases:
        b[...] = rng.normal(size=b.shape)
    x, t = rng.normal(size=sizes[0]), rng.uniform(size=sizes[2])
    output = network.forward(x[None, :])
    forward = hand_forward(x, t, network.weights[0], network.biases[0], network.weights[1], network.biases[1])
    np.testing.assert_allclose(forward.output_a, output[0], rtol=1e-12)
    weight_grads, bias_grads = network.backward(squared_error_grad(output, t[None, :]))
    hand = hand_backward(forward, t, network.weights[1])
    np.testing.assert_allclose(flatten_parameters(*hand.as_arrays()), flatten_parameters(weight_grads, bias_grads),
                               rtol=1e-9, atol=1e-14)


def test_parameter_names_follow_the_flattened_order():
    assert parameter_names()[:6] == ["w(x1→h1)", "w(x1→h2)", "w(x2→h1)", "w(x2→h2)", "b(h1)", "b(h2)"]
    assert parameter_names()[-2:] == ["b(o1)", "b(o2)"]
    assert len(parameter_names((3, 4, 5, 2))) == 3 * 4 + 4 + 4 * 5 + 5 + 5 * 2 + 2
    flat = flatten_parameters([np.array([[1.0, 2.0], [3.0, 4.0]])], [np.array([5.0, 6.0])])
    np.testing.assert_array_equal(flat, [1, 2, 3, 4, 5, 6])


def test_unflatten_parameters_inverts_flatten():
    network = MLP([3, 4, 2], seed=5)
    weights, biases = unflatten_parameters(flatten_parameters(network.weights, network.biases), (3, 4, 2))
    for a, b in zip(weights + biases, network.weights + network.biases):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="12 parameters"):
        unflatten_parameters(np.zeros(11))


def test_tables_show_every_unit():
    forward = hand_forward()
    backward = hand_backward(forward)
    units = forward.unit_table()
    assert [line.split()[0] for line in units.splitlines()[2:]] == ["h1", "h2", "o1", "o2"]
    assert "0.593269992" in units and "0.751365070" in units
    assert "total error E = 0.298371109" in forward.error_table()
    assert "0.138498562" in backward.output_table() and "o2" in backward.output_table()
    assert "0.008771355" in backward.hidden_table() and "h2" in backward.hidden_table()


def test_format_table_aligns_columns():
    table = format_table(["name", "value", "note"], [["a", 1.5, "x"], ["long name", -0.25, "1.0e-03"]], precision=2)
    lines = table.splitlines()
    assert lines[0].startswith("name") and set(lines[1]) == {"-", " "}
    assert lines[2] == "a           1.50  x"
    assert lines[3] == "long name  -0.25  1.0e-03"
    numbers_as_text = format_table(["n", "e"], [["a", "1.0e-03"], ["b", "12.5"]]).splitlines()
    assert numbers_as_text[2:] == ["a  1.0e-03", "b     12.5"]
    with pytest.raises(ValueError, match="one per header"):
        format_table(["a", "b"], [[1.0]])


def test_draw_worked_network_labels_every_weight():
    fig, ax = plt.subplots()
    assert draw_worked_network(ax) is ax
    texts = [t.get_text() for t in ax.texts]
    for weight in ("0.15", "0.20", "0.25", "0.30", "0.40", "0.45", "0.50", "0.55"):
        assert weight in texts
    assert {"x1", "x2", "h1", "h2", "o1", "o2"} <= set(texts)
    plt.close(fig)


# ---------------------------------------------------------------- self-checks


def hand_input_gradient():
    """dE/dx_i = sum over hidden units j of w_{x_i h_j} delta_j: the backward pass one step further."""
    deltas = hand_backward(hand_forward()).hidden_deltas
    return [sum(w * d for w, d in zip(row, deltas)) for row in HIDDEN_WEIGHTS]


def test_the_input_gradient_exercise():
    right = hand_input_gradient()
    numeric = numerical_gradient(lambda x: squared_error(worked_network().forward(x[None, :]), T), np.array(INPUTS))
    np.testing.assert_allclose(right, numeric, rtol=1e-6)
    np.testing.assert_allclose(input_gradient(), right, rtol=1e-12)
    assert exercises.check("backprop-input-gradient", right).correct is True
    assert exercises.check("backprop-input-gradient", *(float(f"{g:.3g}") for g in right)).correct is True
    one_path = HIDDEN_WEIGHTS[0][0] * hand_backward(hand_forward()).hidden_deltas[0]  # x1's share through h1
    for wrong, words in (([right[0], 2 * right[1]], "too large"), ([-right[0], right[1]], "wrong sign"),
                         ([one_path, right[1]], "through one hidden unit")):
        feedback = exercises.check("backprop-input-gradient", wrong)
        assert feedback.correct is False and words in str(feedback), str(feedback)
    assert f"{right[1]:.3g}" not in str(exercises.check("backprop-input-gradient", right[0], 2 * right[1]))
    empty = exercises.check("backprop-input-gradient", None)
    assert empty.correct is None and str(empty).startswith("No answer yet")
    malformed = exercises.check("backprop-input-gradient", "1/0", "abc")
    assert malformed.correct is False and not re.search(r"\b(?:str|NoneType|float|int|bool|list)\b", str(malformed))


def right_layer_backward(a_prev, W, z, grad_a):
    delta = grad_a * sigmoid_grad(z)
    return a_prev.T @ delta, delta.sum(axis=0), delta @ W.T


def test_check_layer_backward_right_wrong_and_missing():
    assert check_layer_backward(right_layer_backward).correct is True
    assert check_layer_backward(None).correct is None
    assert check_layer_backward(lambda a_prev, W, z, grad_a: None).correct is None
    assert check_layer_backward(lambda a_prev, W, z, grad_a: (None, None, None)).correct is None
    assert check_layer_backward(42).correct is False

    def no_slope(a_prev, W, z, grad_a):
        return a_prev.T @ grad_a, grad_a.sum(axis=0), grad_a @ W.T

    feedback = check_layer_backward(no_slope)
    assert feedback.correct is False and "dW" in feedback.text("en") and "relative error" in feedback.text("en")

    def mean_bias(a_prev, W, z, grad_a):
        dW, db, grad_a_prev = right_layer_backward(a_prev, W, z, grad_a)
        return dW, db / len(z) if len(z) > 1 else db * 2, grad_a_prev

    feedback = check_layer_backward(mean_bias)
    assert feedback.correct is False and "db" in feedback.text("en")

    def transposed(a_prev, W, z, grad_a):
        delta = grad_a * sigmoid_grad(z)
        return delta.T @ a_prev, delta.sum(axis=0), delta @ W.T

    assert "shape" in check_layer_backward(transposed).text("en")

    def uses_activation_not_slope(a_prev, W, z, grad_a):
        delta = grad_a * sigmoid(z)
        return a_prev.T @ delta, delta.sum(axis=0), delta @ W.T

    assert check_layer_backward(uses_activation_not_slope).correct is False
    assert "raised" in check_layer_backward(lambda a_prev, W, z, grad_a: 1 / 0).text("en")
    assert "three arrays" in check_layer_backward(lambda a_prev, W, z, grad_a: (1, 2)).text("en")


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.integers(1, 50), elements=st.floats(-50, 50)))
def test_fixed_order_tanh_is_tanh_to_the_last_digits(z):
    result = fixed_order_tanh(z)
    np.testing.assert_allclose(result, np.tanh(z), rtol=0, atol=5e-16)
    np.testing.assert_array_equal(fixed_order_tanh(-z), -result)  # odd, exactly


def test_fixed_order_tanh_saturates_and_refuses_non_finite_input():
    np.testing.assert_array_equal(fixed_order_tanh(np.array([-1e6, 0.0, 1e6])), [-1.0, 0.0, 1.0])
    with pytest.raises(ValueError, match="z must be finite"):
        fixed_order_tanh(np.array([0.0, np.nan]))


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_fixed_order_matmul_is_the_matrix_product(n, k, m, seed):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(n, k)), rng.normal(size=(k, m))
    np.testing.assert_allclose(fixed_order_matmul(A, B), A @ B, rtol=1e-13, atol=1e-14)


def test_fixed_order_matmul_names_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(2, 3\)"):
        fixed_order_matmul(np.ones((2, 3)), np.ones((2, 3)))


# ---------------------------------------------------------------- the exercise's self-check


def right_step(mlp, X, labels, learning_rate):
    logits = mlp.forward(X)
    loss = softmax_cross_entropy(logits, labels)
    weight_grads, bias_grads = mlp.backward(softmax_cross_entropy_grad(logits, labels))
    for p, g in zip(mlp.weights + mlp.biases, weight_grads + bias_grads):
        p -= learning_rate * g
    return loss


def no_biases(mlp, X, labels, learning_rate):
    """A reader's train step that forgets the biases."""
    logits = mlp.forward(X)
    weight_grads, _ = mlp.backward(softmax_cross_entropy_grad(logits, labels))
    for p, g in zip(mlp.weights, weight_grads):
        p -= learning_rate * g
    return softmax_cross_entropy(logits, labels)


def test_check_train_step_right_wrong_and_missing():
    assert check_train_step(right_step).correct is True
    assert check_train_step(None).correct is None
    assert check_train_step(lambda mlp, X, labels, learning_rate: None).correct is None
    assert check_train_step("step").correct is False

    feedback = check_train_step(no_biases)
    assert feedback.correct is False and "biases" in feedback.text("en")

    def uphill(mlp, X, labels, learning_rate):
        return right_step(mlp, X, labels, -learning_rate)

    feedback = check_train_step(uphill)
    assert feedback.correct is False and "wrong amount" in feedback.text("en")

    def loss_after(mlp, X, labels, learning_rate):
        right_step(mlp, X, labels, learning_rate)
        return softmax_cross_entropy(mlp.forward(X), labels)

    feedback = check_train_step(loss_after)
    assert feedback.correct is False and "loss before the step" in feedback.text("en")

    def broken(mlp, X, labels, learning_rate):
        raise RuntimeError("oops")

    assert "RuntimeError" in check_train_step(broken).text("en")


def test_check_train_step_never_prints_the_solution():
    for answer in (right_step, None, lambda mlp, X, labels, learning_rate: 0.0):
        for message in check_train_step(answer).texts().values():
            assert "backward(" not in message and "-=" not in message


# ---------------------------------------------------------------- both languages

ENGLISH_RUN = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # three English words in a row: a sentence left over


def assert_korean(text):
    """`text` is Korean: it has Hangul and no run of English words (code names are single words)."""
    assert text and HANGUL.search(text), text
    assert not ENGLISH_RUN.search(re.sub(r"`[^`]*`", "", text)), text


def raises(*args):
    raise RuntimeError("oops")


def test_the_input_gradient_exercise_speaks_korean():
    right = hand_input_gradient()
    for answer in ([right[0], 2 * right[1]], [-right[0], right[1]], right, ["1/0", "abc"]):
        assert_korean(exercises.check("backprop-input-gradient", answer).texts()["ko"])


def test_check_layer_backward_speaks_korean_for_every_answer():
    def no_slope(a_prev, W, z, grad_a):
        return a_prev.T @ grad_a, grad_a.sum(axis=0), grad_a @ W.T

    def transposed(a_prev, W, z, grad_a):
        delta = grad_a * sigmoid_grad(z)
        return delta.T @ a_prev, delta.sum(axis=0), delta @ W.T

    def no_bias(a_prev, W, z, grad_a):
        dW, _, grad_a_prev = right_layer_backward(a_prev, W, z, grad_a)
        return dW, None, grad_a_prev

    answers = [None, 42, right_layer_backward, no_slope, transposed, no_bias, raises, lambda *a: None,
               lambda *a: (1, 2), lambda *a: (None, None, None), lambda *a: "dW"]
    for answer in answers:
        assert_korean(check_layer_backward(answer).texts()["ko"])
    shape = check_layer_backward(transposed).texts()
    assert re.fullmatch(r"Not yet: dW has shape \(\d, \d\), expected \(\d, \d\) \(batch \d, \d inputs, \d outputs\)\.",
                        shape["en"]), shape["en"]
    assert "배치" in shape["ko"] and "입력" in shape["ko"]


def test_check_train_step_speaks_korean_for_every_answer():
    def no_return(mlp, X, labels, learning_rate):
        right_step(mlp, X, labels, learning_rate)

    def loss_after(mlp, X, labels, learning_rate):
        right_step(mlp, X, labels, learning_rate)
        return softmax_cross_entropy(mlp.forward(X), labels)

    answers = [None, "step", right_step, no_biases, no_return, loss_after, raises, lambda *a: None,
               lambda mlp, X, labels, learning_rate: right_step(mlp, X, labels, -learning_rate),
               lambda mlp, X, labels, learning_rate: str(right_step(mlp, X, labels, learning_rate))]
    for answer in answers:
        assert_korean(check_train_step(answer).texts()["ko"])
    assert check_train_step(no_biases).texts()["en"] == (
        "Not yet: the biases of layer 0 are off; did you update them too?")
    unchanged = check_train_step(lambda mlp, X, labels, learning_rate: 1.0).texts()
    assert unchanged["en"] == ("Not yet: the weights of layer 0 did not change; check the backward pass and the "
                               "update.")
    assert "바뀌지 않았다" in unchanged["ko"]
