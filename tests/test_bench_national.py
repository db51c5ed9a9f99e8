"""The national-registry section of the benchmark runs on a tiny registry (no timing asserted):
both warehouses are built through the registry and load paths, every season call is measured on
both, and RESULTS.md gets its table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import national, report
from bench.common import Results
from warehouse import queries

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_national_section_on_two_provinces(tmp_path: Path, monkeypatch) -> None:
    res = Results()
    built, failed = national.bench_national(
        res,
        tmp_path,
        ROOT / "samples" / "agencies.csv",
        reps=1,
        provinces=["37", "12"],  # Ninh Bình and Lai Châu, the smallest of the 34
        reports=[],  # the registries alone: the loading path is the app's own
    )
    departments = len(national.departments(ROOT / "samples" / "agencies.csv", "Ninh Bình"))
    assert built["province_expected_2026"] == 129 + departments
    assert built["national_expected_2026"] == 129 + 38 + 2 * departments
    assert built["province_reports"] == built["national_reports"] == 0
    # Lai Châu's bodies under their own ids, name and province.
    lai_chau = national.departments(ROOT / "samples" / "agencies.csv", "Lai Châu")
    assert all(r["id"].startswith("lai-chau-") and r["province"] == "Lai Châu" for r in lai_chau)
    db = tmp_path / "national" / "national" / "warehouse.duckdb"
    registry = queries.agencies(db=db)
    assert set(registry["province"]) == {"Ninh Bình", "Lai Châu"}

    names = {m.name for m in res.metrics}
    for call in national.calls(db):
        for suffix in ("ms_at_province", "ms_at_national", "ratio"):
            assert f"national.{call}.{suffix}" in names
    ratio = next(m for m in res.metrics if m.name == "national.units_to_remind.ratio")
    assert (
        ratio.target == national.TARGET
        and ratio.extra["rows"]["large"] > ratio.extra["rows"]["small"]
    )
    assert isinstance(failed, list)
    machine = {"cpu": "x", "cores": 2, "ram_gib": 1, "os": "x", "python": "3", "libraries": {}}
    machine |= {"tesseract": "x", "load_average_at_start": [0.0]}
    settings = {"warehouse_labels": ("100", "1k")}
    meta = {"machine": machine, "mode": "quick", "elapsed_s": 1, "settings": settings}
    md = report.to_markdown(res, meta)
    assert "## The 2026 season at the national registry" in md
    assert "| `province_form` |" in md and "| national | ms @ one province | ms @ national |" in md

    # A ratio over the target is a failure line naming the call (target 0: any time is over it).
    monkeypatch.setattr(national, "TARGET", 0.0)
    one = tmp_path / "national" / "province" / "warehouse.duckdb"
    failed = national.measure(Results(), one, db, reps=1, only=("completeness_summary",))
    assert len(failed) == 1 and failed[0].startswith("completeness_summary: ")
    assert "one province's time at the national registry (target <= 0x)" in failed[0]
