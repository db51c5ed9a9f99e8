"""The reviewer overruling the classifier (issue 6/7 item 2): "Đây là báo cáo — đọc lại" on a
file refused as not a report, "Không phải báo cáo" on a report, both audited and reversible, and
refused while the period is locked. Real sample documents in a real DuckDB file: Sở Xây dựng's
cover memo (tờ trình) of its 2019 report and UBND huyện Lý Nhân's decision appointing its
spokesperson."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import warehouse_corpus as wc
from conftest import SAMPLES, add_user

from warehouse import gate, load, locks, paper, queries
from warehouse.registry import import_csv

MEMO = SAMPLES / "reports" / "2019" / "ToTrinh_ky_BC_phat_ngon_2019_SXD.docx"
DECISION = SAMPLES / "reports" / "2019" / "QD_nguoi_phat_ngon_UBND_Ly_Nhan.docx"
SXD = "so-xay-dung"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with the sample registry, the memo and the decision loaded (read once)."""
    folder = tmp_path_factory.mktemp("gate")
    db = folder / "w.duckdb"
    add_user(db, "duyet", "editor")
    add_user(db, "quantri", "admin")
    import_csv(SAMPLES / "agencies.csv", db=db, user="cli")
    results = load.load_paths([MEMO, DECISION], db=db, user="cli", workers=1)
    assert [r.outcome for r in results] == ["not_a_report", "not_a_report"]
    return db


@pytest.fixture
def db(loaded: Path, tmp_path: Path) -> Path:
    """A private copy of ``loaded`` (database and stored files)."""
    copy = tmp_path / "w.duckdb"
    wc._copy(loaded, copy)
    return copy


def _file_id(db: Path, name: str) -> str:
    refused = queries.refused_files(db=db)
    return refused.loc[refused["original_name"] == name, "file_id"].item()


def _sxd_2019(db: Path) -> str | None:
    table = queries.compliance_table(year=2019, db=db).set_index("agency_id")
    return table.loc[SXD, "report_id"] if SXD in table.index else None


def _actions(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT action, \"user\", detail FROM audit WHERE action LIKE 'gate_%' ORDER BY id"
        ).fetchall()


def test_gate_overrule_round_trip(db: Path) -> None:
    memo = _file_id(db, MEMO.name)
    refused = queries.refused_files(db=db)
    assert set(refused["doc_type"]) == {"memo", "decision"}
    # "Đây là báo cáo — đọc lại": extracted as a report, needing review, counted.
    res = gate.read_as_report(file_id=memo, user="duyet", reason="Báo cáo kèm tờ trình", db=db)
    assert (res.outcome, res.agency, res.year, res.period) == ("loaded", SXD, 2019, "year")
    assert _sxd_2019(db) == res.report_id
    assert memo not in set(queries.refused_files(db=db)["file_id"])
    queue = queries.review_queue(db=db)
    assert res.report_id in set(queue["report_id"])  # a forced read always needs a person
    # "Không phải báo cáo": out of the totals, back in the non-reports list.
    gate.mark_not_report(report_id=res.report_id, user="duyet", reason="Chỉ là tờ trình", db=db)
    assert _sxd_2019(db) is None
    refused = queries.refused_files(db=db).set_index("file_id")
    assert refused.loc[memo, "report_id"] == res.report_id
    assert "Chỉ là tờ trình" in refused.loc[memo, "message"]
    assert res.report_id not in set(queries.review_queue(db=db)["report_id"])
    # And back again, without reading the file: the same report, current again.
    assert gate.read_as_report(file_id=memo, user="duyet", db=db) == res.report_id
    assert _sxd_2019(db) == res.report_id
    assert memo not in set(queries.refused_files(db=db)["file_id"])
    actions = _actions(db)
    assert [(a, u) for a, u, _ in actions] == [
        ("gate_report", "duyet"),
        ("gate_not_report", "duyet"),
        ("gate_report", "duyet"),
    ]
    assert json.loads(actions[1][2])["reason"] == "Chỉ là tờ trình"
    with duckdb.connect(str(db), read_only=True) as con:
        kept = con.execute("SELECT decision FROM gate_decisions ORDER BY id").fetchall()
    assert kept == [("report",), ("not_report",), ("report",)]
    with pytest.raises(gate.GateError):
        gate.read_as_report(file_id=memo, user="duyet", db=db)  # a report already


def test_gate_overrules_are_refused_under_lock(db: Path) -> None:
    memo = _file_id(db, MEMO.name)
    locks.lock_period(year=2019, period="year", user="duyet", db=db)
    with pytest.raises(locks.PeriodLocked):
        gate.read_as_report(file_id=memo, user="duyet", db=db)
    assert _sxd_2019(db) is None and memo in set(queries.refused_files(db=db)["file_id"])
    locks.unlock_period(year=2019, period="year", user="quantri", reason="đọc lại", db=db)
    res = gate.read_as_report(file_id=memo, user="duyet", db=db)
    locks.lock_period(year=2019, period="year", user="duyet", db=db)
    with pytest.raises(locks.PeriodLocked):
        gate.mark_not_report(report_id=res.report_id, user="duyet", reason="tờ trình", db=db)
    assert _sxd_2019(db) == res.report_id


def test_a_real_decision_counts_for_a_paper_report(db: Path) -> None:
    decision = _file_id(db, DECISION.name)
    report_id = paper.enter_paper_report(
        agency_id="ubnd-huyen-ly-nhan",
        year=2019,
        period="year",
        values={"posts_total": "150"},
        user="duyet",
        db=db,
    )
    values = queries.compliance(year=2019, db=db)
    rule = values[
        (values["report_id"] == report_id) & (values["rule_id"] == "spokesperson_designated")
    ]
    assert rule["status"].tolist() == ["unknown"]
    gate.link_spokesperson_decision(
        file_id=decision, agency_id="ubnd-huyen-ly-nhan", from_year=2019, user="duyet", db=db
    )
    values = queries.compliance(year=2019, db=db)
    rule = values[
        (values["report_id"] == report_id) & (values["rule_id"] == "spokesperson_designated")
    ]
    assert rule["status"].tolist() == ["pass"]
    assert rule["value"].tolist() == [f"Quyết định {DECISION.name}"]
