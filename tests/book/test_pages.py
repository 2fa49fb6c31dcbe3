"""pages: the glue helper works with myst-nb and quietly without it (Colab)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from backprop.book.mime import STORED_OUTPUTS
from backprop.book.pages import COLAB_INSTALL, REPOSITORY, glue

WITHOUT_MYST_NB = ("import sys; sys.modules['myst_nb'] = None\n"
                   "import IPython.display\n"
                   "IPython.display.display = lambda bundle, **kwargs: print(sorted(bundle), kwargs['metadata'])\n"
                   "from backprop.book.pages import glue\n"
                   "print(glue('loss', 0.25))")


def test_glue_without_myst_nb_does_nothing_and_raises_nothing():
    env = {key: value for key, value in os.environ.items() if key != STORED_OUTPUTS}
    result = subprocess.run([sys.executable, "-c", WITHOUT_MYST_NB], capture_output=True, text=True, check=True,
                            env=env)
    assert result.stdout == "None\n" and result.stderr == ""


def test_glue_without_myst_nb_still_records_where_outputs_are_stored():
    # The Colab simulation (tests/test_colab.py) compares every output with the stored ones.
    result = subprocess.run([sys.executable, "-c", WITHOUT_MYST_NB], capture_output=True, text=True, check=True,
                            env=os.environ | {STORED_OUTPUTS: "1"})
    assert result.stdout == ("['application/papermill.record/text/plain'] "
                             "{'scrapbook': {'name': 'loss', 'mime_prefix': 'application/papermill.record/'}}\nNone\n")


def test_glue_with_myst_nb_records_the_value(capsys):
    pytest.importorskip("myst_nb")
    glue("loss", 0.25)  # outside a kernel myst-nb's glue displays nothing; it must simply not fail
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("display", [False, True])
@pytest.mark.parametrize("value", [0.25, 1797, "a few words", [1, 2]])
def test_glue_writes_what_myst_nbs_own_glue_writes(value, display):
    # The book writes myst-nb's glue output itself (importing myst-nb's glue module costs seconds per
    # chapter); a change of myst-nb's format upstream fails here.
    pytest.importorskip("myst_nb")
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    from myst_nb.ext.glue import glue as myst_glue

    InteractiveShell.instance()  # a shell, so that display() publishes what it is given
    with capture_output() as ours:
        glue("loss", value, display=display)
    with capture_output() as theirs:
        myst_glue("loss", value, display=display)
    assert [(o.data, o.metadata) for o in ours.outputs] == [(o.data, o.metadata) for o in theirs.outputs]
    assert len(theirs.outputs) == 1 and theirs.outputs[0].metadata["scrapbook"]["name"] == "loss"


def test_glue_refuses_a_name_that_is_not_a_string():
    with pytest.raises(TypeError, match="name must be a non-empty string"):
        glue(None, 1.0)


def test_the_colab_install_names_the_repository_and_the_book_extra():
    assert COLAB_INSTALL == f"backprop[book] @ git+{REPOSITORY}"
