"""Colab, simulated offline: every chapter runs top to bottom where only Colab's packages are, and
gives its stored outputs there, under another CPU's code path.

Colab preinstalls numpy, matplotlib, ipywidgets and ipykernel, but neither this library nor
myst-nb. The rocket button opens a chapter there, and the chapter's first cell installs the
library from the book's repository. This test builds that world on this machine:

- a fresh virtual environment with just those packages and nbclient to run the notebooks, with
  everything they need: the very same installed distributions as this environment's (the book's
  pinned versions), linked in rather than installed again, so that no other package of this
  environment (neither the library nor myst-nb) is importable there;
- a stand-in ``google.colab`` module, which is how a chapter knows it is on Colab;
- git's ``url.<base>.insteadOf``, so that the repository's address leads to a local copy of this
  working tree;

then executes every chapter with nbclient, fails on any cell error, and compares every output with
the stored one as nbval and `nbval_outputs` do (`booktools.notebook_outputs.differences`). The run
takes OpenBLAS's Prescott kernel (`cpu_paths`), so it is also that code path's replay of the
chapters (tests/test_portability.py replays the other two): one execution proves both.

To be comparable, the outputs are made as stored ones are (``BACKPROP_STORED_OUTPUTS``, which
`backprop.book.mime` reads): that setting only picks which of a display's representations go in
the bundle (a player's live HTML, a self-check's words or its answer box; `glue` records its
value without myst-nb too). A reader's kernel, without it, runs every chapter's cells in
JupyterLab and under nbclient (tests/test_jupyterlab.py, tests/test_student_edition.py).
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from backprop.book.pages import REPOSITORY
from booktools.notebook_outputs import differences

import cpu_paths
from conftest import NOTEBOOKS, ROOT

CPU_PATH = "prescott"

COLAB_PACKAGES = ("numpy", "matplotlib", "ipywidgets", "ipykernel", "nbclient", "nbformat")

RUN = textwrap.dedent("""
    import sys
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    failed = []
    executed = sys.argv[1]
    for path in sys.argv[2:]:
        notebook = nbformat.read(path, as_version=4)
        try:
            NotebookClient(notebook, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": "."}}).execute()
        except CellExecutionError as error:
            failed.append(f"{path}: {str(error)[-1500:]}")
        nbformat.write(notebook, f"{executed}/{path.rsplit('/', 1)[-1]}")
    print("\\n".join(failed) if failed else "every chapter ran")
    sys.exit(1 if failed else 0)
""")


def pinned(package: str) -> str | None:
    """The book's pin for `package` (requirements.txt, requirements-test.txt): its version, or None."""
    for name in ("requirements.txt", "requirements-test.txt"):
        match = re.search(rf"^{re.escape(package)}==(\S+)$", (ROOT / name).read_text(encoding="utf-8"), re.M | re.I)
        if match:
            return match.group(1)
    return None


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def distributions_needed(packages) -> dict:
    """`packages` and everything they require (no extras), as this environment has them installed:
    {normalized name: importlib.metadata.Distribution}."""
    from packaging.requirements import Requirement

    found, wanted = {}, list(packages)
    while wanted:
        name = wanted.pop()
        if normalized(name) in found:
            continue
        distribution = importlib.metadata.distribution(name)
        found[normalized(name)] = distribution
        for requirement in map(Requirement, distribution.requires or []):
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                wanted.append(requirement.name)
    return found


def link_distributions(distributions: dict, into) -> None:
    """Symbolic links in `into` to each distribution's top-level files and folders in this
    environment's site-packages (its modules, its compiled libraries, its .dist-info), and to
    nothing else: what pip would have installed there, without installing it again."""
    into.mkdir(parents=True)
    for distribution in distributions.values():
        site = Path(distribution.locate_file(""))
        for top in {Path(str(f)).parts[0] for f in distribution.files or [] if not str(f).startswith("..")}:
            if (site / top).exists() and not (into / top).exists():
                (into / top).symlink_to(site / top)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """The chapters opened from the rocket button, in order, in one simulated Colab: the world's
    Python, the run's result, the executed notebooks' folder and the CPU path taken (or why not)."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to install the library from the repository")
    tmp_path = tmp_path_factory.mktemp("colab")
    # A repository holding this working tree, where the book's address will lead.
    repo = tmp_path / "repository"
    files = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git_env = os.environ | {"GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
    git_env["BACKPROP_STORED_OUTPUTS"] = "1"  # outputs made as the stored ones, to compare them (see above)
    (tmp_path / "gitconfig").write_text(
        f'[url "file://{repo}"]\n\tinsteadOf = {REPOSITORY}\n[user]\n\tname = book\n\temail = book@localhost\n'
        "[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "the book"]):
        run(command, cwd=repo, env=git_env)

    # Colab's world: its packages, a google.colab module, no backprop, no myst-nb.
    venv = tmp_path / "colab"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    distributions = distributions_needed(COLAB_PACKAGES)
    for package in COLAB_PACKAGES:
        version = pinned(package)
        assert version is None or distributions[normalized(package)].version == version, (package, version)
    assert not {"backprop", "myst-nb"} & set(distributions)
    link_distributions(distributions, tmp_path / "colab-packages")
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    site = venv / site.split(str(venv) + os.sep, 1)[1]
    (site / "colab-packages.pth").write_text(f"{tmp_path / 'colab-packages'}\n", encoding="utf-8")
    colab = site / "google" / "colab"
    colab.mkdir(parents=True)
    (colab / "__init__.py").write_text('"""A stand-in for Colab\'s own module: its presence says "on Colab"."""\n')
    probe = "import importlib.util as u; print(u.find_spec('backprop'), u.find_spec('myst_nb'))"
    absent = run([str(python), "-c", probe])
    assert absent.stdout.split() == ["None", "None"]
    present = run([str(python), "-c", "import numpy, matplotlib, ipywidgets, ipykernel, nbclient; print('ok')"])
    assert present.stdout.strip() == "ok"

    try:
        env, unavailable = cpu_paths.environment(CPU_PATH, git_env), None
    except cpu_paths.Unavailable as reason:  # the machine's own path: the outputs are compared all the same
        env, unavailable = git_env, str(reason)
    work, executed = tmp_path / "opened", tmp_path / "executed"
    work.mkdir()
    executed.mkdir()
    notebooks = [shutil.copy2(path, work / path.name) for path in NOTEBOOKS]
    result = subprocess.run([str(python), "-c", RUN, str(executed), *map(str, notebooks)], cwd=work, env=env,
                            capture_output=True, text=True, timeout=1800)
    return {"python": python, "venv": venv, "result": result, "executed": executed, "env": env,
            "unavailable": unavailable}


def test_every_chapter_runs_on_colab_from_the_rocket_button(colab):
    result = colab["result"]
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    installed = run([str(colab["python"]), "-c", "import backprop, sys; print(backprop.__file__)"]).stdout
    assert str(colab["venv"]) in installed, "the chapters installed the library into Colab's environment"


def test_on_colab_every_chapter_gives_its_stored_outputs(colab):
    """Every output of the Colab run is the stored one, as nbval and `nbval_outputs` compare them
    (text exactly, figures within noise)."""
    found = []
    for path in NOTEBOOKS:
        executed = colab["executed"] / path.name
        assert executed.is_file(), f"{path.name} was not run"
        fresh = [c for c in nbformat.read(executed, as_version=4).cells if c.cell_type == "code"]
        stored = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert len(fresh) == len(stored), path.name
        for index, (new, old) in enumerate(zip(fresh, stored)):
            if old.get("execution_count") is not None:
                found += [f"{path.name}, code cell {index}: {line}"
                          for line in differences(new.outputs, old.outputs)]
    assert not found, "\n".join(found[:20]) + "\nIf the change is intended, run `make notebooks`."


def test_the_colab_run_takes_another_cpu_code_path(colab):
    """Where the machine can, the Colab run is the Prescott replay: a Python started with the run's
    environment takes that kernel (`cpu_paths.check_in_effect`); elsewhere it says why it is not."""
    if colab["unavailable"]:
        pytest.skip(colab["unavailable"])
    cpu_paths.check_in_effect(colab["env"])
