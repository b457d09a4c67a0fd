"""Reading a JSON record (``export json``, ``backup`` on a server) back, a row at a time.

The record can be far larger than memory; :func:`read_record` parses the top-level
fields first and then yields each table's rows one by one from a buffer of a few
kilobytes, so restoring 100,000 review logs holds one row (and one batch) at a time.
Any JSON layout is accepted, as long as the header fields come before ``tables``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from studyapp.core.export.record import FORMAT, RECORD_TABLES, VERSION

CHUNK = 1 << 16
_SPACE = " \t\r\n"


class RecordError(ValueError):
    """The file is not a studyapp record, or is damaged; the message says where."""


class NotARecord(RecordError):
    """The file's start is not a studyapp record's header (checked before any row)."""


class NewerRecord(RecordError):
    """A record format version newer than this studyapp reads."""


class _Stream:
    """A text buffer over a file, refilled on demand."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.buffer = ""
        self.at = 0
        self.done = False

    def _more(self) -> bool:
        if self.done:
            return False
        chunk = self.handle.read(CHUNK)
        if not chunk:
            self.done = True
            return False
        self.buffer = self.buffer[self.at :] + chunk
        self.at = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            while self.at < len(self.buffer) and self.buffer[self.at] in _SPACE:
                self.at += 1
            if self.at < len(self.buffer):
                return self.buffer[self.at]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise RecordError(f"expected {char!r}, found {found or 'the end of the file'!r}")
        self.at += 1

    def value(self) -> Any:
        """The next JSON value, reading more of the file until it is whole."""
        self.peek()
        decoder = json.JSONDecoder()
        while True:
            try:
                value, end = decoder.raw_decode(self.buffer, self.at)
            except json.JSONDecodeError as error:
                if self._more():
                    continue
                raise RecordError(f"broken JSON ({error.msg})") from None
            # a number at the very end of the buffer may go on in the next chunk
            partial = end == len(self.buffer) and not isinstance(value, dict | list | str)
            if partial and self._more():
                continue
            self.at = end
            return value


def read_record(handle: TextIO) -> tuple[dict[str, Any], Iterator[tuple[str, Iterator[Any]]]]:
    """The record's header and its tables, each an iterator of row dicts.

    Consume each table's rows before asking for the next table.

    Raises:
        RecordError: not a studyapp record (checked before any row is read), a newer
            format version, or broken JSON (raised while iterating).
    """
    stream = _Stream(handle)
    header = _header(stream)
    return header, _tables(stream)


def _header(stream: _Stream) -> dict[str, Any]:
    try:
        header = _fields(stream)
    except NotARecord:
        raise
    except RecordError as error:
        raise NotARecord(str(error)) from None
    if header.get("format") != FORMAT:
        raise NotARecord('no "format": "studyapp-record"')
    version = header.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise NewerRecord(f"record format version {version!r}")
    return header


def _fields(stream: _Stream) -> dict[str, Any]:
    """The top-level fields before ``tables`` (the stream is left at its value)."""
    stream.expect("{")
    header: dict[str, Any] = {}
    while True:
        key = stream.value()
        if not isinstance(key, str):
            raise NotARecord("broken JSON")
        stream.expect(":")
        if key == "tables":
            return header
        header[key] = stream.value()
        if stream.peek() != ",":
            raise NotARecord("no tables")
        stream.expect(",")


def _tables(stream: _Stream) -> Iterator[tuple[str, Iterator[Any]]]:
    stream.expect("{")
    if stream.peek() == "}":
        return
    while True:
        name = stream.value()
        if name not in RECORD_TABLES:
            raise RecordError(f"unknown table {name!r}")
        stream.expect(":")
        stream.expect("[")
        yield name, _rows(stream, name)
        if stream.peek() == ",":
            stream.expect(",")
            continue
        stream.expect("}")
        return


def _rows(stream: _Stream, table: str) -> Iterator[dict[str, Any]]:
    if stream.peek() == "]":
        stream.expect("]")
        return
    number = 0
    while True:
        number += 1
        row = stream.value()
        if not isinstance(row, dict):
            raise RecordError(f"{table} row {number} is not an object")
        yield row
        if stream.peek() == ",":
            stream.expect(",")
            continue
        stream.expect("]")
        return
