"""The library's catalog, read as it is written (a .po file): only translated entries count."""

from __future__ import annotations

from importlib import resources

import pytest

from backprop.book.catalog import DOMAIN, catalog, read_catalog, translated

PO = r'''# A translator's comment
msgid ""
msgstr ""
"Language: ko\n"
"Content-Type: text/plain; charset=UTF-8\n"

#: lib/backprop/book/selfcheck.py
msgid "Right"
msgstr "정답"

#, python-brace-format
msgid ""
"{label}: “{x}” is a \"quoted\" "
"answer,\ton two lines.\n"
msgstr "{label}: “{x}”은(는) \"인용된\"\t답이다.\n"

msgctxt "a button"
msgid "Step"
msgstr "한 단계"

msgid "Step"
msgstr "단계"
#, fuzzy, python-brace-format
#| msgid "Not yet"
msgid "Not quite yet"
msgstr "아직 아니다"

msgid "untranslated"
msgstr ""

#~ msgid "gone"
#~ msgstr "사라짐"
'''


def test_a_catalog_holds_its_translated_entries_by_context_and_message():
    assert read_catalog(PO) == {
        (None, "Right"): "정답",
        (None, '{label}: “{x}” is a "quoted" answer,\ton two lines.\n'): '{label}: “{x}”은(는) "인용된"\t답이다.\n',
        ("a button", "Step"): "한 단계",
        (None, "Step"): "단계",
    }


def test_fuzzy_empty_and_obsolete_entries_count_as_untranslated():
    found = read_catalog(PO)
    assert (None, "Not quite yet") not in found and (None, "untranslated") not in found
    assert (None, "gone") not in found and (None, "") not in found


@pytest.mark.parametrize("text, error", [
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n', "msgid_plural is not used in the library's catalog"),
    ('msgid "a"\nmsgstr "b" extra\n', "cannot read"),
    ('"a"\n', "a continued string before any msgid"),
    ('msgid "a\\q"\nmsgstr "b"\n', r"unknown escape \\q"),
    ('msgid "a"\n\nmsgstr "b"\n', "an entry without a msgstr"),
])
def test_a_catalog_it_cannot_read_is_named_with_its_line(text, error):
    with pytest.raises(ValueError, match=error):
        read_catalog(text, "backprop.po")


def test_the_shipped_catalog_reads_as_babel_reads_it():
    """The small reader agrees with a full one on every translated entry of the library's catalog."""
    from babel.messages.pofile import read_po

    path = resources.files("backprop.book").joinpath("locale", "ko", "LC_MESSAGES", f"{DOMAIN}.po")
    with path.open("rb") as file:
        babel = {(m.context, m.id): m.string for m in read_po(file) if m.id and m.string and not m.fuzzy}
    assert catalog("ko") == babel and len(babel) > 200


def test_english_is_the_message_itself_and_a_missing_translation_falls_back_to_it():
    assert translated("Right", "en") == "Right" and translated("Right", "ko") == "정답"
    assert translated("no such message", "ko") == "no such message"
    assert catalog("fr") == {}
