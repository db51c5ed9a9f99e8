"""The warehouse seeded from samples/ (extraction over 2 workers) against the samples' truth.

Completeness per year and period must agree with truth + manifest: every report the warehouse
counts is a real report of that agency and period, arrival times and lateness come from the
manifest (first version counts), resubmissions become new versions, and a sample report the
warehouse could not place is never lost: it waits in the review queue.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest

from warehouse import queries

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def truth_by_period(samples: Path) -> dict[tuple[str, int, str], list[tuple[datetime, str]]]:
    """Return (agency, year, period) -> [(received_at, file)] of sample reports, oldest first."""
    with (samples / "manifest.csv").open(encoding="utf-8") as fh:
        received = {r["file"]: datetime.fromisoformat(r["received_at"]) for r in csv.DictReader(fh)}
    out: dict[tuple[str, int, str], list[tuple[datetime, str]]] = defaultdict(list)
    for path in sorted((samples / "truth").glob("*/*.json")):
        t = json.loads(path.read_text(encoding="utf-8"))
        if t.get("doc_type") != "report" or not t.get("agency"):
            continue
        rel = f"{path.parent.name}/{path.name.removesuffix('.json')}"
        out[(t["agency"], int(t["year"]), t["period"])].append((received[rel], rel))
    return {k: sorted(v) for k, v in out.items()}


def check_against_truth(db: Path, samples: Path) -> dict[str, int]:
    """Assert the warehouse's completeness agrees with the samples; return counts for the report."""
    truth = truth_by_period(samples)
    log = queries.ingest_log(limit=100_000, db=db)
    queued = set(queries.review_queue(db=db)["original_name"])
    periods = {(y, p) for _, y, p in truth}
    # The truth names agencies canonically; listings name them as they were called in the period
    # (a 2019 report is from "UBND huyện Kim Bảng"): compare by registry id. Names repeat across
    # provinces and periods (Sở Nội vụ of Hà Nam, then of Ninh Bình), never among one period's
    # expected agencies.
    registry = queries.agencies(db=db)
    checked = unplaced = 0
    for year, period in sorted(periods):
        comp = queries.completeness(year=year, period=period, db=db).set_index("agency_id")
        here = registry[registry["agency_id"].isin(comp.index)]
        ids = dict(zip(here["name"], here["agency_id"], strict=True))
        assert len(ids) == len(here), (year, period, "two expected agencies share a name")
        expected_here = {ids[a]: v for (a, y, p), v in truth.items() if (y, p) == (year, period)}
        # Nothing counted that the samples do not have.
        received = set(comp.index[comp["status"] != "missing"])
        assert received <= set(expected_here), (year, period, received - set(expected_here))
        for agency, arrivals in expected_here.items():
            first_at = arrivals[0][0]
            if agency not in received:
                # Not placed: each of its files must wait for a reviewer, not vanish.
                names = {Path(f).name for _, f in arrivals}
                assert names & queued, (year, period, agency, names)
                unplaced += 1
                continue
            row = comp.loc[agency]
            deadline = queries.deadline(year=year, period=period) or date(year, 12, 31)
            if row["received_at"].to_pydatetime() == first_at:
                want = "on_time" if first_at.date() <= deadline else "late"
                assert row["status"] == want, (year, period, agency)
            assert row["version"] <= len(arrivals), (year, period, agency)
            checked += 1
    outcomes = log["outcome"].value_counts().to_dict()
    assert outcomes.get("duplicate", 0) == 0
    return {"checked": checked, "unplaced": unplaced, **outcomes}


def test_seeded_samples_match_truth(seeded_db: Path) -> None:
    if not (SAMPLES / "truth").is_dir():
        pytest.fail("samples/truth is missing: run `python -m samples.generate`")
    counts = check_against_truth(seeded_db, SAMPLES)
    assert counts["checked"] >= 0.8 * (counts["checked"] + counts["unplaced"]), counts
    # The 2020 yearly figures of the overview agree with the truth's current versions.
    truth = truth_by_period(SAMPLES)
    for year in sorted({y for (_, y, p) in truth if p == "year"}):
        s = queries.completeness_summary(year=year, db=seeded_db)
        assert s["received"] + s["missing"] == s["expected"]
        assert s["on_time"] + s["late"] == s["received"]


def test_seeded_2026_season_matches_its_truth(seeded_db: Path) -> None:
    """The seed loads samples/season2026 too: on 6/12/2026 officials see Ninh Bình's 2026 year."""
    from samples import generate, season2026

    season = SAMPLES / generate.SEASON
    counts = check_against_truth(seeded_db, season)
    assert counts["unplaced"] <= 3, counts
    assert queries.working_period(on=season2026.VIEW_DAY) == (2026, "year")
    assert queries.deadline(year=2026) == season2026.DEADLINE
    s = queries.completeness_summary(year=2026, db=seeded_db)
    with (SAMPLES / "agencies.csv").open(encoding="utf-8") as fh:
        ninh_binh = [r for r in csv.DictReader(fh) if r["province"] == "Ninh Bình"]
    assert s["expected"] == len(ninh_binh) == 142
    reports = len(truth_by_period(season))
    assert s["received"] == reports - counts["unplaced"]
    assert s["late"] == generate.SEASON_LATE
    assert s["missing"] == s["expected"] - s["received"] >= 100
