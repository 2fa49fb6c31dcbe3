"""The book's static assets (``static/``: the kernel-free views' JavaScript and CSS), read from the package."""

from __future__ import annotations

from importlib import resources


def static_asset(name: str) -> str:
    """The text of ``backprop/book/static/NAME``, to inline in a self-contained HTML view."""
    return resources.files("backprop.book").joinpath("static", name).read_text(encoding="utf-8")


def view_scripts(*names: str) -> str:
    """The ``<script>`` elements of a kernel-free view: the book's shared `language.js` (which picks
    each text's language from the page), then the scripts ``static/NAME``, in order (a shared one,
    such as ``scroll_box.js``, before the view's own)."""
    return "".join(f"<script>{static_asset(name)}</script>" for name in ("language.js", *names))
