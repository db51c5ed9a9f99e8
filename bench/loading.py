"""Loading into DuckDB: the write path alone, its share of a load, and peak memory of a load."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench.common import ROOT, Metric, Results, log, ratio_samples, work
from bench.corpus import Corpus, replicate, unique_bytes
from ingest.pipeline import extract_many
from ingest.record import ExtractedReport
from ingest.registry import Registry

_serial = [0]


def fresh_db(name: str, agencies_csv: Path) -> Path:
    """Return a new empty warehouse (own folder, registry imported)."""
    from warehouse.registry import import_csv

    # A new path every time: warehouse.db remembers which paths it has migrated.
    _serial[0] += 1
    folder = work() / "db" / f"{name}-{_serial[0]}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db = folder / "warehouse.duckdb"
    import_csv(agencies_csv, db=db, user="bench")
    return db


def write_only(
    db: Path, records: list[tuple[Path, ExtractedReport]], n: int
) -> tuple[float, dict[str, int]]:
    """Write ``n`` pre-extracted records (distinct bytes) with warehouse.load.write_record."""
    from warehouse.db import writer
    from warehouse.load import write_record
    from warehouse.registry import registry as db_registry

    reg = db_registry(db=db)
    jobs = []
    for k in range(n):
        path, rec = records[k % len(records)]
        data = unique_bytes(path, k)
        # As load_paths would have it: the record's sha256 is that of the bytes written.
        jobs.append((path, replace(rec, sha256=hashlib.sha256(data).hexdigest()), data))
    outcomes: dict[str, int] = {}
    t0 = time.perf_counter()
    with writer(db) as w:  # as load_paths writes a batch: one connection, a transaction a file
        for path, rec, data in jobs:
            r = write_record(
                rec, data, original_name=path.name, db=db, user="bench", registry=reg, writer=w
            )
            outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
    return time.perf_counter() - t0, outcomes


def pre_extract(corpus: Corpus, registry: Registry) -> list[tuple[Path, ExtractedReport]]:
    """Extract the born-digital originals once (the records the write benchmark reuses)."""
    files = corpus.born_digital
    return list(
        zip(files, extract_many(files, workers=2, registry=registry, progress=False), strict=True)
    )


def bench_load(res: Results, corpus: Corpus, registry: Registry, *, n: int, reps: int) -> None:
    """Measure write-only reports/s and the share of an end-to-end load spent writing."""
    from warehouse.load import load_paths

    records = pre_extract(corpus, registry)
    files = replicate(corpus.born_digital, n, work() / "load_files", distinct=True)
    log(f"load: {n} distinct files, write-only vs load_paths(workers=2), {reps} repetitions")
    t_write: list[float] = []
    t_load: list[float] = []
    outcomes: dict[str, int] = {}
    for k in range(reps):
        db = fresh_db("write", corpus.agencies_csv)
        dt, outcomes = write_only(db, records, n)
        t_write.append(dt)
        db = fresh_db("load", corpus.agencies_csv)
        t0 = time.perf_counter()
        results = load_paths([str(p) for p in files], db=db, workers=2, user="bench")
        t_load.append(time.perf_counter() - t0)
        errors = [r for r in results if r.outcome == "error" and r.status == "error"]
        if errors:
            raise RuntimeError(f"load failed on {errors[0].file}: {errors[0].message_vi}")
        log(f"  rep {k + 1}: write-only {t_write[-1]:.2f}s, load_paths {t_load[-1]:.2f}s")
    extra = {"files": n, "outcomes": outcomes}
    res.add(
        Metric(
            "load.write_only.reports_per_s",
            "load",
            "reports/s",
            [n / t for t in t_write],
            extra=extra,
            note="warehouse.load.write_record of pre-extracted records through one db.Writer "
            "(a transaction a file), as load_paths writes",
        )
    )
    res.add(
        Metric(
            "load.end_to_end.reports_per_s",
            "load",
            "reports/s",
            [n / t for t in t_load],
            extra=extra,
            note="warehouse.load.load_paths, workers=2 (extraction + write)",
        )
    )
    res.add(
        Metric(
            "load.write_share_of_load",
            "load",
            "share",
            ratio_samples(t_write, t_load),
            note="write-only time / end-to-end load time of the same files",
        )
    )


# ------------------------------------------------------------------------------ memory


def memory_run(folder: Path, db: Path, workers: int) -> dict:
    """Load every file of ``folder`` into ``db`` in a child process; return its peak memory."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.memrun", str(folder), str(db), str(workers)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "OMP_THREAD_LIMIT": "1"},
    )
    if out.returncode != 0:
        raise RuntimeError(f"memory run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_memory(res: Results, corpus: Corpus, *, sizes: tuple[int, int], reps: int) -> None:
    """Peak RSS of extracting and loading ``sizes`` documents (workers=2), smaller size first."""
    peaks: dict[int, list[float]] = {s: [] for s in sizes}
    rusage: dict[int, list[float]] = {s: [] for s in sizes}
    secs: dict[int, list[float]] = {s: [] for s in sizes}
    folders = {
        s: replicate(corpus.born_digital, s, work() / f"mem_{s}", distinct=True)[0].parent
        for s in sizes
    }
    mib = 2**20
    for k in range(reps):
        for s in sizes:
            db = fresh_db(f"mem_{s}", corpus.agencies_csv)
            r = memory_run(folders[s], db, 2)
            peaks[s].append(r["peak_tree_rss"] / mib)
            rusage[s].append((r["rusage_self"] + 2 * r["rusage_children"]) / mib)
            secs[s].append(r["seconds"])
            log(
                f"  rep {k + 1}: {s} documents: peak {peaks[s][-1]:.0f} MiB (tree sum), "
                f"{r['seconds']:.1f}s, outcomes {r['outcomes']}"
            )
    small, big = sizes
    for s in sizes:
        res.add(
            Metric(
                f"memory.load_{s}.peak_rss_mib",
                "memory",
                "MiB",
                peaks[s],
                target=1024.0 if s == big else None,
                op="<=" if s == big else None,
                extra={
                    "documents": s,
                    "seconds": secs[s],
                    "rusage_self_plus_2_children_mib": rusage[s],
                },
                note="summed RSS of the load process and its 2 workers, sampled every 20 ms",
            )
        )
    res.add(
        Metric(
            f"memory.growth_{small}_to_{big}",
            "memory",
            "x",
            ratio_samples(peaks[big], peaks[small]),
            target=1.25,
            op="<=",
            note=f"peak at {big} / peak at {small} documents; flat = at most 1.25",
        )
    )
