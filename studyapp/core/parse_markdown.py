"""Markdown to sections and blocks, through markdown-it-py's token stream."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from studyapp.core.materials import Block, InlineSpan, SectionDraft
from studyapp.core.md_nesting import PARSER_MAX_NESTING, flatten_nesting
from studyapp.core.text import clean_text
from studyapp.core.translate import Translate, untranslated

_STYLE_OF = {"em": "em", "strong": "strong", "s": "strike", "link": "link"}


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    parser.options["maxNesting"] = PARSER_MAX_NESTING
    return parser


@dataclass
class _Open:
    """A section being collected."""

    title: str
    level: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class _State:
    sections: list[_Open]
    first_heading: str | None = None
    lists: list[list[int | None]] = field(default_factory=list)  # [counter or None]
    quote_depth: int = 0
    item_marker: str = ""


def parse_markdown(
    body: str,
    fallback_title: str,
    warnings: list[str] | None = None,
    _: Translate = untranslated,
) -> tuple[str | None, list[SectionDraft]]:
    """Parse a Markdown body into sections, one per heading.

    Text before the first heading forms a section titled ``fallback_title``. Lists and
    quotes nested too deeply for the parser are flattened first (never dropped), with a
    warning appended to ``warnings``.

    Args:
        body: Markdown text without front matter, already cleaned.
        fallback_title: title for the untitled leading section.
        warnings: where the warnings go.
        _: their translator (``studyapp.i18n._``); English without one.

    Returns:
        The first heading's text (or ``None``) and the sections in document
        order, the leading section dropped when it is empty.
    """
    body, flattened = flatten_nesting(body, _)
    if warnings is not None:
        warnings.extend(flattened)
    tokens = _parser().parse(body)
    if any(t.level >= PARSER_MAX_NESTING - 2 for t in tokens):  # the parser stopped early
        if warnings is not None:
            warnings.append(
                _("nesting too deep for Markdown: the text was read as plain paragraphs")
            )
        return None, [SectionDraft(fallback_title, 1, _plain_blocks(body))]
    state = _State(sections=[_Open(fallback_title, 1)])
    index = 0
    while index < len(tokens):
        index = _consume(tokens, index, state)
    sections = state.sections
    if not sections[0].blocks and len(sections) > 1:
        sections = sections[1:]
    return state.first_heading, [SectionDraft(s.title, s.level, tuple(s.blocks)) for s in sections]


def _plain_blocks(body: str) -> tuple[Block, ...]:
    """Every paragraph of ``body`` as plain text: the last resort that never drops text."""
    paragraphs = (p.strip() for p in body.split("\n\n"))
    return tuple(Block("paragraph", clean_text(p)) for p in paragraphs if p)


def _consume(tokens: list[Token], index: int, state: _State) -> int:
    token = tokens[index]
    kind = token.type
    if kind == "heading_open":
        title, _spans = render_inline(tokens[index + 1])
        state.sections.append(_Open(title or "…", int(token.tag[1])))
        if state.first_heading is None:
            state.first_heading = title or None
        return index + 3
    if kind in ("bullet_list_open", "ordered_list_open"):
        start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else None
        state.lists.append([start])
    elif kind in ("bullet_list_close", "ordered_list_close"):
        state.lists.pop()
    elif kind == "list_item_open":
        state.item_marker = _next_marker(state)
    elif kind == "blockquote_open":
        state.quote_depth += 1
    elif kind == "blockquote_close":
        state.quote_depth -= 1
    elif kind == "inline":
        _add_text_block(token, state)
    elif kind in ("fence", "code_block", "html_block"):
        _add(state, Block("code", clean_text(token.content).rstrip("\n")))
    elif kind == "table_open":
        return _consume_table(tokens, index, state)
    return index + 1


def _next_marker(state: _State) -> str:
    counter = state.lists[-1]
    if counter[0] is None:
        return "•"
    marker = f"{counter[0]}."
    counter[0] += 1
    return marker


def _add_text_block(token: Token, state: _State) -> None:
    text, spans = render_inline(token)
    if not text.strip():
        return
    if state.lists:
        kind, depth = "list_item", len(state.lists)
    elif state.quote_depth:
        kind, depth = "quote", state.quote_depth
    else:
        kind, depth = "paragraph", 0
    if state.quote_depth and kind == "list_item":
        depth += state.quote_depth
    _add(state, Block(kind, text, tuple(spans), depth, state.item_marker if state.lists else ""))
    state.item_marker = ""  # a second paragraph in the same item gets no marker


def _add(state: _State, block: Block) -> None:
    state.sections[-1].blocks.append(block)


def _consume_table(tokens: list[Token], index: int, state: _State) -> int:
    rows: list[list[str]] = []
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(render_inline(token)[0])
        index += 1
    text = "\n".join(" │ ".join(cells) for cells in rows)
    if text.strip():
        _add(state, Block("table", text))
    return index + 1


def render_inline(token: Token) -> tuple[str, list[InlineSpan]]:
    """Plain text of an inline token and the styled spans in it."""
    parts: list[str] = []
    spans: list[InlineSpan] = []
    opened: dict[str, list[int]] = {}
    length = 0
    for child in token.children or []:
        piece = _child_text(child, parts)
        if piece is None:
            _track_style(child, length, opened, spans)
            continue
        if child.type == "code_inline":
            spans.append(InlineSpan(length, length + len(piece), "code"))
        parts.append(piece)
        length += len(piece)
    return "".join(parts).strip(), _shift(spans, "".join(parts))


def _child_text(child: Token, parts: list[str]) -> str | None:
    if child.type in ("text", "code_inline", "html_inline"):
        return clean_text(child.content)
    if child.type == "softbreak":
        return _soft_join(parts[-1][-1:] if parts else "")
    if child.type == "hardbreak":
        return "\n"
    if child.type == "image":
        return clean_text(child.content)
    return None


def _soft_join(previous: str) -> str:
    """Lines of CJK text join without a space; Latin lines join with one."""
    return "" if previous and ord(previous) >= 0x2E80 else " "


def _track_style(
    child: Token, at: int, opened: dict[str, list[int]], spans: list[InlineSpan]
) -> None:
    name, _, phase = child.type.rpartition("_")
    style = _STYLE_OF.get(name)
    if style is None:
        return
    if phase == "open":
        opened.setdefault(style, []).append(at)
    elif phase == "close" and opened.get(style):
        start = opened[style].pop()
        if at > start:
            spans.append(InlineSpan(start, at, style))


def _shift(spans: list[InlineSpan], raw: str) -> list[InlineSpan]:
    """Move spans left by the leading white space that ``strip()`` removed, and clip them."""
    lead = len(raw) - len(raw.lstrip())
    end = len(raw.strip())
    shifted = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        start, stop = max(span.start - lead, 0), min(span.end - lead, end)
        if stop > start:
            shifted.append(InlineSpan(start, stop, span.style))
    return shifted
