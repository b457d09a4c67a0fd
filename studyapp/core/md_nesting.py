"""Deeply nested Markdown flattened before parsing, so no text is ever dropped.

markdown-it stops parsing a document at its nesting limit and silently drops the rest,
later sections included. Before parsing, list items nested deeper than
:data:`MAX_LIST_DEPTH` are moved up to that depth (their continuation lines with them)
and block quotes deeper than :data:`MAX_QUOTE_DEPTH` lose their extra ``>`` markers. A
warning names the first line flattened and how deep the text went. Fenced code blocks are
left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studyapp.core.translate import Translate, untranslated

MAX_LIST_DEPTH = 8
MAX_QUOTE_DEPTH = 8
# markdown-it's own limit, raised so that what is left after flattening always fits:
# each list level takes two nesting levels, each quote one, a paragraph one more.
PARSER_MAX_NESTING = 64

_QUOTES = re.compile(r"^(?: {0,3}>[ ]?)+")
_ITEM = re.compile(r"^( *)([-+*]|\d{1,9}[.)])( +|$)")
_CHAIN = re.compile(r"(?:(?:[-+*]|\d{1,9}[.)]) +){3}", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass
class _Item:
    """An open list item: where its marker and its content start, before and after moving."""

    marker: int
    content: int
    new_marker: int
    new_content: int
    depth: int


@dataclass
class _Flattening:
    items: list[_Item] = field(default_factory=list)
    fence: str = ""
    first_line: int | None = None
    deepest_list: int = 0
    deepest_quote: int = 0

    def note(self, number: int, lists: int, quotes: int) -> None:
        if self.first_line is None:
            self.first_line = number
        self.deepest_list = max(self.deepest_list, lists)
        self.deepest_quote = max(self.deepest_quote, quotes)


def flatten_nesting(body: str, _: Translate = untranslated) -> tuple[str, list[str]]:
    """``body`` with lists and quotes nested too deeply moved up; a warning if any were
    (translated by ``_``, English without it).

    Returns:
        The text to parse and the warnings (empty when nothing was flattened).
    """
    if not _may_be_deep(body):
        return body, []
    state = _Flattening()
    lines = body.split("\n")
    out = [_line(line, number, state) for number, line in enumerate(lines, start=1)]
    if state.first_line is None:
        return body, []
    return "\n".join(out), [_warning(state, _)]


def _may_be_deep(body: str) -> bool:
    """A cheap test: only a long run of ``>`` or deep indentation can need flattening."""
    return bool(
        ">" * MAX_QUOTE_DEPTH in body.replace(" ", "")
        or " " * (2 * MAX_LIST_DEPTH) in body
        or _CHAIN.search(body)
    )


def _warning(state: _Flattening, _: Translate) -> str:
    parts = []
    if state.deepest_list > MAX_LIST_DEPTH:
        parts.append(
            _("lists nested {depth} levels deep were flattened to {limit} levels").format(
                depth=state.deepest_list, limit=MAX_LIST_DEPTH
            )
        )
    if state.deepest_quote > MAX_QUOTE_DEPTH:
        parts.append(
            _("quotes nested {depth} levels deep were flattened to {limit} levels").format(
                depth=state.deepest_quote, limit=MAX_QUOTE_DEPTH
            )
        )
    return _("{what} (from line {line}); no text was left out").format(
        what="; ".join(parts), line=state.first_line
    )


def _line(line: str, number: int, state: _Flattening) -> str:
    quotes = _QUOTES.match(line)
    prefix = quotes.group() if quotes else ""
    depth = prefix.count(">")
    rest = line[len(prefix) :].expandtabs(4)
    if state.fence:
        if rest.lstrip().startswith(state.fence):
            state.fence = ""
        return line
    fence = _FENCE.match(rest)
    if fence:
        state.fence = fence.group(1)[0] * 3
        return line
    if depth > MAX_QUOTE_DEPTH:
        state.note(number, len(state.items), depth)
        prefix = "> " * MAX_QUOTE_DEPTH
    if not rest.strip():
        return prefix + rest if depth > MAX_QUOTE_DEPTH else line
    indent = len(rest) - len(rest.lstrip(" "))
    item = _ITEM.match(rest)
    if item:
        original = rest
        rest = _chained_markers(rest, item, len(state.items), number, state)
        moved = _list_item(rest, indent, item, number, state)
        return prefix + moved if (moved != original or depth > MAX_QUOTE_DEPTH) else line
    while state.items and indent < state.items[-1].content and indent < 4:
        state.items.pop()  # a line at the left margin closes the lists
    if state.items and indent >= state.items[-1].content:
        top = state.items[-1]
        if top.new_content != top.content:
            return prefix + " " * (indent - top.content + top.new_content) + rest.lstrip(" ")
    return prefix + rest if depth > MAX_QUOTE_DEPTH else line


def _chained_markers(
    rest: str, item: re.Match[str], open_items: int, number: int, state: _Flattening
) -> str:
    """``- - - text`` opens a list per marker: drop the markers past the depth limit."""
    start = item.end()
    chain = 1
    while (more := _ITEM.match(rest[start:])) and more.group(1) == "" and more.group(3):
        start += more.end()
        chain += 1
    if open_items + chain <= MAX_LIST_DEPTH:
        return rest
    state.note(number, open_items + chain, 0)
    keep = max(MAX_LIST_DEPTH - open_items, 1)
    position = item.end()
    for _index in range(keep - 1):
        found = _ITEM.match(rest[position:])
        position += found.end() if found else 0
    return rest[:position] + rest[start:]


def _list_item(rest: str, indent: int, item: re.Match[str], number: int, state: _Flattening) -> str:
    while state.items and indent < state.items[-1].content:
        state.items.pop()
    depth = state.items[-1].depth + 1 if state.items else 1
    width = len(item.group(2)) + max(len(item.group(3)), 1)
    if depth <= MAX_LIST_DEPTH:
        parent = state.items[-1] if state.items else None
        shift = (parent.content - parent.new_content) if parent else 0
        new_marker = indent - shift
        state.items.append(_Item(indent, indent + width, new_marker, new_marker + width, depth))
        return rest if shift == 0 else " " * new_marker + rest.lstrip(" ")
    state.note(number, depth, 0)
    del state.items[MAX_LIST_DEPTH - 1 :]
    sibling_of = state.items[-1] if state.items else None
    new_marker = sibling_of.new_content if sibling_of else 0
    state.items.append(_Item(indent, indent + width, new_marker, new_marker + width, depth))
    return " " * new_marker + rest.lstrip(" ")
