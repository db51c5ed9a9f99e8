"""The 2026 season's pages at one province and at the national registry, side by side.

Two warehouses hold the same reports (samples/season2026, loaded by ``warehouse.load.load_paths``
as the app loads them): one with tỉnh Ninh Bình's registry (its departments from
samples/agencies.csv and its 129 communes from ``warehouse.units``), one with the commune-level
units of all 34 provinces (3,321, imported by ``warehouse.units.import_communes`` one province at
a time as an admin does) and the same departments for each province. The functions the pages call
for the season (overview, compliance, the reminder list, the Điều 10 report's data) are timed on
both, alternating, and the national/one-province ratio must stay within ``TARGET``: a missed ratio
fails the run (``python -m bench`` exits 1 and names the function).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.common import ROOT, Metric, Results, alternate, log, ratio_samples

TARGET = 3.0
PROVINCE = "Ninh Bình"
SEASON = ROOT / "samples" / "season2026"
YEAR = 2026
KIND = "national"
SIZES = ("province", "national")


def departments(agencies_csv: Path, province: str) -> list[dict]:
    """Return the registry rows of a province's departments and other provincial bodies.

    Ninh Bình's own rows of ``agencies_csv``; for another province the same bodies under ids and
    aliases of that province ("cao-bang-so-y-te", "Sở Y tế tỉnh Cao Bằng").
    """
    from ingest.text import fold
    from warehouse.registry import read_csv
    from warehouse.units import COMMUNE

    own = units_province(PROVINCE)
    ours = [
        r
        for r in read_csv(agencies_csv)
        if r["province"] == own.name and r["type"] != COMMUNE and not r["valid_to"]
    ]
    p = units_province(province)
    if p.name == own.name:
        return ours
    prefix, slug = fold(own.name).replace(" ", "-") + "-", fold(p.name).replace(" ", "-")
    return [
        r
        | {
            "id": f"{slug}-{r['id'].removeprefix(prefix)}",
            "aliases": [f"{r['name']} {p.full_name}"],
            "parent": f"UBND {p.full_name}",
            "province": p.name,
        }
        for r in ours
    ]


def units_province(name: str) -> Any:
    """Return the national list's province (warehouse.units.Province) of a name or code."""
    from warehouse import units

    return units.province(name)


def _import(db: Path, provinces: list[str], agencies_csv: Path) -> None:
    """Import the provinces' departments (one registry import) and then their communes."""
    from warehouse import units
    from warehouse.db import transaction
    from warehouse.registry import import_rows

    rows = [r for p in provinces for r in departments(agencies_csv, p)]
    with transaction(db) as con:
        import_rows(con, rows, user="bench")
    for p in provinces:
        units.import_communes(p, db=db, user="bench")


def build(
    folder: Path, *, provinces: list[str], reports: list[Path], agencies_csv: Path
) -> tuple[Path, Path, dict]:
    """Build the one-province and the national warehouses in ``folder``; return their paths and
    what they hold.

    The one-province warehouse gets Ninh Bình's registry and then ``reports`` (with the season's
    manifest); the national one is a copy of it (same stored files, same reports) into which the
    other ``provinces`` are imported through the same registry path.
    """
    from warehouse.db import connect, migrate
    from warehouse.load import load_paths

    shutil.rmtree(folder, ignore_errors=True)
    one, national = (
        folder / "province" / "warehouse.duckdb",
        folder / "national" / "warehouse.duckdb",
    )
    one.parent.mkdir(parents=True)
    migrate(one)
    t0 = time.perf_counter()
    _import(one, [PROVINCE], agencies_csv)
    results = []
    if reports:
        manifest = SEASON / "manifest.csv"
        results = load_paths(reports, db=one, manifest=manifest, user="bench", workers=2)
    errors = [r for r in results if r.outcome == "error" and r.status == "error"]
    if errors:
        raise RuntimeError(f"loading {errors[0].file} failed: {errors[0].message_vi}")
    built = {"province_build_s": round(time.perf_counter() - t0, 1)}
    shutil.copytree(one.parent, national.parent)
    t0 = time.perf_counter()
    others = [p for p in provinces if units_province(p).name != PROVINCE]
    _import(national, others, agencies_csv)
    built["national_import_s"] = round(time.perf_counter() - t0, 1)
    for label, db in (("province", one), ("national", national)):
        with connect(db, read_only=True) as con:
            built[f"{label}_agencies"] = con.execute("SELECT count(*) FROM agencies").fetchone()[0]
            built[f"{label}_expected_{YEAR}"] = con.execute(
                "SELECT count(*) FROM expected_reports WHERE year = ? AND period = 'year'", [YEAR]
            ).fetchone()[0]
            built[f"{label}_reports"] = con.execute(
                "SELECT count(*) FROM reports WHERE is_current AND agency_id IS NOT NULL"
            ).fetchone()[0]
    return one, national, built


def calls(db: Path, *, on: date | None = None) -> dict[str, Callable[[], Any]]:
    """Return name -> the call a season page makes (Tổng quan, Xuất báo cáo), for 2026's year."""
    from ingest.periods import form_due
    from warehouse import form_report, queries
    from warehouse.registry import today

    season = {"year": YEAR, "period": "year", "db": db}
    return {
        # Tổng quan: the days left to 20/12, expected/received/on time/missing, the late list.
        "days_left": lambda: (form_due(YEAR) - (on or today())).days,
        "completeness_summary": lambda: queries.completeness_summary(**season),
        "totals": lambda: queries.totals(**season),
        "completeness": lambda: queries.completeness(**season, on=on),
        # Compliance: the table, by type and the long form the exports use.
        "compliance_table": lambda: queries.compliance_table(**season),
        "compliance_by_type": lambda: queries.compliance_by_type(**season),
        "compliance": lambda: queries.compliance(**season),
        "form_indicators": lambda: queries.form_indicators(**season),
        # Xuất báo cáo: the units to remind with their contacts, the Điều 10 report's figures.
        "units_to_remind": lambda: queries.units_to_remind(**season, on=on),
        "province_form": lambda: form_report.province_form(year=YEAR, db=db),
    }


def _size(out: Any) -> int:
    if hasattr(out, "expected") and hasattr(out, "missing"):
        return int(out.expected)  # the Điều 10 report: the units it covers
    try:
        return len(out)
    except TypeError:
        return 1


def measure(
    res: Results,
    one: Path,
    national: Path,
    *,
    reps: int,
    on: date | None = None,
    only: tuple[str, ...] | None = None,
) -> list[str]:
    """Time every call (``only`` these) on both warehouses, alternating; return a line for each
    call over ``TARGET``."""
    dbs = {"small": one, "large": national}
    fns = {k: calls(db, on=on) for k, db in dbs.items()}
    failed = []
    for name in only or tuple(fns["small"]):
        rows = {k: _size(fns[k][name]()) for k in dbs}  # warm-up
        t = alternate({k: fns[k][name] for k in dbs}, reps)
        extra = {"rows": rows}
        for k, size in zip(dbs, SIZES, strict=True):
            res.add(
                Metric(
                    f"{KIND}.{name}.ms_at_{size}", KIND, "ms", [1000 * x for x in t[k]], extra=extra
                )
            )
        ratio = res.add(
            Metric(
                f"{KIND}.{name}.ratio",
                KIND,
                "x",
                ratio_samples(t["large"], t["small"]),
                target=TARGET,
                op="<=",
                extra=extra,
                note=f"rows {rows['small']} -> {rows['large']}",
            )
        )
        if ratio.met is False:
            failed.append(
                f"{name}: {ratio.value:.2f}x one province's time at the national registry "
                f"(target <= {TARGET:g}x)"
            )
    return failed


def bench_national(
    res: Results,
    work: Path,
    agencies_csv: Path,
    *,
    reps: int,
    provinces: list[str] | None = None,
    reports: list[Path] | None = None,
) -> tuple[dict, list[str]]:
    """Build both warehouses and measure; return what they hold and the calls over the target.

    ``provinces``: the national registry's provinces (default all 34); ``reports``: the files
    loaded (default the whole season2026 corpus).
    """
    from warehouse import units

    provinces = provinces or [p.code for p in units.provinces()]
    reports = reports if reports is not None else [SEASON / "reports"]
    t0 = time.perf_counter()
    one, national, built = build(
        work / "national", provinces=provinces, reports=reports, agencies_csv=agencies_csv
    )
    built["build_s"] = round(time.perf_counter() - t0, 1)
    log(
        f"national: {built['province_expected_2026']} units expected at one province, "
        f"{built['national_expected_2026']} at the national registry, "
        f"{built['province_reports']} reports, built in {built['build_s']:.0f} s"
    )
    return built, measure(res, one, national, reps=reps)
