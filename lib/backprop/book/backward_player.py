"""The backward pass, one node at a time, and a kernel-free player that steps through it (chapter 3).

`backward_frames(output)` runs the backward pass (`value_graphs.backward_sweep`, without touching
``.grad``) and records one `BackwardFrame` per node visited: every gradient right after the visit,
the edges the gradient went back along, and a caption that says what happened (and, in a wrong
order, which gradient was passed on incomplete), a `Text` in English and Korean.

`backward_player(output)` shows those frames as a self-contained HTML view, like the explorers of
`backprop.book.explorer`: inline CSS and vanilla JavaScript from ``static/backward_player.css`` and
``static/backward_player.js``, an inline SVG of the graph (`backward_svg`) drawn from the same geometry as
`graph_drawing.draw_graph`, and the frames as compact JSON. No external script, no CDN, no
kernel: it plays in the static book page, and in Jupyter once the notebook is trusted. The HTML
is the same bytes on every run: ids come from the player's name, nothing is random.

Texts: the HTML is written in the reader's language (`backprop.book.language`); the JSON data
holds every text a reader sees in every language, each as {"en": ..., "ko": ...}: each frame's
caption, the figure's description ``label``, and under ``ui`` the button labels (``first``,
``prev``, ``play``, ``pause``, ``next``, ``last``), the slider's label ``step``, the counter's
template ``counter`` (``"Step {k} of {n}"``), the controls' group name ``controls`` and the
``noscript`` text. On mounting, the script writes them in the page's language (the first two
letters of ``<html lang>``, English if it has none or the data lacks it).

DOM contract, for browser tests. For a player named NAME every id is ``lnn-NAME`` or starts with
``lnn-NAME-``, so NAME must be unique on a page (the default is made from the output's name and
the order):

- ``div.lnn-player[data-player=NAME]``: the root, with ``data-frame-count=N`` and ``data-frame=K``,
  the index of the frame shown (from 0); ``data-playing`` is ``"true"`` while playing;
  ``data-ready="true"`` once the script has drawn a frame.
- ``div.lnn-controls[role=group]``: the controls, named by ``aria-label`` ("Step through the
  backward pass of NODE" in English).
- ``button[data-action=first|prev|play|next|last]``: the buttons, each named by its visible text,
  ``span[data-role=label]`` (in English First, Previous, Play, Next, Last; the play button's reads
  "Pause" while playing).
- ``input[type=range][data-role=step]``: the slider (``min=0``, ``max=N-1``, value = frame index),
  with a ``<label for=...>`` ("Step") and ``aria-valuetext`` "Step k of N" (Korean "N단계 중 k단계");
  ``output[data-role=counter]`` shows the same text.
- ``[data-role=caption]``: the sentence describing the frame, inside ``p.lnn-status[aria-live=polite]``.
- ``svg[data-role=figure]``: the graph, ``role="img"``; its ``aria-label`` and ``<title>`` end with
  the caption. Node ``i`` (index in ``graph_nodes(output)``) is ``g[data-role=node][data-node=i]``
  with ``data-state`` ``pending``, ``current`` or ``done`` and its gradient in
  ``text[data-role=grad]`` (``"grad 0.123"``); edge ``j`` (index in ``graph_edges(output)``) is
  ``g[data-role=edge][data-edge=j]`` with ``data-active`` ``"true"`` while the gradient goes back along it.
  It holds two arrows on one curve, ``g.lnn-forward`` (head at the consumer) and ``g.lnn-backward``
  (head at the input), each a ``path.lnn-line`` and a ``path.lnn-head``; the stylesheet shows the
  forward one while the edge is inactive and the backward one while it is active.
- ``script[type="application/json"].lnn-data``: the frames and the texts.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass

from ..checks import count
from .assets import static_asset, view_scripts
from .backward_svg import STATE_CODES, graph_svg
from .language import Text, in_language, join, reader_language, texts
from .mime import STATIC_VIEW, first_view, storing_outputs
from .value_graphs import (
    backward_sweep,
    format_factor,
    format_number,
    graph_edges,
    graph_nodes,
    node_consumers,
    node_expression,
    node_names,
)

# -- the frames --


@dataclass(frozen=True)
class BackwardFrame:
    """One step of the backward pass: the node visited and every gradient right after the visit.

    `visited` and the entries of `grads` are indexed like ``graph_nodes(output)``; `edges` holds the
    indices (into ``graph_edges(output)``) along which the visited node sent its gradient;
    `complete` says whether every consumer had been visited before, so the gradient passed on was final;
    `caption` says what happened, in every language (a `Text`; ``str`` of it is the reader's language).
    """

    visited: int
    grads: tuple[float, ...]
    edges: tuple[int, ...]
    complete: bool
    caption: Text


AMOUNTS_SEPARATOR = Text("; ", context="between the amounts a node sends to its inputs")
"""Between the amounts in a caption's "x = a · b sends 1 to a; 2 to b" (a comma in Korean)."""


def backward_frames(output, order=None, digits: int = 3, max_nodes: int = 200) -> list[BackwardFrame]:
    """The backward pass of `output` as one frame per node visited, without touching ``.grad``.

    `order` defaults to the correct one, ``reversed(graph_nodes(output))``; pass another (say
    `chain_rule.breadth_first_order`) to watch it go wrong. Captions show numbers with `digits`
    decimals. Every frame stores every gradient, so the frames grow as nodes squared: graphs of
    more than `max_nodes` nodes are refused.
    """
    nodes = graph_nodes(output)
    max_nodes = count(max_nodes, "max_nodes", minimum=1)
    if len(nodes) > max_nodes:
        raise ValueError(
            f"output's graph has {len(nodes)} nodes, more than max_nodes={max_nodes}; frames are for small graphs"
        )
    grads = {}
    steps = backward_sweep(output, grads, order)
    digits = count(digits, "digits")
    index = {node: i for i, node in enumerate(nodes)}
    names = node_names(output)
    consumers = node_consumers(output)
    edge_index = {}
    for j, edge in enumerate(graph_edges(output)):
        edge_index.setdefault(edge.target, []).append(j)
    visited = set()
    frames = []
    for number, step in enumerate(steps, start=1):
        node = step.node
        waiting = [names[c] for c in consumers[node] if c not in visited]
        name, grad = names[node], format_number(step.grad, digits)
        if node is output:
            parts = [Text("Step {number}: start at the output {name} with d{name}/d{name} = 1. ", number=number,
                          name=name)]
        else:
            parts = [Text("Step {number}: visit {name}, gradient {grad}. ", number=number, name=name, grad=grad)]
        if node.inputs:
            sends = [
                Text("{grad} × {local} = {amount} to {child}", grad=grad, local=format_factor(local, digits),
                     amount=format_number(amount, digits), child=names[child])
                for child, local, amount in zip(node.inputs, node.local_grads, step.sent)
            ]
            parts.append(Text("{name} = {expression} sends {sends}.", name=name,
                              expression=node_expression(node, names), sends=join(sends, AMOUNTS_SEPARATOR)))
        else:
            parts.append(Text("{name} is an input: nothing to send on.", name=name))
        if waiting:
            parts.append(Text(" Wrong order: {waiting} still has to send its share to {name}, so this gradient is "
                              "incomplete.", waiting=", ".join(waiting), name=name))
        visited.add(node)
        snapshot = tuple(grads[n] for n in nodes)
        frames.append(BackwardFrame(index[node], snapshot, tuple(edge_index.get(node, ())), not waiting,
                                    join(parts, "")))
    return frames


# -- the player --

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
# (action, icon before, label, icon after): icons are hidden from screen readers, which read the label.
BUTTONS = (("first", "«", Text("First"), ""), ("prev", "◀", Text("Previous"), ""),
           ("play", "▶", Text("Play"), ""), ("next", "", Text("Next"), "▶"),
           ("last", "", Text("Last"), "»"))
PAUSE = Text("Pause")
"""The play button's label while playing."""
STEP = Text("Step")
"""The slider's label."""
NEEDS_SCRIPT = Text("This player needs JavaScript to step; without it, it shows step 1.")
SCROLL_HINT = Text("The graph is wider than the screen: scroll it sideways to see all of it.")
"""Shown under the graph, by the script, only while the graph is wider than its box (on a phone)."""


def step_of(k, n) -> Text:
    """The slider's value in words, "Step k of N" (with ``k="{k}"`` and ``n="{n}"``: the template the script fills)."""
    return Text("Step {k} of {n}", k=k, n=n)


def graph_label(name) -> Text:
    """The player's figure described for a screen reader (its accessible name, before the frame's caption)."""
    return Text("Computational graph of {name} during the backward pass. Boxes are nodes showing their data and grad; "
                "grey arrows point forward, from each input to the node computed from it; the node being visited is "
                "orange, nodes already visited blue, and the edges its gradient goes back along are orange arrows "
                "pointing backward, to its inputs.", name=name)


def _icon(icon, before):
    if not icon:
        return ""
    icon = f'<span class="lnn-icon" aria-hidden="true">{icon}</span>'
    return f"{icon} " if before else f" {icon}"


def _default_name(node_names, frames, order) -> str:
    """``backward-<output's name>``, and for a given order a digest of the names in the order visited."""
    slug = re.sub(r"[^a-z0-9]+", "-", node_names[-1].lower()).strip("-")
    name = "backward" + (f"-{slug}" if slug else "")
    if order is not None:  # another order of the same graph needs other ids
        visits = "\n".join(node_names[frame.visited] for frame in frames)
        name += "-" + hashlib.sha256(visits.encode()).hexdigest()[:6]
    return name


class BackwardPlayer:
    """A kernel-free, step-by-step view of the backward pass: one frame per node visited.

    `frames` holds the `BackwardFrame`s; `html` is the self-contained player in the reader's
    language (`to_html` writes it in another), its ids made from `name`. Its data holds every text
    in every language, and its script shows the page's (``<html lang>``). See the module docstring
    for its DOM contract.
    """

    def __init__(self, output, order=None, *, name=None, digits=3, interval_ms=1200):
        self.frames = backward_frames(output, order, digits=digits)
        self._output = output
        nodes = graph_nodes(output)
        names = node_names(output)
        self.node_names = [names[node] for node in nodes]
        interval_ms = count(interval_ms, "interval_ms", minimum=100)
        if name is None:
            name = _default_name(self.node_names, self.frames, order)
        elif not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"name must be lowercase letters, digits and hyphens (a letter first), got {name!r}")
        self.name = name
        visited = set()
        self._encoded = []
        for frame in self.frames:
            visited.add(frame.visited)
            states = ("c" if i == frame.visited else "d" if i in visited else "p" for i in range(len(nodes)))
            self._encoded.append({
                "states": "".join(states),
                "grads": [format_number(g, digits) for g in frame.grads],
                "edges": list(frame.edges),
                "caption": frame.caption,
            })
        self.label = graph_label(names[output])
        self._controls = Text("Step through the backward pass of {name}", name=self.node_names[-1])
        ui = {action: label for action, _, label, _ in BUTTONS}
        ui.update(pause=PAUSE, step=STEP, counter=step_of("{k}", "{n}"), controls=self._controls,
                  noscript=NEEDS_SCRIPT, scroll=SCROLL_HINT)
        payload = {"label": texts(self.label), "interval": interval_ms, "states": STATE_CODES,
                   "frames": [{**frame, "caption": texts(frame["caption"])} for frame in self._encoded],
                   "ui": {key: texts(value) for key, value in ui.items()}}
        self._data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        self._data = self._data.replace("</", "<\\/")
        self._pages = {}  # the HTML by language, written when first asked for

    @property
    def html(self) -> str:
        """The self-contained player, its texts in the reader's language (see `to_html`)."""
        return self.to_html()

    def to_html(self, language=None) -> str:
        """The self-contained player: root div, inline style, controls, caption, SVG, data and script.

        Its texts are written in `language` (default: the reader's); the script rewrites them in
        the page's language (``<html lang>``) from the data, which holds every language.
        """
        language = language or reader_language()
        if language not in self._pages:
            self._pages[language] = self._write_html(language)
        return self._pages[language]

    def _write_html(self, language) -> str:
        esc = html.escape

        def say(value):
            return esc(in_language(value, language))

        base = f"lnn-{self.name}"
        first, n = self._encoded[0], len(self._encoded)
        step = say(step_of(1, n))
        caption = in_language(first["caption"], language)
        buttons = "".join(
            f'<button type="button" data-action="{action}">{_icon(before, True)}'
            f'<span data-role="label">{say(text)}</span>{_icon(after, False)}</button>'
            for action, before, text, after in BUTTONS
        )
        return "\n".join([
            f'<div class="lnn-player" id="{base}" data-player="{self.name}" data-frame-count="{n}" data-frame="0" '
            'data-playing="false">',
            f"<style>{static_asset('backward_player.css')}</style>",
            f'<div class="lnn-controls" role="group" aria-label="{say(self._controls)}">{buttons}'
            f'<span class="lnn-control"><label for="{base}-step">{say(STEP)}</label>'
            f'<input type="range" id="{base}-step" data-role="step" min="0" max="{n - 1}" step="1" value="0" '
            f'aria-valuetext="{step}">'
            f'<output id="{base}-step-value" for="{base}-step" data-role="counter">{step}</output></span></div>',
            f'<p class="lnn-status" aria-live="polite"><span data-role="caption">{esc(caption)}</span></p>',
            '<div class="lnn-figure-box" data-role="figure-box">'
            + graph_svg(self._output, first, base, f"{in_language(self.label, language)} {caption}") + "</div>",
            f'<p class="lnn-scroll-hint" data-role="scroll-hint" hidden>{say(SCROLL_HINT)}</p>',
            f"<noscript><p>{say(NEEDS_SCRIPT)}</p></noscript>",
            f'<script type="application/json" class="lnn-data">{self._data}</script>',
            view_scripts("scroll_box.js", "backward_player.js"),
            "</div>",
        ])

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The player for the book (`STATIC_VIEW`), its first frame as a picture for a Jupyter that
        has not run the cell, and, live, the player as ``text/html`` (see `backprop.book.mime`)."""
        bundle = {STATIC_VIEW: self.html, "image/png": first_view(self.first_frame_png()), "text/plain": repr(self)}
        if not storing_outputs():
            bundle["text/html"] = self.html
        return bundle

    def first_frame_png(self) -> bytes:
        """The graph as the player's first frame shows it, drawn by `draw_graph`, as PNG bytes."""
        import io

        from matplotlib.figure import Figure

        from .graph_drawing import draw_graph
        from .style import book_style

        first = self.frames[0]
        states = ["current" if i == first.visited else "pending" for i in range(len(self.node_names))]
        with book_style():
            figure = Figure(figsize=(6.4, 2.6), dpi=100)
            draw_graph(self._output, ax=figure.add_axes((0, 0, 1, 1)), grads=first.grads, states=states)
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def __repr__(self):
        visits = ", ".join(self.node_names[frame.visited] for frame in self.frames)
        return f"BackwardPlayer: {len(self.frames)} frames, one per node visited: {visits}"


def backward_player(output, order=None, *, name=None, digits=3, interval_ms=1200) -> BackwardPlayer:
    """A static HTML/JS player of `output`'s backward pass (see `BackwardPlayer`).

    `order` defaults to the correct reversed topological order; pass `chain_rule.breadth_first_order`'s
    order to watch a wrong order lose part of a gradient. `name` makes the player's ids (lowercase
    letters, digits and hyphens; by default made from the output's name, and the order if one is
    given). `interval_ms` is the delay between frames when playing.
    """
    return BackwardPlayer(output, order, name=name, digits=digits, interval_ms=interval_ms)
