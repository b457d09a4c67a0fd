"""YAML front matter: split with python-frontmatter, load defensively, validate fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from studyapp.core.translate import Translate, untranslated

MAX_FRONT_MATTER = 64 * 1024
MAX_TAGS = 50
# Deeper ``[``/``{`` nesting than this is refused before PyYAML sees it: its parser
# recurses per level (60 KB of brackets took a minute, then overflowed the stack).
MAX_NESTING = 20
LANGUAGES = ("zh", "en", "mixed")


@dataclass(frozen=True)
class FrontMatter:
    """The fields studyapp reads from front matter; ``None`` where absent or invalid."""

    title: str | None = None
    author: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    required: bool = False
    order: int | None = None
    warnings: list[str] = field(default_factory=list)


def split_front_matter(text: str, _: Translate = untranslated) -> tuple[FrontMatter, str]:
    """Separate and parse the front matter at the top of a Markdown text.

    Broken front matter never fails the import: it is dropped with a warning and
    the body (without the broken block) is still read.

    Args:
        text: the decoded file, BOM already removed.
        _: the translator of the warnings (``studyapp.i18n._``); English without one.

    Returns:
        The parsed fields and the remaining body.
    """
    handler = YAMLHandler()
    if not handler.detect(text):
        return FrontMatter(), text
    try:
        raw, body = handler.split(text)
    except ValueError:
        return FrontMatter(), text
    try:
        data = _load_yaml(raw, _)
    except ValueError as error:
        return FrontMatter(warnings=[str(error)]), body
    return _fields(data, _), body


def _flow_depth(raw: str) -> int:
    """The deepest nesting of ``[`` and ``{`` (an upper bound: quotes are not skipped)."""
    depth = deepest = 0
    for char in raw:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _load_yaml(raw: str, _: Translate) -> dict[str, Any]:
    if len(raw) > MAX_FRONT_MATTER:
        raise ValueError(_("front matter ignored: larger than 64 KB"))
    if _flow_depth(raw) > MAX_NESTING:
        raise ValueError(_("front matter ignored: nested too deeply"))
    if _has_aliases(raw):
        raise ValueError(_("front matter ignored: YAML aliases are not allowed"))
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        reason = _first_line(str(error))
        raise ValueError(
            _("front matter ignored: invalid YAML ({reason})").format(reason=reason)
        ) from None
    except RecursionError:
        raise ValueError(_("front matter ignored: nested too deeply")) from None
    except (ValueError, TypeError, OverflowError) as error:  # e.g. a date like 2024-13-45
        reason = _first_line(str(error))
        raise ValueError(
            _("front matter ignored: invalid value ({reason})").format(reason=reason)
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(_("front matter ignored: it is not a mapping of fields"))
    return data


def _has_aliases(raw: str) -> bool:
    """Aliases are refused outright: they are how "billion laughs" bombs are built."""
    try:
        return any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(raw, yaml.SafeLoader))
    except yaml.YAMLError:
        return False  # reported by the real load


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0][:120] if message.strip() else "?"


def _fields(data: dict[str, Any], _: Translate) -> FrontMatter:
    bad: list[str] = []  # the fields ignored, named by the checks below
    front = FrontMatter(
        title=_text_field(data, "title", bad),
        author=_text_field(data, "author", bad),
        description=_text_field(data, "description", bad),
        tags=_tags_field(data, bad),
        language=_language_field(data, bad),
        required=_bool_field(data, "required", bad),
        order=_int_field(data, "order", bad),
    )
    message = _("front matter field '{key}' ignored: wrong type")
    front.warnings.extend(message.format(key=key) for key in bad)
    return front


def _bad(key: str, bad: list[str]) -> None:
    bad.append(key)


def _text_field(data: dict[str, Any], key: str, bad: list[str]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool):
        text = str(value).strip()
        return text[:500] or None
    _bad(key, bad)
    return None


def _tags_field(data: dict[str, Any], bad: list[str]) -> tuple[str, ...]:
    value = data.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.replace("，", ",").split(",")]
    if not isinstance(value, list) or len(value) > MAX_TAGS:
        _bad("tags", bad)
        return ()
    tags = [str(tag).strip() for tag in value if isinstance(tag, (str, int, float))]
    if len(tags) != len(value):
        _bad("tags", bad)
    return tuple(dict.fromkeys(tag[:100] for tag in tags if tag))


def _language_field(data: dict[str, Any], bad: list[str]) -> str | None:
    value = data.get("language")
    if value is None:
        return None
    code = str(value).strip().lower().replace("_", "-")
    if code in ("mixed", "zh-en", "en-zh", "bilingual"):  # before "zh…": zh-en is mixed
        return "mixed"
    if code.startswith("zh") or code in ("chinese", "中文"):
        return "zh"
    if code.startswith("en") or code == "english":
        return "en"
    _bad("language", bad)
    return None


def _bool_field(data: dict[str, Any], key: str, bad: list[str]) -> bool:
    value = data.get(key)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "true", "是", "必读"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("no", "false", "否"):
        return False
    _bad(key, bad)
    return False


def _int_field(data: dict[str, Any], key: str, bad: list[str]) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**9:
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    _bad(key, bad)
    return None
