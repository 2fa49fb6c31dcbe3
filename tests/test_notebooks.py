"""House rules for the chapter notebooks that nbval alone would not catch.

nbval compares fresh outputs with the stored ones, but it silently passes a code cell that has
no stored outputs; these tests make sure every chapter was executed top to bottom by
`make notebooks` and is listed in the table of contents.
"""

from __future__ import annotations

import ast
import json
import re

import pytest
import yaml

from conftest import NOTEBOOKS, ROOT


def code_cells(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code" and "".join(cell["source"]).strip()]


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    stack = list(toc.get("chapters", [])) + list(toc.get("parts", []))
    while stack:
        entry = stack.pop()
        if "file" in entry:
            files.append(entry["file"])
        stack.extend(entry.get("chapters", []) + entry.get("sections", []))
    return files


def test_there_are_chapters():
    assert NOTEBOOKS, "no notebooks in chapters/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_was_executed_in_order(path):
    cells = code_cells(path)
    counts = [cell["execution_count"] for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), "re-run `make notebooks`: execution counts are not 1..N"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cells_that_show_something_have_stored_output(path):
    # nbval passes a cell with no stored output whatever it now prints, so a cell that prints,
    # shows, glues or ends in an expression must carry its output.
    for index, cell in enumerate(code_cells(path)):
        if not cell["outputs"]:
            assert not shows_something("".join(cell["source"])), f"code cell {index} lost its stored output"


SHOWING_CALLS = {"print", "display", "show", "glue", "explore"}


def shows_something(source: str) -> bool:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in SHOWING_CALLS or (name or "").startswith(("plot_", "show_")):
                return True
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr) and not isinstance(last.value, ast.Call):
        return True
    return False


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_errors_stderr_or_machine_details_in_outputs(path):
    for cell in code_cells(path):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", "a stored output is an error"
            assert output.get("name") != "stderr", f"stderr in stored output: {''.join(output.get('text', ''))[:200]}"
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w.:/])/(?:work|tmp|root|home|Users)/", text), "a machine path is stored"
    assert not re.search(r" at 0x[0-9a-f]{6,}", text), "a memory address is stored"
    assert "sys.path" not in text, "chapters import the installed backprop; they never edit sys.path"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_alt_text(path):
    for index, cell in enumerate(code_cells(path)):
        if any("image/png" in output.get("data", {}) for output in cell["outputs"]):
            alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt.split()) >= 5, f"figure in code cell {index} needs alt text (metadata mystnb.image.alt)"


def test_table_of_contents_lists_every_chapter_and_only_existing_files():
    listed = toc_files()
    chapters = {f"chapters/{p.stem}" for p in NOTEBOOKS}
    assert chapters <= set(listed), f"chapters missing from _toc.yml: {sorted(chapters - set(listed))}"
    for entry in listed:
        assert any((ROOT / f"{entry}{suffix}").exists() for suffix in ("", ".md", ".ipynb")), entry
