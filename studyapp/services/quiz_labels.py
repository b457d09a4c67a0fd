"""The names of question types and review ratings, marked for translation; the TUI's quiz
and review screens and the CLI's plain-text runner (``cli.plain_quiz``) show the same words."""

from __future__ import annotations

from studyapp.i18n import N_

RATING_NAMES = {1: N_("Again"), 2: N_("Hard"), 3: N_("Good"), 4: N_("Easy")}

TYPE_NAMES = {
    "cloze": N_("fill in the blank"),
    "single": N_("choose one"),
    "multiple": N_("choose all that apply"),
    "true_false": N_("true or false"),
    "order": N_("put in order"),
    "number": N_("give the number"),
}
