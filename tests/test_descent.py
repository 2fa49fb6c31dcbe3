"""descent: surfaces, paths and verdicts, counted costs, mini-batch SGD, the explorer and the self-checks."""

from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import gradient_descent, make_regression, numerical_gradient
from backprop.descent import (
    BREAK_EVEN_PROBLEM,
    EXPLORER_LEARNING_RATES,
    EXPLORER_STEPS,
    RUN_VERDICTS,
    SURFACES,
    OperationCounter,
    check_best_learning_rate,
    check_break_even_steps,
    check_descent_function,
    check_quadratic_rates,
    classify_run,
    descent_flops,
    descent_path,
    describe_run,
    get_surface,
    learning_rate_explorer,
    least_squares_descent,
    least_squares_flops,
    minibatch_sgd,
    plot_descent_path,
    plot_surface,
    quadratic_surface,
    regression_loss,
    solve_normal_equations,
    zigzag_fraction,
)

# ---------------------------------------------------------------- surfaces

points_2d = st.tuples(st.floats(-3, 3), st.floats(-3, 3)).map(np.array)


@pytest.mark.parametrize("name", sorted(SURFACES))
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_gradient_and_hessian_match_central_differences(name, data):
    surface = SURFACES[name]
    w = np.array([data.draw(st.floats(-3, 3)) for _ in range(surface.dimension)])
    numeric = numerical_gradient(lambda v: surface.value(v), w)
    np.testing.assert_allclose(surface.gradient(w), numeric, rtol=1e-6, atol=1e-6)
    hessian_numeric = np.array([numerical_gradient(lambda v, i=i: surface.gradient(v)[i], w)
                                for i in range(surface.dimension)])
    np.testing.assert_allclose(surface.hessian(w), hessian_numeric, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_values_and_gradients_are_vectorised_and_vanish_at_the_minimum(name):
    surface = SURFACES[name]
    grid = np.random.default_rng(0).normal(size=(4, 5, surface.dimension))
    assert surface.value(grid).shape == (4, 5)
    assert surface.gradient(grid).shape == (4, 5, surface.dimension)
    np.testing.assert_allclose(surface.value(grid[1, 2]), surface.value(grid)[1, 2])
    np.testing.assert_allclose(surface.gradient(np.array(surface.minimum)), 0.0, atol=1e-12)
    assert surface.minimum_value == pytest.approx(0.0, abs=1e-12)
    assert surface.value(np.array(surface.start)) > surface.minimum_value


def test_named_surfaces_have_the_documented_curvatures():
    np.testing.assert_allclose(SURFACES["parabola"].hessian(np.zeros(1)), [[2.0]])
    np.testing.assert_allclose(np.linalg.eigvalsh(SURFACES["ravine"].hessian(np.zeros(2))), [1.0, 9.0])
    np.testing.assert_allclose(SURFACES["banana"].hessian(np.ones(2)), [[10.0, -4.0], [-4.0, 2.0]])
    assert "Surface('ravine'" in repr(SURFACES["ravine"])


def test_quadratic_surface_defaults_and_formula():
    surface = quadratic_surface([3.0])
    assert surface.start == (2.0,) and surface.bounds == ((-2.5, 2.5),) and surface.formula == "f(w) = 3·w²/2"
    assert quadratic_surface([1.0, 4.0]).formula == "f(w) = (1·w1² + 4·w2²)/2"
    assert surface.value(np.array([2.0])) == pytest.approx(6.0)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"curvatures": [1.0, -1.0]}, ValueError, "positive"),
        ({"curvatures": []}, ValueError, "non-empty"),
        ({"curvatures": [np.nan]}, ValueError, "finite"),
        ({"curvatures": 2.0}, ValueError, "1-D"),
        ({"curvatures": [1.0, 2.0], "start": [1.0]}, ValueError, "start must have 2"),
    ],
)
def test_quadratic_surface_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        quadratic_surface(**kwargs)


def test_get_surface_by_name_or_object():
    assert get_surface("banana") is SURFACES["banana"]
    custom = quadratic_surface([1.0])
    assert get_surface(custom) is custom
    with pytest.raises(ValueError, match="unknown surface 'bowl'.*banana"):
        get_surface("bowl")
    with pytest.raises(TypeError, match="surface must be a string"):
        get_surface(3)


# ---------------------------------------------------------------- paths


def test_descent_path_follows_the_update_rule():
    path = descent_path("ravine", 0.1, 3)
    assert path.shape == (4, 2)
    np.testing.assert_array_equal(path[0], SURFACES["ravine"].start)
    for before, after in zip(path, path[1:]):
        np.testing.assert_allclose(after, before - 0.1 * np.array([1.0, 9.0]) * before)
    np.testing.assert_allclose(descent_path("parabola", 0.25, 1, start=[1.0]), [[1.0], [0.5]])


@pytest.mark.parametrize(
    "args, error, match",
    [
        (("ravine", 0.0, 5), ValueError, "learning_rate must be a positive finite"),
        (("ravine", -0.1, 5), ValueError, "learning_rate"),
        (("ravine", float("nan"), 5), ValueError, "learning_rate"),
        (("ravine", float("inf"), 5), ValueError, "learning_rate"),
        (("ravine", "0.1", 5), TypeError, "learning_rate"),
        (("ravine", 0.1, -1), ValueError, "steps must be at least 0"),
        (("ravine", 0.1, 1.5), TypeError, "steps must be an integer"),
        (("hill", 0.1, 5), ValueError, "unknown surface"),
    ],
)
def test_descent_path_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        descent_path(*args)


@pytest.mark.parametrize("start, match", [([1.0], "start must have 2"), ([np.nan, 1.0], "finite"), (1.0, "1-D")])
def test_descent_path_bad_start(start, match):
    with pytest.raises(ValueError, match=match):
        descent_path("ravine", 0.1, 5, start=start)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.2, 20.0), fraction=st.floats(0.02, 1.5))
def test_parabola_converges_iff_the_rate_is_below_two_over_a(a, fraction):
    # w_t = (1 - eta a)^t w_0: it shrinks iff |1 - eta a| < 1, i.e. 0 < eta < 2/a.
    learning_rate = fraction * 2 / a
    path = descent_path(quadratic_surface([a]), learning_rate, 60)[:, 0]
    np.testing.assert_allclose(path[:5], 2.0 * (1 - learning_rate * a) ** np.arange(5), rtol=1e-9)
    factor = abs(1 - learning_rate * a)
    if factor < 0.97:
        assert abs(path[-1]) < abs(path[0]) * 0.97**30
    elif factor > 1.03:
        assert abs(path[-1]) > abs(path[0])
    signs = np.sign(path[:10])
    if fraction > 0.5:  # beyond 1/a every step crosses the minimum
        assert np.all(signs[1:] == -signs[:-1])
    elif fraction < 0.5:
        assert np.all(signs == 1)


def test_one_step_at_one_over_a_and_a_pure_oscillation_at_two_over_a():
    surface = quadratic_surface([4.0])
    assert descent_path(surface, 0.25, 1)[1, 0] == 0.0
    np.testing.assert_allclose(descent_path(surface, 0.5, 4)[:, 0], [2.0, -2.0, 2.0, -2.0, 2.0])


def steps_to_converge(surface, learning_rate, tolerance=1e-8, limit=2000):
    path = descent_path(surface, learning_rate, limit)
    gaps = SURFACES["ravine"].value(path) / SURFACES["ravine"].value(path[0])
    below = np.flatnonzero(gaps <= tolerance)
    return int(below[0]) if below.size else limit


def test_the_best_fixed_step_on_the_ravine_is_two_over_the_curvature_sum():
    best = 2 / (1.0 + 9.0)
    fastest = steps_to_converge("ravine", best)
    for other in (0.5 * best, 0.8 * best, 0.95 * best, 1.05 * best, 1.1 * best):
        assert steps_to_converge("ravine", other) > fastest
    # the error shrinks by (kappa - 1)/(kappa + 1) = 0.8 a step in both directions
    path = descent_path("ravine", best, 10)
    np.testing.assert_allclose(np.abs(path[10]), np.abs(path[0]) * 0.8**10, rtol=1e-9)


# ---------------------------------------------------------------- verdicts


@pytest.mark.parametrize(
    "surface, rate, steps, verdict",
    [
        ("parabola", 0.01, 30, "slow"),
        ("parabola", 0.2, 30, "converged"),
        ("parabola", 0.5, 1, "converged"),
        ("parabola", 0.8, 30, "converged"),
        ("parabola", 1.0, 30, "oscillating"),
        ("parabola", 1.2, 3, "diverged"),
        ("parabola", 2.0, 100, "diverged"),
        ("ravine", 0.1, 30, "slow"),
        ("ravine", 0.2, 100, "converged"),
        ("ravine", 0.22, 100, "oscillating"),
        ("ravine", 0.3, 30, "diverged"),
        ("banana", 0.01, 30, "slow"),
        ("banana", 0.2, 100, "oscillating"),
        ("banana", 1.0, 30, "diverged"),
    ],
)
def test_classify_run(surface, rate, steps, verdict):
    path = descent_path(surface, rate, steps)
    assert classify_run(path, surface, steps) == verdict
    assert verdict in RUN_VERDICTS


def test_a_run_that_blew_up_is_diverged_even_if_its_last_loss_is_small():
    path = descent_path("parabola", 2.0, 100)
    assert len(path) < 101
    assert classify_run(path, "parabola", steps=100) == "diverged"
    assert classify_run(path[:1], "parabola", steps=0) == "slow"
    assert classify_run(np.zeros((1, 1)), "parabola") == "converged"


def test_classify_run_accepts_a_flat_path_for_a_one_dimensional_surface():
    path = descent_path("parabola", 0.5, 2)
    assert classify_run(path[:, 0], "parabola") == classify_run(path, "parabola") == "converged"


def test_tolerance_sets_where_slow_ends():
    path = descent_path("parabola", 0.1, 30)  # gap ratio 0.8**60 ~ 1.5e-6
    assert classify_run(path, "parabola", tolerance=1e-4) == "converged"
    assert classify_run(path, "parabola", tolerance=1e-8) == "slow"


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"path": np.zeros((3, 3))}, ValueError, r"path must have shape \(iterates, 2\)"),
        ({"path": np.zeros((0, 2))}, ValueError, "path must have shape"),
        ({"path": [[np.nan, 0.0]]}, ValueError, "path must be finite"),
        ({"path": "path"}, TypeError, "path"),
        ({"steps": 1}, ValueError, "cannot be fewer"),
        ({"steps": -1}, ValueError, "steps must be at least 0"),
        ({"tolerance": 0.0}, ValueError, "tolerance"),
        ({"surface": "hill"}, ValueError, "unknown surface"),
    ],
)
def test_classify_run_bad_input(kwargs, error, match):
    args = {"path": descent_path("ravine", 0.1, 4), "surface": "ravine"} | kwargs
    with pytest.raises(error, match=match):
        classify_run(**args)


def test_zigzag_fraction():
    assert zigzag_fraction([1.0, -0.5, 0.25, -0.125]) == 1.0
    assert zigzag_fraction([[1.0, 1.0], [0.5, 0.5], [0.25, 0.25]]) == 0.0
    assert zigzag_fraction([1.0, 0.5]) == 0.0
    assert zigzag_fraction([1.0, 1.0, 1.0]) == 0.0  # zero steps do not count


@pytest.mark.parametrize(
    "surface, rate, steps, phrase",
    [
        ("parabola", 0.5, 1, "fell from 4 to 0 in 1 step."),
        ("ravine", 0.2, 100, "zig-zagging"),
        ("ravine", 0.1, 30, "each step is too short"),
        ("parabola", 1.0, 10, "overshoots the valley floor"),
        ("parabola", 1.2, 3, "grew from 4 to"),
        ("parabola", 2.0, 100, "blew up after"),
    ],
)
def test_describe_run(surface, rate, steps, phrase):
    assert phrase in describe_run(descent_path(surface, rate, steps), surface, steps)


# ---------------------------------------------------------------- plots


@pytest.fixture
def axes():
    from matplotlib.figure import Figure

    return Figure().add_subplot()


def test_plot_surface_draws_the_curve_or_the_contours(axes):
    plot_surface("parabola", axes)
    curve = axes.lines[0].get_xydata()
    np.testing.assert_allclose(curve[:, 1], curve[:, 0] ** 2)
    assert axes.get_xlim() == (-2.5, 2.5) and axes.get_xlabel() == "w"
    from matplotlib.figure import Figure

    contours = plot_surface("ravine", Figure().add_subplot())
    rings = contours.lines[:-2]  # the last two lines are the start and the minimum
    assert len(rings) >= 5
    for ring in rings:  # every contour line lies on one level of the loss
        values = SURFACES["ravine"].value(ring.get_xydata())
        np.testing.assert_allclose(values, values[0], rtol=0.05)
    np.testing.assert_allclose(contours.lines[-1].get_xydata(), [[0.0, 0.0]])


def test_plot_descent_path_draws_the_iterates_and_cuts_off_a_blow_up(axes):
    plot_descent_path(descent_path("parabola", 0.25, 4), "parabola", axes, label="run")
    drawn = axes.lines[-1].get_xydata()
    np.testing.assert_allclose(drawn[:, 0], 2.0 * 0.5 ** np.arange(5))
    np.testing.assert_allclose(drawn[:, 1], drawn[:, 0] ** 2)
    assert axes.lines[-1].get_label() == "run"
    import matplotlib.pyplot as plt

    blown = descent_path("ravine", 1.0, 100)
    new_axes = plot_descent_path(blown, "ravine")  # no axes given: the surface is drawn first
    assert 2 <= len(new_axes.lines[-1].get_xydata()) < len(blown) and len(new_axes.lines) > 3
    plt.close(new_axes.figure)
    with pytest.raises(ValueError, match="path must have shape"):
        plot_descent_path(np.zeros((3, 2)), "parabola", axes)


# ---------------------------------------------------------------- counted costs


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 30), d=st.integers(1, 8), steps=st.integers(0, 4), seed=st.integers(0, 100))
def test_counted_flops_equal_the_formulas(n, d, steps, seed):
    X = np.random.default_rng(seed).normal(size=(n + d, d))  # n + d rows: full column rank
    y = np.random.default_rng(seed + 1).normal(size=n + d)
    closed, iterative = OperationCounter(), OperationCounter()
    solve_normal_equations(X, y, closed)
    least_squares_descent(X, y, 0.1, steps, iterative)
    assert closed.flops == least_squares_flops(n + d, d)
    assert iterative.flops == descent_flops(n + d, d, steps)


def test_small_counts_by_hand():
    # d = 1: X^T X and X^T y are dot products (2n - 1 each), then one square root, two divisions.
    assert least_squares_flops(5, 1) == 9 + 9 + 1 + 2
    assert descent_flops(5, 1, 1) == 4 * 5 + 1
    assert descent_flops(5, 1, 0) == 0
    ops = OperationCounter()
    ops.matmul(np.ones((2, 3)), np.ones((3, 4)))
    assert ops.flops == 2 * 4 * 5 and "flops=40" in repr(ops)


def test_both_solvers_find_the_least_squares_weights():
    X, y, _, _ = make_regression(400, 6, noise=0.3, seed=1)
    reference = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(solve_normal_equations(X, y), reference, rtol=1e-9)
    np.testing.assert_allclose(least_squares_descent(X, y, 0.5, 200), reference, rtol=1e-6)


def test_the_closed_form_grows_like_n_d_squared_and_descent_like_n_d():
    n = 100_000
    assert least_squares_flops(n, 1000) / (2 * n * 1000**2 + 1000**3 / 3) == pytest.approx(1.0, rel=1e-2)
    assert descent_flops(n, 1000, 10) / descent_flops(n, 100, 10) == pytest.approx(10.0, rel=1e-3)
    assert least_squares_flops(n, 1000) / least_squares_flops(n, 100) > 90


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: solve_normal_equations(np.ones((5, 2)), np.ones(5)), ValueError, "full column rank"),
        (lambda: solve_normal_equations(np.ones((2, 3)), np.ones(2)), ValueError, "full column rank"),
        (lambda: solve_normal_equations(np.ones(5), np.ones(5)), ValueError, "X must be a 2-D"),
        (lambda: solve_normal_equations(np.eye(3), np.ones(4)), ValueError, "one entry per row"),
        (lambda: solve_normal_equations(np.eye(3), np.ones(3), counter=0), TypeError, "counter"),
        (lambda: least_squares_descent(np.eye(3), np.ones(3), 0.0, 5), ValueError, "learning_rate"),
        (lambda: least_squares_descent(np.eye(3), np.ones(3), 0.1, -2), ValueError, "steps"),
        (lambda: least_squares_flops(0, 3), ValueError, "n_samples"),
        (lambda: descent_flops(3, 3, 1.5), TypeError, "steps"),
    ],
)
def test_cost_functions_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---------------------------------------------------------------- mini-batch SGD


@pytest.fixture(scope="module")
def regression():
    return make_regression(600, 5, noise=0.3, seed=2)[:2]


def test_minibatch_sgd_records_loss_against_evaluations(regression):
    X, y = regression
    run = minibatch_sgd(X, y, 0.05, batch_size=10, epochs=2, seed=0, records_per_epoch=4)
    np.testing.assert_array_equal(run.evaluations, [0, 150, 300, 450, 600, 750, 900, 1050, 1200])
    assert run.losses[0] == pytest.approx(regression_loss(X, y, np.zeros(5)))
    assert run.losses[-1] == pytest.approx(regression_loss(X, y, run.w, run.b))
    assert run.losses[-1] < 0.1 * run.losses[0]


def test_full_batch_is_gradient_descent(regression):
    X, y = regression
    run = minibatch_sgd(X, y, 0.3, batch_size=len(y), epochs=5)
    np.testing.assert_array_equal(run.evaluations, np.arange(6) * len(y))
    A = np.column_stack([X, np.ones(len(y))])
    expected = gradient_descent(lambda v: A.T @ (A @ v - y) / len(y), np.zeros(6), 0.3, 5)[-1]
    np.testing.assert_allclose(np.append(run.w, run.b), expected, rtol=1e-10)


def test_sgd_reaches_the_noise_floor_and_is_reproducible(regression):
    X, y = regression
    A = np.column_stack([X, np.ones(len(y))])
    floor = regression_loss(A, y, np.linalg.lstsq(A, y, rcond=None)[0])
    first = minibatch_sgd(X, y, 0.01, batch_size=1, epochs=3, seed=5)
    assert floor <= first.losses[-1] < 1.2 * floor
    again = minibatch_sgd(X, y, 0.01, batch_size=1, epochs=3, seed=5)
    np.testing.assert_array_equal(first.losses, again.losses)
    other = minibatch_sgd(X, y, 0.01, batch_size=1, epochs=3, seed=6)
    assert not np.array_equal(first.losses, other.losses)


def test_sgd_that_diverges_stops_with_an_infinite_loss(regression):
    X, y = regression
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = minibatch_sgd(X * 1e3, y, 10.0, batch_size=1, epochs=50, records_per_epoch=600)
    assert run.losses[-1] == np.inf and run.evaluations[-1] < 50 * 600


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1"),
        ({"batch_size": 601}, ValueError, "at most the number of examples"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"records_per_epoch": 0}, ValueError, "records_per_epoch"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"y": np.ones(3)}, ValueError, "one entry per row"),
    ],
)
def test_minibatch_sgd_bad_input(regression, kwargs, error, match):
    X, y = regression
    args = {"X": X, "y": y, "learning_rate": 0.1, "batch_size": 10, "epochs": 1} | kwargs
    with pytest.raises(error, match=match):
        minibatch_sgd(**args)


# ---------------------------------------------------------------- the learning-rate explorer


@pytest.fixture(scope="module")
def explorer():
    return learning_rate_explorer()


def frame(payload, surface, eta, steps):
    names = list(SURFACES)
    key = f"{names.index(surface)}.{EXPLORER_LEARNING_RATES.index(eta)}.{EXPLORER_STEPS.index(steps)}"
    return payload["frames"][key]


def test_static_explorer_has_every_frame_with_its_verdict(explorer):
    payload = explorer.static.payload()
    assert len(payload["frames"]) == len(SURFACES) * len(EXPLORER_LEARNING_RATES) * len(EXPLORER_STEPS)
    assert {f[1] for f in payload["frames"].values()} == set(RUN_VERDICTS)
    for eta, verdict in ((0.01, "slow"), (0.5, "converged"), (1.0, "oscillating"), (1.2, "diverged")):
        assert frame(payload, "parabola", eta, 30)[1] == verdict
    assert frame(payload, "ravine", 0.2, 100)[1] == "converged"
    assert frame(payload, "ravine", 0.3, 100)[1] == "diverged"


def test_static_frames_share_one_path_per_rate_and_draw_a_prefix(explorer):
    payload = explorer.static.payload()
    short, long = frame(payload, "ravine", 0.01, 3), frame(payload, "ravine", 0.01, 100)
    assert short[3][0][2] == long[3][0][2]  # the same series
    assert (short[3][0][3], long[3][0][3]) == (4, 101)
    # decoding the series (running sums times the quantum) gives the path back, to the quantum
    view = payload["views"][short[0]]
    flat = np.cumsum(np.array(payload["series"][short[3][0][2]]).reshape(-1, 2), axis=0) * view["quantum"]
    path = descent_path("ravine", 0.01, 100)
    np.testing.assert_allclose(flat, path[: len(flat)], atol=0.51 * max(view["quantum"]))


def test_static_explorer_defaults_follow_the_arguments():
    payload = learning_rate_explorer("banana", 0.15, 10).static.payload()
    defaults = {c["key"]: c["tokens"][c["default"]] for c in payload["controls"]}
    assert defaults == {"surface": "banana", "eta": "0.15", "steps": "10"}


def test_explorer_output_is_deterministic_small_and_free_of_random_ids(explorer):
    bundle = explorer._repr_mimebundle_()
    again = learning_rate_explorer()._repr_mimebundle_()
    assert bundle["text/html"] == again["text/html"] and bundle["text/plain"] == again["text/plain"]
    assert bundle["text/plain"] == "learning_rate_explorer(surface='ravine', learning_rate=0.1, steps=30)"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle["text/html"]
    assert len(page.encode()) < 150_000
    assert not re.search(r"[0-9a-f]{32}", page)
    assert not re.search(r"https?://", page.replace("http://www.w3.org/2000/svg", "")), "no remote address"
    assert " src=" not in page, "no external script or image"
    assert 'data-explorer="lr"' in page and 'id="lnn-lr-eta"' in page and '<label for="lnn-lr-eta">' in page
    data = re.search(r'<script type="application/json" class="lnn-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data.replace("<\\/", "</"))["name"] == "lr"


def test_live_explorer_redraws_on_every_change(explorer):
    live = explorer.live
    assert live.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Too slow" in live.caption.value and "η = 0.1:" in live.caption.value
    first = live.image.value
    live.set(eta=0.2, steps=100)
    assert "Converged" in live.caption.value and live.image.value != first
    live.set(surface="parabola", eta=1.5)
    assert "Diverged" in live.caption.value
    live.set(eta=0.37)  # the live slider is continuous: any rate, not only the static grid
    assert "η = 0.37:" in live.caption.value


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a positive finite"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"learning_rate": 5.0}, ValueError, "between 0.001 and 2"),
        ({"steps": 0}, ValueError, "steps must be at least 1"),
        ({"steps": 101}, ValueError, "at most 100"),
        ({"surface": "hill"}, ValueError, "unknown surface"),
        ({"surface": quadratic_surface([1.0])}, ValueError, "custom surface"),
    ],
)
def test_learning_rate_explorer_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        learning_rate_explorer(**kwargs)


# ---------------------------------------------------------------- self-checks


def test_check_descent_function():
    def right(gradient, w0, learning_rate, steps):
        w = w0
        for _ in range(steps):
            w = w - learning_rate * gradient(w)
        return w

    def uphill(gradient, w0, learning_rate, steps):
        return right(lambda w: -gradient(w), w0, learning_rate, steps)

    def one_extra(gradient, w0, learning_rate, steps):
        return right(gradient, w0, learning_rate, steps + 1)

    def in_place(gradient, w0, learning_rate, steps):
        w = np.asarray(w0, dtype=float) if np.ndim(w0) else w0
        for _ in range(steps):
            w -= learning_rate * gradient(w)
        return w

    assert check_descent_function(right).correct is True
    assert check_descent_function(None).correct is None
    assert "uphill" in check_descent_function(uphill).message
    assert "steps = 0" in check_descent_function(one_extra).message
    assert "in place" in check_descent_function(in_place).message
    assert "raised ZeroDivisionError" in check_descent_function(lambda g, w, r, s: 1 / 0).message
    assert check_descent_function(3).correct is False
    assert check_descent_function(lambda g, w, r, s: [w] * (s + 1)).correct is False


def test_check_quadratic_rates():
    assert check_quadratic_rates(0.2, 0.4).correct is True
    assert check_quadratic_rates(None, None).correct is None
    partly = check_quadratic_rates(0.2, None)
    assert partly.correct is None and "one_step matches" in partly.message
    wrong = check_quadratic_rates(0.2, 0.2)
    assert wrong.correct is False and "one-step rate" in wrong.message and "0.4" not in wrong.message
    assert "curvature itself" in check_quadratic_rates(5.0, 0.4).message
    assert "too large" in check_quadratic_rates(0.2, 1.0).message


def test_check_best_learning_rate():
    assert check_best_learning_rate(lambda H: 2 / (np.linalg.eigvalsh(H)[0] + np.linalg.eigvalsh(H)[-1])).correct
    assert check_best_learning_rate(None).correct is None
    assert "stability limit" in check_best_learning_rate(lambda H: 2 / np.linalg.eigvalsh(H)[-1]).message
    assert "one direction" in check_best_learning_rate(lambda H: 1 / np.linalg.eigvalsh(H)[-1]).message
    diagonal_only = check_best_learning_rate(lambda H: 2 / (np.diag(H).min() + np.diag(H).max()))
    assert diagonal_only.correct is False and "not the diagonal" in diagonal_only.message
    assert "too large" in check_best_learning_rate(lambda H: 5.0).message
    assert "one number" in check_best_learning_rate(lambda H: np.ones(2)).message
    assert check_best_learning_rate("0.2").correct is False


def test_check_break_even_steps():
    n, d = BREAK_EVEN_PROBLEM
    exact = least_squares_flops(n, d) / descent_flops(n, d, 1)
    assert check_break_even_steps(exact).correct is True
    assert check_break_even_steps(round(exact)).correct is True
    assert check_break_even_steps(None).correct is None
    assert "Cholesky" in check_break_even_steps(d / 2).message
    assert "too large" in check_break_even_steps(2 * exact).message
