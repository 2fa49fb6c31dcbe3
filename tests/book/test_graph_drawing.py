"""Laying out Value graphs, and drawing them with matplotlib alone."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop import Value  # noqa: E402
from backprop.book.graph_drawing import (  # noqa: E402
    BOX_HEIGHT,
    BOX_WIDTH,
    COLUMN_GAP,
    LABELLED_COLUMN_GAP,
    NODE_STYLES,
    ROW_GAP,
    draw_graph,
    graph_geometry,
    graph_layout,
    node_artists,
)
from backprop.book.graph_paths import stacked_diamonds  # noqa: E402
from backprop.book.style import INK  # noqa: E402
from backprop.book.value_graphs import graph_edges, graph_nodes  # noqa: E402

from conftest import contrast, skip_graph


def swish_unit():
    w, x, b = Value(0.8, label="w"), Value(1.5, label="x"), Value(-0.5, label="b")
    z = w * x + b
    z.label = "z"
    s = z.sigmoid()
    s.label = "s"
    o = z * s
    o.label = "o"
    return o


def skip_graph_output():
    return skip_graph()[-1]




@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# -- layout --


def test_layout_puts_columns_at_depths_and_nodes_in_distinct_places():
    x, m, p, q, L = skip_graph()
    layout = graph_layout(L, column_gap=2.0, row_gap=1.0)
    assert [layout[n][0] for n in (x, m, p, q, L)] == [0.0, 2.0, 4.0, 6.0, 8.0]
    _, h = stacked_diamonds(5)
    layout = graph_layout(h)
    assert len(set(layout.values())) == len(layout) == len(graph_nodes(h))
    assert layout == graph_layout(h)  # deterministic


def test_layout_places_an_input_just_before_its_first_consumer():
    x = Value(1.0, label="x")
    late = Value(2.0, label="late")
    out = x.tanh().tanh().tanh() * late
    layout = graph_layout(out)
    assert layout[late][0] == layout[out][0] - 1.0 and layout[x][0] == 0.0


def test_layout_of_a_chain_100_000_nodes_deep():
    out = Value(0.1, label="x")
    for _ in range(100_000):
        out = out.tanh()
    assert graph_layout(out)[out][0] == 100_000


@pytest.mark.parametrize("edge_labels", [False, True])
def test_geometry_holds_every_box_and_bends_edges_around_boxes(edge_labels):
    out = swish_unit()
    nodes, edges, layout, bends, (x0, x1, y0, y1) = graph_geometry(out, edge_labels)
    assert nodes == graph_nodes(out) and edges == graph_edges(out) and len(bends) == len(edges)
    gap = LABELLED_COLUMN_GAP if edge_labels else COLUMN_GAP
    assert layout == graph_layout(out, gap, ROW_GAP)
    for x, y in layout.values():
        assert x0 < x - BOX_WIDTH / 2 and x + BOX_WIDTH / 2 < x1 and y0 < y - BOX_HEIGHT / 2 and y + BOX_HEIGHT / 2 < y1
    assert bends[edges.index(next(e for e in edges if e.target is out and e.source.label == "z"))] != 0.0
    x = Value(3.0)
    _, _, _, square_bends, _ = graph_geometry(x * x)
    assert len(set(square_bends)) == 2  # the two edges of x * x take different bends


# -- draw_graph --


@pytest.mark.parametrize("make", [swish_unit, skip_graph_output, lambda: stacked_diamonds(4)[1], lambda: Value(2.0)])
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
    ],
)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()
