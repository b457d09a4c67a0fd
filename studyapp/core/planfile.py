"""Study plan files: parse the TOML plan format into a validated :class:`PlanSpec`."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOP_KEYS = ("name", "start", "finish_by", "minutes_per_day", "items")
ITEM_KEYS = ("material", "section", "due", "required")
MAX_MINUTES_PER_DAY = 24 * 60
# A plan file lists materials and dates; a megabyte is far more than any real one.
MAX_PLAN_BYTES = 1024 * 1024

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_ITEMS_HEADER = re.compile(r"\s*\[\[\s*items\s*\]\]")
_TABLE_HEADER = re.compile(r"\s*\[")


class PlanFileError(ValueError):
    """A plan file that cannot be used, with a message naming the field and line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class PlanItem:
    """One entry of a plan: a material, or one section of it.

    ``required`` is ``None`` when the file does not say (then the material's own
    flag applies). ``line`` is where the item starts in the file, for messages.
    """

    material: str
    section: str | None = None
    due: dt.date | None = None
    required: bool | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PlanSpec:
    """A validated plan file.

    Exactly one style holds: every item has a ``due`` date (``style == "due"``),
    or no item has and ``start`` comes with either ``minutes_per_day``
    (``"pace"``) or ``finish_by`` (``"deadline"``).
    """

    name: str
    start: dt.date | None
    finish_by: dt.date | None
    minutes_per_day: float | None
    items: tuple[PlanItem, ...]

    @property
    def style(self) -> str:
        """``due``, ``pace`` or ``deadline``: how the plan's days are decided."""
        if self.items[0].due is not None:
            return "due"
        return "pace" if self.minutes_per_day is not None else "deadline"


class _Locator:
    """Best-effort line numbers for keys, found by scanning the TOML text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.items = [i for i, line in enumerate(self.lines) if _ITEMS_HEADER.match(line)]

    def _find(self, key: str, first: int, stop: int) -> int | None:
        pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for index in range(first, min(stop, len(self.lines))):
            if _TABLE_HEADER.match(self.lines[index]):
                break
            if pattern.match(self.lines[index]):
                return index + 1
        return None

    def top(self, key: str) -> int | None:
        """The line of a top-level key."""
        return self._find(key, 0, len(self.lines))

    def item(self, index: int, key: str | None = None) -> int | None:
        """The line of an item's key, else of its ``[[items]]`` header."""
        if index >= len(self.items):
            return None
        header = self.items[index]
        found = self._find(key, header + 1, len(self.lines)) if key else None
        return found or header + 1


def parse_plan(text: str) -> PlanSpec:
    """Parse and validate the text of a plan file.

    The format: ``name`` (required), optional ``start``, ``finish_by`` (dates,
    as TOML dates or ``"YYYY-MM-DD"`` strings) and ``minutes_per_day``, and
    ``[[items]]`` tables with ``material`` (an id, required), and optional
    ``section`` (an anchor), ``due`` (a date) and ``required`` (a boolean).

    Args:
        text: the file's text.

    Returns:
        The validated plan.

    Raises:
        PlanFileError: for invalid TOML, a missing or mistyped field, an unknown
            key, a bad date, a due date before ``start`` or before the previous
            item's, a duplicated item, or styles mixed (some items with ``due``
            and some without; due dates together with ``minutes_per_day`` or
            ``finish_by``; both ``minutes_per_day`` and ``finish_by``; a
            sequence without ``start``).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_POSITION.search(str(error))
        raise PlanFileError(
            f"not valid TOML: {error}", int(match.group(1)) if match else None
        ) from error
    where = _Locator(text)
    for key in data:
        if key not in TOP_KEYS:
            raise PlanFileError(
                f"unknown key {key!r}; expected one of {', '.join(TOP_KEYS)}", where.top(key)
            )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise PlanFileError("name: a non-empty string is required", where.top("name"))
    start = _date(data, "start", where.top("start"))
    finish_by = _date(data, "finish_by", where.top("finish_by"))
    minutes_per_day = _minutes(data, where.top("minutes_per_day"))
    items = _items(data.get("items"), where)
    _check_style(start, finish_by, minutes_per_day, items, where)
    return PlanSpec(name.strip(), start, finish_by, minutes_per_day, items)


def load_plan(path: Path) -> PlanSpec:
    """Read and parse a plan file (UTF-8, an optional BOM is allowed).

    Args:
        path: the file.

    Returns:
        The validated plan.

    Raises:
        PlanFileError: if the file cannot be read, is not UTF-8, or is invalid.
    """
    data = _read_regular(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFileError(f"{path} is not UTF-8 text") from error
    return parse_plan(text)


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_PLAN_BYTES`.

    A FIFO, a device (or a link to one) or a folder is refused before it is read, and
    the file is opened without blocking, so neither ``/dev/zero`` nor a FIFO can hang or
    fill memory.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise PlanFileError(f"cannot read {path}: {error.strerror or error}") from error
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise PlanFileError(f"{path} is not a regular file")
        if info.st_size > MAX_PLAN_BYTES:
            raise PlanFileError(
                f"{path} is too large ({info.st_size} bytes; a plan file may hold "
                f"{MAX_PLAN_BYTES} bytes)"
            )
        try:
            data = handle.read(MAX_PLAN_BYTES + 1)
        except OSError as error:
            raise PlanFileError(f"cannot read {path}: {error.strerror or error}") from error
    if len(data) > MAX_PLAN_BYTES:
        raise PlanFileError(f"{path} is too large (a plan file may hold {MAX_PLAN_BYTES} bytes)")
    return data


def _date(table: dict[str, Any], key: str, line: int | None, label: str = "") -> dt.date | None:
    """An optional date field: a TOML local date or a ``YYYY-MM-DD`` string."""
    label = label or key
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise PlanFileError(f"{label}: expected a date like 2026-12-01, not a date-time", line)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise PlanFileError(f"{label}: {value!r} is not a date like 2026-12-01", line)
    raise PlanFileError(f"{label}: expected a date like 2026-12-01, got {value!r}", line)


def _minutes(data: dict[str, Any], line: int | None) -> float | None:
    value = data.get("minutes_per_day")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PlanFileError(f"minutes_per_day: expected a number, got {value!r}", line)
    if not (math.isfinite(value) and 0 < value <= MAX_MINUTES_PER_DAY):
        raise PlanFileError(
            f"minutes_per_day: {value!r} is not between 0 and {MAX_MINUTES_PER_DAY}", line
        )
    return float(value)


def _items(raw: Any, where: _Locator) -> tuple[PlanItem, ...]:
    if raw is None:
        raise PlanFileError("items: the plan lists nothing to read; add [[items]] tables")
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise PlanFileError("items: expected [[items]] tables", where.top("items"))
    if not raw:
        raise PlanFileError("items: the plan lists nothing to read", where.top("items"))
    items: list[PlanItem] = []
    seen: dict[tuple[str, str | None], int] = {}
    for index, entry in enumerate(raw):
        label = f"items[{index + 1}]"
        for key in entry:
            if key not in ITEM_KEYS:
                raise PlanFileError(
                    f"{label}: unknown key {key!r}; expected one of {', '.join(ITEM_KEYS)}",
                    where.item(index, key),
                )
        material = entry.get("material")
        if not isinstance(material, str) or not material.strip():
            raise PlanFileError(
                f"{label}: 'material' (a material id) is required", where.item(index, "material")
            )
        section = entry.get("section")
        if section is not None and (not isinstance(section, str) or not section.strip()):
            raise PlanFileError(
                f"{label}.section: expected a section anchor", where.item(index, "section")
            )
        required = entry.get("required")
        if required is not None and not isinstance(required, bool):
            raise PlanFileError(
                f"{label}.required: expected true or false, got {required!r}",
                where.item(index, "required"),
            )
        due = _date(entry, "due", where.item(index, "due"), f"{label}.due")
        item = PlanItem(
            material.strip(),
            section.strip() if section is not None else None,
            due,
            required,
            where.item(index),
        )
        identity = (item.material, item.section)
        if identity in seen:
            what = f"{item.material}#{item.section}" if item.section else item.material
            raise PlanFileError(
                f"{label}: {what} is already listed as items[{seen[identity]}]", item.line
            )
        seen[identity] = index + 1
        items.append(item)
    return tuple(items)


def _check_style(
    start: dt.date | None,
    finish_by: dt.date | None,
    minutes_per_day: float | None,
    items: tuple[PlanItem, ...],
    where: _Locator,
) -> None:
    """Check that the plan follows exactly one style, consistently."""
    with_due = [item.due is not None for item in items]
    if any(with_due) and not all(with_due):
        index = with_due.index(not with_due[0])
        raise PlanFileError(
            f"items[{index + 1}]: either every item has a 'due' date or none has "
            f"(items[1] {'has' if with_due[0] else 'has none'})",
            items[index].line,
        )
    if all(with_due):
        for key, value in (("minutes_per_day", minutes_per_day), ("finish_by", finish_by)):
            if value is not None:
                raise PlanFileError(
                    f"{key}: not allowed when the items have 'due' dates; use one style",
                    where.top(key),
                )
        dues = [item.due for item in items if item.due is not None]
        for index, due in enumerate(dues):
            if start is not None and due < start:
                raise PlanFileError(
                    f"items[{index + 1}].due: {due} is before start {start}",
                    where.item(index, "due"),
                )
            if index and due < dues[index - 1]:
                raise PlanFileError(
                    f"items[{index + 1}].due: {due} is before the previous item's due "
                    f"date {dues[index - 1]}; list the items in reading order",
                    where.item(index, "due"),
                )
        return
    if start is None:
        raise PlanFileError(
            "start: required when the items have no 'due' dates (the plan runs from start)"
        )
    if (minutes_per_day is None) == (finish_by is None):
        raise PlanFileError(
            "give either minutes_per_day (a daily pace) or finish_by (a last day), not "
            + ("both" if minutes_per_day is not None else "neither"),
            where.top("minutes_per_day") or where.top("finish_by"),
        )
    if finish_by is not None and finish_by < start:
        raise PlanFileError(
            f"finish_by: {finish_by} is before start {start}", where.top("finish_by")
        )
