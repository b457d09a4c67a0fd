"""Key terms: nouns and the noun phrases a text repeats, found in tagged sentences."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise
from operator import add, sub
from typing import NamedTuple

from studyapp.core.quiz.stopwords import EN_STOP, ZH_STOP
from studyapp.core.quiz.tagging import Tagged, folded

NOUN_POS = frozenset({"n", "nz", "nr", "ns", "nt", "nrt", "nrfg", "j", "vn", "eng", "an"})
HEAD_POS = frozenset({"n", "nz", "nr", "ns", "nt", "nrt", "nrfg", "j", "ng", "vn", "an"})
PHRASE_POS = HEAD_POS | {"v", "a", "b", "l"}
NOMINAL_LEFT = frozenset("的、和与及或把用对按是从“《（「个份本张条项次种类门")
NOMINAL_RIGHT = frozenset("的、和与及或是：”》）」比等")
NOMINAL_LEFT_POS = frozenset({"m", "q", "uj", "c"})
# Verbs that open verb-object phrases (开展调研, 提交计划): never the start of a term.
ACTION_VERBS = frozenset(
    """
    开展 召开 提交 完成 发布 成立 形成 制定 建立 组织 提出 解决 确定 推动 参加 参与 进行 做好
    安排 撰写 准备 提高 加强 采用 使用 选择 设置 收集 整理 分析 纳入 帮助 认领 围绕 结合 达到
    利用 掌握 养成 征集 推进 落实 实行 汇总 提供 介绍 写下 读完 读懂 记下 画出 列出 找出 拿出
    写出 说出 发现 需要 开始 继续 保持 增加 减少 改变 影响 包括 具备 要求 负责 担任 坚持 注意
    重视 适合 属于 以 为例
    """.split()
)
_BAD_START = ZH_STOP | ACTION_VERBS | {"主要", "基本", "具体", "一般", "相关", "有关", "其他"}
MAX_PHRASE_TOKENS = 4
PHRASE_CHARS = (3, 8)
EN_PHRASE_WORDS = (2, 3)
EN_NOMINAL_LEFT = frozenset(
    "the a an this that these those your my our their his her its each every of in on for with"
    " from about into and or no any some one two three per".split()
)
EN_NOMINAL_RIGHT = frozenset("is are was were has have and or of to".split())
# Kinds for distractors: names go with names, places with places.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤"
)
_TRANSLITERATION = frozenset(
    "阿埃艾安奥巴拜班邦贝本比彼宾波伯布查达戴丹德迪蒂丁杜多厄恩法范菲费芬弗福盖冈高戈格哈海汉豪赫亨胡"
    "霍基吉加贾杰金卡凯康柯科克肯库奎拉莱兰朗劳勒雷里利列林琳卢鲁路伦罗洛马迈麦曼梅蒙米密莫默姆穆纳奈"
    "南内尼诺欧帕潘佩皮普奇齐乔切萨塞桑瑟森沙舍施斯松苏索塔泰坦汤唐特提托瓦万威韦维温沃乌西希夏谢辛休"
    "雅亚扬耶伊尤约泽扎詹兹佐浩尔"
)
_PLACE_ENDS = frozenset("国省市县区州镇村山河湖江海岛洲城京港湾")
_ORG_ENDS = ("大学", "学院", "学校", "公司", "协会", "委员会", "中心", "银行", "研究所", "研究院")
RARE_NAME = 60  # jieba frequency below which a surname-led word may be a name


class TermSpan(NamedTuple):
    """A candidate blank: ``text`` is ``sentence[start:end]``; ``kind`` groups distractors.

    A named tuple: sentences make many of them, and they are made and read fast.
    """

    start: int
    end: int
    text: str
    kind: str
    pos: str
    fit: float = 1.0  # how well the word stands alone here (0.5 inside a noun compound)


def kind_of(word: str, pos: str, frequency: int) -> str:
    """The distractor kind of a word: ``person``, ``place``, ``org``, ``latin`` or ``term``.

    jieba tags many ordinary words as names (马虎/nr, 深度/ns); a person must look
    like a transliteration or a rare surname-led name, a place must end like one.

    Args:
        word: the word.
        pos: its jieba tag.
        frequency: its frequency in jieba's dictionary.

    Returns:
        The kind.
    """
    if pos == "eng":
        return "latin"
    if pos in ("nr", "nrt", "nrfg"):
        if all(ch in _TRANSLITERATION for ch in word) and len(word) > 1:
            return "person"
        if word[0] in _SURNAMES and len(word) in (2, 3) and frequency < RARE_NAME:
            return "person"
    if pos == "ns" and word[-1] in _PLACE_ENDS:
        return "place"
    if pos == "nt" and word.endswith(_ORG_ENDS):
        return "org"
    return "term"


def en_phrase_candidates(tagged: Tagged) -> list[tuple[str, int]]:
    """English two- and three-word phrases without stop words, case folded.

    Args:
        tagged: the tokenised sentence.

    Returns:
        ``(phrase, evidence)`` pairs: evidence is 1 after a determiner or a
        preposition, or before a verb such as ``is``.
    """
    words = [w if t != "m" else "" for w, t in zip(folded(tagged.words), tagged.tags, strict=True)]
    content = [_en_content(w) for w in words]
    # Neighbours joined: both content words, one space apart (worked out once a pair).
    lengths, starts = map(len, tagged.words), tagged.starts
    joined = [a and b for a, b in pairwise(content)]
    joined = [
        ok and gap == 1
        for ok, gap in zip(joined, map(sub, starts[1:], map(add, starts, lengths)), strict=False)
    ]
    found = []
    for i in range(len(words)):
        for size in range(EN_PHRASE_WORDS[0], EN_PHRASE_WORDS[1] + 1):
            end = i + size
            if end > len(words) or not all(joined[i : end - 1]):
                break  # a longer phrase from i holds this one
            found.append((" ".join(words[i:end]), _en_evidence(words, i, end)))
    return found


def _en_content(word: str) -> bool:
    return len(word) > 2 and word not in EN_STOP and not word.endswith("ly")


def _en_evidence(words: Sequence[str], start: int, end: int) -> int:
    left = words[start - 1] if start > 0 else ""
    right = words[end] if end < len(words) else ""
    return int(left in EN_NOMINAL_LEFT or right in EN_NOMINAL_RIGHT)


def repeated_phrases(
    sentences: Iterable[Sequence[tuple[str, int]]],
    language: str,
    titles: Iterable[Sequence[tuple[str, int]]] = (),
) -> frozenset[str]:
    """Phrases a text repeats: in two sentences or more, used as a noun at least once.

    A phrase found only inside a longer repeated phrase (``学习计划`` always inside
    ``个人学习计划``) gives way to the longer one.

    Args:
        sentences: the phrase candidates of each sentence (:func:`candidates`).
        language: ``zh`` or ``en``.
        titles: the candidates of each heading; a phrase in a heading counts as a noun.

    Returns:
        The accepted phrases.
    """
    counts: Counter[str] = Counter()
    evidence: Counter[str] = Counter()
    for found in sentences:
        seen: dict[str, int] = {}
        for phrase, proof in found:
            seen[phrase] = max(seen.get(phrase, 0), proof)
        counts.update(seen.keys())
        evidence.update(seen)
    for found in titles:
        seen = {phrase: int(proof >= 0) for phrase, proof in found}
        counts.update(seen.keys())
        evidence.update(seen)
    kept = {p for p, n in counts.items() if n >= 2 and evidence[p] >= 1}
    return frozenset(kept - _shadowed(kept, counts, language))


def _shadowed(kept: set[str], counts: Counter[str], language: str) -> set[str]:
    shadowed = set()
    for phrase in kept:
        for part in _parts(phrase, language):
            if part in kept and counts[part] <= counts[phrase]:
                shadowed.add(part)
    return shadowed


def _parts(phrase: str, language: str) -> Iterable[str]:
    if language != "zh":
        words = phrase.split(" ")
        for size in range(len(words) - 1, 1, -1):
            for i in range(len(words) - size + 1):
                yield " ".join(words[i : i + size])
        return
    for size in range(len(phrase) - 1, PHRASE_CHARS[0] - 1, -1):
        for i in range(len(phrase) - size + 1):
            yield phrase[i : i + size]
