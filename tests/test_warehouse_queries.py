"""Every query on the hand-made corpus (see tests/warehouse_corpus.py for the figures)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import warehouse_corpus as wc

from warehouse import queries


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("corpus")
    path = tmp / "w.duckdb"
    wc.build(path, tmp)
    return path


def test_available_periods(db: Path) -> None:
    # Judged on the day the corpus was loaded: the year list follows the clock (issue 14).
    df = queries.available_periods(db=db, on=wc.LOADED_ON)
    assert list(df.itertuples(index=False, name=None)) == [(2023, "year"), (2022, "year")]


def test_completeness(db: Path) -> None:
    df = queries.completeness(year=2023, db=db)
    assert list(df.columns) == [
        "agency_id",
        "agency",
        "agency_type",
        "status",
        "received_at",
        "arrived_on",
        "incoming_number",
        "deadline",
        "report_id",
        "version",
        "timeliness",
        "days",
    ]
    status = dict(zip(df["agency_id"], df["status"], strict=True))
    assert status == {
        "huyen-delta": "missing",
        "so-beta": "late",
        "eta": "on_time",  # 16:45 on the deadline day is still on time
        "so-alpha": "on_time",
        "so-gamma": "on_time",
    }
    assert "so-cu" not in status  # abolished before the 2023 deadline
    assert df["status"].tolist()[:2] == ["missing", "late"]
    row = df.set_index("agency_id").loc["so-gamma"]
    assert (row["report_id"], row["version"]) == ("so-gamma:2023:year:v2", 2)
    assert row["received_at"] == pd.Timestamp("2023-12-01 08:00")
    assert row["deadline"] == date(2023, 12, 15)
    assert pd.isna(df.set_index("agency_id").loc["huyen-delta", "received_at"])


def test_completeness_summary_and_filters(db: Path) -> None:
    s = queries.completeness_summary(year=2023, db=db)
    assert s == {
        "expected": 5,
        "received": 4,
        "on_time": 3,
        "late": 1,
        "missing": 1,
        "rate": 0.8,
        "on_time_rate": 0.6,
    }
    d = queries.completeness_summary(year=2023, agency_type="district", db=db)
    assert (d["expected"], d["missing"], d["rate"]) == (1, 1, 0.0)
    assert queries.completeness_summary(year=2019, db=db)["rate"] is None
    s22 = queries.completeness_summary(year=2022, db=db)
    assert (s22["expected"], s22["received"], s22["on_time"], s22["late"]) == (6, 2, 1, 1)


def test_compliance_long_and_wide(db: Path) -> None:
    long = queries.compliance(year=2023, db=db)
    rule_ids = [r.id for r in queries.rules(db=db)]
    assert set(long["rule_id"]) == set(rule_ids)
    beta = long[long["agency_id"] == "so-beta"].set_index("rule_id")
    assert beta.loc["report_on_time", "status"] == "fail"
    assert beta.loc["posts_per_month_target", "status"] == "fail"
    assert beta.loc["posts_per_month_target", "value"] == 10
    assert beta.loc["posts_per_month_target", "threshold"] == 20
    assert beta.loc["spokesperson_designated", "status"] == "pass"  # title only is designated
    delta = long[long["agency_id"] == "huyen-delta"].set_index("rule_id")["status"]
    # No district must hold press conferences (issue 14): that rule is not applicable, the others
    # are not submitted.
    assert delta.pop("press_conferences_min") == "not_applicable"
    assert set(delta) == {"not_submitted"}
    # "other" agencies have their own posts target.
    eta = long[long["agency_id"] == "eta"].set_index("rule_id")
    assert eta.loc["posts_per_month_target", "threshold"] == 10

    wide = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert wide["overall"].to_dict() == {
        "eta": "pass",
        "so-alpha": "pass",
        "so-beta": "fail",
        "so-gamma": "unknown",  # no spokesperson in the report: "Chưa rõ", not a failure
        "huyen-delta": "not_submitted",
    }
    assert wide.loc["so-gamma", "spokesperson_designated"] == "unknown"
    assert wide.loc["so-beta", "spokesperson"] == "Phó Giám đốc Sở"
    assert wide.loc["so-alpha", "spokesperson"] == "Nguyễn Văn A"
    assert wide.loc["so-beta", "press_conferences"] == 0
    assert wide.loc["so-beta", "press_conferences_min"] == "not_applicable"  # never "pass"
    assert pd.isna(wide.loc["so-gamma", "press_conferences"])
    assert wide["posts_total"].dtype.kind == "f"


def test_compliance_by_type_and_totals(db: Path) -> None:
    by = queries.compliance_by_type(year=2023, db=db).set_index("agency_type")
    assert by.loc[
        "department", ["agencies", "passed", "failed", "unknown", "not_submitted"]
    ].tolist() == [
        3,
        1,
        1,
        1,
        0,
    ]
    assert by.loc["district", "not_submitted"] == 1
    assert by.loc["other", "rate"] == 1.0
    t = queries.totals(year=2023, db=db)
    assert t == {
        "posts_total": 300 + 120 + 360 + 144,
        "press_conferences": 3,
        "reports": 4,
        "compliance_rate": 0.4,
    }


def test_no_press_conferences_keeps_zero_unknown_and_missing_apart(db: Path) -> None:
    df = queries.no_press_conferences(year=2023, db=db)
    assert list(df[["agency_id", "category"]].itertuples(index=False, name=None)) == [
        ("so-beta", "zero"),
        ("so-gamma", "unknown"),
        ("huyen-delta", "not_submitted"),
    ]
    beta = df.iloc[0]
    assert "chưa tổ chức họp báo" in beta["quote"] and beta["where"] == "đoạn 11"
    assert df.iloc[2]["report_id"] is None


def test_training_themes_and_requests(db: Path) -> None:
    themes = queries.training_themes(year=2023, db=db)
    assert list(themes[["topic", "agencies", "requests"]].itertuples(index=False, name=None)) == [
        ("spokesperson_skills", 2, 2),
        ("crisis_communication", 1, 1),
        ("website_admin", 1, 1),
    ]
    assert themes.iloc[0]["topic_label"].startswith("Kỹ năng phát ngôn")
    req = queries.training_requests(year=2023, db=db)
    beta = req[req["agency_id"] == "so-beta"]
    assert sorted(beta["topic"]) == ["crisis_communication", "website_admin"]
    assert set(beta["quote"]) == {wc.TRAINING_BETA}
    other = queries.other_recommendations(year=2023, db=db)
    assert other["recommendation"].tolist() == [wc.MONEY_ALPHA]


def test_year_over_year(db: Path) -> None:
    df = queries.year_over_year(db=db).set_index("year")
    assert df.index.tolist() == [2022, 2023]
    assert df.loc[2023, ["expected", "received", "on_time"]].tolist() == [5, 4, 3]
    assert df.loc[2023, "agencies_without_press_conference"] == 3
    assert df.loc[2022, "posts_total"] == 340
    assert df.loc[2023, "compliance_rate"] == pytest.approx(0.4)


def test_agency_history_report_fields_and_registry(db: Path) -> None:
    hist = queries.agency_history(agency_id="so-alpha", db=db)
    assert hist["report_id"].tolist() == ["so-alpha:2023:year:v1", "so-alpha:2022:year:v1"]
    assert hist.iloc[0]["original_name"] == "alpha-2023.docx"
    fields = queries.report_fields(report_id="so-alpha:2023:year:v1", db=db)
    assert fields["field"].tolist()[:3] == ["agency", "province", "year"]
    f = fields.set_index("field")
    assert f.loc["posts_total", "value"] == 300
    assert f.loc["recommendations", "value"] == [wc.TRAINING_ALPHA, wc.MONEY_ALPHA]
    assert f.loc["report_number", "value"] is None
    assert queries.report_fields(report_id="missing", db=db).empty
    ag = queries.agencies(db=db).set_index("agency_id")
    assert ag.loc["so-alpha", "aliases"] == ["Sở Alpha tỉnh Hà Nam"]
    assert not ag.loc["so-cu", "is_valid"] and ag.loc["so-alpha", "is_valid"]


def test_review_queue_and_ingest_log(db: Path) -> None:
    q = queries.review_queue(db=db)
    # Issue 14: the memo has its own list; what needs a decision comes first, then errors.
    assert q["kind"].tolist() == ["unmatched_agency", "error", "needs_review"]
    assert q.set_index("kind").loc["error", "original_name"] == "hong.pdf"
    assert queries.refused_files(db=db)["original_name"].tolist() == ["to-trinh.docx"]
    log = queries.ingest_log(limit=3, db=db)
    assert len(log) == 3 and log.iloc[0]["original_name"] == "la.docx"
    assert queries.ingest_log(db=db)["outcome"].value_counts().to_dict() == {
        "loaded": 6,
        "new_version": 1,
        "not_a_report": 1,
        "error": 1,
        "unmatched_agency": 1,
    }


def test_rules_from_toml(db: Path) -> None:
    rules = {r.id: r for r in queries.rules(db=db)}
    assert rules["press_conferences_min"].threshold_for("provincial") == 4
    assert rules["press_conferences_min"].threshold_for("provincial", "q1") == 1
    # No national minimum for departments (issue 14): no threshold, so "Không áp dụng".
    assert rules["press_conferences_min"].threshold_for("department") is None
    assert rules["posts_per_month_target"].threshold_for("department") == 20
    assert all(r.label and r.legal_ref for r in rules.values())
    assert queries.deadline(year=2025) == date(2025, 12, 15)
    assert queries.deadline(year=2026) == date(2026, 12, 4)  # agencies; UBND tỉnh: 20/12


def test_empty_warehouse_gives_empty_frames_with_columns(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    assert queries.available_periods(db=path).empty
    df = queries.compliance_table(year=2023, db=path)
    assert df.empty and "overall" in df.columns
    assert queries.completeness_summary(year=2023, db=path)["expected"] == 0
    assert queries.training_themes(year=2023, db=path).columns.tolist() == [
        "topic",
        "topic_label",
        "agencies",
        "requests",
    ]


def test_timeliness_counts_days_against_an_injected_today(db: Path) -> None:
    """Issue 14: per agency "chưa đến hạn", "đúng hạn", "nộp muộn N ngày", "quá hạn N ngày"."""
    after = queries.completeness(year=2023, db=db, on=date(2024, 1, 10)).set_index("agency_id")
    got = {a: (r["timeliness"], r["days"]) for a, r in after.iterrows()}
    assert {a: (t, None if pd.isna(d) else int(d)) for a, (t, d) in got.items()} == {
        "huyen-delta": ("overdue", 26),  # 15/12/2023 to 10/01/2024
        "so-beta": ("late", 5),  # arrived 20/12
        "eta": ("on_time", None),
        "so-alpha": ("on_time", None),
        "so-gamma": ("on_time", None),  # v1 arrived 01/12; v2 on 18/12 does not make it late
    }
    assert after.loc["so-gamma", "arrived_on"] == date(2023, 12, 1)
    before = queries.completeness(year=2023, db=db, on=date(2023, 12, 15)).set_index("agency_id")
    assert before.loc["huyen-delta", "timeliness"] == "not_due"
    assert pd.isna(before.loc["huyen-delta", "days"])
