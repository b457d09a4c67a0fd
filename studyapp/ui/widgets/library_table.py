"""The library as a table: title, language, sections, characters, required."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from studyapp.core.duplicates import display_titles
from studyapp.core.materials import Material
from studyapp.i18n import _

LANGUAGE_NAMES = {"zh": "中文", "en": "English", "mixed": "中/En"}
FIRST_ROWS = 20  # rows added before the first frame, at least; the rest follow in batches
BATCH_ROWS = 50


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
        self.titles: dict[str, str] = {}
        self._generation = 0  # which show() the batches still being added belong to

    def on_mount(self) -> None:
        """Set up the columns in the current language."""
        self.add_column(_("Title"), key="title")
        self.add_column(_("Language"), key="language")
        self.add_column(_("Sections"), key="sections")
        self.add_column(_("Characters"), key="chars")
        self.add_column(_("Required"), key="required")

    def show(self, materials: list[Material]) -> None:
        """Replace the rows with ``materials``, in the given order.

        A screenful goes in at once; the rest of a long library follows after the frame is
        painted, in batches, so 1,000 materials show as fast as five.
        """
        self.clear()
        self.materials = {m.id: m for m in materials}
        self.titles = display_titles(materials)
        self._generation += 1
        self._add_rows(materials, 0, max(FIRST_ROWS, self.app.size.height), self._generation)

    def _add_rows(
        self,
        materials: list[Material],
        start: int,
        count: int,
        generation: int,
        laid_out: bool = False,
    ) -> None:
        if generation != self._generation:
            return  # shown again meanwhile
        if start and not laid_out:  # wait for the first rows' layout, then one more frame
            ready = self.virtual_size.height > 1
            self.call_after_refresh(self._add_rows, materials, start, count, generation, ready)
            return
        for material in materials[start : start + count]:
            self.add_row(*self._cells(material), key=material.id)
        if start + count < len(materials):
            self.call_after_refresh(
                self._add_rows, materials, start + count, BATCH_ROWS, generation, True
            )

    def _cells(self, material: Material) -> list[Text]:
        return [
            Text(self.titles.get(material.id, material.title), no_wrap=True, overflow="ellipsis"),
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
