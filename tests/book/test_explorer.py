"""explorer: controls, compact frames, the static HTML view, and the bundle that joins it to the live view."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from backprop.book.explorer import Frame, StaticExplorer, View, bars, line, points
from backprop.book.explorer_controls import Control, select, slider

# ---------------------------------------------------------------- controls


def test_slider_and_select():
    rate = slider("eta", "learning rate", [0.01, 0.1, 1.0], default=0.2, log=True)
    assert (rate.kind, rate.default, rate.tokens, rate.labels) == ("log-slider", 1, ("0.01", "0.1", "1"),
                                                                    ("0.01", "0.1", "1"))
    assert rate.index(0.5) == 2 and rate.index(0.02) == 0  # nearest in log scale: 0.02 is nearer 0.01
    steps = slider("steps", "steps", [1, 10, 100])
    assert steps.values == (1, 10, 100) and isinstance(steps.values[0], int) and steps.default == 1
    assert steps.index(40) == 1  # nearest on a linear scale
    shape = select("shape", "shape", {"low": "a low one", "high": "a high one"}, default="high")
    assert (shape.kind, shape.default, shape.tokens, shape.labels) == ("select", 1, ("low", "high"),
                                                                       ("a low one", "a high one"))
    assert slider("x", "x", [0.5, 1.5], fmt="{:.2f}").labels == ("0.50", "1.50")


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: slider("eta", "η", [1.0]), ValueError, "at least two increasing"),
        (lambda: slider("eta", "η", [2.0, 1.0]), ValueError, "increasing"),
        (lambda: slider("eta", "η", [0.0, 1.0], log=True), ValueError, "positive"),
        (lambda: slider("eta", "η", [np.nan, 1.0]), ValueError, "finite"),
        (lambda: slider("Eta", "η", [1.0, 2.0]), ValueError, "key must be lowercase"),
        (lambda: slider("eta", "η", [1.0, 2.0], default=-1.0, log=True), ValueError, "positive"),
        (lambda: slider("eta", "η", [1.0, 2.0], default="1"), TypeError, "finite number"),
        (lambda: select("shape", "shape", ["low"]), TypeError, "dict"),
        (lambda: select("shape", "shape", {}), TypeError, "non-empty"),
        (lambda: select("shape", "shape", {"Low value": "x"}), ValueError, "option value"),
        (lambda: select("shape", "shape", {"low": "x"}, default="high"), ValueError, "one of"),
    ],
)
def test_controls_bad_input(make, error, match):
    with pytest.raises(error, match=match):
        make()


# ---------------------------------------------------------------- layers and a toy explorer


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: line(np.zeros((3, 3))), ValueError, r"shape \(n, 2\)"),
        (lambda: line([[0.0, np.inf]]), ValueError, "finite"),
        (lambda: line(np.zeros((3, 2)), style="rainbow"), ValueError, "unknown style"),
        (lambda: line(np.zeros((3, 2)), count=-1), ValueError, "count"),
        (lambda: bars(np.zeros((3, 2))), ValueError, r"shape \(n,\)"),
    ],
)
def test_layers_bad_input(make, error, match):
    with pytest.raises(error, match=match):
        make()


CONTROLS = [
    select("kind", "kind", {"bars": "bar chart", "path": "a path"}),
    slider("n", "points", [1, 2, 4], default=4),
]
VIEWS = {
    "chart": View(xlim=(-0.5, 2.5), ylim=(1e-3, 10.0), yscale="log", ylabel="size",
                  xticks=((0, "one"), (1, "two"), (2, "three"))),
    "plane": View(xlim=(-1.0, 1.0), ylim=(-1.0, 1.0), xlabel="x", ylabel="y",
                  background=(line([[-1.0, 0.0], [1.0, 0.0]], "reference"), points([[0.0, 0.0]], "target"))),
}
PATH = np.array([[-0.9, 0.5], [-0.4, -0.25], [0.1234, 0.1], [0.12342, 0.1], [0.12342, 0.1]])


def toy_frame(kind, n):
    if kind == "bars":
        return Frame("chart", (bars([0.01 * n, 0.1 * n, 1.0 * n]),), f"{n} </script> & <b>", "big" if n > 2 else "")
    return Frame("plane", (line(PATH, "path", count=n + 1),), f"a path of {n} steps", "ok")


def toy(state=None, name="toy"):
    return StaticExplorer(name, "A toy", CONTROLS, VIEWS, toy_frame, verdicts={"ok": "All good", "big": "Big"},
                          state=state)


def decode(payload, layer):
    """Undo the series encoding as the JavaScript does: running sums times the quantum (10** on log axes)."""
    kind, _, index, _ = layer
    view = payload["views"][0 if kind == "bars" else 1]
    values = np.array(payload["series"][index], dtype=float)
    if kind == "bars":
        return 10 ** (np.cumsum(values) * view["quantum"][1])
    return np.cumsum(values.reshape(-1, 2), axis=0) * view["quantum"]


def test_payload_holds_every_frame_and_decodes_to_the_data():
    payload = toy().payload()
    assert set(payload["frames"]) == {f"{i}.{j}" for i in range(2) for j in range(3)}
    view, verdict, caption, layers = payload["frames"]["1.2"]
    assert (view, verdict, caption, layers[0][0], layers[0][1], layers[0][3]) == (1, "ok", "a path of 4 steps",
                                                                                  "line", "path", 5)
    drawn = decode(payload, layers[0])
    assert len(drawn) == 3  # the two last points round to the same place and are not stored again
    np.testing.assert_allclose(drawn, PATH[:3], atol=0.5 * payload["views"][1]["quantum"][0] + 1e-12)
    heights = decode(payload, payload["frames"]["0.1"][3][0])
    np.testing.assert_allclose(heights, [0.02, 0.2, 2.0], rtol=2e-3)
    assert payload["views"][0]["xticks"] == [[0, "one"], [1, "two"], [2, "three"]]
    assert [t[1] for t in payload["views"][1]["xticks"]] == ["-1", "-0.5", "0", "0.5", "1"]


def test_frames_share_identical_series_and_views_keep_their_own():
    payload = toy().payload()
    path_series = {payload["frames"][f"1.{j}"][3][0][2] for j in range(3)}
    assert len(path_series) == 1  # one path, drawn to different counts
    background = [layer[2] for layer in payload["views"][1]["background"]]
    assert len(set(background) | path_series) == 3


def test_html_is_self_contained_labelled_and_deterministic():
    page = toy().to_html()
    assert page == toy().to_html()
    root = '<div class="lnn-explorer" id="lnn-toy" data-explorer="toy" data-state="toy.kind=bars&amp;toy.n=4"'
    assert page.startswith(root)
    for key in ("kind", "n"):
        assert f'<label for="lnn-toy-{key}">' in page and f'id="lnn-toy-{key}" data-control="{key}"' in page
    assert '<input type="range" id="lnn-toy-n" data-control="n" min="0" max="2" step="1" value="2"' in page
    assert '<option value="0" selected>bar chart</option>' in page
    assert 'role="img" aria-label="A toy: kind bar chart, points 4. Big. 4 &lt;/script&gt; &amp; &lt;b&gt;"' in page
    assert 'data-verdict="big">Big</span>' in page
    assert re.findall(r'id="([^"]+)"', page) == ["lnn-toy", "lnn-toy-title", "lnn-toy-kind", "lnn-toy-n",
                                                 "lnn-toy-n-value", "lnn-toy-figure"]
    data = re.search(r'<script type="application/json" class="lnn-data">(.*?)</script>', page, re.S).group(1)
    assert "</script>" not in data and json.loads(data) == json.loads(json.dumps(toy().payload()))
    assert not re.search(r"https?://", page.replace("http://www.w3.org/2000/svg", ""))
    assert " src=" not in page and "require" not in page


def test_state_picks_the_nearest_grid_values():
    explorer = toy(state={"kind": "path", "n": 3.5})
    assert explorer.state == {"kind": 1, "n": 2}
    assert explorer.describe() == "A toy: kind a path, points 4. All good. a path of 4 steps"
    assert explorer.describe({"kind": 0, "n": 0}) == "A toy: kind bar chart, points 1. 1 </script> & <b>"


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"name": "Toy One"}, ValueError, "name must be lowercase"),
        ({"controls": []}, TypeError, "non-empty list of Control"),
        ({"controls": [CONTROLS[0], CONTROLS[0]]}, ValueError, "unique"),
        ({"views": {}}, TypeError, "views"),
        ({"frame": "frame"}, TypeError, "frame must be a function"),
        ({"state": {"colour": "red"}}, ValueError, "unknown control 'colour'"),
        ({"state": {"kind": "line"}}, ValueError, "kind must be one of"),
    ],
)
def test_static_explorer_bad_input(kwargs, error, match):
    args = {"name": "toy", "title": "A toy", "controls": CONTROLS, "views": VIEWS, "frame": toy_frame} | kwargs
    with pytest.raises(error, match=match):
        StaticExplorer(**args)


@pytest.mark.parametrize(
    "frame, error, match",
    [
        (lambda kind, n: "not a frame", TypeError, "must return a Frame"),
        (lambda kind, n: Frame("elsewhere", (), ""), ValueError, "unknown frame view"),
    ],
)
def test_bad_frames_are_reported(frame, error, match):
    with pytest.raises(error, match=match):
        StaticExplorer("toy", "A toy", CONTROLS, VIEWS, frame).payload()


# ---------------------------------------------------------------- live view and the joint object


def test_control_is_a_plain_record():
    control = Control("k", "label", "select", ("a",), ("A",))
    assert control.default == 0 and control.tokens == ("a",)
