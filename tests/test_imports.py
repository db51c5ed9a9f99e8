"""The module import graph: no cycle in ingest/, warehouse/ and ui/, and ingest never imports
the warehouse or the ui.

Every import counts, at the top of a module or inside a function: a function-level import only
postpones a cycle to the first call. Imports under ``if TYPE_CHECKING:`` never run and do not
count. The readers reach their modules by name through the FORMATS table (importlib), which is
not an import statement and so not an edge here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "warehouse", "ui")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    }


def _type_checking_only(tree: ast.AST) -> set[int]:
    return {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for n in ast.walk(stmt)
    }


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Return the project modules ``name`` imports anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skipped = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from warehouse import load" imports the submodule warehouse.load (its package is
            # always initialised first, so that is no edge); "from ingest.readers import Limits"
            # needs the package's own names, so it is an edge to the package.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            # Importing a.b.c runs a and a.b first; keep the deepest project module named.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph(modules: dict[str, Path] | None = None) -> dict[str, set[str]]:
    modules = _modules() if modules is None else modules
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]], nodes: set[str]) -> list[str] | None:
    """Return one cycle among ``nodes`` (as a path that ends where it starts), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ()) & nodes):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(nodes):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_sees_top_level_and_function_level_imports() -> None:
    graph = _graph()
    assert "warehouse.registry" in graph["warehouse.load"]  # top level
    assert "warehouse.facts" in graph["warehouse.db"]  # inside a function
    assert "warehouse.review" in graph["ui.review"]  # "from warehouse import review"


def test_a_cycle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(graph, set(graph)) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}, {"a", "b"}) is None


@pytest.mark.parametrize(
    ("source", "cycle"),
    [
        # A function-level import hides a cycle from Python, not from the graph.
        ({"a": "import b\n", "b": "def f():\n    from a import x\n"}, ["a", "b", "a"]),
        ({"a": "from b import y\n", "b": "x = 1\n"}, None),
        (
            {
                "a": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import b\n",
                "b": "import a\n",
            },
            None,
        ),
    ],
)
def test_the_graph_of_written_modules(tmp_path: Path, source: dict, cycle: list | None) -> None:
    modules = {}
    for name, text in source.items():
        (tmp_path / f"{name}.py").write_text(text, encoding="utf-8")
        modules[name] = tmp_path / f"{name}.py"
    graph = _graph(modules)
    assert _cycle(graph, set(graph)) == cycle


def test_no_import_cycle_anywhere() -> None:
    graph = _graph()
    assert graph["ingest.readers.ocr"], "the graph must see the readers' imports"
    cycle = _cycle(graph, set(graph))
    assert cycle is None, " -> ".join(cycle or ())


def test_ocr_shares_the_layout_engine_not_the_pdf_reader() -> None:
    graph = _graph()
    assert "ingest.readers.layout" in graph["ingest.readers.ocr"]
    assert "ingest.readers.layout" in graph["ingest.readers.pdf"]
    assert "ingest.readers.pdf" not in graph["ingest.readers.ocr"]


def test_ingest_never_imports_the_warehouse_or_the_ui() -> None:
    graph = _graph()
    upward = {
        (name, target)
        for name, targets in graph.items()
        if name.split(".")[0] == "ingest"
        for target in targets
        if target.split(".")[0] in ("warehouse", "ui")
    }
    assert upward == set()
