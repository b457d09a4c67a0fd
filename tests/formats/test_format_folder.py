"""A folder of every format, good and bad, imported with the real command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from studyapp.locations import Locations
from tests.cli_helpers import run_cli
from tests.formats.hostile import write_hostile

FILES = Path(__file__).parent / "files"
TITLES = {
    "water_zh.epub": "水的旅行",
    "bridges_en.docx": "A Short Guide to Bridges",
    "ruby_zh.epub": "汉字的读音",
    "notice_zh.docx": "班级通知",
    "numbered_zh.docx": "社团活动安排",
    "news_zh.html": "社区图书角开放",
    "plants_zh.pdf": "植物的一生",
    "sized_zh.pdf": "种子发芽",
}


def test_folder_import_of_every_format(tmp_path: Path, locations: Locations) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in [*TITLES, "scanned.pdf", "locked.pdf"]:
        shutil.copy(FILES / name, folder / name)
    shutil.copytree(FILES / "news_zh_files", folder / "news_zh_files")
    refused = write_hostile(folder)
    refused |= {"scanned.pdf": "scanned", "locked.pdf": "encrypted"}

    done = run_cli(locations, "import", "--json", str(folder))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    report = json.loads(done.stdout)
    imported = {Path(o["path"]).name: o for o in report["imported"]}
    assert {name: o["title"] for name, o in imported.items()} == TITLES  # NAME_files/ skipped
    assert {Path(o["path"]).name: o["code"] for o in report["refused"]} == refused
    assert all(o["reason"] and "\n" not in o["reason"] for o in report["refused"])

    library = json.loads(run_cli(locations, "library", "--json").stdout)
    sections = {m["title"]: m["sections"] for m in library}
    assert sections["水的旅行"] == 2 and sections["植物的一生"] == 3
    doctor = run_cli(locations, "doctor")
    assert doctor.returncode == 0, doctor.stdout
