"""Drawing Value graphs with matplotlib alone, and the static step-through player of the backward pass."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop import Value  # noqa: E402
from backprop.graph_drawing import NODE_STYLES, BackwardPlayer, backward_player, draw_graph, node_artists  # noqa: E402
from backprop.graphs import breadth_first_order, graph_edges, graph_nodes, stacked_diamonds  # noqa: E402
from backprop.plotting import INK  # noqa: E402

from conftest import contrast  # noqa: E402


def swish_unit():
    w, x, b = Value(0.8, label="w"), Value(1.5, label="x"), Value(-0.5, label="b")
    z = w * x + b
    z.label = "z"
    s = z.sigmoid()
    s.label = "s"
    o = z * s
    o.label = "o"
    return o


def skip_graph():
    x = Value(0.5, label="x")
    m = x**2
    m.label = "m"
    q = m.tanh().tanh()
    L = m + q
    L.label = "L"
    return L


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# -- draw_graph --


@pytest.mark.parametrize("make", [swish_unit, skip_graph, lambda: stacked_diamonds(4)[1], lambda: Value(2.0)])
def test_draw_graph_has_one_artist_per_node_and_per_edge(make):
    out = make()
    out.backward()
    fig = draw_graph(out)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    nodes, edges = graph_nodes(out), graph_edges(out)
    boxes = node_artists(ax)
    assert [box.get_gid() for box in boxes] == [f"node-{i}" for i in range(len(nodes))]
    arrows = [p for p in ax.patches if (p.get_gid() or "").startswith("edge-")]
    assert len(arrows) == len(edges)
    assert len(ax.patches) == len(nodes) + len(edges)
    grads = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("grad-")}
    assert grads == {f"grad-{i}": f"grad {node.grad:.3f}" for i, node in enumerate(nodes)}


def test_a_repeated_input_gets_two_separately_bent_arrows():
    x = Value(3.0, label="x")
    y = x * x
    fig = draw_graph(y, edge_labels=True)
    arrows = [p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("edge-")]
    styles = {str(a.get_connectionstyle().rad) for a in arrows}
    assert len(arrows) == 2 and len(styles) == 2
    labels = [t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("local-")]
    assert labels == ["3", "3"]


def test_draw_graph_shows_given_grads_and_states_on_a_given_axes():
    out = swish_unit()
    n = len(graph_nodes(out))
    fig, ax = plt.subplots()
    returned = draw_graph(out, ax=ax, grads=["?"] * n, states=["pending"] * (n - 1) + ["current"], title="t")
    assert returned is fig and ax.get_title() == "t"
    texts = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("grad-")]
    assert texts == ["grad ?"] * n
    current = node_artists(ax)[-1]
    assert mcolors.same_color(current.get_edgecolor(), NODE_STYLES["current"][1])
    no_grad = draw_graph(out, show_grad=False)
    assert not [t for t in no_grad.axes[0].texts if (t.get_gid() or "").startswith("grad-")]


def test_node_text_keeps_its_contrast_on_every_fill_and_the_panel_is_opaque():
    for fill, edge, _ in NODE_STYLES.values():
        assert contrast(INK, fill) >= 7.0
        assert contrast(edge, "#ffffff") >= 3.0  # box outlines stay visible
    fig = draw_graph(swish_unit())
    assert mcolors.to_rgba(fig.get_facecolor())[3] == 1.0


def test_drawing_leaves_global_style_alone():
    before = dict(matplotlib.rcParams)
    draw_graph(swish_unit())
    backward_player(swish_unit())
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: draw_graph(3.0), TypeError, "output must be a Value"),
        (lambda: draw_graph(stacked_diamonds(30)[1]), ValueError, "max_nodes"),
        (lambda: draw_graph(swish_unit(), max_nodes=0), ValueError, "max_nodes"),
        (lambda: draw_graph(swish_unit(), grads=[1.0]), ValueError, "one entry per node"),
        (lambda: draw_graph(swish_unit(), grads=1.0), TypeError, "grads must be a sequence"),
        (lambda: draw_graph(swish_unit(), grads=[None] * 7), TypeError, "every entry of grads"),
        (lambda: draw_graph(swish_unit(), states=["glowing"] * 7), ValueError, "unknown node state"),
        (lambda: backward_player(swish_unit(), interval_ms=10), ValueError, "interval_ms"),
        (lambda: backward_player(swish_unit(), order=[Value(1.0)]), ValueError, "order must list each"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


# -- the step-through player --


def test_player_has_one_frame_per_node_and_follows_its_dom_contract():
    out = swish_unit()
    player = backward_player(out)
    html = player._repr_html_()
    n = len(graph_nodes(out))
    assert isinstance(player, BackwardPlayer) and len(player.frames) == n
    uid = re.search(r'<div class="backprop-player" id="([\w-]+)" data-frame-count="(\d+)"', html)
    assert uid and int(uid.group(2)) == n
    for action in ("first", "prev", "play", "next", "last"):
        assert f'data-action="{action}"' in html
    assert f'class="backprop-player-slider" min="0" max="{n - 1}"' in html
    assert f'<output class="backprop-player-counter">Step 1 of {n}</output>' in html
    assert 'class="backprop-player-caption" aria-live="polite"' in html
    assert re.search(r'<svg [^>]*role="img" aria-label="Computational graph of o[^"]*Step 1: start', html)
    for i in range(n):
        assert f'id="{uid.group(1)}-node-{i}"' in html and f'id="{uid.group(1)}-grad-{i}"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    data = json.loads(re.search(r'<script type="application/json" class="backprop-player-frames">(.*?)</script>',
                                html, flags=re.S).group(1))
    assert len(data["frames"]) == n and data["frames"][-1]["grads"][-1] == "1.000"
    out.backward()
    assert data["frames"][-1]["grads"] == [f"{node.grad:.3f}" for node in graph_nodes(out)]


def test_player_is_self_contained_small_and_deterministic():
    html = backward_player(swish_unit()).html
    assert len(html.encode()) < 300_000
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", html)  # SVG namespace names are not fetched
    assert "http" not in without_namespaces and "//" not in without_namespaces.replace("://", "")
    assert "require" not in html and "<script src" not in html
    assert "<?xml" not in html and "<metadata>" not in html and "*{stroke" not in html
    assert html == backward_player(swish_unit()).html
    # Another interpreter, with another hash seed, writes the same bytes.
    code = (
        "import sys; sys.path.insert(0, 'tests'); from test_graph_drawing import swish_unit; "
        "from backprop import backward_player; sys.stdout.write(backward_player(swish_unit()).html)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123", "MPLBACKEND": "Agg"}
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                           cwd=Path(__file__).resolve().parent.parent)
    assert other.stdout == html


def test_player_of_a_wrong_order_warns_in_its_captions():
    L = skip_graph()
    player = backward_player(L, breadth_first_order(L))
    assert sum("Wrong order" in frame.caption for frame in player.frames) == 1
    assert repr(player).startswith(f"BackwardPlayer: {len(graph_nodes(L))} frames, one per node visited: L, m")
