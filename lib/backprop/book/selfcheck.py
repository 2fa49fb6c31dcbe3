"""Self-checks for exercises: the reader gives an answer and is told right or wrong, and why.

A checker never reveals the solution; it says what is off ("too large by a factor 2", "input x1 is
wrong") so the reader can try again. An answer left as ``None`` is reported as "no answer yet", so
a chapter can run top to bottom before the reader has tried anything.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: `correct` and a message saying why."""

    correct: bool | None
    message: str

    def __str__(self):
        mark = {True: "Right", False: "Not yet", None: "No answer yet"}[self.correct]
        return f"{mark}: {self.message}"

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))


def no_answer(hint: str) -> Feedback:
    return Feedback(None, hint)


def check_number(answer, expected: float, *, rel_tol: float = 1e-3, abs_tol: float = 1e-9,
                 what: str = "your answer") -> Feedback:
    """Compare a numeric answer with `expected`, saying whether it is too large or too small."""
    if answer is None:
        return no_answer(f"set {what} and run the cell again.")
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return Feedback(False, f"{what} should be a number, got {type(answer).__name__}.")
    answer = float(answer)
    if not math.isfinite(answer):
        return Feedback(False, f"{what} is {answer}; expected a finite number.")
    if math.isclose(answer, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return Feedback(True, f"{what} matches.")
    direction = "too large" if answer > expected else "too small"
    return Feedback(False, f"{what} is {direction}.")


def check_array(answer, expected, *, rtol: float = 1e-5, atol: float = 1e-8, names=None,
                what: str = "your answer") -> Feedback:
    """Compare an array answer entry by entry; on a mismatch, name the entries that are off.

    `names` optionally labels the entries (e.g. ``["dL/dx1", "dL/dx2"]``) for the message.
    """
    if answer is None:
        return no_answer(f"set {what} and run the cell again.")
    expected = np.asarray(expected, dtype=np.float64)
    try:
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return Feedback(False, f"{what} should be numbers, got {type(answer).__name__}.")
    if answer.shape != expected.shape:
        return Feedback(False, f"{what} has shape {answer.shape}; expected shape {expected.shape}.")
    wrong = ~np.isclose(answer, expected, rtol=rtol, atol=atol)
    if not wrong.any():
        return Feedback(True, f"{what} matches in every entry.")
    flat = np.flatnonzero(wrong)
    labels = [names[i] for i in flat] if names is not None else [str(np.unravel_index(i, expected.shape)) for i in flat]
    shown = ", ".join(labels[:5]) + (" ..." if len(labels) > 5 else "")
    return Feedback(False, f"{len(flat)} of {expected.size} entries are off: {shown}.")


def call_reader(function, *args, name: str = "your function"):
    """Call a function the reader wrote: ``(result, None)``, or ``(None, Feedback)`` saying how it failed.

    The reader's code may raise anything; a checker reports it instead of crashing the cell.
    """
    try:
        return function(*args), None
    except Exception as error:  # noqa: BLE001  (any exception is the reader's to see)
        return None, Feedback(False, f"{name} raised {type(error).__name__}: {error}")
