"""The theme's words in the edition's language, from the book's catalog ``locale/<language>/LC_MESSAGES/theme.po``.

A reader meets words the book does not write: the theme's links, buttons and labels ("Back to top",
"By", "Launch on"). The Korean catalogs of Sphinx and sphinx-book-theme lack some of them and word
others oddly ("By" is a bare particle there, "Fullscreen mode" lacks its space), so the book
translates them in ``theme.po``, checked with the page catalogs (tests/test_catalogs.py). It is not
extracted: the words are the theme's, and `make catalogs` extracts the book's own words (its
templates' go to ``sphinx.po``).

The theme looks its words up in two gettext domains, and ``theme.po`` is compiled into both, under
the build's doctree folder:

- "sphinx" (Sphinx's writers, the PyData theme's templates): registered with
  ``app.add_message_catalog``, the documented route. Sphinx consults a domain's catalogs in the order
  they were registered, and the ones before the book's (its ``sphinx.po``, Sphinx's own Korean
  catalog) have none of the words the theme looks up there.
- "booktheme" (sphinx-book-theme's templates and buttons): the theme registers its own Korean catalog
  as Jupyter Book loads it, before any of the book's extensions, so with ``add_message_catalog`` the
  theme's wording would win. No supported route puts a catalog ahead of one registered before it:
  `book_catalog_first` is a shim, guarded by tests/test_korean.py, which fails if Sphinx changes
  how it keeps a domain's catalogs (or starts letting a later one win, and the shim can go).
"""

from __future__ import annotations

import gettext
from pathlib import Path

CATALOG = "theme"
"""The book's catalog of the theme's words, beside the page catalogs: ``theme.po``."""
SUPPORTED_DOMAINS = ("sphinx",)
"""The domains whose catalogs the book's words can follow (the ones before it lack them)."""
SHIMMED_DOMAINS = ("booktheme",)
"""The domains whose own catalogs word some of the book's words otherwise: the book's must come first."""


def theme_catalog(srcdir, locale_dirs, language: str | None) -> Path | None:
    """The book's ``theme.po`` for `language` in its `locale_dirs`, if it has one."""
    for folder in locale_dirs:
        path = Path(srcdir, folder, language or "en", "LC_MESSAGES", f"{CATALOG}.po")
        if path.is_file():
            return path
    return None


def compile_catalog(source: Path, folder: Path, language: str, domains) -> Path:
    """`source` (a .po file) compiled into ``folder/<language>/LC_MESSAGES/<domain>.mo``, one file
    per domain; returns `folder`, a locale folder for ``app.add_message_catalog``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(source, "rb") as file:
        catalog = read_po(file, locale=language)
    messages = folder / language / "LC_MESSAGES"
    messages.mkdir(parents=True, exist_ok=True)
    for domain in domains:
        with open(messages / f"{domain}.mo", "wb") as file:
            write_mo(file, catalog)
    return folder


def book_catalog_first(domain: str, folder: Path, language: str) -> None:
    """SHIM: the book's catalog for `domain` (in `folder`) consulted before the ones registered so far.

    ``sphinx.locale.get_translation(domain)`` looks the words up, when a page is written, in
    ``sphinx.locale.translators[("general", domain)]``: a `gettext` translations object whose
    fallbacks are the domain's later catalogs. The book's becomes that object, with the previous one
    as its fallback, so a word the book does not translate still comes from the theme."""
    from sphinx import locale

    book = gettext.translation(domain, localedir=str(folder), languages=[language])
    book.add_fallback(locale.translators["general", domain])
    locale.translators["general", domain] = book


def theme_in_the_books_words(app, config):
    """Register the book's ``theme.po`` for the edition's language, if it has one (``config-inited``:
    every extension, the theme among them, has registered its catalogs)."""
    source = theme_catalog(app.srcdir, config.locale_dirs, config.language)
    if source is None:
        return
    folder = compile_catalog(source, Path(app.doctreedir) / "theme-words", config.language,
                             SUPPORTED_DOMAINS + SHIMMED_DOMAINS)
    for domain in SUPPORTED_DOMAINS:
        app.add_message_catalog(domain, str(folder))
    for domain in SHIMMED_DOMAINS:
        book_catalog_first(domain, folder, config.language)
