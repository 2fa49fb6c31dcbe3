"""The library's messages, extracted from its code into its catalogs: `make catalogs`' second half.

Every word the library writes for a reader (self-check feedback, explorer and player labels,
exercise labels, options, rules and shared sentences) and every word the build tooling adds to the
book (the printed book's labels, the download menu's entry, a figure's label for screen readers) is
a `backprop.book.language.Text` written in English: ``Text("{what} is too large.", what=what)``.
Its Korean lives in the ``backprop`` catalog shipped with the library, ``backprop.po``
(`backprop.book.catalog`).

`messages` finds them by reading the code (Python's `ast`), not by running it, so a message in a
branch that no test reaches is found all the same. It refuses what it cannot read for sure: a
`Text` whose message or context is not a literal string (an f-string, a variable), and `Text`
imported under another name (it finds a `Text` called by that name). A text already written in
every language (`Text.written`: a verdict the evaluator composed, two texts joined) holds no
message of its own.

`update` writes the messages as the template ``backprop.pot`` and merges it into each language's
catalog with GNU msgmerge, as ``sphinx-intl`` does for the pages: a new message becomes an empty
entry, a changed one a fuzzy entry with the old translation as a start (``#| msgid`` shows the
English it was made for), one gone an obsolete entry (``#~``). The catalog tests fail until a
translator has dealt with each (tests/test_catalogs.py).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from backprop.book.catalog import DOMAIN

from .config import ROOT

SOURCES = ("lib/backprop/book", "tools/booktools")
"""The folders whose code writes messages for a reader: the book's helpers and the build tooling."""
LOCALE = Path("lib/backprop/book/locale")
"""Where the library's catalogs are, in the project folder: ``<language>/LC_MESSAGES/backprop.po``."""
PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*(?:![rsa])?(?::[^{}]*)?\}")
"""A field of a message (``{label}``, ``{bound:.0e}``), filled by `str.format` or by the exercises' `fill`."""
HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: Learning Neural Nets\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


@dataclass
class Message:
    """One message: its English (`msgid`), its `context` (msgctxt, where the same English needs two
    translations), and the files that write it."""

    msgid: str
    context: str | None = None
    files: list = field(default_factory=list)

    @property
    def has_fields(self) -> bool:
        """Whether the message has fields, which a translation must keep (msgfmt checks it)."""
        return bool(PLACEHOLDER.search(self.msgid))


def _literal(node, what: str, where: str) -> str:
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value):
        raise ValueError(f"{where}: a Text's {what} must be a non-empty literal string, so that `make catalogs` can "
                         f"read it; write the words in the call (fields go in keywords), or use Text.written for a "
                         f"text already written in every language")
    return node.value


def messages_in(path: Path, name: str) -> list[Message]:
    """The messages of the file at `path` (`name`: how references name it), in the order written."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=name)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name.split(".")[-1] == "Text" and alias.asname not in (None, "Text"):
                    raise ValueError(f"{name}:{node.lineno}: Text imported as {alias.asname}; `make catalogs` finds "
                                     f"messages by the name Text")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Text":
            where = f"{name}:{node.lineno}"
            if len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                raise ValueError(f"{where}: a Text takes one message, its English; fields go in keywords")
            context = next((k.value for k in node.keywords if k.arg == "context"), None)
            found.append((node.lineno, node.col_offset, Message(
                _literal(node.args[0], "message", where),
                None if context is None else _literal(context, "context", where), [name])))
    return [message for *_, message in sorted(found, key=lambda item: item[:2])]


def messages(root: Path = ROOT) -> list[Message]:
    """Every message the code under `root`'s `SOURCES` writes, once each, in the order of the files."""
    by_key = {}
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            for message in messages_in(path, name):
                known = by_key.setdefault((message.context, message.msgid), message)
                if name not in known.files:
                    known.files.append(name)
    return list(by_key.values())


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def template(found: list[Message]) -> str:
    """The .pot text of `found`: each message with the files that write it, and python-brace-format
    on those with fields (so that ``msgfmt --check`` fails on a translation that drops or adds one)."""
    entries = [HEADER]
    for message in found:
        lines = [f"#: {' '.join(message.files)}"]
        if message.has_fields:
            lines.append("#, python-brace-format")
        if message.context is not None:
            lines.append(f"msgctxt {_quoted(message.context)}")
        lines += [f"msgid {_quoted(message.msgid)}", 'msgstr ""']
        entries.append("\n".join(lines) + "\n")
    return "\n".join(entries)


def msgmerge() -> str:
    path = shutil.which("msgmerge")
    if path is None:
        raise RuntimeError("msgmerge (GNU gettext) is needed to merge the library's messages: apt-get install gettext")
    return path


def update(templates: Path, root: Path = ROOT) -> list[Path]:
    """Extract the messages of the code under `root` into ``templates/backprop.pot`` and merge it into
    each catalog under `root`'s `LOCALE`; returns the catalogs."""
    templates.mkdir(parents=True, exist_ok=True)
    pot = templates / f"{DOMAIN}.pot"
    pot.write_text(template(messages(root)), encoding="utf-8")
    catalogs = sorted((root / LOCALE).glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    for catalog in catalogs:
        merged = subprocess.run([msgmerge(), "--quiet", "--previous", "--no-wrap", "--output-file=-", str(catalog),
                                 str(pot)], check=True, capture_output=True, text=True, encoding="utf-8").stdout
        catalog.write_text(merged, encoding="utf-8")
    return catalogs
