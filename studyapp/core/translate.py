"""Translation as a parameter: a core function takes the translator its caller has.

The core never reads the process's language (``studyapp.i18n``); services, the CLI and
the UI pass ``studyapp.i18n._`` (and ``ngettext``) in. Inside core functions the
parameter is named ``_`` so that ``_("…")`` stays what the catalog extractor looks for.
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]
Plural = Callable[[str, str, int], str]


def untranslated(message: str) -> str:
    """The message as written (English): the default translator."""
    return message


def untranslated_plural(singular: str, plural: str, n: int) -> str:
    """English plural choice: the default for ``ngettext``."""
    return singular if n == 1 else plural


def N_(message: str) -> str:
    """Mark ``message`` for the catalog; whoever shows it translates it."""
    return message
