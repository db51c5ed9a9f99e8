"""rules.toml judged by DuckDB: each check, per-type thresholds, period scaling and precedence."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import duckdb
import pytest

from warehouse.labels import STATUS_LABELS
from warehouse.rules import (
    FAIL,
    NOT_APPLICABLE,
    NOT_SUBMITTED,
    PASS,
    STATUSES,
    UNKNOWN,
    code_sql,
    load_config,
    load_rules,
    overall_sql,
    status_names,
    value_sql,
)

RULES = {r.id: r for r in load_rules()}
COLUMNS = (
    "agency_type VARCHAR, year INTEGER, submitted BOOLEAN, received_at TIMESTAMP, "
    "arrived_on DATE, deadline DATE, "
    "posts_total DOUBLE, posts_per_month DOUBLE, press_conferences DOUBLE, "
    "spokesperson_name VARCHAR, spokesperson_title VARCHAR, training_requested BOOLEAN, "
    "spokesperson_decision VARCHAR"
)


def judge(period: str, **row) -> dict[str, int | None]:
    """Return rule id -> result code and overall for one period row (posts_per_month as
    report_facts holds it: stated, else derived from the total by warehouse.facts)."""
    values = {
        "agency_type": "department",
        "year": 2025,
        "submitted": True,
        "received_at": datetime(2025, 12, 1, 9, 0),
        "arrived_on": date(2025, 12, 1),
        "deadline": date(2025, 12, 15),
        "posts_total": None,
        "posts_per_month": None,
        "press_conferences": None,
        "spokesperson_name": None,
        "spokesperson_title": None,
        "training_requested": None,
        "spokesperson_decision": None,
    } | row
    con = duckdb.connect()
    con.execute(f"CREATE TABLE stated ({COLUMNS})")
    con.execute(
        "INSERT INTO stated VALUES (" + ", ".join("?" * len(values)) + ")", [*values.values()]
    )
    ids = list(RULES)
    codes = ", ".join(f"{code_sql(RULES[i], period)} AS {i}" for i in ids)
    sql = (
        f"WITH coded AS (SELECT {codes} FROM stated) "
        f"SELECT *, {overall_sql(ids)} AS overall FROM coded"
    )
    got = con.execute(sql).fetchone()
    return dict(zip([*ids, "overall"], got, strict=True))


def test_a_decision_kept_as_evidence_designates_the_spokesperson() -> None:
    # Issue 6/7: a decision appointing the spokesperson, linked by a reviewer (warehouse.gate).
    assert judge("year")["spokesperson_designated"] == UNKNOWN
    row = judge("year", spokesperson_decision="Quyết định QD-12.docx")
    assert row["spokesperson_designated"] == PASS
    assert (
        judge("year", submitted=False, spokesperson_decision="Quyết định QD-12.docx")[
            "spokesperson_designated"
        ]
        == NOT_SUBMITTED
    )


def test_posts_target_compares_the_monthly_average() -> None:
    # The average derived from the total is report_facts' (tests/test_warehouse_derived.py).
    assert judge("year", posts_per_month=25)["posts_per_month_target"] == PASS
    assert judge("h1", posts_per_month=15)["posts_per_month_target"] == FAIL
    assert judge("year", posts_per_month=19.9, posts_total=600)["posts_per_month_target"] == FAIL
    assert judge("year")["posts_per_month_target"] == UNKNOWN  # silence is never a failure
    assert judge("year", agency_type="other", posts_per_month=12)["posts_per_month_target"] == PASS


def test_press_conference_minimum_scales_to_the_period_and_type() -> None:
    # UBND tỉnh: 4 a year, so 1 a quarter. Departments have no minimum: no press conference is
    # then "not applicable", never "pass" (issue 14: "Đạt" beside "Chưa họp báo").
    assert (
        judge("q1", agency_type="provincial", press_conferences=1)["press_conferences_min"] == PASS
    )
    assert (
        judge("year", agency_type="provincial", press_conferences=3)["press_conferences_min"]
        == FAIL
    )
    assert judge("q2", agency_type="provincial")["press_conferences_min"] == UNKNOWN
    assert judge("year", press_conferences=0)["press_conferences_min"] == NOT_APPLICABLE
    assert judge("year", press_conferences=3)["press_conferences_min"] == NOT_APPLICABLE
    assert judge("year")["press_conferences_min"] == NOT_APPLICABLE
    assert judge("year", submitted=False)["press_conferences_min"] == NOT_APPLICABLE
    # The posts target does not apply to UBND tỉnh at all.
    assert judge("year", agency_type="provincial")["posts_per_month_target"] == NOT_APPLICABLE


def test_on_time_spokesperson_and_not_submitted() -> None:
    # Judged on the arrival date (ngày đến), never on the upload time (issue 14).
    assert judge("year", arrived_on=date(2025, 12, 15))["report_on_time"] == PASS
    assert judge("year", arrived_on=date(2025, 12, 16))["report_on_time"] == FAIL
    assert judge("year", arrived_on=None)["report_on_time"] == UNKNOWN
    uploaded_later = judge(
        "year", received_at=datetime(2025, 12, 19, 8), arrived_on=date(2025, 12, 10)
    )
    assert uploaded_later["report_on_time"] == PASS
    assert judge("year", spokesperson_title="Chánh Văn phòng")["spokesperson_designated"] == PASS
    assert judge("year")["spokesperson_designated"] == UNKNOWN
    missing = judge("year", submitted=False, posts_per_month=50)
    assert {missing[i] for i in RULES if i != "press_conferences_min"} == {NOT_SUBMITTED}
    assert missing["overall"] == NOT_SUBMITTED


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"posts_per_month": 30, "spokesperson_name": "Trần An"}, "pass"),
        ({"posts_per_month": 30}, "unknown"),  # no spokesperson named
        ({"posts_per_month": 5}, "fail"),  # a failure outranks the unknown spokesperson
        ({"posts_per_month": 5, "arrived_on": date(2026, 1, 3)}, "fail"),
    ],
)
def test_overall_takes_the_strongest_result(row: dict, expected: str) -> None:
    assert status_names([judge("year", **row)["overall"]])[0] == expected


def test_value_shown_is_what_the_rule_looked_at() -> None:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t ({COLUMNS})")
    con.execute(
        "INSERT INTO t VALUES ('district', 2025, true, '2025-12-19 09:00', '2025-12-01', "
        "'2025-12-15', 240, 20, 2, NULL, 'Chủ tịch UBND huyện', NULL, NULL)"
    )
    got = {
        i: con.execute(f"SELECT {value_sql(r, 'year')} FROM t").fetchone()[0]
        for i, r in RULES.items()
    }
    assert got["spokesperson_designated"] == "Chủ tịch UBND huyện"
    assert got["posts_per_month_target"] == 20
    assert got["press_conferences_min"] == 2
    assert got["report_on_time"] == date(2025, 12, 1)  # the arrival date, not the upload


def test_a_rule_is_not_applicable_outside_its_years() -> None:
    rule = dataclasses.replace(RULES["spokesperson_designated"], from_year=2026, to_year=2027)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t ({COLUMNS})")
    for year in range(2025, 2029):
        con.execute(
            "INSERT INTO t (agency_type, year, submitted) VALUES ('department', ?, true)", [year]
        )
    got = dict(con.execute(f"SELECT year, {code_sql(rule, 'year')} FROM t").fetchall())
    assert got == {2025: NOT_APPLICABLE, 2026: UNKNOWN, 2027: UNKNOWN, 2028: NOT_APPLICABLE}


def test_not_applicable_is_a_named_status_that_never_decides_the_overall() -> None:
    assert status_names([NOT_APPLICABLE, None]).tolist() == ["not_applicable", None]
    assert set(STATUSES) == set(STATUS_LABELS) == set(load_config().status_labels)
    assert STATUS_LABELS["not_applicable"] == "Không áp dụng"
    # A department that names its spokesperson and meets the posts target passes overall although
    # the press-conference rule does not apply to it.
    row = judge("year", posts_per_month=30, spokesperson_name="Trần An", press_conferences=0)
    assert row["press_conferences_min"] == NOT_APPLICABLE and row["overall"] == PASS
