"""A one-line table cell's segments without Rich's rendering pipeline.

``DataTable._render_cell`` (Textual 8.2.8) renders every cell through
``console.render_lines(Styled(Padding(cell, (0, pad)), pre, post))``: about 0.1 ms a
cell, most of a long library's first frame (36 rows of five cells). For a plain
one-line ``Text`` (no spans, no tabs or newlines, narrower than the cell) the result is
known: the padding, the text and its fill, each styled ``pre + own + post``. This module
builds exactly those segments; anything else returns ``None`` and takes Textual's path.
``tests/test_library_columns.py`` compares the two for every cell of a table.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

SegmentLines = list[list[Segment]]


def plain_cell_lines(
    cell: object, width: int, padding: int, pre: Style, post: Style | None
) -> SegmentLines | None:
    """The one line of ``cell`` as ``Styled(Padding(cell, (0, padding)), pre, post)``
    renders it ``width`` cells wide, or ``None`` when the cell is not that simple."""
    if not isinstance(cell, Text) or cell.spans or not isinstance(cell.style, (str, Style)):
        return None
    plain = cell.plain
    room = width - 2 * padding
    if "\n" in plain or "\t" in plain or room < 0 or cell_len(plain) > room:
        return None
    own = Style.parse(cell.style) if isinstance(cell.style, str) else cell.style
    justify = cell.justify or "default"
    fill = " " * (room - cell_len(plain))
    parts: list[tuple[str, Style | None]]
    if justify == "right":
        if plain != plain.rstrip():
            return None
        parts = [(fill + plain, own)]  # padded inside the text: its own style
    elif justify == "left":
        parts = [(plain + fill, own)]
    elif justify == "default":
        parts = [(plain, own), (fill, None)]  # the fill comes from the padding
    else:
        return None
    side = " " * padding
    pieces: list[tuple[str, Style | None]] = [(side, None), *parts, (side, None)]
    return [[Segment(text, _styled(pre, style, post)) for text, style in pieces if text]]


def _styled(pre: Style, own: Style | None, post: Style | None) -> Style:
    style = pre + own if own else pre
    return style + post if post else style
