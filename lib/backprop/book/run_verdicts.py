"""The verdict on a run of gradient descent on a surface, for the chapter on gradient descent (chapter 2).

`classify_run` names how a run went (one of `RUN_VERDICTS`: converged, slow, oscillating, swinging,
early or diverged; `VERDICT_LABELS` are the words shown for them, each saying whether the run converges),
`zigzag_fraction` measures how much it bounces, `learning_rate_of` reads a run's learning rate off
its first step, and `describe_run` says it all in a sentence. A run may use momentum (the heavy
ball of `backprop.SGD`): its limit is then 2(1 + β)/λmax instead of 2/λmax. The words and
sentences a reader sees are `backprop.book.language.Text` (English and Korean); `SURFACE_NAMES`
names the surfaces for the reader.
"""

from __future__ import annotations

import math

import numpy as np

from ..checks import as_finite_array, count, fraction, positive_finite
from .language import Text
from .surfaces import as_path, get_surface

RUN_VERDICTS = ("converged", "slow", "oscillating", "swinging", "early", "diverged")
"""The outcomes `classify_run` can report (the keys the explorer's stylesheet colours)."""

VERDICT_LABELS = {
    "converged": Text("Converged"),
    "slow": Text("Converging slowly"),
    "oscillating": Text("Converging, zig-zag"),
    "swinging": Text("Converging, swinging"),
    "early": Text("Too early to tell"),
    "diverged": Text("Not converging"),
}
"""How the explorer and the chapter show each verdict (a `Text`, English and Korean; ``str`` gives the
reader's language): every label says whether the run converges. "oscillating" is a run that
zig-zags across the valley and still converges, "swinging" a heavy-ball run (momentum) that overshoots
the minimum and swings back, below the limit where it still converges; "early" a heavy-ball run of one
step on a surface that is not a quadratic, whose first step is plain descent's and cannot tell; a run
that bounces without settling, or blows up, is "diverged"."""

SURFACE_NAMES = {
    "parabola": Text("parabola"),
    "ravine": Text("ravine"),
    "banana": Text("banana"),
}
"""The names of `SURFACES` as a reader reads them (the explorer's choice of surface)."""


def learning_rate_of(path, surface):
    """The learning rate a gradient-descent run used, read off its first step w1 = w0 − η ∇f(w0).

    Returns None when the path holds no step or starts where the gradient is zero.
    """
    surface = get_surface(surface)
    path = as_path(path, surface)
    if path.shape[0] < 2:
        return None
    gradient = np.ravel(surface.gradient(path[0]))
    size = float(gradient @ gradient)
    if not size > 0.0:
        return None
    return float((path[0] - path[1]) @ gradient / size)


def zigzag_fraction(path) -> float:
    """The fraction of consecutive step pairs that point against each other (negative dot product).

    `path` has shape (iterates, d). A run that crosses the valley floor on every step scores near 1,
    a steady walk downhill scores 0; pairs that include a zero step do not count.
    """
    path = as_finite_array(path, "path")
    if path.ndim == 1:
        path = path[:, None]
    steps = np.diff(path, axis=0)
    if len(steps) < 2:
        return 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        dots = np.sum(steps[:-1] * steps[1:], axis=-1)
    counted = dots != 0
    return float(np.mean(dots[counted] < 0)) if counted.any() else 0.0


def _loss_gaps(path, surface):
    with np.errstate(over="ignore", invalid="ignore"):
        gaps = surface.value(path) - surface.minimum_value
    return np.maximum(np.nan_to_num(gaps, nan=np.inf, posinf=np.inf), 0.0)


def _limit(surface, momentum) -> float:
    """The learning rate at and beyond which a run cannot settle at the minimum: 2(1 + β)/λmax."""
    return surface.stability_limit * (1 + momentum)


def _cannot_settle(learning_rate, surface, momentum=0.0) -> bool:
    # At the limit itself (η = 2(1 + β)/λ_max) the steepest direction bounces forever without shrinking.
    return learning_rate is not None and learning_rate >= _limit(surface, momentum) * (1 - 1e-9)


def _beyond_limit(learning_rate, surface, momentum=0.0) -> bool:
    return learning_rate is not None and learning_rate > _limit(surface, momentum) * (1 + 1e-9)


def _still_moving(path, surface, tolerance) -> bool:
    """The last step is longer than √tolerance times the start's distance to the minimum."""
    if path.shape[0] < 2:
        return False
    minimum = np.asarray(surface.minimum, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        start = float(np.linalg.norm(path[0] - minimum))
        return bool(np.linalg.norm(path[-1] - path[-2]) > math.sqrt(tolerance) * start)


def _crossed(path, surface) -> bool:
    """Some iterate lies beyond the minimum, as seen from the start: the run overshot it."""
    offsets = path - np.asarray(surface.minimum, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.any(offsets[1:] @ offsets[0] < 0))


def _rise_fraction(gaps) -> float:
    """The fraction of steps after which the loss was higher than before: a heavy ball overshooting."""
    return float(np.mean(np.diff(gaps) > 0)) if len(gaps) > 1 else 0.0


def classify_run(path, surface, steps=None, tolerance=1e-4, learning_rate=None, momentum=0.0) -> str:
    """Name how a gradient-descent run went: one of `RUN_VERDICTS`.

    `path` is what `descent_path` returned, shape (iterates, d) (a 1-D array for a 1-D surface);
    `steps` is how many steps were asked for (default: the steps the path holds); `learning_rate`
    is the η the run used (default: read off its first step, `learning_rate_of`, which holds with
    momentum too, since its first step is a plain one), and `momentum` the β of a heavy-ball run
    (`backprop.SGD`). With gap_t = f(w_t) - min f and the limit 2/λmax times 1 + β (λmax the steepest
    curvature at the minimum, `Surface.stability_limit`; β = 0 without momentum), the rule, checked in
    this order, is:

    - "diverged" (shown as "Not converging"): the run stopped early because it blew up;
    - "converged": gap_last <= tolerance * gap_0 (the loss gap shrank by the factor `tolerance`; with
      the default 1e-4 the distance to a quadratic's minimum shrank about a hundredfold), and, with
      momentum, the last step was short too (at most √tolerance times the start's distance to the
      minimum): a heavy ball that passes through the minimum at speed has not arrived;
    - "diverged" too: the learning rate is not below the limit, so the run can never settle at the
      minimum (at η = 2/a on a parabola it bounces between w_0 and -w_0 forever; beyond it, each
      bounce is higher);
    - "early" (shown as "Too early to tell"): with momentum, one step on a surface that is not a
      quadratic: that step is plain descent's, and whether the heavy ball then settles or blows up
      depends on steps not taken yet;
    - "swinging" (shown as "Converging, swinging"): with momentum, on a quadratic surface (where a
      rate below the limit converges from anywhere), the run ended above its start, its loss rose
      after more than a quarter of the steps, or it is passing through the minimum at speed: the
      heavy ball overshoots and swings back, but it converges;
    - "diverged" too: the run ended higher than it started (gap_last > gap_0) on any other surface;
    - "oscillating" (shown as "Converging, zig-zag"): more than half of the consecutive step pairs
      point against each other (`zigzag_fraction` > 0.5): the run bounces across the valley, but
      with a learning rate below the limit, so near the minimum the bounces shrink and it converges
      (on a quadratic, from anywhere);
    - "swinging" too: with momentum on any surface, the loss rose after more than a quarter of the
      steps;
    - "slow" (shown as "Converging slowly"): otherwise: it is heading downhill but has not arrived yet.
    """
    surface = get_surface(surface)
    path = as_path(path, surface)
    taken = path.shape[0] - 1
    steps = taken if steps is None else count(steps, "steps")
    if steps < taken:
        raise ValueError(f"steps ({steps}) cannot be fewer than the steps the path holds ({taken})")
    tolerance = positive_finite(tolerance, "tolerance")
    learning_rate = learning_rate_of(path, surface) if learning_rate is None else positive_finite(
        learning_rate, "learning_rate")
    momentum = fraction(momentum, "momentum")
    gaps = _loss_gaps(path, surface)
    if taken < steps:
        return "diverged"
    moving = momentum > 0 and _still_moving(path, surface, tolerance)
    if gaps[-1] <= tolerance * gaps[0] and not moving:
        return "converged"
    if _cannot_settle(learning_rate, surface, momentum):
        return "diverged"
    if momentum > 0 and taken <= 1 and not surface.quadratic:
        return "early"
    swings = momentum > 0 and (gaps[-1] > gaps[0] or _rise_fraction(gaps) > 0.25 or moving)
    if swings and surface.quadratic:
        return "swinging"
    if gaps[-1] > gaps[0]:
        return "diverged"
    if zigzag_fraction(path) > 0.5:
        return "oscillating"
    return "swinging" if swings else "slow"


INFINITE = Text("infinite")


def _short(x: float):
    """A loss as the sentences show it: three significant digits, or the word for infinite (a `Text`)."""
    return f"{x:.3g}" if math.isfinite(x) else INFINITE


def _steps(n: int) -> Text:
    """A count of steps: "1 step", "3 steps" (in Korean "3 스텝" either way)."""
    return Text("{n} step", n=n) if n == 1 else Text("{n} steps", n=n)


def describe_run(path, surface, steps=None, tolerance=1e-4, learning_rate=None, momentum=0.0) -> Text:
    """One sentence on a run: its verdict (as `classify_run` gives it, with the same arguments),
    whether it converges, and the loss it reached. A `Text` (English and Korean); ``str`` gives the
    reader's language."""
    return verdict_and_sentence(path, surface, steps, tolerance, learning_rate, momentum)[1]


def verdict_and_sentence(path, surface, steps=None, tolerance=1e-4, learning_rate=None, momentum=0.0):
    """``(classify_run(...), describe_run(...))`` for the same arguments, the run classified once."""
    surface = get_surface(surface)
    path = as_path(path, surface)
    verdict = classify_run(path, surface, steps, tolerance, learning_rate, momentum)
    return verdict, _sentence(verdict, path, surface, steps, learning_rate, momentum)


def _sentence(verdict, path, surface, steps, learning_rate, momentum) -> Text:
    learning_rate = learning_rate_of(path, surface) if learning_rate is None else learning_rate
    taken = path.shape[0] - 1
    steps = taken if steps is None else steps
    losses = surface.value(path)
    fields = {"first": _short(float(losses[0])), "last": _short(float(losses[-1])), "steps": _steps(steps)}
    if verdict == "converged":
        zigzag = Text(", zig-zagging on the way") if zigzag_fraction(path) > 0.5 else ""
        return Text("The run converged: the loss fell from {first} to {last} in {steps}{zigzag}.", zigzag=zigzag,
                    **fields)
    if verdict == "slow" and _crossed(path, surface):  # it overshot on the way: its steps are not too short
        return Text("The run converges, but it has not arrived yet: after {steps} the loss is still {last} (from "
                    "{first}).", **fields)
    if verdict == "slow":
        return Text("The run converges, but slowly: after {steps} the loss is still {last} (from {first}), as each "
                    "step is too short.", **fields)
    if verdict == "early":
        return Text("The run cannot be judged yet: the heavy ball's first step is a plain step of gradient descent, "
                    "and on this surface only the next steps show whether it settles or blows up; after {steps} the "
                    "loss is {last} (from {first}).", **fields)
    if verdict == "swinging" and not surface.quadratic:
        return Text("The run converges while swinging: the heavy ball overshoots and swings back; after {steps} the "
                    "loss is {last} (from {first}).", **fields)
    if verdict == "swinging":
        return Text("The run converges while swinging: the heavy ball overshoots the minimum and, with a learning "
                    "rate below the limit {limit}, swings back until the swings die out; after {steps} the loss is "
                    "{last} (from {first}).", limit=_short(_limit(surface, momentum)), **fields)
    if verdict == "oscillating":
        return Text("The run converges while zig-zagging: each step overshoots the valley floor, by less each time; "
                    "after {steps} the loss is {last} (from {first}).", **fields)
    if taken < steps:
        return Text("The run diverges: each step overshoots further, and the weights blew up after {taken}.",
                    taken=_steps(taken))
    grew = losses[-1] - surface.minimum_value > losses[0] - surface.minimum_value
    if grew and (momentum == 0 or _beyond_limit(learning_rate, surface, momentum)):
        return Text("The run diverges: each step overshoots further; the loss grew from {first} to {last} in "
                    "{steps}.", **fields)
    if grew and not _cannot_settle(learning_rate, surface, momentum):  # below the limit, yet above its start
        return Text("The run is not converging: the loss grew from {first} to {last} in {steps}, although the "
                    "learning rate is below {limit}, the limit at the minimum: far from the minimum the surface "
                    "is steeper.", limit=_short(_limit(surface, momentum)), **fields)
    if momentum > 0:
        return Text("The run cannot converge: the learning rate is not below {limit}, the limit 2(1 + β)/λmax set "
                    "by the momentum and the steepest curvature at the minimum, so the steps there overshoot and "
                    "never settle; after {steps} the loss is {last} (from {first}).",
                    limit=_short(_limit(surface, momentum)), **fields)
    return Text("The run cannot converge: the learning rate is not below {limit}, the limit 2/λmax set by the "
                "steepest curvature at the minimum, so the steps there overshoot and never settle; after {steps} "
                "the loss is {last} (from {first}).", limit=_short(surface.stability_limit), **fields)
