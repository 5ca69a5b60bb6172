"""The domain and storage layers stay free of Qt and of the GUI (docs/architecture.md, "Rules")."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QT_FREE_PACKAGES = ("core", "storage")
FORBIDDEN = ("PySide6", "shiboken6", "gui")


def _forbidden_imports(source: str, filename: str) -> list[tuple[int, str]]:
    """(line, imported module) for every import of a forbidden top-level package, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        found += [(node.lineno, module) for module in modules if module.split(".")[0] in FORBIDDEN]
    return sorted(found)


def test_core_and_storage_never_import_qt_or_gui():
    violations = []
    checked = 0
    for package in QT_FREE_PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            checked += 1
            relative = path.relative_to(REPO).as_posix()
            for line, module in _forbidden_imports(path.read_text(encoding="utf-8"), relative):
                violations.append(f"{relative}:{line} imports {module}")
    assert checked > 0
    assert violations == [], "core/ và storage/ không được dùng Qt hay gui:\n" + "\n".join(violations)


def test_the_check_catches_every_import_form():
    source = (
        "import os\n"
        "import PySide6.QtCore\n"
        "from shiboken6 import isValid\n"
        "def later():\n"
        "    from gui.app import run_gui\n"
        "import guidance\n"
        "from . import gui\n"
    )
    found = _forbidden_imports(source, "example.py")
    assert found == [(2, "PySide6.QtCore"), (3, "shiboken6"), (5, "gui.app")]
