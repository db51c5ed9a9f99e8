"""Machine-independent measures for tests that mean "refused before the expensive step".

A clock says how busy the machine is as much as what the code did; these say what the code did:
the peak of Python allocations, the calls made to one of our functions, the statements run.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest


class PeakMemory:
    """Measure the peak of Python allocations (tracemalloc) inside a ``with`` block."""

    peak = 0

    def __enter__(self) -> PeakMemory:
        tracemalloc.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[tuple]:
    """Wrap ``owner.name`` so every call is recorded, then runs the real function; return the
    record (one tuple of arguments per call)."""
    real = getattr(owner, name)
    calls: list[tuple] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
