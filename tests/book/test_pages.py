"""pages: the glue helper works with myst-nb and quietly without it (Colab)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from backprop.book.pages import COLAB_INSTALL, REPOSITORY, glue


def test_glue_without_myst_nb_does_nothing_and_raises_nothing():
    code = ("import sys; sys.modules['myst_nb'] = None\n"
            "from backprop.book.pages import glue\n"
            "print(glue('loss', 0.25))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "None\n" and result.stderr == ""


def test_glue_with_myst_nb_records_the_value(capsys):
    pytest.importorskip("myst_nb")
    glue("loss", 0.25)  # outside a kernel myst-nb's glue displays nothing; it must simply not fail
    assert capsys.readouterr().err == ""


def test_glue_refuses_a_name_that_is_not_a_string():
    with pytest.raises(TypeError, match="name must be a non-empty string"):
        glue(None, 1.0)


def test_the_colab_install_names_the_repository_and_the_book_extra():
    assert COLAB_INSTALL == f"backprop[book] @ git+{REPOSITORY}"
