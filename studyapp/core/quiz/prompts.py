"""Question wording in the material's language: hints, list prompts, topic nouns."""

from __future__ import annotations

import re

from studyapp.core.quiz.tagging import Token, tokens_zh

_TITLE_NUMBER = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十\d]+[章节]"
    r"|\d+(?:\.\d+)*\.?)\s*"
)
_TOPIC_NUMERAL = re.compile(r"^(?:几|[两二三四五六七八九十]+)")
_ASIDE = re.compile(r"[（(][^（）()]*[）)]")
_TOPIC_POS = frozenset({"n", "vn", "nz", "j"})
_POINTERS = frozenset({"下面", "以下", "如下"})
DEFAULT_TOPIC = {"zh": "要点", "en": "points"}


def clean_title(title: str) -> str:
    """A heading without numbering or asides: ``（三）调研怎么开展`` → ``调研怎么开展``."""
    bare = _TITLE_NUMBER.sub("", title).strip() or title.strip()
    return _ASIDE.sub("", bare).strip() or bare


def cloze_hint(answer: str, language: str) -> str:
    """The first character and the length: ``首字“读”，共3个字`` / ``starts with “r”…``."""
    if language == "zh":
        return f"首字“{answer[0]}”，共{len(answer)}个字"
    letters = sum(ch.isalnum() for ch in answer)
    words = len(answer.split())
    shape = f"{words} words, {letters} letters" if words > 1 else f"{letters} letters"
    return f"starts with “{answer[0]}”, {shape}"


def topic_of(intro: str, language: str) -> str:
    """The noun an introduction counts: ``常见的毛病大致有四种：`` → ``毛病``.

    Args:
        intro: the sentence before an enumeration.
        language: its language.

    Returns:
        The noun, or ``""`` when there is none to find.
    """
    if language != "zh" or not intro:
        return ""
    tokens = tokens_zh(intro.rstrip("：:。"))
    counted = [i for i, t in enumerate(tokens) if t.pos == "m" and _TOPIC_NUMERAL.search(t.text)]
    if not counted:
        return _after_pointer(tokens)
    k = counted[-1]
    after = [t for t in tokens[k + 1 :] if t.pos != "q"]
    if after:  # 五个步骤推进, 几条原则, 五项具体举措
        nouns = [t for t in after[:2] if t.pos in _TOPIC_POS and len(t.text) > 1]
        if nouns:
            return nouns[0].text
        last = after[-1]  # 三个好处, 五项具体举措: the tagger reads the counted noun as d, v
        closing = len(after) <= 2 and last is tokens[-1] and len(last.text) > 1
        return last.text if closing and last.pos in ("v", "d", "a") else ""
    if tokens[-1].text == "步" or tokens[k].text.endswith("步"):
        return "步骤"  # 四步：
    before = [t for t in tokens[:k] if t.pos in _TOPIC_POS and len(t.text) > 1]
    return before[-1].text if before else ""  # 常见的毛病大致有四种


def _after_pointer(tokens: tuple[Token, ...]) -> str:
    """The noun after 下面 / 以下 / 如下 closing an intro: ``参照下面的流程`` → ``流程``."""
    for i, token in enumerate(tokens[:-1]):
        if token.text in _POINTERS:
            rest = [t for t in tokens[i + 1 :] if t.text != "的"]
            if len(rest) == 1 and rest[0].pos in _TOPIC_POS and len(rest[0].text) > 1:
                return rest[0].text
    return ""


def multiple_prompt(topic: str, title: str, language: str) -> str:
    """``下列哪些是文中列出的特征？（……）`` / ``Which of these are listed in “…”?``."""
    if language == "zh":
        return f"下列哪些是文中列出的{topic or DEFAULT_TOPIC['zh']}？（{title}）"
    return f"Which of these are listed in “{title}”?"


def order_prompt(topic: str, title: str, language: str) -> str:
    """``请按文中顺序排列：……`` / ``Put these in the order the text gives them: …``."""
    if language == "zh":
        return f"请按文中顺序排列以下{topic or DEFAULT_TOPIC['zh']}：（{title}）"
    return f"Put these in the order the text gives them: “{title}”"
