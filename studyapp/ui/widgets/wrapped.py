"""Static text wrapped by the reader's CJK wrapper (kinsoku, blanks kept whole) at its width."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from studyapp.core.wrap import wrap


def wrap_text(source: Text, width: int) -> Text:
    """``source`` cut into lines of at most ``width`` cells by :func:`studyapp.core.wrap.wrap`:
    no line starts with closing punctuation (、，。…), no ``____`` blank is split, and
    styles are kept. Explicit newlines stay."""
    if width <= 1:
        return source
    lines: list[Text] = []
    for part in source.split("\n", allow_blank=True):
        for start, end in wrap(part.plain, width):
            line = part[start:end]
            line.rstrip()
            lines.append(line)
    out = Text("\n", end="").join(lines)
    out.no_wrap = True
    out.overflow = "crop"
    out.end = ""
    return out


class WrappedStatic(Static):
    """A :class:`Static` for CJK text: wrapped at its own width, again on every resize."""

    def __init__(self, content: Text | str = "", **kwargs: Any) -> None:
        self._source = content if isinstance(content, Text) else Text(content)
        super().__init__(self._source, **kwargs)
        self._wrapped_for = 0

    @property
    def source(self) -> Text:
        """The text as given, before wrapping."""
        return self._source

    def update(self, content: object = "", *, layout: bool = True) -> None:
        """Show ``content`` (a :class:`Text` or a string), wrapped to the current width."""
        self._source = content if isinstance(content, Text) else Text(str(content))
        super().update(wrap_text(self._source, self.content_region.width), layout=layout)

    def on_resize(self) -> None:
        """Wrap again when the width changes."""
        width = self.content_region.width
        if width != self._wrapped_for:
            self._wrapped_for = width
            super().update(wrap_text(self._source, width))
