"""Build both editions of the book: `make book`, and the tests' build.

    python -m booktools.build_book [--fresh] [--stored-outputs] [OUTPUT]    (OUTPUT defaults to the project folder)

The site is the English book, OUTPUT/_build/html, with the Korean one in its ko/ folder (``_config.yml``
with ``_config.ko-overlay.yml``: the same pages, their text from the catalogs in ``locale/ko/LC_MESSAGES``).

Neither edition executes a chapter: both render the outputs the chapters store, which only code writes
(`make notebooks`) and `make test` checks against a fresh run (nbval). So both editions show the same
numbers, and a build costs only what Sphinx costs. The other way to a fast preview, executing at build
time behind a cache keyed on the code and the library, would keep a second copy of every output beside
the one the chapters store (which Binder, Colab, the tests and the printed book use): two copies that
can disagree. Here there is one, and the build keeps it current:

1. Each chapter's fingerprint (`booktools.fingerprint`: its code cells and the library) is compared
   with the one `make notebooks` stored with its outputs; a chapter whose code or library changed is
   executed again in place first, exactly as `make notebooks` would, and the build says so. An edited
   paragraph changes no fingerprint.
2. The two editions build at once, each in its own process, and Sphinx reads only the pages that
   changed since the last build (``--fresh``: every page, ``jupyter-book build --all``, into empty
   folders, so that nothing of an earlier build stays in the site). The Korean
   build follows its catalogs: an edited English paragraph is a new message (shown in English until
   `make catalogs` and a translator catch up), and an edited catalog is compiled again and its page
   read again.
3. The Korean book is copied into the English one's ko/ folder. It loads MathJax from the English
   book's copy (`booktools.config.shared_mathjax`), so the site carries MathJax's 24 MB once.

``--stored-outputs`` is the tests' build: it renders the outputs as stored without comparing
fingerprints, so it never writes to the chapters (nbval executes every chapter and compares its
outputs with them). Each edition's configuration is written into OUTPUT/_build/config
(`booktools.config`). Both builds treat every warning as an error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO

from .config import EDITIONS, ROOT, STORED_OUTPUTS, Edition, merged, shared_mathjax, write_config
from .execute_notebooks import chapters, execute_in_place
from .fingerprint import stale


def jupyter_book_build(*arguments, fresh: bool = True) -> list[str]:
    """The command of a build that fails on any warning, ``jupyter-book build --all -W ...`` (run by
    `booktools.run_jupyter_book`). Without `fresh`, no ``--all``: Sphinx reads only what changed since
    the last build into the same folder."""
    return [sys.executable, "-m", "booktools.run_jupyter_book", "build", *(["--all"] if fresh else []),
            "-W", "-n", "--keep-going", *arguments]


def refresh_stale_outputs() -> None:
    """Execute again, in place, every chapter whose stored outputs no longer match its code or the library."""
    found = stale(chapters())
    for path, why in found.items():
        print(f"{path.relative_to(ROOT)}: {why}; executing it again (as make notebooks does)", flush=True)
    if found:
        execute_in_place(list(found))


def edition_output(output: Path, edition: Edition) -> Path:
    """The edition's ``--path-output``: OUTPUT for the English book, OUTPUT/_build/edition-<language> else.
    Jupyter Book writes the edition's HTML into its ``_build/html``."""
    return output / "_build" / f"edition-{edition.language}" if edition.folder else output


def start(edition: Edition, output: Path, fresh: bool) -> tuple[list[str], subprocess.Popen, IO | None]:
    """Start the edition's build: (its command, its process, the log it writes; None for the English
    build, which speaks as it goes, while the others keep theirs to be shown once it is done)."""
    config = write_config(output / "_build" / "config" / f"_config.{edition.language}.yml", edition.language,
                          merged(STORED_OUTPUTS, shared_mathjax(edition.language)))
    path_output = edition_output(output, edition)
    if fresh:
        shutil.rmtree(path_output / "_build" / "html", ignore_errors=True)
    command = jupyter_book_build("--config", str(config), "--path-output", str(path_output), str(ROOT), fresh=fresh)
    env = {**os.environ, "BACKPROP_STORED_OUTPUTS": "1"}
    if not edition.folder:
        print(f"== {edition.language}: {' '.join(command)}", flush=True)
        return command, subprocess.Popen(command, cwd=ROOT, env=env), None
    path_output.mkdir(parents=True, exist_ok=True)
    log = open(path_output / "build.log", "w+", encoding="utf-8")
    return command, subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT), log


def build(output: Path, stored_outputs: bool = False, fresh: bool = False) -> int:
    if not stored_outputs:
        refresh_stale_outputs()
    started = {edition: start(edition, output, fresh) for edition in EDITIONS.values()}
    failed = 0
    for edition, (command, process, log) in started.items():
        returncode = process.wait()
        if log:
            print(f"== {edition.language}: {' '.join(command)}", flush=True)
            log.seek(0)
            sys.stdout.write(log.read())
            log.close()
        if returncode != 0:
            print(f"the {edition.language} build failed (exit {returncode})", file=sys.stderr)
            failed = failed or returncode
        elif edition.folder:
            target = output / "_build" / "html" / edition.folder
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(edition_output(output, edition) / "_build" / "html", target)
    return failed


def main(argv: list[str]) -> int:
    flags = {"--stored-outputs", "--fresh"}
    folders = [a for a in argv if a not in flags]
    return build(Path(folders[0]).resolve() if folders else ROOT,
                 stored_outputs="--stored-outputs" in argv, fresh="--fresh" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
