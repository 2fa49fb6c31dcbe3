"""Chapter 5's explorer of gradient size by layer: verdicts, captions, static and live views
(backprop.book.gradient_explorer)."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pytest

from backprop.book.explorer_payload import decode_text
from backprop.book.gradient_explorer import (
    EXPLORER_ACTIVATIONS,
    EXPLORER_DEPTHS,
    EXPLORER_INITS,
    GRADIENT_VERDICTS,
    LEVEL_WITHIN,
    describe_gradients,
    gradient_verdict,
    profile_ratio,
    vanishing_gradient_explorer,
)
from backprop.book.language import Text, set_language
from backprop.book.layer_gradients import gradient_profile
from backprop.book.mime import STATIC_VIEW

from conftest import HANGUL, contrast


@pytest.fixture(scope="module")
def explorer():
    return vanishing_gradient_explorer()


def decoded(payload, caption):
    """A frame's caption as {language: text}, read back from the payload's compact form."""
    return {language: decode_text(caption, payload["texts"], language) for language in ("en", "ko")}


def frame(payload, depth, activation, init):
    key = (f"{EXPLORER_DEPTHS.index(depth)}.{list(EXPLORER_ACTIVATIONS).index(activation)}."
           f"{list(EXPLORER_INITS).index(init)}")
    return payload["frames"][key]


@pytest.mark.parametrize("norms, verdict", [
    ([1e-6, 1e-4, 1e-2, 0.5], "vanishing"),   # steeply shrinking towards the input
    ([1e-2, 3e-2, 0.05, 0.5], "flowing"),     # level within 10x, of a size that learns (output left out)
    ([5.0, 0.5, 0.05, 0.5], "growing"),       # steeply growing towards the input
    ([2e-7, 1e-7, 1.5e-7, 0.5], "tiny"),      # flat but small: every layer starves
    ([5e7, 1e8, 1.3e8, 0.5], "huge"),         # flat but large: identity + He at depth 30
    ([1e-6, 0.5], "vanishing"),               # one hidden layer: compared with the output layer
    ([0.5, 1.0], "flowing"),
])
def test_gradient_verdict_on_crafted_profiles(norms, verdict):
    assert gradient_verdict(norms) == verdict
    assert GRADIENT_VERDICTS[verdict]


def test_the_verdict_follows_from_the_ratio_and_the_sentence_states_both():
    assert profile_ratio([1e-6, 1e-4, 1e-2, 0.5]) == pytest.approx(1e-4)
    assert profile_ratio([1e-6, 0.5]) == pytest.approx(2e-6)
    text = str(describe_gradients([1e-6, 1e-4, 1e-2, 0.5]))
    assert "1.0e-06" in text and "0.01" in text and "1.0e-04 times" in text and "shrinks" in text
    assert "starve" in str(describe_gradients([2e-7, 1e-7, 1.5e-7, 0.5]))
    assert "throw the weights away" in str(describe_gradients([5e7, 1e8, 1.3e8, 0.5]))
    assert "cut off" in str(describe_gradients([1e-20, 1e-3, 0.5]))
    with pytest.raises(ValueError, match="norms"):
        gradient_verdict([])
    with pytest.raises(ValueError, match="negative"):
        gradient_verdict([-1.0, 1.0])


def test_static_explorer_has_every_frame_with_its_verdict(explorer):
    payload = explorer.static.payload()
    assert len(payload["frames"]) == len(EXPLORER_DEPTHS) * len(EXPLORER_ACTIVATIONS) * len(EXPLORER_INITS)
    assert frame(payload, 10, "sigmoid", "xavier")[1] == "vanishing"
    assert frame(payload, 10, "relu", "he")[1] == "flowing"
    assert frame(payload, 30, "relu", "xavier")[1] == "tiny"
    assert frame(payload, 30, "identity", "he")[1] == "huge"
    for depth in EXPLORER_DEPTHS:
        if depth >= 4:  # a reader was told sigmoid/Xavier at depth 4 "flows" while its first layer got 0.002x
            assert frame(payload, depth, "sigmoid", "xavier")[1] == "vanishing"
    # A frame's bars decode (running sums of log10 values times the quantum) to the gradient profile.
    view_index, _, caption, layers = frame(payload, 10, "sigmoid", "xavier")
    view = payload["views"][view_index]
    assert view["yscale"] == "log" and view["xlim"] == [-0.5, 9.5]
    heights = 10 ** (np.cumsum(payload["series"][layers[0][2]]) * view["quantum"][1])
    # the log axis is quantized to 0.01 decades: at most half a step, 10**0.005 - 1 = 1.16%, off
    np.testing.assert_allclose(heights, gradient_profile(10, "sigmoid", "xavier", seed=1), rtol=0.0116)
    assert decoded(payload, caption) == describe_gradients(gradient_profile(10, "sigmoid", "xavier", seed=1)).texts()


def test_no_frame_has_a_verdict_that_its_own_profile_contradicts(explorer):
    payload = explorer.static.payload()
    for depth in EXPLORER_DEPTHS:
        for activation in EXPLORER_ACTIVATIONS:
            for init in EXPLORER_INITS:
                norms = gradient_profile(depth, activation, init, seed=1)
                _, verdict, caption, _ = frame(payload, depth, activation, init)
                ratio = profile_ratio(norms)
                assert verdict == gradient_verdict(norms)
                assert (verdict == "vanishing") == (ratio < 1 / LEVEL_WITHIN)
                assert (verdict == "growing") == (ratio > LEVEL_WITHIN)
                caption = decoded(payload, caption)
                assert caption == describe_gradients(norms).texts()
                words = {"vanishing": "shrinks", "growing": "grows", "flowing": "similar speeds",
                         "tiny": "starve", "huge": "throw the weights away"}
                assert words[verdict] in caption["en"], (depth, activation, init)


def test_static_explorer_defaults_follow_the_arguments():
    payload = vanishing_gradient_explorer(20, "relu", "he").static.payload()
    defaults = {c["key"]: c["tokens"][c["default"]] for c in payload["controls"]}
    assert defaults == {"depth": "20", "activation": "relu", "init": "he"}


def test_explorer_output_is_deterministic_small_and_free_of_random_ids(explorer):
    bundle = explorer._repr_mimebundle_()
    again = vanishing_gradient_explorer()._repr_mimebundle_()
    assert bundle[STATIC_VIEW] == again[STATIC_VIEW] and bundle["text/plain"] == again["text/plain"]
    assert bundle["text/plain"] == "vanishing_gradient_explorer(depth=10, activation='sigmoid', init='xavier')"
    page = bundle[STATIC_VIEW]
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
    assert str(describe_gradients(gradient_profile(13, "relu", "he", seed=1))) in live.caption.value


ENGLISH_RUN = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # three English words in a row: a sentence left over
NAMES = {"tanh", "ReLU", "Xavier (Glorot)", "He"}  # option labels that are names, the same in both languages


def test_every_caption_verdict_and_label_is_in_both_languages(explorer):
    payload = explorer.static.payload()
    for _, _, encoded, _ in payload["frames"].values():
        caption = {language: decode_text(encoded, payload["texts"], language) for language in ("en", "ko")}
        assert set(caption) == {"en", "ko"} and caption["en"] and HANGUL.search(caption["ko"]), caption
        assert not HANGUL.search(caption["en"]) and not ENGLISH_RUN.search(caption["ko"]), caption
    texts = [payload["title"], *payload["verdicts"].values(), *(c["label"] for c in payload["controls"])]
    for text in texts:
        assert set(text) == {"en", "ko"} and text["en"] and HANGUL.search(text["ko"]), text
    assert set(payload["verdicts"]) == set(GRADIENT_VERDICTS)
    for control in payload["controls"]:
        for label in control["labels"]:
            if isinstance(label, dict):
                assert label["en"] and HANGUL.search(label["ko"]), label
            elif control["kind"] == "select":
                assert label in NAMES, label
    for options in (EXPLORER_ACTIVATIONS, EXPLORER_INITS):
        assert all(isinstance(label, Text) or label in NAMES for label in options.values())
    assert all(isinstance(words, Text) for words in GRADIENT_VERDICTS.values())


def test_the_explorer_keeps_its_english_words():
    payload = vanishing_gradient_explorer().static.payload()
    assert payload["title"]["en"] == "Gradient size by layer at initialization"
    assert [c["label"]["en"] for c in payload["controls"]] == ["depth (layers)", "activation", "initialization"]
    assert {key: words["en"] for key, words in payload["verdicts"].items()} == {
        "vanishing": "Vanishing", "growing": "Growing", "flowing": "Flowing", "tiny": "Level but tiny",
        "huge": "Level but huge"}
    activations = [label if isinstance(label, str) else label["en"] for label in payload["controls"][1]["labels"]]
    assert activations == ["sigmoid", "tanh", "ReLU", "leaky ReLU", "none (linear)"]
    assert describe_gradients([1e-2, 3e-2, 0.05, 0.5]).texts() == {
        "en": "Layer 1 gets a gradient of 0.01, the last hidden layer 0.05: 0.2 times as much. Within a factor of 10, "
              "and every hidden layer between 0.0001 and 100: all layers learn at similar speeds.",
        "ko": "1층의 기울기는 0.01, 마지막 은닉층의 기울기는 0.05이다. 1층은 그 0.2배를 받는다. 차이가 10배 이내이고, "
              "모든 은닉층의 기울기가 0.0001에서 100까지의 범위에 있다. 모든 층이 비슷한 속도로 학습한다.",
    }


def test_the_static_view_and_the_live_caption_are_written_in_the_readers_language():
    explorer = vanishing_gradient_explorer()
    korean = explorer.static.to_html("ko")
    assert "초기화 직후 층별 기울기 크기" in korean and ">기울기 소실<" in korean and "1층의 기울기는" in korean
    assert ">Vanishing<" in explorer.static.to_html() and "Layer 1 gets" in explorer.static.to_html()
    set_language("ko")
    try:
        live = explorer.live
        live.set(depth=13)
        assert "<strong>기울기 소실</strong> 1층의 기울기는" in live.caption.value
    finally:
        set_language(None)


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


def test_every_verdict_has_its_own_colour_in_the_stylesheet_readable_on_the_panel():
    # Without a rule of its own a verdict falls back to the grey of .lnn-verdict.
    css = resources.files("backprop.book").joinpath("static/explorer.css").read_text(encoding="utf-8")
    panel = re.search(r"\.lnn-explorer \{[^}]*background: (#[0-9a-f]{6})", css).group(1)
    colours = {}
    for verdict in GRADIENT_VERDICTS:
        rule = re.search(rf"\.lnn-verdict\[data-verdict={verdict}\] \{{ border-left-color: (#[0-9a-f]{{6}}); \}}", css)
        assert rule, f"no colour for the verdict {verdict!r} in explorer.css"
        colours[verdict] = rule.group(1)
        assert contrast(colours[verdict], panel) >= 4.5, verdict
    assert len(set(colours.values())) == len(colours)
