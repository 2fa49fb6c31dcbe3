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


BOOK = ENGINE / "book"
PRIVATE_FIELDS = ("_prev", "_local_grads", "_op")
"""`Value`'s private slots: the book reads the graph through `inputs`, `local_grads` and `op`."""


def _engine_imports(path: Path):
    """(module, names) of every import a book module makes from the engine, with the module as
    written (``""`` for ``from .. import``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 2 or (node.level == 0 and (node.module or "").split(".")[:1] == ["backprop"]
                                   and not (node.module or "").startswith("backprop.book")):
                module = (node.module or "") if node.level == 2 else node.module.removeprefix("backprop").lstrip(".")
                yield module, [alias.name for alias in node.names]


def test_the_book_uses_the_engines_public_api_only():
    import importlib
    import re

    for path in sorted(BOOK.glob("*.py")):
        for module, names in _engine_imports(path):
            assert not any(part.startswith("_") for part in module.split(".") if part), (path.name, module)
            public = backprop.__all__ if not module else [
                name for name in dir(importlib.import_module(f"backprop.{module}")) if not name.startswith("_")]
            private = [name for name in names if name.startswith("_") or name not in public]
            assert not private, f"{path.name} imports {private} from backprop.{module}, outside its public names"
        source = path.read_text(encoding="utf-8")
        for field in PRIVATE_FIELDS:
            assert not re.search(rf"\.{field}\b", source), f"{path.name} reads Value.{field}; use the public API"


def test_the_book_modules_import_one_another_without_a_circle():
    """Every import between book modules, at the top of a file or inside a function, points one way."""
    imports = {}
    for path in sorted(BOOK.glob("*.py")):
        imports[path.stem] = {name[1:] for name in imported_modules(path)
                              if name.startswith(".") and not name.startswith("..") and name != "."}
    state = {}

    def visit(module, trail):
        if state.get(module) == "done":
            return
        assert state.get(module) != "open", f"an import circle: {' -> '.join(trail + [module])}"
        state[module] = "open"
        for other in sorted(imports.get(module, ())):
            visit(other, trail + [module])
        state[module] = "done"

    for module in imports:
        visit(module, [])


def test_no_code_of_the_book_edits_the_import_path():
    # The engine and the build tooling are installed packages (requirements.txt); scripts, extensions
    # and tests import them as they are, never by putting a folder on sys.path.
    folders = ("lib", "tools", "scripts", "tests")
    found = [str(path.relative_to(ROOT)) for folder in folders for path in (ROOT / folder).rglob("*.py")
             if "sys.path.insert" in path.read_text(encoding="utf-8") and path.name != "test_package.py"]
    assert found == []


def test_the_package_ships_the_catalogs_that_translate_the_books_helpers():
    """Colab installs the package from the repository: its package data must carry every catalog."""
    import fnmatch
    import re

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    patterns = ast.literal_eval(re.search(r'^"backprop\.book" = (\[.*\])$', pyproject, flags=re.M).group(1))
    catalogs = [path.relative_to(BOOK).as_posix() for path in sorted((BOOK / "locale").rglob("*.po"))]
    assert catalogs == ["locale/ko/LC_MESSAGES/backprop.po"]
    assert all(any(fnmatch.fnmatch(name, pattern) for pattern in patterns) for name in catalogs), patterns


MAX_MODULE_LINES = 400


def test_every_module_holds_one_idea_in_at_most_400_lines():
    # A module past this size holds more than one idea: split it, and re-export from the chapter's module.
    long = {str(path.relative_to(ROOT)): n for folder in ("lib/backprop", "tools/booktools")
            for path in (ROOT / folder).rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}
