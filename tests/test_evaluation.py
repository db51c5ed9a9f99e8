"""Evaluation: batches each against their own registry, misses naming their batch, calibration."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ingest.evaluation import Evaluation, Miss, batches_of, evaluate_batches
from ingest.pipeline import REVIEW_CONFIDENCE
from ingest.record import ExtractedReport, FieldValue

IND = Path("tests/independent")
DOC = "so-y-te-nam-dinh-2021.docx"


def _report(status: str = "ok", **values: tuple[object, float]) -> ExtractedReport:
    rep = ExtractedReport("x.docx", status=status, doc_type="report")
    for name, (value, confidence) in values.items():
        rep.fields[name] = FieldValue(value, confidence, "q")
    return rep


def test_a_confident_wrong_value_is_a_silent_error_and_a_doubtful_one_is_not():
    ev = Evaluation()
    truth = {"doc_type": "report", "year": 2021, "period": "q1", "posts_total": 120}
    rep = _report(
        year=(2021, 0.95), period=("year", 0.9), posts_total=(12, REVIEW_CONFIDENCE - 0.1)
    )
    ev.add("x.docx", truth, rep, batch="u01")
    assert [m.name for m in ev.misses] == ["period", "posts_total"]
    assert [m.name for m in ev.silent_errors] == ["period"]
    assert ev.misses[0] == Miss("u01/x.docx", "period", "q1", "year", 0.9)
    assert "SILENT" in ev.report() and "1 of 3 values" in ev.report()


def test_an_empty_value_is_a_miss_but_never_silent():
    ev = Evaluation()
    ev.add("x.docx", {"doc_type": "report", "press_conferences": 0}, _report())
    assert ev.misses == [Miss("x.docx", "press_conferences", 0, None, None)]
    assert ev.silent_errors == []


def test_correct_reports_sent_to_review_are_counted():
    ev = Evaluation()
    truth = {"doc_type": "report", "year": 2021}
    ev.add("a.docx", truth, _report("ok", year=(2021, 0.9)))
    ev.add("b.docx", truth, _report("needs_review", year=(2021, 0.9)))
    ev.add("c.docx", truth, _report("needs_review", year=(2020, 0.9)))
    assert (ev.reports_all_right, ev.all_right_sent_to_review) == (2, 1)
    assert ev.passed_without_review == 0.5
    assert "passed without review: 50%" in ev.report()


def _batch(root: Path, name: str, truth_edit: dict | None = None) -> None:
    (root / name / "reports").mkdir(parents=True)
    (root / name / "truth").mkdir()
    shutil.copy(IND / "reports" / DOC, root / name / "reports" / DOC)
    shutil.copy(IND / "agencies.csv", root / name / "agencies.csv")
    truth = json.loads((IND / "truth" / f"{DOC}.json").read_text(encoding="utf-8"))
    truth.update(truth_edit or {})
    (root / name / "truth" / f"{DOC}.json").write_text(json.dumps(truth), encoding="utf-8")


def test_batches_are_scored_apart_and_misses_name_their_batch(tmp_path):
    _batch(tmp_path, "u01")
    _batch(tmp_path, "u02", {"posts_total": 1})
    (tmp_path / "notes").mkdir()  # a folder that is no test set is skipped
    assert [p.name for p in batches_of(tmp_path)] == ["u01", "u02"]
    ev = evaluate_batches(tmp_path, workers=1)
    assert [(m.rel, m.name) for m in ev.misses] == [(f"u02/{DOC}", "posts_total")]
    right, total = ev.batches["u01"]
    assert right == total > 10
    assert ev.batches["u02"] == [total - 1, total]
    out = ev.report()
    assert "batch u01" in out and f"u02/{DOC} | posts_total" in out


def test_cli_evaluates_a_folder_of_batches_and_refuses_a_folder_without_one(tmp_path):
    _batch(tmp_path, "u01")
    run = [sys.executable, "-m", "ingest", "evaluate", "--workers", "1", "--no-progress"]
    ok = subprocess.run([*run, str(tmp_path)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "all fields: 1.000" in ok.stdout and "silent errors" in ok.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = subprocess.run([*run, str(empty)], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "reports/ và truth/" in bad.stderr


def test_reliability_reports_how_often_each_confidence_band_is_right():
    ev = Evaluation()
    truth = {"doc_type": "report", "year": 2021, "period": "q1", "posts_total": 120}
    ev.add(
        "a.docx", truth, _report(year=(2021, 0.95), period=("year", 0.92), posts_total=(120, 0.5))
    )
    ev.add("b.docx", truth, _report(year=(2021, 0.85), period=("q1", 0.95)))
    assert ev.bands == {0.9: [2, 3], 0.0: [1, 1], 0.8: [1, 1]}
    text = ev.report()
    assert re.search(r">= 0\.90\s+3\s+0\.667", text)
    assert re.search(r"0\.00-0\.60\s+1\s+1\.000", text)
