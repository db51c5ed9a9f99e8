"""Evidence on the page: how long a reviewer waits for the highlighted original page.

A small warehouse holds a Word-exported PDF and a DOCX of the samples; for each, the time from
choosing the report to its most doubtful field's page picture (``warehouse.evidence``), first
(page rendered: PDFium for the PDF, LibreOffice then PDFium for the DOCX) and cached (another
field of the same page), median of several rounds, memory caches cleared before each first
call. The DOCX's first call pays LibreOffice once per file (its PDF is kept in ``rendered/``):
that first-ever rendering is measured apart, without a target.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bench.common import ROOT, Metric, Results, log

SAMPLES = ROOT / "samples"
FILES = {
    "pdf": SAMPLES / "reports" / "2020" / "so-giao-thong-van-tai-2020.pdf",
    "docx": SAMPLES / "reports" / "2020" / "thanh-tra-ha-nam-2020.docx",
}
# Seconds from choosing a report to its page picture (issue 6/7).
TARGET_S = 1.0


def _build(folder: Path) -> dict[str, tuple[str, list[str]]]:
    """Load the files into a fresh warehouse; return kind -> (report id, fields with quotes,
    most doubtful first)."""
    from warehouse import load, queries
    from warehouse.registry import import_csv

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = folder / "warehouse.duckdb"
    import_csv(SAMPLES / "agencies.csv", db=db, user="bench")
    out: dict[str, tuple[str, list[str]]] = {}
    for kind, path in FILES.items():
        [result] = load.load_paths([path], db=db, user="bench", workers=1)
        fields = queries.report_fields(report_id=result.report_id, db=db)
        fields = fields[fields["quote"].notna()].sort_values("confidence")
        out[kind] = (result.report_id, list(fields["field"]))
    return out


def bench_evidence(res: Results, work: Path, *, reps: int) -> None:
    """Time the evidence page picture of a PDF and a DOCX report, first and cached."""
    from warehouse.evidence import clear_cache, evidence_page, rendered_dir

    folder = work / "evidence"
    reports = _build(folder)
    db = folder / "warehouse.duckdb"
    for kind, (report_id, fields) in reports.items():
        if len(fields) < 2:
            log(f"evidence {kind}: fewer than two quoted fields; skipped")
            continue
        if kind == "docx":
            shutil.rmtree(rendered_dir(db), ignore_errors=True)
            clear_cache()
            t0 = time.perf_counter()
            picture = evidence_page(report_id=report_id, field=fields[0], db=db)
            dt = time.perf_counter() - t0
            res.add(
                Metric(
                    "evidence page docx first-ever (LibreOffice)",
                    "evidence",
                    "s",
                    [dt],
                    note=picture.reason or "rendered to PDF once per file, kept in rendered/",
                )
            )
        first, cached = [], []
        for _ in range(reps):
            clear_cache()
            t0 = time.perf_counter()
            evidence_page(report_id=report_id, field=fields[0], db=db)
            first.append(time.perf_counter() - t0)
            for name in fields[1:4]:
                t0 = time.perf_counter()
                evidence_page(report_id=report_id, field=name, db=db)
                cached.append(time.perf_counter() - t0)
        res.add(
            Metric(
                f"evidence page {kind} first",
                "evidence",
                "s",
                first,
                target=TARGET_S,
                op="<=",
                note="choosing a report: its most doubtful field's page rendered and highlighted",
            )
        )
        res.add(
            Metric(
                f"evidence page {kind} cached",
                "evidence",
                "s",
                cached,
                target=TARGET_S,
                op="<=",
                note="another field of the report: page kept in memory, only the box drawn",
            )
        )
