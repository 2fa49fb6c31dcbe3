"""The backward pass one node at a time (frames) and its kernel-free HTML player."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from backprop import Value
from backprop.book.backward_player import (
    BackwardFrame,
    BackwardPlayer,
    backward_frames,
    backward_player,
)
from backprop.book.backward_svg import ARROW_GAP
from backprop.book.chain_rule import breadth_first_order, stacked_diamonds
from backprop.book.graph_drawing import EDGE_STYLES, NODE_STYLES
from backprop.book.language import set_language
from backprop.book.mime import STATIC_VIEW
from backprop.book.value_graphs import graph_edges, graph_nodes

from conftest import HANGUL, skip_graph

SWISH_UNIT = """
from backprop import Value
w, x, b = Value(0.8, label="w"), Value(1.5, label="x"), Value(-0.5, label="b")
z = w * x + b
z.label = "z"
s = z.sigmoid()
s.label = "s"
o = z * s
o.label = "o"
"""


def swish_unit():
    namespace = {}
    exec(SWISH_UNIT, namespace)
    return namespace["o"]


def static(name):
    return resources.files("backprop.book").joinpath("static", name).read_text(encoding="utf-8")


def payload(html):
    found = re.search(r'<script type="application/json" class="lnn-data">(.*?)</script>', html, flags=re.S)
    return json.loads(found.group(1))


# -- frames --


def test_backward_frames_visit_each_node_once_and_end_with_backwards_gradients():
    x, m, p, q, L = skip_graph()
    frames = backward_frames(L)
    nodes = graph_nodes(L)
    assert all(isinstance(f, BackwardFrame) for f in frames)
    assert sorted(f.visited for f in frames) == list(range(len(nodes)))
    assert all(f.complete for f in frames) and "Wrong order" not in " ".join(str(f.caption) for f in frames)
    L.backward()
    np.testing.assert_allclose(frames[-1].grads, [n.grad for n in nodes], rtol=1e-12)
    edges = graph_edges(L)
    for frame in frames:
        assert all(edges[j].target is nodes[frame.visited] for j in frame.edges)
        assert len(frame.edges) == len(nodes[frame.visited].inputs)
    assert frames[0].caption.text("en").startswith("Step 1: start at the output L")
    assert frames[0].caption.text("en").endswith(
        "L = m + q sends 1.000 × 1.000 = 1.000 to m; 1.000 × 1.000 = 1.000 to q.")
    assert frames[-1].caption.text("en").endswith("x is an input: nothing to send on.")


def test_backward_frames_in_a_wrong_order_say_so():
    x, m, p, q, L = skip_graph()
    frames = backward_frames(L, breadth_first_order(L))
    incomplete = [f for f in frames if not f.complete]
    assert len(incomplete) == 1 and "Wrong order: p" in incomplete[0].caption.text("en")
    assert graph_nodes(L)[incomplete[0].visited] is m
    assert x.grad == 0.0  # frames never touch .grad


def test_frame_captions_put_negative_factors_in_parentheses():
    a, b = Value(2.0, label="a"), Value(-1.0, label="b")
    out = a * b
    out.label = "out"
    caption = backward_frames(out, digits=2)[0].caption.text("en")
    assert "1.00 × (-1.00) = -1.00 to a; 1.00 × 2.00 = 2.00 to b." in caption


# -- the player --


def test_player_has_one_frame_per_visited_node_and_follows_its_dom_contract():
    out = swish_unit()
    player = backward_player(out)
    bundle = player._repr_mimebundle_()
    html = bundle[STATIC_VIEW]
    assert html == player.html and bundle["image/png"].startswith(b"\x89PNG")
    nodes, edges = graph_nodes(out), graph_edges(out)
    n = len(nodes)
    assert isinstance(player, BackwardPlayer) and len(player.frames) == n and player.name == "backward-o"
    assert html.startswith('<div class="lnn-player" id="lnn-backward-o" data-player="backward-o" '
                           f'data-frame-count="{n}" data-frame="0" data-playing="false">')
    assert html.endswith("</div>")
    for action, label in [("first", "First"), ("prev", "Previous"), ("play", "Play"), ("next", "Next"),
                          ("last", "Last")]:
        button = re.search(rf'<button type="button" data-action="{action}">(.*?)</button>', html)
        named_by = re.sub(r'<span class="lnn-icon" aria-hidden="true">[^<]*</span>', "", button.group(1)).strip()
        assert named_by == f'<span data-role="label">{label}</span>'  # the icon is hidden from screen readers
    assert '<label for="lnn-backward-o-step">Step</label>' in html
    assert (f'<input type="range" id="lnn-backward-o-step" data-role="step" min="0" max="{n - 1}" step="1" value="0" '
            f'aria-valuetext="Step 1 of {n}">') in html
    assert f'data-role="counter">Step 1 of {n}</output>' in html
    assert re.search(r'<p class="lnn-status" aria-live="polite"><span data-role="caption">Step 1: start', html)
    svg = re.search(r'<svg data-role="figure" id="lnn-backward-o-figure" role="img" aria-label="([^"]*)"', html)
    assert svg and svg.group(1).startswith("Computational graph of o") and "Step 1: start" in svg.group(1)
    assert re.search(r"<title>Computational graph of o[^<]*Step 1: start", html)
    states = re.findall(r'<g data-role="node" data-node="(\d+)" data-state="(\w+)">', html)
    assert states == [(str(i), "current" if i == n - 1 else "pending") for i in range(n)]
    shown = re.findall(r'<text data-role="grad" [^>]*>grad ([^<]*)</text>', html)
    assert shown == [f"{g:.3f}" for g in player.frames[0].grads] and shown[-1] == "1.000"
    active = re.findall(r'<g data-role="edge" data-edge="(\d+)" data-active="(\w+)">', html)
    assert [j for j, a in active if a == "true"] == [str(j) for j, e in enumerate(edges) if e.target is out]
    assert len(active) == len(edges)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and all(i == "lnn-backward-o" or i.startswith("lnn-backward-o-") for i in ids)
    assert '<noscript>' in html


def test_player_frames_hold_every_step_of_the_backward_pass():
    out = swish_unit()
    player = backward_player(out, digits=4, interval_ms=500)
    data = payload(player.html)
    nodes = graph_nodes(out)
    assert data["interval"] == 500 and data["states"] == {"p": "pending", "c": "current", "d": "done"}
    assert len(data["frames"]) == len(player.frames) == len(nodes)
    for k, (encoded, frame) in enumerate(zip(data["frames"], player.frames)):
        assert encoded["states"].count("c") == 1 and encoded["states"].index("c") == frame.visited
        assert encoded["states"].count("d") == k and len(encoded["states"]) == len(nodes)
        assert encoded["edges"] == list(frame.edges) and encoded["caption"] == frame.caption.texts()
    out.backward()
    assert data["frames"][-1]["grads"] == [f"{node.grad:.4f}" for node in nodes]


def test_player_is_self_contained_and_styled_only_by_its_stylesheet():
    html = backward_player(swish_unit()).html
    assert len(html.encode()) < 100_000
    assert "http://" not in html and "https://" not in html and "xmlns" not in html
    assert not re.search(r"\s(style|src|href)=", html) and "<link" not in html and "<img" not in html
    assert f"<style>{static('backward_player.css')}</style>" in html
    assert f"<script>{static('backward_player.js')}</script>" in html
    data = html.split('<script type="application/json" class="lnn-data">')[1].split("</script>")[0]
    assert "</" not in data and json.loads(data) == payload(html)  # the JSON cannot close its script early


def test_player_html_is_the_same_bytes_on_every_run():
    html = backward_player(swish_unit()).html
    assert html == backward_player(swish_unit()).html
    code = SWISH_UNIT + "import sys\nfrom backprop.book.backward_player import backward_player\n" \
                        "sys.stdout.write(backward_player(o).html)\n"
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                           cwd=Path(__file__).resolve().parent, encoding="utf-8")
    assert other.stdout == html


def test_the_player_needs_no_matplotlib():
    code = ("import sys\nfrom backprop import Value\nfrom backprop.book.backward_player import backward_player\n"
            "backward_player(Value(1.0, label='a') * 2.0)\nassert 'matplotlib' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_arrows_run_from_box_edge_to_box_edge_forward_and_backward():
    out = swish_unit()
    html = backward_player(out).html
    boxes = [tuple(float(v) for v in box) for box in
             re.findall(r'<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"', html)]

    def arrows(direction):
        return re.findall(rf'<g class="lnn-{direction}"><path class="lnn-line" d="M ([\d.-]+) ([\d.-]+) Q [\d. -]+"/>'
                          r'<path class="lnn-head" d="M ([\d.-]+) ([\d.-]+) L', html)

    nodes = graph_nodes(out)
    index = {node: i for i, node in enumerate(nodes)}

    def gap(point, box):  # distance from a point outside a box to the box's outline
        x, y, w, h = box
        dx = max(x - point[0], 0.0, point[0] - (x + w))
        dy = max(y - point[1], 0.0, point[1] - (y + h))
        return (dx * dx + dy * dy) ** 0.5

    forward, backward = arrows("forward"), arrows("backward")
    assert len(boxes) == len(nodes) and len(forward) == len(backward) == len(graph_edges(out))
    for edge, (sx, sy, tx, ty), (bx, by, ix, iy) in zip(graph_edges(out), forward, backward):
        assert gap((float(sx), float(sy)), boxes[index[edge.source]]) < 0.1
        assert 0.0 < gap((float(tx), float(ty)), boxes[index[edge.target]]) <= ARROW_GAP + 0.01  # the tip's gap
        # the backward arrow leaves the consumer and its head points at the input
        assert gap((float(bx), float(by)), boxes[index[edge.target]]) < 0.1
        assert 0.0 < gap((float(ix), float(iy)), boxes[index[edge.source]]) <= ARROW_GAP + 0.01


def test_an_edge_shows_its_backward_arrow_only_while_its_gradient_goes_back():
    css = static("backward_player.css")
    rule = re.search(r"([^}]*)\{ display: none; \}", css).group(1)
    selectors = {selector.strip() for selector in rule.split(",")}
    assert selectors == {".lnn-player [data-role=edge][data-active=true] .lnn-forward",
                         ".lnn-player [data-role=edge][data-active=false] .lnn-backward"}
    html = backward_player(swish_unit()).html
    edges = re.findall(r'<g data-role="edge" data-edge="\d+" data-active="\w+">(<g class="lnn-(\w+)">.*?</g>)'
                       r'(<g class="lnn-(\w+)">.*?</g>)</g>', html)
    assert edges and all((first, second) == ("forward", "backward") for _, first, _, second in edges)
    assert "pointing backward, to its inputs" in payload(html)["label"]["en"]


def test_stylesheet_colours_the_states_as_draw_graph_does():
    css = static("backward_player.css")
    for state in ("current", "done"):
        fill, stroke, width = NODE_STYLES[state]
        rule = re.search(rf"\[data-state={state}\] rect \{{([^}}]*)\}}", css).group(1)
        assert f"fill: {fill}" in rule and f"stroke: {stroke}" in rule and f"stroke-width: {width:g}" in rule
    fill, stroke, width = NODE_STYLES["pending"]
    rule = re.search(r"\[data-role=node\] rect \{([^}]*)\}", css).group(1)
    assert f"fill: {fill}" in rule and f"stroke: {stroke}" in rule and f"stroke-width: {width:g}" in rule
    for selector, (colour, width) in [(r"\[data-role=edge\] \.lnn-line", EDGE_STYLES["normal"]),
                                      (r"\[data-active=true\] \.lnn-line", EDGE_STYLES["active"])]:
        rule = re.search(selector + r" \{([^}]*)\}", css).group(1)
        assert f"stroke: {colour}" in rule and f"stroke-width: {width:g}" in rule


def test_script_follows_the_explorers_conventions():
    script = static("backward_player.js")
    assert '"use strict"' in script and 'document.querySelectorAll(".lnn-player")' in script
    assert 'root.setAttribute("data-ready", "true")' in script
    assert ".style" not in script and "innerHTML" not in script and "http" not in script


def test_names_make_the_ids_and_another_order_gets_other_ids():
    x, m, p, q, L = skip_graph()
    right, wrong = backward_player(L), backward_player(L, breadth_first_order(L))
    assert right.name == "backward-l" and re.fullmatch(r"backward-l-[0-9a-f]{6}", wrong.name)
    assert wrong.name == backward_player(L, breadth_first_order(L)).name
    named = backward_player(L, name="my-player")
    assert named.name == "my-player" and 'id="lnn-my-player-step"' in named.html
    assert backward_player(Value(2.0) * 3.0).name == "backward-n2"  # an unlabelled output
    assert backward_player(Value(2.0, label="σ")).name == "backward"  # a name with no letter a-z


def test_player_escapes_names_in_its_html():
    a = Value(1.0, label="a<b")
    out = a * 2.0
    out.label = "o&p"
    html = backward_player(out).html
    assert "a&lt;b" in html and "o&amp;p" in html and "a<b" not in html.split('class="lnn-data">')[0]


def test_player_of_a_wrong_order_warns_in_its_captions():
    *_, L = skip_graph()
    player = backward_player(L, breadth_first_order(L))
    assert sum("Wrong order" in str(frame.caption) for frame in player.frames) == 1
    assert repr(player) == "BackwardPlayer: 5 frames, one per node visited: L, m, q, x, p"
    assert "Wrong order" in json.dumps(payload(player.html), ensure_ascii=False)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: backward_player(3.0), TypeError, "output must be a Value"),
        (lambda: backward_player(swish_unit(), interval_ms=10), ValueError, "interval_ms"),
        (lambda: backward_player(swish_unit(), order=[Value(1.0)]), ValueError, "order must list each"),
        (lambda: backward_player(swish_unit(), name="Bad name"), ValueError, "name must be lowercase"),
        (lambda: backward_player(swish_unit(), name=3), ValueError, "name must be lowercase"),
        (lambda: backward_frames(stacked_diamonds(80)[1]), ValueError, "max_nodes"),
        (lambda: backward_frames(Value(1.0), digits=-1), ValueError, "digits"),
        (lambda: backward_frames(Value(1.0), order="x"), TypeError, "order must be a sequence"),
        (lambda: backward_frames(Value(1.0), max_nodes=0), ValueError, "max_nodes"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_the_live_player_is_text_html_only_where_outputs_are_not_stored(monkeypatch):
    # Stored, a text/html would be what JupyterLab shows before a run: scripts stripped, dead buttons.
    player = backward_player(swish_unit())
    monkeypatch.setenv("BACKPROP_STORED_OUTPUTS", "1")
    assert "text/html" not in player._repr_mimebundle_()
    monkeypatch.setenv("BACKPROP_STORED_OUTPUTS", "0")
    assert player._repr_mimebundle_()["text/html"] == player.html


# -- both languages --

ENGLISH_RUN = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")  # three English words in a row: a sentence left over
UI = {"first": "First", "prev": "Previous", "play": "Play", "pause": "Pause", "next": "Next", "last": "Last",
      "step": "Step", "counter": "Step {k} of {n}", "controls": "Step through the backward pass of L",
      "noscript": "This player needs JavaScript to step; without it, it shows step 1.",
      "scroll": "The graph is wider than the screen: scroll it sideways to see all of it."}


def test_every_caption_and_label_of_the_player_is_in_both_languages():
    *_, L = skip_graph()
    for order in (None, breadth_first_order(L)):
        data = payload(backward_player(L, order).html)
        for frame in data["frames"]:
            caption = frame["caption"]
            assert set(caption) == {"en", "ko"} and caption["en"].startswith("Step ")
            assert not HANGUL.search(caption["en"])
            assert HANGUL.search(caption["ko"]) and not ENGLISH_RUN.search(caption["ko"]), caption["ko"]
        assert data["label"]["en"].startswith("Computational graph of L") and HANGUL.search(data["label"]["ko"])
        assert not ENGLISH_RUN.search(data["label"]["ko"].replace("data와 grad", "")), data["label"]["ko"]
        assert {key: text["en"] for key, text in data["ui"].items()} == UI
        for key, text in data["ui"].items():
            assert HANGUL.search(text["ko"]) and not ENGLISH_RUN.search(text["ko"]), (key, text)
        assert data["ui"]["counter"]["ko"] == "{n}단계 중 {k}단계"
    wrong = backward_frames(L, breadth_first_order(L))[1].caption.texts()
    assert wrong["ko"] == ("2단계: m 노드를 방문한다(기울기 1.000). m = x^2에서 x에 1.000 × 1.000 = 1.000만큼 "
                           "보낸다. 순서가 틀렸다. p에서 아직 m에 보낼 몫이 남아 있으므로 이 기울기는 아직 다 "
                           "모이지 않았다.")


def test_the_player_is_written_in_the_readers_language_with_the_same_dom():
    out = swish_unit()
    player = backward_player(out)
    n = len(player.frames)
    english, korean = player.to_html("en"), player.to_html("ko")
    assert player.html == english  # English unless the reader's language says otherwise
    for action, label in [("first", "처음"), ("prev", "이전"), ("play", "재생"), ("next", "다음"), ("last", "마지막")]:
        button = re.search(rf'<button type="button" data-action="{action}">(.*?)</button>', korean).group(1)
        assert f'<span data-role="label">{label}</span>' in button, action
    assert '<label for="lnn-backward-o-step">단계</label>' in korean
    assert f'aria-valuetext="{n}단계 중 1단계"' in korean and f'data-role="counter">{n}단계 중 1단계</output>' in korean
    assert 'role="group" aria-label="o의 역방향 계산을 한 단계씩 보기"' in korean
    assert re.search(r'<span data-role="caption">1단계: 출력 o에서', korean)
    assert re.search(r'aria-label="o의 계산 그래프에서 역방향 계산이 진행되는 모습이다\.[^"]*1단계: 출력 o에서', korean)
    assert "<noscript><p>이 플레이어는 JavaScript가 있어야" in korean
    assert payload(korean) == payload(english)  # the data holds both languages either way

    def skeleton(page):  # the DOM contract: every tag and attribute but the texts
        return re.sub(r'(aria-label|aria-valuetext)="[^"]*"', "", re.sub(r">[^<]*<", "><", page.split("<script")[0]))

    assert skeleton(korean) == skeleton(english)
    set_language("ko")
    try:
        assert backward_player(out).html == korean
    finally:
        set_language(None)


def test_the_script_picks_the_pages_language_and_reads_every_text_from_the_data():
    script = static("backward_player.js")
    assert "window.lnnSay" in script
    assert "(document.documentElement.lang || \"en\").slice(0, 2)" in static("language.js")
    *_, L = skip_graph()
    html = backward_player(L).html
    assert html.index(static("language.js")) < html.index(script)  # the shared language picker comes first
    for key in ("counter", "pause", "play", "controls", "step"):
        assert f"ui.{key}" in script, key
    assert '["first", "prev", "play", "next", "last"]' in script
    assert '"Pause"' not in script and '"Step "' not in script  # no English left in the script itself


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_player_speaks_the_pages_language_in_chromium(tmp_path, language, browser):
    """The English HTML on a page whose <html lang> is `language`: the script rewrites every text."""
    *_, L = skip_graph()
    player = backward_player(L, breadth_first_order(L))
    page_file = tmp_path / "player.html"
    page_file.write_text(f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head><body>'
                         f"{player.to_html('en')}</body></html>", encoding="utf-8")
    data = payload(player.html)
    context = browser.new_context()
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_file.as_uri())
        root = page.locator(".lnn-player")
        assert root.get_attribute("data-ready") == "true"
        labels = page.locator("button [data-role=label]").all_inner_texts()
        assert labels == [data["ui"][action][language] for action in ("first", "prev", "play", "next", "last")]
        assert page.locator("label").inner_text() == data["ui"]["step"][language]
        assert page.locator(".lnn-controls").get_attribute("aria-label") == data["ui"]["controls"][language]
        page.locator("button[data-action=next]").click()
        step = data["ui"]["counter"][language].replace("{k}", "2").replace("{n}", str(len(data["frames"])))
        assert page.locator("output[data-role=counter]").inner_text() == step
        assert page.locator("input[data-role=step]").get_attribute("aria-valuetext") == step
        caption = data["frames"][1]["caption"][language]
        assert page.locator("[data-role=caption]").inner_text() == caption
        figure = page.locator("svg[data-role=figure]")
        assert figure.get_attribute("aria-label") == f"{data['label'][language]} {caption}"
        page.locator("button[data-action=play]").click()
        assert page.locator("button[data-action=play] [data-role=label]").inner_text() == (
            data["ui"]["pause"][language])
        page.locator("button[data-action=play]").click()
        assert root.get_attribute("data-playing") == "false"
        assert errors == []
    finally:
        context.close()


def test_the_stylesheet_draws_the_graphs_text_at_the_size_the_script_assumes():
    from backprop.book.backward_svg import TEXT_SIZE

    sizes = re.findall(r"svg text \{[^}]*font-size: ([\d.]+)px", static("backward_player.css"))
    assert sizes == [f"{TEXT_SIZE:g}"], sizes


@pytest.mark.parametrize("width", [390, 1280])
def test_the_graphs_text_stays_readable_on_a_phone_and_the_graph_scrolls_there(tmp_path, width, browser):
    """At 390 px the graph keeps its text at 11 px or more, scrolls sideways in its own box, and says so
    under it; at 1280 px it fits, with no hint. Text is measured as the browser draws it."""
    from backprop.book.backward_svg import SMALLEST_TEXT_PX

    player = backward_player(swish_unit())
    page_file = tmp_path / "player.html"
    page_file.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
                         'content="width=device-width"><style>body { margin: 16px; }</style></head><body>'
                         f"{player.html}</body></html>", encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        smallest = page.evaluate("""() => Math.min(...Array.from(document.querySelectorAll(
            "svg[data-role=figure] text"), t => t.getBoundingClientRect().height))""")
        # A text's box is its line height, about 1.15 of its font size.
        assert smallest / 1.2 >= SMALLEST_TEXT_PX - 0.5, f"graph text drawn at about {smallest / 1.2:.1f} px"
        box = page.evaluate("""() => { const b = document.querySelector("[data-role=figure-box]");
            const h = document.querySelector("[data-role=scroll-hint]");
            return {over: b.scrollWidth > b.clientWidth + 1, hint: !h.hidden, tab: b.tabIndex,
                    page: document.documentElement.scrollWidth, view: window.innerWidth}; }""")
        assert box["page"] <= box["view"], "the page itself scrolls sideways"
        assert box["over"] == (width == 390) and box["hint"] == box["over"]
        assert box["tab"] == (0 if box["over"] else -1), "a box that scrolls can be reached by the keyboard"
    finally:
        context.close()
