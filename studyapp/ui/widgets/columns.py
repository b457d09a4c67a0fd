"""Table columns that fit the width: a flexible column cut with …, the others dropped
whole by priority (never a sideways scroll, never half a glyph)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

FLEX_MIN = 12
"""The flexible column never gets narrower than this; other columns go first."""


def natural_widths(labels: Sequence[str], rows: Sequence[Sequence[Text]]) -> list[int]:
    """Cells each column needs for its label and its widest cell."""
    return [
        max([cell_len(label)] + [row[i].cell_len for row in rows]) for i, label in enumerate(labels)
    ]


def choose_columns(
    widths: Sequence[int],
    room: int,
    padding: int,
    *,
    keep: Sequence[int],
    flex: int,
    order: Sequence[int],
    flex_min: int = FLEX_MIN,
) -> tuple[list[int], int]:
    """The columns to show, in table order, and the width of the flexible one.

    ``keep`` are always shown (``flex`` among them, at least ``flex_min`` wide unless
    its content is narrower); the columns in ``order`` follow while they fit.
    """
    flex_need = min(widths[flex], flex_min)
    used = sum(widths[i] + padding for i in keep if i != flex) + flex_need + padding
    shown = list(keep)
    for index in order:
        if used + widths[index] + padding <= room:
            shown.append(index)
            used += widths[index] + padding
    others = sum(widths[i] + padding for i in shown if i != flex)
    flex_width = max(min(widths[flex], room - others - padding), min(flex_need, 4))
    return sorted(shown), flex_width


def truncate(text: Text, width: int) -> Text:
    """``text`` cut to ``width`` cells, ending in … when it was longer (never half a glyph)."""
    if text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut
