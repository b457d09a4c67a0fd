"""The facade rule: the UI, the CLI and the launcher call methods of ``StudyService`` only.

They never touch its repositories or engine, and never call a use-case function of
``studyapp.services.*`` that takes the service (that function is the method's body).
Importing ``studyapp.db`` is refused by an import-linter contract (pyproject.toml).
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import studyapp
from studyapp.services import StudyService

PACKAGE = Path(studyapp.__file__).parent
CALLERS = [*sorted((PACKAGE / "ui").rglob("*.py")), *sorted((PACKAGE / "cli").rglob("*.py"))]
CALLERS.append(PACKAGE / "launch.py")
STATE = {"locations", "settings", "clock", "tz", "schema"}  # read-only state, not repositories


def _facade_names() -> set[str]:
    methods = {
        name
        for cls in StudyService.__mro__[:-1]  # StudyService and its base, not object
        for name, value in vars(cls).items()
        if callable(value) or isinstance(value, classmethod)
    }
    return {n for n in methods if not n.startswith("_")} | STATE


def _is_service(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "service") or (
        isinstance(node, ast.Attribute) and node.attr == "service"
    )


def reached_past(source: str, allowed: set[str]) -> list[str]:
    """``service.X`` uses in ``source`` where X is not a method or state of the facade."""
    return [
        f"line {node.lineno}: service.{node.attr}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and _is_service(node.value) and node.attr not in allowed
    ]


def use_case_imports(source: str) -> list[str]:
    """Names imported from ``studyapp.services*`` that are modules or take the service."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
            "studyapp.services"
        ):
            continue
        module = importlib.import_module(node.module or "")
        for alias in node.names:
            value = getattr(module, alias.name, None)
            if value is None:  # a submodule not loaded yet
                value = importlib.import_module(f"{node.module}.{alias.name}")
            if inspect.ismodule(value):
                found.append(f"line {node.lineno}: module {node.module}.{alias.name}")
            elif inspect.isfunction(value) and "service" in inspect.signature(value).parameters:
                found.append(f"line {node.lineno}: {node.module}.{alias.name}(service, ...)")
    return found


def test_the_checks_catch_a_repository_and_a_use_case_function() -> None:
    code = (
        "from studyapp.services import plans\n"
        "from studyapp.services.stats import stats_view\n"
        "from studyapp.services.plans import PlanError, done_keys\n"
        "service.plans.remove(1)\nself.service.progress.section_progress()\n"
        "service.today_view()\nservice.tz\n"
    )
    allowed = _facade_names()
    assert reached_past(code, allowed) == ["line 4: service.plans", "line 5: service.progress"]
    assert use_case_imports(code) == [
        "line 1: module studyapp.services.plans",
        "line 2: studyapp.services.stats.stats_view(service, ...)",
    ]


def test_ui_cli_and_launch_use_only_the_facade_methods() -> None:
    allowed = _facade_names()
    assert {"materials", "progress", "plans", "quiz", "reviews", "engine"}.isdisjoint(allowed)
    problems = [
        f"{path.relative_to(PACKAGE)} {problem}"
        for path in CALLERS
        for text in [path.read_text(encoding="utf-8")]
        for problem in reached_past(text, allowed) + use_case_imports(text)
    ]
    assert problems == []
