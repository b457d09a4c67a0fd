"""A process the kill and concurrency tests start, signal and kill.

``python -m tests.txn_worker open DATA_DIR``: prints ``ready`` once the code is
loaded, opens the library (creating the database on a first run), prints ``opened``.

``python -m tests.txn_worker quiz DATA_DIR QUESTIONS_JSON [DB_URL]``: answers each
stored question wrong through the quiz service, printing ``ack QUESTION_ID`` after
each answer is committed (on the database at DB_URL if given, else the data dir's).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from studyapp.core.quiz import grade
from studyapp.core.quiz.serial import question_from_dict
from studyapp.locations import resolve_locations
from studyapp.services import StudyService, quiz


def _say(line: str) -> None:
    print(line, flush=True)


def main() -> None:
    mode, data_dir = sys.argv[1], sys.argv[2]
    _say("ready")
    db_url = sys.argv[4] if mode == "quiz" and len(sys.argv) > 4 else None
    service = StudyService.open(resolve_locations(data_dir, db_url=db_url, environ={}))
    _say("opened")
    if mode == "quiz":
        questions = [
            question_from_dict(q) for q in json.loads(Path(sys.argv[3]).read_text("utf-8"))
        ]
        grade(questions[0], "zzz-wrong")  # loads the grader's dictionaries before the first answer
        _say("answering")
        for question in questions:
            quiz.answer(service, question, "zzz-wrong", seconds=3.0)
            _say(f"ack {question.id}")
    service.close()


if __name__ == "__main__":
    main()
