"""Bring the Korean catalogs in step with the English text: `make catalogs`.

    python -m booktools.update_catalogs [LOCALE]         (LOCALE defaults to locale/)

After an author edits a chapter's English text, or a message the library writes:

1. Sphinx's gettext builder writes the book's messages (every paragraph, heading, list item,
   table cell and figure alt text) as templates, one .pot per page, into _build/gettext.
2. ``sphinx-intl update`` merges them into ``LOCALE/ko/LC_MESSAGES/<page>.po``: a new or changed
   paragraph becomes an entry to translate (empty, or marked fuzzy with the old translation as a
   start), a paragraph that is gone becomes obsolete (``#~``).
3. The library's messages (every `backprop.book.language.Text` of the book's helpers and of this
   tooling: feedback, explorer and player labels, exercise labels, the printed book's words) are
   extracted from the code the same way and merged into the library's catalog,
   ``lib/backprop/book/locale/ko/LC_MESSAGES/backprop.po`` (`booktools.library_messages`; its
   template, ``backprop.pot``, goes to _build/library-gettext).
4. This script then lists, per catalog, what needs a translator: untranslated and fuzzy entries
   (fill in the ``msgstr``, delete the ``#, fuzzy`` line) and obsolete ones (delete them).

`make test` fails until every catalog is complete again (tests/test_catalogs.py), so the Korean
edition cannot fall behind the English one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import library_messages
from .build_book import jupyter_book_build
from .config import ROOT, STORED_OUTPUTS, write_config


def extract(output: Path) -> Path:
    """Write the book's message templates (.pot) under `output`; returns their folder.

    The build uses the English edition's configuration, rendering the stored outputs instead of
    executing the chapters (the English text is the source: with "ko", Sphinx would translate the
    figures' alt text before the gettext builder reads it).
    """
    english = write_config(output / "_config.en.yml", "en", STORED_OUTPUTS)
    command = jupyter_book_build("--config", str(english), "--builder", "custom", "--custom-builder", "gettext",
                                 "--path-output", str(output), str(ROOT))
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "BACKPROP_STORED_OUTPUTS": "1"})
    if result.returncode != 0:
        raise RuntimeError(f"the gettext build failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return output / "_build" / "gettext"


FORMAT_FLAGS = ("python-format", "python-brace-format")
"""Flags Babel guesses from a "%" or a "{" in a paragraph. The book's text is never formatted, and a
Korean particle after "99.3%" would read as a broken format string to ``msgfmt --check``."""


def merge(templates: Path, locale: Path) -> None:
    """``sphinx-intl update``: the templates merged into the Korean catalogs under `locale`."""
    from babel.messages.pofile import read_po, write_po

    sphinx_intl = str(Path(sys.executable).with_name("sphinx-intl"))
    subprocess.run([sphinx_intl, "update", "--pot-dir", str(templates), "--locale-dir", str(locale),
                    "--language", "ko", "--line-width", "79"], check=True, capture_output=True, text=True)
    for path in sorted((locale / "ko" / "LC_MESSAGES").rglob("*.po")):
        with open(path, "rb") as file:
            catalog = read_po(file, locale="ko")
        for message in catalog:
            for flag in FORMAT_FLAGS:
                message.flags.discard(flag)
        with open(path, "wb") as file:
            write_po(file, catalog, width=79, include_previous=True)


def needs_translator(locale: Path) -> dict:
    """{catalog: [problems]}: untranslated, fuzzy and obsolete entries of every Korean catalog."""
    from babel.messages.pofile import read_po

    problems = {}
    for path in sorted((locale / "ko" / "LC_MESSAGES").rglob("*.po")):
        with open(path, "rb") as file:
            catalog = read_po(file, locale="ko")
        found = []
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                found.append(f"fuzzy: {str(message.id)[:70]!r}")
            elif not message.string:
                found.append(f"untranslated: {str(message.id)[:70]!r}")
        found += [f"obsolete: {str(message_id)[:70]!r}" for message_id in catalog.obsolete]
        if found:
            problems[str(path.relative_to(locale))] = found
    return problems


def main(locale: Path) -> int:
    templates = extract(ROOT / "_build" / "gettext")
    merge(templates, locale)
    library_messages.update(ROOT / "_build" / "library-gettext")  # not beside the pages' (sphinx-intl merges all)
    library = ROOT / library_messages.LOCALE
    problems = {**needs_translator(locale), **{
        str(library.relative_to(ROOT) / name): found for name, found in needs_translator(library).items()}}
    for catalog, found in problems.items():
        print(f"{catalog}: {len(found)} to do")
        for problem in found:
            print(f"  {problem}")
    if not problems:
        print("Every Korean catalog is complete and in step with the English text.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "locale"))
