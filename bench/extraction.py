"""Born-digital extraction against the text-reading floor, and OCR against plain Tesseract."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from lxml import etree

from bench.common import Metric, Results, log, ratio_samples, timed, work
from bench.corpus import Corpus, replicate
from ingest.pipeline import extract_many
from ingest.registry import Registry

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def floor_text(path: Path) -> tuple[str, int]:
    """Read a file's text with the readers' own libraries and nothing else; return (text, pages).

    DOCX: zipfile + lxml over word/document.xml, the w:t elements. PDF: PDFium's text page of
    every page. This is the least any reader has to do.
    """
    if path.suffix.lower() == ".docx":
        with zipfile.ZipFile(path) as zf:
            root = etree.fromstring(zf.read("word/document.xml"))
        return "".join(t.text or "" for t in root.iter(W_T)), 0
    pdf = pdfium.PdfDocument(str(path))
    try:
        parts = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "".join(parts), len(pdf)
    finally:
        pdf.close()


def card_libraries_text(path: Path) -> str:
    """Read a file's text the plain way with the product card's libraries (informational).

    DOCX: python-docx paragraphs and table cells. PDF: pdfplumber's extract_text per page.
    """
    if path.suffix.lower() == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join(parts)
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _cpu_seconds() -> float:
    """Return user+system CPU seconds of this process and its waited-for descendants."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


@dataclass
class Run:
    """One timed extract_many call."""

    wall: float
    cpu: float
    pages: int
    reports: int
    load: float  # 1-minute load average after the run


def _run_extract(paths: list[Path], workers: int, registry: Registry) -> Run:
    """Extract every path with extract_many; return wall and CPU time, pages and reports."""
    c0, t0 = _cpu_seconds(), time.perf_counter()
    reps = list(extract_many(paths, workers=workers, registry=registry, progress=False))
    dt, cpu = time.perf_counter() - t0, _cpu_seconds() - c0
    bad = [r for r in reps if r.status == "error"]
    if bad:
        raise RuntimeError(f"extraction failed on {bad[0].file}: {bad[0].error_detail}")
    return Run(
        dt,
        cpu,
        sum(r.pages for r in reps),
        sum(r.doc_type == "report" for r in reps),
        os.getloadavg()[0],
    )


def _parallel_metrics(res: Results, prefix: str, group: str, runs: dict[int, list[Run]]) -> None:
    """Add the speed-up, the cores each run got, and the speed-up idle cores would give."""
    wall = {w: [r.wall for r in rs] for w, rs in runs.items()}
    res.add(
        Metric(
            f"{prefix}.speedup_1_to_2_workers",
            group,
            "x",
            ratio_samples(wall[1], wall[2]),
            target=1.7,
            op=">=",
            extra={"load_average_1min": [round(r.load, 2) for r in runs[2]]},
            note="wall time with 1 worker / with 2 workers, same files, same repetition",
        )
    )
    for w, rs in runs.items():
        res.add(
            Metric(
                f"{prefix}.workers{w}.cores_used",
                group,
                "cores",
                [r.cpu / r.wall for r in rs],
                note="CPU seconds (process + workers) / wall seconds; 2.0 = both cores",
            )
        )
    res.add(
        Metric(
            f"{prefix}.projected_speedup_on_idle_cores",
            group,
            "x",
            [2 * a.cpu / b.cpu for a, b in zip(runs[1], runs[2], strict=True)],
            note="2 x CPU(1 worker) / CPU(2 workers): the speed-up if both cores were "
            "free (estimate; the machine is shared)",
        )
    )


def bench_extraction(
    res: Results, corpus: Corpus, registry: Registry, *, n: int, reps: int
) -> None:
    """Measure pages/s and reports/s with 1 and 2 workers, and the floor, side by side."""
    files = replicate(corpus.born_digital, n, work() / "extract", distinct=False)
    log(
        f"extraction: {len(files)} born-digital documents ({len(corpus.docx)} DOCX and "
        f"{len(corpus.pdf)} PDF originals), {reps} repetitions"
    )
    # Warm-up: imports, page cache, regex compilation.
    _run_extract(files[: min(20, len(files))], 1, registry)
    for p in files[:20]:
        floor_text(p)
    t_floor: list[float] = []
    runs: dict[int, list[Run]] = {1: [], 2: []}
    t_w: dict[int, list[float]] = {1: [], 2: []}
    pages = reports = 0
    for k in range(reps):
        dt, _ = timed(lambda: [floor_text(p) for p in files])
        t_floor.append(dt)
        for w in (1, 2):
            run = _run_extract(files, w, registry)
            runs[w].append(run)
            t_w[w].append(run.wall)
            pages, reports = run.pages, run.reports
        log(
            f"  rep {k + 1}: floor {t_floor[-1]:.2f}s, 1 worker {t_w[1][-1]:.2f}s, "
            f"2 workers {t_w[2][-1]:.2f}s ({pages} pages, {reports} reports)"
        )
    extra = {"documents": len(files), "pages": pages, "reports": reports}
    res.add(
        Metric(
            "extract.floor.pages_per_s",
            "extraction",
            "pages/s",
            [pages / t for t in t_floor],
            extra=extra,
            note="zipfile+lxml w:t text of DOCX, PDFium text page of PDF; 1 process",
        )
    )
    for w in (1, 2):
        res.add(
            Metric(
                f"extract.workers{w}.pages_per_s",
                "extraction",
                "pages/s",
                [pages / t for t in t_w[w]],
                target=100.0 if w == 2 else None,
                op=">=" if w == 2 else None,
                extra=extra,
                note=f"ingest.pipeline.extract_many, workers={w}",
            )
        )
        res.add(
            Metric(
                f"extract.workers{w}.reports_per_s",
                "extraction",
                "reports/s",
                [reports / t for t in t_w[w]],
                extra=extra,
            )
        )
    _parallel_metrics(res, "extract", "extraction", runs)
    res.add(
        Metric(
            "extract.workers1.time_vs_floor",
            "extraction",
            "x",
            ratio_samples(t_w[1], t_floor),
            note="extraction time with 1 worker / single-process floor time",
        )
    )
    res.add(
        Metric(
            "extract.workers2.time_vs_floor",
            "extraction",
            "x",
            ratio_samples(t_w[2], t_floor),
            target=1.5,
            op="<=",
            note="extraction time with 2 workers / single-process floor time",
        )
    )


def bench_stages(res: Results, corpus: Corpus, registry: Registry, *, rounds: int) -> None:
    """Split single-process extraction time into its stages (informational)."""
    from ingest.classify import classify
    from ingest.fields import extract
    from ingest.pipeline import extract_file
    from ingest.readers import Limits
    from ingest.readers import docx as rdocx
    from ingest.readers import pdf as rpdf
    from ingest.text import normalize_document

    files = corpus.born_digital
    limits = Limits()
    for p in files:
        extract_file(p, registry=registry)
        card_libraries_text(p)
    stages = {"read": 0.0, "normalize": 0.0, "classify": 0.0, "fields": 0.0}
    total = floor = card = 0.0
    pdf_read = pdf_pages = 0.0  # the PDF reader alone, CPU seconds and pages
    for _ in range(rounds):
        for p in files:
            # The whole extract_file, then its stages one by one, then the floor: same moment.
            tt = time.perf_counter()
            extract_file(p, registry=registry)
            total += time.perf_counter() - tt
            t0, c0 = time.perf_counter(), time.process_time()
            doc = rdocx.read_docx(p, limits) if p.suffix == ".docx" else rpdf.read_pdf(p, limits)
            t1 = time.perf_counter()
            if p.suffix == ".pdf":
                pdf_read += time.process_time() - c0
                pdf_pages += doc.pages
            doc = normalize_document(doc)
            t2 = time.perf_counter()
            kind = classify(doc)[0]
            t3 = time.perf_counter()
            if kind == "report":
                extract(doc, registry)
            t4 = time.perf_counter()
            stages["read"] += t1 - t0
            stages["normalize"] += t2 - t1
            stages["classify"] += t3 - t2
            stages["fields"] += t4 - t3
            floor_text(p)
            t5 = time.perf_counter()
            floor += t5 - t4
            card_libraries_text(p)
            card += time.perf_counter() - t5
    n = rounds * len(files)
    for name, secs in stages.items():
        res.add(
            Metric(
                f"extract.stage.{name}_ms_per_doc",
                "extraction stages",
                "ms/doc",
                [1000 * secs / n],
                note=f"share of extract_file: {secs / total:.0%}",
            )
        )
    if pdf_pages:
        res.add(
            Metric(
                "extract.reader.pdf_pages_per_s",
                "extraction stages",
                "pages/s",
                [pdf_pages / max(pdf_read, 1e-9)],
                target=20.0,
                op=">=",
                note="born-digital PDF reader alone (read_pdf), CPU time, 1 process",
            )
        )
    other = max(total - sum(stages.values()), 0.0)
    res.add(
        Metric(
            "extract.stage.other_ms_per_doc",
            "extraction stages",
            "ms/doc",
            [1000 * other / n],
            note="detect_format, PDF bomb check, sha256, review check, logging: "
            f"{other / total:.0%}",
        )
    )
    res.add(
        Metric("extract.stage.floor_ms_per_doc", "extraction stages", "ms/doc", [1000 * floor / n])
    )
    res.add(
        Metric(
            "extract.stage.card_libraries_ms_per_doc",
            "extraction stages",
            "ms/doc",
            [1000 * card / n],
            note="plain text with pdfplumber (extract_text) and python-docx (paragraphs, cells)",
        )
    )
    res.add(
        Metric(
            "extract.stage.time_vs_card_libraries",
            "extraction stages",
            "x",
            [total / card],
            note="whole extract_file / plain text reading with pdfplumber and python-docx, "
            "1 process, same loop (informational: the target uses the floor above)",
        )
    )


# ------------------------------------------------------------------------------ OCR


def _render_pages(scans: list[Path], dest: Path) -> list[Path]:
    """Render every scanned page as the OCR reader does (300 dpi, grayscale) into PGM files."""
    from ingest.readers.ocr import render_page

    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for s in scans:
        pdf = pdfium.PdfDocument(str(s))
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                image, _dpi = render_page(page)
                page.close()
                target = dest / f"{s.stem}_{i + 1}.pgm"
                image.save(target)
                out.append(target)
        finally:
            pdf.close()
    return out


def _tesseract_floor(pages: list[Path]) -> float:
    """OCR every page with a plain ``tesseract`` call, one after another; return seconds."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise RuntimeError("tesseract is not installed")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    t0 = time.perf_counter()
    for p in pages:
        subprocess.run(
            [exe, str(p), "stdout", "-l", "vie", "--psm", "3", "--dpi", "300", "tsv"],
            env=env,
            capture_output=True,
            check=True,
        )
    return time.perf_counter() - t0


def _page_vs_tesseract(pages: list[Path], reps: int) -> tuple[list[float], list[float]]:
    """Time our OCR of each page image against a plain ``tesseract`` call on the same image.

    Side by side, page by page (the machine's load hits both alike): the plain call on the PGM
    file, then ``ocr_image`` on the decoded image (deskew check, Tesseract through its pipe, TSV
    to lines, ruling lines). Rendering is not counted: both read the same pre-rendered image.
    Returns per-page seconds (ours, plain), every repetition.
    """
    from PIL import Image

    from ingest.readers.base import Limits
    from ingest.readers.ocr import DPI, _Budget, find_tesseract, ocr_image

    exe = find_tesseract()
    if exe is None:
        raise RuntimeError("tesseract is not installed")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    ours: list[float] = []
    plain: list[float] = []
    for _ in range(reps):
        for k, p in enumerate(pages):
            t0 = time.perf_counter()
            subprocess.run(
                [exe, str(p), "stdout", "-l", "vie", "--psm", "3", "--dpi", str(DPI), "tsv"],
                env=env,
                capture_output=True,
                check=True,
            )
            t1 = time.perf_counter()
            with Image.open(p) as img:
                image = img.convert("L")
            ocr_image(exe, image, DPI, _Budget(Limits(), p), path=p, page=k + 1)
            t2 = time.perf_counter()
            plain.append(t1 - t0)
            ours.append(t2 - t1)
    return ours, plain


def bench_ocr(res: Results, corpus: Corpus, registry: Registry, *, copies: int, reps: int) -> None:
    """Measure OCR pages/s with 1 and 2 workers against single-process Tesseract."""
    if not corpus.scans:
        log("OCR: no scanned PDF in the samples; skipped")
        return
    files = replicate(corpus.scans, copies * len(corpus.scans), work() / "ocr", distinct=False)
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        pages = _render_pages(corpus.scans, Path(tmp))
        log(
            f"OCR: {len(corpus.scans)} scans ({len(pages)} pages) x {copies} copies, "
            f"{reps} repetitions"
        )
        t_floor: list[float] = []
        runs: dict[int, list[Run]] = {1: [], 2: []}
        t_w: dict[int, list[float]] = {1: [], 2: []}
        n_pages = 0
        for k in range(reps):
            t_floor.append(_tesseract_floor(pages) * copies)
            for w in (1, 2):
                run = _run_extract(files, w, registry)
                runs[w].append(run)
                t_w[w].append(run.wall)
                n_pages = run.pages
            log(
                f"  rep {k + 1}: tesseract {t_floor[-1]:.1f}s, 1 worker {t_w[1][-1]:.1f}s, "
                f"2 workers {t_w[2][-1]:.1f}s ({n_pages} pages)"
            )
        page_ours, page_plain = _page_vs_tesseract(pages, reps)
    if n_pages != len(pages) * copies:
        log(f"  warning: pipeline counted {n_pages} pages, rendered {len(pages) * copies}")
    extra = {"files": len(files), "pages": n_pages}
    res.add(
        Metric(
            "ocr.tesseract.pages_per_s",
            "OCR",
            "pages/s",
            [n_pages / t for t in t_floor],
            extra=extra,
            note="plain `tesseract page.pgm stdout -l vie tsv` per pre-rendered page, 1 process",
        )
    )
    for w in (1, 2):
        res.add(
            Metric(
                f"ocr.workers{w}.pages_per_s",
                "OCR",
                "pages/s",
                [n_pages / t for t in t_w[w]],
                extra=extra,
                note=f"extract_many on the scans, workers={w} (render + OCR + fields)",
            )
        )
    _parallel_metrics(res, "ocr", "OCR", runs)
    res.add(
        Metric(
            "ocr.workers1.time_vs_tesseract",
            "OCR",
            "x",
            ratio_samples(t_w[1], t_floor),
            note="pipeline with 1 worker / plain single-process Tesseract",
        )
    )
    res.add(Metric("ocr.workers2.time_vs_tesseract", "OCR", "x", ratio_samples(t_w[2], t_floor)))
    res.add(
        Metric(
            "ocr.page.time_vs_tesseract",
            "OCR",
            "x",
            ratio_samples(page_ours, page_plain),
            target=1.1,
            op="<=",
            extra={"pages": len(pages), "reps": reps},
            note="ocr_image on a pre-rendered page / plain `tesseract page.pgm stdout -l vie tsv` "
            "on the same page, side by side, median of the per-page ratios",
        )
    )
