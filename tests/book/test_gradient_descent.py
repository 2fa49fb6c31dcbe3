"""gradient_descent: the chapter 2 module: its figures, the learning-rate explorer and the self-checks."""

from __future__ import annotations

import ast
import json
import re

import numpy as np
import pytest

from backprop import MLP
from backprop.book import descent_exercises, flops, gradient_descent, minibatch, run_verdicts, surfaces
from backprop.book.explorer_payload import decode_text
from backprop.book.gradient_descent import (
    EXPLORER_LEARNING_RATES,
    EXPLORER_MOMENTA,
    EXPLORER_STEPS,
    LANDMARK_LABELS,
    SURFACES,
    TWO_VALLEYS,
    VERDICT_LABELS,
    XOR_INPUTS,
    XOR_TARGETS,
    blend_networks,
    check_best_learning_rate,
    check_descent_function,
    descent_path,
    learning_rate_explorer,
    plot_descent_path,
    plot_surface,
    quadratic_surface,
    swap_hidden_units,
    train_xor,
    xor_loss,
    xor_network,
)
from backprop.book.mime import STATIC_VIEW
from backprop.book.run_verdicts import RUN_VERDICTS

from conftest import HANGUL, ROOT


def test_the_chapter_imports_its_helpers_from_this_module_only():
    notebook = json.loads((ROOT / "chapters" / "02_gradient_descent.ipynb").read_text(encoding="utf-8"))
    imported = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.ImportFrom) and node.module.startswith("backprop"):
                    imported.setdefault(node.module, set()).update(alias.name for alias in node.names)
    assert set(imported) <= {"backprop", "backprop.book.gradient_descent", "backprop.book.style", "backprop.book.pages"}
    assert imported["backprop.book.gradient_descent"] <= set(gradient_descent.__all__)
    for name in gradient_descent.__all__:  # re-exported, not copied: one definition per name
        owners = [m for m in (gradient_descent, surfaces, run_verdicts, flops, minibatch, descent_exercises)
                  if name in vars(m)]
        assert all(getattr(m, name) is getattr(gradient_descent, name) for m in owners), name


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


def test_plot_surface_labels_the_start_and_the_minimum_for_the_legend(axes):
    plot_surface("ravine", axes)
    labelled = {line.get_label(): line.get_xydata().tolist() for line in axes.lines
                if not line.get_label().startswith("_")}
    assert labelled == {"start": [[-4.5, 1.5]], "minimum": [[0.0, 0.0]]}
    assert set(axes.legend().get_texts()[i].get_text() for i in range(2)) == set(LANDMARK_LABELS.values())
    from matplotlib.figure import Figure

    only_minimum = plot_surface("parabola", Figure().add_subplot(), marks={"minimum": "global minimum"})
    labels = [line.get_label() for line in only_minimum.lines if not line.get_label().startswith("_")]
    assert labels == ["global minimum"]
    with pytest.raises(ValueError, match="marks must name landmarks"):
        plot_surface("parabola", axes, marks={"saddle": "saddle"})


def test_plot_surface_shows_a_curve_that_dips_below_zero(axes):
    plot_surface(TWO_VALLEYS, axes)
    low, high = axes.get_ylim()
    assert low < TWO_VALLEYS.minimum_value < 0 < high
    np.testing.assert_allclose(axes.lines[-1].get_xydata(), [[TWO_VALLEYS.minimum[0], TWO_VALLEYS.minimum_value]])


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

# ---------------------------------------------------------------- the learning-rate explorer


@pytest.fixture(scope="module")
def explorer():
    return learning_rate_explorer()


def frame(payload, surface, eta, steps, beta=0.0):
    names = list(SURFACES)
    key = (f"{names.index(surface)}.{EXPLORER_LEARNING_RATES.index(eta)}.{EXPLORER_STEPS.index(steps)}."
           f"{EXPLORER_MOMENTA.index(beta)}")
    return payload["frames"][key]


def test_static_explorer_has_every_frame_with_its_verdict(explorer):
    payload = explorer.static.payload()
    assert len(payload["frames"]) == (len(SURFACES) * len(EXPLORER_LEARNING_RATES) * len(EXPLORER_STEPS)
                                      * len(EXPLORER_MOMENTA))
    assert {f[1] for f in payload["frames"].values()} == set(RUN_VERDICTS)
    for eta, verdict in ((0.01, "slow"), (0.5, "converged"), (1.0, "diverged"), (1.2, "diverged")):
        assert frame(payload, "parabola", eta, 30)[1] == verdict
    assert frame(payload, "parabola", 0.8, 3)[1] == "oscillating"
    assert payload["verdicts"] == {key: words.texts() for key, words in VERDICT_LABELS.items()}
    caption = frame(payload, "parabola", 1.0, 30)[2]
    assert decode_text(caption, payload["texts"], "en").startswith("The run cannot converge")
    assert decode_text(caption, payload["texts"], "ko").startswith("실행이 수렴할 수 없다")
    assert frame(payload, "ravine", 0.2, 100)[1] == "converged"
    assert frame(payload, "ravine", 0.3, 100)[1] == "diverged"


def test_momentum_moves_the_limit_and_the_verdict_says_so(explorer):
    payload = explorer.static.payload()
    # η = 0.3 is beyond the ravine's 2/λmax = 0.222, but within 2(1 + β)/λmax = 0.333 for β = 0.5.
    assert frame(payload, "ravine", 0.3, 100, 0.0)[1] == "diverged"
    assert frame(payload, "ravine", 0.3, 100, 0.5)[1] == "converged"
    # On the parabola (λ = 2) η = 1.5 is beyond 2/λ = 1: plain descent blows up, the heavy ball with
    # β = 0.9 (limit 1.9) swings and converges; at η = 2 (beyond 1.9) neither settles.
    assert frame(payload, "parabola", 1.5, 100, 0.0)[1] == "diverged"
    assert frame(payload, "parabola", 1.5, 100, 0.9)[1] in ("swinging", "converged")
    assert frame(payload, "parabola", 2.0, 100, 0.9)[1] == "diverged"
    # A large β with a small η overshoots and swings back: said as a swing, not as steps too short.
    verdict, caption = frame(payload, "ravine", 0.05, 30, 0.9)[1:3]
    assert verdict == "swinging"
    assert decode_text(caption, payload["texts"], "en").startswith("The run converges while swinging")
    assert decode_text(caption, payload["texts"], "ko").startswith("실행이")
    # Below the heavy ball's limit a short run may end above its start (it swings out first): on a
    # quadratic it still converges, and the verdict says so; the same rate run longer converges.
    # (Ravine, η = 0.4 < 2(1 + 0.9)/9 = 0.422: 10 steps swing out, 100 converge.)
    assert frame(payload, "ravine", 0.4, 10, 0.9)[1] == "swinging"
    assert frame(payload, "ravine", 0.4, 100, 0.9)[1] in ("swinging", "converged")
    assert frame(payload, "ravine", 0.25, 1, 0.5)[1] == "swinging"
    # A run that bounces at the heavy ball's limit, 2(1 + β)/λ = 1.5 on the parabola with β = 0.5, is
    # told that limit (a bounce drawn by hand: real runs there first swing out beyond their start).
    bouncing = np.array([[2.0], [-2.0]] * 10)
    assert run_verdicts.classify_run(bouncing, "parabola", learning_rate=1.5, momentum=0.5) == "diverged"
    assert run_verdicts.classify_run(bouncing, "parabola", learning_rate=1.49, momentum=0.5) == "swinging"
    # A real run at that limit swings out to ±6 and bounces there: told the limit, not "diverges".
    at_limit = descent_path("parabola", 1.5, 10, momentum=0.5)
    assert run_verdicts.classify_run(at_limit, "parabola", 10, learning_rate=1.5, momentum=0.5) == "diverged"
    assert "cannot converge" in run_verdicts.describe_run(at_limit, "parabola", 10, learning_rate=1.5,
                                                          momentum=0.5).text("en")
    said = run_verdicts.describe_run(bouncing, "parabola", learning_rate=1.5, momentum=0.5)
    assert "2(1 + β)/λmax" in said.text("en") and "1.5" in said.text("en"), said.text("en")


def long_run_converges(surface, rates, momenta, steps=20_000):
    """Whether the heavy ball w <- w - η v, v <- β v + ∇f(w) (v_0 = 0, so the first step is plain
    descent's), run `steps` steps from the surface's start, ends within 1e-4 of the minimum's loss
    gap, for every pair of `rates` and `momenta` at once: a reference independent of the library's
    optimizers, vectorized over the settings."""
    eta, beta = (np.asarray(v, dtype=float)[:, None] for v in np.broadcast_arrays(rates, momenta))
    w = np.tile(np.asarray(surface.start, dtype=float), (len(eta), 1))
    v = np.zeros_like(w)
    with np.errstate(all="ignore"):
        for _ in range(steps):
            v = beta * v + surface.gradient(w)
            w = w - eta * v
            w[~np.isfinite(w).all(axis=1) | (np.abs(w) > 1e6).any(axis=1)] = np.nan  # blown up: stays so
        start_gap = float(surface.value(np.asarray(surface.start, dtype=float))) - surface.minimum_value
        gaps = surface.value(w) - surface.minimum_value
    return np.isfinite(gaps) & (gaps <= 1e-4 * start_gap)


def test_every_verdict_the_explorer_shows_is_what_a_long_run_does(explorer):
    """A frame that says "converging" belongs to a rate and β whose run, carried on for 20,000 steps,
    converges; a frame that says "not converging" to one whose long run does not. One step cannot
    tell on the banana: a heavy ball's first step is plain descent's, the same path, though with
    momentum some of those rates later blow up; those frames, and only those, say "too early to
    tell". A frame that says "converged" has arrived: 200 more steps keep it there, and one that
    blames steps "too short" never overshot the minimum."""
    payload = explorer.static.payload()
    controls = {c["key"]: c["tokens"] for c in payload["controls"]}
    wrong = []
    for s, surface in enumerate(controls["surface"]):
        settings = [(e, b) for e in range(len(controls["eta"])) for b in range(len(controls["beta"]))]
        fates = long_run_converges(SURFACES[surface], [float(controls["eta"][e]) for e, _ in settings],
                                   [float(controls["beta"][b]) for _, b in settings])
        for (e, b), converges in zip(settings, fates):
            for n, steps in enumerate(controls["steps"]):
                frame_ = payload["frames"][f"{s}.{e}.{n}.{b}"]
                shown, setting = frame_[1], (surface, controls["eta"][e], steps, controls["beta"][b])
                early = surface == "banana" and steps == "1" and controls["beta"][b] != "0"
                if (shown == "early") != (early and shown not in ("converged", "diverged")):
                    wrong.append(setting + (shown, "early only for a heavy ball's first step on the banana"))
                if shown != "early" and (shown != "diverged") != converges:
                    wrong.append(setting + (shown, "the long run says otherwise"))
                eta, beta = float(controls["eta"][e]), float(controls["beta"][b])
                if shown == "converged" or "too short" in decode_text(frame_[2], payload["texts"], "en"):
                    with np.errstate(all="ignore"):
                        path = descent_path(surface, eta, int(steps) + 200, momentum=beta)
                    offsets = path - np.asarray(SURFACES[surface].minimum)
                    gaps = SURFACES[surface].value(path) - SURFACES[surface].minimum_value
                    if shown == "converged" and gaps[int(steps):].max() > 1e-3 * gaps[0]:
                        wrong.append(setting + (shown, "leaves the minimum again"))
                    if shown != "converged" and np.any(offsets[1:int(steps) + 1] @ offsets[0] < 0):
                        wrong.append(setting + (shown, "too short, yet it overshot"))
    assert not wrong, wrong


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
    assert defaults == {"surface": "banana", "eta": "0.15", "steps": "10", "beta": "0"}
    payload = learning_rate_explorer("ravine", 0.2, 30, momentum=0.5).static.payload()
    assert {c["key"]: c["tokens"][c["default"]] for c in payload["controls"]}["beta"] == "0.5"


def test_explorer_output_is_deterministic_small_and_free_of_random_ids(explorer):
    bundle = explorer._repr_mimebundle_()
    again = learning_rate_explorer()._repr_mimebundle_()
    assert bundle[STATIC_VIEW] == again[STATIC_VIEW] and bundle["text/plain"] == again["text/plain"]
    assert bundle["text/plain"] == "learning_rate_explorer(surface='ravine', learning_rate=0.1, steps=30)"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle[STATIC_VIEW]
    assert len(page.encode()) < 360_000  # captions as templates and fields, three momenta: about 330 kB
    assert not re.search(r"[0-9a-f]{32}", page)
    assert not re.search(r"https?://", page.replace("http://www.w3.org/2000/svg", "")), "no remote address"
    assert " src=" not in page, "no external script or image"
    assert 'data-explorer="lr"' in page and 'id="lnn-lr-eta"' in page and '<label for="lnn-lr-eta">' in page
    data = re.search(r'<script type="application/json" class="lnn-data">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data.replace("<\\/", "</"))["name"] == "lr"


def test_live_explorer_redraws_on_every_change(explorer):
    live = explorer.live
    assert live.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Converging slowly" in live.caption.value and "η = 0.1:" in live.caption.value
    first = live.image.value
    live.set(eta=0.2, steps=100)
    assert "Converged" in live.caption.value and live.image.value != first
    live.set(surface="parabola", eta=1.5)
    assert "Not converging" in live.caption.value
    live.set(eta=0.37)  # the live slider is continuous: any rate, not only the static grid
    assert "η = 0.37:" in live.caption.value
    live.set(surface="ravine", eta=0.3, steps=100, beta=0.5)  # momentum moves the limit past η = 0.3
    assert "Converged" in live.caption.value and "η = 0.3, β = 0.5:" in live.caption.value
    live.set(beta=0.0)
    assert "Not converging" in live.caption.value and "β" not in live.caption.value


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
        ({"surface": quadratic_surface([2.0], name="parabola")}, ValueError, "custom surface 'parabola'"),
        ({"momentum": 0.95}, ValueError, "momentum must be between 0 and 0.9"),
        ({"momentum": -0.1}, ValueError, "momentum"),
        ({"momentum": "0.5"}, TypeError, "momentum"),
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
    assert "uphill" in check_descent_function(uphill).text("en")
    assert "steps = 0" in check_descent_function(one_extra).text("en")
    assert "in place" in check_descent_function(in_place).text("en")
    assert "raised ZeroDivisionError" in check_descent_function(lambda g, w, r, s: 1 / 0).text("en")
    assert check_descent_function(3).correct is False
    assert check_descent_function(lambda g, w, r, s: [w] * (s + 1)).correct is False


def test_check_best_learning_rate():
    assert check_best_learning_rate(lambda H: 2 / (np.linalg.eigvalsh(H)[0] + np.linalg.eigvalsh(H)[-1])).correct
    assert check_best_learning_rate(None).correct is None
    assert "stability limit" in check_best_learning_rate(lambda H: 2 / np.linalg.eigvalsh(H)[-1]).text("en")
    assert "one direction" in check_best_learning_rate(lambda H: 1 / np.linalg.eigvalsh(H)[-1]).text("en")
    diagonal_only = check_best_learning_rate(lambda H: 2 / (np.diag(H).min() + np.diag(H).max()))
    assert diagonal_only.correct is False and "not the diagonal" in diagonal_only.text("en")
    assert "too large" in check_best_learning_rate(lambda H: 5.0).text("en")
    assert "one number" in check_best_learning_rate(lambda H: np.ones(2)).text("en")
    assert check_best_learning_rate("0.2").correct is False


# ---------------------------------------------------------------- the XOR network


def test_train_xor_is_chapter_one_loop_and_learns_xor():
    network = xor_network(seed=0)
    assert network.sizes == [2, 4, 1] and xor_loss(network) > 0.1
    loss = train_xor(network)
    assert loss == xor_loss(network) < 1e-3
    np.testing.assert_array_equal(np.round(network.forward(XOR_INPUTS)), XOR_TARGETS)
    assert train_xor(xor_network(seed=0), steps=0) == xor_loss(xor_network(seed=0))


def test_equal_weights_stay_equal_under_training():
    tied = xor_network(seed=0)
    for W in tied.weights:
        W[...] = 0.5
    loss = train_xor(tied, steps=500)
    W1 = tied.weights[0]
    np.testing.assert_array_equal(W1, W1[:, :1] * np.ones((1, 4)))
    np.testing.assert_array_equal(tied.weights[1], tied.weights[1][0] * np.ones((4, 1)))
    assert loss > 0.05  # its four units act as one, which cannot draw XOR


def test_swapping_hidden_units_keeps_the_function_and_the_midpoint_is_worse():
    network = xor_network(seed=0)
    train_xor(network)
    swapped = swap_hidden_units(network, 0, 1)
    assert swapped is not network and swapped.weights[0] is not network.weights[0]
    np.testing.assert_array_equal(swapped.weights[0][:, [1, 0, 2, 3]], network.weights[0])
    np.testing.assert_array_equal(swapped.biases[0][[1, 0, 2, 3]], network.biases[0])
    np.testing.assert_array_equal(swapped.weights[1][[1, 0, 2, 3]], network.weights[1])
    np.testing.assert_allclose(swapped.forward(XOR_INPUTS), network.forward(XOR_INPUTS), rtol=1e-12)
    halfway = blend_networks(network, swapped, 0.5)
    assert xor_loss(halfway) > 10 * max(xor_loss(network), xor_loss(swapped))  # not convex
    for t, end in ((0.0, network), (1.0, swapped)):
        np.testing.assert_allclose(blend_networks(network, swapped, t).forward(XOR_INPUTS), end.forward(XOR_INPUTS))
    assert swap_hidden_units(network, 2, 2).weights[0].tolist() == network.weights[0].tolist()


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: xor_loss("net"), TypeError, "network must be an MLP"),
        (lambda: train_xor(xor_network(), steps=-1), ValueError, "steps"),
        (lambda: train_xor(xor_network(), learning_rate=0.0), ValueError, "learning_rate"),
        (lambda: swap_hidden_units(xor_network(), 0, 4), ValueError, "hidden units 0..3"),
        (lambda: swap_hidden_units(MLP([2, 1]), 0, 0), ValueError, "hidden layer"),
        (lambda: blend_networks(xor_network(), MLP([2, 3, 1]), 0.5), ValueError, "same sizes"),
        (lambda: blend_networks(xor_network(), xor_network(), "half"), TypeError, "t"),
        (lambda: blend_networks(None, xor_network(), 0.5), TypeError, "first must be an MLP"),
    ],
)
def test_xor_helpers_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---------------------------------------------------------------- the explorer in English and Korean

ENGLISH_RUN = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")
ENGLISH_WORD = re.compile(r"\b(?:the|is|of|to|and|in|on|from|after|step|steps|run|loss|learning|rate|surface|"
                          r"choose|parabola|ravine|banana)\b", re.IGNORECASE)


def assert_korean(text: str):
    assert HANGUL.search(text), text
    assert not ENGLISH_RUN.search(text) and not ENGLISH_WORD.search(text), text


def test_every_text_of_the_explorer_is_in_english_and_korean(explorer):
    payload = explorer.static.payload()
    texts = [payload["title"]] + [control["label"] for control in payload["controls"]]
    texts += [label for control in payload["controls"] for label in control["labels"] if isinstance(label, dict)]
    texts += list(payload["verdicts"].values()) + [
        {language: decode_text(frame[2], payload["texts"], language) for language in ("en", "ko")}
        for frame in payload["frames"].values()]
    assert len(texts) == 1 + 4 + len(SURFACES) + len(RUN_VERDICTS) + len(payload["frames"])
    for text in texts:
        assert set(text) == {"en", "ko"} and text["en"] and text["ko"], text
        assert not HANGUL.search(text["en"])
        assert_korean(text["ko"])
    assert payload["title"]["en"] == "Gradient descent: choose the learning rate"
    assert [c["label"]["en"] for c in payload["controls"]] == ["loss surface", "learning rate η", "steps",
                                                              "momentum β"]
    assert payload["controls"][0]["labels"][1] == {"en": "ravine, f(w) = (w1² + 9·w2²)/2",
                                                   "ko": "협곡, f(w) = (w1² + 9·w2²)/2"}
    # the slider values are numbers, the same in both languages
    assert all(isinstance(label, str) for control in payload["controls"][1:] for label in control["labels"])


def test_the_static_view_reads_in_either_language(explorer):
    english, korean = explorer.static.to_html(language="en"), explorer.static.to_html(language="ko")
    assert "Gradient descent: choose the learning rate" in english and "경사 하강법: 학습률 고르기" in korean
    assert ">Converging slowly<" in english and ">느리게 수렴 중<" in korean
    assert "The run converges, but slowly: after 30 steps the loss is still 0.0182 (from 20.2)" in english
    assert "30 스텝 뒤에도 손실이 아직 0.0182이다(처음에는 20.2)" in korean
    description = explorer.static.describe(language="ko")
    assert description.startswith("경사 하강법: 학습률 고르기: 손실 곡면 협곡, ")
    assert_korean(description.replace("f(w) = (w1² + 9·w2²)/2", ""))


def test_the_live_explorer_draws_its_verdict_and_caption_in_both_languages():
    figure = gradient_descent._LiveDescentFigure()
    cases = [("ravine", 0.1, 30), ("parabola", 1.5, 30), ("parabola", 0.37, 7), ("banana", 0.2, 1),
             ("ravine", 0.2, 100)]
    english = []
    for surface, eta, steps in cases:
        png, verdict, caption = figure.draw(surface, eta, steps)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        english.append((verdict.text("en"), caption.text("en")))
        assert_korean(verdict.text("ko"))
        assert caption.text("ko").startswith(f"η = {eta:.3g}: 실행이 ")
        assert_korean(caption.text("ko"))
    assert english[0] == ("Converging slowly", "η = 0.1: The run converges, but slowly: after 30 steps the loss is "
                                               "still 0.0182 (from 20.2), as each step is too short.")
    assert english[2] == ("Converged", "η = 0.37: The run converged: the loss fell from 4 to 2.58e-08 in 7 steps.")
    assert english[3][1].endswith("after 1 step the loss is 3.05 (from 6.81).")


def test_the_chapter_can_still_format_verdict_labels_into_its_figures():
    # The chapter writes VERDICT_LABELS into figure titles, legends and a print with f-strings.
    path = descent_path("parabola", 0.05, 20)
    verdict = run_verdicts.classify_run(path, 'parabola', 20)
    assert f"η = 0.05: {VERDICT_LABELS[verdict]}" == "η = 0.05: Converging slowly"
