"""pytest plugin, loaded for every run (`-p nbval_outputs` in pyproject.toml): nbval compares what
a chapter prints; this compares the rest of what `make notebooks` would store.

nbval skips figures (`image/png`) and metadata. After each notebook cell nbval has executed,
this checks the fresh outputs against the stored ones as `make notebooks` would store them
(`booktools.notebook_outputs.differences`): every figure within re-execution noise, and every other field
exactly. So a stored figure that no longer matches its code, or a cell whose outputs would be
rewritten by the next `make notebooks`, fails here, without executing the book a second time.
"""

from __future__ import annotations

import functools
import os

import nbformat
import pytest

from booktools.notebook_outputs import differences

# Outputs made in a test run are compared with the stored ones, so they are made as stored outputs
# are (backprop.book.mime.STORED_OUTPUTS). This plugin is loaded by every run (pyproject's addopts),
# `pytest chapters` alone included, so nbval's kernels and the book's build inherit the setting.
os.environ.setdefault("BACKPROP_STORED_OUTPUTS", "1")


@functools.cache
def stored_code_cells(path: str) -> list:
    """The notebook's code cells as the file stores them (nbval edits its own copy's streams)."""
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    fresh = getattr(item, "test_outputs", None)
    if type(item).__name__ == "IPyNbCell" and fresh is not None:
        cell = stored_code_cells(str(item.fspath))[item.cell_num]
        found = differences(fresh, cell.get("outputs", [])) if cell.get("execution_count") is not None else []
        if found:
            pytest.fail(f"{item.name}: re-executing does not reproduce the stored "
                        "outputs:\n  " + "\n  ".join(found) + "\nIf the change is intended, run `make notebooks`.",
                        pytrace=False)
    return result
