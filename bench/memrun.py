"""Child process of the memory benchmark: load a folder into a warehouse, print peak RSS as JSON.

Usage: ``python -m bench.memrun FOLDER DB WORKERS``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.common import PeakSampler, rusage_peaks


def main(argv: list[str]) -> int:
    """Run one load under the RSS sampler and print its figures."""
    from warehouse.load import load_paths

    folder, db, workers = Path(argv[0]), Path(argv[1]), int(argv[2])
    files = sorted(str(p) for p in folder.iterdir() if p.is_file())
    t0 = time.perf_counter()
    with PeakSampler() as sampler:
        results = load_paths(files, db=db, workers=workers, user="bench")
    seconds = time.perf_counter() - t0
    me, kids = rusage_peaks()
    outcomes: dict[str, int] = {}
    for r in results:
        outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
    print(
        json.dumps(
            {
                "documents": len(files),
                "seconds": round(seconds, 3),
                "peak_tree_rss": sampler.peak,
                "rusage_self": me,
                "rusage_children": kids,
                "outcomes": outcomes,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
