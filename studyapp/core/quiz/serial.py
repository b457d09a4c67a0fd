"""Questions to and from plain dicts (JSON), for storage and the CLI."""

from __future__ import annotations

from typing import Any

from studyapp.core.quiz.model import Question, SourceRef, question_type


def question_to_dict(question: Question) -> dict[str, Any]:
    """The public JSON shape of a question (``quiz --json``)."""
    return {
        "id": question.id,
        "type": question.type,
        "prompt": question.prompt,
        "options": list(question.options),
        "answer": list(question.answer),
        "source": {
            "material": question.source.material,
            "section": question.source.section,
            "start": question.source.start,
            "end": question.source.end,
            "text": question.source.text,
        },
        "language": question.language,
        "hint": question.hint,
        "accepted": list(question.accepted),
        "kind": question.kind,
        "option_kinds": list(question.option_kinds),
    }


def question_from_dict(data: dict[str, Any]) -> Question:
    """Rebuild a question stored with :func:`question_to_dict`."""
    source = data["source"]
    return Question(
        id=data["id"],
        type=question_type(data["type"]),
        prompt=data["prompt"],
        options=tuple(data.get("options", ())),
        answer=tuple(data["answer"]),
        source=SourceRef(
            source["material"], source["section"], source["start"], source["end"], source["text"]
        ),
        language=data.get("language", "zh"),
        hint=data.get("hint"),
        accepted=tuple(data.get("accepted", ())),
        kind=data.get("kind", ""),
        option_kinds=tuple(data.get("option_kinds", ())),
    )
