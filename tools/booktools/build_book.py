"""Build both editions of the book: `make book`, and the tests' build.

    python -m booktools.build_book [--stored-outputs] [OUTPUT]     (OUTPUT defaults to the project folder)

1. The English book, executing every chapter (`_config.yml`), into OUTPUT/_build/html.
2. The Korean book (``_config.yml`` with ``_config.ko-overlay.yml``: the same pages, their text from
   the catalogs in ``locale/ko/LC_MESSAGES``), into OUTPUT/_build/html/ko. It does not execute the
   notebooks again: it renders the outputs they store, which `make notebooks` wrote and `make test`
   checks against a fresh run (nbval), so both editions show the same numbers.

With ``--stored-outputs`` (the tests' build) the English book renders the stored outputs too,
as the Korean one does: nbval has already run every chapter and compared its outputs with them.
Each edition's configuration is written into OUTPUT/_build/config (`booktools.config`). Both builds
treat every warning as an error; the script stops at the first that fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .config import EDITIONS, ROOT, STORED_OUTPUTS, write_config


def jupyter_book_build(*arguments) -> list[str]:
    """The command of a whole build that fails on any warning: ``jupyter-book build --all -W ...``."""
    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    return [jupyter_book, "build", "--all", "-W", "-n", "--keep-going", *arguments]


def build(output: Path, stored_outputs: bool = False) -> int:
    env = {**os.environ, "BACKPROP_STORED_OUTPUTS": "1"}
    html = output / "_build" / "html"
    for edition in EDITIONS.values():
        config = write_config(output / "_build" / "config" / f"_config.{edition.language}.yml", edition.language,
                              STORED_OUTPUTS if stored_outputs else {})
        path_output = output / "_build" / f"edition-{edition.language}" if edition.folder else output
        command = jupyter_book_build("--config", str(config), "--path-output", str(path_output), str(ROOT))
        print(f"== {edition.language}: {' '.join(command[1:])}", flush=True)
        result = subprocess.run(command, cwd=ROOT, env=env)
        if result.returncode != 0:
            print(f"the {edition.language} build failed (exit {result.returncode})", file=sys.stderr)
            return result.returncode
        if edition.folder:
            target = html / edition.folder
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(path_output / "_build" / "html", target)
    return 0


def main(argv: list[str]) -> int:
    stored = "--stored-outputs" in argv
    folders = [a for a in argv if a != "--stored-outputs"]
    return build(Path(folders[0]).resolve() if folders else ROOT, stored_outputs=stored)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
