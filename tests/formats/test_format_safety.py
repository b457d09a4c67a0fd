"""Hostile files: each refused with a stable code and one line, nothing stored, in bounded time."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from studyapp.core.formats.limits import SafeZip, ZipLimits, parse_xml
from studyapp.core.importing import prepare
from studyapp.core.refusal import Refused
from studyapp.services.pdf_extract import extract_pdf
from tests.formats.hostile import LOOP_PDF, write_hostile

FILES = Path(__file__).parent / "files"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, write_hostile(folder)


def test_every_hostile_file_is_refused_with_its_code_and_one_line(
    hostile: tuple[Path, dict[str, str]],
) -> None:
    folder, expected = hostile
    for name, code in expected.items():
        started = time.monotonic()
        with pytest.raises(Refused) as refusal:
            prepare(folder / name, (folder / name).read_bytes(), None, extract_pdf)
        assert refusal.value.code == code, name
        assert str(refusal.value) and "\n" not in str(refusal.value)
        assert time.monotonic() - started < 20, name


def test_no_partial_material_is_stored(service, hostile: tuple[Path, dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    folder, expected = hostile
    report = service.import_paths([folder])
    assert {Path(o.path).name: o.code for o in report.outcomes} == expected
    assert service.library() == []


def test_zip_limits_count_real_bytes_not_headers() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "<a>" + "x" * 5000 + "</a>")
    limits = ZipLimits(total=1000, member=1000)
    with pytest.raises(Refused) as refusal:
        SafeZip(buffer.getvalue(), limits)  # the declared total is over the limit
    assert refusal.value.code == "zip_bomb"
    lenient = SafeZip(buffer.getvalue(), ZipLimits(total=10_000, member=1000))
    with pytest.raises(Refused):
        lenient.read("a.xml")  # one member over its own limit


def test_zip_with_too_many_entries_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(30):
            archive.writestr(f"f{index}", "x")
    with pytest.raises(Refused) as refusal:
        SafeZip(buffer.getvalue(), ZipLimits(entries=20))
    assert refusal.value.code == "zip_bomb"


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
        b'<!DOCTYPE a [<!ENTITY a "1"><!ENTITY b "&a;&a;&a;&a;">]><a>&b;</a>',
        b'<!DOCTYPE a [<!entity % p SYSTEM "http://example.invalid/x.dtd"> %p;]><a/>',
    ],
)
def test_xml_parts_with_entities_are_refused(xml: bytes) -> None:
    with pytest.raises(Refused) as refusal:
        parse_xml(xml)
    assert refusal.value.code == "xml_entities"


def test_pdf_reference_loop_is_refused_not_hung() -> None:
    started = time.monotonic()
    with pytest.raises(Refused) as refusal:
        extract_pdf(LOOP_PDF)
    assert refusal.value.code in ("corrupt", "pdf_failed")
    assert time.monotonic() - started < 20


def test_pdf_worker_runs_under_a_memory_limit() -> None:
    # 15 MB of address space cannot even load PDFium: the child fails, the app does not.
    with pytest.raises(Refused) as refusal:
        extract_pdf((FILES / "plants_zh.pdf").read_bytes(), megabytes=15)
    assert refusal.value.code == "pdf_failed"


def test_legacy_word_formats_ask_for_docx(tmp_path: Path) -> None:
    for name in ("notes.doc", "notes.wps"):
        with pytest.raises(Refused) as refusal:
            prepare(tmp_path / name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
        assert refusal.value.code == "legacy_word"
        assert "DOCX" in str(refusal.value)
