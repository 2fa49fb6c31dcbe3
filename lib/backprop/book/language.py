"""The book's languages: texts written in each of them side by side, and the reader's language.

The book has an English and a Korean edition built from one set of notebooks, so a text the
library shows a reader (a self-check's verdict, an explorer's labels, verdicts and sentences, a
player's buttons) is written once in each language, next to each other::

    Text("{what} is too large.", "{what}이(가) 너무 크다.", what=what)

A `Text` keeps its template per language and its fields (which may be `Text` themselves, and
are then written in the same language). Where it goes decides the language it is read in:

- in a kernel, ``str(text)`` is the reader's language, `reader_language()`: the environment
  variable ``BACKPROP_LANGUAGE`` (``en`` or ``ko``) if set, else English; `set_language` changes
  it for the session;
- a stored output or a kernel-free view carries every language (`Text.texts`, a dict
  {language: text}), and the built book shows the one of its edition: the myst-nb renderer in
  `backprop.book.mime` for outputs, the page's ``<html lang>`` for the views' scripts.
"""

from __future__ import annotations

import os

from .mime import TEXTS

LANGUAGES = ("en", "ko")
"""The book's languages: English and Korean."""

LANGUAGE_VARIABLE = "BACKPROP_LANGUAGE"
"""The environment variable that sets the reader's language in a kernel."""

_session_language: str | None = None


def _checked(language) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)}, got {language!r}")
    return language


def reader_language() -> str:
    """The language `str` writes a `Text` in: `set_language`'s, else ``BACKPROP_LANGUAGE``, else "en"."""
    if _session_language is not None:
        return _session_language
    value = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    return value if value in LANGUAGES else "en"


def set_language(language: str | None) -> None:
    """Write texts in `language` ("en" or "ko") from now on in this session; None goes back to the default."""
    global _session_language
    _session_language = None if language is None else _checked(language)


class Text:
    """One text in every language of the book: a template per language, and shared fields.

    `en` and `ko` are `str.format` templates; `fields` fill both, and a field that is a `Text` is
    written in the same language. A text without fields is said exactly as written. Two texts are
    equal when they read the same in every language.
    """

    __slots__ = ("templates", "fields")

    def __init__(self, en: str, ko: str, **fields):
        if not isinstance(en, str) or not isinstance(ko, str) or not en or not ko:
            raise TypeError("a Text needs a non-empty English and Korean template")
        self.templates = {"en": en, "ko": ko}
        self.fields = fields

    def text(self, language: str | None = None) -> str:
        """The text in `language` (default: the reader's)."""
        language = reader_language() if language is None else _checked(language)
        if not self.fields:  # a text without fields is said as written (its braces are not fields)
            return self.templates[language]
        fields = {key: in_language(value, language) if isinstance(value, Text) else value
                  for key, value in self.fields.items()}
        return self.templates[language].format(**fields)

    def texts(self) -> dict:
        """{language: text} for every language of the book."""
        return {language: self.text(language) for language in LANGUAGES}

    def __str__(self):
        return self.text()

    def __repr__(self):
        return f"Text({self.text('en')!r}, {self.text('ko')!r})"

    def __eq__(self, other):
        return isinstance(other, Text) and self.texts() == other.texts()

    def __hash__(self):
        return hash(tuple(self.texts().items()))

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In Jupyter, the reader's language; stored or glued, every language (`backprop.book.mime.TEXTS`)."""
        return {"text/plain": self.text(), TEXTS: self.texts()}

    def __add__(self, other):
        """Two texts (or a text and a language-neutral string) one after the other."""
        return Text("{a}{b}", "{a}{b}", a=self, b=other)

    def __radd__(self, other):
        return Text("{a}{b}", "{a}{b}", a=other, b=self)


def in_language(value, language: str | None = None) -> str:
    """`value` as the reader of `language` reads it: a `Text` in that language, anything else as ``str``."""
    return value.text(language) if isinstance(value, Text) else str(value)


def texts(value) -> dict:
    """{language: text} of a `Text`, or of anything else (language-neutral, the same in each)."""
    return value.texts() if isinstance(value, Text) else {language: str(value) for language in LANGUAGES}


def join(parts, separator=" ") -> Text:
    """The parts (texts or strings) one after the other, in every language, `separator` between them:
    one string for all languages, or one per language ({"en": "; ", "ko": ", "})."""
    parts = list(parts)
    if not parts:
        raise ValueError("join needs at least one part")
    separators = separator if isinstance(separator, dict) else dict.fromkeys(LANGUAGES, separator)
    templates = (separators[language].replace("{", "{{").replace("}", "}}").join(f"{{p{i}}}" for i in range(len(parts)))
                 for language in LANGUAGES)
    return Text(*templates, **{f"p{i}": part for i, part in enumerate(parts)})
