"""Debian's Chromium, which prints the book (`booktools.make_pdf`) and runs the browser tests."""

from __future__ import annotations

import os
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Headless, as root, on a machine whose network is closed: without the background-networking flags
Chromium keeps trying to reach Google's hosts."""

INSTALL = "apt-get install chromium"


def chromium_path() -> str | None:
    """The browser: ``$CHROMIUM`` if set, else Debian's ``chromium`` on the PATH; None if there is none."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
