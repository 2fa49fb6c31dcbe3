"""Execute chapter notebooks in place, top to bottom in a fresh kernel, so stored outputs come only from code.

    python scripts/execute_notebooks.py [NOTEBOOK ...]    (default: every notebook in chapters/)

BLAS runs on one thread here; the test suite replays the notebooks on two threads and compares,
so the stored outputs are shown not to depend on the thread count. Timing metadata and widget
state are not stored: they change on every run, and widget state would make the built pages
load ipywidgets' JavaScript from a CDN.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def execute(path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)


def main(argv: list[str]) -> int:
    for variable in THREAD_VARIABLES:
        os.environ[variable] = "1"
    paths = [Path(p).resolve() for p in argv] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        print(f"executing {path.relative_to(ROOT)}", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
