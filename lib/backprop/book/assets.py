"""The book's static assets (``static/``: the kernel-free views' JavaScript and CSS), read from the package."""

from __future__ import annotations

from importlib import resources


def static_asset(name: str) -> str:
    """The text of ``backprop/book/static/NAME``, to inline in a self-contained HTML view."""
    return resources.files("backprop.book").joinpath("static", name).read_text(encoding="utf-8")
