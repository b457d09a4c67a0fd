"""The command line's public outputs: JSON shapes, exit codes, stdout/stderr discipline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from studyapp import __version__
from studyapp.cli.main import main
from studyapp.locations import Locations
from tests.db_rows import rows


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studyapp", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_library_json_lists_the_bundled_materials(locations: Locations) -> None:
    result = _run(locations.data_dir, "library", "--json")
    assert result.returncode == 0, result.stderr
    materials = json.loads(result.stdout)
    assert {"id", "title", "path", "language", "chars", "sections", "required"} <= set(materials[0])
    ids = [m["id"] for m in materials]
    assert "study-campaign-guide" in ids and "deliberate-reading" in ids
    assert all(Path(m["path"]).is_file() for m in materials)
    assert "Traceback" not in result.stderr


def test_import_json_keeps_stdout_pure_json(locations: Locations, tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("# 标题\n\n正文一句。\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"%PDF-1.7 binary")
    result = _run(locations.data_dir, "import", "--json", str(good), str(bad))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [i["id"] for i in report["imported"]] == ["good"]
    assert report["imported"][0]["title"] == "标题"
    assert report["imported"][0]["encoding"] == "utf-8"
    assert report["refused"] == [
        {"path": str(bad), "reason": "binary file (PDF document)", "code": "binary"}
    ]
    again = _run(locations.data_dir, "import", "--json", str(good))
    assert again.returncode == 0
    assert json.loads(again.stdout)["unchanged"] == [{"path": str(good), "id": "good"}]


def test_import_plain_ends_with_a_summary_line(locations: Locations, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n\nText.\n")
    (tmp_path / "empty.txt").write_text("")
    result = _run(locations.data_dir, "import", str(tmp_path / "a.md"), str(tmp_path / "empty.txt"))
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 1
    assert lines[-1] == "1 imported, 0 unchanged, 1 refused."
    assert any("empty.txt" in line and "empty file" in line for line in lines)


def test_import_in_chinese(locations: Locations, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n\nText.\n")
    result = _run(locations.data_dir, "--lang", "zh", "import", str(tmp_path / "a.md"))
    assert result.returncode == 0
    assert result.stdout.strip().splitlines()[-1] == "导入 1 个，未变 0 个，拒绝 0 个。"


def test_file_names_with_escape_codes_are_printed_harmlessly(
    locations: Locations, tmp_path: Path
) -> None:
    nasty = tmp_path / "x\x1b[31mred.md"
    nasty.write_text("# T\n\nBody.\n")
    result = _run(locations.data_dir, "import", str(nasty))
    assert result.returncode == 0
    assert "\x1b" not in result.stdout


def test_doctor_json_and_exit_code(tmp_path: Path) -> None:
    _run(tmp_path / "data", "library")
    result = _run(tmp_path / "data", "doctor", "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert {c["name"] for c in report["checks"]} >= {"sqlite_integrity", "sqlite_foreign_keys"}
    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "studyapp.sqlite") as connection:
        connection.execute("UPDATE section SET chars = chars + 1 WHERE id = 1")
    broken = _run(tmp_path / "data", "doctor")
    assert broken.returncode == 1
    assert "FAIL" in broken.stdout


def test_locate_json_honours_the_environment(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studyapp", "locate", "--json"],
        capture_output=True,
        text=True,
        env={"STUDYAPP_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    places = json.loads(result.stdout)
    assert places["data_dir"] == str(tmp_path / "home")
    assert places["database"] == f"sqlite:///{tmp_path / 'home' / 'studyapp.sqlite'}"
    assert Path(places["bundled_materials"]).is_dir()


def test_db_option_takes_a_sqlalchemy_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"
    result = _run(tmp_path / "data", "--db", url, "library", "--json")
    assert result.returncode == 0
    assert (tmp_path / "elsewhere.sqlite").exists()
    assert not (tmp_path / "data" / "studyapp.sqlite").exists()


def test_a_newer_database_is_refused_with_a_clear_message(locations: Locations) -> None:
    _run(locations.data_dir, "library")
    rows(locations, "UPDATE alembic_version SET version_num = 'ffff'")
    result = _run(locations.data_dir, "library")
    assert result.returncode == 2
    assert "newer studyapp" in result.stderr and "Traceback" not in result.stderr
