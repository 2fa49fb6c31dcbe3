"""Colab, simulated offline: every chapter runs top to bottom where only Colab's packages are.

Colab preinstalls numpy, matplotlib, ipywidgets and ipykernel, but neither this library nor
myst-nb. The rocket button opens a chapter there, and the chapter's first cell installs the
library from the book's repository. This test builds that world on this machine:

- a fresh virtual environment with just those packages (at the book's pinned versions) and
  nbclient to run the notebooks;
- a stand-in ``google.colab`` module, which is how a chapter knows it is on Colab;
- git's ``url.<base>.insteadOf``, so that the repository's address leads to a local copy of this
  working tree;

then executes every chapter with nbclient and fails on any cell error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from backprop.book.pages import REPOSITORY

from conftest import NOTEBOOKS, ROOT

COLAB_PACKAGES = ("numpy", "matplotlib", "ipywidgets", "ipykernel", "nbclient", "nbformat")

RUN = textwrap.dedent("""
    import sys
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    failed = []
    for path in sys.argv[1:]:
        notebook = nbformat.read(path, as_version=4)
        try:
            NotebookClient(notebook, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": "."}}).execute()
        except CellExecutionError as error:
            failed.append(f"{path}: {str(error)[-1500:]}")
    print("\\n".join(failed) if failed else "every chapter ran")
    sys.exit(1 if failed else 0)
""")


def pinned(package: str) -> str:
    """The book's pin for `package` (requirements.txt, requirements-test.txt), as pip's requirement."""
    for name in ("requirements.txt", "requirements-test.txt"):
        match = re.search(rf"^{re.escape(package)}==(\S+)$", (ROOT / name).read_text(encoding="utf-8"), re.M | re.I)
        if match:
            return f"{package}=={match.group(1)}"
    return package


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def test_every_chapter_runs_on_colab_from_the_rocket_button(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is needed to install the library from the repository")
    # A repository holding this working tree, where the book's address will lead.
    repo = tmp_path / "repository"
    files = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git_env = os.environ | {"GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
    git_env.pop("BACKPROP_STORED_OUTPUTS", None)  # a reader's kernel, not one that makes stored outputs
    (tmp_path / "gitconfig").write_text(
        f'[url "file://{repo}"]\n\tinsteadOf = {REPOSITORY}\n[user]\n\tname = book\n\temail = book@localhost\n'
        "[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "the book"]):
        run(command, cwd=repo, env=git_env)

    # Colab's world: its packages, a google.colab module, no backprop, no myst-nb.
    venv = tmp_path / "colab"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    # --no-compile: Python compiles each module when it is first imported instead; byte-compiling
    # every file of these packages up front was half of this test's time.
    run([str(python), "-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check",
         *map(pinned, COLAB_PACKAGES)], env=git_env)
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    colab = venv / site.split(str(venv) + os.sep, 1)[1] / "google" / "colab"
    colab.mkdir(parents=True)
    (colab / "__init__.py").write_text('"""A stand-in for Colab\'s own module: its presence says "on Colab"."""\n')
    probe = "import importlib.util as u; print(u.find_spec('backprop'), u.find_spec('myst_nb'))"
    absent = run([str(python), "-c", probe])
    assert absent.stdout.split() == ["None", "None"]

    work = tmp_path / "opened"
    work.mkdir()
    notebooks = [shutil.copy2(path, work / path.name) for path in NOTEBOOKS]
    result = subprocess.run([str(python), "-c", RUN, *map(str, notebooks)], cwd=work, env=git_env,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    installed = run([str(python), "-c", "import backprop, sys; print(backprop.__file__)"]).stdout
    assert str(venv) in installed, "the chapters installed the library into Colab's environment"
