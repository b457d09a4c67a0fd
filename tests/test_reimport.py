"""A revised file re-imported keeps the learner's history on the paragraphs still there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.core.reading import ReadingPosition
from studyapp.locations import Locations
from studyapp.services import StudyService
from tests.cli_helpers import run_cli
from tests.conftest import FIXED_NOW
from tests.reimport_helpers import (
    EN,
    ZH,
    Sections,
    card_states,
    live_questions_point_at_their_text,
    reimport,
    render,
    study,
)

TEXTS = pytest.mark.parametrize("text", [ZH, EN], ids=["zh", "en"])


def _copy(sections: Sections) -> Sections:
    return [(heading, list(paragraphs)) for heading, paragraphs in sections]


def _position(studied) -> ReadingPosition:  # type: ignore[no-untyped-def]
    position = studied.service.progress.position(studied.material)
    assert position is not None
    return position


def _progress(studied) -> dict[str, tuple[int, bool]]:  # type: ignore[no-untyped-def]
    return {
        p.section: (p.furthest_paragraph, p.done_at is not None)
        for p in studied.service.progress.section_progress(studied.material)
    }


def _notes(studied) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {n.section: n.text for n in studied.service.progress.notes(studied.material)}


@TEXTS
def test_a_paragraph_inserted_before_the_position_moves_it_along(
    service: StudyService, locations: Locations, tmp_path: Path, text: tuple[str, Sections]
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", text)
    title, sections = text
    edited = _copy(sections)
    edited[1][1].insert(0, "新插入的一段。" if text is ZH else "A paragraph added in front.")
    outcome = reimport(studied, title, edited)
    meeting = studied.anchors[1]
    assert _position(studied) == ReadingPosition(studied.material, meeting, 2, 4)
    assert outcome.revision.position == (meeting, 2, True)
    assert outcome.revision.paragraphs == {"kept": 8, "edited": 0, "dropped": 0, "added": 1}
    assert _progress(studied)[meeting] == (3, False)  # was the third paragraph, now fourth
    assert _progress(studied)[studied.anchors[0]] == (-1, True)
    assert len(_notes(studied)) == 3
    assert all(state == (None, False) for state in card_states(studied).values())
    assert outcome.revision.cards_kept == 8 and outcome.revision.cards_retired == 0
    live_questions_point_at_their_text(studied)


@TEXTS
def test_a_lightly_edited_paragraph_keeps_the_position_its_changed_card_is_retired(
    service: StudyService, locations: Locations, tmp_path: Path, text: tuple[str, Sections]
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", text)
    title, sections = text
    edited = _copy(sections)
    before = edited[1][1][1]
    edited[1][1][1] = (
        before.replace("四十", "五十") if text is ZH else before.replace("forty", "fifty")
    )
    outcome = reimport(studied, title, edited)
    assert _position(studied) == ReadingPosition(studied.material, studied.anchors[1], 1, 4)
    assert outcome.revision.paragraphs["edited"] == 1
    states = card_states(studied)
    assert states[before] == ("source_changed", True)
    assert sum(1 for s in states.values() if s == (None, False)) == 7
    live_questions_point_at_their_text(studied)


@TEXTS
def test_a_deleted_section_is_reported_its_note_moved_its_cards_retired(
    service: StudyService, locations: Locations, tmp_path: Path, text: tuple[str, Sections]
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", text)
    title, sections = text
    gone_title, gone = sections[1]
    outcome = reimport(studied, title, [sections[0], sections[2]])
    first, removed, last = studied.anchors
    revision = outcome.revision
    assert revision.dropped_sections == ((removed, gone_title),)
    assert revision.notes_moved == ((gone_title, first),)
    assert revision.position == (first, 2, False)
    assert _position(studied) == ReadingPosition(studied.material, first, 2, 0)
    assert (
        _notes(studied)[first]
        == f"note on {sections[0][0]}\n\n— {gone_title} —\nnote on {gone_title}"
    )
    assert _notes(studied)[last] == f"note on {sections[2][0]}"
    states = card_states(studied)
    assert all(states[p] == ("source_removed", True) for p in gone)
    assert revision.cards_retired == 3 and revision.cards_kept == 5
    answers = studied.service.quiz.answers(studied.material)
    assert len(answers) == 8  # the answers stay
    live_questions_point_at_their_text(studied)


@TEXTS
def test_a_renamed_section_keeps_its_progress_note_position_and_cards(
    service: StudyService, locations: Locations, tmp_path: Path, text: tuple[str, Sections]
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", text)
    title, sections = text
    edited = _copy(sections)
    new_title = "活动流程" if text is ZH else "How meetings run"
    edited[1] = (new_title, edited[1][1])
    outcome = reimport(studied, title, edited)
    stored = studied.service.materials.get(studied.material)
    assert stored is not None
    anchor = next(s.anchor for s in stored.sections if s.title == new_title)
    assert anchor != studied.anchors[1]
    assert outcome.revision.renamed == ((sections[1][0], new_title),)
    assert _position(studied) == ReadingPosition(studied.material, anchor, 1, 4)
    assert _progress(studied)[anchor] == (2, False)
    assert _notes(studied)[anchor] == f"note on {sections[1][0]}"
    assert studied.anchors[1] not in _notes(studied)
    assert all(state == (None, False) for state in card_states(studied).values())
    live_questions_point_at_their_text(studied)


@TEXTS
def test_a_wholly_replaced_text_keeps_the_id_and_reports_everything_dropped(
    service: StudyService, locations: Locations, tmp_path: Path, text: tuple[str, Sections]
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", text)
    other = ZH if text is EN else EN
    outcome = reimport(studied, text[0], other[1])
    revision = outcome.revision
    assert revision.paragraphs["kept"] == 0 and revision.paragraphs["edited"] == 0
    assert len(revision.dropped_sections) == 3
    assert revision.cards_retired == 8 and revision.cards_kept == 0
    assert all(state[1] for state in card_states(studied).values())
    stored = studied.service.materials.get(studied.material)
    assert stored is not None
    position = _position(studied)
    assert (position.section, position.offset) in {(s.anchor, 0) for s in stored.sections}
    notes = _notes(studied)
    assert sum(text.count("note on") for text in notes.values()) == 3  # no note lost


def test_replace_moves_a_material_to_a_new_file_and_keeps_its_history(
    service: StudyService, locations: Locations, tmp_path: Path
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", ZH)
    title, sections = ZH
    edited = _copy(sections)
    edited[1][1].insert(0, "新插入的一段。")
    moved = tmp_path / "rules-v2.md"
    moved.write_text(render(title, edited), encoding="utf-8")
    outcome = service.import_paths([moved], replace=studied.material).outcomes[0]
    assert (outcome.status, outcome.material_id) == ("imported", studied.material)
    assert _position(studied).paragraph == 2
    stored = service.materials.get(studied.material)
    assert stored is not None and stored.source.endswith("rules-v2.md")
    assert [m.id for m in service.materials.list()] == [studied.material]


def test_a_failed_reimport_leaves_the_old_material_untouched(
    service: StudyService, locations: Locations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", EN)
    before = (_position(studied), _notes(studied), card_states(studied))
    sections_before = service.materials.full_text(studied.material)

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr("studyapp.db.revisions.carry_questions", broken)
    title, sections = EN
    studied.path.write_text(render(title, [sections[0]]), encoding="utf-8")
    outcome = service.import_paths([studied.path]).outcomes[0]
    assert outcome.status == "refused" and outcome.code == "error"
    assert (_position(studied), _notes(studied), card_states(studied)) == before
    assert service.materials.full_text(studied.material) == sections_before


def test_import_json_reports_the_revision_and_replace_refuses_bad_requests(
    service: StudyService, locations: Locations, tmp_path: Path
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", ZH)
    service.close()
    title, sections = ZH
    studied.path.write_text(render(title, [sections[0], sections[2]]), encoding="utf-8")
    done = run_cli(locations, "import", "--json", str(studied.path))
    assert done.returncode == 0, done.stderr
    revision = json.loads(done.stdout)["imported"][0]["revision"]
    first, removed, _last = studied.anchors
    assert revision["sections"]["dropped"] == [{"anchor": removed, "title": sections[1][0]}]
    assert revision["notes"] == {"kept": 2, "moved": [{"from": sections[1][0], "to": first}]}
    assert revision["cards"] == {"kept": 5, "retired": 3}
    assert revision["position"] == {"section": first, "paragraph": 2, "same": False}
    assert set(revision["paragraphs"]) == {"kept", "edited", "dropped", "added"}
    again = run_cli(locations, "import", str(studied.path))
    assert "unchanged" in again.stdout
    studied.path.write_text(render(title, sections), encoding="utf-8")
    text = run_cli(locations, "import", str(studied.path))
    assert text.returncode == 0, text.stderr
    assert "revised paragraphs: 5 kept, 0 edited, 3 new, 0 gone" in text.stdout
    unknown = run_cli(locations, "import", "--replace", "nope", str(studied.path))
    assert unknown.returncode == 1 and "nope" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    folder = run_cli(locations, "import", "--replace", studied.material, str(tmp_path))
    assert folder.returncode == 2 and "Traceback" not in folder.stderr


def test_a_big_file_written_in_staged_batches_keeps_the_history_too(
    service: StudyService, locations: Locations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", ZH)
    monkeypatch.setattr("studyapp.services.imports.STAGED_ABOVE_BLOCKS", 2)
    monkeypatch.setattr("studyapp.db.staged_import.PAUSE_BETWEEN_BATCHES", 0)

    def not_under_the_lock(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the texts were matched inside the publishing transaction")

    monkeypatch.setattr("studyapp.db.material_rows.match", not_under_the_lock)
    title, sections = ZH
    edited = _copy(sections)
    edited[1][1].insert(0, "新插入的一段。")
    outcome = reimport(studied, title, edited)
    assert outcome.revision.position == (studied.anchors[1], 2, True)
    assert _position(studied).paragraph == 2
    assert outcome.revision.cards_kept == 8
    live_questions_point_at_their_text(studied)


def test_rows_left_under_a_new_sections_anchor_never_collide_nor_lose_a_note(
    service: StudyService, locations: Locations, tmp_path: Path
) -> None:
    studied = study(service, locations, tmp_path / "rules.md", EN)
    stale = "how-meetings-run"  # left by an import before history was carried over
    service.save_note(studied.material, stale, "an older note")
    service.progress.set_done(studied.material, stale, FIXED_NOW, FIXED_NOW.date())
    title, sections = EN
    edited = _copy(sections)
    edited[1] = ("How meetings run", edited[1][1])
    outcome = reimport(studied, title, edited)
    assert outcome.revision.notes_moved == ()
    notes = _notes(studied)
    assert notes[stale] == "note on Meetings\n\n— how-meetings-run —\nan older note"
    assert _progress(studied)[stale] == (2, False)  # the renamed section's, not the stale row
