"""Run the benchmark: ``python -m bench [--quick] [--only NAME ...] [--out DIR] [--work DIR]``.

Sections (``--only`` takes any of them, comma-separated or repeated): extraction, stages, ocr,
load, memory, queries, pages, national, fidelity (our readers and viparse on real files of
state bodies against independent readings, ``bench/fidelity.py``), evidence (the highlighted
original page of a report's value, first and cached, ``bench/evidence.py``), sessions (20
WebSocket sessions rendering Tổng quan at once on the real server, ``bench/sessions.py``).
Without --only
everything runs. The national section (the 2026 season at one province and at the national
registry) exits 1 when a page's call takes more than 3x its one-province time. ``--quick`` uses
tiny sizes (for the smoke test); the full run takes about 10-15 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from bench import common
from bench.common import ROOT, Results, log

SECTIONS = (
    "extraction",
    "stages",
    "ocr",
    "load",
    "memory",
    "queries",
    "pages",
    "national",
    "fidelity",
    "evidence",
    "sessions",
)

FULL = {
    "extract_documents": 300,
    "extract_reps": 5,
    "stage_rounds": 3,
    "ocr_copies": 2,
    "ocr_reps": 2,
    "load_documents": 100,
    "load_reps": 3,
    "memory_sizes": (250, 1000),
    "memory_reps": 1,
    "warehouse_reports": (100, 100_000),
    "warehouse_years": ((2025,), tuple(range(2016, 2026))),
    "warehouse_labels": ("100", "100k"),
    "query_reps": 5,
    "page_reps": 3,
    "write_at_scale": 10,
    "national_reps": 5,
    "national_provinces": None,  # all 34
    "national_reports": None,  # the whole season2026 corpus
    "national_strict": True,  # a ratio over 3x fails the run
    "fidelity_files": None,  # every real file
    "evidence_reps": 5,
    "sessions_reports": 1000,
    "sessions_clients": 20,
    "sessions_rounds": 3,
}
QUICK = {
    "extract_documents": 12,
    "extract_reps": 1,
    "stage_rounds": 1,
    "ocr_copies": 1,
    "ocr_reps": 1,
    "ocr_max_scans": 1,
    "load_documents": 8,
    "load_reps": 1,
    "memory_sizes": (6, 12),
    "memory_reps": 1,
    "warehouse_reports": (100, 1_000),
    "warehouse_years": ((2025,), (2024, 2025)),
    "warehouse_labels": ("100", "1k"),
    "query_reps": 1,
    "page_reps": 1,
    "write_at_scale": 2,
    "national_reps": 1,
    "national_provinces": ("37", "04", "11"),  # Ninh Bình, Cao Bằng, Điện Biên
    "national_reports": 4,  # DOCX of the season
    "national_strict": False,  # one repetition on a busy machine decides nothing
    "fidelity_files": ("cv-du-thao-btttt.docx", "qd-15-2010-ubnd-ha-noi.doc"),
    "evidence_reps": 1,
    "sessions_reports": 100,
    "sessions_clients": 2,
    "sessions_rounds": 1,
}


def _parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    ap.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help=f"run only these sections: {', '.join(SECTIONS)}",
    )
    ap.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench",
        help="folder for results.json and RESULTS.md (default bench/)",
    )
    ap.add_argument(
        "--rebuild",
        action="store_true",
        help="only rewrite RESULTS.md from the results.json in --out",
    )
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default bench/out)")
    args = ap.parse_args(argv)
    only = [s.strip() for item in args.only for s in item.split(",") if s.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        ap.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    args.sections = only or list(SECTIONS)
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections, write the result files and print the table."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.rebuild:
        from bench import report

        print(report.rebuild(args.out).read_text(encoding="utf-8"))
        return 0
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("ingest").setLevel(logging.ERROR)
    logging.getLogger("warehouse").setLevel(logging.ERROR)
    if args.work:
        common.set_work(args.work.resolve())
    shutil.rmtree(common.work() / "db", ignore_errors=True)  # warehouses of earlier runs
    cfg = QUICK if args.quick else FULL
    t_start = time.perf_counter()
    res = Results()
    machine = common.machine()
    from bench import corpus as corpus_mod
    from ingest.registry import Registry

    corpus = corpus_mod.load_corpus()
    if args.quick:
        corpus.docx, corpus.pdf = corpus.docx[:3], corpus.pdf[:3]
        corpus.scans = sorted(corpus.scans, key=lambda p: p.stat().st_size)[: cfg["ocr_max_scans"]]
    registry = Registry.from_csv(corpus.agencies_csv)
    log(
        f"corpus {corpus.root}: {len(corpus.docx)} DOCX, {len(corpus.pdf)} text PDF, "
        f"{len(corpus.scans)} scanned PDF"
    )
    settings = {k: v for k, v in cfg.items() if k != "ocr_max_scans"}
    settings["corpus"] = (
        f"{len(corpus.docx)} DOCX + {len(corpus.pdf)} text-layer PDF + "
        f"{len(corpus.scans)} scanned PDF from {corpus.root.relative_to(ROOT)}"
    )
    settings["sections"] = ", ".join(args.sections)
    meta = {
        "mode": "quick" if args.quick else "full",
        "machine": machine,
        "settings": settings,
        "warehouses": {},
    }
    sections = set(args.sections)
    from bench import extraction, loading

    if "extraction" in sections:
        extraction.bench_extraction(
            res, corpus, registry, n=cfg["extract_documents"], reps=cfg["extract_reps"]
        )
    if "stages" in sections:
        extraction.bench_stages(res, corpus, registry, rounds=cfg["stage_rounds"])
    if "ocr" in sections:
        extraction.bench_ocr(res, corpus, registry, copies=cfg["ocr_copies"], reps=cfg["ocr_reps"])
    if "load" in sections:
        loading.bench_load(res, corpus, registry, n=cfg["load_documents"], reps=cfg["load_reps"])
    if "memory" in sections:
        loading.bench_memory(res, corpus, sizes=cfg["memory_sizes"], reps=cfg["memory_reps"])
    if sections & {"queries", "pages"}:
        from bench import dashboard, synth

        labels = cfg["warehouse_labels"]
        dbs = []
        for label, n, years in zip(
            labels, cfg["warehouse_reports"], cfg["warehouse_years"], strict=True
        ):
            db = common.work() / f"warehouse_{label}" / "warehouse.duckdb"
            t0 = time.perf_counter()
            counts = synth.build(db, synth.Spec(n, years), corpus.agencies_csv)
            counts["build_s"] = round(time.perf_counter() - t0, 1)
            meta["warehouses"][label] = counts
            dbs.append(db)
        small, large = dbs
        if "queries" in sections:
            # Same registry as the large warehouse, one year of reports: history alone.
            label = f"{labels[1]}-registry-1y"
            same = common.work() / f"warehouse_{label}" / "warehouse.duckdb"
            spec = synth.Spec(
                0,
                cfg["warehouse_years"][1][-1:],
                agencies=meta["warehouses"][labels[1]]["agencies"],
            )
            t0 = time.perf_counter()
            counts = synth.build(same, spec, corpus.agencies_csv)
            counts["build_s"] = round(time.perf_counter() - t0, 1)
            meta["warehouses"][label] = counts
            dashboard.bench_queries(
                res, small, large, reps=cfg["query_reps"], sizes=labels, same=(label, same)
            )
        if "pages" in sections:
            dashboard.bench_pages(res, small, large, reps=cfg["page_reps"], sizes=labels)
        if "load" in sections:
            records = loading.pre_extract(corpus, registry)
            dashboard.bench_write_at_scale(
                res, small, large, records, n=cfg["write_at_scale"], sizes=labels
            )
    failed: list[str] = []
    if "national" in sections:
        from bench import national

        n_reports = cfg["national_reports"]
        reports = None
        if n_reports is not None:
            reports = sorted((national.SEASON / "reports").rglob("*.docx"))[:n_reports]
        provinces = cfg["national_provinces"]
        built, failed = national.bench_national(
            res,
            common.work(),
            corpus.agencies_csv,
            reps=cfg["national_reps"],
            provinces=list(provinces) if provinces else None,
            reports=reports,
        )
        meta["warehouses"]["national"] = built
        if not cfg["national_strict"]:
            for line in failed:
                log(f"national registry (quick run, not judged): {line}")
            failed = []
    if "fidelity" in sections:
        from bench import fidelity
        from bench.real_reference import REAL

        names = cfg["fidelity_files"]
        files = [REAL / n for n in names] if names else None
        meta["fidelity"] = fidelity.bench_fidelity(res, files)
    if "evidence" in sections:
        from bench import evidence

        evidence.bench_evidence(res, common.work(), reps=cfg["evidence_reps"])
    if "sessions" in sections:
        from bench import sessions

        meta["warehouses"]["sessions"] = sessions.bench_sessions(
            res,
            common.work(),
            corpus.agencies_csv,
            reports=cfg["sessions_reports"],
            clients=cfg["sessions_clients"],
            rounds=cfg["sessions_rounds"],
        )
    meta["elapsed_s"] = round(time.perf_counter() - t_start, 1)
    from bench import report

    js, md = report.write(res, meta, args.out)
    print(md.read_text(encoding="utf-8"))
    log(f"wrote {js} and {md} in {meta['elapsed_s']:.0f} s")
    for line in failed:
        log(f"FAILED national registry: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
