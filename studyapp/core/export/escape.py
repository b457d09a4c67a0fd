"""Escaping learner and material text for CSV cells, Markdown and Anki's HTML fields."""

from __future__ import annotations

import html
import re

from studyapp.core.text import normalise_newlines, strip_controls

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection)."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&~])")
_MARKDOWN_LINE_START = re.compile(r"^([ ]*)([-+=]|\d+(?=[.)]))", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{2,}")


def neutralise_cell(text: str) -> str:
    """A CSV text cell that spreadsheet programs show as text, never run as a formula.

    Args:
        text: the cell's text.

    Returns:
        ``text`` with a ``'`` in front when it starts with ``=``, ``+``, ``-``, ``@``,
        a tab or a carriage return; otherwise ``text`` unchanged.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def clean(text: str) -> str:
    """Text with newlines normalised and terminal control characters removed."""
    return strip_controls(normalise_newlines(text))


def markdown_text(text: str) -> str:
    """Text that Markdown shows literally: no links, HTML, emphasis, headings or lists.

    Backslash-escapes ``\\ ` * _ [ ] < > # | & ~`` everywhere and ``-``, ``+``,
    ``=`` or ``1.`` at the start of a line; removes control characters.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", clean(text))
    return _MARKDOWN_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker.isdigit():
        return f"{match.group(1)}{marker}\\"  # "1." becomes "1\." (the dot follows)
    return f"{match.group(1)}\\{marker}"


def markdown_cell(text: str) -> str:
    """Text for one Markdown table cell: on one line, ``|`` escaped."""
    return markdown_text(" ".join(clean(text).split()))


def markdown_paragraphs(text: str) -> str:
    """Multi-line text as Markdown paragraphs: a hard line break kept at each newline."""
    paragraphs = _BLANK_LINES.split(clean(text).strip())
    return "\n\n".join(
        "  \n".join(markdown_text(line.strip()) for line in p.split("\n")) for p in paragraphs
    )


def html_text(text: str) -> str:
    """Text for an Anki field: HTML-escaped, braces as entities, newlines as ``<br>``.

    ``<script>`` shows as text and ``&amp;`` as ``&amp;``; ``{{`` and ``}}`` cannot
    open or close a cloze or a template field.
    """
    escaped = html.escape(clean(text), quote=True)
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return escaped.replace("\n", "<br>")


def cloze_text(text: str) -> str:
    """Like :func:`html_text`, with ``:`` as an entity too, so ``::`` cannot start a cloze hint."""
    return html_text(text).replace(":", "&#58;")
