"""SQLite profiles (issue 15): ``--learner NAME``, ``STUDYAPP_LEARNER`` or ``[profile]
learner`` keep one learner's record apart from another's, each in its own folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.locations import BadLearner, resolve_locations

MATERIAL = "study-campaign-guide"


def _cli(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STUDYAPP_")} | env
    command = [sys.executable, "-m", "studyapp", "--data-dir", str(home), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=environ)


def _plans(home: Path, *args: str, **env: str) -> list[str]:
    listed = _cli(home, *args, "plan", "list", "--json", **env)
    assert listed.returncode == 0, listed.stderr
    return [plan["name"] for plan in json.loads(listed.stdout)]


def test_two_learners_on_one_machine_keep_their_own_plans(tmp_path: Path) -> None:
    name = ("--learner", "小明")
    added = _cli(tmp_path, *name, "plan", "add", MATERIAL, "--finish-by", "2030-01-01")
    assert added.returncode == 0, added.stderr
    assert len(_plans(tmp_path, "--learner", "小明")) == 1
    assert _plans(tmp_path, "--learner", "ann") == []
    assert _plans(tmp_path) == []  # the default learner: the data dir itself, as before
    assert (tmp_path / "learners" / "小明" / "studyapp.sqlite").exists()
    assert len(_plans(tmp_path, STUDYAPP_LEARNER="小明")) == 1


def test_the_config_names_the_default_learner_and_the_option_wins(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[profile]\nlearner = "ann"\n', encoding="utf-8")
    added = _cli(tmp_path, "plan", "add", MATERIAL, "--finish-by", "2030-01-01")
    assert added.returncode == 0, added.stderr
    assert len(_plans(tmp_path, "--learner", "ann")) == 1
    assert _plans(tmp_path, "--learner", "bob") == []


@pytest.mark.parametrize("name", ["../x", "a/b", ".hidden", "", "x" * 41, "a b"])
def test_a_name_that_cannot_be_a_folder_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    refused = _cli(tmp_path, "--learner", name, "library")
    if name == "":  # click: an empty option value is no learner at all
        assert refused.returncode == 0, refused.stderr
        return
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "learner" in refused.stderr
    assert not (tmp_path / "learners").exists() and not (tmp_path.parent / "x").exists()


def test_profiles_are_for_sqlite_a_server_knows_its_learner(tmp_path: Path) -> None:
    refused = _cli(tmp_path, "--learner", "ann", "--db", "postgresql://ann@/class", "library")
    assert refused.returncode == 2 and "role" in refused.stderr
    with pytest.raises(BadLearner):
        resolve_locations(tmp_path, "postgresql://a@/b", environ={}, learner="ann")
    ignored = resolve_locations(  # named only by the environment: ignored on a server
        tmp_path, "postgresql://a@/b", environ={"STUDYAPP_LEARNER": "ann"}
    )
    assert ignored.learner is None and ignored.data_dir == tmp_path.resolve()


async def test_the_header_names_the_profile(tmp_path: Path) -> None:
    from studyapp.ui.app import make_app
    from tests.ui_helpers import screen_text, settle

    locations = resolve_locations(tmp_path, environ={}, learner="小明")
    app = make_app(locations, language="zh_CN")
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert "studyapp · 小明" in screen_text(pilot)


def test_a_config_that_is_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "config.toml")
    listed = subprocess.run(
        [sys.executable, "-m", "studyapp", "--data-dir", str(tmp_path), "library", "--json"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert resolve_locations(tmp_path, environ={}).learner is None
