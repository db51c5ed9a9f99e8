"""Golden output per sample document, and accuracy against the truth of both test corpora.

Goldens: `tests/golden/<rel>.json` is the extractor's JSON for `samples/reports/<rel>` minus the
volatile keys (file path, sha256: PDF and scan bytes change between generator runs). A sample
without its golden fails; regenerate deliberately with `UPDATE_GOLDEN=1 pytest tests/test_golden.py`
and review the diff.

Accuracy targets (issue "2/6 Ingest"): per-field accuracy >= 0.97 on samples/ and on the
hand-written tests/independent/, every non-report recognised, no report rejected.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ingest.evaluation import default_registry, evaluate_dir, truth_pairs
from ingest.pipeline import extract_many

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = Path(os.environ.get("REPORTS_SAMPLES_DIR") or ROOT / "samples")
INDEPENDENT = ROOT / "tests" / "independent"
BLIND = ROOT / "tests" / "blind"
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
FIELD_TARGET = 0.97
VOLATILE = ("file", "sha256")


def _extract_corpus(root: Path) -> dict:
    pairs = truth_pairs(root)
    registry = default_registry(root)
    reps = extract_many([d for _, d, _ in pairs], workers=2, registry=registry, progress=False)
    return {rel: rep for (rel, _, _), rep in zip(pairs, reps, strict=True)}


@pytest.fixture(scope="module")
def samples() -> dict:
    if not (SAMPLES / "reports").is_dir():
        pytest.skip(f"no sample corpus at {SAMPLES}/reports (run `make samples`)")
    return _extract_corpus(SAMPLES)


@pytest.fixture(scope="module")
def independent() -> dict:
    return _extract_corpus(INDEPENDENT)


@pytest.fixture(scope="module")
def blind() -> dict:
    return _extract_corpus(BLIND)


def _golden_view(rep) -> dict:
    out = rep.to_json()
    for key in VOLATILE:
        out.pop(key, None)
    return out


def compare_goldens(results: dict, golden: Path) -> tuple[list[str], list[str]]:
    """Return the documents of ``results`` without a golden under ``golden`` and those whose
    output changed; with UPDATE_GOLDEN=1 write the goldens instead."""
    missing, changed = [], []
    for rel, rep in results.items():
        path = golden / f"{rel}.json"
        got = _golden_view(rep)
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            continue
        if not path.exists():
            missing.append(rel)
        elif json.loads(path.read_text(encoding="utf-8")) != json.loads(json.dumps(got)):
            changed.append(rel)
    return missing, changed


def test_golden_per_sample_document(samples):
    if SAMPLES.resolve() != (ROOT / "samples").resolve():
        pytest.skip("goldens belong to the committed samples/, not to REPORTS_SAMPLES_DIR")
    missing, changed = compare_goldens(samples, GOLDEN)
    assert not missing, f"no golden for {missing}: run with UPDATE_GOLDEN=1 and review"
    assert not changed, f"output changed for {changed}: review, then UPDATE_GOLDEN=1"


def test_no_stale_goldens(samples):
    if UPDATE or SAMPLES.resolve() != (ROOT / "samples").resolve():
        return
    stale = [
        p.relative_to(GOLDEN).as_posix()[: -len(".json")]
        for p in GOLDEN.rglob("*.json")
        if p.relative_to(GOLDEN).as_posix()[: -len(".json")] not in samples
    ]
    assert not stale, f"goldens without a sample document: {stale}"


def _check(ev, label: str) -> None:
    low = {
        name: round(ev.accuracy(name), 3)
        for name in ev.field_total
        if ev.accuracy(name) < FIELD_TARGET
    }
    assert ev.non_report_recognition == 1.0, f"{label}: non-reports missed\n{ev.report()}"
    assert ev.reports_rejected == 0, f"{label}: reports rejected\n{ev.report()}"
    assert not low, f"{label}: fields under {FIELD_TARGET}: {low}\n{ev.report()}"


def test_accuracy_on_samples(samples):
    ev = evaluate_dir(SAMPLES, results=samples)
    assert ev.documents > 0
    _check(ev, "samples")


def test_accuracy_on_independent_set(independent):
    ev = evaluate_dir(INDEPENDENT, results=independent)
    assert ev.documents >= 11
    _check(ev, "independent")


def test_accuracy_on_blind_set(blind):
    """Reports written by someone who never read the extractor's rules (tests/blind/README.md)."""
    ev = evaluate_dir(BLIND, results=blind)
    assert ev.documents >= 5
    _check(ev, "blind")
