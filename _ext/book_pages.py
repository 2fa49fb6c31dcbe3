"""Sphinx tweaks that keep the book's pages lean, offline and accessible.

- Jupyter Book always loads sphinx-thebe, whose inline configuration names a CDN script and is
  registered once per read pass (so pages declare `THEBE_JS_URL` twice and log an error). The book
  runs code on Binder or Colab, never through thebe, so its scripts, stylesheet and per-page
  configuration block are dropped.
- A hidden code cell's toggle (myst-nb's ``<summary aria-label="Toggle hidden content">``) would
  be named differently from the words it shows ("Show code cell source"), which screen readers
  announce inconsistently: the label goes, so the visible words name it.
- The single-page build that the PDF is printed from (`scripts/make_pdf.py`): Sphinx looks up a
  node's HTML writer under the builder's name before its format, and sphinx-exercise registers
  writers under "singlehtml", which would hide every writer other extensions gave "html" (myst-nb's
  hidden-cell toggle among them). The single-page builder gets the "html" ones it lacks.
- The printed book (`make pdf`, `pdf_name`): when the edition's PDF is in ``_build/pdf`` as the
  HTML is built, the download menu of every page offers it, and the build copies it next to
  ``index.html``; when it is not, the menu does not mention it (so the link is never dead).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes

# The download menu's entry for the PDF, in each edition's language (English when it has none).
PDF_ENTRY = {"en": ("Book (PDF)", "The whole book, for print"), "ko": ("책 전체 (PDF)", "인쇄용 책 전체")}
TOGGLE_LABEL = '<summary aria-label="Toggle hidden content">'


def _is_thebe(asset) -> bool:
    filename = getattr(asset, "filename", asset) or ""
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" in str(filename) or "THEBE_JS_URL" in body


def drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def drop_thebe_config(app, doctree, docname):
    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext():
            node.parent.remove(node)


def name_toggles_by_their_words(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if TOGGLE_LABEL in html:
            page.write_text(html.replace(TOGGLE_LABEL, "<summary>"), encoding="utf-8")


def pdf_name(language: str | None) -> str:
    """The file name of an edition's PDF: learning-neural-nets.pdf, or learning-neural-nets.<language>.pdf."""
    return "learning-neural-nets.pdf" if language in (None, "", "en") else f"learning-neural-nets.{language}.pdf"


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
    text, tooltip = PDF_ENTRY.get(app.config.language or "en", PDF_ENTRY["en"])
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


def share_html_writers(app):
    if app.builder.name == "singlehtml":
        handlers = app.registry.translation_handlers
        handlers["singlehtml"] = {**handlers.get("html", {}), **handlers.get("singlehtml", {})}


def setup(app):
    app.connect("builder-inited", share_html_writers)
    app.connect("build-finished", copy_pdf)
    # After sphinx-book-theme has made its download menu (priority 501).
    app.connect("html-page-context", offer_pdf, priority=600)
    app.connect("build-finished", name_toggles_by_their_words)
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
