"""The other forms of a Chinese blank that the material itself uses, which the grader accepts.

A text that says 泥坑 forty times, 泥坑子 once and 大泥坑 twice has given the learner all
three: writing the form it uses elsewhere is not wrong. Only the same noun counts — with
or without the suffix 子/儿, or with 大/小 before it. A shorter head is never accepted for
a longer term (猪肉 is not 瘟猪肉, 理事会 not 村务理事会), nor a thesaurus's synonym.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from studyapp.core.quiz.units import Unit

ZH_SUFFIXES = ("子", "儿")  # 泥坑 / 泥坑子, 老头 / 老头子
ZH_SIZES = ("大", "小")  # 泥坑 / 大泥坑, 柜台 / 大柜台
MIN_LENGTH = 2  # not 车 for 车子
MAX_VARIANTS = 3


def material_variants(
    answer: str, material: str, units: Iterable[Unit], language: str
) -> tuple[str, ...]:
    """The material's own other forms of a Chinese blank's answer.

    Args:
        answer: the blank's text.
        material: the whole material, every sentence joined.
        units: its sentences, tagged (大 must be a word of its own: not 壮大新动能).
        language: the material's language; only Chinese has such forms.

    Returns:
        Up to three forms the material uses: 泥坑 for 泥坑子, 泥坑子 and 大泥坑 for 泥坑.
    """
    if language != "zh" or len(answer) < MIN_LENGTH:
        return ()
    if answer.endswith(ZH_SUFFIXES):
        stem = answer[:-1]
        forms = [stem] if len(stem) >= MIN_LENGTH and _used_alone(stem, answer, material) else []
    else:
        forms = [answer + suffix for suffix in ZH_SUFFIXES if _count(material, answer + suffix)]
    forms += [
        size + answer
        for size in ZH_SIZES
        if not answer.startswith(size) and _count(material, size + answer)
        and _sized(units, size + answer)
    ]
    return tuple(dict.fromkeys(forms))[:MAX_VARIANTS]


def _used_alone(stem: str, answer: str, material: str) -> bool:
    """Whether the material uses the stem other than inside the answer."""
    return _count(material, stem) > _count(material, answer)


def _sized(units: Iterable[Unit], form: str) -> bool:
    """大泥坑 with 大 a word of its own, not the end of 壮大 or 中小."""
    for unit in units:
        at = unit.text.find(form)
        while at >= 0:
            tagged = unit.tagged
            if at in tagged.starts and tagged.words[tagged.starts.index(at)] == form[0]:
                return True
            at = unit.text.find(form, at + 1)
    return False


@lru_cache(maxsize=8192)
def _count(material: str, text: str) -> int:
    return material.count(text)
