"""No import cycles inside ingest/: top-level and function-level imports of ingest modules alike.

The readers dispatch to their modules by name through the FORMATS table (importlib), which is
not an import statement and so not an edge here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "ingest"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((ROOT / PACKAGE).rglob("*.py"))}


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Return module -> ingest modules it imports anywhere in its code (TYPE_CHECKING aside)."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        checking_only = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for stmt in node.body
            for n in ast.walk(stmt)
        }
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in checking_only:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                # "from pkg import sub" imports the submodule pkg.sub.
                targets = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                    for a in node.names
                ]
            else:
                continue
            edges.update(t for t in targets if t in modules and t != name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle as a list of modules (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_ingest_has_no_import_cycle():
    graph = import_graph(_modules())
    assert graph["ingest.readers.ocr"], "the graph must see the readers' imports"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_ocr_does_not_import_the_pdf_reader():
    """The layout engine is shared through ingest.readers.layout, not through pdf.py."""
    graph = import_graph(_modules())
    assert "ingest.readers.layout" in graph["ingest.readers.ocr"]
    assert "ingest.readers.layout" in graph["ingest.readers.pdf"]
    assert "ingest.readers.pdf" not in graph["ingest.readers.ocr"]


@pytest.mark.parametrize(
    ("source", "cycle"),
    [
        # A function-level import hides a cycle from Python, not from the graph.
        (
            {"a": "import b\n", "b": "def f():\n    from a import x\n"},
            ["a", "b", "a"],
        ),
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
def test_graph_finds_cycles(tmp_path, source, cycle):
    modules = {}
    for name, text in source.items():
        (tmp_path / f"{name}.py").write_text(text, encoding="utf-8")
        modules[name] = tmp_path / f"{name}.py"
    assert find_cycle(import_graph(modules)) == cycle
