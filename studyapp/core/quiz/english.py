"""English parts of speech from TextBlob's pattern tagger, whose lexicon ships in its wheel.

The tagger (a Brill-style lexicon of about 100,000 words with contextual rules) runs
offline and needs nothing downloaded; it is loaded on the first English question.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from importlib.util import find_spec, module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType
from typing import Any

NOUNS = frozenset({"NN", "NNS"})
PROPER = frozenset({"NNP", "NNPS"})
MODIFIERS = frozenset({"JJ", "NN", "NNS", "NNP", "NNPS", "VBG"})


@cache
def _parser() -> Any:  # textblob ships no types
    """The parser ``textblob.en`` makes (its ``parser``), made here from its own module
    and lexicon files: importing ``textblob`` loads NLTK too (~0.15 s), which tagging
    never uses."""
    text = _text_module()
    folder = _textblob_folder() / "en"

    class Lexicon(text.Lexicon):  # type: ignore[misc,name-defined]
        def load(self) -> None:
            """Its ``load``, a line at a time in C: every line but comments, as the
            word and its tag (~0.1 s less for the 94,000 words)."""
            with open(self._path, encoding="utf-8") as lines:
                stripped = map(str.strip, lines.read().split("\n"))
            pairs = (x.split(" ")[:2] for x in stripped if x and x[:3] != ";;;")
            dict.update(self, pairs)  # type: ignore[arg-type]  # two-item lists

    class Parser(text.Parser):  # type: ignore[misc,name-defined]
        def find_tags(self, tokens: list[str], **kwargs: Any) -> Any:
            kwargs.setdefault("map", lambda token, tag: (token, tag))  # Penn tags
            return text.Parser.find_tags(self, tokens, **kwargs)

    lexicon = Lexicon(
        path=str(folder / "en-lexicon.txt"),
        morphology=str(folder / "en-morphology.txt"),
        context=str(folder / "en-context.txt"),
        entities=str(folder / "en-entities.txt"),
        language="en",
    )
    return Parser(lexicon=lexicon, default=("NN", "NNP", "CD"), language="en")


def _textblob_folder() -> Path:
    spec = find_spec("textblob")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textblob")
    return Path(next(iter(spec.submodule_search_locations)))


def _text_module() -> ModuleType:
    """``textblob._text`` (the pattern tagger; it imports only the standard library)."""
    return _module("_text.py", "studyapp_textblob_text")


def _module(relative: str, name: str) -> ModuleType:
    spec = spec_from_file_location(name, _textblob_folder() / relative)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"textblob {relative}")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _inflect() -> Any:
    """``textblob.en.inflect`` (pattern's singular and plural rules and exceptions; the
    standard library only), without importing ``textblob``."""
    return _module("en/inflect.py", "studyapp_textblob_inflect")


@lru_cache(maxsize=4096)
def singular(word: str) -> str:
    """A plural noun's singular (``analyses`` → ``analysis``, ``children`` → ``child``);
    other words come back as they are. Only a singular whose plural is the word again
    counts, and never of a word ending as a singular does (``glass``, ``status``): the
    rules would make ``glas`` of it."""
    if word.endswith(("ss", "us", "is")):
        return word  # glass, status, analysis: the rules would cut them
    inflect = _inflect()
    one = str(inflect.singularize(word))
    return one if one != word and str(inflect.pluralize(one)) == word else word


@lru_cache(maxsize=16384)
def penn_tags(words: tuple[str, ...]) -> tuple[str, ...]:
    """Penn Treebank tags (``NN``, ``NNP``, ``VBD``, ``CD``…) of a sentence's words."""
    if not words:
        return ()
    return tuple(tag for _, tag in _parser().find_tags(list(words)))


def noun_phrase(tags: Sequence[str]) -> bool:
    """Whether tags read as a noun phrase: modifiers, then a common or proper noun. A
    plural noun modifies nothing: "For decades researchers have…" holds no phrase."""
    if not tags or tags[-1] not in NOUNS | PROPER:
        return False
    return all(tag in MODIFIERS and tag != "NNS" for tag in tags[:-1])
