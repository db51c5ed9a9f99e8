"""The docs stay honest: every CLI subcommand is shown in the README and nothing else is, and the
docs name no path of one particular machine."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from ingest.__main__ import build_parser as ingest_parser
from warehouse.__main__ import build_parser as warehouse_parser

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = [README, ROOT / "docs" / "ARCHITECTURE.md"]
CLIS = {"ingest": ingest_parser, "warehouse": warehouse_parser}
# Folders that only exist on someone's machine; a doc that names one describes that machine.
MACHINE_PATHS = re.compile(r"(?<![\w.~-])/(?:work|home|root|tmp|Users|opt|mnt|srv|var)/")
# The one machine path the product itself relies on: Debian's browser, driven by the browser test.
ALLOWED_PATHS = ("/usr/bin/chromium",)


def _subcommands(parser: argparse.ArgumentParser) -> set[str]:
    """Return every subcommand path of ``parser`` ("extract", "registry import")."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = _subcommands(sub)
                found |= {f"{name} {n}" for n in nested} if nested else {name}
    return found


def _shown(cli: str, text: str) -> set[str]:
    """Return the subcommands the README runs as ``python -m <cli> <sub> [<sub>]``."""
    words = re.findall(rf"python -m {cli} ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?", text)
    return {" ".join(w for w in pair if w) for pair in words}


@pytest.mark.parametrize("cli", sorted(CLIS))
def test_readme_shows_every_subcommand_and_no_other(cli):
    real = _subcommands(CLIS[cli]())
    assert real, f"python -m {cli} has no subcommands?"
    text = README.read_text(encoding="utf-8")
    shown = _shown(cli, text)
    missing = sorted(s for s in real if not any(x == s or x.startswith(s + " ") for x in shown))
    assert not missing, f"README.md does not show python -m {cli} {missing}"
    # A word after a subcommand may be its argument ("extract samples/..."), but a command with
    # subcommands of its own ("registry") must be followed by a real one.
    nested = {s.split()[0] for s in real if " " in s}
    unknown = sorted(
        x
        for x in shown
        if (x.split()[0] in nested and x not in real)
        or (x.split()[0] not in nested and x.split()[0] not in real)
    )
    assert not unknown, f"README.md names python -m {cli} subcommands that do not exist: {unknown}"


def test_subcommand_reader_sees_nested_commands():
    assert {"registry import", "load", "create-user"} <= _subcommands(warehouse_parser())
    assert _shown("warehouse", "$ python -m warehouse registry import x.csv") == {"registry import"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_docs_name_no_machine_path(doc):
    text = doc.read_text(encoding="utf-8")
    for allowed in ALLOWED_PATHS:
        text = text.replace(allowed, "")
    hits = [m.group(0) for m in MACHINE_PATHS.finditer(text)]
    assert not hits, f"{doc.name} names paths of one machine: {sorted(set(hits))}"


def test_machine_path_check_catches_what_it_should():
    bad = ["see /work/main/docs", "cd /home/an/repo", "/root/.cache", "python3 -m venv /tmp/v"]
    assert all(MACHINE_PATHS.search(s) for s in bad)
    fine = [
        "data/files/ab/abcdef",
        "samples/reports/2020",
        "http://localhost:8501/",
        "~/Downloads/",
    ]
    assert not any(MACHINE_PATHS.search(s) for s in fine)
