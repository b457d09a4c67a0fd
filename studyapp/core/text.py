"""Text hygiene: newline normalisation, control-character removal, content hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\u0085|\x0b|\x0c")
# CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), and two-byte ESC sequences.
_ANSI_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b[@-Z\\-_]"
)
# C0 controls except tab and newline, DEL, C1 controls, and bidi embedding /
# override / isolate characters (the "Trojan Source" set).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_HASH_DROP = re.compile(r"[\s\u200b-\u200d\ufeff]+")


def normalise_newlines(text: str) -> str:
    """Turn CRLF, lone CR, NEL, VT, FF and the Unicode line/paragraph separators into ``\\n``."""
    return _NEWLINES.sub("\n", text)


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences, control characters and bidi overrides.

    Tabs become four spaces; newlines are kept; a lone surrogate (a byte of a file name
    or argument that is not valid UTF-8) becomes U+FFFD.
    """
    text = _ANSI_SEQUENCE.sub("", text)
    text = _UNSAFE.sub("", text)
    if _SURROGATE.search(text):  # undecodable bytes of a file name or argument
        text = _SURROGATE.sub("\ufffd", text)
    return text.replace("\t", "    ")


def clean_text(text: str) -> str:
    """Normalise newlines, strip unsafe characters and NFC-compose: the form we store.

    Composition comes last: removing a control character can bring a letter and
    its combining mark together.
    """
    text = strip_controls(normalise_newlines(text))
    return unicodedata.normalize("NFC", text)


def has_unsafe_characters(text: str) -> bool:
    """Tell whether ``text`` still holds anything :func:`strip_controls` would remove."""
    return bool(_UNSAFE.search(text) or _SURROGATE.search(text) or "\x1b" in text or "\t" in text)


def collapse_spaces(text: str) -> str:
    """Fold runs of white space into one space and trim the ends."""
    return _SPACES.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """Hash of a paragraph's normalised content (NFKC, no white space, case folded).

    Two paragraphs that differ only in spacing, full/half width or case hash alike,
    so a re-flowed or re-typeset paragraph is recognised as the same one.
    """
    normal = unicodedata.normalize("NFKC", text).casefold()
    normal = _HASH_DROP.sub("", normal)
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=12).hexdigest()


def bytes_hash(data: bytes) -> str:
    """Hash of raw file bytes, for telling whether a file changed."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def count_chars(text: str) -> int:
    """Number of non-space characters: the length measure for CJK and mixed text."""
    return len("".join(text.split()))
