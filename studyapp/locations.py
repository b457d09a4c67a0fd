"""Where studyapp keeps its data, database, configuration and bundled materials."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "studyapp"
HOME_VARIABLE = "STUDYAPP_HOME"
DB_VARIABLE = "STUDYAPP_DB"


@dataclass(frozen=True)
class Locations:
    """The paths and database URL one run of studyapp uses."""

    data_dir: Path
    db_url: str

    @property
    def config_file(self) -> Path:
        """The TOML settings file."""
        return self.data_dir / "config.toml"

    @property
    def backup_dir(self) -> Path:
        """Where database backups go."""
        return self.data_dir / "backups"

    @property
    def export_dir(self) -> Path:
        """Where exports started from the TUI go."""
        return self.data_dir / "exports"

    @property
    def log_file(self) -> Path:
        """Where unexpected errors are written in full."""
        return self.data_dir / "studyapp.log"


def resolve_locations(
    data_dir: str | os.PathLike[str] | None = None,
    db_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Locations:
    """Pick the data dir and DB: command-line options, then environment, then platform defaults.

    Args:
        data_dir: ``--data-dir``, if given.
        db_url: ``--db``, any SQLAlchemy URL, if given.
        environ: the environment (``os.environ`` when ``None``).
    """
    env = os.environ if environ is None else environ
    chosen = data_dir or env.get(HOME_VARIABLE) or _platform_data_dir()
    folder = Path(chosen).expanduser().resolve()
    url = db_url or env.get(DB_VARIABLE) or f"sqlite:///{folder / 'studyapp.sqlite'}"
    return Locations(folder, url)


def _platform_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir(APP_NAME, appauthor=False)


def bundled_materials_dir() -> Path:
    """The sample materials: inside the installed package, or the source tree's ``materials/``."""
    packaged = Path(__file__).parent / "materials"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "materials"
