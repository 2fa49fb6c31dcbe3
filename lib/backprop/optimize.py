"""Gradient descent and its two best-known variants, as update rules any loop can use.

`gradient_descent` repeats w <- w - learning_rate * grad(w). `SGD` (with heavy-ball momentum) and
`Adam` are the update rules of ``torch.optim.SGD`` and ``torch.optim.Adam`` at their defaults,
written so that a reader who moves to PyTorch gets the same numbers (up to round-off); `minimize`
runs either on a gradient function, and `backprop.train` on a network. A learning rate may be a
schedule: a function of the update number t = 1, 2, ... that returns the rate for that update.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from .checks import as_finite_array, count, fraction, function, positive_finite

BLOW_UP = 1e12
"""An iterate (or a parameter) larger than this in absolute value counts as diverged: the run stops.

The same rule holds for every loop of the library (`gradient_descent`, `train`): a run that
blows up stops at once, without a warning, and says so in its result (`diverged`), since the
book teaches divergence as one of the things a learning rate can do, not as an error."""


def blew_up(array) -> bool:
    """True if `array` (a number or an array of numbers) holds NaN, infinity, or a value beyond
    `BLOW_UP` in size."""
    if array is None or isinstance(array, (str, bytes)):
        raise TypeError(f"array must be a number or an array of numbers, got {type(array).__name__}")
    try:
        values = np.asarray(array)
    except ValueError:  # a ragged nested list
        raise ValueError("array must be a rectangular array of numbers; its rows differ in length") from None
    if values.dtype.kind not in "fiu":
        raise TypeError(f"array must hold real numbers, got an array of {values.dtype}")
    if values.size == 0:
        return False
    # NaN carries through min and max, and fails both comparisons.
    return not (-BLOW_UP <= values.min() and values.max() <= BLOW_UP)


def _within_bounds(arrays) -> bool:
    """Every entry of every float array finite and within `BLOW_UP`: ``not blew_up`` for each, on
    arrays the caller already knows to be float arrays. A sum of squares that is finite and at most
    BLOW_UP² proves it in one cheap product; otherwise the entries decide, one by one."""
    for a in arrays:
        if not np.vdot(a, a) <= BLOW_UP**2 and not (np.isfinite(a).all() and np.abs(a).max() <= BLOW_UP):
            return False
    return True


@dataclass(frozen=True)
class Descent:
    """A gradient descent run: `path` holds every iterate, w0 first, shape ``(taken + 1, *w0.shape)``;
    `diverged` is True if it stopped early because an iterate or a gradient blew up (`BLOW_UP`)."""

    path: np.ndarray
    diverged: bool

    @property
    def w(self) -> np.ndarray:
        """The last iterate (a copy)."""
        return self.path[-1].copy()


def gradient_descent(grad, w0, learning_rate, steps, *, momentum=0.0) -> Descent:
    """Run `steps` updates w <- w - learning_rate * grad(w) from `w0`; return the `Descent`.

    `grad(w)` returns the gradient at `w` with the shape of `w0` (a number or any array); it
    gets a copy of w, so it may change it. With `momentum` β > 0 each step follows a velocity
    instead, v <- β v + grad(w) (v = grad(w) at the first step), w <- w - learning_rate * v: the
    heavy ball of `SGD`. `learning_rate` may be a schedule (see `SGD`). A run stops early, with
    ``diverged=True``, at the first non-finite gradient or iterate, or after the first iterate
    beyond `BLOW_UP`, with no overflow warning. A `grad` that returns something other than
    numbers raises TypeError.
    """
    rule = SGD(learning_rate, momentum=momentum)
    return minimize(grad, w0, rule, steps)


def minimize(grad, w0, optimizer, steps) -> Descent:
    """Run `steps` updates of `optimizer` (an `SGD` or an `Adam`) on w, from `w0`; return the `Descent`.

    `grad(w)` returns the gradient at `w` with the shape of `w0`, as for `gradient_descent`, which
    is ``minimize(grad, w0, SGD(learning_rate), steps)``. The optimizer starts afresh (its state is
    cleared), so one optimizer can run many times. Divergence stops the run as in
    `gradient_descent`.
    """
    grad = function(grad, "grad")
    w = as_finite_array(w0, "w0").copy()
    if not isinstance(optimizer, (SGD, Adam)):
        raise TypeError(f"optimizer must be a backprop SGD or Adam, got {type(optimizer).__name__}")
    steps = count(steps, "steps")
    optimizer.reset()
    path = np.empty((steps + 1, *w.shape))
    path[0] = w
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(1, steps + 1):
            g = _gradient(grad(w.copy()), w.shape)
            # A sum of squares that is finite and at most BLOW_UP² proves every entry finite and
            # within BLOW_UP in one cheap product; otherwise the entries decide, one by one.
            if not np.vdot(g, g) < math.inf and not np.isfinite(g).all():
                return Descent(path[:step].copy(), True)
            optimizer._apply([w], [g])
            if not np.vdot(w, w) <= BLOW_UP**2:
                if not np.isfinite(w).all():
                    return Descent(path[:step].copy(), True)
                if np.abs(w).max() > BLOW_UP:  # `blew_up`
                    path[step] = w
                    return Descent(path[: step + 1].copy(), True)
            path[step] = w
    return Descent(path, False)


def _gradient(value, shape) -> np.ndarray:
    if type(value) is np.ndarray and value.dtype == np.float64 and value.shape == shape:
        return value  # the usual case, at the cost of three comparisons
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"grad(w) must return numbers shaped like w0 {shape}, got {type(value).__name__}")
    g = np.asarray(value)
    if g.dtype.kind not in "fiu":
        raise TypeError(f"grad(w) must return real numbers, got {type(value).__name__} of dtype {g.dtype}")
    if g.shape != shape:
        raise ValueError(f"grad(w) must have the shape of w0 {shape}, got {g.shape}")
    return g.astype(np.float64, copy=False)


def sgd_update(parameters, gradients, learning_rate) -> None:
    """Move each array in `parameters` against its gradient, in place: p -= learning_rate * g.

    `parameters` and `gradients` are lists (or tuples) of arrays with matching shapes, e.g.
    ``mlp.weights`` and the ``weight_grads`` returned by ``mlp.backward``. Each parameter must be
    a float numpy array, since it is changed in place (a list of numbers could not be).

    Every argument is checked, and every new value computed, before any parameter changes: a bad
    entry, or a step that overflows (a learning rate or gradients so large that a parameter would
    become infinite), raises an error that says so and leaves every parameter as it was.
    """
    learning_rate = positive_finite(learning_rate, "learning_rate")
    parameters, gradients = _checked_pairs(parameters, gradients)
    with np.errstate(over="ignore", invalid="ignore"):
        updated = [(p - learning_rate * g).astype(p.dtype, copy=False) for p, g in zip(parameters, gradients)]
    for i, new in enumerate(updated):
        if not np.vdot(new, new) < math.inf and not np.isfinite(new).all():
            raise FloatingPointError(
                f"the step overflows: parameters[{i}] would become infinite (learning rate {learning_rate:g} times "
                f"its gradient is beyond the largest number the array can hold); no parameter was changed. A "
                f"smaller learning rate, or smaller gradients, keep it finite")
    for p, new in zip(parameters, updated):
        p[...] = new


def _checked_pairs(parameters, gradients) -> tuple[list, list]:
    """`parameters` and `gradients` as `sgd_update` takes them: lists of float arrays to update in
    place and of finite arrays of the same shapes."""
    for name, value in (("parameters", parameters), ("gradients", gradients)):
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"{name} must be a list of arrays, got {type(value).__name__}")
    if len(parameters) != len(gradients):
        raise ValueError(f"parameters holds {len(parameters)} arrays but gradients {len(gradients)}: one each")
    checked = []
    for i, (p, g) in enumerate(zip(parameters, gradients)):
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            raise TypeError(f"parameters[{i}] must be a float numpy array (it is updated in place), got "
                            f"{getattr(p, 'dtype', type(p).__name__)}")
        if not p.flags.writeable:
            raise ValueError(f"parameters[{i}] is read-only, but it is updated in place: pass an array that "
                             f"may be changed (a copy)")
        g = as_finite_array(g, f"gradients[{i}]")
        if p.shape != g.shape:
            raise ValueError(f"gradients[{i}] must have shape {p.shape}, got {g.shape}")
        checked.append(g)
    return list(parameters), checked


def _rate_or_schedule(learning_rate, name: str = "learning_rate"):
    """A positive number, or a schedule: a function of the update number t = 1, 2, ..."""
    if callable(learning_rate) and not isinstance(learning_rate, numbers.Real):
        return learning_rate
    return positive_finite(learning_rate, name)


class _Rule:
    """What `SGD` and `Adam` share: a learning rate or schedule, a count of updates, state per array."""

    def __init__(self, learning_rate):
        self.learning_rate = _rate_or_schedule(learning_rate)
        self.reset()

    def reset(self) -> None:
        """Forget the updates so far (the velocity, the averages, the count): start afresh."""
        self.updates = 0
        self._state = None

    def rate(self) -> float:
        """The learning rate of the update about to be taken (number `updates` + 1)."""
        if not callable(self.learning_rate):
            return self.learning_rate
        t = self.updates + 1
        try:
            value = self.learning_rate(t)
        except Exception as error:  # noqa: BLE001  (the schedule is the caller's code: say where it failed)
            raise ValueError(f"the learning_rate schedule failed at update {t}: {error}") from error
        try:
            return positive_finite(value, "learning_rate")
        except (TypeError, ValueError):
            raise ValueError(f"the learning_rate schedule must return a positive finite number; at update {t} it "
                             f"returned {value!r}") from None

    def step(self, parameters, gradients) -> None:
        """Update each array of `parameters` in place by this rule, from `gradients` of the same shapes.

        The rule keeps its state (velocity, averages) per array, in order: every call must pass
        arrays of the same shapes, as a training loop does (`reset` to start on others). Every
        argument is checked first: a bad one leaves every parameter and the rule's state as they were.
        """
        parameters, gradients = _checked_pairs(parameters, gradients)
        self._expect(parameters)
        self._apply(parameters, [g.astype(np.float64, copy=False) for g in gradients])

    def _expect(self, parameters) -> None:
        """The arrays to update have the shapes of those this rule's state was built for."""
        if self._state is not None and [s.shape for s in self._state[0]] != [p.shape for p in parameters]:
            raise ValueError(f"this {type(self).__name__} has updated arrays of shapes "
                             f"{[s.shape for s in self._state[0]]}, not {[p.shape for p in parameters]}: call "
                             f"reset() to use it on other parameters")

    def _apply(self, parameters, gradients) -> None:
        """The update itself, on arguments already checked (`step`, `minimize`, `backprop.train`)."""
        raise NotImplementedError


class SGD(_Rule):
    """Gradient descent with heavy-ball momentum (Polyak, 1964), as ``torch.optim.SGD(params, lr,
    momentum)`` with its defaults ``dampening=0, nesterov=False, weight_decay=0``.

    Each `step` keeps a velocity v per parameter, v = g at the first update, then
    ``v <- momentum * v + g``, and moves ``p <- p - learning_rate * v``. With ``momentum=0`` (the
    default) that is plain gradient descent, p <- p - learning_rate * g. `learning_rate` is a
    positive number, or a schedule: a function of the update number t = 1, 2, ... that returns
    the rate for update t, e.g. ``lambda t: 0.1 / (1 + t / 100)``.
    """

    def __init__(self, learning_rate, momentum=0.0):
        self.momentum = fraction(momentum, "momentum")
        super().__init__(learning_rate)

    def _apply(self, parameters, gradients) -> None:
        rate = self.rate()
        if self.momentum == 0:  # no velocity to keep
            for p, g in zip(parameters, gradients):
                p -= rate * g
        elif self._state is None:  # the first update: v = g
            self._state = ([g.copy() for g in gradients],)
            for p, v in zip(parameters, self._state[0]):
                p -= rate * v
        else:
            for p, g, v in zip(parameters, gradients, self._state[0]):
                v *= self.momentum
                v += g
                p -= rate * v
        self.updates += 1

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate!r}, momentum={self.momentum})"


class Adam(_Rule):
    """Adam (Kingma & Ba, 2015), as ``torch.optim.Adam(params, lr, betas, eps)`` with its defaults.

    Each `step` keeps two running averages per parameter, of the gradient and of its square,
    ``m <- β1 m + (1 - β1) g`` and ``v <- β2 v + (1 - β2) g²`` (both start at 0), corrects their
    bias towards 0 at update t, ``m̂ = m / (1 - β1^t)`` and ``v̂ = v / (1 - β2^t)``, and moves every
    coordinate by ``p <- p - learning_rate * m̂ / (√v̂ + eps)``: a step of about `learning_rate`
    in each coordinate, whatever the gradient's scale. `learning_rate` may be a schedule (see `SGD`).
    """

    def __init__(self, learning_rate=0.001, betas=(0.9, 0.999), eps=1e-8):
        if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
            raise TypeError(f"betas must be a pair of numbers (β1, β2), got {betas!r:.60}")
        self.betas = (fraction(betas[0], "betas[0]"), fraction(betas[1], "betas[1]"))
        self.eps = positive_finite(eps, "eps")
        super().__init__(learning_rate)

    def _apply(self, parameters, gradients) -> None:
        rate = self.rate()
        beta1, beta2 = self.betas
        if self._state is None:
            self._state = ([np.zeros(p.shape) for p in parameters], [np.zeros(p.shape) for p in parameters])
        t = self.updates + 1
        # In torch's order of operations: lerp for m, a scaled sum for v, the corrections last.
        step_size = rate / (1 - beta1**t)
        root_correction = math.sqrt(1 - beta2**t)
        for p, g, m, v in zip(parameters, gradients, *self._state):
            m += (1 - beta1) * (g - m)
            v *= beta2
            v += (1 - beta2) * g * g
            p -= step_size * m / (np.sqrt(v) / root_correction + self.eps)
        self.updates = t

    def __repr__(self):
        return f"Adam(learning_rate={self.learning_rate!r}, betas={self.betas}, eps={self.eps})"
