"""What every chapter page needs to run wherever a reader opens it: Jupyter, the book's build, Colab.

- `glue` hands a number to the book's text (myst-nb's glue), and does nothing where myst-nb is
  not installed (on Colab, or in a plain Python), so that a chapter runs everywhere.
- `REPOSITORY` is where the book lives; a chapter's first cell installs `backprop` from there when
  it runs on Colab, which has numpy, matplotlib and ipywidgets but not this library.
"""

from __future__ import annotations

REPOSITORY = "https://github.com/learning-neural-nets/learning-neural-nets"
"""The book's repository; `_config.yml` names the same one for the launch buttons."""

COLAB_INSTALL = f"backprop[book] @ git+{REPOSITORY}"
"""What a chapter's first cell installs on Colab (pip's requirement syntax)."""


def glue(name: str, value, display: bool = False) -> None:
    """Record `value` under `name` for the page's text (``{glue:text}`name` ``), as myst-nb does.

    Without myst-nb (Colab, a plain Python) there is no page to glue into: nothing happens, and
    the cell runs on. Round floats before gluing (see the README's house rule for numbers).
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        return None
    myst_glue(name, value, display=display)
    return None
