"""The suite's own scheduling: the longest files named in conftest.py exist and are run first."""

from __future__ import annotations

import tomllib
from pathlib import Path

from conftest import LONGEST_FILES, ROOT


def test_every_longest_file_exists():
    missing = [name for name in LONGEST_FILES if not (ROOT / "tests" / f"{name}.py").is_file()]
    assert not missing, f"tests/conftest.py LONGEST_FILES names files that are gone: {missing}"


def test_the_longest_files_are_collected_first_and_xdist_keeps_that_order(request):
    addopts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "pytest"
    ]["ini_options"]["addopts"].split()
    assert {"--dist", "loadfile", "--no-loadscope-reorder"} <= set(addopts)
    rank = {name: i for i, name in enumerate(LONGEST_FILES)}
    ranks = [rank.get(Path(item.path).stem, len(rank)) for item in request.session.items]
    assert ranks == sorted(ranks)
