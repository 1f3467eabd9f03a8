"""The layout's rules, read from the imports of the code (no module is run):

- ``services`` and ``db`` know nothing of Telegram: no ``aiogram``, ``aiogram_dialog``,
  ``bot`` or ``handlers``; ``db`` does not use ``services`` either;
- ``scheduler`` jobs call services (and the bot's views), never ``handlers``;
- there is no import cycle between modules, counting imports made inside functions, so a
  cycle cannot hide behind a late import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "services", "db", "scheduler")
FORBIDDEN = {
    "services": ("aiogram", "aiogram_dialog", "bot", "handlers", "scheduler"),
    "db": ("aiogram", "aiogram_dialog", "bot", "handlers", "scheduler", "services"),
    "scheduler": ("handlers",),
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (a project module when it is one)
    line: int
    type_checking: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


MODULES = _project_modules()


def _resolve(name: str) -> str:
    """The project module ``name`` denotes: itself, or the package it lives in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports_of(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            guarded.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno, id(node) in guarded)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                target = candidate if candidate in MODULES else node.module
                yield Import(module, target, node.lineno, id(node) in guarded)


IMPORTS = [i for module, path in MODULES.items() for i in _imports_of(module, path)]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_what_they_may(layer: str) -> None:
    broken = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in IMPORTS
        if i.module.split(".")[0] == layer and i.target.split(".")[0] in FORBIDDEN[layer]
    ]
    assert broken == []


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for i in IMPORTS:
        target = _resolve(i.target)
        if target and target != i.module and not i.type_checking:
            graph[i.module].add(target)
    cycles = [sorted(c) for c in _strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph has a few hundred nodes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found


def test_the_rules_see_the_code() -> None:
    """The checks above read real imports (a broken reader would pass them all)."""
    assert len(MODULES) > 100
    assert any(i.module == "bot.app" and i.target == "handlers" for i in IMPORTS)
    assert any(i.module.startswith("services.") and i.target == "db.models" for i in IMPORTS)
