"""The library's messages in the book's other languages: the catalog shipped with the package.

The code writes each message the library shows a reader in English (`backprop.book.language.Text`);
its Korean lives in one gettext catalog of the ``backprop`` domain, shipped as package data:
``backprop/book/locale/ko/LC_MESSAGES/backprop.po``. Colab installs the package from the repository,
so a reader there has the catalog too.

The catalog is read here as it is written, a .po file: Python's `gettext` reads only compiled .mo
files, which the repository does not keep (``*.mo`` is ignored), and a reader's kernel has neither
Babel nor msgfmt to compile one. Only a translated entry counts: a fuzzy one (its English changed
since it was translated) or an empty one is left out, so its message is said in English.

`make catalogs` extracts the messages from the code and merges them into the catalog
(`booktools.library_messages`), and tests/test_catalogs.py fails while any is untranslated, fuzzy
or obsolete: a changed English message cannot keep a stale translation.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

DOMAIN = "backprop"
"""The gettext domain of the library's messages: its catalogs are ``locale/<language>/LC_MESSAGES/backprop.po``."""

_KEYWORDS = ("msgctxt", "msgid", "msgstr")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_LINE = re.compile(r'(?:(?P<keyword>[a-z_\[\]0-9]+)\s+)?"(?P<text>(?:[^"\\]|\\.)*)"\s*$')


def _unquoted(text: str, where: str) -> str:
    def escape(match):
        if match.group(1) not in _ESCAPES:
            raise ValueError(f"{where}: unknown escape \\{match.group(1)} in a catalog string")
        return _ESCAPES[match.group(1)]

    return re.sub(r"\\(.)", escape, text)


def _entries(text: str, name: str):
    """Each entry of a .po file's `text` as (flags, {keyword: string}); obsolete entries (``#~``) left out."""
    flags, fields, keyword = set(), {}, None
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        line, where = line.strip(), f"{name}:{number}"
        starts_entry = not line or line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if starts_entry and "msgstr" in fields:  # the entry read so far is complete
            yield flags, fields
            flags, fields, keyword = set(), {}, None
        elif not line and fields:
            raise ValueError(f"{where}: an entry without a msgstr ends here")
        if line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        if not line or line.startswith("#"):  # flags, references, comments, obsolete entries
            continue
        match = _LINE.match(line)
        if match is None:
            raise ValueError(f"{where}: cannot read {line[:60]!r} (a .po line is a keyword and a quoted string)")
        if match["keyword"] is not None:
            keyword = match["keyword"]
            if keyword not in _KEYWORDS:
                raise ValueError(f"{where}: {keyword} is not used in the library's catalog (one msgstr per msgid)")
            fields[keyword] = ""
        elif keyword is None:
            raise ValueError(f"{where}: a continued string before any msgid")
        fields[keyword] += _unquoted(match["text"], where)


def read_catalog(text: str, name: str = "catalog") -> dict:
    """The translated entries of a .po file's `text`: {(msgctxt or None, msgid): msgstr}.

    Fuzzy, empty and obsolete entries, and the header, are left out; `name` says where an error is."""
    translations = {}
    for flags, fields in _entries(text, name):
        if "msgid" not in fields:
            raise ValueError(f"{name}: an entry without a msgid: {fields}")
        if fields["msgid"] and fields["msgstr"] and "fuzzy" not in flags:
            translations[fields.get("msgctxt"), fields["msgid"]] = fields["msgstr"]
    return translations


@functools.cache
def catalog(language: str) -> dict:
    """The library's catalog for `language` (read once per session; {} if the package has none)."""
    path = resources.files("backprop.book").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    if not path.is_file():
        return {}
    return read_catalog(path.read_text(encoding="utf-8"), f"backprop/book/locale/{language}/{DOMAIN}.po")


def translated(message: str, language: str, context: str | None = None) -> str:
    """`message` (English) in `language`: its catalog's translation, or `message` itself when the
    catalog has none (English, or a message extracted since the catalog was last translated)."""
    if language == "en":
        return message
    return catalog(language).get((context, message), message)
