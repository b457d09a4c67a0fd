"""The library as a table: title, language, sections, characters, required."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from studyapp.core.duplicates import display_titles
from studyapp.core.materials import Material
from studyapp.i18n import _
from studyapp.ui.widgets.fast_cells import SegmentLines, plain_cell_lines

LANGUAGE_NAMES = {"zh": "中文", "en": "English", "mixed": "中/En"}
FIRST_ROWS = 20  # rows added before the first frame, at least; the rest follow in batches
BATCH_ROWS = 500


class LibraryTable(DataTable[Text]):
    """Lists materials; announces the one the learner opens."""

    class Opened(Message):
        """The learner chose a material."""

        def __init__(self, material: Material) -> None:
            super().__init__()
            self.material = material

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.materials: dict[str, Material] = {}
        self.titles: dict[str, str] = {}
        self._fitted_room = 0
        self._compact = False  # short labels, ★ alone: a narrow table gives the title room
        self._shown: tuple[list[int], int] = ([0], 4)  # the columns shown, the title's width
        self._generation = 0  # which layout the batches still being added belong to

    def on_mount(self) -> None:
        """Set up the columns in the current language."""
        self._layout()

    def on_resize(self) -> None:
        """Fit the columns to the new width."""
        if self._room() != self._fitted_room:  # not when only the first layout's guess is confirmed
            self._layout()

    def relabel(self) -> None:
        """Column names and cells in the current language, the cursor kept."""
        self._layout()

    def show(self, materials: list[Material]) -> None:
        """Replace the rows with ``materials``, in the given order.

        A screenful goes in at once; the rest of a long library follows once the app's first
        frame is on the terminal, in a few large batches (each one repaints the visible rows),
        so 1,000 materials show as fast as five.
        """
        self.materials = {m.id: m for m in materials}
        self.titles = display_titles(materials)
        self._layout()

    def _layout(self) -> None:
        """Columns that fit the width: the least needed dropped whole, the title cut with …

        When the full labels would leave the title less than half the width (a narrow
        terminal), short labels and a bare ★ for "required" take their place, and columns are
        dropped before the title gets less than half. The widths come
        from a few maxima; cells are only made for the rows being added (a screenful before
        the first frame), so 1,000 materials lay out as fast as 5.
        """
        row = self.cursor_row
        room = self._room()
        self._fitted_room = room
        self._compact = False
        labels, widths, shown, title_width = self._fit(room)
        if title_width < room // 2:  # narrow: short labels and ★ give the title the room
            self._compact = True
            labels, widths, shown, title_width = self._fit(room)
        self.clear(columns=True)
        for index in shown:
            key, label = labels[index]
            width = max(title_width, 4) if index == 0 else widths[index]
            self.add_column(label, key=key, width=width)
        self._shown = (shown, max(title_width, 4))
        self._generation += 1
        first = max(FIRST_ROWS, self.app.size.height)
        self._add_rows(list(self.materials), 0, first, self._generation, row)

    def _fit(self, room: int) -> tuple[list[tuple[str, str]], list[int], list[int], int]:
        """Labels, column widths, the columns shown and the title's width (this mode)."""
        labels = _column_labels(self._compact)
        content = self._content_widths()
        pairs = zip(labels, content, strict=True)
        widths = [max(cell_len(label), cells) for (_key, label), cells in pairs]
        padding = 2 * self.cell_padding
        title_min = max(TITLE_MIN, room // 2) if self._compact else TITLE_MIN
        shown = fit_columns(widths, room, padding=padding, title_min=title_min)
        title_width = room - sum(widths[i] + padding for i in shown if i) - padding
        return labels, widths, shown, title_width

    def _content_widths(self) -> list[int]:
        """Each column's widest cell (the title's is not needed), from a few maxima: the
        widest number is the largest one, and there are few languages."""
        materials = self.materials.values()
        if not materials:
            return [0] * 5
        languages = {material.language for material in materials}
        sections = max(material.section_count for material in materials)
        chars = max(material.chars for material in materials)
        required = any(material.required for material in materials)
        return [
            0,
            max(cell_len(LANGUAGE_NAMES.get(language, language)) for language in languages),
            len(str(sections)),
            len(f"{chars:,}"),
            cell_len(self._required_text()) if required else 0,
        ]

    def _room(self) -> int:
        """Cells for the columns: the table's width (the app's before layout), less the
        vertical scrollbar."""
        return (self.size.width or self.app.size.width) - 2

    def _add_rows(
        self, rows: list[str], start: int, count: int, generation: int, cursor: int
    ) -> None:
        if generation != self._generation:
            return  # laid out again meanwhile
        shown, title_width = self._shown
        for material_id in rows[start : start + count]:
            cells = self._cells(self.materials[material_id])
            self.add_row(
                _truncate(cells[0], title_width), *(cells[i] for i in shown if i), key=material_id
            )
        if start + count < len(rows):
            # every batch repaints the visible rows: after the app's first frame, few and large
            later = getattr(self.app, "after_first_frame", self.call_after_refresh)
            later(self._add_rows, rows, start + count, BATCH_ROWS, generation, cursor)
        elif self.row_count and cursor > 0:
            self.move_cursor(row=min(cursor, self.row_count - 1))

    def _texts(self, material: Material) -> tuple[str, str, str, str, str]:
        """The five cells' plain text: title, language, sections, characters, required."""
        return (
            self.titles.get(material.id, material.title),
            LANGUAGE_NAMES.get(material.language, material.language),
            str(material.section_count),
            f"{material.chars:,}",
            self._required_text() if material.required else "",
        )

    def _required_text(self) -> str:
        return "★" if self._compact else _("★ required")

    def _cells(self, material: Material) -> list[Text]:
        title, language, sections, chars, required = self._texts(material)
        return [
            Text(title, no_wrap=True),
            Text(language),
            Text(sections, justify="right"),
            Text(chars, justify="right"),
            Text(required, style="bold"),
        ]

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """Textual's cell rendering (8.2.8), with :mod:`.fast_cells` for plain one-line cells."""
        if row_index < 0 or column_index < 0 or self.fixed_rows or self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
            self._update_count, self._pseudo_class_state,
        )  # fmt: skip
        lines = self._cell_render_cache.get(key)
        if lines is None:
            row = self.rows.get(row_key)
            cell = self._get_row_renderables(row_index).cells[column_index]
            styles = self._get_styles_to_render_cell(
                False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
                self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
            )  # fmt: skip
            pre = base_style + Style.from_meta({"row": row_index, "column": column_index})
            if row is not None and row.height == 1:
                lines = plain_cell_lines(cell, width, self.cell_padding, pre + styles[0], styles[1])
            if lines is None:
                return super()._render_cell(
                    row_index, column_index, base_style, width, cursor, hover
                )
            self._cell_render_cache[key] = lines
        return lines

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Turn a row selection into an :class:`Opened` message."""
        event.stop()
        material = self.materials.get(str(event.row_key.value))
        if material:
            self.post_message(self.Opened(material))


def _column_labels(compact: bool = False) -> list[tuple[str, str]]:
    if compact:
        return [
            ("title", _("Title")),
            ("language", _("Lang.")),
            ("sections", _("Sect.")),
            ("chars", _("Chars")),
            ("required", "★"),
        ]
    return [
        ("title", _("Title")),
        ("language", _("Language")),
        ("sections", _("Sections")),
        ("chars", _("Characters")),
        ("required", _("Required")),
    ]


TITLE_MIN = 12
"""The title column never gets narrower than this; other columns go first."""


def fit_columns(
    widths: list[int], room: int, padding: int, title_min: int = TITLE_MIN
) -> list[int]:
    """Indexes of the columns to show: the title (0) always, then the others by priority
    (characters, sections, language, required) while they fit beside a title of
    ``title_min`` cells."""
    shown = [0]
    used = title_min + padding
    for index in (3, 2, 1, 4):
        if index < len(widths) and used + widths[index] + padding <= room:
            shown.append(index)
            used += widths[index] + padding
    return sorted(shown)


def _truncate(text: Text, width: int) -> Text:
    """``text`` cut to ``width`` cells, ending in … when it was longer (never half a glyph)."""
    if text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut
