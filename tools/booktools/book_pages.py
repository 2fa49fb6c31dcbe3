"""Sphinx extension: the book's pages lean, offline and accessible, and its printed book on offer.

- Jupyter Book always loads sphinx-thebe, whose inline configuration names a CDN script and is
  registered once per read pass (so pages declare `THEBE_JS_URL` twice and log an error). The book
  runs code on Binder or Colab, never through thebe, so sphinx-thebe's script, stylesheet and inline
  configuration leave every page's assets (``html-page-context``), and its per-page configuration
  block leaves the doctree (``doctree-resolved``). Neither has an option that turns it off.
- A hidden code cell's toggle: myst-nb writes ``<summary aria-label="Toggle hidden content">``,
  which names it differently from the words it shows ("Show code cell source"), and screen readers
  announce the two inconsistently. The book's writer for myst-nb's node (``app.add_node`` with
  ``override=True``) leaves the label out, so the visible words name the toggle.
- The single-page build that the PDF is printed from (`booktools.make_pdf`): Sphinx looks up a
  node's HTML writer under the builder's name before its format, and sphinx-exercise registers its
  writers under "singlehtml", which hides the writers other extensions gave only "html" from that
  build. The toggle's writer is registered for both. The only other "html"-only writer the book's
  pages meet is sphinx-design's for docutils' ``container``, which writes what docutils' own does
  unless a sphinx-design directive made the container (the book uses none); a node with no writer
  at all fails the print build ("unknown node type").
- A figure too wide for a phone scrolls sideways in a box that the book's script (``_static/book.js``)
  marks with a visible hint, makes reachable by keyboard and names for screen readers; the words come
  in the edition's language (`SCRIPT_WORDS`, from the library's catalog like every word the library
  writes), as an inline script.
- A build that reads no page writes nothing either, not even the static files (Sphinx stops at "no
  targets are out of date"), so an edit of ``_static/book.css`` alone never reached the built book.
  When a static file differs from its copy, the landing page is read again (`static_files_changed`),
  which is enough for the build to go on and copy the static files.
- The printed book (`make pdf`, `booktools.config.pdf_name`): when the edition's PDF is in
  ``_build/pdf`` as the HTML is built, the download menu of every page offers it, and the build copies
  it next to ``index.html``; when it is not, the menu does not mention it (so the link is never dead).
"""

from __future__ import annotations

import filecmp
import json
import shutil
from html import escape
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode

from backprop.book.language import LANGUAGES, Text

from .config import pdf_name

PDF_ENTRY = (Text("Book (PDF)"), Text("The whole book, for print"))
"""The download menu's entry for the PDF (its words and tooltip), in the edition's language."""

SCRIPT_WORDS = {"wide_figure": Text("The figure is wider than the screen: scroll it sideways to see all of it.")}
"""The words the book's script (``_static/book.js``) writes into pages, as ``LNN_WORDS``: the hint under a
sideways-scrolling figure, which also names its box for screen readers."""

THEBE_FILES = {"_static/sphinx-thebe.js", "_static/sphinx-thebe.css"}
"""sphinx-thebe's script and stylesheet, as a page's assets name them."""
THEBE_INLINE = "const THEBE_JS_URL"
"""The start of sphinx-thebe's inline script (its CDN address and selectors)."""
THEBE_CONFIG_BLOCK = '<script type="text/x-thebe-config">'
"""The start of the configuration block sphinx-thebe appends to every page."""


def _is_thebe(asset) -> bool:
    return asset.filename in THEBE_FILES or asset.attributes.get("body", "").startswith(THEBE_INLINE)


def edition_language(app) -> str:
    """The edition's language, one of the book's (English for any other)."""
    language = (app.config.language or "en").split("_")[0]
    return language if language in LANGUAGES else "en"


def script_words(app, config):
    """``LNN_WORDS``, `SCRIPT_WORDS` in the edition's language, for the book's script on every page."""
    words = {key: text.text(edition_language(app)) for key, text in SCRIPT_WORDS.items()}
    app.add_js_file(None, body=f"const LNN_WORDS = {json.dumps(words, ensure_ascii=False)};")


def drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def drop_thebe_config(app, doctree, docname):
    for node in list(doctree.findall(nodes.raw)):
        if node.astext().lstrip().startswith(THEBE_CONFIG_BLOCK):
            node.parent.remove(node)


def visit_toggle(self, node):
    """myst-nb's toggle of a hidden cell, as myst-nb writes it but for the ``aria-label``."""
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_toggle(self, node):
    self.body.append("</details>\n")


def built_pdf(app) -> Path | None:
    """The edition's PDF made by `make pdf`, if there is one and this is a multi-page HTML build."""
    if app.builder.name not in ("html", "dirhtml"):
        return None
    path = Path(app.srcdir) / "_build" / "pdf" / pdf_name(app.config.language)
    return path if path.is_file() else None


def offer_pdf(app, pagename, templatename, context, doctree):
    pdf = built_pdf(app)
    if pdf is None:
        return
    text, tooltip = (words.text(edition_language(app)) for words in PDF_ENTRY)
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].append({
                "type": "link",
                "url": context["pathto"](pdf.name, 1),
                "text": text,
                "tooltip": tooltip,
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            })


def copy_pdf(app, exception):
    pdf = built_pdf(app) if exception is None else None
    if pdf is not None:
        shutil.copy2(pdf, Path(app.outdir) / pdf.name)


def static_files_changed(app, env, added, changed, removed):
    """[the landing page] when a file of ``html_static_path`` differs from its copy in the output, else []."""
    if app.builder.format != "html" or added or changed or removed:
        return []
    output = Path(app.outdir, "_static")
    for folder in app.config.html_static_path:
        source = Path(app.confdir, folder)
        for path in source.rglob("*") if source.is_dir() else []:
            copy = output / path.relative_to(source)
            if path.suffix.endswith("_t"):  # a template, which Sphinx writes out rendered (copybutton.js_t)
                continue
            if path.is_file() and (not copy.is_file() or not filecmp.cmp(path, copy, shallow=False)):
                return [app.config.root_doc]
    return []


def setup(app):
    app.setup_extension("myst_nb")  # its writer for the toggle is the one replaced
    toggle = (visit_toggle, depart_toggle)
    app.add_node(HideCodeCellNode, override=True, html=toggle, singlehtml=toggle)
    app.connect("config-inited", script_words)
    app.connect("build-finished", copy_pdf)
    app.connect("env-get-outdated", static_files_changed)
    # After sphinx-book-theme has made its download menu (priority 501).
    app.connect("html-page-context", offer_pdf, priority=600)
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
