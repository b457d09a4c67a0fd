"""UI tests wait on events, not on the clock: no ``pilot.pause(`` of a literal 0.1 s or more."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
LONG_PAUSE = re.compile(r"pilot\.pause\(\s*(\d*\.?\d+)\s*\)")


def long_pauses(text: str) -> list[str]:
    """The ``pilot.pause(N)`` calls in ``text`` whose literal N is 0.1 s or more."""
    return [m.group(0) for m in LONG_PAUSE.finditer(text) if float(m.group(1)) >= 0.1]


def test_the_pattern_finds_long_pauses_and_spares_short_ones() -> None:
    found = long_pauses("pilot.pause(0.3)\npilot.pause(1)\npilot.pause( .5 )\npilot.pause(0.05)")
    assert found == ["pilot.pause(0.3)", "pilot.pause(1)", "pilot.pause( .5 )"]
    assert long_pauses("pilot.pause()\npilot.pause(random.uniform(0, 0.4))") == []


def test_no_test_waits_a_fixed_time() -> None:
    offenders = [
        f"{path.relative_to(TESTS)}: {call}"
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__) and "corpus" not in path.parts
        for call in long_pauses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "wait on the event with ui_helpers.wait_until instead"
