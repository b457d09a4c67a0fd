"""The zh-CN catalog covers every marked string and the shipped .mo matches the .po."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from studyapp.i18n import LOCALE_DIR, _, ngettext, resolve_language, set_language

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "studyapp.po"
MO = PO.with_suffix(".mo")


def _source_messages() -> set[str]:
    package = Path(__file__).parent.parent / "studyapp"
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(package, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(path: Path, reader) -> dict[str, object]:  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        catalog = reader(handle)
    entries: dict[str, object] = {}
    for m in catalog:
        if not m.id:
            continue
        key = m.id[0] if isinstance(m.id, (tuple, list)) else m.id
        entries[key] = tuple(m.string) if isinstance(m.string, (tuple, list)) else m.string
    return entries


def test_every_marked_string_has_a_chinese_translation() -> None:
    translated = _catalog(PO, read_po)
    missing = [m for m in _source_messages() if not translated.get(m)]
    assert missing == []


def test_compiled_catalog_matches_the_po_file() -> None:
    assert _catalog(MO, read_mo) == _catalog(PO, read_po)


def test_placeholders_survive_translation() -> None:
    import re

    for message, translation in _catalog(PO, read_po).items():
        strings = translation if isinstance(translation, tuple) else (translation,)
        for string in strings:
            assert set(re.findall(r"\{(\w+)", string)) == set(re.findall(r"\{(\w+)", message))


def test_language_resolution_and_switching() -> None:
    assert resolve_language("zh") == "zh_CN"
    assert resolve_language("zh-CN") == "zh_CN"
    assert resolve_language("en_US.UTF-8") == "en"
    assert set_language("zh") == "zh_CN"
    assert _("Library") == "书库"
    assert ngettext("{n} material", "{n} materials", 3).format(n=3) == "共 3 份材料"
    set_language("en")
    assert _("Library") == "Library"
