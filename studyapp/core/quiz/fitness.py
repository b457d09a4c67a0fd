"""The hard target rules: whether a blank may become a question of a given type."""

from __future__ import annotations

import re
from dataclasses import replace

from studyapp.core.quiz.analysis import Reading, counted
from studyapp.core.quiz.figures import figures_in, is_spoken
from studyapp.core.quiz.leads import joined, points_back, previous
from studyapp.core.quiz.quality import (
    askable,
    complete,
    cut_inside,
    enough_context,
    gives_itself_away,
    occurrences,
    recurs_or_rare,
    specific,
    statement,
)
from studyapp.core.quiz.spans import NAME_KINDS, QUOTED_KINDS
from studyapp.core.quiz.streams import Blank
from studyapp.core.quiz.targets import (
    conversion_to_drop,
    converted,
    cuts_name_en,
    describing_phrase,
    tokenizer_slip,
    topic_of,
)
from studyapp.core.quiz.units import SectionText, Unit


def fit_for(kind: str, blank: Blank, material: str = "", *, led: bool = False) -> bool:
    """Whether a blank may become a question of this type (the hard target rules);
    ``led``: its sentence is read after the one before (:func:`with_lead`)."""
    unit = blank.unit
    if not led and not askable(unit):
        return False
    figure = blank.figure is not None
    if kind in ("number", "single") and not figure:
        return False  # only figures have options of one kind that are never also right
    whole = figure or kind == "true_false" or unit.language != "zh"
    if not whole and cut_inside(unit.text, blank.start, blank.end, material):
        return False
    quoted = blank.kind in QUOTED_KINDS  # set off by the text's own marks, not the tagger
    if unit.language == "zh" and not figure and not quoted and tokenizer_slip(
        unit, blank.start, blank.end, material
    ):
        return False
    english_blank = unit.language == "en" and not figure and kind != "true_false"
    if english_blank and cuts_name_en(unit.text, blank.start, blank.end):
        return False
    if kind != "true_false" and not enough_context(
        unit.text, blank.start, blank.end, unit.language, cloze=kind == "cloze"
    ):
        return False
    measured = blank.figure
    measured_end = blank.end + len(measured.unit) if measured else blank.end
    if measured and converted(unit.text, blank.start, measured_end):
        # asked as a figure, the conversion is left out of the prompt; changed, it would
        # no longer agree
        dropped = conversion_to_drop(unit.text, blank.start, measured_end)
        if kind not in ("number", "single") or dropped is None:
            return False
    if kind == "number":
        return figure
    if not figure and gives_itself_away(unit.text, blank.start, blank.end, unit.language):
        return False
    if not figure and not recurs_or_rare(blank, material):
        return False
    if kind == "cloze":
        if topic_of(material, blank.text) or _figure_left_alone(blank):
            return False
        if unit.language == "en" and not led and len(unit.text.split()) > LONG_EN_CLOZE:
            return False  # more words fit a term's blank in a long sentence: 2 of 8
        if unit.language == "en" and describing_phrase(blank.text, material):
            return False
        return not figure and specific(blank.text, blank.kind, unit.language, _tags(blank))
    if kind == "single":
        return True
    if kind == "true_false":
        return statement(unit) and (figure or _checkable(blank, material))
    return False


def _figure_left_alone(blank: Blank) -> bool:
    """A blank on a term while the sentence's figure goes unasked: the figure is what a
    teacher would test there (a name may still be asked)."""
    if blank.kind in NAME_KINDS:
        return False
    unit = blank.unit
    found = figures_in(unit.text, unit.language)
    return any(not is_spoken(figure) or counted(unit, figure) for figure in found)


def _checkable(blank: Blank, material: str) -> bool:
    """A true/false item needs a detail to check: a name, or a specific term the material
    comes back to; a slogan or a directive with nothing concrete is no test."""
    if not specific(blank.text, blank.kind, blank.unit.language, _tags(blank)):
        return False
    return blank.kind in NAME_KINDS or len(occurrences(material, blank.text)) >= 2


def _tags(blank: Blank) -> tuple[str, ...] | None:
    """The tags of a Chinese blank's words in its sentence."""
    if blank.unit.language != "zh":
        return None
    tagged = blank.unit.tagged
    inside = [
        tag
        for tag, start in zip(tagged.tags, tagged.starts, strict=True)
        if blank.start <= start < blank.end
    ]
    return tuple(inside) or None


# An English sentence of more words than this is asked for its figures and as a
# statement, not for a term (judged on the tuning texts: figures and statements 4 of 4,
# term blanks 2 of 8 in sentences of 46 to 60 words).
LONG_EN_CLOZE = 45

# Types whose prompt may carry the sentence before: a blank read in its context. A
# true/false statement stays one sentence, a proposition of its own.
LEAD_TYPES = frozenset({"cloze", "single", "number"})


def with_lead(sections: tuple[SectionText, ...], blank: Blank) -> Blank | None:
    """A blank of a sentence that points back, moved into that sentence read after the
    one before it; None when there is none or the two make no fair pair."""
    unit = blank.unit
    lead = previous(sections, unit)
    if lead is None or not fair_pair(lead, unit):
        return None
    whole, shift = joined(lead, unit)
    figure = blank.figure
    if figure is not None:
        figure = replace(figure, start=figure.start + shift, end=figure.end + shift)
    start, end = blank.start + shift, blank.end + shift
    return replace(blank, unit=whole, start=start, end=end, figure=figure)


def fair_pair(lead: Unit, unit: Unit) -> bool:
    """Whether a sentence that points back may be asked after the one before it: each a
    finished sentence, the first standing alone, the two not too long to read as one."""
    if not points_back(unit) or not complete(unit) or not askable(lead):
        return False
    if unit.language == "zh":
        return len(lead.text) + len(unit.text) <= JOINED_MAX["zh"]
    return len(lead.text.split()) + len(unit.text.split()) <= JOINED_MAX["en"]


# The longest pair, in characters (Chinese) or words (English): about one and a half
# of the longest single sentence asked.
JOINED_MAX = {"zh": 180, "en": 68}


def own_year(reading: Reading, blank: Blank) -> bool:
    """A year the material's own title gives (新闻联播 2016年3月15日: 2016): nothing to test."""
    figure = blank.figure
    if figure is None or figure.kind != "year" or not reading.sections:
        return False
    title = reading.sections[0].section.title
    return str(int(figure.value)) in _YEAR.findall(title)


_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)")
