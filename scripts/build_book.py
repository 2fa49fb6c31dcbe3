"""Build both editions of the book: `make book`, and the tests' build.

    python scripts/build_book.py [--stored-outputs] [OUTPUT]     (OUTPUT defaults to the project folder)

1. The English book, executing every chapter (`_config.yml`), into OUTPUT/_build/html.
2. The Korean book (`_config.ko.yml`: the same pages, their text from the catalogs in
   ``locale/ko/LC_MESSAGES``), into OUTPUT/_build/html/ko. It does not execute the notebooks again:
   it renders the outputs they store, which `make notebooks` wrote and `make test` checks against
   a fresh run (nbval), so both editions show the same numbers.

With ``--stored-outputs`` (the tests' build) the English book renders the stored outputs too,
as the Korean one does: nbval has already run every chapter and compared its outputs with them.
Both builds treat every warning as an error; the script stops at the first that fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = (("en", "_config.yml", ""), ("ko", "_config.ko.yml", "ko"))
"""(language, configuration, folder under the English book's HTML)."""


def build(output: Path, stored_outputs: bool = False) -> int:
    from book_config import derived_config

    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    env = {**os.environ, "BACKPROP_STORED_OUTPUTS": "1"}
    html = output / "_build" / "html"
    for language, config, folder in EDITIONS:
        path_output = output if not folder else output / "_build" / f"edition-{language}"
        if stored_outputs and language == "en":
            config = derived_config(config, output / "_build" / "edition-en-config",
                                    {"execute.execute_notebooks": "off"})
        command = [jupyter_book, "build", "--all", "-W", "-n", "--keep-going", "--config", str(ROOT / config),
                   "--path-output", str(path_output), str(ROOT)]
        print(f"== {language}: {' '.join(command[1:])}", flush=True)
        result = subprocess.run(command, cwd=ROOT, env=env)
        if result.returncode != 0:
            print(f"the {language} build failed (exit {result.returncode})", file=sys.stderr)
            return result.returncode
        if folder:
            target = html / folder
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(path_output / "_build" / "html", target)
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    stored = "--stored-outputs" in arguments
    folders = [a for a in arguments if a != "--stored-outputs"]
    sys.exit(build(Path(folders[0]).resolve() if folders else ROOT, stored_outputs=stored))
