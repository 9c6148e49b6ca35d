"""The English catalogue reads as English (issue 15): no Han character and no full-width
punctuation (（）：，；。“”「」【】, the ideographic space…) inside an English msgstr.

The catalogue is read from its source, ``locale/en/LC_MESSAGES/django.po``, with a small reader
of the PO format (msgctxt / msgid / msgid_plural / msgstr[n] and their continuation lines;
obsolete ``#~`` entries are skipped).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Han (CJK unified ideographs and extension A), CJK symbols and punctuation (incl. U+3000),
# full-width forms and the curly quotes Chinese text uses.
NOT_ENGLISH = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d]")

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')


def read_po(text: str) -> list[dict[str, str]]:
    """Each entry as {keyword: string}; the header entry (empty msgid) included."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if line.startswith("#~"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, literal = match.groups()
            starts_entry = keyword == "msgctxt" or (keyword == "msgid" and "msgctxt" not in entry)
            if starts_entry and entry:
                entries.append(entry)
                entry = {}
            key = keyword
            entry[key] = ast.literal_eval(literal)
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
        elif not line.strip() and entry:
            entries.append(entry)
            entry, key = {}, ""
    if entry:
        entries.append(entry)
    return entries


def test_the_reader_sees_every_entry_and_its_plurals() -> None:
    sample = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\nmsgctxt "unit"\nmsgid "亩"\nmsgstr "mu"\n\n'
        'msgid "%(n)s 个项目"\nmsgid_plural "%(n)s 个项目"\nmsgstr[0] "%(n)s project"\n'
        'msgstr[1] "%(n)s "\n"projects"\n\n#~ msgid "旧"\n#~ msgstr "old"\n'
    )
    entries = read_po(sample)
    assert [e.get("msgid") for e in entries] == ["", "亩", "%(n)s 个项目"]
    assert entries[1]["msgctxt"] == "unit"
    assert entries[2]["msgstr[1]"] == "%(n)s projects"


def test_no_english_msgstr_holds_han_or_full_width_punctuation() -> None:
    entries = read_po(PO.read_text(encoding="utf-8"))
    assert len(entries) > 1000
    bad = [
        f"{entry.get('msgid', '')!r} -> {text!r}"
        for entry in entries
        for keyword, text in entry.items()
        if keyword.startswith("msgstr") and NOT_ENGLISH.search(text)
    ]
    assert bad == [], f"{len(bad)} English msgstrs with Chinese characters or punctuation:\n" + "\n".join(bad)


def test_no_english_msgstr_is_empty_or_fuzzy() -> None:
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]
    empty = [
        entry["msgid"]
        for entry in read_po(text)[1:]
        if entry.get("msgid") and any(k.startswith("msgstr") and v == "" for k, v in entry.items())
    ]
    assert empty == []
