"""surfaces: the chapter 2 loss surfaces, descent paths on them and the verdict on a run."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import numerical_gradient
from backprop.book.run_verdicts import (
    RUN_VERDICTS,
    SURFACE_NAMES,
    VERDICT_LABELS,
    classify_run,
    describe_run,
    learning_rate_of,
    zigzag_fraction,
)
from backprop.book.surfaces import SURFACES, TWO_VALLEYS, as_path, descent_path, get_surface, quadratic_surface

from conftest import HANGUL

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


def test_two_valleys_has_a_local_and_a_global_minimum():
    surface = TWO_VALLEYS
    for w in (-1.7, -0.4, 0.3, 1.2):
        point = np.array([w])
        np.testing.assert_allclose(surface.gradient(point), numerical_gradient(surface.value, point), rtol=1e-6)
        curvature = numerical_gradient(lambda v: surface.gradient(v)[0], point)
        np.testing.assert_allclose(surface.hessian(point), [curvature], rtol=1e-6)
    assert surface.value(np.zeros((3, 1))).shape == (3,) and surface.gradient(np.zeros((3, 1))).shape == (3, 1)
    roots = np.sort(np.roots([4.0, 0.0, -4.0, 0.5]).real)
    np.testing.assert_allclose(surface.gradient(roots[:, None]), 0.0, atol=1e-12)
    assert surface.minimum == (pytest.approx(roots[0]),) and surface.minimum[0] == pytest.approx(-1.0575, abs=1e-4)
    curvatures = [surface.hessian(np.array([r]))[0, 0] for r in roots]
    assert curvatures[0] > 0 > curvatures[1] and curvatures[2] > 0  # minimum, maximum, minimum
    grid = np.linspace(-3, 3, 6001)[:, None]
    assert surface.minimum_value == pytest.approx(surface.value(grid).min(), abs=1e-6)  # the global one
    assert surface.value(np.array([roots[2]])) > surface.minimum_value + 0.9  # the other is only local
    # from its start, descent settles in the shallow valley; from -1.5 it finds the global minimum
    np.testing.assert_allclose(descent_path(surface, 0.05, 200)[-1], [roots[2]], atol=1e-9)
    np.testing.assert_allclose(descent_path(surface, 0.05, 200, start=[-1.5])[-1], [roots[0]], atol=1e-9)
    assert "TWO_VALLEYS" not in SURFACES and surface.name not in SURFACES


def test_stability_limit_is_two_over_the_steepest_curvature_at_the_minimum():
    assert SURFACES["parabola"].stability_limit == 1.0
    assert SURFACES["ravine"].stability_limit == pytest.approx(2 / 9)
    assert SURFACES["banana"].stability_limit == pytest.approx(2 / (6 + np.sqrt(32)))
    assert quadratic_surface([0.5, 4.0]).stability_limit == 0.5


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
    gaps = get_surface(surface).value(path) / get_surface(surface).value(path[0])
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


def test_as_path_checks_a_path_against_its_surface():
    np.testing.assert_array_equal(as_path([1.0, 0.5], SURFACES["parabola"]), [[1.0], [0.5]])
    path = as_path([[1, 2], [3, 4]], SURFACES["ravine"])
    assert path.dtype == np.float64 and path.shape == (2, 2)
    with pytest.raises(ValueError, match=r"path must have shape \(iterates, 2\) for ravine, got shape \(2,\)"):
        as_path([1.0, 0.5], SURFACES["ravine"])


# ---------------------------------------------------------------- verdicts


@pytest.mark.parametrize(
    "surface, rate, steps, verdict",
    [
        ("parabola", 0.01, 30, "slow"),
        ("parabola", 0.2, 30, "converged"),
        ("parabola", 0.5, 1, "converged"),
        ("parabola", 0.8, 30, "converged"),
        ("parabola", 0.8, 3, "oscillating"),
        ("parabola", 0.95, 20, "oscillating"),
        ("parabola", 1.0, 30, "diverged"),  # at 2/a it bounces forever: it does not converge
        ("parabola", 1.0, 1, "diverged"),
        ("parabola", 1.2, 3, "diverged"),
        ("parabola", 2.0, 100, "diverged"),
        ("ravine", 0.1, 30, "slow"),
        ("ravine", 0.2, 100, "converged"),
        ("ravine", 0.2, 10, "oscillating"),
        ("ravine", 0.22, 100, "oscillating"),
        ("ravine", 0.3, 30, "diverged"),
        ("banana", 0.01, 30, "slow"),
        ("banana", 0.2, 100, "diverged"),  # beyond the limit 0.172 at the minimum: it bounces on the floor
        ("banana", 0.2, 3, "diverged"),
        ("banana", 0.15, 100, "converged"),  # just below the limit: it settles
        ("banana", 1.0, 30, "diverged"),
    ],
)
def test_classify_run(surface, rate, steps, verdict):
    path = descent_path(surface, rate, steps)
    assert classify_run(path, surface, steps) == verdict
    assert verdict in RUN_VERDICTS


def test_every_verdict_label_says_whether_the_run_converges():
    assert set(VERDICT_LABELS) == set(RUN_VERDICTS)
    assert VERDICT_LABELS["diverged"].text("en") == str(VERDICT_LABELS["diverged"]) == "Not converging"
    assert VERDICT_LABELS["diverged"].text("ko") == "수렴하지 않음"
    for verdict in ("converged", "slow", "oscillating"):
        assert VERDICT_LABELS[verdict].text("en").startswith("Converg")
        assert "수렴" in VERDICT_LABELS[verdict].text("ko") and "않" not in VERDICT_LABELS[verdict].text("ko")


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.2, 20.0), fraction=st.floats(0.05, 1.45), steps=st.integers(2, 40))
def test_on_a_quadratic_only_rates_below_two_over_a_are_called_converging(a, fraction, steps):
    surface = quadratic_surface([a])
    learning_rate = fraction * 2 / a
    verdict = classify_run(descent_path(surface, learning_rate, steps), surface, steps)
    if fraction >= 1:
        assert verdict == "diverged"
    else:
        assert verdict in ("converged", "slow", "oscillating")
        if fraction > 0.5 and verdict != "converged":  # beyond 1/a every step crosses the minimum
            assert verdict == "oscillating"


def test_learning_rate_of_reads_the_first_step():
    for name, rate in (("parabola", 0.3), ("ravine", 0.215), ("banana", 0.01)):
        assert learning_rate_of(descent_path(name, rate, 5), name) == pytest.approx(rate, rel=1e-12)
    assert learning_rate_of(descent_path("parabola", 1.0, 3), "parabola") == 1.0
    assert learning_rate_of(descent_path("parabola", 0.3, 0), "parabola") is None
    assert learning_rate_of([[0.0], [0.0]], "parabola") is None  # no gradient at the start


def test_an_explicit_learning_rate_overrides_the_one_read_off_the_path():
    path = descent_path("parabola", 0.95, 20)
    assert classify_run(path, "parabola", 20) == "oscillating"
    assert classify_run(path, "parabola", 20, learning_rate=1.0) == "diverged"
    assert "cannot converge" in describe_run(path, "parabola", 20, learning_rate=1.0).text("en")


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
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
        ({"learning_rate": "0.1"}, TypeError, "learning_rate"),
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
        ("parabola", 0.5, 1, "The run converged: the loss fell from 4 to 0 in 1 step."),
        ("ravine", 0.2, 100, "zig-zagging on the way"),
        ("ravine", 0.1, 30, "The run converges, but slowly"),
        ("parabola", 0.95, 10, "The run converges while zig-zagging: each step overshoots the valley floor"),
        ("parabola", 1.0, 10, "The run cannot converge: the learning rate is not below 1, the limit 2/λmax"),
        ("banana", 0.2, 30, "not below 0.172"),
        ("parabola", 1.2, 3, "The run diverges: each step overshoots further; the loss grew from 4 to"),
        ("parabola", 2.0, 100, "The run diverges: each step overshoots further, and the weights blew up after"),
    ],
)
def test_describe_run(surface, rate, steps, phrase):
    assert phrase in describe_run(descent_path(surface, rate, steps), surface, steps).text("en")


# ---------------------------------------------------------------- in English and Korean

ENGLISH_RUN = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")
ENGLISH_WORD = re.compile(r"\b(?:the|is|of|to|and|in|on|from|after|step|steps|run|loss|infinite)\b", re.IGNORECASE)


def assert_korean(text: str):
    assert HANGUL.search(text), text
    assert not ENGLISH_RUN.search(text) and not ENGLISH_WORD.search(text), text


def test_verdict_labels_and_surface_names_are_in_both_languages():
    assert set(SURFACE_NAMES) == set(SURFACES)
    for name, words in SURFACE_NAMES.items():
        assert words.text("en") == name
        assert_korean(words.text("ko"))
    for words in VERDICT_LABELS.values():
        assert_korean(words.text("ko"))
    assert len({words.text("ko") for words in VERDICT_LABELS.values()}) == len(VERDICT_LABELS)


RUNS = [(surface, rate, steps, momentum) for surface in ("parabola", "ravine", "banana")
        for rate in (0.001, 0.05, 0.2, 0.5, 0.95, 1.0, 1.2, 2.0) for steps in (0, 1, 2, 10, 100)
        for momentum in (0.0, 0.9)]


def test_describe_run_says_every_run_in_english_and_korean():
    verdicts = set()
    for surface, rate, steps, momentum in RUNS:
        with np.errstate(all="ignore"):
            path = descent_path(surface, rate, steps, momentum=momentum)
        verdicts.add(classify_run(path, surface, steps, learning_rate=rate, momentum=momentum))
        sentence = describe_run(path, surface, steps, learning_rate=rate, momentum=momentum)
        english, korean = sentence.text("en"), sentence.text("ko")
        assert english.startswith("The run ") and str(sentence) == english
        assert_korean(korean)
        assert korean.startswith("실행이 ")
        numbers = re.findall(r"\d+(?:\.\d+)?(?:e[-+]\d+)?", english)
        assert sorted(numbers) == sorted(re.findall(r"\d+(?:\.\d+)?(?:e[-+]\d+)?", korean)), (english, korean)
    assert verdicts == set(RUN_VERDICTS)


def test_describe_run_counts_steps_in_english_and_not_in_korean():
    one = describe_run(descent_path("parabola", 0.5, 1), "parabola", 1)
    assert one.text("en") == "The run converged: the loss fell from 4 to 0 in 1 step."
    assert one.text("ko") == "실행이 수렴했다. 1 스텝 만에 손실이 4에서 0까지 줄었다."
    blown = describe_run(descent_path("parabola", 1e20, 100), "parabola", 100)
    assert blown.text("en") == ("The run diverges: each step overshoots further, and the weights blew up after "
                                "1 step.")
    assert "1 스텝 뒤에" in blown.text("ko")
    zigzag = describe_run(descent_path("ravine", 0.2, 100), "ravine", 100)
    assert zigzag.text("en").endswith("in 100 steps, zig-zagging on the way.")
    assert "지그재그로 오가며 100 스텝 만에" in zigzag.text("ko")


def test_an_infinite_loss_is_a_word_in_both_languages():
    from backprop.book.run_verdicts import _short

    assert _short(2.0) == "2" and _short(float("inf")).texts() == {"en": "infinite", "ko": "무한대"}
