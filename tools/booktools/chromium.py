"""Debian's Chromium, which prints the book (`booktools.make_pdf`) and runs the browser tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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


def only_the_books_fonts(folder: Path) -> dict:
    """The environment of a Chromium that sees none of the machine's fonts, only DejaVu (matplotlib's
    copy, installed with the book): fontconfig reads a configuration written into `folder`. The pages
    bring their own Korean font (`booktools.korean_font`) and MathJax its own, so a page drawn this
    way is the same on every machine, whatever Korean fonts (Nanum, Noto CJK, both or none) it has:
    the printed book (`booktools.make_pdf`), and the browser tests that check the font is not needed."""
    import matplotlib

    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "fonts.conf"
    config.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>{Path(matplotlib.get_data_path(), "fonts", "ttf")}</dir>
<cachedir>{folder / "cache"}</cachedir></fontconfig>
""", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(config)}
