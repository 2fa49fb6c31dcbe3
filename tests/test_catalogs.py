"""The Korean edition cannot drift: its catalogs are complete, valid and in step with the English text.

An author who edits a chapter runs `make catalogs` (booktools/update_catalogs.py), which extracts
the book's messages and merges them into ``locale/ko/LC_MESSAGES``; these tests do the same on a
copy and fail while any paragraph's Korean entry is missing, fuzzy or stale.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from booktools import update_catalogs

from conftest import ROOT
from test_notebooks import toc_files

pytestmark = pytest.mark.build

LOCALE = ROOT / "locale"
CATALOGS = sorted((LOCALE / "ko" / "LC_MESSAGES").rglob("*.po"))


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("msgfmt (apt-get install gettext) is required under CI=true")
        pytest.skip("msgfmt not found: apt-get install gettext")
    return path


def test_every_page_of_the_book_has_a_korean_catalog():
    pages = {f"{page}.po" for page in toc_files()}
    assert pages <= {str(p.relative_to(LOCALE / "ko" / "LC_MESSAGES")) for p in CATALOGS}


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(LOCALE)))
def test_catalog_is_valid_and_complete(catalog):
    result = subprocess.run([msgfmt(), "--check", "--statistics", "-o", os.devnull, str(catalog)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip()
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), f"{catalog.name}: {statistics}"


def role_targets(role, text):
    """The targets of every `role` in `text` (a link's target, not its words), in order."""
    found = re.findall(r"\{" + re.escape(role) + r"\}`([^`]*)`", text)
    return sorted(re.sub(r"^.*<([^>]+)>$", r"\1", target) for target in found)


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(LOCALE)))
def test_translations_keep_every_glue_reference_and_link(catalog):
    """A translated paragraph shows the same glued numbers, links and formulas as the English one;
    glue uses the ``page.ipynb::key`` form, the only one that works inside a translated paragraph."""
    from babel.messages.pofile import read_po

    with open(catalog, "rb") as file:
        messages = [m for m in read_po(file, locale="ko") if m.id]
    for message in messages:
        english, korean = str(message.id), str(message.string)
        for role in ("glue:text", "ref", "doc"):
            assert role_targets(role, english) == role_targets(role, korean), (role, english[:80])
        math = re.compile(r"\$\$?[^$]+\$\$?")
        assert set(math.findall(english)) == set(math.findall(korean)), ("math", english[:80])
        assert re.findall(r"\{glue:text\}`(?![\w.]+\.ipynb::)", english) == [], \
            f"use the page.ipynb::key form of glue in {catalog.name}: {english[:80]}"


def test_catalogs_are_in_step_with_the_english_text(tmp_path):
    """What `make catalogs` does, on a copy: after extracting the current text and merging it, no
    entry is untranslated (a new or changed paragraph), fuzzy or obsolete (a paragraph now gone)."""
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    templates = update_catalogs.extract(tmp_path / "gettext")
    update_catalogs.merge(templates, locale)
    assert update_catalogs.needs_translator(locale) == {}
