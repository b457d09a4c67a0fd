"""``studyapp quiz``: questions generated from a material, as JSON or asked in plain text."""

from __future__ import annotations

import click

from studyapp.cli.common import Context, dump, fail, open_service, text_stream
from studyapp.i18n import _


@click.command("quiz")
@click.argument("material")
@click.option("--section", help="Only this section (anchor or number).")
@click.option("--count", type=int, default=10, show_default=True, help="How many questions.")
@click.option(
    "--types", help="Comma-separated types: cloze,single,multiple,true_false,order,number."
)
@click.option("--seed", type=int, help="Seed: the same seed gives the same questions.")
@click.option("--json", "as_json", is_flag=True, help="Print the questions as JSON.")
@click.option("--plain", is_flag=True, help="Ask in plain text, one answer per line from stdin.")
@click.pass_obj
def quiz_command(
    context: Context,
    material: str,
    section: str | None,
    count: int,
    types: str | None,
    seed: int | None,
    as_json: bool,
    plain: bool,
) -> None:
    """Questions generated from a material: print them (--json) or answer them (--plain)."""
    from studyapp.core.quiz.serial import question_to_dict
    from studyapp.services.quiz import QuizError

    if count < 1:
        fail(_("--count must be at least 1, not {count}").format(count=count))
    service = open_service(context)
    service.import_bundled_if_new()
    wanted = [t.strip() for t in types.split(",") if t.strip()] if types else None
    try:
        questions, available = service.quiz_with_available(
            material, section=section, count=count, types=wanted, seed=seed
        )
    except QuizError as error:
        fail(str(error), 1)
    if as_json or not plain:
        shown = [question_to_dict(q) for q in questions]
        dump({"material": material, "available": available, "questions": shown})
        return
    from studyapp.cli.plain_quiz import quiz_answer, run_plain_quiz

    stdin = text_stream("stdin")
    out = text_stream("stdout")
    run_plain_quiz(questions, quiz_answer(service), stdin.readline, out, echo=not stdin.isatty())
