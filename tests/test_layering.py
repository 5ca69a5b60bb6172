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


# ------------------------------------------------------------------------------ the import graph
PACKAGES = ("core", "storage", "gui", "cli")
LOWER_LAYERS = {"core": ("storage", "gui", "cli"), "storage": ("gui", "cli")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The nodes under `if TYPE_CHECKING:`: imports for annotations, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    return skipped


def import_graph(sources: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """module → the project modules it imports, at any depth (a function-level import counts: it
    runs too). `sources` maps a module name to (its source, whether it is a package's __init__)."""
    graph: dict[str, set[str]] = {}
    for name, (source, is_package) in sources.items():
        tree = ast.parse(source)
        skipped = _type_checking_only(tree)
        found: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name in sources)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = name.split(".") if is_package else name.split(".")[:-1]
                    package = package[: len(package) - (node.level - 1)]
                    base = ".".join([*package, *([node.module] if node.module else [])])
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    found.add(submodule if submodule in sources else base)
        graph[name] = {module for module in found if module in sources and module != name}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a longer loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def _project_sources() -> dict[str, tuple[str, bool]]:
    return {
        _module_name(path): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for package in PACKAGES
        for path in sorted((REPO / package).rglob("*.py"))
    }


def test_no_module_imports_itself_round_a_circle():
    graph = import_graph(_project_sources())
    assert len(graph) > 100
    circles = import_circles(graph)
    assert circles == [], "Các mô-đun nhập lẫn nhau (vòng):\n" + "\n".join(" ⇄ ".join(c) for c in circles)


def test_a_layer_never_imports_the_layers_above_it():
    graph = import_graph(_project_sources())
    violations = [
        f"{module} imports {target}"
        for module, targets in graph.items()
        for target in targets
        if target.split(".")[0] in LOWER_LAYERS.get(module.split(".")[0], ())
    ]
    assert violations == [], "\n".join(sorted(violations))


def test_the_graph_sees_every_form_of_import_and_finds_circles():
    sources = {
        "core": ("", True),
        "core.a": ("from core import b\n", False),
        "core.b": ("def later():\n    from core.c import thing\n", False),
        "core.c": ("from . import a\nfrom typing import TYPE_CHECKING\n"
                   "if TYPE_CHECKING:\n    import core.d\n", False),
        "core.d": ("import core.a\n", False),
    }
    graph = import_graph(sources)
    assert graph == {"core": set(), "core.a": {"core.b"}, "core.b": {"core.c"}, "core.c": {"core.a"},
                     "core.d": {"core.a"}}  # fmt: skip
    assert import_circles(graph) == [["core.a", "core.b", "core.c"]]
