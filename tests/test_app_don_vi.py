"""Đơn vị: an agency's versions (superseded marked), evidence, original files."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict

import pytest
from conftest import SAMPLES, frame, load_truth

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
    assert agency in at.selectbox(key="agency_pick").options
    at.selectbox(key="agency_pick").set_value(ids[agency]).run()
    assert not at.exception, at.exception
    history = frame(at, "Hiệu lực")
    assert len(history) == sum(len(s) for s in periods.values())
    superseded = (history["Hiệu lực"] == "Đã bị thay thế").sum()
    assert superseded == sum(len(s) - 1 for s in periods.values())
    assert (history["Hiệu lực"] == "Hiện hành").sum() == len(periods)
    downloads = [b for b in at.get("download_button") if b.label == "Tải tệp gốc"]
    assert len(downloads) == len(history)
    # Every version shows its values with evidence (one table per version).
    assert len(at.table) == len(history)


def test_link_from_training_page_opens_the_agency(make_app):
    with (SAMPLES / "agencies.csv").open(encoding="utf-8") as fh:
        target = list(csv.DictReader(fh))[-1]
    at = make_app("don_vi")
    at.query_params["agency"] = target["id"]  # what st.page_link(query_params=...) sends
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="agency_pick").value == target["id"]
    assert at.caption[0].value.startswith(("Sở, ban, ngành", "UBND", "Khác"))
