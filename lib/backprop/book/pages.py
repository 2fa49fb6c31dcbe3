"""What every chapter page needs to run wherever a reader opens it: Jupyter, the book's build, Colab.

- `glue` hands a number to the book's text (myst-nb's glue), and does nothing where myst-nb is
  not installed (on Colab, or in a plain Python) and no outputs are being made to be stored, so
  that a chapter runs everywhere;
  `bound_or_value` words a round-off bound for it in each of the book's languages.
- `REPOSITORY` is where the book lives; a chapter's first cell installs `backprop` from there when
  it runs on Colab, which has numpy, matplotlib and ipywidgets but not this library.
"""

from __future__ import annotations

REPOSITORY = "https://github.com/learning-neural-nets/learning-neural-nets"
"""The book's repository; `_config.yml` names the same one for the launch buttons."""

COLAB_INSTALL = f"backprop[book] @ git+{REPOSITORY}"
"""What a chapter's first cell installs on Colab (pip's requirement syntax)."""


def bound_or_value(value: float, bound: float):
    """`backprop.below_or_value` for the page's text, in the reader's words: "below 1e-15" is a
    `Text` ("1e-15 미만" in the Korean book; glue it with ``{glue}``, not ``{glue:text}``), a value
    above the bound its digits."""
    from .. import below_or_value
    from .language import Text

    shown = below_or_value(value, bound)  # checks both numbers, and words a value above the bound
    return Text("below {bound:.0e}", bound=float(bound)) if abs(value) < bound else shown


GLUE_PREFIX = "application/papermill.record/"
"""The prefix of a glued value's types when it is not displayed, as myst-nb writes and reads it."""


def glue(name: str, value, display: bool = False) -> None:
    """Record `value` under `name` for the page's text (``{glue:text}`name` ``), as myst-nb does.

    Without myst-nb (Colab, a plain Python) there is no page to glue into: nothing happens, and
    the cell runs on; except where outputs are made to be stored or compared with the stored ones
    (`backprop.book.mime.STORED_OUTPUTS`: the Colab simulation of the tests sets it, to compare
    every output). Round floats before gluing (see the README's house rule for numbers).

    The output is the one myst-nb's own `glue` writes (its documented cell-output format, which
    its build reads back); it is written here because importing myst-nb's glue module imports
    Sphinx and nbformat's validator, seconds of every chapter's run. `tests/book/test_pages.py`
    holds the two outputs equal, so a change upstream fails there.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    from .mime import storing_outputs

    try:
        import myst_nb  # noqa: F401  (the package alone is light; it says a book will read the output)
    except ImportError:
        if not storing_outputs():
            return None
    from IPython.core.formatters import format_display_data
    from IPython.display import display as show

    bundle, metadata = format_display_data(value)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    show({prefix + kind: data for kind, data in bundle.items()}, raw=True, metadata=metadata)
    return None
