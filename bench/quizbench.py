"""Quiz generation speed on a 300,000-character Chinese book against rjieba's POS tagging
of it, and on an English text against the tagger's own time (TextBlob's, on the same
sentences).

Run: ``python bench/quizbench.py``. Cold = a new process's first quiz of 20 from the whole
text (analysis, frequency lists and the tagger's lexicon loaded); warm = a second quiz
of 20 with another seed on the sections loaded again, as a learner's second quiz in a
session (the first quiz's reading kept); every = all the questions that pass (what
``quiz --json`` counts as available), after those two.
Medians of a few runs; never asserts. Target: ≤ 5× the tagger, timed in the same process
after the quizzes (the median of three passes over the text).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 5.0
REPEATS = 3
CHILD = r"""
import json, random, sys, time
sys.path.insert(0, ROOT)
from pathlib import Path
from bench.corpus import long_chinese_text
from studyapp.core.importing import parse_material
from studyapp.core.quiz import generate, sections_from_draft

language = sys.argv[1]
if language == "zh":
    text = long_chinese_text()
else:
    from bench.quality import texts
    parts = [t.path.read_text(encoding="utf-8") for t in texts("tuning") if t.language == "en"]
    body = "\n\n".join(p.split("\n", 1)[1] for p in parts)
    text = "# English\n\n" + "\n\n".join([body] * 8)
sections = sections_from_draft("book", parse_material(text, Path("book.md"), []))

def tagger_time():
    # The median of three passes: the first pass over the whole text varies from one
    # process to the next (0.06 to 0.10 s for the Chinese book), the later ones do not.
    if language == "zh":
        import rjieba
        rjieba.tag("热身")
        def once():
            start = time.perf_counter(); rjieba.tag(text); return time.perf_counter() - start
        return sorted(once() for _ in range(3))[1]
    from studyapp.core.quiz.english import _parser
    from studyapp.core.quiz.tagging import tag_en
    units = [s.text for sec in sections for p in sec.paragraphs for s in p.sentences]
    sentences = [list(tag_en(text).words) for text in units]
    parser = _parser()
    parser.find_tags(["warm", "up"])
    def once():
        start = time.perf_counter()
        for words in sentences:
            parser.find_tags(words)
        return time.perf_counter() - start
    return sorted(once() for _ in range(3))[1]

def quiz(count, seed, loaded):
    start = time.perf_counter()
    made = generate(loaded, material_id="book", stats=None, rng=random.Random(seed), count=count)
    return time.perf_counter() - start, len(made)

def reloaded():
    # as the app loads a material's sections from the database for every quiz: new objects
    return sections_from_draft("book", parse_material(text, Path("book.md"), []))

cold, _ = quiz(20, 1, sections)
warm, _ = quiz(20, 2, reloaded())
every, made = quiz(None, 1, reloaded())
print(json.dumps({"cold": cold, "warm": warm, "every": every, "made": made,
                  "tag": tagger_time(), "chars": len(text)}))
"""


def _run(language: str) -> dict[str, float]:
    code = CHILD.replace("ROOT", repr(str(ROOT)))
    out = subprocess.run(
        [sys.executable, "-c", code, language], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    for language, tagger in (("zh", "rjieba.tag"), ("en", "TextBlob tagger")):
        runs = [_run(language) for _ in range(REPEATS)]
        tag = statistics.median(r["tag"] for r in runs)
        chars, made = runs[0]["chars"], runs[0]["made"]
        print(f"{language}: {chars:,} characters, {made} questions in all; {tagger} {tag:.3f} s")
        for name, label in (
            ("cold", "a quiz of 20, cold"),
            ("warm", "a quiz of 20, warm"),
            ("every", "every question (quiz --json's available)"),
        ):
            value = statistics.median(r[name] for r in runs)
            verdict = "ok" if value / tag <= TARGET else "OVER"
            print(f"  {label}: {value:.3f} s = {value / tag:.1f}× ({verdict})")


if __name__ == "__main__":
    main()
