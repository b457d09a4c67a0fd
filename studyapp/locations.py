"""Where studyapp keeps its data, database, configuration and bundled materials."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from studyapp.i18n import _

APP_NAME = "studyapp"
HOME_VARIABLE = "STUDYAPP_HOME"
DB_VARIABLE = "STUDYAPP_DB"
LEARNER_VARIABLE = "STUDYAPP_LEARNER"
LEARNERS_FOLDER = "learners"  # a named learner's own data folder, under the data dir
# A learner's name is a folder name: letters (any script), digits, _ and -, no dots.
_LEARNER_NAME = re.compile(r"[^\W_][\w-]{0,39}")


class BadLearner(ValueError):
    """A learner name that cannot name a profile (``--learner``, config, environment)."""


@dataclass(frozen=True)
class Locations:
    """The paths and database URL one run of studyapp uses."""

    data_dir: Path
    db_url: str
    learner: str | None = None  # a named SQLite profile; None for the one default learner

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
    learner: str | None = None,
) -> Locations:
    """Pick the data dir and DB: command-line options, then environment, then platform defaults.

    A named learner (a profile: ``--learner``, else ``STUDYAPP_LEARNER``, else ``[profile]
    learner`` in the data dir's config.toml) studies in their own folder under
    ``learners/`` with their own database, backups and settings. Profiles are for SQLite;
    on a server the learner is the role that connects, so a learner named only by the
    environment or the config is ignored there.

    Args:
        data_dir: ``--data-dir``, if given.
        db_url: ``--db``, any SQLAlchemy URL, if given.
        environ: the environment (``os.environ`` when ``None``).
        learner: ``--learner``, if given.

    Raises:
        BadLearner: the learner's name cannot name a folder, or ``--learner`` was given
            with a database that is not SQLite.
    """
    env = os.environ if environ is None else environ
    chosen = data_dir or env.get(HOME_VARIABLE) or _platform_data_dir()
    folder = Path(chosen).expanduser().resolve()
    url = db_url or env.get(DB_VARIABLE)
    on_sqlite = url is None or url.startswith("sqlite")
    if learner and not on_sqlite:
        raise BadLearner(
            _("--learner is for SQLite profiles; on a server you study as the role you connect as")
        )
    if not learner and on_sqlite:
        learner = env.get(LEARNER_VARIABLE) or _configured_learner(folder)
    name = learner if on_sqlite else None
    if name:
        folder = learner_folder(folder, name)
    return Locations(folder, url or f"sqlite:///{folder / 'studyapp.sqlite'}", name or None)


def learner_folder(data_dir: Path, name: str) -> Path:
    """The data folder of the learner ``name`` (checked to be a plain folder name)."""
    if not _LEARNER_NAME.fullmatch(name):
        raise BadLearner(
            _(
                "{name!r} cannot name a learner: use letters, digits, _ and - (up to 40), "
                "starting with a letter or digit"
            ).format(name=name)
        )
    return data_dir / LEARNERS_FOLDER / name


def _configured_learner(data_dir: Path) -> str | None:
    """``[profile] learner`` of the data dir's config.toml, read as every setting is (a
    FIFO or a huge file is refused, not waited on); a broken file names no learner."""
    from studyapp.config import load_settings

    learner = load_settings(data_dir / "config.toml").profile.get("learner")
    return learner if isinstance(learner, str) and learner else None


def _platform_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir(APP_NAME, appauthor=False)


def bundled_materials_dir() -> Path:
    """The sample materials: inside the installed package, or the source tree's ``materials/``."""
    packaged = Path(__file__).parent / "materials"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "materials"
