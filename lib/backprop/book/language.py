"""The book's languages: texts written in English in the code, said in the reader's language.

The book has an English and a Korean edition built from one set of notebooks, so every word the
library shows a reader (a self-check's verdict, an explorer's labels, verdicts and sentences, a
player's buttons, an exercise's labels, options and feedback) and every word the build tooling adds
(the printed book's labels, the download menu's entry) takes one route: it is written once, in
English, as a `Text`, and translated in the library's gettext catalog (`backprop.book.catalog`)::

    Text("{what} is too large.", what=what)

The English is the message (gettext's msgid); its Korean is the entry for it in
``backprop/book/locale/ko/LC_MESSAGES/backprop.po``, with ``context=`` (msgctxt) where the same
English needs two translations. To change or add a message, change the code, run `make catalogs`
(which extracts every `Text` from the code and merges them into the catalog, the old entry of a
changed message marked fuzzy), and translate what it lists. A message without a translation (new,
changed, or fuzzy) is said in English in a reader's kernel, and fails the tests
(tests/test_catalogs.py), so none reaches the book.

A `Text` keeps its message and its fields (which may be `Text` themselves, and are then written in
the same language); `Text.written` holds a text already written in every language, such as a
verdict composed in each. Where a text goes decides the language it is read in:

- in a kernel, ``str(text)`` is the reader's language, `reader_language()`: the environment
  variable ``BACKPROP_LANGUAGE`` (``en`` or ``ko``) if set, else English; `set_language` changes
  it for the session;
- a stored output or a kernel-free view carries every language (`Text.texts`, a dict
  {language: text}), and the built book shows the one of its edition: the myst-nb renderer in
  `backprop.book.mime` for outputs, the page's ``<html lang>`` for the views' scripts.
"""

from __future__ import annotations

import os

from .catalog import translated
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
    """One text in every language of the book: an English message, translated by the catalog, and fields.

    `message` is a `str.format` template in English; its translation comes from the library's catalog
    (`backprop.book.catalog`), looked up by `message` and `context` (gettext's msgctxt, for an English
    message that needs two translations; no field is named so), and English stands in for a
    translation the catalog lacks. `fields` fill every language's template, and a field that is a
    `Text` is written in the same language. A text without fields is said exactly as written (its
    braces are not fields). Two texts are equal when they read the same in every language.

    `Text.written` makes a text already written in every language, which the catalog does not hold.
    """

    __slots__ = ("message", "context", "fields", "_written")

    def __init__(self, message: str, *translations, context: str | None = None, **fields):
        if not isinstance(message, str) or not message:
            raise TypeError("a Text needs a non-empty English message")
        if translations:
            raise TypeError("a Text takes its English message only: its translations live in the library's catalog, "
                            "backprop/book/locale/<language>/LC_MESSAGES/backprop.po (make catalogs)")
        self.message, self.context, self.fields, self._written = message, context, fields, None

    @classmethod
    def written(cls, templates: dict, **fields) -> Text:
        """A text already written in every language, {language: template}: what the exercises' evaluator
        said in each, or a template of fields alone ("{a}{b}"). The catalog is not consulted."""
        if set(templates) != set(LANGUAGES) or not all(isinstance(value, str) for value in templates.values()):
            raise TypeError(f"a written Text needs a template in each of {list(LANGUAGES)}, got {templates!r}")
        text = cls.__new__(cls)
        text.message, text.context, text.fields, text._written = templates["en"], None, fields, dict(templates)
        return text

    def template(self, language: str) -> str:
        """The template of `language`: the written one, else the catalog's translation of the message."""
        if self._written is not None:
            return self._written[language]
        return translated(self.message, language, self.context)

    def text(self, language: str | None = None) -> str:
        """The text in `language` (default: the reader's)."""
        language = reader_language() if language is None else _checked(language)
        if not self.fields:  # a text without fields is said as written (its braces are not fields)
            return self.template(language)
        fields = {key: in_language(value, language) if isinstance(value, Text) else value
                  for key, value in self.fields.items()}
        return self.template(language).format(**fields)

    def texts(self) -> dict:
        """{language: text} for every language of the book."""
        return {language: self.text(language) for language in LANGUAGES}

    def __str__(self):
        return self.text()

    def __repr__(self):
        return f"<Text {self.texts()!r}>"

    def __eq__(self, other):
        return isinstance(other, Text) and self.texts() == other.texts()

    def __hash__(self):
        return hash(tuple(self.texts().items()))

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In Jupyter, the reader's language; stored or glued, every language (`backprop.book.mime.TEXTS`)."""
        return {"text/plain": self.text(), TEXTS: self.texts()}

    def __add__(self, other):
        """Two texts (or a text and a language-neutral string) one after the other."""
        return Text.written(dict.fromkeys(LANGUAGES, "{a}{b}"), a=self, b=other)

    def __radd__(self, other):
        return Text.written(dict.fromkeys(LANGUAGES, "{a}{b}"), a=other, b=self)


def in_language(value, language: str | None = None) -> str:
    """`value` as the reader of `language` reads it: a `Text` in that language, anything else as ``str``."""
    return value.text(language) if isinstance(value, Text) else str(value)


def texts(value) -> dict:
    """{language: text} of a `Text`, or of anything else (language-neutral, the same in each)."""
    return value.texts() if isinstance(value, Text) else {language: str(value) for language in LANGUAGES}


def join(parts, separator=" ") -> Text:
    """The parts (texts or strings) one after the other, in every language, `separator` between them:
    a string, the same in every language, or a `Text` (``Text("; ", context=...)``, a comma in Korean)."""
    parts = list(parts)
    if not parts:
        raise ValueError("join needs at least one part")
    templates = {language: in_language(separator, language).replace("{", "{{").replace("}", "}}").join(
        f"{{p{i}}}" for i in range(len(parts))) for language in LANGUAGES}
    return Text.written(templates, **{f"p{i}": part for i, part in enumerate(parts)})
