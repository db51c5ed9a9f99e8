"""Đơn vị: an agency's versions (superseded marked), evidence, original files."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict

import pytest
from conftest import SAMPLES, frame, load_truth, sample_years, unescape_md

pytestmark = pytest.mark.slow


def _versions_by_agency() -> dict[str, dict[tuple[int, str], set[str]]]:
    """Return agency -> (year, period) -> distinct sha256 of its sample report files."""
    out: dict[str, dict[tuple[int, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for rep in load_truth():
        sha = hashlib.sha256((SAMPLES / "reports" / rep.file).read_bytes()).hexdigest()
        out[rep.truth["agency"]][rep.key[1:]].add(sha)
    return out


def test_agency_history_marks_superseded_versions(make_app):
    versions = _versions_by_agency()
    agency = max(versions, key=lambda a: (max(len(s) for s in versions[a].values()), a))
    periods = versions[agency]
    with (SAMPLES / "agencies.csv").open(encoding="utf-8") as fh:
        ids = {r["name"]: r["id"] for r in csv.DictReader(fh)}
    at = make_app("don_vi")
    assert any(o.startswith(f"{agency} – ") for o in at.selectbox(key="agency_pick").options)
    at.selectbox(key="agency_pick").set_value(ids[agency]).run()
    assert not at.exception, at.exception
    history = frame(at, "Hiệu lực")
    assert len(history) == sum(len(s) for s in periods.values())
    superseded = (history["Hiệu lực"] == "Đã bị thay thế").sum()
    assert superseded == sum(len(s) - 1 for s in periods.values())
    assert (history["Hiệu lực"] == "Hiện hành").sum() == len(periods)
    # Details come one period at a time, newest first: every version of the chosen period shows
    # its values with evidence (one table per version) and its original file.
    pick = at.selectbox(key=f"detail_period_{ids[agency]}")
    assert pick.value[0] == max(year for year, _ in periods)
    shown = 0
    for year_period, shas in periods.items():
        at.selectbox(key=f"detail_period_{ids[agency]}").set_value(year_period).run()
        assert not at.exception, at.exception
        downloads = [b for b in at.get("download_button") if b.label == "Tải tệp gốc"]
        assert len(downloads) == len(shas), year_period
        assert len(at.table) == len(shas), year_period
        shown += len(shas)
    assert shown == len(history)


def test_link_from_training_page_opens_the_agency(make_app):
    with (SAMPLES / "agencies.csv").open(encoding="utf-8") as fh:
        target = list(csv.DictReader(fh))[-1]
    at = make_app("don_vi")
    at.query_params["agency"] = target["id"]  # what st.page_link(query_params=...) sends
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="agency_pick").value == target["id"]
    assert at.caption[0].value.startswith(("Sở, ban, ngành", "UBND", "Khác"))


def test_document_text_is_shown_literally(make_app, writable_db):
    from warehouse import queries, review

    payload = "<img src=x onerror=alert(1)> **Đậm** [bấm](javascript:alert(1)) :red[đỏ]"
    history = queries.agency_history(
        agency_id=_first_agency_with_report(writable_db), db=writable_db
    )
    current = history[history["is_current"]].iloc[0]
    review.correct_field(
        report_id=current["report_id"],
        field="spokesperson_name",
        new_value=payload,
        reason="Kiểm tra hiển thị",
        user="admin",
        db=writable_db,
    )
    at = make_app("don_vi")
    at.selectbox(key="agency_pick").set_value(_first_agency_with_report(writable_db)).run()
    cells = [c for t in at.table for c in t.value["Giá trị"]]
    raw = [c for c in cells if "onerror" in c]
    assert raw, cells
    assert all("\\<img" in c and "\\*\\*" in c and "\\[" in c for c in raw)
    assert unescape_md(raw[0]) == payload


def _first_agency_with_report(db) -> str:
    from warehouse import queries

    table = queries.compliance_table(year=sample_years()[0], db=db)
    return table.dropna(subset=["report_id"]).iloc[0]["agency_id"]


def test_the_agency_page_details_each_criterion_for_the_sidebars_period(make_app, seeded_db):
    """The compact marks of Tổng quan are detailed on Đơn vị: every criterion, its result, the
    value it looked at and its legal basis, for the period chosen in the sidebar."""
    from ui.tables import STATUS_MARKS
    from warehouse import queries
    from warehouse.labels import STATUS_LABELS

    at = make_app("don_vi")
    for year in sample_years()[-1:]:  # one year: each choice reruns the page
        at.sidebar.selectbox(key="filter_year").set_value(year).run()
        results = queries.compliance(year=year, db=seeded_db)
        agency_id = sorted(set(results["agency_id"][results["report_id"].notna()]))[0]
        at.selectbox(key="agency_pick").set_value(agency_id).run()
        assert not at.exception, at.exception
        expected = results[results["agency_id"] == agency_id]
        shown = frame(at, "Tiêu chí")
        assert shown["Tiêu chí"].to_list() == expected["rule_label"].to_list(), year
        assert shown["Kết quả"].to_list() == [
            f"{STATUS_MARKS[s]} {STATUS_LABELS[s]}" for s in expected["status"]
        ], year
        assert all(shown["Căn cứ"].str.len() > 0), year
        assert any("✓ đạt" in c.value for c in at.caption), year
