"""Import hygiene: the core stays free of UI and ORM libraries; layers point one way."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import studyapp.core

FORBIDDEN = ("textual", "rich", "sqlmodel", "sqlalchemy", "alembic", "click")


def test_importing_every_core_module_loads_no_ui_or_orm_library() -> None:
    modules = [f"studyapp.core.{m.name}" for m in pkgutil.iter_modules(studyapp.core.__path__)]
    assert len(modules) >= 8
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(json.dumps([m for m in {FORBIDDEN!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_cli_module_defers_the_database_and_ui_imports() -> None:
    code = (
        "import sys, studyapp.cli.main; "
        "print([m for m in ('sqlmodel', 'textual') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_import_linter_contracts_are_kept() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
        ],
        capture_output=True,
        text=True,
    )
    assert " kept, 0 broken" in result.stdout, result.stdout[-2000:]
