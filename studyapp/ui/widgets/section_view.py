"""A section shown as styled text; material text is never parsed as markup."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from studyapp.core.materials import Paragraph, Section

_STYLE_OF_SPAN = {
    "em": "italic",
    "strong": "bold",
    "code": "reverse",
    "link": "underline",
    "strike": "strike",
}


def render_section(section: Section) -> Text:
    """The section's heading and blocks as one :class:`rich.text.Text`, literally."""
    out = Text(section.title, style="bold underline", end="")
    for paragraph in section.paragraphs:
        out.append("\n\n")
        out.append_text(render_paragraph(paragraph))
    return out


def render_paragraph(paragraph: Paragraph) -> Text:
    """One block: list items get their marker, quotes a bar, code a dim style."""
    body = Text(paragraph.text, end="")
    for span in paragraph.spans:
        body.stylize(_STYLE_OF_SPAN.get(span.style, ""), span.start, span.end)
    if paragraph.kind == "list_item":
        indent = "  " * max(paragraph.depth - 1, 0)
        return Text.assemble(indent, (paragraph.marker or "•", "bold"), " ", body, end="")
    if paragraph.kind == "quote":
        return Text.assemble(("│ " * paragraph.depth, "dim"), body.copy(), end="", style="italic")
    if paragraph.kind in ("code", "table"):
        body.stylize("dim")
    return body


class SectionView(Static):
    """Shows one section; ``show`` replaces what is displayed."""

    def show(self, section: Section) -> None:
        """Display ``section``."""
        self.update(render_section(section))
