"""The benchmark keeps working: `python -m bench --quick` writes every metric with a number."""

from __future__ import annotations

import inspect
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.dashboard import NOT_TIMED
from warehouse import queries

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))

pytestmark = pytest.mark.slow


def _dashboard_queries() -> list[str]:
    return sorted(
        name
        for name, fn in inspect.getmembers(queries, inspect.isfunction)
        if fn.__module__ == queries.__name__
        and not name.startswith("_")
        and "db" in inspect.signature(fn).parameters
        and name not in NOT_TIMED
    )


def test_quick_benchmark_writes_every_metric(tmp_path: Path) -> None:
    out, work = tmp_path / "out", tmp_path / "work"
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out), "--work", str(work)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        # A guard against a hang, not a speed limit: on a loaded 2-core machine the quick run
        # (LibreOffice and OCR included) takes several minutes.
        timeout=1200,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    metrics = {m["name"]: m for m in doc["metrics"]}

    expected = {
        "extract.floor.pages_per_s",
        "extract.workers1.pages_per_s",
        "extract.workers2.pages_per_s",
        "extract.workers1.reports_per_s",
        "extract.workers2.reports_per_s",
        "extract.speedup_1_to_2_workers",
        "extract.workers2.time_vs_floor",
        "extract.stage.read_ms_per_doc",
        "extract.stage.fields_ms_per_doc",
        "extract.reader.pdf_pages_per_s",
        "load.write_only.reports_per_s",
        "load.end_to_end.reports_per_s",
        "load.write_share_of_load",
        "load.write_ms_per_report_at_1k",
        "memory.load_12.peak_rss_mib",
        "memory.growth_6_to_12",
    }
    if shutil.which("tesseract"):
        expected |= {
            "ocr.tesseract.pages_per_s",
            "ocr.workers1.pages_per_s",
            "ocr.workers2.pages_per_s",
            "ocr.speedup_1_to_2_workers",
        }
    for name in _dashboard_queries():
        expected |= {f"query.{name}.ms_at_100", f"query.{name}.ms_at_1k", f"query.{name}.ratio"}
    for name in PAGES:
        expected |= {f"page.{name}.ms_at_100", f"page.{name}.ms_at_1k", f"page.{name}.ratio"}
    assert expected <= set(metrics), sorted(expected - set(metrics))

    for name, m in metrics.items():
        assert isinstance(m["value"], int | float) and math.isfinite(m["value"]), name
        assert m["samples"] and all(math.isfinite(s) for s in m["samples"]), name
        assert m["unit"], name
        if m["target"] is not None:
            assert isinstance(m["met"], bool), name
            assert (m["miss_factor"] is None) == m["met"], name
    # Targets of the brief are present and judged.
    for name in (
        "extract.workers2.pages_per_s",
        "extract.workers2.time_vs_floor",
        "memory.load_12.peak_rss_mib",
        "query.compliance_table.ratio",
    ):
        assert metrics[name]["target"] is not None, name
    # Pages rendered through app.py (sidebar and page title present), without exceptions.
    for name in PAGES:
        assert metrics[f"page.{name}.ratio"]["extra"]["errors"] == [], name
    assert doc["machine"]["cores"] >= 1 and doc["machine"]["python"]
    md = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert "## Machine" in md and "extract.workers2.pages_per_s" in md
