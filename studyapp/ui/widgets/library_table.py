"""The library as a table: title, language, sections, characters, required."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from studyapp.core.materials import Material
from studyapp.i18n import _

LANGUAGE_NAMES = {"zh": "中文", "en": "English", "mixed": "中/En"}


class LibraryTable(DataTable[Text]):
    """Lists materials; announces the one the learner opens."""

    class Opened(Message):
        """The learner chose a material."""

        def __init__(self, material: Material) -> None:
            super().__init__()
            self.material = material

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.materials: dict[str, Material] = {}

    def on_mount(self) -> None:
        """Set up the columns in the current language."""
        for key, label in _column_labels():
            self.add_column(label, key=key)

    def relabel(self) -> None:
        """Column names and cells in the current language, the cursor kept."""
        for key, label in _column_labels():
            self.columns[ColumnKey(key)].label = Text(label)
        row = self.cursor_row
        self.show(list(self.materials.values()))
        self.move_cursor(row=row)

    def show(self, materials: list[Material]) -> None:
        """Replace the rows with ``materials``, in the given order."""
        self.clear()
        self.materials = {m.id: m for m in materials}
        for material in materials:
            self.add_row(*self._cells(material), key=material.id)

    def _cells(self, material: Material) -> list[Text]:
        return [
            Text(material.title, no_wrap=True, overflow="ellipsis"),
            Text(LANGUAGE_NAMES.get(material.language, material.language)),
            Text(str(material.section_count), justify="right"),
            Text(f"{material.chars:,}", justify="right"),
            Text(_("★ required") if material.required else "", style="bold"),
        ]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Turn a row selection into an :class:`Opened` message."""
        event.stop()
        material = self.materials.get(str(event.row_key.value))
        if material:
            self.post_message(self.Opened(material))


def _column_labels() -> list[tuple[str, str]]:
    return [
        ("title", _("Title")),
        ("language", _("Language")),
        ("sections", _("Sections")),
        ("chars", _("Characters")),
        ("required", _("Required")),
    ]
