"""Colab, simulated offline: every chapter runs top to bottom where only Colab's packages are.

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

then executes every chapter with nbclient and fails on any cell error.
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

    work = tmp_path / "opened"
    work.mkdir()
    notebooks = [shutil.copy2(path, work / path.name) for path in NOTEBOOKS]
    result = subprocess.run([str(python), "-c", RUN, *map(str, notebooks)], cwd=work, env=git_env,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    installed = run([str(python), "-c", "import backprop, sys; print(backprop.__file__)"]).stdout
    assert str(venv) in installed, "the chapters installed the library into Colab's environment"
