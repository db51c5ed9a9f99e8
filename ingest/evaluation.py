"""Evaluation against truth JSON: per-field accuracy, document kinds, calibration, per batch.

A test set is a folder with ``reports/`` (the documents), ``truth/<file>.json`` (the expected
values, the CLI's JSON keys) and optionally ``agencies.csv`` (the registry they are matched
against). A folder of such sets (``tests/unseen/u01``, ``u02`` ...) is evaluated batch by batch,
each against its own registry, and every miss names its batch.

Calibration asks whether confidence can be trusted: a *silent error* is a wrong, non-empty value
whose confidence is at or above the review threshold (a reviewer sorting by confidence would not
look at it); a *correct report sent to review* is a report whose every scored value is right but
whose status is "needs_review" (review work that sorted nothing).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ingest import archive
from ingest.pipeline import REVIEW_CONFIDENCE, collect_files, extract_many
from ingest.record import FIELD_NAMES, SPECS, ExtractedReport
from ingest.registry import Registry
from ingest.text import fold

# Scored keys, in report order: the CLI JSON's fields (every field of the table) and its derived
# flag. A truth file without a key is not scored on it.
TRUTH_KEYS: tuple[str, ...] = (*FIELD_NAMES, "posts_per_month_derived")
RECOMMENDATION_RATIO = 85.0


def _norm(s: str) -> str:
    return " ".join(fold(s).split()).strip(" .;:,")


def _numbers(expected: float, got: float) -> bool:
    return abs(float(expected) - float(got)) < 1e-6


def _folded(expected: str, got: str) -> bool:
    return _norm(expected) == _norm(got)


def _set(expected: list, got: list) -> bool:
    return {_norm(str(x)) for x in expected} == {_norm(str(x)) for x in got}


def _items(expected: list, got: list) -> bool:
    """Pair each expected item with a distinct extracted one at a token-set ratio >= 85."""
    if len(expected) != len(got):
        return False
    left = [_norm(x) for x in got]
    for item in expected:
        e = _norm(item)
        best = max(left, key=lambda g: fuzz.token_set_ratio(e, g), default=None)
        if best is None or fuzz.token_set_ratio(e, best) < RECOMMENDATION_RATIO:
            return False
        left.remove(best)
    return True


# Each way of comparing (FieldSpec.compare): the type both values must have, and the test
# ("flag": booleans, compared by identity for every field in values_match).
_COMPARERS: dict[str, tuple[type | tuple[type, ...], Callable[[Any, Any], bool]]] = {
    "number": ((int, float), _numbers),
    "folded": (str, _folded),
    "set": (list, _set),
    "items": (list, _items),
}
# Values whose types do not fit their field's comparison are compared by type, in this order.
_BY_TYPE = ("number", "folded", "set")


def values_match(name: str, expected: Any, got: Any) -> bool:
    """Compare one field the way its spec says (``FieldSpec.compare``); None only equals None.

    Booleans are compared by identity whatever the field (True is not 1). Values of other types
    than their field's comparison takes are compared by their type (numbers equal, strings after
    fold, lists as sets), else with ``==``; names outside the field table likewise.
    """
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    spec = SPECS.get(name)
    for compare in ((spec.compare,) if spec else ()) + _BY_TYPE:
        if compare in _COMPARERS:
            types, test = _COMPARERS[compare]
            if isinstance(expected, types) and isinstance(got, types):
                return test(expected, got)
    return expected == got


# Lower bounds of the confidence bands the reliability table reports: below the review threshold,
# then the rules' usual levels.
CONFIDENCE_BANDS = (0.0, REVIEW_CONFIDENCE, 0.8, 0.9)


def confidence_band(confidence: float) -> float:
    """Return the lower bound of the band ``confidence`` falls in."""
    return max(b for b in CONFIDENCE_BANDS if b <= confidence + 1e-9)


@dataclass(frozen=True)
class Miss:
    """One wrong value: where (batch/file), which field, expected and got, and how sure we were.

    confidence: the extracted value's confidence (None when nothing was extracted or the key is
    not a field, e.g. doc_type or posts_per_month_derived).
    """

    rel: str
    name: str
    expected: Any
    got: Any
    confidence: float | None = None

    @property
    def silent(self) -> bool:
        """A wrong, non-empty value confident enough to skip review."""
        return (
            self.got not in (None, [])
            and self.confidence is not None
            and self.confidence >= REVIEW_CONFIDENCE
        )


@dataclass
class Evaluation:
    """Scores of a corpus: per-field accuracy over reports, doc types, calibration, every miss."""

    documents: int = 0
    doc_type_correct: int = 0
    non_reports: int = 0
    non_reports_recognised: int = 0
    reports_rejected: int = 0
    field_total: dict[str, int] = field(default_factory=dict)
    field_correct: dict[str, int] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    # Reports whose every scored value is right, and how many of those went to review.
    reports_all_right: int = 0
    all_right_sent_to_review: int = 0
    # batch name -> [values right, values scored]
    batches: dict[str, list[int]] = field(default_factory=dict)
    # Reliability: confidence band (its lower bound) -> [values right, values read], over the
    # scored values something was read for.
    bands: dict[float, list[int]] = field(default_factory=dict)

    def accuracy(self, name: str) -> float:
        total = self.field_total.get(name, 0)
        return self.field_correct.get(name, 0) / total if total else 1.0

    @property
    def values(self) -> int:
        return sum(self.field_total.values())

    @property
    def overall(self) -> float:
        return sum(self.field_correct.values()) / self.values if self.values else 1.0

    @property
    def doc_type_accuracy(self) -> float:
        return self.doc_type_correct / self.documents if self.documents else 1.0

    @property
    def non_report_recognition(self) -> float:
        return self.non_reports_recognised / self.non_reports if self.non_reports else 1.0

    @property
    def silent_errors(self) -> list[Miss]:
        return [m for m in self.misses if m.silent]

    @property
    def passed_without_review(self) -> float:
        """Share of the all-right reports that needed no review (1.0 when there are none)."""
        if not self.reports_all_right:
            return 1.0
        return 1 - self.all_right_sent_to_review / self.reports_all_right

    def add(
        self, rel: str, truth: dict[str, Any], rep: ExtractedReport, batch: str | None = None
    ) -> None:
        """Score one document's extraction against its truth (``batch`` names its test set)."""
        where = f"{batch}/{rel}" if batch else rel
        tally = self.batches.setdefault(batch or "", [0, 0])
        self.documents += 1
        self.seconds.append(rep.seconds)
        got = rep.to_json()
        expected_type = truth.get("doc_type")
        if got["doc_type"] == expected_type:
            self.doc_type_correct += 1
        else:
            self.misses.append(Miss(where, "doc_type", expected_type, got["doc_type"]))
        if expected_type != "report":
            self.non_reports += 1
            if got["doc_type"] not in ("report", None):
                self.non_reports_recognised += 1
            return
        if got["doc_type"] != "report":
            self.reports_rejected += 1
        all_right = got["doc_type"] == "report"
        for name in TRUTH_KEYS:
            if name not in truth:
                continue
            value = got.get(name)
            self.field_total[name] = self.field_total.get(name, 0) + 1
            tally[1] += 1
            right = values_match(name, truth[name], value)
            if (fv := rep.fields.get(name)) is not None and value is not None:
                band = self.bands.setdefault(confidence_band(fv.confidence), [0, 0])
                band[0] += right
                band[1] += 1
            if right:
                self.field_correct[name] = self.field_correct.get(name, 0) + 1
                tally[0] += 1
            else:
                all_right = False
                fv = rep.fields.get(name)
                conf = fv.confidence if fv is not None and value is not None else None
                self.misses.append(Miss(where, name, truth[name], value, conf))
        if all_right:
            self.reports_all_right += 1
            if rep.status == "needs_review":
                self.all_right_sent_to_review += 1

    def report(self) -> str:
        """Return a readable summary: per-field accuracy, doc types, calibration, every miss."""
        lines = [f"documents: {self.documents}"]
        lines.append(f"doc_type accuracy: {self.doc_type_accuracy:.3f}")
        lines.append(
            f"non-reports recognised: {self.non_reports_recognised}/{self.non_reports}"
            f" ({self.non_report_recognition:.3f}); reports rejected: {self.reports_rejected}"
        )
        lines.append(f"all fields: {self.overall:.3f} ({self.values} values)")
        named = {b: t for b, t in self.batches.items() if b}
        for batch, (right, total) in sorted(named.items()):
            share = right / total if total else 1.0
            lines.append(f"  batch {batch:<20} {share:.3f}  ({right}/{total})")
        for name in TRUTH_KEYS:
            if name in self.field_total:
                lines.append(
                    f"  {name:<24} {self.accuracy(name):.3f}"
                    f"  ({self.field_correct.get(name, 0)}/{self.field_total[name]})"
                )
        silent = self.silent_errors
        lines.append(
            f"silent errors (wrong, non-empty, confidence >= {REVIEW_CONFIDENCE}):"
            f" {len(silent)} of {self.values} values"
            f" ({len(silent) / self.values if self.values else 0:.3%})"
        )
        lines.append(
            f"reports all right: {self.reports_all_right};"
            f" of them sent to review: {self.all_right_sent_to_review}"
            f" (passed without review: {self.passed_without_review:.0%})"
        )
        lines.append("reliability (values read, by confidence): band  read  right")
        for low in sorted(self.bands, reverse=True):
            right, read = self.bands[low]
            high = min((b for b in CONFIDENCE_BANDS if b > low), default=None)
            span = f">= {low:.2f}" if high is None else f"{low:.2f}-{high:.2f}"
            lines.append(f"  {span:<10} {read:>5}  {right / read:.3f}")
        if self.seconds:
            s = sorted(self.seconds)
            lines.append(f"seconds per document: median {s[len(s) // 2]:.3f}, max {s[-1]:.3f}")
        lines.append(f"misses: {len(self.misses)}")
        for m in self.misses:
            conf = "" if m.confidence is None else f" | confidence {m.confidence:.2f}"
            mark = " | SILENT" if m.silent else ""
            lines.append(
                f"  {m.rel} | {m.name} | expected {json.dumps(m.expected, ensure_ascii=False)}"
                f" | got {json.dumps(m.got, ensure_ascii=False)}{conf}{mark}"
            )
        return "\n".join(lines)


def truth_pairs(root: str | Path) -> list[tuple[str, Path, Path]]:
    """Return (relative name, document, truth JSON) for every document under ROOT/reports."""
    root = Path(root)
    pairs = []
    for doc in collect_files([root / "reports"]):
        rel = doc.relative_to(root / "reports").as_posix()
        truth = root / "truth" / f"{rel}.json"
        if truth.exists():
            pairs.append((rel, doc, truth))
    return pairs


def is_test_set(root: str | Path) -> bool:
    """Return whether ROOT holds one test set (reports/ and truth/)."""
    return (Path(root) / "reports").is_dir() and (Path(root) / "truth").is_dir()


def batches_of(root: str | Path) -> list[Path]:
    """Return the test sets under ROOT: ROOT itself, or its sub-folders that are test sets."""
    root = Path(root)
    if is_test_set(root):
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and is_test_set(p))


def evaluate_dir(
    root: str | Path,
    *,
    registry: Registry | None = None,
    workers: int | None = None,
    progress: bool = False,
    results: dict[str, ExtractedReport] | None = None,
    into: Evaluation | None = None,
    batch: str | None = None,
) -> Evaluation:
    """Extract every document under ROOT/reports and score it against ROOT/truth/<rel>.json.

    ``results`` (rel -> ExtractedReport) reuses extractions already made, e.g. by a test fixture;
    ``into`` adds the scores to an evaluation of several batches, under the name ``batch``.
    """
    pairs = truth_pairs(root)
    ev = into if into is not None else Evaluation()
    if results is None:
        with tempfile.TemporaryDirectory(prefix="evaluate-") as tmp:
            docs = joined_pages(root, [d for _, d, _ in pairs], Path(tmp))
            reps = list(extract_many(docs, workers=workers, registry=registry, progress=progress))
        results = {rel: rep for (rel, _, _), rep in zip(pairs, reps, strict=True)}
    for rel, _, truth in pairs:
        ev.add(rel, json.loads(truth.read_text(encoding="utf-8")), results[rel], batch=batch)
    return ev


def joined_pages(root: str | Path, docs: list[Path], tmp: Path) -> list[Path]:
    """Return the documents to read: loose page photos of one report ("x-1.jpg", "x-2.jpg") are
    read as one document, as the CLI and the upload read them (``archive.page_sets``); its truth
    is named after the first page."""
    every = collect_files([Path(root) / "reports"])
    sets = archive.page_sets(
        [str(d) if archive.is_image(d.read_bytes()[:64]) else None for d in every]
    )
    first_of = {every[k]: [every[j] for j in pages] for k, pages in sets.items()}
    out = []
    for d in docs:
        if d in first_of:
            packed = tmp / f"{len(out):05d}-{d.name}.zip"
            packed.write_bytes(archive.pack_pages([(p.name, p.read_bytes()) for p in first_of[d]]))
            out.append(packed)
        else:
            out.append(d)
    return out


def evaluate_batches(
    root: str | Path,
    *,
    registry: Registry | None = None,
    workers: int | None = None,
    progress: bool = False,
) -> Evaluation:
    """Evaluate every test set under ROOT (see ``batches_of``), each against its own registry
    (its agencies.csv) unless ``registry`` is given; misses name their batch."""
    sets = batches_of(root)
    ev = Evaluation()
    for path in sets:
        evaluate_dir(
            path,
            registry=registry or default_registry(path),
            workers=workers,
            progress=progress,
            into=ev,
            batch=path.name if len(sets) > 1 else None,
        )
    return ev


def default_registry(root: str | Path | None = None) -> Registry | None:
    """Return ROOT/agencies.csv when present, else samples/agencies.csv, else None."""
    for cand in ([Path(root) / "agencies.csv"] if root else []) + [Path("samples/agencies.csv")]:
        if cand.is_file():
            return Registry.from_csv(cand)
    return None
