"""The student edition (make student): the chapters without solutions still run, and still ask."""

from __future__ import annotations

import json
import re

import pytest

from booktools.jupyterlab_session import interactive_cells
from booktools.student_edition import build_html, without_solutions, write_notebooks

from conftest import NOTEBOOKS


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text):
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [], "execution_count": None}


def test_solutions_go_and_everything_else_stays():
    cells = [
        md(":::{exercise}\n:label: a\nDo it.\n:::\n\n"
           ":::{solution} a\n:class: dropdown\nLike so.\n```python\nx = 1\n```\n:::"),
        code("print(check(answer))"),
        md("Text before.\n\n:::{solution-start} b\n:class: dropdown\n:::\nThe idea."),
        code("solution_b = 2"),
        md("More of it.\n:::{solution-end}\n:::\n\nText after."),
        md("## Summary"),
    ]
    kept = without_solutions(cells)
    text = "\n".join(cell["source"] for cell in kept)
    assert "{solution" not in text and "Like so" not in text and "The idea" not in text and "More of it" not in text
    assert ":::{exercise}" in text and "Text before." in text and "Text after." in text and "## Summary" in text
    assert [c["source"] for c in kept if c["cell_type"] == "code"] == ["print(check(answer))"]
    with pytest.raises(ValueError, match="never closed"):
        without_solutions([md(":::{solution} a\nno end")])
    with pytest.raises(ValueError, match="no \\{solution-end\\}"):
        without_solutions([md(":::{solution-start} b\n:::"), code("x = 1")])


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    output = tmp_path_factory.mktemp("student")
    return output, write_notebooks(output)


def test_every_exercise_and_self_check_is_kept_and_no_solution(edition):
    _, notebooks = edition
    assert [path.name for path in notebooks] == [path.name for path in NOTEBOOKS]
    for original, student in zip(NOTEBOOKS, notebooks):
        text = student.read_text(encoding="utf-8")
        assert "{solution" not in text, student.name
        source = original.read_text(encoding="utf-8").replace("\\n", "\n")
        labels = re.findall(r"\{exercise\}[^:]*:label: ([\w-]+)", source)
        assert labels and all(f":label: {label}" in text.replace("\\n", "\n") for label in labels), student.name


def run_in_jupyterlab(path) -> bool:
    """Whether tests/test_jupyterlab.py runs this student notebook (Run All in real JupyterLab, the
    self-checks' "No answer yet" asserted there): the chapters with an explorer or a player."""
    return bool(interactive_cells(path))


def test_every_student_notebook_is_run_by_one_of_the_two_tests(edition):
    _, notebooks = edition
    in_lab = {path.name for path in notebooks if run_in_jupyterlab(path)}
    assert in_lab == {path.name for path in NOTEBOOKS if interactive_cells(path)}
    assert in_lab and in_lab != {path.name for path in notebooks}, "one of the two tests would run nothing"


def test_the_student_notebooks_run_top_to_bottom(edition):
    """The chapters that tests/test_jupyterlab.py does not open: run here with nbclient."""
    import nbformat
    from nbclient import NotebookClient

    _, notebooks = edition
    for path in (path for path in notebooks if not run_in_jupyterlab(path)):
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        printed = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                          for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
        assert "No answer yet" in printed, f"{path.name}: the self-checks still ask for the reader's answers"


def test_the_student_book_builds_without_solutions(edition):
    output, _ = edition
    html = build_html(output)
    for page in sorted((html / "chapters").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'class="[^"]*\bsolution\b', text) and "solution-title" not in text, page.name
        assert 'class="exercise' in text or "exercise" in text, page.name
    assert json.loads((html / "_sources" / "chapters" / NOTEBOOKS[0].name).read_text(encoding="utf-8"))["cells"]
