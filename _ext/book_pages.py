"""Sphinx tweaks that keep the book's pages lean, offline and accessible.

- Jupyter Book always loads sphinx-thebe, whose inline configuration names a CDN script and is
  registered once per read pass (so pages declare `THEBE_JS_URL` twice and log an error). The book
  runs code on Binder or Colab, never through thebe, so its scripts, stylesheet and per-page
  configuration block are dropped.
- A hidden code cell's toggle (myst-nb's ``<summary aria-label="Toggle hidden content">``) would
  be named differently from the words it shows ("Show code cell source"), which screen readers
  announce inconsistently: the label goes, so the visible words name it.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

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


def setup(app):
    app.connect("build-finished", name_toggles_by_their_words)
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
