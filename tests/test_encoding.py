"""Decoding: BOM first, strict UTF-8, GB18030/Big5/Windows-1252 with a plausibility check."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from studyapp.core.encoding import CONFIDENT, DecodeError, decode_bytes, plausibility
from studyapp.core.importing import Refused, parse_material, prepare

SIMPLIFIED = (
    "第一章 学习的方法\n\n学习是一件需要耐心的事情。我们每天读一点书，写一点笔记，"
    "时间久了就会有收获。老师常说：“温故而知新。”\n"
)
TRADITIONAL = (
    "第一章 學習的方法\n\n學習是一件需要耐心的事情。我們每天讀一點書，寫一點筆記，"
    "時間久了就會有收穫。老師常說：「溫故而知新。」\n"
)
ENGLISH = "Hello, reader. This file has plain English text and a few lines.\nThe end.\n"
MIXED = "Reading notes: 今天读了两章。The summary is short.\n"
SMART_QUOTES = "She said \u201cread it twice\u201d and didn\u2019t stop \u2014 a caf\u00e9 habit.\n"


BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


def noise(seed: int, size: int = 4000) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


# -- automatic detection --------------------------------------------------------------


def test_plain_utf8_has_no_warning() -> None:
    decoded = decode_bytes(MIXED.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (MIXED, "utf-8", [])


def test_gbk_chinese_is_detected_as_gb18030_without_warning() -> None:
    decoded = decode_bytes(SIMPLIFIED.encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert decoded.text == SIMPLIFIED
    assert decoded.warnings == []


def test_big5_traditional_chinese_is_detected_as_big5() -> None:
    data = TRADITIONAL.encode("big5")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.encoding == "big5"
    assert decoded.text == TRADITIONAL
    assert decoded.warnings == []


def test_gbk_bytes_read_as_big5_are_implausible() -> None:
    # What keeps GBK from being read as Big5: its characters are rare there.
    as_big5 = SIMPLIFIED.encode("gbk").decode("big5", errors="replace")
    assert plausibility(as_big5, "big5") < plausibility(SIMPLIFIED, "gb18030")
    assert plausibility(SIMPLIFIED, "gb18030") >= CONFIDENT


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_bom_decides_and_is_stripped(bom: bytes, codec: str, label: str) -> None:
    decoded = decode_bytes(bom + SIMPLIFIED.encode(codec))
    assert decoded.encoding == label
    assert decoded.text == SIMPLIFIED
    assert not decoded.text.startswith("\ufeff")
    assert decoded.warnings == []


def test_utf32_le_bom_is_not_mistaken_for_utf16() -> None:
    # FF FE 00 00 starts with the UTF-16 LE BOM too.
    decoded = decode_bytes(codecs.BOM_UTF32_LE + ENGLISH.encode("utf-32-le"))
    assert decoded.encoding == "utf-32-le"
    assert decoded.text == ENGLISH


def test_invalid_bytes_after_a_utf8_bom_are_refused_not_guessed() -> None:
    with pytest.raises(DecodeError, match="utf-8"):
        decode_bytes(codecs.BOM_UTF8 + SIMPLIFIED.encode("gbk"))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_with_a_warning(codec: str) -> None:
    decoded = decode_bytes(MIXED.encode(codec))
    assert decoded.encoding == codec
    assert decoded.text == MIXED
    assert len(decoded.warnings) == 1
    assert codec in decoded.warnings[0] and "byte order mark" in decoded.warnings[0]


def test_ascii_only_utf16_without_bom_is_not_read_as_utf8_with_nuls() -> None:
    # Every byte of ASCII text in UTF-16 is valid UTF-8, NULs included.
    decoded = decode_bytes("Plain ASCII notes only.".encode("utf-16-le"))
    assert decoded.encoding == "utf-16-le"
    assert "\x00" not in decoded.text


def test_chinese_utf16_without_bom_is_refused_rather_than_guessed() -> None:
    # Hardly any NUL bytes to go by: refusing, with a hint, beats mojibake.
    data = ("学习是一件需要耐心的事情。" * 4).encode("utf-16-le")
    with pytest.raises(DecodeError, match="--encoding"):
        decode_bytes(data)


def test_valid_gb18030_of_rare_characters_is_refused_as_implausible() -> None:
    # Bytes that decode as GBK, but to characters almost nobody writes: noise, not text.
    rng = random.Random(7)
    data = b"".join(
        bytes([rng.randrange(0x81, 0xA1), rng.randrange(0x40, 0x7F)]) for _ in range(300)
    )
    data.decode("gb18030")  # it does decode
    with pytest.raises(DecodeError, match="not plausible"):
        decode_bytes(data)


def test_gb18030_with_some_rare_characters_imports_with_a_warning() -> None:
    text = "今天我们学习了新的课文，老师讲得很清楚，大家都听懂了。" * 2 + "丂丄丅丆丏"
    decoded = decode_bytes(text.encode("gbk"))
    assert (decoded.text, decoded.encoding) == (text, "gb18030")
    assert len(decoded.warnings) == 1 and "gb18030" in decoded.warnings[0]


def test_cp1252_smart_quotes_import_with_a_warning_naming_windows_1252() -> None:
    decoded = decode_bytes(SMART_QUOTES.encode("cp1252"))
    assert decoded.encoding == "windows-1252"
    assert decoded.text == SMART_QUOTES
    assert len(decoded.warnings) == 1
    assert "windows-1252" in decoded.warnings[0]


@pytest.mark.parametrize("seed", [1, 2, 3, 42, 2024])
def test_random_bytes_are_undecodable(seed: int) -> None:
    with pytest.raises(DecodeError):
        decode_bytes(noise(seed).replace(b"\x00", b"\x01"))


def test_random_bytes_are_refused_by_prepare() -> None:
    for seed in (1, 2, 3):
        with pytest.raises(Refused) as refusal:
            prepare(Path("noise.txt"), noise(seed).replace(b"\x00", b"\x01"))
        assert refusal.value.code == "undecodable"
        assert str(refusal.value).count("\n") == 0


@given(st.binary(min_size=64, max_size=600))
def test_any_bytes_decode_or_raise_decode_error_and_guesses_say_so(data: bytes) -> None:
    assume(not data.startswith(BOMS))
    try:
        decoded = decode_bytes(data)
    except DecodeError:
        return
    # Accepted without a BOM: strict UTF-8, a confident GB18030/Big5 reading, or a warning.
    if decoded.encoding not in ("utf-8", "gb18030", "big5"):
        assert decoded.warnings
    if decoded.encoding == "utf-8":
        assert decoded.text == data.decode("utf-8")


@given(st.text(min_size=1, max_size=200).filter(lambda t: "\x00" not in t))
def test_utf8_text_without_nul_round_trips_as_utf8(text: str) -> None:
    assume(not text.startswith("\ufeff"))  # that would be a BOM
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (text, "utf-8", [])


# -- forced encodings -------------------------------------------------------------------


def test_forced_right_encoding_works_without_warning() -> None:
    decoded = decode_bytes(SIMPLIFIED.encode("gbk"), forced="gb18030")
    assert (decoded.text, decoded.encoding, decoded.warnings) == (SIMPLIFIED, "gb18030", [])


def test_forced_big5_on_big5() -> None:
    decoded = decode_bytes(TRADITIONAL.encode("big5"), forced="big5")
    assert decoded.text == TRADITIONAL


@pytest.mark.parametrize(
    ("data", "forced"),
    [
        (SIMPLIFIED.encode("gbk"), "utf-8"),
        (SIMPLIFIED.encode("utf-8"), "ascii"),
        (SMART_QUOTES.encode("cp1252"), "utf-8"),
        (b"\xff\xfe\x00", "utf-16-le"),
    ],
)
def test_forced_wrong_encoding_is_refused(data: bytes, forced: str) -> None:
    with pytest.raises(DecodeError, match="not valid"):
        decode_bytes(data, forced=forced)


def test_forced_unknown_encoding_is_refused() -> None:
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode_bytes(b"text", forced="no-such-codec")


def test_forcing_an_alias_reports_the_canonical_name() -> None:
    assert decode_bytes(SIMPLIFIED.encode("gbk"), forced="GB18030").encoding == "gb18030"
    assert decode_bytes(b"abc", forced="latin-1").encoding == "iso8859-1"


@pytest.mark.parametrize(
    ("forced", "bom", "codec"),
    [
        ("utf-8", codecs.BOM_UTF8, "utf-8"),
        ("utf-16", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("utf-32", codecs.BOM_UTF32_BE, "utf-32-be"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ],
)
def test_forced_unicode_encoding_strips_its_bom_and_honours_its_byte_order(
    forced: str, bom: bytes, codec: str
) -> None:
    decoded = decode_bytes(bom + SIMPLIFIED.encode(codec), forced=forced)
    assert decoded.text == SIMPLIFIED


def test_forced_utf16_without_bom_decodes_chinese_the_detector_refuses() -> None:
    data = ("学习是一件需要耐心的事情。" * 4).encode("utf-16-le")
    assert decode_bytes(data, forced="utf-16-le").text.startswith("学习")


def test_prepare_with_forced_encoding_records_it(tmp_path: Path) -> None:
    prepared = prepare(tmp_path / "notes.txt", TRADITIONAL.encode("big5"), encoding="big5")
    assert prepared.encoding == "big5"
    assert prepared.draft.warnings == ()


def test_prepare_with_forced_wrong_encoding_is_refused_as_undecodable() -> None:
    with pytest.raises(Refused) as refusal:
        prepare(Path("notes.txt"), SIMPLIFIED.encode("gbk"), encoding="utf-8")
    assert refusal.value.code == "undecodable"


# -- newlines and the BOM reaching the parsers ---------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_newlines_are_normalised_before_parsing(newline: str) -> None:
    text = newline.join(["Title line", "", "First paragraph here.", "", "Second one."])
    draft = parse_material(text, Path("notes.txt"), [])
    blocks = [b.text for s in draft.sections for b in s.blocks]
    assert blocks == ["First paragraph here.", "Second one."]
    assert draft.title == "Title line"


def test_crlf_utf16_file_reaches_the_parser_clean() -> None:
    text = "Title\r\n\r\nOne line.\r\nTwo line.\r\n"
    prepared = prepare(Path("log.txt"), codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    paragraphs = [b.text for s in prepared.draft.sections for b in s.blocks]
    assert all("\r" not in p for p in paragraphs)
    assert prepared.encoding == "utf-16-le"


def test_utf8_bom_is_stripped_before_front_matter() -> None:
    data = codecs.BOM_UTF8 + b"---\ntitle: From the front matter\n---\n\n# Heading\n\nBody.\n"
    prepared = prepare(Path("bom.md"), data)
    assert prepared.draft.title == "From the front matter"
    assert prepared.draft.warnings == ()
    assert all("---" not in b.text for s in prepared.draft.sections for b in s.blocks)


def test_forced_utf8_on_a_bom_file_also_reads_the_front_matter() -> None:
    data = codecs.BOM_UTF8 + b"---\ntitle: Forced\n---\n\nBody.\n"
    assert prepare(Path("bom.md"), data, encoding="utf-8").draft.title == "Forced"


def test_utf16_bom_with_front_matter() -> None:
    text = "---\ntitle: 双字节\n---\n\n正文。\n"
    prepared = prepare(Path("wide.md"), codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    assert prepared.draft.title == "双字节"


@pytest.mark.parametrize(
    "text",
    [
        "张堃\n李喆\n王赟\n朱镕基\n",  # a short list of names with rare characters
        "刘䶮 𠀀\n",  # four-byte GB18030 characters
        "张堃、李喆、王赟、朱镕基",
    ],
)
def test_short_or_rare_gb18030_text_shaped_like_text_is_accepted_with_a_warning(
    text: str,
) -> None:
    decoded = decode_bytes(text.encode("gb18030"))
    assert (decoded.text, decoded.encoding) == (text, "gb18030")
    assert len(decoded.warnings) == 1 and "gb18030" in decoded.warnings[0]


def test_short_big5_names_are_accepted() -> None:
    text = "蔡琍\n許甯\n"
    decoded = decode_bytes(text.encode("big5"))
    assert decoded.text == text and decoded.encoding == "big5"


@pytest.mark.parametrize("seed", range(20))
def test_decodable_noise_is_still_refused(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randrange(0x81, 0xFF) if i % 2 == 0 else rng.randrange(0x40, 0xFF)
                 for i in range(400))
    with pytest.raises(DecodeError):
        decode_bytes(data)


def test_latin1_prose_is_not_read_as_gb18030() -> None:
    prose = "Ètude à Besançon: l'élève répète, ça marche.\nÀ bientôt, Léa.\n"
    decoded = decode_bytes(prose.encode("latin-1"))
    assert decoded.encoding == "windows-1252" and decoded.text == prose


def test_messages_come_from_the_translator_passed_not_the_process_language() -> None:
    from studyapp.i18n import _, set_language

    set_language("zh_CN")
    try:
        with pytest.raises(DecodeError) as plain:
            decode_bytes(b"x", "no-such-codec")
        with pytest.raises(DecodeError) as translated:
            decode_bytes(b"x", "no-such-codec", _)
    finally:
        set_language("en")
    assert str(plain.value) == "unknown encoding no-such-codec"
    assert str(translated.value) != str(plain.value) and "no-such-codec" in str(translated.value)
