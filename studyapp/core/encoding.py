"""Decoding study files: BOM, strict UTF-8, then GB18030/Big5 with a plausibility check."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from studyapp.core.translate import Translate, untranslated

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy Chinese encodings decode almost any byte soup; a text is only accepted
# in one of them when most of its Han characters are common ones.
CONFIDENT = 0.97
PLAUSIBLE = 0.85
_LATIN_MOJIBAKE = re.compile(r"[\u00c0-\u00ff]{3,}")


class DecodeError(ValueError):
    """The bytes could not be decoded with any encoding we trust."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from a file, with the encoding used and any doubts about it."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_bytes(
    data: bytes, forced: str | None = None, _: Translate = untranslated
) -> Decoded:
    """Decode file bytes to text.

    Args:
        data: the raw file content.
        forced: an encoding name that overrides detection (``--encoding``).
        _: the translator of errors and warnings (``studyapp.i18n._``); English without one.

    Returns:
        The decoded text (BOM removed) and the encoding name.

    Raises:
        DecodeError: when no encoding fits, or the forced one does not.
    """
    if forced:
        return _decode_forced(data, forced, _)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], name, name, _)
    # Before UTF-8: ASCII-heavy UTF-16 is valid UTF-8 too (NUL is a valid byte),
    # and would decode silently wrong.
    utf16 = _guess_bomless_utf16(data, _)
    if utf16:
        return utf16
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, _)


def _decode_forced(data: bytes, name: str, _: Translate) -> Decoded:
    try:
        canonical = codecs.lookup(name).name
    except LookupError as error:
        raise DecodeError(_("unknown encoding {name}").format(name=name)) from error
    for bom, bom_name in _BOMS:
        if data.startswith(bom) and codecs.lookup(bom_name).name.startswith(canonical[:6]):
            # The BOM's own codec: plain "utf-16" without its BOM would assume little-endian.
            return _strict(data[len(bom) :], bom_name, canonical, _)
    return _strict(data, name, canonical, _)


def _strict(data: bytes, codec: str, label: str, _: Translate) -> Decoded:
    try:
        return Decoded(data.decode(codec), label)
    except UnicodeDecodeError as error:
        raise DecodeError(
            _("not valid {encoding} (byte {offset})").format(encoding=label, offset=error.start)
        ) from error


def _guess_bomless_utf16(data: bytes, _: Translate) -> Decoded | None:
    """Recognise UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            warning = _("no byte order mark; read as {encoding}").format(encoding=codec)
            return Decoded(text, codec, [warning])
    return None


def _decode_legacy(data: bytes, _: Translate) -> Decoded:
    decoded: list[tuple[float, str, str]] = []
    for codec, label in (("gb18030", "gb18030"), ("big5", "big5"), ("cp1252", "windows-1252")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        decoded.append((plausibility(text, codec), label, text))
    best = max(decoded, default=None)
    if best is None or best[0] < PLAUSIBLE:
        # Short lists of names and texts full of rare characters score low but are
        # still text: a strict CJK decode shaped like text is accepted with a warning.
        shaped = [d for d in decoded if d[1] != "windows-1252" and shaped_like_text(d[2])]
        best = max(shaped, default=None)
    if best is None:
        raise DecodeError(
            _("not UTF-8, and not plausible as GB18030, Big5 or Windows-1252; try --encoding")
        )
    score, label, text = best
    warnings = []
    if score < CONFIDENT or label == "windows-1252":
        warnings.append(
            _("encoding guessed as {encoding} ({score:.0%} plausible); check the text").format(
                encoding=label, score=score
            )
        )
    return Decoded(text, label, warnings)


def shaped_like_text(text: str) -> bool:
    """Whether a CJK decode looks like writing rather than decodable noise.

    No control, private-use or unassigned characters; Han characters not glued to
    Latin letters (as Latin-1 bytes read as GB18030 are); and two of: line breaks,
    CJK punctuation, a majority of common characters, four-byte characters (which
    random two-byte noise never forms).
    """
    if not text.strip():
        return False
    han = 0
    glued = 0
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category in ("Cc", "Co", "Cn", "Cs") and ch not in "\t\n\r":
            return False
        if category == "Lo":
            han += 1
            around = text[max(index - 1, 0) : index + 2]
            glued += any(c.isascii() and c.isalpha() for c in around)
    if han == 0 or glued > 0.2 * han:
        return False
    punctuated = any(_is_common_cjk(ch) and not 0x4E00 <= ord(ch) <= 0x9FFF for ch in text)
    common = sum(1 for ch in text if 0x4E00 <= ord(ch) <= 0x9FFF and _is_common_cjk(ch))
    four_byte = any(ord(ch) > 0xFFFF or 0x3400 <= ord(ch) <= 0x4DBF for ch in text)
    signals = ("\n" in text.strip(" ")) + punctuated + (common >= 0.5 * han) + four_byte
    return signals >= 2


def plausibility(text: str, codec: str) -> float:
    """Share of a decoded text's non-ASCII characters that are ordinary for ``codec``.

    Args:
        text: the text as decoded.
        codec: ``gb18030``, ``big5`` or ``cp1252``.

    Returns:
        A number from 0 to 1; 1 when the text is plain ASCII.
    """
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 1.0
    if codec == "cp1252":
        return _latin_plausibility(text, wide)
    common = sum(1 for ch in wide if _is_common_cjk(ch))
    return common / len(wide)


def _latin_plausibility(text: str, wide: list[str]) -> float:
    if len(wide) > 0.3 * len(text) or _LATIN_MOJIBAKE.search(text):
        return 0.0
    ordinary = sum(1 for ch in wide if ch.isalpha() or ch in "‘’“”–—…•€£©®°±×÷")
    return ordinary / len(wide)


@cache
def _is_common_cjk(ch: str) -> bool:
    """A Han character in GB2312 or Big5 level 1, CJK punctuation, or full-width form."""
    code = ord(ch)
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E or 0x2010 <= code <= 0x2027:
        return True
    if not 0x4E00 <= code <= 0x9FFF:
        return False
    return _encodes(ch, "gb2312") or _big5_level1(ch)


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _big5_level1(ch: str) -> bool:
    try:
        raw = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return b"\xa4\x40" <= raw <= b"\xc6\x7e"
