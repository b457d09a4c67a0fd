"""The wheel carries the bundled materials, catalogs and migrations, and runs from them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _build_wheel(out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return next(out.glob("studyapp-*.whl"))


def test_wheel_ships_materials_and_runs_from_them(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n for n in names if n.startswith("studyapp/materials/")}
    source = {f"studyapp/materials/{p.name}" for p in (ROOT / "materials").iterdir()}
    assert shipped == source
    assert "studyapp/locale/zh_CN/LC_MESSAGES/studyapp.mo" in names
    assert "studyapp/ui/app.tcss" in names
    assert "studyapp/ui/web/app_index.html" in names  # the page of `studyapp serve`
    assert any(n.startswith("studyapp/db/migrations/versions/0001") for n in names)

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "studyapp",
            "--data-dir",
            str(tmp_path / "data"),
            "library",
            "--json",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    paths = [Path(m["path"]) for m in json.loads(result.stdout)]
    assert len(paths) == len(source) - 1  # every text but the sample plan
    assert all(p.is_relative_to(target / "studyapp" / "materials") for p in paths)
