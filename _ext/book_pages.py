"""Sphinx tweaks that keep the book's pages lean, offline and accessible.

- Jupyter Book always loads sphinx-thebe, whose inline configuration names a CDN script and is
  registered once per read pass (so pages declare `THEBE_JS_URL` twice and log an error). The book
  runs code on Binder or Colab, never through thebe, so its scripts, stylesheet and per-page
  configuration block are dropped.
"""

from __future__ import annotations

from docutils import nodes


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


def setup(app):
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
