"""The first view in Jupyter (issue 17): the chapters opened in real JupyterLab, in headless Chromium.

A JupyterLab server (this environment's, with its python3 kernel) runs on localhost over an
untrusted copy of the chapters, as a reader's fresh clone is: the student edition's copy (`make
student`), whose explorer and player cells, and their stored outputs, are the chapters' own, so one
Run All proves what a reader of either edition meets in JupyterLab, and that the student notebooks
run top to bottom in a real kernel with their self-checks still asking
(tests/test_student_edition.py runs the other chapters' student notebooks; nbval runs every cell of
the full chapters). For each chapter with an explorer or a backward player, opened without running
it: each such output shows its stored picture, the first view, and no control that cannot answer (no
slider, dropdown or button), and the page never says "This view needs JavaScript". Then Run All:
each explorer becomes its live ipywidgets view, and each of its controls, moved, redraws the image;
each player becomes live and steps. The time from a key press on an explorer's slider to its new
image is measured by `make bench` (`booktools.jupyterlab_session.measure_latency`), not here:
timings are not tests.

Chromium is Debian's and JupyterLab is a test requirement; with CI=true a missing one fails.
"""

from __future__ import annotations

import pytest

from booktools.jupyterlab_session import (
    JupyterLab,
    Lab,
    LiveExplorer,
    Missing,
    interactive_cells,
    require_jupyterlab,
)
from booktools.student_edition import write_notebooks

from conftest import NOTEBOOKS, missing

pytestmark = pytest.mark.browser

INTERACTIVE = {notebook.name: cells for notebook in NOTEBOOKS if (cells := interactive_cells(notebook))}
DEAD_CONTROLS = "input[type=range], select, button"


def test_the_chapters_have_the_explorers_and_players_this_suite_opens():
    kinds = {name: sorted({cell["kind"] for cell in cells}) for name, cells in INTERACTIVE.items()}
    assert kinds.get("02_gradient_descent.ipynb") == ["explorer"], kinds
    assert kinds.get("05_vanishing_gradients.ipynb") == ["explorer"], kinds
    assert "player" in sum(kinds.values(), []), kinds


@pytest.fixture(scope="module")
def lab_browser(browser):
    """The process's one Chromium (tests/conftest.py)."""
    return browser


@pytest.fixture(scope="module")
def jupyterlab(lab_browser, tmp_path_factory):
    """One JupyterLab server over a temporary copy of the student edition's interactive chapters,
    stopped (kernels and all) at the end."""
    try:
        require_jupyterlab()
    except Missing as error:
        missing(str(error))
    student = [path for path in write_notebooks(tmp_path_factory.mktemp("student")) if path.name in INTERACTIVE]
    with JupyterLab(student) as server:
        yield server


@pytest.fixture
def lab(lab_browser, jupyterlab):
    """A fresh page on the server; the kernels it started are shut down after the test."""
    page = Lab(lab_browser, jupyterlab)
    yield page
    page.close()
    jupyterlab.shutdown_kernels()


def check_first_view(lab, cell):
    output = lab.output(cell["index"])
    where = f"cell {cell['index']} ({cell['kind']})"
    output.locator(".jp-OutputArea-output").first.wait_for(state="attached", timeout=30_000)
    shown = output.evaluate("o => [...o.querySelectorAll('.jp-OutputArea-output')].map(e => e.dataset.mimeType)")
    image = output.locator(".jp-RenderedImage[data-mime-type='image/png'] img")
    assert image.count() == 1, f"{where}: the output shows {shown}, not one stored picture"
    image.wait_for(timeout=30_000)
    lab.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(),
                               timeout=30_000)  # the picture decodes
    assert image.get_attribute("src").startswith("data:image/png"), where
    renderer = output.locator(".jp-OutputArea-output").first
    assert "jp-mod-trusted" not in renderer.get_attribute("class"), f"{where}: the copy should be untrusted"
    dead = output.evaluate(f"o => [...o.querySelectorAll({DEAD_CONTROLS!r})].map(e => e.outerHTML.slice(0, 120))")
    assert dead == [], f"{where}: controls shown before the cell runs: {dead}"
    assert output.locator(".lnn-explorer, .lnn-player").count() == 0, f"{where}: the kernel-free view is shown"


def check_live_explorer(lab, cell, name):
    output = lab.output(cell["index"])
    explorer = LiveExplorer(lab, output)
    where = f"cell {cell['index']}"
    assert output.locator(".jp-RenderedImage").count() == 0, f"{where}: the first view is still shown"
    assert explorer.src().startswith("blob:"), f"{where}: the live image has no picture"
    sliders, dropdowns = explorer.sliders.count(), explorer.dropdowns.count()
    assert sliders + dropdowns > 0, f"{where}: the live view has no control"
    assert output.locator(".widget-slider, .widget-dropdown").count() == sliders + dropdowns, where
    labels = output.locator(".widget-slider .widget-label, .widget-dropdown .widget-label").all_inner_texts()
    if name == "02_gradient_descent":  # every control of the page's view, momentum β included
        assert labels == ["loss surface", "learning rate η", "steps", "momentum β"], f"{where}: {labels}"
    for index in range(sliders):
        for press in range(3):
            before = explorer.src()
            explorer.press(index)
            assert explorer.src() != before, f"{where}: slider {index}, press {press}: the image did not change"
    for index in range(dropdowns):
        before = explorer.src()
        explorer.choose(index)
        assert explorer.src() != before, f"{where}: dropdown {index}: the image did not change"


def check_live_player(lab, cell):
    output = lab.output(cell["index"])
    player = output.locator(".lnn-player[data-ready='true']")
    player.wait_for(timeout=30_000)
    assert output.locator(".jp-RenderedImage").count() == 0, f"cell {cell['index']}: the first view is still shown"
    frame = player.get_attribute("data-frame")
    player.locator("button[data-action='next']").click()
    lab.page.wait_for_function("([p, f]) => p.getAttribute('data-frame') !== f", arg=[player.element_handle(), frame],
                               timeout=10_000)


@pytest.mark.parametrize("name", sorted(INTERACTIVE))
def test_first_view_then_live_in_jupyterlab(jupyterlab, lab, name):
    cells = interactive_cells(jupyterlab.root_dir / name)  # the student copy's cell indices
    assert [cell["kind"] for cell in cells] == [cell["kind"] for cell in INTERACTIVE[name]], "a view was dropped"
    lab.open(name)
    for cell in cells:
        check_first_view(lab, cell)
    assert "This view needs JavaScript" not in lab.text()

    prompts = lab.run_all()
    errors = lab.errors()
    assert errors == [], f"Run All failed:\n{errors[0][-2000:]}"
    assert all(p.startswith("[") and p[1:-2].isdigit() for p in prompts), f"cells left unrun: {prompts}"
    for cell in cells:
        if cell["kind"] == "explorer":
            check_live_explorer(lab, cell, name.removesuffix(".ipynb"))
        else:
            check_live_player(lab, cell)
    text = lab.page.evaluate("document.body.textContent")
    assert "Error displaying widget" not in text
    assert "This view needs JavaScript" not in lab.text()
    assert "No answer yet" in lab.text(), "the student notebook's self-checks no longer ask for an answer"
    assert lab.remote_requests == [], f"requests left the machine: {lab.remote_requests[:5]}"
