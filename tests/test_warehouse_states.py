"""Review states, period locks, paper reports and spokesperson decisions (issue 6/7, items 2–3):
"Chờ xem xét" / "Đã xác nhận" / "Trả lại đơn vị", "Chốt số liệu" / "Mở khóa", reports typed from
paper, a decision kept as evidence of the spokesperson rule. Real DuckDB files built from the
warehouse corpus (tests/warehouse_corpus.py, year 2023), times from an injected clock."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest
import warehouse_corpus as wc
from conftest import add_user

from warehouse import export, gate, load, locks, paper, queries, review
from warehouse.auth import PermissionDenied

ALPHA = "so-alpha:2023:year:v1"
GAMMA = "so-gamma:2023:year:v2"
SPOKESPERSON = "spokesperson_designated"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The corpus warehouse with an editor 'duyet' and an admin 'quantri' (also $REPORTS_DB)."""
    path = tmp_path / "w.duckdb"
    wc.build(path, tmp_path)
    monkeypatch.setenv("REPORTS_DB", str(path))
    add_user(path, "duyet", "editor")
    add_user(path, "quantri", "admin")
    return path


def _audit(db: Path, action: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            'SELECT "user", target, detail FROM audit WHERE action = ? ORDER BY id', [action]
        ).fetchall()


def _one(db: Path, sql: str, params: list) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchone()


def _rule(db: Path, agency_id: str, rule_id: str) -> str:
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    return table.loc[agency_id, rule_id]


# --------------------------------------------------------------------------- review states


def test_returning_a_report_needs_a_reason_and_keeps_who_and_when(db: Path, fake_clock) -> None:
    with pytest.raises(review.InvalidCorrection) as e:
        review.set_review_state(report_id=ALPHA, state="returned", user="duyet", reason=" ")
    assert e.value.user_message == "Vui lòng nhập lý do trả lại đơn vị."
    at = fake_clock.now()
    review.set_review_state(
        report_id=ALPHA, state="returned", user="duyet", reason="Thiếu chữ ký, đề nghị gửi lại"
    )
    state = queries.review_state(report_id=ALPHA, db=db)
    assert state == {
        "state": "returned",
        "label": "Trả lại đơn vị",
        "reason": "Thiếu chữ ký, đề nghị gửi lại",
        "user": "duyet",
        "at": at,
    }
    assert queries.confirmation(report_id=ALPHA, db=db) is None
    (user, target, detail), *_ = _audit(db, "review_state")
    assert (user, target, json.loads(detail)["state"]) == ("duyet", ALPHA, "returned")


def test_confirming_stamps_the_reviewer_and_history_keeps_every_change(
    db: Path, fake_clock
) -> None:
    review.set_review_state(report_id=ALPHA, state="returned", user="duyet", reason="Thiếu số")
    fake_clock.advance(3600)
    review.confirm_report(report_id=ALPHA, user="quantri")
    assert queries.confirmation(report_id=ALPHA, db=db) == ("quantri", fake_clock.now())
    history = queries.review_history(report_id=ALPHA, db=db)
    assert history[["state", "user", "reason"]].values.tolist() == [
        ["returned", "duyet", "Thiếu số"],
        ["confirmed", "quantri", None],
    ]
    assert _audit(db, "confirm")[-1][:2] == ("quantri", ALPHA)
    # Back to "Chờ xem xét": the stamp goes.
    review.set_review_state(report_id=ALPHA, state="pending", user="duyet")
    assert queries.confirmation(report_id=ALPHA, db=db) is None


def test_reports_filtered_by_review_state(db: Path) -> None:
    review.set_review_state(report_id=ALPHA, state="returned", user="duyet", reason="Sai mẫu")
    review.confirm_report(report_id=GAMMA, user="duyet")
    returned = queries.reports_by_state(state="returned", db=db)
    assert returned["report_id"].tolist() == [ALPHA]
    assert returned["reason"].tolist() == ["Sai mẫu"]
    assert returned["agency"].tolist() == ["Sở Alpha"]
    assert queries.reports_by_state(state="confirmed", db=db)["report_id"].tolist() == [GAMMA]
    pending = set(queries.reports_by_state(state="pending", year=2023, db=db)["report_id"])
    assert ALPHA not in pending and GAMMA not in pending and "so-beta:2023:year:v1" in pending


def test_a_viewer_may_not_change_a_state(db: Path) -> None:
    add_user(db, "xem", "viewer")
    with pytest.raises(PermissionDenied):
        review.set_review_state(report_id=ALPHA, state="confirmed", user="xem")


# --------------------------------------------------------------------------- period lock


def _lock(db: Path) -> locks.PeriodLock:
    return locks.lock_period(year=2023, period="year", user="duyet", db=db)


def test_lock_is_audited_and_unlock_needs_an_admin_and_a_reason(db: Path, fake_clock) -> None:
    held = _lock(db)
    assert held.locked_at == fake_clock.now()
    assert locks.period_lock(year=2023, db=db) == held
    assert locks.period_lock(year=2022, db=db) is None
    with pytest.raises(locks.LockError):
        _lock(db)  # already locked
    with pytest.raises(PermissionDenied):
        locks.unlock_period(year=2023, period="year", user="duyet", reason="Sửa số", db=db)
    with pytest.raises(locks.LockError) as e:
        locks.unlock_period(year=2023, period="year", user="quantri", reason="  ", db=db)
    assert e.value.user_message == "Vui lòng nhập lý do mở khóa."
    locks.unlock_period(year=2023, period="year", user="quantri", reason="Sở Beta gửi lại", db=db)
    assert locks.period_lock(year=2023, db=db) is None
    assert _audit(db, "lock_period")[0][:2] == ("duyet", "2023:year")
    (user, target, detail), *_ = _audit(db, "unlock_period")
    assert (user, target) == ("quantri", "2023:year")
    assert json.loads(detail)["reason"] == "Sở Beta gửi lại"


def _changes(db: Path) -> dict:
    """Every authored change to the 2023 figures, as a call."""
    unmatched = _one(db, "SELECT id FROM reports WHERE status = 'unmatched'", [])[0]
    file_id = _one(db, "SELECT file_id FROM reports WHERE id = ?", [ALPHA])[0]
    return {
        "correction": lambda: review.correct_field(
            report_id=ALPHA, field="posts_total", new_value=301, reason="x", user="duyet", db=db
        ),
        "confirm": lambda: review.confirm_report(report_id=ALPHA, user="duyet", db=db),
        "return": lambda: review.set_review_state(
            report_id=ALPHA, state="returned", reason="x", user="duyet", db=db
        ),
        "assign": lambda: review.assign_report(
            report_id=unmatched, agency_id="huyen-delta", user="duyet", db=db
        ),
        "arrival": lambda: review.set_arrival(
            file_id=file_id,
            arrived_on=wc.LOADED_ON.replace(day=2),
            incoming_number="9",
            user="duyet",
            reason="x",
            db=db,
        ),
        "not_a_report": lambda: gate.mark_not_report(
            report_id=ALPHA, user="duyet", reason="tờ trình", db=db
        ),
        "paper": lambda: paper.enter_paper_report(
            agency_id="huyen-delta",
            year=2023,
            period="year",
            values={"posts_total": "12"},
            user="duyet",
            db=db,
        ),
    }


@pytest.mark.parametrize(
    "change", ["correction", "confirm", "return", "assign", "arrival", "not_a_report", "paper"]
)
def test_every_change_is_refused_under_lock(db: Path, change: str) -> None:
    calls = _changes(db)
    with wc.on_day(wc.LOADED_ON):
        _lock(db)
        before = queries.compliance_table(year=2023, db=db)
        with pytest.raises(locks.PeriodLocked) as e:
            calls[change]()
    assert "Số liệu cả năm 2023 đã chốt ngày 10/01/2024 bởi duyet" in e.value.user_message
    assert "Mở khóa" in e.value.user_message
    assert queries.compliance_table(year=2023, db=db).equals(before)
    # After "Mở khóa" the same change goes through.
    with wc.on_day(wc.LOADED_ON):
        locks.unlock_period(year=2023, period="year", user="quantri", reason="sửa", db=db)
        calls[change]()


def test_a_load_for_a_locked_period_waits_as_locked_period(db: Path) -> None:
    _lock(db)
    rec = wc.report("Sở Alpha", spokesperson_name="Nguyễn Văn B", posts_total=999)
    with wc.on_day(wc.LOADED_ON):
        res = load.write_record(
            rec, b"alpha v2", original_name="alpha-v2.docx", db=db, user="duyet"
        )
    assert res.outcome == "locked_period"
    assert res.message_vi.startswith("Kỳ đã chốt: số liệu cả năm 2023 đã được chốt")
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["so-alpha", "report_id"] == ALPHA
    assert table.loc["so-alpha", "posts_total"] == 300
    queue = queries.review_queue(db=db)
    item = queue[queue["report_id"] == res.report_id].iloc[0]
    assert (item["kind"], item["related_report_id"]) == ("locked_period", ALPHA)
    with pytest.raises(locks.PeriodLocked):
        review.decide_resubmission(report_id=res.report_id, replace=True, user="duyet", db=db)
    locks.unlock_period(year=2023, period="year", user="quantri", reason="bản sửa", db=db)
    assert (
        review.decide_resubmission(report_id=res.report_id, replace=True, user="duyet", db=db)
        == res.report_id
    )
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["so-alpha", "posts_total"] == 999


def test_exports_say_whether_the_period_is_locked(db: Path) -> None:
    def lines() -> tuple[str, str, list[str], list[str]]:
        wb = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(year=2023, db=db)))
        heading = [wb[name].cell(row=export.TITLE_LINES, column=1).value for name in wb.sheetnames]
        text = "\n".join(
            p.text
            for p in docx.Document(io.BytesIO(export.export_docx(year=2023, db=db))).paragraphs
        )
        rows = list(
            csv.reader(io.StringIO(export.export_csv(year=2023, db=db).decode("utf-8-sig")))
        )
        local = list(
            csv.reader(
                io.StringIO(export.export_csv_excel(year=2023, db=db).decode("utf-8-sig")),
                delimiter=";",
            )
        )
        return heading, text, rows, local

    heading, text, rows, local = lines()
    assert set(heading) == {"Số liệu chưa chốt."}
    assert "Số liệu chưa chốt" in text
    assert rows[0][-1] == "Tình trạng số liệu" and {r[-1] for r in rows[1:]} == {
        "Số liệu chưa chốt"
    }
    with wc.on_day(wc.LOADED_ON):
        _lock(db)
    locked = "Số liệu đã chốt ngày 10/01/2024 bởi duyet"
    heading, text, rows, local = lines()
    assert set(heading) == {f"{locked}."}
    assert locked in text
    assert {r[-1] for r in rows[1:]} == {locked} and {r[-1] for r in local[1:]} == {locked}


# --------------------------------------------------------------------------- paper reports


def test_a_paper_report_is_stored_with_its_source_and_counted(db: Path) -> None:
    assert _rule(db, "huyen-delta", "report_received") == "not_submitted"
    with wc.on_day(wc.LOADED_ON):
        report_id = paper.enter_paper_report(
            agency_id="huyen-delta",
            year=2023,
            period="year",
            values={
                "spokesperson_name": "Lê Văn Giấy",
                "posts_total": "1.200",
                "press_conferences": "2",
                "recommendations": "Đề nghị tập huấn; Đề nghị bố trí kinh phí",
            },
            user="duyet",
            arrived_on=wc.LOADED_ON.replace(month=1, day=2),
            db=db,
        )
    assert report_id == "huyen-delta:2023:year:v1"
    assert _one(db, "SELECT source FROM reports WHERE id = ?", [report_id]) == ("paper",)
    fields = queries.report_fields(report_id=report_id, db=db).set_index("field")
    assert fields.loc["posts_total", "value"] == 1200
    assert fields.loc["recommendations", "value"] == ["Đề nghị tập huấn", "Đề nghị bố trí kinh phí"]
    typed = fields[fields["value"].notna() & (fields.index != "posts_per_month")]
    assert set(typed["quote"]) == {"Nhập tay từ bản giấy – duyet"}
    assert fields.loc["posts_per_month", "value"] == 100  # derived from the total, as always
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["huyen-delta", "report_id"] == report_id
    assert table.loc["huyen-delta", "posts_total"] == 1200
    assert table.loc["huyen-delta", "spokesperson_designated"] == "pass"
    assert table.loc["huyen-delta", "report_received"] == "pass"
    (user, target, detail), *_ = _audit(db, "paper_report")
    assert (user, target, json.loads(detail)["values"]["posts_total"]) == ("duyet", report_id, 1200)


def test_a_paper_value_is_checked_by_the_field_table(db: Path) -> None:
    with pytest.raises(review.InvalidCorrection) as e:
        paper.enter_paper_report(
            agency_id="huyen-delta",
            year=2023,
            period="year",
            values={"posts_total": "-3"},
            user="duyet",
            db=db,
        )
    assert e.value.user_message == "Tổng số tin, bài phải là số nguyên từ 0 đến 100.000."
    assert _one(db, "SELECT count(*) FROM reports WHERE agency_id = 'huyen-delta'", []) == (0,)


def test_paper_inputs_follow_the_field_table() -> None:
    names = [s.name for s in paper.paper_fields(2023)]
    assert names[:2] == ["report_number", "report_date"]
    assert "agency" not in names and "year" not in names and "briefings" not in names
    assert "briefings" in [s.name for s in paper.paper_fields(2026)]


# --------------------------------------------------------------------------- spokesperson decision


def _decision(db: Path) -> str:
    rec = wc.other_doc("decision")
    with wc.on_day(wc.LOADED_ON):
        res = load.write_record(
            rec, b"qd bytes", original_name="QD-nguoi-phat-ngon.docx", db=db, user="duyet"
        )
    assert res.outcome == "not_a_report"
    return res.file_id


def test_a_decision_counts_for_the_spokesperson_rule(db: Path) -> None:
    file_id = _decision(db)
    refused = queries.refused_files(db=db).set_index("file_id")
    assert refused.loc[file_id, "doc_type"] == "decision"
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["so-gamma", "spokesperson_designated"] == "unknown"
    link = gate.link_spokesperson_decision(
        file_id=file_id, agency_id="so-gamma", from_year=2023, user="duyet", db=db
    )
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["so-gamma", "spokesperson_designated"] == "pass"
    values = queries.compliance(year=2023, db=db)
    rule = values[(values["agency_id"] == "so-gamma") & (values["rule_id"] == SPOKESPERSON)]
    assert rule["value"].tolist() == ["Quyết định QD-nguoi-phat-ngon.docx"]
    assert queries.spokesperson_decisions(db=db)["agency_id"].tolist() == ["so-gamma"]
    # Not for the years before it.
    assert _rule_2022_gamma(db) != "pass"
    assert _audit(db, "link_spokesperson_decision")[0][:2] == ("duyet", "so-gamma")
    gate.unlink_spokesperson_decision(link_id=link, user="duyet", db=db)
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["so-gamma", "spokesperson_designated"] == "unknown"
    assert _audit(db, "unlink_spokesperson_decision")[0][:2] == ("duyet", "so-gamma")


def _rule_2022_gamma(db: Path) -> str:
    table = queries.compliance_table(year=2022, db=db).set_index("agency_id")
    return table.loc["so-gamma", "spokesperson_designated"]


def test_only_a_decision_may_be_linked(db: Path) -> None:
    memo = _one(db, "SELECT file_id FROM review_queue WHERE kind = 'not_a_report'", [])[0]
    with pytest.raises(gate.GateError) as e:
        gate.link_spokesperson_decision(
            file_id=memo, agency_id="so-gamma", from_year=2023, user="duyet", db=db
        )
    assert "quyết định" in e.value.user_message
