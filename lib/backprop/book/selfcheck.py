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

from .language import LANGUAGES, Text, in_language, join
from .mime import TEXTS


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: `correct` and a message saying why (a `Text`, or a plain string).

    ``str(feedback)`` is in the reader's language; displayed, it also carries every language
    (under `backprop.book.mime.TEXTS`), so each edition of the book shows its own.
    """

    correct: bool | None
    message: Text | str

    MARKS = {True: Text("Right", "정답"), False: Text("Not yet", "아직 아니다"),
             None: Text("No answer yet", "아직 답이 없다")}

    def text(self, language: str | None = None) -> str:
        """The verdict and its message in `language` (default: the reader's)."""
        return f"{in_language(self.MARKS[self.correct], language)}: {in_language(self.message, language)}"

    def texts(self) -> dict:
        return {language: self.text(language) for language in LANGUAGES}

    def __str__(self):
        return self.text()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": str(self), TEXTS: self.texts()}


def no_answer(hint) -> Feedback:
    return Feedback(None, hint)


YOUR_ANSWER = Text("your answer", "답")
YOUR_FUNCTION = Text("your function", "작성한 함수")


def check_number(answer, expected: float, *, rel_tol: float = 1e-3, abs_tol: float = 1e-9,
                 what: Text | str = YOUR_ANSWER) -> Feedback:
    """Compare a numeric answer with `expected`, saying whether it is too large or too small."""
    if answer is None:
        return no_answer(Text("set {what} and run the cell again.", "{what}에 값을 넣고 셀을 다시 실행하라.",
                              what=what))
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return Feedback(False, Text("{what} should be a number, got {kind}.",
                                    "{what}의 값은 수여야 하는데 {kind}이다.", what=what, kind=type(answer).__name__))
    answer = float(answer)
    if not math.isfinite(answer):
        return Feedback(False, Text("{what} is {answer}; expected a finite number.",
                                    "{what}의 값이 {answer}이다. 유한한 수여야 한다.", what=what, answer=answer))
    if math.isclose(answer, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return Feedback(True, Text("{what} matches.", "{what}의 값이 맞다.", what=what))
    if answer > expected:
        return Feedback(False, Text("{what} is too large.", "{what}의 값이 너무 크다.", what=what))
    return Feedback(False, Text("{what} is too small.", "{what}의 값이 너무 작다.", what=what))


def check_array(answer, expected, *, rtol: float = 1e-5, atol: float = 1e-8, names=None,
                what: Text | str = YOUR_ANSWER) -> Feedback:
    """Compare an array answer entry by entry; on a mismatch, name the entries that are off.

    `names` optionally labels the entries (e.g. ``["dL/dx1", "dL/dx2"]``) for the message.
    """
    if answer is None:
        return no_answer(Text("set {what} and run the cell again.", "{what}에 값을 넣고 셀을 다시 실행하라.",
                              what=what))
    expected = np.asarray(expected, dtype=np.float64)
    try:
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return Feedback(False, Text("{what} should be numbers, got {kind}.",
                                    "{what}은(는) 수로 이루어져야 하는데 {kind}이다.", what=what,
                                    kind=type(answer).__name__))
    if answer.shape != expected.shape:
        return Feedback(False, Text("{what} has shape {shape}; expected shape {expected}.",
                                    "{what}의 형태가 {shape}이다. 형태는 {expected}이어야 한다.", what=what,
                                    shape=answer.shape, expected=expected.shape))
    wrong = ~np.isclose(answer, expected, rtol=rtol, atol=atol)
    if not wrong.any():
        return Feedback(True, Text("{what} matches in every entry.", "{what}의 모든 항목이 맞다.", what=what))
    flat = np.flatnonzero(wrong)
    labels = [names[i] for i in flat] if names is not None else [str(np.unravel_index(i, expected.shape)) for i in flat]
    shown = join(labels[:5], ", ") + (" ..." if len(labels) > 5 else "")  # names may be Texts
    return Feedback(False, Text("{off} of {size} entries are off: {shown}.",
                                "{size}개 항목 가운데 {off}개가 틀렸다: {shown}.", off=len(flat), size=expected.size,
                                shown=shown))


def call_reader(function, *args, name: Text | str = YOUR_FUNCTION):
    """Call a function the reader wrote: ``(result, None)``, or ``(None, Feedback)`` saying how it failed.

    The reader's code may raise anything; a checker reports it instead of crashing the cell.
    """
    try:
        return function(*args), None
    except Exception as error:  # noqa: BLE001  (any exception is the reader's to see)
        return None, Feedback(False, Text("{name} raised {kind}: {error}", "{name}에서 {kind} 오류가 났다: {error}",
                                          name=name, kind=type(error).__name__, error=error))
