"""Self-checks for exercises: the reader gives an answer and is told right or wrong, and why.

A checker never reveals the solution; it says what is off ("too large by a factor 2", "input x1 is
wrong") so the reader can try again. An answer left as ``None`` is reported as "no answer yet", so
a chapter can run top to bottom before the reader has tried anything. `Feedback` is every
checker's verdict; exercises whose answer is not code are checked from their declaration
(`backprop.book.exercises`), those that ask for code by their chapter's checkers, which call the
reader's function with `call_reader`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .language import LANGUAGES, Text, in_language
from .mime import TEXTS


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: `correct` and a message saying why (a `Text`, or a plain string).

    ``str(feedback)`` is in the reader's language; displayed, it also carries every language
    (under `backprop.book.mime.TEXTS`), so each edition of the book shows its own.
    """

    correct: bool | None
    message: Text | str

    MARKS = {True: Text("Right"), False: Text("Not yet"), None: Text("No answer yet")}

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


YOUR_FUNCTION = Text("your function")


def in_words(value) -> Text:
    """What `value` is, in words a reader knows (never a Python type name such as ``NoneType``)."""
    import numbers

    if isinstance(value, bool):
        return Text("True or False")
    if isinstance(value, numbers.Number):
        return Text("a number")
    if isinstance(value, str):
        return Text("a piece of text (a string)")
    if isinstance(value, (list, tuple)):
        return Text("a list")
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return Text("an array")
    if isinstance(value, dict):
        return Text("a dictionary")
    return Text("a value that is not a function")


def not_a_function(name: str, value) -> Feedback:
    """The verdict when the reader's answer, `name`, should be a function and is `value` instead."""
    return Feedback(False, Text("{name} should be a function (defined with def), but it is {what}.",
                                name=name, what=in_words(value)))


def call_reader(function, *args, name: Text | str = YOUR_FUNCTION):
    """Call a function the reader wrote: ``(result, None)``, or ``(None, Feedback)`` saying how it failed.

    The reader's code may raise anything; a checker reports it instead of crashing the cell.
    """
    try:
        return function(*args), None
    except Exception as error:  # noqa: BLE001  (any exception is the reader's to see)
        return None, Feedback(False, Text("{name} raised {kind}: {error}", name=name, kind=type(error).__name__,
                                          error=error))
