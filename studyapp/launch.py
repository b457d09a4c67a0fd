"""The ``studyapp`` command's entry point: the TUI starts without importing click.

``studyapp``, ``studyapp read ID [--section S]`` and the global options before them
(``--data-dir``, ``--db``, ``--lang``, ``--learner``) are recognised here and open the TUI directly;
click (about 35 ms of imports) is only loaded for everything else, which goes to
:func:`studyapp.cli.main.run` unchanged — as does anything this parser is unsure of, so click
still gives the usual help and error messages.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from studyapp.db.firstscreen import QuickReaderData
    from studyapp.locations import Locations

GLOBAL_OPTIONS = {
    "--data-dir": "data_dir",
    "--db": "db_url",
    "--lang": "lang",
    "--learner": "learner",
}
LANGUAGES = ("en", "zh", "zh_CN", "zh-CN")


@dataclass(frozen=True)
class TuiRequest:
    """What a TUI command line asks for."""

    data_dir: str | None = None
    db_url: str | None = None
    lang: str | None = None
    learner: str | None = None
    material: str | None = None
    section: str | None = None


def parse_tui(argv: Sequence[str]) -> TuiRequest | None:
    """The TUI request of ``argv``, or ``None`` when click should handle it."""
    options: dict[str, str] = {}
    words = list(argv)
    while words and words[0].partition("=")[0] in GLOBAL_OPTIONS:
        name, equals, value = words.pop(0).partition("=")
        if not equals:
            if not words:
                return None
            value = words.pop(0)
        if not value or GLOBAL_OPTIONS[name] in options:
            return None
        options[GLOBAL_OPTIONS[name]] = value
    if options.get("lang", "en") not in LANGUAGES:
        return None
    if not words:
        return TuiRequest(**options)
    if words[0] != "read" or len(words) < 2 or words[1].startswith("-"):
        return None
    section = _section(words[2:])
    if section is False:
        return None
    return TuiRequest(**options, material=words[1], section=section or None)


def _section(words: list[str]) -> str | Literal[False] | None:
    """``--section S`` / ``--section=S`` after ``read ID``; ``False`` for anything else."""
    if not words:
        return None
    name, equals, value = words[0].partition("=")
    if name != "--section":
        return False
    if equals:
        return value if len(words) == 1 and value else False
    return words[1] if len(words) == 2 and words[1] else False


def run() -> None:
    """Open the TUI for a TUI command line; hand anything else to the click CLI."""
    request = parse_tui(sys.argv[1:])
    locations = _locations(request) if request is not None else None
    first = None
    if request is not None and locations is not None and request.material is not None:
        first = _reader_data_if_readable(request, locations)
        if first is None:
            locations = None  # the CLI checks the id and section (and says what is wrong)
    if request is None or locations is None:
        from studyapp.cli.main import run as run_cli

        run_cli()
        return
    try:
        _run_tui(request, locations, first)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # the same one line as the click CLI gives (cli.errors)
        from studyapp.cli.errors import report

        sys.exit(report(error))


def _locations(request: TuiRequest) -> Locations | None:
    """Where the TUI's data is, or ``None`` when the CLI should say what is wrong (a bad
    ``--learner``, or one with a server URL)."""
    from studyapp.locations import resolve_locations

    try:
        return resolve_locations(request.data_dir, request.db_url, learner=request.learner)
    except Exception:  # the CLI resolves again and reports it in one line
        return None


def _reader_data_if_readable(request: TuiRequest, locations: Locations) -> QuickReaderData | None:
    """``read ID [--section S]``'s opening data when the fast read path finds the material
    and the section, else ``None``. The app opens the reader on it without reading again."""
    from studyapp.core.materials import find_section
    from studyapp.db.firstscreen import reader_data

    try:  # reader_data checks the schema: None unless the file is current and holds the id
        data = reader_data(locations.db_url, str(request.material))
    except Exception:  # anything unusual: the CLI's path decides and reports
        return None
    if data is None or (
        request.section is not None and find_section(data.sections, request.section) is None
    ):
        return None
    return data


def _run_tui(
    request: TuiRequest, locations: Locations, first: QuickReaderData | None = None
) -> None:
    # No cyclic garbage collection until the first frame is painted (FirstFrame.start_service
    # turns it back on): start-up allocates little garbage, and a full collection over the
    # imported modules and a large library's rows cost ~25 ms of that frame.
    gc.disable()
    from studyapp.cli.errors import remember_log_file
    from studyapp.config import configured_language
    from studyapp.i18n import set_language
    from studyapp.ui.app import make_app
    from studyapp.ui.shutdown import run_app

    language = set_language(request.lang or configured_language(locations))
    remember_log_file(locations.log_file)
    app = make_app(
        locations,
        language=language,
        open_material=request.material,
        open_section=request.section,
    )
    app.first_reader = first
    run_app(app, app.guard)
    if app.failure is not None:
        from studyapp.cli.errors import report

        sys.exit(report(app.failure))
    if app.return_code:
        sys.exit(app.return_code)
