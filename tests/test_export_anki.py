"""The .apkg export opens in real Anki: notes, note types, fields, decks; re-export updates."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import JSON, bindparam, text

from studyapp.core.export.anki import BASIC_MODEL_NAME, CLOZE_MODEL_NAME
from studyapp.core.quiz.serial import question_to_dict
from studyapp.locations import Locations
from tests.export_helpers import build_history, local, open_service
from tests.ui_helpers import ManualClock

anki_collection = pytest.importorskip("anki.collection")


def _import(collection, package: Path) -> None:  # type: ignore[no-untyped-def]
    options = anki_collection.ImportAnkiPackageOptions()  # Anki's defaults: update if newer
    request = anki_collection.ImportAnkiPackageRequest(package_path=str(package), options=options)
    collection.import_anki_package(request)


def _notes(collection) -> dict[str, object]:  # type: ignore[no-untyped-def]
    notes = [collection.get_note(nid) for nid in collection.find_notes("")]
    return {note["Text" if "Text" in note else "Question"]: note for note in notes}


def test_apkg_imports_into_anki_with_every_type_and_updates_on_reexport(
    locations: Locations, tmp_path: Path
) -> None:
    clock = build_history(locations, tmp_path)
    service = open_service(locations, clock)
    package = tmp_path / "out" / "学习.apkg"
    result = service.export_anki(package, ["guide"])
    assert (result.notes, result.cloze, result.basic) == (6, 1, 5)  # the flagged one left out
    (tmp_path / "anki").mkdir()
    collection = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        _import(collection, package)
        notes = list(_notes(collection).values())
        assert len(notes) == 6
        kinds = sorted(n.note_type()["name"] for n in notes)  # type: ignore[attr-defined]
        assert kinds == [CLOZE_MODEL_NAME] + [BASIC_MODEL_NAME] * 5
        cloze = next(n for n in notes if n.note_type()["name"] == CLOZE_MODEL_NAME)  # type: ignore[attr-defined]
        assert cloze["Text"].startswith("读书班每周组织{{c1::两次}}集中学习")  # type: ignore[index]
        card = cloze.cards()[0]  # type: ignore[attr-defined]
        assert "<script>" not in card.question() and "&lt;script&gt;" in card.question()
        assert "&amp;amp;" in card.question() and "[...]" in card.question()
        assert "两次" in card.answer() and "坏" in card.question()
        deck = collection.decks.name(card.did)
        assert deck == "studyapp::读书方法 <script>"
        assert set(cloze.tags) == {"guide", "cloze"}  # type: ignore[attr-defined]
        single = next(n for n in notes if "single" in n.tags)  # type: ignore[attr-defined]
        assert single["Answer"] == "A. 每周"  # type: ignore[index]
        assert "&lt;b&gt;每月&lt;/b&gt;" in single["Options"]  # type: ignore[index]
        assert single["Question"].startswith("=HYPERLINK(&quot;")  # type: ignore[index]
        where = "<small>读书方法 &lt;script&gt; · 读书方法 &lt;script&gt;</small>"
        assert single["Source"].endswith(where)  # type: ignore[index]
        assert collection.decks.by_name("studyapp") is not None
    finally:
        collection.close()

    changed = dataclasses.replace(
        service.quiz.stored_questions(["guide"])[0], prompt="读书班每周组织____集中学习（改）"
    )
    _replace_payload(service, changed)
    clock.advance(3600)
    service.export_anki(package, ["guide"])
    service.close()
    collection = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        _import(collection, package)
        texts = list(_notes(collection))
        assert len(texts) == 6  # updated in place, not duplicated
        assert any("集中学习（改）" in t for t in texts)
    finally:
        collection.close()


def _replace_payload(service, question) -> None:  # type: ignore[no-untyped-def]
    update = text("UPDATE question SET payload = :payload WHERE id = :id").bindparams(
        bindparam("payload", type_=JSON)
    )
    with service.engine.begin() as connection:  # SQLite or PostgreSQL
        connection.execute(update, {"payload": question_to_dict(question), "id": question.id})


def test_no_questions_still_writes_a_package(locations: Locations, tmp_path: Path) -> None:
    service = open_service(locations, ManualClock(local(2026, 3, 2, 9, 0)))
    result = service.export_anki(tmp_path / "empty.apkg")
    service.close()
    assert result.notes == 0 and (tmp_path / "empty.apkg").stat().st_size > 0
    assert not list(tmp_path.glob(".empty.apkg.*"))
