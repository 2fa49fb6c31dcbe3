"""Diagnostics: per-layer gradient sizes, the recording training loop, dead units, variance theory vs measurement."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import MLP, initialize_weights, numerical_gradient, squared_error, squared_error_grad
from backprop.diagnostics import (
    EXPLORER_ACTIVATIONS,
    EXPLORER_DEPTHS,
    EXPLORER_INITS,
    MAX_DERIVATIVE,
    GradientRecord,
    backward_signal_rms,
    backward_signals,
    check_explosion_factor,
    check_leaky_gain,
    check_sigmoid_depth,
    check_variance_factor,
    dead_unit_fraction,
    deep_network,
    derivative_product_bound,
    describe_gradients,
    gradient_profile,
    gradient_verdict,
    hidden_net_inputs,
    layer_gradient_norms,
    mean_squared_derivative,
    measured_variance_factors,
    plot_layer_bars,
    regression_problem,
    square_stack,
    train_recording_gradients,
    vanishing_gradient_explorer,
    variance_factor,
)

SMOOTH = ["sigmoid", "tanh", "identity"]


def small_problem(seed=0, sizes=(3, 5, 4, 2), activation="tanh"):
    net = MLP(list(sizes), activation=activation, seed=seed)
    rng = np.random.default_rng(seed + 100)
    for b in net.biases:
        b[...] = rng.normal(scale=0.3, size=b.shape)
    return net, rng.normal(size=(6, sizes[0])), rng.normal(size=(6, sizes[-1]))


# ---------------------------------------------------------------- the bound


def test_derivative_product_bound_is_the_max_derivative_to_the_power_k():
    np.testing.assert_allclose(derivative_product_bound("sigmoid", 4), [1, 0.25, 0.0625, 0.015625, 0.00390625])
    np.testing.assert_array_equal(derivative_product_bound("tanh", 3), np.ones(4))
    assert derivative_product_bound("relu", 0).shape == (1,)


@pytest.mark.parametrize("name", SMOOTH + ["relu", "leaky_relu"])
def test_max_derivative_is_the_largest_value_of_the_derivative(name):
    from backprop import get_activation

    z = np.linspace(-8, 8, 16001)
    assert get_activation(name).derivative(z).max() == pytest.approx(MAX_DERIVATIVE[name], rel=1e-6)


# ---------------------------------------------------------------- per-layer gradient sizes


def test_layer_gradient_norms_are_the_rms_and_frobenius_norms_of_backward():
    net, X, y = small_problem()
    weight_grads, _ = net.backward(squared_error_grad(net.forward(X), y))
    rms = layer_gradient_norms(net, X, y)
    frobenius = layer_gradient_norms(net, X, y, statistic="frobenius")
    for layer, dW in enumerate(weight_grads):
        assert rms[layer] == pytest.approx(np.sqrt(np.mean(dW**2)))
        assert frobenius[layer] == pytest.approx(np.linalg.norm(dW))
        assert frobenius[layer] == pytest.approx(rms[layer] * np.sqrt(dW.size))


def test_layer_gradient_norms_match_central_differences():
    net, X, y = small_problem(seed=3)
    expected = []
    for layer in range(net.n_layers):
        def loss(W, layer=layer):
            saved = net.weights[layer].copy()
            net.weights[layer][...] = W
            value = squared_error(net.forward(X), y)
            net.weights[layer][...] = saved
            return value

        expected.append(np.linalg.norm(numerical_gradient(loss, net.weights[layer].copy())))
    np.testing.assert_allclose(layer_gradient_norms(net, X, y, statistic="frobenius"), expected, rtol=1e-6)


def test_one_dimensional_targets_are_accepted_for_one_output():
    net = MLP([3, 4, 1], seed=0)
    X, y = np.ones((5, 3)), np.arange(5.0)
    np.testing.assert_array_equal(layer_gradient_norms(net, X, y), layer_gradient_norms(net, X, y[:, None]))


def test_deep_sigmoid_gradients_shrink_towards_the_input_and_relu_he_ones_do_not():
    sigmoid = gradient_profile(10, "sigmoid", "xavier")
    relu = gradient_profile(10, "relu", "he")
    assert sigmoid.shape == relu.shape == (10,)
    assert sigmoid[0] < 1e-4 * sigmoid[-2]
    # Each sigmoid layer shrinks the backward signal by at most 1/4 (and by about that much here).
    assert np.all(sigmoid[:-2] / sigmoid[1:-1] < 0.5)
    assert 0.1 < relu[0] / relu[-2] < 10


def test_gradient_profile_is_deterministic_and_uses_the_same_data_for_every_seed():
    np.testing.assert_array_equal(gradient_profile(4, "tanh", "he", seed=2), gradient_profile(4, "tanh", "he", seed=2))
    X, y = regression_problem(128, 8)
    net = deep_network(4, "tanh", "he", seed=5)
    np.testing.assert_array_equal(gradient_profile(4, "tanh", "he", seed=5), layer_gradient_norms(net, X, y))


def test_regression_problem_targets_are_standardized():
    X, y = regression_problem(64, 5, seed=1)
    assert X.shape == (64, 5) and y.shape == (64, 1)
    assert y.mean() == pytest.approx(0, abs=1e-12) and y.std() == pytest.approx(1)


def test_deep_network_shape():
    net = deep_network(4, "relu", "he", width=16, n_features=3)
    assert net.sizes == [3, 16, 16, 16, 1] and net.n_layers == 4
    assert deep_network(1, "relu", "he").sizes == [8, 1]


# ---------------------------------------------------------------- the recording training loop


def test_training_record_shapes_and_first_row():
    X, y = regression_problem(32, 4)
    net = deep_network(3, "tanh", "xavier", width=8, n_features=4)
    at_init = layer_gradient_norms(net, X, y)
    start = [W.copy() for W in net.weights]
    record = train_recording_gradients(net, X, y, learning_rate=0.1, steps=40)
    assert isinstance(record, GradientRecord)
    assert record.loss.shape == (40,) and record.gradient_norms.shape == record.weight_change.shape == (40, 3)
    np.testing.assert_allclose(record.gradient_norms[0], at_init)
    # After the first step each layer moved by learning_rate * ||dW|| relative to ||W0||.
    frobenius_at_init = at_init * np.sqrt([W.size for W in start])
    expected = 0.1 * frobenius_at_init / [np.linalg.norm(W) for W in start]
    np.testing.assert_allclose(record.weight_change[0], expected, rtol=1e-10)
    assert record.loss[-1] < 0.5 * record.loss[0]
    np.testing.assert_allclose(record.weight_change[-1],
                               [np.linalg.norm(W - W0) / np.linalg.norm(W0) for W, W0 in zip(net.weights, start)])


def test_training_matches_plain_gradient_descent_and_is_deterministic():
    X, y = regression_problem(16, 3)
    net, reference = (deep_network(3, "sigmoid", "he", width=4, n_features=3, seed=1) for _ in range(2))
    record = train_recording_gradients(net, X, y, learning_rate=0.5, steps=5)
    for step in range(5):
        output = reference.forward(X)
        assert record.loss[step] == pytest.approx(squared_error(output, y))
        weight_grads, bias_grads = reference.backward(squared_error_grad(output, y))
        for p, g in zip(reference.weights + reference.biases, weight_grads + bias_grads):
            p -= 0.5 * g
    for W, W_ref in zip(net.weights, reference.weights):
        np.testing.assert_allclose(W, W_ref, rtol=1e-12)


def test_minibatch_training_uses_the_seed():
    X, y = regression_problem(40, 3)
    runs = [train_recording_gradients(deep_network(2, "tanh", "xavier", width=4, n_features=3), X, y,
                                      steps=6, batch_size=8, seed=s).loss for s in (0, 0, 1)]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


def test_a_huge_learning_rate_is_reported_as_divergence_without_warnings():
    X, y = regression_problem(32, 4)
    net = deep_network(6, "relu", "he", width=16, n_features=4)
    with pytest.raises(ValueError, match="diverged"):
        train_recording_gradients(net, X, y, learning_rate=1e6, steps=50)


# ---------------------------------------------------------------- dead units


def test_dead_unit_fraction_counts_units_that_are_off_for_every_example():
    net = MLP([2, 4, 5, 1], activation="relu", init="he", seed=0)
    net.biases[0][:] = [-100.0, -100.0, 100.0, 0.0]  # two dead, one always on
    net.biases[1][:] = [-100.0, 100.0, 100.0, 100.0, 100.0]
    X = np.random.default_rng(0).normal(size=(50, 2))
    fractions = dead_unit_fraction(net, X)
    assert fractions.shape == (2,)
    assert fractions[0] == pytest.approx(0.5)  # unit 3 (bias 0) is on for some of 50 random examples
    assert fractions[1] == pytest.approx(0.2)


def test_a_dead_relu_unit_gets_no_gradient_and_a_leaky_one_does():
    X = np.random.default_rng(1).normal(size=(20, 3))
    y = np.random.default_rng(2).normal(size=(20, 1))
    for activation, dead_gradient_is_zero in (("relu", True), ("leaky_relu", False)):
        net = MLP([3, 6, 1], activation=activation, init="he", seed=3)
        net.biases[0][0] = -50.0
        assert dead_unit_fraction(net, X)[0] == pytest.approx(1 / 6)
        weight_grads, _ = net.backward(squared_error_grad(net.forward(X), y))
        assert np.all(weight_grads[0][:, 0] == 0) == dead_gradient_is_zero


@settings(max_examples=20, deadline=None)
@given(width=st.integers(1, 8), depth=st.integers(2, 4), seed=st.integers(0, 2**31 - 1),
       activation=st.sampled_from(["relu", "leaky_relu", "tanh"]))
def test_dead_unit_fraction_is_a_share_of_the_layer(width, depth, seed, activation):
    net = MLP([3] + [width] * depth, activation=activation, init="he", seed=seed)
    X = np.random.default_rng(seed).normal(size=(5, 3))
    fractions = dead_unit_fraction(net, X)
    assert fractions.shape == (depth - 1,)
    assert np.all((fractions >= 0) & (fractions <= 1))
    np.testing.assert_allclose(fractions * width, np.round(fractions * width))
    z = hidden_net_inputs(net, X)
    assert [a.shape for a in z] == [(5, width)] * (depth - 1)


# ---------------------------------------------------------------- the backward signal and its variance


@pytest.mark.parametrize("activation", SMOOTH)
def test_backward_signals_match_central_differences_and_backward(activation):
    net, X, _ = small_problem(seed=4, activation=activation)
    grad_output = np.random.default_rng(9).normal(size=(6, 2))
    signals = backward_signals(net, X, grad_output)
    assert [s.shape for s in signals] == [(6, n) for n in net.sizes]
    np.testing.assert_array_equal(signals[-1], grad_output)
    # dL/dX for L = sum(output * grad_output), whose gradient at the output is grad_output.
    numeric = numerical_gradient(lambda X_: float(np.sum(net.forward(X_) * grad_output)), X)
    np.testing.assert_allclose(signals[0], numeric, rtol=1e-6, atol=1e-9)
    # The weight gradients that MLP.backward returns are a_prev.T @ (dL/da * f'(z)).
    net.forward(X)  # backward differentiates the last forward pass, and the differences ran others
    weight_grads, _ = net.backward(grad_output)
    inputs = [X] + [net.activation.function(z) for z in hidden_net_inputs(net, X)]
    z_all = hidden_net_inputs(net, X) + [inputs[-1] @ net.weights[-1] + net.biases[-1]]
    for layer, dW in enumerate(weight_grads):
        delta = signals[layer + 1] * net.activation_of_layer(layer).derivative(z_all[layer])
        np.testing.assert_allclose(dW, inputs[layer].T @ delta, rtol=1e-10, atol=1e-12)


def test_variance_factor_formulas():
    assert variance_factor("standard", 64) == pytest.approx(1 / 3)
    assert variance_factor("xavier", 64) == pytest.approx(1.0)
    assert variance_factor("he", 64) == pytest.approx(2.0)
    assert variance_factor("he", 10, "relu") == pytest.approx(1.0)
    assert variance_factor("xavier", 10, "relu") == pytest.approx(0.5)
    assert variance_factor("xavier", 10, "sigmoid") == pytest.approx(1 / 16)
    assert mean_squared_derivative("leaky_relu") == pytest.approx((1 + 0.01**2) / 2)


@pytest.mark.parametrize("init", ["standard", "xavier", "he"])
@pytest.mark.parametrize("activation", ["identity", "relu", "leaky_relu"])
def test_measured_variance_factors_agree_with_theory_within_sampling_error(init, activation):
    measured = measured_variance_factors(init, activation, width=64, depth=10, n_samples=256, seed=0)
    assert measured.shape == (10,)
    # Each factor is a ratio of means over 256 x 64 correlated entries: a few percent of noise per
    # layer, less in the geometric mean over ten layers.
    geometric_mean = np.exp(np.mean(np.log(measured)))
    assert geometric_mean == pytest.approx(variance_factor(init, 64, activation), rel=0.08)


def test_weight_variance_overrides_the_scheme_and_is_drawn_with_it():
    net = square_stack("xavier", "identity", width=128, depth=3, seed=0, weight_variance=0.05)
    sample = np.concatenate([W.ravel() for W in net.weights])
    # The sample variance of n normal draws has relative standard error sqrt(2/n), about 0.5% here.
    assert sample.var() == pytest.approx(0.05, rel=0.03)
    measured = measured_variance_factors(width=64, weight_variance=1 / 64)
    assert np.exp(np.mean(np.log(measured))) == pytest.approx(1.0, rel=0.08)


@pytest.mark.parametrize("init", ["standard", "xavier", "he"])
def test_width_times_sample_weight_variance_is_the_identity_factor(init):
    W = initialize_weights(init, 200, 200, seed=1)
    assert 200 * W.var() == pytest.approx(variance_factor(init, 200), rel=0.03)


def test_xavier_relu_signal_dies_and_he_relu_signal_survives():
    xavier = backward_signal_rms("xavier", "relu", width=32, depth=30)
    he = backward_signal_rms("he", "relu", width=32, depth=30)
    assert xavier.shape == he.shape == (31,)
    assert he[-1] == pytest.approx(1.0, rel=0.05) and xavier[-1] == pytest.approx(1.0, rel=0.05)
    assert xavier[0] < 1e-3 < 0.1 < he[0] < 10


# ---------------------------------------------------------------- self-checks


def test_check_sigmoid_depth():
    assert check_sigmoid_depth(None).correct is None
    assert check_sigmoid_depth(10).correct is True  # 0.25^10 < 1e-6 < 0.25^9
    assert check_sigmoid_depth(11).correct is False and "fewer" in check_sigmoid_depth(11).message
    assert check_sigmoid_depth(9).correct is False and "more" in check_sigmoid_depth(9).message
    assert check_sigmoid_depth(9.5).correct is False
    assert check_sigmoid_depth(2, threshold=0.1).correct is True
    assert "10" not in check_sigmoid_depth(3).message


def test_check_variance_factor():
    assert check_variance_factor(None, "standard", 64, "relu").correct is None
    assert check_variance_factor(1 / 6, "standard", 64, "relu").correct is True
    wrong = check_variance_factor(1 / 3, "standard", 64, "relu")
    assert wrong.correct is False and "too large" in wrong.message
    assert check_variance_factor("a lot", "standard", 64, "relu").correct is False


def test_check_explosion_factor():
    assert check_explosion_factor(None, 12).correct is None
    assert check_explosion_factor(4096, 12).correct is True
    too_small = check_explosion_factor(2**11, 12)
    assert too_small.correct is False and "too small" in too_small.message
    # Measured: the mean square of dL/da at the input over that at the output of 12 He-initialized linear layers.
    rms = backward_signal_rms("he", "identity", width=128, depth=12, n_samples=512)
    assert (rms[0] / rms[-1]) ** 2 == pytest.approx(4096, rel=0.4)


def test_check_leaky_gain():
    assert check_leaky_gain(None, 0.2).correct is None
    assert check_leaky_gain(2 / 1.04, 0.2).correct is True
    assert "He" in check_leaky_gain(2, 0.2).message
    assert check_leaky_gain(1.0, 0.2).correct is False


# ---------------------------------------------------------------- the figure helper


def test_plot_layer_bars_draws_one_bar_per_layer_and_series():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = plot_layer_bars({"a": [1.0, 0.1, 0.01], "b": [1.0, 1.0, 1.0]})
    assert len(ax.patches) == 6 and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    heights = sorted(p.get_height() for p in ax.patches)
    np.testing.assert_allclose(heights, [0.01, 0.1, 1, 1, 1, 1])
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="one value per layer"):
        plot_layer_bars({"a": [1.0, 2.0], "b": [1.0]})
    with pytest.raises(TypeError, match="series"):
        plot_layer_bars([1.0, 2.0])


# ---------------------------------------------------------------- the explorer


@pytest.fixture(scope="module")
def explorer():
    return vanishing_gradient_explorer()


def frame(payload, depth, activation, init):
    key = (f"{EXPLORER_DEPTHS.index(depth)}.{list(EXPLORER_ACTIVATIONS).index(activation)}."
           f"{list(EXPLORER_INITS).index(init)}")
    return payload["frames"][key]


def test_gradient_verdict_and_description():
    assert gradient_verdict([1e-6, 1.0]) == "vanishing"
    assert gradient_verdict([0.5, 1.0]) == "flowing"
    assert gradient_verdict([1e3, 1.0]) == "exploding"
    text = describe_gradients([1e-6, 0.5])
    assert "1.0e-06" in text and "0.5" in text and "2.0e-06 times" in text and "cut off" not in text
    assert "cut off" in describe_gradients([1e-20, 0.5])
    with pytest.raises(ValueError, match="norms"):
        gradient_verdict([])


def test_static_explorer_has_every_frame_with_its_verdict(explorer):
    payload = explorer.static.payload()
    assert len(payload["frames"]) == len(EXPLORER_DEPTHS) * len(EXPLORER_ACTIVATIONS) * len(EXPLORER_INITS)
    assert frame(payload, 10, "sigmoid", "xavier")[1] == "vanishing"
    assert frame(payload, 10, "relu", "he")[1] == "flowing"
    assert frame(payload, 30, "relu", "xavier")[1] == "vanishing"
    assert frame(payload, 30, "identity", "he")[1] == "exploding"
    # A frame's bars decode (running sums of log10 values times the quantum) to the gradient profile.
    view_index, _, caption, layers = frame(payload, 10, "sigmoid", "xavier")
    view = payload["views"][view_index]
    assert view["yscale"] == "log" and view["xlim"] == [-0.5, 9.5]
    heights = 10 ** (np.cumsum(payload["series"][layers[0][2]]) * view["quantum"][1])
    # the log axis is quantized to 0.01 decades: at most half a step, 10**0.005 - 1 = 1.16%, off
    np.testing.assert_allclose(heights, gradient_profile(10, "sigmoid", "xavier", seed=1), rtol=0.0116)
    assert caption == describe_gradients(gradient_profile(10, "sigmoid", "xavier", seed=1))


def test_static_explorer_defaults_follow_the_arguments():
    payload = vanishing_gradient_explorer(20, "relu", "he").static.payload()
    defaults = {c["key"]: c["tokens"][c["default"]] for c in payload["controls"]}
    assert defaults == {"depth": "20", "activation": "relu", "init": "he"}


def test_explorer_output_is_deterministic_small_and_free_of_random_ids(explorer):
    bundle = explorer._repr_mimebundle_()
    again = vanishing_gradient_explorer()._repr_mimebundle_()
    assert bundle["text/html"] == again["text/html"] and bundle["text/plain"] == again["text/plain"]
    assert bundle["text/plain"] == "vanishing_gradient_explorer(depth=10, activation='sigmoid', init='xavier')"
    page = bundle["text/html"]
    assert len(page.encode()) < 150_000
    assert not re.search(r"[0-9a-f]{32}", page)
    assert not re.search(r"https?://", page.replace("http://www.w3.org/2000/svg", "")), "no remote address"
    assert 'data-explorer="vanishing"' in page and '<label for="lnn-vanishing-depth">' in page


def test_live_explorer_redraws_on_every_change(explorer):
    live = explorer.live
    assert live.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Vanishing" in live.caption.value
    first = live.image.value
    live.set(activation="relu", init="he")
    assert "Flowing" in live.caption.value and live.image.value != first
    live.set(depth=13)  # any depth, not only the static grid
    assert describe_gradients(gradient_profile(13, "relu", "he", seed=1)) in live.caption.value


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"depth": 1}, ValueError, "depth must be at least 2"),
        ({"depth": 31}, ValueError, "at most 30"),
        ({"activation": "softplus"}, ValueError, "activation"),
        ({"init": "glorot"}, ValueError, "init"),
        ({"seed": np.random.default_rng(0)}, TypeError, "seed"),
    ],
)
def test_vanishing_gradient_explorer_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        vanishing_gradient_explorer(**kwargs)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: derivative_product_bound("swish", 3), ValueError, "activation"),
        (lambda: derivative_product_bound("sigmoid", -1), ValueError, "n_layers"),
        (lambda: layer_gradient_norms("net", np.ones((2, 3)), np.ones(2)), TypeError, "mlp"),
        (lambda: layer_gradient_norms(MLP([3, 1]), np.ones((2, 4)), np.ones(2)), ValueError, "X"),
        (lambda: layer_gradient_norms(MLP([3, 1]), np.ones((2, 3)), np.ones(3)), ValueError, "y"),
        (lambda: layer_gradient_norms(MLP([3, 1]), np.ones((2, 3)), np.ones(2), statistic="max"), ValueError,
         "statistic"),
        (lambda: gradient_profile(0, "relu", "he"), ValueError, "depth"),
        (lambda: gradient_profile(3, "relu", "kaiming"), ValueError, "init"),
        (lambda: gradient_profile(3, "relu", "he", width=2.5), TypeError, "width"),
        (lambda: train_recording_gradients(MLP([3, 1]), np.ones((2, 3)), np.ones(2), learning_rate=-1),
         ValueError, "learning_rate"),
        (lambda: train_recording_gradients(MLP([3, 1]), np.ones((2, 3)), np.ones(2), steps=0), ValueError, "steps"),
        (lambda: train_recording_gradients(MLP([3, 1]), np.ones((2, 3)), np.ones(2), batch_size=0), ValueError,
         "batch_size"),
        (lambda: train_recording_gradients(MLP([3, 1]), np.ones((2, 3)), np.ones(2), seed="a"), TypeError, "seed"),
        (lambda: dead_unit_fraction(MLP([3, 2, 1]), np.ones(3)), ValueError, "X"),
        (lambda: backward_signals(MLP([3, 2, 1]), np.ones((2, 3)), np.ones((2, 2))), ValueError, "grad_output"),
        (lambda: variance_factor("he", 0), ValueError, "width"),
        (lambda: measured_variance_factors("he", "relu", weight_variance=0), ValueError, "weight_variance"),
        (lambda: backward_signal_rms("he", "relu", n_samples=0), ValueError, "n_samples"),
        (lambda: check_sigmoid_depth(3, threshold=0), ValueError, "threshold"),
        (lambda: check_leaky_gain(2, slope=-0.1), ValueError, "slope"),
        (lambda: check_explosion_factor(2, depth=0), ValueError, "depth"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
