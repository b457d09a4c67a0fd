"""Settings from ``config.toml`` in the data dir; every field has a default."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

THEMES = ("textual-dark", "textual-light")


@dataclass(frozen=True)
class ImportSettings:
    """How files are imported."""

    max_file_mb: float = 50.0
    """Files larger than this are refused before they are read."""


@dataclass(frozen=True)
class ReadingSettings:
    """Reading time and goals."""

    idle_cutoff_seconds: float = 120.0
    """Reading time stops counting this long after the last key press or scroll."""
    daily_goal_minutes: float = 30.0
    """Minutes of reading a day that keep the streak going."""
    read_share: float = 0.5
    """A section counts as read once its end was reached and at least this share of its
    expected reading time (at the learner's measured speed) was spent on it."""


@dataclass(frozen=True)
class BackupSettings:
    """Automatic daily backups of the database."""

    automatic: bool = True
    """Back up the database when the app starts, at most once a day."""
    keep_daily: int = 7
    """Automatic backups kept: the newest this many days…"""
    keep_weekly: int = 4
    """…plus the newest of this many weeks…"""
    keep_monthly: int = 12
    """…plus the newest of this many months."""


@dataclass(frozen=True)
class Settings:
    """All settings; a missing or broken file gives the defaults and a warning."""

    language: str = ""
    """``zh_CN`` or ``en``; empty means "from the locale"."""
    theme: str = "textual-dark"
    """``textual-dark`` or ``textual-light``."""
    timezone: str = ""
    """IANA name such as ``Asia/Shanghai`` for local days; empty means the system's."""
    importing: ImportSettings = field(default_factory=ImportSettings)
    reading: ReadingSettings = field(default_factory=ReadingSettings)
    backup: BackupSettings = field(default_factory=BackupSettings)
    review: dict[str, Any] = field(default_factory=dict)
    """The ``[review]`` table as written; checked and applied by the review service."""
    profile: dict[str, Any] = field(default_factory=dict)
    """``[profile] name`` and ``class``: shown on the study report (display only)."""
    warnings: tuple[str, ...] = ()

    def tzinfo(self) -> dt.tzinfo:
        """The time zone that decides which local day a moment belongs to."""
        if self.timezone:
            try:
                return ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                pass
        return dt.datetime.now().astimezone().tzinfo or dt.UTC

    @property
    def size_limit(self) -> int:
        """The import size limit in bytes."""
        return int(self.importing.max_file_mb * 1024 * 1024)


MAX_CONFIG_BYTES = 256 * 1024


def _read_small(path: Path) -> bytes:
    """A regular file's bytes, refused past :data:`MAX_CONFIG_BYTES`, opened without blocking."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueError("not a regular file")
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ValueError(f"larger than {MAX_CONFIG_BYTES // 1024} KB")
    return data


def load_settings(path: Path) -> Settings:
    """Read ``path``; unknown keys and wrong types are ignored with a warning."""
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(_read_small(path).decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(warnings=(f"{path.name}: ignored ({error})",))
    warnings: list[str] = []
    settings = _apply(Settings(), data, warnings, prefix="")
    importing = _apply(ImportSettings(), data.get("import", {}), warnings, prefix="import.")
    reading = _apply(ReadingSettings(), data.get("reading", {}), warnings, prefix="reading.")
    backup = _apply(BackupSettings(), data.get("backup", {}), warnings, prefix="backup.")
    review = data.get("review", {})
    if not isinstance(review, dict):
        warnings.append("config: [review] is not a table")
        review = {}
    profile = data.get("profile", {})
    if not isinstance(profile, dict):
        warnings.append("config: [profile] is not a table")
        profile = {}
    return replace(
        settings,
        importing=importing,
        reading=reading,
        backup=backup,
        review=review,
        profile=profile,
        warnings=tuple(warnings),
    )


_Section = TypeVar("_Section", Settings, ImportSettings, ReadingSettings, BackupSettings)


def _apply(target: _Section, data: Any, warnings: list[str], prefix: str) -> _Section:
    if not isinstance(data, dict):
        warnings.append(f"config: [{prefix.rstrip('.')}] is not a table")
        return target
    changes = {}
    for item in fields(target):
        if item.name in data and item.name not in _TABLES:
            value = data[item.name]
            default = getattr(target, item.name)
            if _same_type(value, default) or (isinstance(default, float) and type(value) is int):
                changes[item.name] = value
            else:
                warnings.append(f"config: {prefix}{item.name} has the wrong type; default used")
    return replace(target, **changes)


_TABLES = ("importing", "reading", "backup", "review", "profile", "warnings")


def _same_type(value: Any, default: Any) -> bool:
    """``True`` is no number and ``1`` is no switch, though Python says otherwise."""
    if isinstance(value, bool) or isinstance(default, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    return isinstance(value, type(default))


def save_setting(path: Path, key: str, value: str) -> None:
    """Set one top-level string setting in ``path``, keeping the other lines."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
    kept = [line for line in lines if not assignment.match(line)]
    kept.insert(0, f'{key} = "{value}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text("\n".join(kept) + "\n", encoding="utf-8")
    temporary.replace(path)


def configured_language(locations: Any) -> str | None:
    """The top-level ``language`` of ``config.toml`` in the data dir, if it is set."""
    try:
        return load_settings(locations.config_file).language or None
    except OSError:
        return None
