"""Jupyter Book's command, as the ``jupyter-book`` script runs it, less an import that costs half a rebuild.

    python -m booktools.run_jupyter_book ARGUMENTS          (= jupyter-book ARGUMENTS; every build of the book)

Jupyter Book and nbformat import jsonschema, which imports rfc3987-syntax when it is installed, to
check IRIs against their grammar. JupyterLab, a test dependency, installs it, and it compiles 38
grammars as it is imported: about 3 s of processor time in every build process, about half of
what each edition's build costs after a paragraph's edit. No build checks an IRI (neither Jupyter
Book's configuration schema nor nbformat's uses the format), so the build runs as on a machine
without the package: a module set to None in ``sys.modules`` is missing to Python's import system,
and jsonschema goes without that one check. `tests/test_build.py` fails when jsonschema no longer
imports the package, or ``jupyter-book`` no longer runs the same function.
"""

import importlib
import sys

SKIPPED = "rfc3987_syntax"
COMMAND = "jupyter_book.cli.main:main"
"""The function the ``jupyter-book`` script runs (its console-script entry point)."""

if __name__ == "__main__":
    sys.modules.setdefault(SKIPPED, None)
    module, function = COMMAND.split(":")
    getattr(importlib.import_module(module), function)()
