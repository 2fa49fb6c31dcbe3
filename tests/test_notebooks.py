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

from booktools.fingerprint import KEY, fingerprint, library_fingerprint, why_stale

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
def test_the_stored_outputs_carry_the_fingerprint_of_their_code_and_library(path):
    # `make book` executes again a chapter whose fingerprint no longer matches (booktools.fingerprint),
    # so a chapter committed with a stale one would be rewritten by the first `make book` of a clone.
    reason = why_stale(json.loads(path.read_text(encoding="utf-8")), library_fingerprint())
    assert reason is None, f"{reason}: run `make notebooks`"


def test_a_fingerprint_follows_the_code_and_the_library_not_the_text():
    notebook = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    notebook["metadata"][KEY] = fingerprint(notebook, "library")
    assert why_stale(notebook, "library") is None
    next(c for c in notebook["cells"] if c["cell_type"] == "markdown")["source"] = ["An edited paragraph."]
    assert why_stale(notebook, "library") is None
    assert "library changed" in why_stale(notebook, "another library")
    next(c for c in notebook["cells"] if c["cell_type"] == "code")["source"].append("\nx = 1")
    assert "code changed" in why_stale(notebook, "library")
    del notebook["metadata"][KEY]
    assert "no fingerprint" in why_stale(notebook, "library")


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


NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")
MAX_GLUED_DIGITS = 10
ROUND_OFF = 1e-14


def significant_digits(literal: str) -> int:
    """Significant digits of a float literal as Python writes it: 0.14174210497518858 has 17."""
    mantissa = re.split("[eE]", literal.lstrip("+-"))[0]
    return len(mantissa.replace(".", "").strip("0")) or 1


def glued_floats(notebook: dict):
    """(name, text) of every glued value that is a float."""
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = "".join(output.get("data", {}).get("application/papermill.record/text/plain", ""))
            if name and re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+\.?\d*[eE][-+]?\d+)", text.strip()):
                yield name, text.strip()


def round_off_numbers(text: str) -> list[str]:
    """Printed numbers so small that, beside the order-1 quantities this book prints, they can only
    be the rounding gap between two computations (0 < |x| < 1e-14). A bound ("below 1e-15") is
    what to print instead, so bounds are not counted."""
    return [m for m in NUMBER.findall(re.sub(r"below [-+0-9.e]+", "", text)) if 0 < abs(float(m)) < ROUND_OFF]


def printed_texts(notebook: dict):
    """(code cell index, text) of what each cell prints, shows as plain text or glues."""
    for index, cell in enumerate(c for c in notebook["cells"] if c["cell_type"] == "code"):
        for output in cell["outputs"]:
            data = output.get("data", {})
            yield index, "".join(output.get("text", "")) + "".join(
                "".join(data.get(kind, "")) for kind in ("text/plain", "application/papermill.record/text/plain"))


def test_the_house_rules_catch_what_they_are_for():
    assert significant_digits("0.14174210497518858") == 17 and significant_digits("0.1417") == 4
    assert significant_digits("9.53674e-07") == 6 and significant_digits("536870912.0") == 9
    notebook = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "metadata": {"scrapbook": {"name": "sgd"}},
         "data": {"application/papermill.record/text/plain": "0.14174210497518858"}},
        {"output_type": "display_data", "metadata": {"scrapbook": {"name": "n"}},
         "data": {"application/papermill.record/text/plain": "1797"}}]}]}
    assert list(glued_floats(notebook)) == [("sgd", "0.14174210497518858")]
    assert round_off_numbers("largest gap: 5.2e-18, then below 1e-15, loss 0.0e+00, 9.09e-13") == ["5.2e-18"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_glued_floats_are_rounded_to_what_the_text_needs(path):
    # A float's full repr carries round-off digits that differ between machines.
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for name, text in glued_floats(notebook):
        assert significant_digits(text) <= MAX_GLUED_DIGITS, (
            f"glued {name!r} = {text} has {significant_digits(text)} significant digits: round it before glue()")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_printed_number_is_pure_round_off(path):
    # Round-off is shown as a bound ("below 1e-15", backprop.gradcheck.below_or_value), never as its digits.
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for index, text in printed_texts(notebook):
        found = round_off_numbers(text)
        assert not found, f"code cell {index} prints round-off {found}: print a bound instead (below_or_value)"


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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_chapter_imports_the_engine_and_its_own_helpers_only(path):
    # chapter -> module -> test in one hop: 03_chain_rule.ipynb imports from backprop.book.chain_rule.
    own = "backprop.book." + path.stem.split("_", 1)[1]
    allowed = {"backprop", "backprop.book.style", "backprop.book.pages", own}
    for cell in code_cells(path):
        for module in re.findall(r"^\s*(?:from|import) (backprop[\w.]*)", "".join(cell["source"]), re.M):
            assert module in allowed, f"{path.name} imports {module}; expected one of {sorted(allowed)}"


def colab_requirements(source: str) -> list[str]:
    """The requirements a set-up cell gives pip, each read whole: exactly the book's repository, not
    one whose address merely begins with it."""
    return re.findall(r"""["'](backprop\[[^"']*)["']""", source)


def test_the_install_check_catches_another_repository():
    # The breakage that once passed: "-old" appended to the repository in one chapter's set-up cell.
    from backprop.book.pages import COLAB_INSTALL

    source = "".join(code_cells(NOTEBOOKS[2])[0]["source"])
    assert colab_requirements(source) == [COLAB_INSTALL]
    assert colab_requirements(source.replace(COLAB_INSTALL, COLAB_INSTALL + "-old")) != [COLAB_INSTALL]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_chapter_installs_the_library_on_colab_first_and_does_nothing_elsewhere(path):
    from backprop.book.pages import COLAB_INSTALL, REPOSITORY

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["url"] == REPOSITORY, "the launch buttons and the Colab install must agree"
    first = code_cells(path)[0]
    source = "".join(first["source"])
    assert 'find_spec("google.colab")' in source, "the first cell is the Colab set-up"
    requirements = colab_requirements(source)
    assert requirements == [COLAB_INSTALL], f"{path.name} installs {requirements}, not {COLAB_INSTALL!r}"
    assert first["outputs"] == [], "off Colab the set-up cell prints nothing"
    assert "myst_nb" not in "".join("".join(c["source"]) for c in code_cells(path)), "glue via backprop.book.pages"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_chapter_carries_the_kernelspec_jupyterlab_writes(path):
    # Otherwise opening it in JupyterLab rewrites "Python 3" to "Python 3 (ipykernel)" and marks it modified.
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"] == {"display_name": "Python 3 (ipykernel)", "language": "python",
                                                  "name": "python3"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_an_interactive_view_is_stored_as_a_picture_first(path):
    # JupyterLab shows a stored (untrusted) text/html stripped of its scripts, styles and SVG: dead
    # controls. So an explorer or player stores no text/html: Jupyter shows its picture, with the line
    # "Run this cell to make it live", and the book renders the kernel-free view from its own type.
    from backprop.book.mime import RUN_TO_MAKE_LIVE, STATIC_VIEW

    for index, cell in enumerate(code_cells(path)):
        for output in cell["outputs"]:
            data = output.get("data", {})
            view = "".join(data.get(STATIC_VIEW, "")) + "".join(data.get("text/html", ""))
            if 'class="lnn-explorer"' in view or 'class="lnn-player"' in view:
                assert "text/html" not in data, f"code cell {index} stores an interactive view as text/html"
                assert "image/png" in data and STATIC_VIEW in data, f"code cell {index} lacks its first view"
    assert RUN_TO_MAKE_LIVE.startswith("Run this cell")


def test_every_chapter_opens_with_the_same_colab_set_up():
    """The Colab simulation (tests/test_colab.py) runs the chapters in order in one environment, so
    only the first chapter's set-up cell actually installs the library there. Every chapter's first
    cell is that very cell, character for character, so each chapter opened alone on Colab installs
    the library exactly as the simulated first one did."""
    first_cells = {path.name: "".join(code_cells(path)[0]["source"]) for path in NOTEBOOKS}
    assert len(set(first_cells.values())) == 1, first_cells


def test_a_figure_another_page_shows_is_the_one_its_chapter_stores():
    """The landing page shows a chapter's figure from ``figures/``; `make notebooks` writes it from
    the chapter's stored output, so the two are the same bytes."""
    import base64

    from booktools.execute_notebooks import SHARED_FIGURES

    found = {}
    for path in NOTEBOOKS:
        for cell in code_cells(path):
            for output in cell.get("outputs", []):
                name = output.get("metadata", {}).get("scrapbook", {}).get("name")
                if name in SHARED_FIGURES and "image/png" in output.get("data", {}):
                    found[name] = base64.b64decode(output["data"]["image/png"])
    assert set(found) == set(SHARED_FIGURES), "a shared figure that no chapter glues and displays"
    for name, target in SHARED_FIGURES.items():
        assert target.is_file(), f"{target.relative_to(ROOT)} is missing: run `make notebooks`"
        assert target.read_bytes() == found[name], f"{target.relative_to(ROOT)} is not the chapter's stored figure"
    landing = (ROOT / "intro.md").read_text(encoding="utf-8")
    referenced = set(re.findall(r"\bfigures/[\w.-]+\.png", landing))
    assert referenced <= {str(t.relative_to(ROOT)) for t in SHARED_FIGURES.values()}
    for name in referenced:  # shown at its stored size, as a chapter's output is: half its pixels (2x)
        width = int.from_bytes((ROOT / name).read_bytes()[16:20], "big")
        shown = re.search(rf"\{{figure\}} {re.escape(name)}\n(?::\w+:.*\n)*?:width: (\d+)px\n", landing)
        assert shown and int(shown.group(1)) == width // 2, f"{name}: give it :width: {width // 2}px"
