"""Whether a chapter's stored outputs are current: a fingerprint of what they were computed from.

Every build of the book renders the outputs the chapters store, which only code writes (`make
notebooks`, `booktools.execute_notebooks`) and `make test` checks against a fresh run (nbval). So
that the book never shows an output its code no longer makes, `make notebooks` stores with each
chapter a fingerprint of what its outputs come from, in its metadata (`KEY`):

- ``code``: the chapter's code cells, in order. Its text (markdown cells) is not in it: an edited
  paragraph leaves the outputs as they are, and the book rebuilds at once.
- ``library``: every file of the library the chapters import (``lib/backprop``: its code, data,
  browser scripts and catalogs) and the pinned packages it runs on (``requirements.txt``).

`make book` (`booktools.build_book`) compares each chapter's fingerprint with its code and the
library as they are now (hashes only: well under a second) and executes again exactly the chapters
whose fingerprint changed, before it builds; a test fails a chapter committed with a stale one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .config import ROOT

KEY = "booktools"
"""The notebook metadata key of the fingerprint: ``{"outputs_from": {"code": ..., "library": ...}}``."""
FIELD = "outputs_from"

LIBRARY_SOURCES = ("lib/backprop", "requirements.txt")
"""What every chapter's outputs depend on besides its own code, under the project folder: a folder
stands for every file in it but caches (``__pycache__``) and hidden files (an editor's, say)."""


def _files(name: str) -> list[Path]:
    path = ROOT / name
    found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return [p for p in found if not any(part == "__pycache__" or part.startswith(".")
                                        for part in p.relative_to(ROOT).parts)]


def library_fingerprint() -> str:
    """The SHA-256 of every file of `LIBRARY_SOURCES`, each with its path."""
    digest = hashlib.sha256()
    for path in (p for name in LIBRARY_SOURCES for p in _files(name)):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def code_fingerprint(notebook: dict) -> str:
    """The SHA-256 of the notebook's code cells, in order (a notebook as nbformat reads it or as JSON)."""
    digest = hashlib.sha256()
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            source = cell["source"]
            digest.update(("".join(source) if isinstance(source, list) else source).encode() + b"\0")
    return digest.hexdigest()


def fingerprint(notebook: dict, library: str) -> dict:
    """What `make notebooks` stores as ``metadata[KEY]``; `library` is `library_fingerprint()`."""
    return {FIELD: {"code": code_fingerprint(notebook), "library": library}}


def why_stale(notebook: dict, library: str) -> str | None:
    """Why the notebook's stored outputs may no longer be what its code makes, or None if they are current."""
    stored = notebook.get("metadata", {}).get(KEY, {}).get(FIELD)
    if stored is None:
        return "its outputs carry no fingerprint"
    if stored.get("code") != code_fingerprint(notebook):
        return "its code changed since its outputs were stored"
    if stored.get("library") != library:
        return "the library changed since its outputs were stored"
    return None


def stale(paths: list[Path]) -> dict[Path, str]:
    """{chapter: why} for every chapter in `paths` whose stored outputs are not current."""
    library = library_fingerprint()
    found = {}
    for path in paths:
        reason = why_stale(json.loads(path.read_text(encoding="utf-8")), library)
        if reason:
            found[path] = reason
    return found
