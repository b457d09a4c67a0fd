"""Text hygiene: newline normalisation, control and bidi removal, content hashes."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from studyapp.core.text import (
    bytes_hash,
    clean_text,
    collapse_spaces,
    content_hash,
    count_chars,
    has_unsafe_characters,
    normalise_newlines,
    strip_controls,
)

# What must never survive clean_text: C0 controls except newline, DEL, C1 controls,
# and the bidi embedding / override / isolate characters.
FORBIDDEN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MARKUP_LIKE = ["[/]", "[bold]x", "C[i] = A[i]", "[@click=app.quit]x[/]", "[red on blue]hi[/red]"]

# Text biased towards the characters that matter here, plus anything else.
nasty_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            [
                *"\x1b[]();0123456789mHJK?\x07\\\x9b\x85\u2028\u2029\r\n\t\x00\x7f",
                *("\u202e", "\u2066", "\u2069", "e", "\u0301", "中", "。", " "),
            ]
        ),
        st.characters(),
    ),
    max_size=80,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\r\nb", "a\n\nb"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("a\x85b", "a\nb"),
        ("a\x0bb\x0cc", "a\nb\nc"),
        ("no newline", "no newline"),
    ],
)
def test_normalise_newlines(raw: str, expected: str) -> None:
    assert normalise_newlines(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[1;38;5;196mbold\x1b[m!", "bold!"),
        ("\x1b[2J\x1b[Hcleared", "cleared"),
        ("\x1b]0;new title\x07after", "after"),
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x9b31mC1 CSI", "C1 CSI"),
        ("\x1bMreverse index", "reverse index"),
        ("bell\x07 and back\x08space", "bell and backspace"),
        ("del\x7fete", "delete"),
        ("c1\x80\x9fend", "c1end"),
        ("a\u202eevil\u202cb", "aevilb"),
        ("\u2066isolated\u2069", "isolated"),
        ("nul\x00byte", "nulbyte"),
        ("lone \x1b escape", "lone  escape"),
    ],
)
def test_clean_text_removes_escapes_controls_and_bidi(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_tabs_become_spaces_and_newlines_stay() -> None:
    assert clean_text("a\tb\nc") == "a    b\nc"


def test_clean_text_composes_to_nfc() -> None:
    assert clean_text("cafe\u0301") == "café"


def test_clean_text_composes_after_removing_a_control_between_letter_and_mark() -> None:
    # Removing the NUL brings "e" and its combining accent together.
    cleaned = clean_text("e\x00\u0301")
    assert cleaned == "é"
    assert unicodedata.is_normalized("NFC", cleaned)


@pytest.mark.parametrize("markup", MARKUP_LIKE)
def test_markup_like_text_is_kept_literally(markup: str) -> None:
    assert clean_text(markup) == markup
    assert strip_controls(markup) == markup


def test_cjk_and_ordinary_punctuation_survive() -> None:
    text = "第一章：学习「方法」——“温故知新”。Done! (yes) 100% [note]"
    assert clean_text(text) == text


def test_has_unsafe_characters() -> None:
    assert has_unsafe_characters("a\x1b[31mb")
    assert has_unsafe_characters("\u202e")
    assert has_unsafe_characters("\t")
    assert not has_unsafe_characters("plain 文字\n[bold]x[/]")


def test_collapse_spaces() -> None:
    assert collapse_spaces("  a \n\t b  ") == "a b"


def test_count_chars_ignores_white_space() -> None:
    assert count_chars("中 文\nab\u3000c") == 5


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("学习，方法", "学习,方法"),
        ("中 文 句 子", "中文句子"),
        ("Hello   World\n", "hello world"),
        ("line one\nline two", "line one line two"),
        ("zero\u200bwidth", "zerowidth"),
        ("\ufeffbom", "bom"),
        ("ｶﾀｶﾅ", "カタカナ"),
        ("cafe\u0301", "café"),
    ],
)
def test_content_hash_ignores_width_spacing_and_case(one: str, other: str) -> None:
    assert content_hash(one) == content_hash(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("学习方法", "学习方式"), ("abc", "abd"), ("1.5", "15"), ("。", "."), ("", "x")],
)
def test_content_hash_tells_different_text_apart(one: str, other: str) -> None:
    assert content_hash(one) != content_hash(other)


def test_content_hash_shape() -> None:
    digest = content_hash("任何文字")
    assert re.fullmatch(r"[0-9a-f]{24}", digest)


def test_bytes_hash_is_exact() -> None:
    assert bytes_hash(b"a\r\n") != bytes_hash(b"a\n")
    assert bytes_hash(b"same") == bytes_hash(b"same")
    assert re.fullmatch(r"[0-9a-f]{32}", bytes_hash(b""))


@given(nasty_text)
def test_clean_text_never_leaves_controls_escapes_or_bidi(text: str) -> None:
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned)
    assert "\r" not in cleaned and "\u2028" not in cleaned and "\u2029" not in cleaned
    assert not has_unsafe_characters(cleaned)


@given(nasty_text)
@example("e\x00\u0301")
@example("a\x1b\x1b[31m[31m")
def test_clean_text_is_idempotent_and_nfc(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)


@given(st.text(max_size=60))
def test_content_hash_is_stable_under_spacing_and_width(text: str) -> None:
    spaced = " ".join(text) + "\n"
    wide = text.translate({code: code + 0xFEE0 for code in range(0x21, 0x7F)})
    assert content_hash(text) == content_hash(text)
    assert content_hash(spaced) == content_hash(text)
    assert content_hash(wide) == content_hash(text)
