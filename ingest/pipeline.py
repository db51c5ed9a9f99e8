"""Path -> ExtractedReport, one file or a batch over a process pool (evaluation: ingest.evaluation).

`extract_file` never raises for bad input: expected failures (ReportsError) become status "error"
with the exception's Vietnamese `user_message`; anything unexpected becomes status "error" with a
generic message and its traceback in the log. One log line per file outcome on logger "ingest".
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ingest.classify import classify
from ingest.errors import ReportsError
from ingest.fields import extract_report
from ingest.readers import Limits, read
from ingest.readers.formats import ACCEPTED_SUFFIXES, SUFFIXES
from ingest.record import REQUIRED_FIELDS, ExtractedReport
from ingest.registry import Registry

log = logging.getLogger("ingest")

# Below this confidence a value must be checked by a person.
REVIEW_CONFIDENCE = 0.6
GENERIC_ERROR = (
    "Lỗi không mong đợi khi xử lý tệp. Tệp đã được ghi nhận; vui lòng báo quản trị viên kiểm tra."
)
CRASH_ERROR = (
    "Tiến trình đọc tệp bị dừng đột ngột (có thể do tệp quá nặng hoặc hỏng). "
    "Vui lòng thử lại hoặc đề nghị đơn vị gửi bản khác."
)
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

    ``force_report``: a reviewer overruled the classifier ("Đây là báo cáo — đọc lại"): the file
    is extracted as a report whatever it looks like, and needs review.
    """
    t0 = time.monotonic()
    rep = ExtractedReport(file=str(path))
    try:
        rep.sha256 = sha256_file(path)
        doc = read(path, limits) if limits is not None else read(path)
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
    except OSError as e:
        rep.status, rep.error, rep.error_detail = (
            "error",
            NOT_FOUND_ERROR,
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


def _crash_result(path: str | Path, detail: str) -> ExtractedReport:
    log.error("%s: error (%s)", printable(path), printable(detail))
    return ExtractedReport(file=str(path), status="error", error=CRASH_ERROR, error_detail=detail)


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


def _isolated(path: str, registry: Registry | None) -> ExtractedReport:
    """Run one file in a fresh single-worker pool, so a crash is pinned on that file."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(extract_file, path, registry=registry).result()
        except BrokenProcessPool as e:
            return _crash_result(path, f"worker process died: {e}")


_worker_registry: Registry | None = None


def _set_worker_registry(registry: Registry | None) -> None:
    global _worker_registry
    _worker_registry = registry


def _extract_in_worker(paths: list[str]) -> list[ExtractedReport]:
    return [extract_file(p, registry=_worker_registry) for p in paths]


def extract_many(
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    registry: Registry | None = None,
    progress: bool = True,
) -> Iterator[ExtractedReport]:
    """Yield one ExtractedReport per path, in input order, extracting over a process pool.

    workers=None uses every core; workers=1 runs in this process. Results stream out as they are
    ready (only a small window of files is in flight). A worker that dies (killed, out of memory)
    becomes an "error" result for its file; the batch goes on.
    """
    items = [str(p) for p in paths]
    bar = _Progress(len(items), progress)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(items) <= 1:
        for p in items:
            rep = extract_file(p, registry=registry)
            bar.step(p)
            yield rep
        return
    # Files travel in small groups: one round trip to a worker costs about as much as reading a
    # short report, and groups stay small enough to keep every worker busy to the end.
    group = max(1, min(4, len(items) // (workers * 8)))
    todo = deque(items[i : i + group] for i in range(0, len(items), group))
    window = workers * 2

    def new_pool() -> ProcessPoolExecutor:
        # The registry goes to each worker once, not with every file (17 KB pickled a task).
        return ProcessPoolExecutor(
            max_workers=workers, initializer=_set_worker_registry, initargs=(registry,)
        )

    pool = new_pool()
    pending: deque[tuple[list[str], Future[list[ExtractedReport]]]] = deque()

    def fill() -> None:
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
                    rep = _isolated(p, registry)
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
