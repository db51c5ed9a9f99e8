"""Issue 6/7, item 5: no Material icon whose name can show as an English word.

Until the browser has loaded Streamlit's icon font, a ``:material/…:`` icon is drawn as its
ligature name in plain text: "dashboard", "download", "lock" (the Vietnamese-screens browser test
once caught "article" and "edit_note"). Icons in the app's own code are emoji or none.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

SOURCES = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")])
ICON_ARGS = {"icon", "page_icon"}


def _strings(tree: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _icon_values(tree: ast.AST) -> list[ast.expr]:
    """Return the values given to ``icon=`` / ``page_icon=``, and the icons of app.PAGES rows."""
    values = [
        kw.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg in ICON_ARGS
    ]
    for node in ast.walk(tree):  # PAGES = [(file, title, icon, role), …]
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "PAGES" for t in targets):
                values += [row.elts[2] for row in node.value.elts if isinstance(row, ast.Tuple)]
    return values


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_material_icon_in_the_app(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    named = [s.value for s in _strings(tree) if ":material/" in s.value]
    assert not named, f"{path.name}: Material icons show their English name before the font loads"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_literal_icon_is_an_emoji(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for value in _icon_values(tree):
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            # An emoji has no ASCII letter: no word of any language can show in its place.
            assert not any(c.isascii() and c.isalpha() for c in value.value), (
                f"{path.name}:{value.lineno}: icon {value.value!r} is not an emoji"
            )


def test_the_guard_sees_the_navigation_icons():
    """The app's navigation icons are found by the check above (it is not vacuous)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    icons = [v.value for v in _icon_values(tree) if isinstance(v, ast.Constant)]
    assert len(icons) >= 7 and all(icons), icons
