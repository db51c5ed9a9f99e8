"""Thresholds changed in the app: in force from a year on, beside rules.toml, who, when, why."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import warehouse_corpus as wc
from conftest import add_user

from warehouse import auth, queries
from warehouse.db import connect
from warehouse.rules import (
    RULES_FILE,
    InvalidSetting,
    load_rules,
    set_threshold,
    threshold_sql,
)

RULES = {r.id: r for r in load_rules()}
POSTS = "posts_per_month_target"
PRESS = "press_conferences_min"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    wc.build(path, tmp_path)
    add_user(path, "quantri", "admin")
    add_user(path, "canbo", "editor")
    return path


def change_department_target(db: Path, threshold: float | None, from_year: int, reason: str):
    """Change the departments' posts target from ``from_year`` on, as the admin "quantri"."""
    return set_threshold(
        rule_id=POSTS,
        agency_type="department",
        threshold=threshold,
        from_year=from_year,
        reason=reason,
        by="quantri",
        db=db,
    )


def test_threshold_sql_follows_the_changes_year_by_year() -> None:
    # Departments: 20 in rules.toml, 25 from 2024, back to rules.toml from 2026. UBND tỉnh press
    # conferences: 4 a year, 8 from 2025 (2 a quarter).
    posts = dataclasses.replace(
        RULES[POSTS], changes=(("department", 2024, 25.0), ("department", 2026, None))
    )
    press = dataclasses.replace(RULES[PRESS], changes=(("provincial", 2025, 8.0),))
    con = duckdb.connect()
    con.execute("CREATE TABLE t (agency_type VARCHAR, year INTEGER)")
    types = ["department", "district", "provincial", "other"]
    con.execute(
        "INSERT INTO t SELECT * FROM (SELECT unnest($1::VARCHAR[])) CROSS JOIN range(2022, 2028)",
        [types],
    )
    for rule in (posts, press):
        for period in ("year", "q1", "h1"):
            rows = con.execute(f"SELECT agency_type, year, {threshold_sql(rule, period)} FROM t")
            for agency_type, year, got in rows.fetchall():
                assert got == rule.threshold_for(agency_type, period, year), (agency_type, year)
    assert [posts.threshold_for("department", "year", y) for y in (2023, 2024, 2025, 2026)] == [
        20,
        25,
        25,
        20,
    ]
    assert posts.threshold_for("district", "year", 2025) == 20  # other types keep theirs
    assert press.threshold_for("provincial", "q1", 2025) == 2
    assert press.threshold_for("provincial", "q1", 2024) == 1
    assert posts.threshold_for("department") == 20  # no year: the newest change


def test_a_change_applies_from_its_year_and_is_kept_beside_rules_toml(db: Path) -> None:
    toml_before = RULES_FILE.read_bytes()

    def overall(year: int) -> dict:
        return queries.compliance_table(year=year, db=db).set_index("agency_id")[POSTS].to_dict()

    before_2022, before_2023 = overall(2022), overall(2023)
    assert before_2023["so-alpha"] == "pass"  # 25 a month against 20
    change = change_department_target(db, 26, 2023, "Chỉ tiêu mới theo kế hoạch năm 2023")
    assert (change.previous, change.threshold, change.changed_by) == (20, 26, "quantri")
    after = overall(2023)
    assert after["so-alpha"] == "fail"  # 25 < 26
    assert after["so-gamma"] == "pass"  # 30 a month
    assert after["eta"] == before_2023["eta"]  # "other" agencies keep 10
    assert overall(2022) == before_2022  # earlier years keep their threshold
    long = queries.compliance(year=2023, db=db)
    shown = long[(long["agency_id"] == "so-alpha") & (long["rule_id"] == POSTS)]
    assert shown["threshold"].tolist() == [26.0]
    rule = {r.id: r for r in queries.rules(db=db)}[POSTS]
    assert rule.threshold_for("department", "year", 2023) == 26
    assert rule.threshold_for("department", "year", 2022) == 20

    restored = change_department_target(db, None, 2023, "Trở lại chỉ tiêu chung")
    assert (restored.previous, restored.threshold) == (26, None)
    assert overall(2023) == before_2023
    history = queries.threshold_history(db=db)
    assert history[["previous", "reason", "changed_by"]].values.tolist() == [
        [26, "Trở lại chỉ tiêu chung", "quantri"],
        [20, "Chỉ tiêu mới theo kế hoạch năm 2023", "quantri"],
    ]
    assert pd.isna(history["threshold"][0]) and history["threshold"][1] == 26
    with connect(db, read_only=True) as con:
        audited = con.execute(
            "SELECT \"user\", target, detail FROM audit WHERE action = 'set_threshold' ORDER BY id"
        ).fetchall()
    assert [(u, t, json.loads(d)["new"]) for u, t, d in audited] == [
        ("quantri", POSTS, 26),
        ("quantri", POSTS, None),
    ]
    assert RULES_FILE.read_bytes() == toml_before  # the file is never rewritten


def test_the_summary_figures_use_the_threshold_in_force(db: Path) -> None:
    def departments() -> list[int]:
        by = queries.compliance_by_type(year=2023, db=db).set_index("agency_type")
        return by.loc["department", ["passed", "failed", "unknown"]].tolist()

    assert departments() == [1, 1, 1]
    change_department_target(db, 26, 2020, "Nâng chỉ tiêu")
    assert departments() == [0, 2, 1]  # so-alpha (25 a month) no longer passes
    assert queries.totals(year=2023, db=db)["compliance_rate"] == pytest.approx(1 / 5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rule_id": "report_received"}, "không có ngưỡng"),
        ({"rule_id": "nope"}, "không có ngưỡng"),
        ({"agency_type": "provincial"}, "không áp dụng"),
        ({"threshold": -1}, "từ 0 đến"),
        ({"threshold": float("nan")}, "từ 0 đến"),
        ({"threshold": 1e9}, "từ 0 đến"),
        ({"from_year": 1800}, "Năm áp dụng"),
        ({"reason": "   "}, "lý do"),
    ],
)
def test_invalid_changes_are_refused_with_a_reason(db: Path, change: dict, message: str) -> None:
    args = {
        "rule_id": POSTS,
        "agency_type": "department",
        "threshold": 22,
        "from_year": 2023,
        "reason": "Thử",
        "by": "quantri",
    } | change
    with pytest.raises(InvalidSetting) as e:
        set_threshold(**args, db=db)
    assert message in e.value.user_message
    assert queries.threshold_history(db=db).empty


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("canbo", "Chỉ quản trị viên mới được thay đổi ngưỡng đánh giá; tài khoản “canbo”"),
        ("khong-co", "Không có người dùng “khong-co” trong hệ thống"),
    ],
)
def test_only_an_admin_changes_a_threshold(db: Path, by: str, message: str) -> None:
    with pytest.raises(auth.PermissionDenied) as e:
        set_threshold(
            rule_id=POSTS,
            agency_type="department",
            threshold=30,
            from_year=2023,
            reason="Thử",
            by=by,
            db=db,
        )
    assert e.value.user_message.startswith(message), e.value.user_message
    assert queries.threshold_history(db=db).empty


def test_the_report_to_the_peoples_committee_states_the_minimums_in_force(db: Path) -> None:
    import io

    from docx import Document

    from warehouse import export

    def minimums(year: int) -> list[str]:
        doc = Document(io.BytesIO(export.export_docx(year=year, db=db)))
        return [p.text for p in doc.paragraphs if p.text.startswith("– ")]

    label = RULES[POSTS].label
    assert f"– {label}: Sở, ban, ngành ≥ 20; UBND cấp huyện ≥ 20; Khác ≥ 10." in minimums(2023)
    change_department_target(db, 26, 2023, "Chỉ tiêu mới")
    assert f"– {label}: Sở, ban, ngành ≥ 26; UBND cấp huyện ≥ 20; Khác ≥ 10." in minimums(2023)
    assert f"– {label}: Sở, ban, ngành ≥ 20; UBND cấp huyện ≥ 20; Khác ≥ 10." in minimums(2022)
    press = RULES["press_conferences_min"].label
    assert f"– {press}: UBND tỉnh ≥ 4." in minimums(2023)
    # The XLSX summary sheet states the same minimums.
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.export_xlsx(year=2023, db=db)))["Tổng hợp"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}
    assert rows[f"Mức tối thiểu – {label}"] == "Sở, ban, ngành ≥ 26; UBND cấp huyện ≥ 20; Khác ≥ 10"
