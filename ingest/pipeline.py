"""Path -> ExtractedReport, one file or a batch over a process pool (evaluation: ingest.evaluation).

`extract_file` never raises for bad input: expected failures (ReportsError) become status "error"
with the exception's Vietnamese `user_message`; anything unexpected becomes status "error" with a
generic message and its traceback in the log. One log line per file outcome on logger "ingest".
Files are read in worker processes under OS limits (ingest.workers): a file that makes its reader
go over one is an error of its own (ResourceLimit), never the end of the caller's process.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ingest.classify import classify
from ingest.document import Document
from ingest.errors import ReportsError, WorkerCrashed
from ingest.evidence import place_quotes
from ingest.fields import extract_report
from ingest.readers import Limits, read
from ingest.readers.base import set_cpu_budget
from ingest.readers.formats import ACCEPTED_SUFFIXES, SUFFIXES
from ingest.record import REQUIRED_FIELDS, REVIEW_CONFIDENCE, ExtractedReport
from ingest.registry import Registry
from ingest.workers import (
    in_worker,
    limit_error,
    limit_workers,
    no_main_rerun,
    run_in_worker,
    worker_context,
)

log = logging.getLogger("ingest")

GENERIC_ERROR = (
    "Lỗi không mong đợi khi xử lý tệp. Tệp đã được ghi nhận; vui lòng báo quản trị viên kiểm tra."
)
CRASH_ERROR = WorkerCrashed.user_message
NOT_FOUND_ERROR = "Không tìm thấy hoặc không mở được tệp (kiểm tra đường dẫn và quyền đọc)."
# Extensions picked up when walking folders (single files are read by content whatever their name).
EXTENSIONS = frozenset(SUFFIXES)
# Folders are walked for these and archives; the CLI opens ZIP archives (ingest.archive.unpack).
WALKED_SUFFIXES = frozenset(ACCEPTED_SUFFIXES)


def printable(text: object) -> str:
    """Return text fit for one log or terminal line: control characters (newline, ESC) escaped.

    File names come from outside: "a\\nWARNING ..." must not forge a log line.
    """
    s = str(text)
    return s if s.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)


def silence_stdout() -> None:
    """Point standard output at /dev/null: its reader went away or its disk is full, and what is
    still buffered must not fail again (with a traceback) when the interpreter exits."""
    with contextlib.suppress(OSError, ValueError):  # no file descriptor (a test's capture)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """Return the hex SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def review_reasons(rep: ExtractedReport, registry: Registry | None) -> list[str]:
    """Return why a report needs a person's review (English, for the log); empty when it is ok."""
    reasons = [f"missing {n}" for n in REQUIRED_FIELDS if rep.value(n) is None]
    reasons += [
        f"low confidence {n} ({fv.confidence:.2f})"
        for n, fv in rep.fields.items()
        if fv.confidence < REVIEW_CONFIDENCE
    ]
    am = rep.agency_match
    if registry is not None and rep.value("agency") is not None:
        if am is None or am.registry_id is None:
            reasons.append("agency not in registry")
        elif not am.confident:
            reasons.append(f"agency match not confident ({am.reason}, {am.score:.2f})")
    return reasons


def extract_file(
    path: str | Path,
    *,
    registry: Registry | None = None,
    limits: Limits | None = None,
    force_report: bool = False,
) -> ExtractedReport:
    """Read, classify and extract one file; never raises for bad input.

    The file is read in a worker process under ``limits`` (default: ``Limits.from_env()``),
    unless this process is such a worker already.
    ``force_report``: a reviewer overruled the classifier ("Đây là báo cáo — đọc lại"): the file
    is extracted as a report whatever it looks like, and needs review.
    """
    t0 = time.monotonic()
    limits = Limits.from_env() if limits is None else limits
    rep = ExtractedReport(file=str(path))
    try:
        rep.sha256 = sha256_file(path)
        # In a worker already (a batch's pool) the file is read here, else in a worker.
        if in_worker():
            doc = read(path, limits)
        else:
            with tempfile.TemporaryDirectory(prefix="read-", ignore_cleanup_errors=True) as scratch:
                doc = run_in_worker(_read_in_scratch, path, limits, scratch, under=limits)
        rep.format, rep.pages, rep.warnings = doc.format, doc.pages, list(doc.warnings)
        doc_type, conf, reason = classify(doc)
        if force_report and doc_type != "report":
            reason = f"read as a report by a reviewer (classifier: {doc_type}, {reason})"
            doc_type, conf = "report", 0.0
        rep.doc_type = doc_type
        if doc_type != "report":
            rep.status = "not_a_report"
            log.info("%s: not_a_report (%s, %.2f: %s)", printable(path), doc_type, conf, reason)
        else:
            rep.fields, rep.agency_match = extract_report(doc, registry)
            place_quotes(doc, rep.fields)
            reasons = review_reasons(rep, registry)
            rep.status = "needs_review" if reasons or conf < REVIEW_CONFIDENCE else "ok"
            if conf < REVIEW_CONFIDENCE:
                reasons.append(f"classification {conf:.2f}: {reason}")
            rep.warnings.extend(reasons)
            log.info(
                "%s: %s%s",
                printable(path),
                rep.status,
                f" ({'; '.join(reasons)})" if reasons else "",
            )
    except ReportsError as e:
        rep = failed(path, e, sha256=rep.sha256)
    except (OSError, MemoryError, ImportError) as e:
        # Over the memory or file-size limit of a batch's pool worker (reading and extracting).
        over = limit_error(e, str(path), limits)
        if over is not None:
            rep = failed(path, over, sha256=rep.sha256)
        else:
            rep.status, rep.error, rep.error_detail = (
                "error",
                NOT_FOUND_ERROR if isinstance(e, OSError) else GENERIC_ERROR,
                f"{type(e).__name__}: {e}",
            )
            rep.fields = {}
            log.warning("%s: error (%s)", printable(path), printable(rep.error_detail))
    except Exception as e:  # a bug must not stop a batch: record it and log the traceback
        rep.status, rep.error = "error", GENERIC_ERROR
        rep.error_detail = f"unexpected {type(e).__name__}: {e}"
        rep.fields = {}
        log.error("%s: error (unexpected)\n%s", printable(path), traceback.format_exc())
    rep.seconds = round(time.monotonic() - t0, 3)
    return rep


def failed(path: str | Path, e: ReportsError, *, sha256: str | None = None) -> ExtractedReport:
    """Return the "error" result of a file refused for an expected reason, and log it."""
    log.warning("%s: error (%s: %s)", printable(path), type(e).__name__, printable(e.detail))
    return ExtractedReport(
        file=str(path), sha256=sha256, status="error", error=e.user_message, error_detail=e.detail
    )


class _Progress:
    """A one-line progress bar on stderr (a line per 10 % when stderr is not a terminal)."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.enabled = total, 0, enabled and total > 0
        self.tty = sys.stderr.isatty()
        self.t0 = time.monotonic()
        self._last_decile = -1

    def step(self, name: str) -> None:
        if not self.enabled:
            return
        self.done += 1
        frac = self.done / self.total
        bar = "#" * int(frac * 30)
        line = f"[{bar:<30}] {self.done}/{self.total} {time.monotonic() - self.t0:.0f}s"
        if self.tty:
            sys.stderr.write(f"\r{line} {Path(name).name[:40]:<40}")
            if self.done == self.total:
                sys.stderr.write("\n")
        elif int(frac * 10) > self._last_decile:
            self._last_decile = int(frac * 10)
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _isolated(
    path: str, registry: Registry | None, limits: Limits, scratch: str
) -> ExtractedReport:
    """Read and extract one file in a worker of its own, so a crash is pinned on that file."""
    try:
        return run_in_worker(_extract_in_scratch, path, registry, limits, scratch, under=limits)
    except ReportsError as e:  # the worker went over a limit or died
        return failed(path, e)


def _extract_in_scratch(
    path: str, registry: Registry | None, limits: Limits, scratch: str
) -> ExtractedReport:
    """Extract in a worker whose temporary files go into ``scratch`` (see ``_in_scratch``)."""
    with _in_scratch(scratch):
        return extract_file(path, registry=registry, limits=limits)


def _read_in_scratch(path: str | Path, limits: Limits, scratch: str) -> Document:
    with _in_scratch(scratch):
        return read(path, limits)


@contextlib.contextmanager
def _in_scratch(scratch: str) -> Iterator[None]:
    """Put a worker's temporary folders (a staged copy of the file, a LibreOffice profile) into
    ``scratch``, which the parent removes: a worker killed mid-read cannot clean up after itself."""
    before, tempfile.tempdir = tempfile.tempdir, scratch
    try:
        yield
    finally:
        tempfile.tempdir = before


_worker_registry: Registry | None = None
_worker_limits = Limits()


def _start_worker(registry: Registry | None, limits: Limits, scratch: str) -> None:
    global _worker_registry, _worker_limits
    _worker_registry, _worker_limits = registry, limits
    limit_workers(limits)
    # A pool worker's temporary folders go into the batch's scratch folder (see _in_scratch).
    tempfile.tempdir = scratch


def _extract_in_worker(paths: list[str]) -> list[ExtractedReport]:
    out = []
    for p in paths:
        set_cpu_budget(_worker_limits.worker_cpu_s)
        out.append(extract_file(p, registry=_worker_registry, limits=_worker_limits))
    return out


def extract_many(
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    registry: Registry | None = None,
    progress: bool = True,
) -> Iterator[ExtractedReport]:
    """Yield one ExtractedReport per path, in input order, extracting over a process pool.

    workers=None uses every core; workers=1 extracts in this process, reading each file in a
    limited worker (``extract_file``). Results stream out as they are ready (only a small window
    of files is in flight). Pool workers run under the same OS limits (``Limits.from_env()``);
    one that dies (killed, over a limit) becomes an "error" result for its file; the batch goes
    on, and what it left in its temporary folder is removed with the batch's scratch folder.
    """
    items = [str(p) for p in paths]
    bar = _Progress(len(items), progress)
    limits = Limits.from_env()
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(items) <= 1:
        for p in items:
            rep = extract_file(p, registry=registry, limits=limits)
            bar.step(p)
            yield rep
        return
    # Files travel in small groups: one round trip to a worker costs about as much as reading a
    # short report, and groups stay small enough to keep every worker busy to the end.
    group = max(1, min(4, len(items) // (workers * 8)))
    todo = deque(items[i : i + group] for i in range(0, len(items), group))
    window = workers * 2

    scratch_dir = tempfile.TemporaryDirectory(prefix="extract-", ignore_cleanup_errors=True)
    scratch = scratch_dir.name

    def new_pool() -> ProcessPoolExecutor:
        # The registry goes to each worker once, not with every file (17 KB pickled a task).
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=worker_context(),
            initializer=_start_worker,
            initargs=(registry, limits, scratch),
        )

    pool = new_pool()
    pending: deque[tuple[list[str], Future[list[ExtractedReport]]]] = deque()

    def fill() -> None:
        with no_main_rerun():  # the pool starts its workers as tasks are submitted
            while todo and len(pending) < window:
                chunk = todo.popleft()
                pending.append((chunk, pool.submit(_extract_in_worker, chunk)))

    try:
        fill()
        while pending:
            chunk, fut = pending.popleft()
            try:
                reps = fut.result()
            except BrokenProcessPool:
                # The pool is dead and every file in flight with it: redo them one by one, in
                # isolation, so only the file that kills its worker gets the error.
                pool.shutdown(wait=False, cancel_futures=True)
                redo = chunk + [p for c, _ in pending for p in c]
                pending.clear()
                for p in redo:
                    rep = _isolated(p, registry, limits, scratch)
                    bar.step(p)
                    yield rep
                pool = new_pool()
                fill()
                continue
            for path, rep in zip(chunk, reps, strict=True):
                bar.step(path)
                yield rep
            fill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        scratch_dir.cleanup()


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders (recursively, known extensions only); keep explicit files as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(
                    x
                    for x in p.rglob("*")
                    if x.is_file()
                    and x.suffix.lower() in WALKED_SUFFIXES
                    and not x.name.startswith(".")
                )
            )
        else:
            out.append(p)
    return out
