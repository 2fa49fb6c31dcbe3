"""The package: the engine stands alone (numpy only) and the book's helpers sit beside it, apart."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import backprop

from conftest import ROOT

ENGINE = ROOT / "lib" / "backprop"


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports (relative imports as '.name')."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or "").split(".")[0])
    return found


def test_importing_the_engine_loads_neither_matplotlib_nor_ipywidgets_nor_the_book():
    code = "import sys, backprop; print(sorted(m for m in sys.modules if m.split('.')[0] in " \
           "('matplotlib', 'ipywidgets', 'PIL', 'IPython') or m.startswith('backprop.book')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_engine_modules_use_numpy_and_the_standard_library_only():
    for path in sorted(ENGINE.glob("*.py")):
        outside = {name for name in imported_modules(path) if not name.startswith(".")} - {"numpy", "__future__"}
        assert outside <= set(sys.stdlib_module_names), f"{path.name} imports {sorted(outside)}"
        assert ".book" not in imported_modules(path), f"{path.name} imports the book's helpers"


def test_autograd_is_standard_library_only():
    # micrograd's point: the scalar engine needs nothing at all, so it can be read (and copied) alone.
    names = imported_modules(ENGINE / "autograd.py")
    assert names <= set(sys.stdlib_module_names) | {"__future__"}, sorted(names)


def test_the_engine_exports_a_few_dozen_names_and_all_of_them_exist():
    assert 20 <= len(backprop.__all__) <= 50
    assert all(hasattr(backprop, name) for name in backprop.__all__)
    assert sorted(backprop.__all__) == sorted(set(backprop.__all__))


def test_importing_the_book_package_imports_no_chapter_and_no_plotting_library():
    code = "import sys, backprop.book; print(sorted(m for m in sys.modules if m.startswith('backprop.book.') " \
           "or m.split('.')[0] in ('matplotlib', 'ipywidgets')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
