"""Execute chapter notebooks in place, top to bottom in a fresh kernel, so stored outputs come only from code.

    python -m booktools.execute_notebooks [NOTEBOOK ...]    (make notebooks; default: every chapter)

BLAS runs on one thread here; the test suite replays the notebooks on two threads, and under other
BLAS kernels and SIMD levels, and compares. What is stored for each cell is decided by
`booktools.notebook_outputs.settle`: a figure that matches its stored version within re-execution
noise keeps the stored bytes, so running this twice, or on another machine, leaves no diff. Timing
metadata and widget state are not stored: they change on every run, and widget state would make
the built pages load ipywidgets' JavaScript from a CDN (so ipywidgets' view records, which cannot
be shown without it, are dropped too). Each chapter stores the fingerprint of its code and of the
library it ran on (`booktools.fingerprint`), by which `make book` knows its outputs are current.
A figure that another page shows as well (`SHARED_FIGURES`: the landing page's) is written out of
the chapter's stored output into ``figures/``, so that page shows the very picture the chapter drew.
"""

from __future__ import annotations

import base64
import copy
import os
import sys
from pathlib import Path

from .config import ROOT
from .fingerprint import KEY, fingerprint, library_fingerprint
from .notebook_outputs import settle  # shared with the test suite

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


SHARED_FIGURES = {"xor_output_maps": ROOT / "figures" / "xor_output_maps.png"}
"""Figures a page other than their chapter shows ({glued name: file}); the landing page, `intro.md`,
shows the first chapter's picture of the XOR network before and after training. The chapter glues
the figure under that name and displays it (``glue(name, figure, display=True)``)."""


def glued_figure(notebook, name: str) -> bytes | None:
    """The PNG that `notebook` glues and displays under `name` (its stored output), or None."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == name:
                return base64.b64decode(output["data"]["image/png"])
    return None


def write_shared_figures(notebook) -> None:
    """Write each of `SHARED_FIGURES` that `notebook` glues into its file, when its bytes changed."""
    for name, target in SHARED_FIGURES.items():
        png = glued_figure(notebook, name)
        if png is not None and (not target.exists() or target.read_bytes() != png):
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(png)


def chapters() -> list[Path]:
    """Every chapter notebook, in reading order."""
    return sorted((ROOT / "chapters").glob("*.ipynb"))


def execute(path: Path, library: str) -> int:
    """Execute one notebook in place, `library` being the library's fingerprint as the kernel starts;
    return how many code cells' stored outputs changed."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    stored = [copy.deepcopy(cell.get("outputs", [])) for cell in notebook.cells]
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    changed = 0
    for cell, old in zip(notebook.cells, stored):
        if cell.cell_type != "code":
            continue
        cell.outputs = [nbformat.from_dict(output) for output in settle(cell.outputs, old)]
        changed += cell.outputs != old
    notebook.metadata.pop("widgets", None)
    # The kernelspec JupyterLab writes, so that opening a chapter there does not mark it modified.
    notebook.metadata["kernelspec"] = KERNELSPEC
    notebook.metadata[KEY] = fingerprint(notebook, library)
    nbformat.write(notebook, path)
    write_shared_figures(notebook)
    return changed


def execute_in_place(paths: list[Path]) -> None:
    """Execute each notebook in place, as `make notebooks` does (`make book` too, for a stale chapter)."""
    for variable in THREAD_VARIABLES:
        os.environ[variable] = "1"
    os.environ["BACKPROP_STORED_OUTPUTS"] = "1"  # outputs made to be stored (backprop.book.mime)
    library = library_fingerprint()  # before any kernel imports the library
    for path in paths:
        print(f"executing {path.relative_to(ROOT)}", end=": ", flush=True)
        changed = execute(path, library)
        print(f"{changed} cell(s) with new outputs" if changed else "outputs unchanged", flush=True)


def main(argv: list[str]) -> int:
    execute_in_place([Path(p).resolve() for p in argv] or chapters())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
