"""How the book's interactive views reach each reader: the kernel-free view for the book, a picture first in Jupyter.

An explorer or a backward player is displayed with several representations, and each front end
picks the one it can use:

- the kernel-free HTML/JS view, under the book's own type `STATIC_VIEW` (not ``text/html``): the
  built book renders it through `StaticViewRenderer`, a myst-nb plugin this package registers;
- ``image/png``: the default view as a picture, with the line "Run this cell to make it live",
  which is what JupyterLab and Colab show of a stored output before the cell is run (an untrusted
  ``text/html`` would be shown instead, stripped of its scripts: dead controls);
- the live view once the cell runs: the ipywidgets view of an explorer, or, for a player, its
  HTML as ``text/html`` (trusted then), left out of stored outputs (`STORED_OUTPUTS`).
"""

from __future__ import annotations

import io
import os

STATIC_VIEW = "application/vnd.backprop.static-view+html"
"""The mime type of a kernel-free view: HTML that only the book's build renders."""

TEXTS = "application/vnd.backprop.texts+json"
"""The mime type of a text in every language of the book, {language: text} (see `backprop.book.language`):
the built book shows its edition's language, as a plain-text output."""

STORED_OUTPUTS = "BACKPROP_STORED_OUTPUTS"
"""Set (to 1) where outputs are made to be stored: `make notebooks`, nbval, the book's build."""

RUN_TO_MAKE_LIVE = "Run this cell to make it live."


def storing_outputs() -> bool:
    """True where the outputs being made are the ones the notebook stores (see `STORED_OUTPUTS`)."""
    return os.environ.get(STORED_OUTPUTS, "") not in ("", "0")


def first_view(png: bytes, line: str = RUN_TO_MAKE_LIVE) -> bytes:
    """`png` with `line` written under it: the picture a reader sees before running the cell."""
    from PIL import Image, ImageDraw, ImageFont

    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGB")
    font = ImageFont.load_default(size=max(14, picture.width // 40))
    band = int(font.size * 2.2)
    framed = Image.new("RGB", (picture.width, picture.height + band), "white")
    framed.paste(picture, (0, 0))
    ImageDraw.Draw(framed).text((picture.width // 2, picture.height + band // 2), line, fill="#222222",
                                font=font, anchor="mm")
    buffer = io.BytesIO()
    framed.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


def _edition_language(renderer) -> str:
    """The language of the edition being built ("en" unless Sphinx's `language` says otherwise); a
    text without that language is shown in English (`StaticViewRenderer.handle_mime`)."""
    env = getattr(getattr(renderer.renderer.document, "settings", None), "env", None)
    return (getattr(getattr(env, "config", None), "language", None) or "en").split("_")[0]


class StaticViewRenderer:
    """myst-nb mime renderer (entry point ``myst_nb.mime_renderers``) for the book's own types.

    - `STATIC_VIEW` as raw HTML. It outranks the picture in HTML builds; other builders (LaTeX,
      for a PDF) skip it and take the picture.
    - `TEXTS` as a plain-text output in the edition's language (the Korean book says the verdict
      of a self-check in Korean), or inline, for a `Text` glued into a paragraph with ``{glue}``.
      It outranks the stored English ``text/plain`` in every builder.
    """

    mime_priority_overrides = [("html", STATIC_VIEW, -10), ("dirhtml", STATIC_VIEW, -10),
                               ("singlehtml", STATIC_VIEW, -10), ("latex", STATIC_VIEW, None)] + [
        (builder, TEXTS, -20) for builder in ("html", "dirhtml", "singlehtml", "latex", "gettext")]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type == TEXTS:
            import dataclasses
            import json

            content = json.loads(data.content) if isinstance(data.content, str) else data.content
            text = dataclasses.replace(data, mime_type="text/plain",
                                       content=content.get(_edition_language(renderer)) or content["en"])
            return renderer.render_text_plain_inline(text) if inline else renderer.render_text_plain(text)
        if inline or data.mime_type != STATIC_VIEW:
            return None
        from docutils import nodes

        return [nodes.raw(text=data.content, format="html", classes=["output", "text_html"])]
