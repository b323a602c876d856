"""The package's architecture: imports run one way (no cycle), and modules stay small.

The import graph is built from the source with :mod:`ast` (module-level imports only: an
import inside a function or under ``if TYPE_CHECKING:`` runs later or never, so it cannot
make a cycle at import time). Every ``import collectives.x`` and ``from collectives.x import
y`` is an edge to ``collectives.x.y`` when that is a module, else to ``collectives.x``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "modules" / "collectives"

#: Largest module (lines) a contributor should meet.
MAX_LINES = 400

#: Modules over MAX_LINES, each with its reason (none now). An entry must be over the limit:
#: remove it once the module is split.
OVER_THE_LIMIT: dict[str, str] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _top_level_imports(tree: ast.Module):
    """Import nodes that run when the module is imported (not in functions, not TYPE_CHECKING-only)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            test = ast.unparse(node.test)
            if "TYPE_CHECKING" not in test:
                pending.extend(node.body)
            pending.extend(node.orelse)
        elif isinstance(node, (ast.Try, ast.With)):
            pending.extend(node.body)
            for handler in getattr(node, "handlers", ()):
                pending.extend(handler.body)
            pending.extend(getattr(node, "orelse", ()))
            pending.extend(getattr(node, "finalbody", ()))
        elif isinstance(node, ast.ClassDef):
            pending.extend(node.body)


def _resolve(module: str, node: ast.ImportFrom) -> str | None:
    if not node.level:
        return node.module
    package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def import_graph() -> dict[str, set[str]]:
    """Module → the package modules it imports at module level."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        targets: set[str] = set()
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names if alias.name in MODULES}
                continue
            base = _resolve(module, node)
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:  # a submodule: the edge goes to it
                    targets.add(f"{base}.{alias.name}")
                elif base in MODULES:  # a name defined in the module (or package) itself
                    targets.add(base)
        graph[module] = targets - {module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first = last), or None (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if not state.get(target):
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if not state.get(node):
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_known_cycle_and_accepts_a_chain():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_the_imports_of_the_data_layer():
    graph = import_graph()
    assert "collectives.data.datasheets" in graph["collectives.data.course"]
    assert "collectives.data.validation" in graph["collectives.participant"]


def test_collectives_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_data_package_never_imports_the_participant_reader():
    graph = import_graph()
    for module, targets in graph.items():
        if module == "collectives.data" or module.startswith("collectives.data."):
            assert not {t for t in targets if t.startswith("collectives.participant")}, module


def test_no_lazy_module_getattr_hides_an_import():
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert "__getattr__" not in names, f"{module} defines a module-level __getattr__"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_400_lines_unless_listed_with_a_reason(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    if module in OVER_THE_LIMIT:
        assert lines > MAX_LINES, f"{module} is now {lines} lines: remove it from OVER_THE_LIMIT"
    else:
        assert lines <= MAX_LINES, f"{module} has {lines} lines, more than {MAX_LINES}: split it by concern"
