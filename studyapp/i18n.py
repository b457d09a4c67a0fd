"""Translations: gettext catalogs for zh-CN and English, switchable at run time."""

from __future__ import annotations

import gettext
import locale
import os
from pathlib import Path

DOMAIN = "studyapp"
LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "zh_CN")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def resolve_language(requested: str | None = None) -> str:
    """Pick ``en`` or ``zh_CN`` from an explicit choice or the environment's locale."""
    candidates = [requested] if requested else _environment_languages()
    for candidate in candidates:
        normal = candidate.replace("-", "_").split(".")[0].lower()
        if normal.startswith("zh"):
            return "zh_CN"
        if normal.startswith(("en", "c", "posix")):
            return "en"
    return "en"


def _environment_languages() -> list[str]:
    names = []
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            names.extend(value.split(":"))
    if not names:
        current = locale.getlocale()[0]
        if current:
            names.append(current)
    return names


def set_language(requested: str | None = None) -> str:
    """Switch the process to a language and return its code (``en`` or ``zh_CN``)."""
    global _translation, _language
    _language = resolve_language(requested)
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=True)
    return _language


def current_language() -> str:
    """The language in use: ``en`` or ``zh_CN``."""
    return _language
