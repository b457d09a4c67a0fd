"""``studyapp review``: the cards due, a plain-text review session, or cramming a material."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from studyapp.cli.common import Context, dump, fail, open_service, text_stream
from studyapp.cli.tui import run_tui_screen
from studyapp.i18n import _

if TYPE_CHECKING:
    from studyapp.services import StudyService


@click.command("review")
@click.option("--due", is_flag=True, help="List the cards due now instead of reviewing.")
@click.option("--json", "as_json", is_flag=True, help="With --due: print the list as JSON.")
@click.option("--plain", is_flag=True, help="Review in plain text, one answer per line from stdin.")
@click.option(
    "--cram", "cram_material", help="Review this material's cards now (schedule untouched)."
)
@click.pass_obj
def review_command(
    context: Context, due: bool, as_json: bool, plain: bool, cram_material: str | None
) -> None:
    """Spaced review of missed questions (FSRS); the TUI's Review screen does the same."""
    service = open_service(context)
    if cram_material:
        if service.material(cram_material) is None:
            fail(_("no material {id} (see: studyapp library)").format(id=cram_material))
        _cram_plain(service, service.cram(cram_material))
        return
    items = service.review_queue()
    if due or as_json:
        from studyapp.services.quiz import retired_text
        from studyapp.services.review import due_json

        rows = due_json(items, service.retired_due())
        if as_json:
            dump(rows)
            return
        for row in rows:
            retired = f"  {_('retired')}: {retired_text(row['retired'])}" if row["retired"] else ""
            line = f"{row['due']}  {row['state']:10} {row['type']:10} {row['question_id']}"
            click.echo(line + retired)
        return
    if not plain:
        run_tui_screen(context, "review")
        return
    from studyapp.cli.plain_quiz import review_answer, run_plain_quiz

    if not items:
        click.echo(_("Nothing to review now."))
        return
    stdin = text_stream("stdin")
    run_plain_quiz(
        [i.question for i in items],
        review_answer(service, items),
        stdin.readline,
        text_stream("stdout"),
        echo=not stdin.isatty(),
    )


def _cram_plain(service: StudyService, items: list[Any]) -> None:
    """Cram: the material's cards, graded but not scheduled."""
    from studyapp.cli.plain_quiz import run_plain_quiz
    from studyapp.core.quiz import grade

    if not items:
        click.echo(_("This material has no review cards yet."))
        return

    def graded_only(question: Any, given: str, seconds: float, hint: bool) -> tuple[Any, str]:
        return grade(question, given), ""

    stdin = text_stream("stdin")
    run_plain_quiz(
        [i.question for i in items],
        graded_only,
        stdin.readline,
        text_stream("stdout"),
        echo=not stdin.isatty(),
    )
