"""Sphinx extension: the book's two editions, English and Korean, built from one set of notebooks.

- Every page links to the same page in the other edition (`language-switch.html`, in the article
  header, and ``<link rel="alternate" hreflang>`` in the head). The English book is
  ``_build/html``, the Korean one ``_build/html/ko`` (`booktools.config.EDITIONS`), so the link is
  the page's own path in the other edition's folder; the book's script keeps the reader's query and
  anchor on the way.
- The theme speaks the edition's language: the words its own catalogs lack or word oddly come from
  the book's catalog (`booktools.theme_words`).
- Search in Korean: Sphinx has no Korean stemmer, so the book registers one
  (`booktools.korean_search`) through Sphinx's search-language hook.
- A translated page's doctree as lean as an untranslated one (`translated_nodes_in_their_page`).
"""

from __future__ import annotations

import posixpath

from .config import EDITIONS
from .korean_search import SearchKorean
from .theme_words import theme_in_the_books_words

SWITCH = "language-switch.html"
"""The book's template of the link to the other edition (``_templates``)."""


def other_edition(app, pagename, templatename, context, doctree):
    """The link to this page in the other edition, for `language-switch.html` and the head."""
    language = (app.config.language or "en").split("_")[0]
    if language not in EDITIONS or app.builder.format != "html":
        return
    this = EDITIONS[language]
    [other] = [edition for edition in EDITIONS.values() if edition is not this]  # the book has two editions
    folder = posixpath.relpath(other.folder or ".", this.folder or ".")
    url = "../" * pagename.count("/") + f"{folder}/{pagename}.html"
    context["other_edition"] = {"label": other.name, "lang": other.language, "url": url}
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{other.language}" href="{url}">')


def translated_nodes_in_their_page(app, doctree):
    """Sphinx 7 parses each translated message as a document of its own and moves its nodes into the
    page, where they keep naming that document as theirs; its settings hold the whole build
    environment, which Sphinx strips from the page's own settings only. So each page of the Korean
    edition pickled the environment with it (3 MB a page, read again whenever a build looks at the
    page: every page, after any edit). Before the page is pickled (``doctree-read``), every node
    names the page as its document, as the nodes of an untranslated page do."""
    for node in doctree.findall():
        if node.document is not doctree:
            node.document = doctree


def add_switch_to_header(app, config):
    options = config.html_theme_options
    buttons = options.get("article_header_end", ["article-header-buttons.html"])
    if isinstance(buttons, str):
        buttons = [buttons]
    if SWITCH not in buttons:
        options["article_header_end"] = [SWITCH, *buttons]


def setup(app):
    app.add_search_language(SearchKorean)
    app.connect("config-inited", add_switch_to_header)
    app.connect("config-inited", theme_in_the_books_words)
    app.connect("html-page-context", other_edition)
    app.connect("doctree-read", translated_nodes_in_their_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
