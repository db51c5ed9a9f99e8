"""rules.toml judged by DuckDB: each check, per-type thresholds, period scaling and precedence."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from warehouse.rules import (
    FAIL,
    NOT_SUBMITTED,
    PASS,
    UNKNOWN,
    code_sql,
    load_rules,
    overall_sql,
    posts_per_month_sql,
    status_names,
    value_sql,
)

RULES = {r.id: r for r in load_rules()}
COLUMNS = (
    "agency_type VARCHAR, submitted BOOLEAN, received_at TIMESTAMP, arrived_on DATE, "
    "deadline DATE, "
    "posts_total DOUBLE, posts_per_month DOUBLE, press_conferences DOUBLE, "
    "spokesperson_name VARCHAR, spokesperson_title VARCHAR, training_requested BOOLEAN"
)


def judge(period: str, **row) -> dict[str, int | None]:
    """Return rule id -> result code (None: does not apply) and overall for one period row."""
    values = {
        "agency_type": "department",
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
    } | row
    con = duckdb.connect()
    con.execute(f"CREATE TABLE stated ({COLUMNS})")
    con.execute(
        "INSERT INTO stated VALUES (" + ", ".join("?" * len(values)) + ")", [*values.values()]
    )
    ids = list(RULES)
    codes = ", ".join(f"{code_sql(RULES[i], period)} AS {i}" for i in ids)
    sql = (
        f"WITH x AS (SELECT * REPLACE ({posts_per_month_sql(period, 'stated')} AS posts_per_month) "
        f"FROM stated), coded AS (SELECT {codes} FROM x) "
        f"SELECT *, {overall_sql(ids)} AS overall FROM coded"
    )
    got = con.execute(sql).fetchone()
    return dict(zip([*ids, "overall"], got, strict=True))


def test_posts_target_uses_stated_else_total_over_months() -> None:
    assert judge("year", posts_per_month=25)["posts_per_month_target"] == PASS
    assert judge("year", posts_total=300)["posts_per_month_target"] == PASS  # 25 a month
    assert judge("h1", posts_total=90)["posts_per_month_target"] == FAIL  # 15 a month
    assert judge("year", posts_per_month=19.9, posts_total=600)["posts_per_month_target"] == FAIL
    assert judge("year")["posts_per_month_target"] == UNKNOWN  # silence is never a failure
    assert judge("year", agency_type="other", posts_per_month=12)["posts_per_month_target"] == PASS


def test_press_conference_minimum_scales_to_the_period_and_type() -> None:
    # UBND tỉnh: 4 a year, so 1 a quarter; departments have no minimum (0 passes, silence too).
    assert (
        judge("q1", agency_type="provincial", press_conferences=1)["press_conferences_min"] == PASS
    )
    assert (
        judge("year", agency_type="provincial", press_conferences=3)["press_conferences_min"]
        == FAIL
    )
    assert judge("q2", agency_type="provincial")["press_conferences_min"] == UNKNOWN
    assert judge("year", press_conferences=0)["press_conferences_min"] == PASS
    assert judge("year")["press_conferences_min"] == PASS
    # The posts target does not apply to UBND tỉnh at all.
    assert judge("year", agency_type="provincial")["posts_per_month_target"] is None


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
    assert {missing[i] for i in RULES} == {NOT_SUBMITTED}
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
        "INSERT INTO t VALUES ('district', true, '2025-12-19 09:00', '2025-12-01', '2025-12-15', "
        "240, 20, 2, "
        "NULL, 'Chủ tịch UBND huyện', NULL)"
    )
    got = {
        i: con.execute(f"SELECT {value_sql(r, 'year')} FROM t").fetchone()[0]
        for i, r in RULES.items()
    }
    assert got["spokesperson_designated"] == "Chủ tịch UBND huyện"
    assert got["posts_per_month_target"] == 20
    assert got["press_conferences_min"] == 2
    assert got["report_on_time"] == date(2025, 12, 1)  # the arrival date, not the upload
