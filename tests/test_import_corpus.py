"""The import pipeline end to end: the committed corpus through StudyService and the CLI.

Every file in tests/corpus/good is imported; every file in tests/corpus/bad is
refused with a stable code or imported with a warning. Cases that cannot be
committed (unreadable files, FIFOs, missing paths, huge files) are made here.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from studyapp.core.importing import DEFAULT_SIZE_LIMIT, Refused, binary_kind, read_file
from studyapp.locations import Locations, resolve_locations
from studyapp.services import StudyService
from studyapp.services.imports import ImportOutcome, ImportReport

CORPUS = Path(__file__).parent / "corpus"
GOOD = CORPUS / "good"
BAD = CORPUS / "bad"
CONFIG = "[import]\nmax_file_mb = 0.01\n"  # 10 485 bytes: bad/too_large.txt is over it
SUMMARY = re.compile(r"^(\d+) imported, (\d+) unchanged, (\d+) refused\.$")


@dataclass(frozen=True)
class Expect:
    """What importing one corpus file must give."""

    status: str  # "imported" or "refused"
    code: str | None = None
    encoding: str | None = None
    warning: str | None = None  # a substring of a warning; None means no warning at all

    @property
    def readme(self) -> str:
        """The outcome as README.md's table writes it."""
        if self.status == "refused":
            return f"refused: {self.code}"
        return "imported + warning" if self.warning else "imported"


def refused(code: str) -> Expect:
    return Expect("refused", code=code)


def imported(encoding: str, warning: str | None = None) -> Expect:
    return Expect("imported", encoding=encoding, warning=warning)


EXPECTED: dict[str, Expect] = {
    "good/gbk_chinese_notes.txt": imported("gb18030"),
    "good/big5_traditional.txt": imported("big5"),
    "good/utf16le_bom_study_log.txt": imported("utf-16-le"),
    "good/front_matter_focus.md": imported("utf-8"),
    "good/utf8_bom_front_matter.md": imported("utf-8"),
    "good/chinese_headings.txt": imported("utf-8"),
    "good/markup_and_escapes.txt": imported("utf-8"),
    "bad/cp1252_smart_quotes.txt": imported("windows-1252", "windows-1252"),
    "bad/utf16le_no_bom.txt": imported("utf-16-le", "no byte order mark"),
    "bad/gb18030_some_rare_characters.txt": imported("gb18030", "gb18030"),
    "bad/front_matter_bad_yaml.md": imported("utf-8", "invalid YAML"),
    "bad/front_matter_is_a_list.md": imported("utf-8", "not a mapping"),
    "bad/front_matter_invalid_date.md": imported("utf-8", "invalid value"),
    "bad/front_matter_alias_bomb.md": imported("utf-8", "aliases are not allowed"),
    "bad/front_matter_python_tag.md": imported("utf-8", "invalid YAML"),
    "bad/front_matter_wrong_types.md": imported("utf-8", "wrong type"),
    "bad/binary_nul_bytes.txt": refused("binary"),
    "bad/binary_pdf_renamed.md": refused("binary"),
    "bad/binary_epub_renamed.txt": refused("binary"),
    "bad/binary_docx_renamed.md": refused("binary"),
    "bad/binary_png_renamed.txt": refused("binary"),
    "bad/binary_jpeg_renamed.txt": refused("binary"),
    "bad/binary_elf_renamed.txt": refused("binary"),
    "bad/binary_gzip_renamed.txt": refused("binary"),
    "bad/binary_sqlite_renamed.md": refused("binary"),
    "bad/undecodable_random_bytes.txt": refused("undecodable"),
    "bad/undecodable_bad_utf8_after_bom.txt": refused("undecodable"),
    "bad/empty_zero_bytes.txt": refused("empty"),
    "bad/empty_whitespace_only.txt": refused("empty"),
    "bad/empty_ideographic_spaces.txt": refused("empty"),
    "bad/empty_bom_only.txt": refused("empty"),
    "bad/empty_utf16_bom_spaces.txt": refused("empty"),
    "bad/empty_front_matter_only.md": refused("empty"),
    "bad/empty_headings_only.md": refused("empty"),
    "bad/too_large.txt": refused("too_large"),
    "bad/unsupported_extension.rtf": refused("unsupported"),  # only when named explicitly
}
IN_FOLDER_IMPORT = {name for name in EXPECTED if not name.endswith(".rtf")}
BINARY_KINDS = {
    "bad/binary_pdf_renamed.md": "PDF",
    "bad/binary_epub_renamed.txt": "ZIP",
    "bad/binary_docx_renamed.md": "ZIP",
    "bad/binary_png_renamed.txt": "PNG",
    "bad/binary_jpeg_renamed.txt": "JPEG",
    "bad/binary_elf_renamed.txt": "ELF",
    "bad/binary_gzip_renamed.txt": "gzip",
    "bad/binary_sqlite_renamed.md": "SQLite",
    "bad/binary_nul_bytes.txt": "unknown binary",
}


class SteppingClock:
    """A clock that moves on a minute every time it is read."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


def open_service(where: Path | Locations, config: str | None = CONFIG) -> StudyService:
    """A library on a data dir (SQLite), or on a test's ``locations`` (either backend)."""
    if isinstance(where, Path):
        where = resolve_locations(where, environ={})
    where.data_dir.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (where.data_dir / "config.toml").write_text(config, encoding="utf-8")
    return StudyService.open(where, SteppingClock())


def corpus_name(outcome: ImportOutcome) -> str:
    return Path(outcome.path).relative_to(CORPUS).as_posix()


def all_text(service: StudyService, material_id: str) -> list[str]:
    material = service.material(material_id)
    assert material is not None
    texts = []
    for summary in material.sections:
        section = service.section(material_id, summary.anchor)
        assert section is not None
        texts.extend(p.text for p in section.paragraphs)
    return texts


def run_cli(locations: Locations, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDYAPP_")}
    where = ["--data-dir", str(locations.data_dir), "--db", locations.db_url]
    return subprocess.run(
        [sys.executable, "-m", "studyapp", "--lang", "en", *where, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture(scope="module")
def corpus_import(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[StudyService, ImportReport]]:
    """The whole corpus imported once into a fresh library."""
    service = open_service(tmp_path_factory.mktemp("corpus") / "data")
    # Several bad front matters share one body: duplicates, imported on purpose here.
    report = service.import_paths([GOOD, BAD], allow_duplicate=True)
    yield service, report
    service.close()


@pytest.fixture(scope="module")
def outcomes(corpus_import: tuple[StudyService, ImportReport]) -> dict[str, ImportOutcome]:
    return {corpus_name(o): o for o in corpus_import[1].outcomes}


# -- the corpus itself ----------------------------------------------------------------------


def corpus_files() -> set[str]:
    return {p.relative_to(CORPUS).as_posix() for p in (*GOOD.iterdir(), *BAD.iterdir())}


def test_every_corpus_file_has_an_expectation() -> None:
    assert corpus_files() == set(EXPECTED)


def test_corpus_files_are_small() -> None:
    for name in EXPECTED:
        assert (CORPUS / name).stat().st_size < 20_000, name


def test_readme_table_matches_the_expectations() -> None:
    rows = re.findall(
        r"^\| `([^`]+)` \| ([^|]+?) \|", (CORPUS / "README.md").read_text("utf-8"), re.M
    )
    assert dict(rows) == {name: expect.readme for name, expect in EXPECTED.items()}


def load_make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["make_corpus"]
    return module


def test_make_corpus_regenerates_the_committed_files(tmp_path: Path) -> None:
    written = load_make_corpus().write_corpus(tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in written} == set(EXPECTED)
    assert (tmp_path / "README.md").read_bytes() == (CORPUS / "README.md").read_bytes()
    for name in EXPECTED:
        fresh, committed = (tmp_path / name).read_bytes(), (CORPUS / name).read_bytes()
        if name == "bad/binary_sqlite_renamed.md":  # written by the SQLite library
            assert fresh[:16] == committed[:16] == b"SQLite format 3\x00"
        else:
            assert fresh == committed, name


# -- (a) the corpus through StudyService ----------------------------------------------------


def test_folder_import_covers_every_supported_file_once(outcomes: dict[str, ImportOutcome]) -> None:
    assert set(outcomes) == IN_FOLDER_IMPORT


@pytest.mark.parametrize("name", sorted(IN_FOLDER_IMPORT))
def test_corpus_file_outcome(name: str, outcomes: dict[str, ImportOutcome]) -> None:
    expect, outcome = EXPECTED[name], outcomes[name]
    assert outcome.status == expect.status, outcome.reason
    assert outcome.path == str(CORPUS / name)
    if expect.status == "refused":
        assert outcome.code == expect.code
        assert outcome.reason and "\n" not in outcome.reason
        assert outcome.material_id is None
        return
    assert outcome.encoding == expect.encoding
    assert outcome.material_id
    if expect.warning is None:
        assert outcome.warnings == ()
    else:
        assert any(expect.warning in w for w in outcome.warnings), outcome.warnings
        assert all("\n" not in w for w in outcome.warnings)


@pytest.mark.parametrize("name", sorted(BINARY_KINDS))
def test_binary_refusals_name_the_format(name: str, outcomes: dict[str, ImportOutcome]) -> None:
    assert BINARY_KINDS[name] in (outcomes[name].reason or "")


def test_library_holds_exactly_the_imported_files(
    corpus_import: tuple[StudyService, ImportReport],
) -> None:
    service, report = corpus_import
    ids = {o.material_id for o in report.by_status("imported")}
    assert {m.id for m in service.library()} == ids
    assert len(ids) == sum(1 for e in EXPECTED.values() if e.status == "imported")


def test_import_log_records_every_file(corpus_import: tuple[StudyService, ImportReport]) -> None:
    service, report = corpus_import
    log = service.materials.import_log(limit=1000)
    assert sorted((r.path, r.status, r.code) for r in log) == sorted(
        (o.path, o.status, o.code) for o in report.outcomes
    )


def material_of(name: str, corpus: tuple[StudyService, ImportReport]) -> str:
    _service, report = corpus
    for outcome in report.outcomes:
        if corpus_name(outcome) == name and outcome.material_id:
            return outcome.material_id
    raise AssertionError(f"{name} was not imported")


def test_markup_is_stored_literally_and_escapes_are_gone(
    corpus_import: tuple[StudyService, ImportReport],
) -> None:
    service = corpus_import[0]
    text = "\n".join(all_text(service, material_of("good/markup_and_escapes.txt", corpus_import)))
    for markup in ("[/]", "[bold]x", "C[i] = A[i]", "[@click=app.quit]x[/]"):
        assert markup in text
    assert "colour codes: red and a title change done." in text
    assert "A bidi override gnirts and a DEL character" in text
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


def test_gbk_and_big5_text_is_stored_as_written(
    corpus_import: tuple[StudyService, ImportReport],
) -> None:
    service = corpus_import[0]
    gbk = all_text(service, material_of("good/gbk_chinese_notes.txt", corpus_import))
    assert gbk[0].startswith("每天早上六点起床，先喝一杯温水")
    big5 = all_text(service, material_of("good/big5_traditional.txt", corpus_import))
    assert "老師常說：「溫故知新。」" in big5[-1]
    material = service.material(material_of("good/big5_traditional.txt", corpus_import))
    assert material is not None and material.language == "zh"


def test_utf16_files_lose_their_nuls_and_carriage_returns(
    corpus_import: tuple[StudyService, ImportReport],
) -> None:
    service = corpus_import[0]
    for name in ("good/utf16le_bom_study_log.txt", "bad/utf16le_no_bom.txt"):
        text = "\n".join(all_text(service, material_of(name, corpus_import)))
        assert "\x00" not in text and "\r" not in text
    log = all_text(service, material_of("good/utf16le_bom_study_log.txt", corpus_import))
    assert "复习了生词表" in log[1]
    no_bom = all_text(service, material_of("bad/utf16le_no_bom.txt", corpus_import))
    assert "The third book is in Chinese: 学习 (study)." in no_bom[-1]


def test_front_matter_fields_reach_the_library(
    corpus_import: tuple[StudyService, ImportReport],
) -> None:
    service = corpus_import[0]
    focus = service.material(material_of("good/front_matter_focus.md", corpus_import))
    assert focus is not None
    assert (focus.title, focus.author, focus.tags) == ("专注力练习", "王老师", ("专注", "习惯"))
    assert (focus.language, focus.required, focus.order) == ("zh", True, 2)
    bom = service.material(material_of("good/utf8_bom_front_matter.md", corpus_import))
    assert bom is not None and bom.title == "Notes behind a byte order mark"
    assert bom.author == "A. Reader"


def test_broken_front_matter_falls_back_to_the_heading(
    corpus_import: tuple[StudyService, ImportReport],
) -> None:
    service = corpus_import[0]
    for name in EXPECTED:
        if name.startswith("bad/front_matter_"):
            material = service.material(material_of(name, corpus_import))
            assert material is not None and material.title == "Still readable", name
            assert all_text(service, material.id) == [
                "The front matter above is broken, but this body must import."
            ]


def test_plain_text_headings_become_sections(
    corpus_import: tuple[StudyService, ImportReport],
) -> None:
    service = corpus_import[0]
    material = service.material(material_of("good/chinese_headings.txt", corpus_import))
    assert material is not None and material.title == "时间管理讲义"
    assert [(s.title, s.level) for s in material.sections][1:] == [
        ("第一章 认识时间", 1),
        ("一、记录一周的时间", 2),
        ("（一）工作日", 3),
        ("（二）周末", 3),
        ("二、找出浪费的时间", 2),
        ("第二章 制定计划", 1),
    ]


# -- cases made at test time ----------------------------------------------------------------


def test_unsupported_extension_is_refused_when_named(locations: Locations) -> None:
    service = open_service(locations)
    report = service.import_paths([BAD / "unsupported_extension.rtf"])
    service.close()
    assert [(o.status, o.code) for o in report.outcomes] == [("refused", "unsupported")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_file_is_refused_as_unreadable(tmp_path: Path) -> None:
    locked = tmp_path / "locked.md"
    locked.write_text("# Locked\n\nText.\n", encoding="utf-8")
    locked.chmod(0)
    try:
        with pytest.raises(Refused) as refusal:
            read_file(locked)
    finally:
        locked.chmod(0o600)
    assert refusal.value.code == "unreadable"


def test_fifo_is_refused_as_unreadable_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(Refused) as refusal:
        read_file(fifo)
    assert refusal.value.code == "unreadable"


def test_missing_and_dangling_paths_are_refused_as_missing(tmp_path: Path) -> None:
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    for path in (tmp_path / "never-existed.md", dangling):
        with pytest.raises(Refused) as refusal:
            read_file(path)
        assert refusal.value.code == "missing"


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(DEFAULT_SIZE_LIMIT + 1)  # sparse: costs no disk space

    def no_open(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(Refused) as refusal:
        read_file(huge)
    assert refusal.value.code == "too_large"
    assert "the limit is 50 MB" in str(refusal.value)


def test_default_limit_through_the_service(locations: Locations, tmp_path: Path) -> None:
    huge = tmp_path / "files" / "huge.md"
    huge.parent.mkdir()
    with huge.open("wb") as handle:
        handle.truncate(DEFAULT_SIZE_LIMIT + 1)
    service = open_service(locations, config=None)
    report = service.import_paths([huge])
    service.close()
    assert [(o.status, o.code) for o in report.outcomes] == [("refused", "too_large")]


def test_a_limit_from_settings_applies_to_exactly_that_many_bytes(
    locations: Locations, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    limit = int(0.01 * 1024 * 1024)
    (files / "at_limit.txt").write_bytes(b"x" * (limit - 1) + b"\n")
    (files / "over_limit.txt").write_bytes(b"x" * limit + b"\n")
    service = open_service(locations)
    report = service.import_paths([files])
    service.close()
    assert [(Path(o.path).name, o.status, o.code) for o in report.outcomes] == [
        ("at_limit.txt", "imported", None),
        ("over_limit.txt", "refused", "too_large"),
    ]


def test_one_bad_file_never_stops_the_others(locations: Locations, tmp_path: Path) -> None:
    files = tmp_path / "mixed"
    files.mkdir()
    (files / "a_good.md").write_text("# A\n\nFirst good file.\n", encoding="utf-8")
    (files / "b_pdf.md").write_bytes(b"%PDF-1.7\n")
    os.mkfifo(files / "c_pipe.txt")
    (files / "d_empty.txt").write_bytes(b"")
    (files / "e_good.txt").write_text("Second good file, in plain text.\n", encoding="utf-8")
    service = open_service(locations)
    report = service.import_paths([files, tmp_path / "missing.md", files / "a_good.md"])
    service.close()
    assert [(Path(o.path).name, o.status, o.code) for o in report.outcomes] == [
        ("a_good.md", "imported", None),
        ("b_pdf.md", "refused", "binary"),
        ("c_pipe.txt", "refused", "unreadable"),
        ("d_empty.txt", "refused", "empty"),
        ("e_good.txt", "imported", None),
        ("missing.md", "refused", "missing"),
        ("a_good.md", "unchanged", None),
    ]


def test_an_unexpected_error_is_one_line_and_the_details_go_to_the_log(
    locations: Locations, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import studyapp.services.imports as services

    real_prepare = services.prepare

    def flaky(path: Path, data: bytes, encoding: str | None = None, pdf=None):  # type: ignore[no-untyped-def]
        if path.name == "boom.md":
            raise RuntimeError("a bug in the parser")
        return real_prepare(path, data, encoding, pdf)

    monkeypatch.setattr(services, "prepare", flaky)
    files = tmp_path / "files"
    files.mkdir()
    (files / "boom.md").write_text("# Boom\n\nText.\n", encoding="utf-8")
    (files / "fine.md").write_text("# Fine\n\nText.\n", encoding="utf-8")
    service = open_service(locations)
    report = service.import_paths([files])
    service.close()
    boom, fine = report.outcomes
    assert (boom.status, boom.code) == ("refused", "error")
    assert boom.reason and "\n" not in boom.reason and "RuntimeError" in boom.reason
    assert fine.status == "imported"
    log = service.locations.log_file.read_text(encoding="utf-8")
    assert "Traceback" in log and "a bug in the parser" in log


def test_a_symlink_loop_is_refused_like_any_other_bad_file(
    locations: Locations, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "a.md").symlink_to(files / "b.md")
    (files / "b.md").symlink_to(files / "a.md")
    (files / "c.md").write_text("# C\n\nText.\n", encoding="utf-8")
    service = open_service(locations)
    try:
        report = service.import_paths([files])
    finally:
        service.close()
    assert [o.status for o in report.outcomes] == ["refused", "refused", "imported"]


# -- (b) the real command line ------------------------------------------------------------------


def test_cli_json_import_of_the_corpus(locations: Locations) -> None:
    data = locations.data_dir
    data.mkdir(parents=True)
    (data / "config.toml").write_text(CONFIG, encoding="utf-8")
    result = run_cli(locations, "import", "--json", "--allow-duplicate", str(GOOD), str(BAD))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"imported", "unchanged", "duplicates", "refused"}
    assert report["duplicates"] == []
    assert report["unchanged"] == []
    got = {Path(e["path"]).relative_to(CORPUS).as_posix(): e for key in report for e in report[key]}
    assert set(got) == IN_FOLDER_IMPORT
    for name in IN_FOLDER_IMPORT:
        expect, entry = EXPECTED[name], got[name]
        if expect.status == "refused":
            assert entry in report["refused"] and entry["code"] == expect.code, name
            assert entry["reason"] and "\n" not in entry["reason"]
        else:
            assert entry in report["imported"] and entry["encoding"] == expect.encoding, name
            assert bool(entry["warnings"]) == bool(expect.warning), name

    again = run_cli(locations, "import", "--json", str(GOOD))
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)
    assert second["imported"] == second["refused"] == []
    assert len(second["unchanged"]) == len(list(GOOD.iterdir()))


def test_cli_plain_import_of_the_corpus_ends_with_the_summary(locations: Locations) -> None:
    data = locations.data_dir
    data.mkdir(parents=True)
    (data / "config.toml").write_text(CONFIG, encoding="utf-8")
    result = run_cli(
        locations,
        "import",
        "--allow-duplicate",
        str(GOOD),
        str(BAD),
        str(BAD / "unsupported_extension.rtf"),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    summary = SUMMARY.match(lines[-1])
    assert summary, lines[-1]
    n_imported = sum(1 for e in EXPECTED.values() if e.status == "imported")
    assert summary.groups() == (str(n_imported), "0", str(len(EXPECTED) - n_imported))
    for name, expect in EXPECTED.items():
        if expect.status == "refused":
            [line] = [line for line in lines if line.startswith(f"refused    {CORPUS / name}: ")]
            assert len(line) > len(f"refused    {CORPUS / name}: ")


# -- (c) re-importing ---------------------------------------------------------------------------


def copy_good(target: Path) -> Path:
    target.mkdir()
    for file in GOOD.iterdir():
        (target / file.name).write_bytes(file.read_bytes())
    return target


def snapshot(service: StudyService) -> dict[str, object]:
    """Every material with its sections and paragraph texts."""
    return {m.id: (m, service.material(m.id), all_text(service, m.id)) for m in service.library()}


def test_reimporting_unchanged_files_changes_nothing(locations: Locations, tmp_path: Path) -> None:
    files = copy_good(tmp_path / "good")
    service = open_service(locations)
    first = service.import_paths([files])
    assert {o.status for o in first.outcomes} == {"imported"}
    before = snapshot(service)
    second = service.import_paths([files])
    after = snapshot(service)
    service.close()
    assert [o.status for o in second.outcomes] == ["unchanged"] * len(first.outcomes)
    assert [o.material_id for o in second.outcomes] == [o.material_id for o in first.outcomes]
    assert after == before
    assert [m.updated_at for m, _full, _text in after.values()] == [
        m.updated_at for m, _full, _text in before.values()
    ]


def test_a_changed_file_is_updated_in_place_and_keeps_its_id(
    locations: Locations, tmp_path: Path
) -> None:
    files = copy_good(tmp_path / "good")
    service = open_service(locations)
    service.import_paths([files])
    target = files / "chinese_headings.txt"
    [material] = [m for m in service.library() if m.source == str(target.resolve())]
    others = {m.id: m for m in service.library() if m.id != material.id}

    target.write_text(
        target.read_text(encoding="utf-8")
        + "\n第三章 检查进度\n每周日晚上看一看计划完成了多少。\n",
        encoding="utf-8",
    )
    report = service.import_paths([files])
    changed = [o for o in report.outcomes if o.status == "imported"]
    assert [Path(o.path).name for o in changed] == ["chinese_headings.txt"]
    assert changed[0].material_id == material.id

    updated = service.material(material.id)
    assert updated is not None
    assert updated.imported_at == material.imported_at
    assert updated.updated_at > material.updated_at
    assert updated.section_count == material.section_count + 1
    assert updated.sections[-1].title == "第三章 检查进度"
    assert "每周日晚上看一看计划完成了多少。" in all_text(service, material.id)
    assert {m.id: m for m in service.library() if m.id != material.id} == others
    assert len(service.library()) == len(others) + 1
    service.close()


def test_forcing_another_encoding_reparses_an_unchanged_file(
    locations: Locations, tmp_path: Path
) -> None:
    files = copy_good(tmp_path / "good")
    target = files / "gbk_chinese_notes.txt"
    service = open_service(locations)
    first = service.import_paths([target])
    forced = service.import_paths([target], encoding="gbk")
    service.close()
    assert first.outcomes[0].encoding == "gb18030"
    assert (forced.outcomes[0].status, forced.outcomes[0].encoding) == ("imported", "gbk")
    assert forced.outcomes[0].material_id == first.outcomes[0].material_id


def test_binary_kind_leaves_utf16_text_alone() -> None:
    assert binary_kind("Plain notes.".encode("utf-16-le")) is None
    assert binary_kind(b"\xff\xfe" + "文字".encode("utf-16-le")) is None
    assert binary_kind(b"text\x00with a nul in it") is not None
