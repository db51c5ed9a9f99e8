"""The sample corpus is present, complete and consistent with its truth and registry."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ingest.record import FIELD_NAMES, FORM_FIELDS, RATIOS
from ingest.topics import TOPICS
from samples import generate, season2026
from samples.numbers import round1

ROOT = Path(__file__).resolve().parents[1] / "samples"
REPORTS = ROOT / "reports"
TRUTH = ROOT / "truth"
SEASON = ROOT / "season2026"
DOC_EXT = {".docx", ".pdf", ".doc"}
TRUTH_KEYS = {"doc_type", "posts_per_month_derived", *FIELD_NAMES}


def _docs() -> list[Path]:
    return sorted(p for p in REPORTS.rglob("*") if p.is_file())


def _rel(p: Path) -> str:
    return p.relative_to(REPORTS).as_posix()


def _truth(rel: str) -> dict:
    return json.loads((TRUTH / f"{rel}.json").read_text(encoding="utf-8"))


def _all_truth() -> dict[str, dict]:
    return {_rel(p): _truth(_rel(p)) for p in _docs()}


def _registry() -> list[dict[str, str]]:
    with (ROOT / "agencies.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _xml_text(path: Path) -> str:
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_corpus_has_enough_documents_in_every_format():
    docs = _docs()
    by_ext = collections.Counter(p.suffix for p in docs)
    assert len(docs) >= 50
    assert set(by_ext) == DOC_EXT
    assert by_ext[".docx"] >= 20 and by_ext[".pdf"] >= 10 and by_ext[".doc"] >= 3


def test_every_document_has_truth_and_every_truth_a_document():
    docs = {_rel(p) for p in _docs()}
    truths = {p.relative_to(TRUTH).as_posix()[: -len(".json")] for p in TRUTH.rglob("*.json")}
    assert docs == truths


def test_truth_has_the_contract_keys_and_valid_values():
    names = {r["name"] for r in _registry()}
    for rel, t in _all_truth().items():
        assert set(t) == TRUTH_KEYS, rel
        if t["doc_type"] != "report":
            assert all(t[k] is None for k in FIELD_NAMES), rel
            continue
        assert t["agency"] in names, rel
        assert t["province"] == "Hà Nam"
        assert t["year"] == int(rel[:4])
        assert t["period"] in {"year", "h1", "9m", "q1", "q2", "q3", "q4"}
        assert set(t["training_topics"]) <= set(TOPICS), rel
        assert t["training_requested"] == bool(t["training_topics"]), rel
        if t["report_date"]:
            assert dt.date.fromisoformat(t["report_date"]).year == t["year"]


def test_derived_posts_per_month_follows_the_documented_rule():
    months = {"year": 12, "h1": 6, "9m": 9, "q1": 3, "q2": 3, "q3": 3, "q4": 3}
    derived = 0
    for rel, t in _all_truth().items():
        if t["doc_type"] == "report" and t["posts_per_month_derived"]:
            derived += 1
            expected = round1(t["posts_total"] / months[t["period"]])
            assert t["posts_per_month"] == expected, rel
    assert derived >= 10


def test_manifest_covers_every_file_with_late_and_resubmitted_ones():
    with (ROOT / "manifest.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["file", "received_at", "uploaded_by", "note"]
    assert {r["file"] for r in rows} == {_rel(p) for p in _docs()}
    truth = _all_truth()
    late = 0
    for r in rows:
        received = dt.datetime.fromisoformat(r["received_at"])
        t = truth[r["file"]]
        if t["doc_type"] == "report" and t["period"] == "year":
            late += received > dt.datetime(t["year"], 12, 15, 23, 59, 59)
    assert 3 <= late <= 10
    assert sum("gửi lại" in r["note"] for r in rows) == 3


def test_resubmissions_change_values_for_the_same_agency_and_period():
    reports = [t for t in _all_truth().values() if t["doc_type"] == "report"]
    groups = collections.Counter((t["agency"], t["year"], t["period"]) for t in reports)
    assert sum(1 for n in groups.values() if n == 2) == 3
    for key, n in groups.items():
        if n == 2:
            a, b = (t for t in reports if (t["agency"], t["year"], t["period"]) == key)
            assert a != b


def test_some_agencies_did_not_report_each_year():
    regs = [r for r in _registry() if r["valid_from"] <= "2019-01-01"]
    for year in (2019, 2020):
        seen = {
            t["agency"]
            for t in _all_truth().values()
            if t["doc_type"] == "report" and t["year"] == year
        }
        assert 3 <= len({r["name"] for r in regs} - seen) <= 4


def test_non_reports_of_every_kind_are_present():
    types = collections.Counter(t["doc_type"] for t in _all_truth().values())
    assert {"memo", "dispatch", "form", "decision"} <= set(types)
    assert sum(n for k, n in types.items() if k != "report") >= 5
    assert types["report"] >= 45


def test_half_year_reports_present():
    periods = collections.Counter(t["period"] for t in _all_truth().values())
    assert periods["h1"] >= 2


def test_registry_columns_types_and_dates():
    rows = _registry()
    with (ROOT / "agencies.csv").open(encoding="utf-8") as f:
        header = f.readline().strip()
    assert header == (
        "id,name,short_name,aliases,type,parent,province,valid_from,valid_to,"
        "code,successor,former_names"
    )
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["type"] in {"department", "district", "other", "commune"}
        assert r["province"] in {"Hà Nam", "Ninh Bình"}
        assert r["parent"] == f"UBND tỉnh {r['province']}"
        start = dt.date.fromisoformat(r["valid_from"])
        if r["valid_to"]:
            assert dt.date.fromisoformat(r["valid_to"]) >= start
        # Communes carry their official code (QĐ 19/2025/QĐ-TTg), as the app's import writes it.
        assert (r["type"] == "commune") == bool(r["code"]), r["id"]
        for former in filter(None, r["former_names"].split(";")):
            name, _, until = former.rpartition("@")
            assert name and dt.date.fromisoformat(until) >= start, r["id"]
    by_id = {r["id"]: r for r in rows}
    assert "UBND huyện Duy Tiên" in by_id["ubnd-thi-xa-duy-tien"]["aliases"].split(";")
    assert "UBND huyện Kim Bảng" in by_id["ubnd-thi-xa-kim-bang"]["aliases"].split(";")
    assert by_id["so-thong-tin-va-truyen-thong"]["valid_to"] == "2025-02-28"
    assert sum(r["type"] == "district" for r in rows) == 6


def test_nfd_documents_are_decomposed():
    nfd = [
        p
        for p in _docs()
        if p.suffix == ".docx" and any(unicodedata.combining(c) for c in _xml_text(p))
    ]
    assert len(nfd) == 2
    for p in nfd:
        text = _xml_text(p)
        assert unicodedata.normalize("NFD", text) == text
        assert unicodedata.normalize("NFC", text) != text
        assert "báo cáo" in unicodedata.normalize("NFC", text).lower()


def test_tcvn3_documents_are_legacy_encoded():
    from ingest.text import decode_legacy

    legacy = []
    for p in _docs():
        if p.suffix != ".docx":
            continue
        xml = zipfile.ZipFile(p).read("word/document.xml").decode("utf-8")
        if 'w:ascii=".VnTime"' in xml:
            legacy.append(p)
            text = _xml_text(p)
            assert "ệ" not in text and "ả" not in text  # no Unicode Vietnamese letters
            assert 'w:ascii=".VnTimeH"' in xml
            assert "phát ngôn" in decode_legacy(text, "tcvn3")
    assert 2 <= len(legacy) <= 3


def test_scans_have_no_text_layer_and_word_pdfs_do():
    scans = [p for p in _docs() if p.name.startswith("scan_")]
    assert 3 <= len(scans) <= 5
    for p in _docs():
        if p.suffix != ".pdf":
            continue
        doc = pdfium.PdfDocument(str(p))
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        doc.close()
        if p in scans:
            assert text.strip() == "", p
        else:
            assert "BÁO CÁO" in text or "TỜ TRÌNH" in text or "Kính gửi" in text, p


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_a_scan_is_readable_by_tesseract_vie(tmp_path):
    scan = next(p for p in _docs() if p.name.startswith("scan_"))
    doc = pdfium.PdfDocument(str(scan))
    doc[0].render(scale=150 / 72).to_pil().save(tmp_path / "p1.png")  # the scan is 150 dpi
    doc.close()
    out = subprocess.run(
        ["tesseract", str(tmp_path / "p1.png"), "-", "-l", "vie"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
    ).stdout
    assert "BÁO CÁO" in out or "QUYẾT ĐỊNH" in out
    assert "phát ngôn" in out


def test_seed_report_truth_is_the_hand_checked_one():
    t = _truth("2020/thanh-tra-ha-nam-2020.docx")
    assert t["agency"] == "Thanh tra tỉnh"
    assert (t["spokesperson_name"], t["spokesperson_title"]) == (None, "Chánh Thanh tra tỉnh")
    assert (t["posts_total"], t["posts_per_month"], t["posts_per_month_derived"]) == (
        315,
        22,
        False,
    )
    assert (t["press_conferences"], t["report_number"], t["report_date"]) == (0, None, None)
    assert t["training_requested"] and t["training_topics"] == ["spokesperson_skills"]
    text = _xml_text(REPORTS / "2020/thanh-tra-ha-nam-2020.docx")
    assert "đã đăng 315 tin bài lên cổng thông tin điện tử của cơ quan" in text
    assert "Trung bình trên 22 tin, bài/tháng" in text


def test_total_size_is_at_most_15_mb():
    total = sum(p.stat().st_size for p in ROOT.rglob("*") if p.is_file())
    assert total <= 15 * 1024 * 1024


def test_every_field_has_at_least_eight_phrasings():
    counts = generate.phrasing_counts(generate.plan())
    for name in (
        "agency",
        "province",
        "period",
        "report_number",
        "report_date",
        "spokesperson",
        "posts",
        "ppm",
        "press",
        "outlets",
        "recommendations",
        "training",
        "strengths",
        "limitations",
    ):
        assert len(counts[name]) >= 8, (name, counts[name])


def test_generator_is_deterministic_for_docx(tmp_path):
    generate.main(["--out", str(tmp_path), "--only-docx"])
    committed = sorted(p for p in REPORTS.rglob("*.docx"))
    fresh = sorted((tmp_path / "reports").rglob("*.docx"))
    assert [_rel(p) for p in committed] == [
        p.relative_to(tmp_path / "reports").as_posix() for p in fresh
    ]
    for old, new in zip(committed, fresh, strict=True):
        assert _xml_text(old) == _xml_text(new), old.name
    season = sorted((SEASON / "reports").rglob("*.docx"))
    fresh_season = sorted((tmp_path / "season2026" / "reports").rglob("*.docx"))
    assert [p.name for p in season] == [p.name for p in fresh_season]
    for old, new in zip(season, fresh_season, strict=True):
        assert _xml_text(old) == _xml_text(new), old.name
    assert (tmp_path / "agencies.csv").read_bytes() == (ROOT / "agencies.csv").read_bytes()
    for p in fresh:
        rel = p.relative_to(tmp_path / "reports").as_posix()
        assert json.loads(
            (tmp_path / "truth" / f"{rel}.json").read_text(encoding="utf-8")
        ) == _truth(rel)


# ------------------------------------------------------------------ the 2026 season (Ninh Bình)


def _season_docs() -> list[Path]:
    return sorted(p for p in (SEASON / "reports").rglob("*") if p.is_file())


def _season_truth() -> dict[str, dict]:
    out = {}
    for doc in _season_docs():
        rel = doc.relative_to(SEASON / "reports").as_posix()
        out[rel] = json.loads((SEASON / "truth" / f"{rel}.json").read_text(encoding="utf-8"))
    return out


def test_ninh_binh_has_its_129_commune_level_units_from_the_national_list():
    import vietnam_provinces

    national = json.loads(
        Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8")
    )
    wards = next(p for p in national if p["name"] == "Ninh Bình")["wards"]
    rows = [r for r in _registry() if r["province"] == "Ninh Bình"]
    communes = [r for r in rows if r["type"] == "commune"]
    assert len(communes) == len(wards) == 129
    assert collections.Counter(r["name"].split()[1] for r in communes) == {"xã": 97, "phường": 32}
    assert {r["id"] for r in communes} == {f"ubnd-{w['code']:05d}" for w in wards}
    by_id = {r["id"]: r for r in communes}
    for w in wards:
        row = by_id[f"ubnd-{w['code']:05d}"]
        # The list has a stray double space ("Xã  Xuân Giang"): names are kept single-spaced.
        name = " ".join(w["name"].split())
        assert row["name"] == "UBND " + name[0].lower() + name[1:], w
        assert f"Ủy ban nhân dân {name[0].lower()}{name[1:]}" in row["aliases"]
    assert all(r["valid_from"] == "2025-07-01" and not r["valid_to"] for r in rows)
    names = {r["name"] for r in rows if r["type"] != "commune"}
    assert {
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Khoa học và Công nghệ",
        "Thanh tra tỉnh",
    } <= names
    assert "Sở Thông tin và Truyền thông" not in names  # merged into Sở KH&CN in 2025


def test_ha_nam_stays_as_history_ending_by_the_merger():
    rows = [r for r in _registry() if r["province"] == "Hà Nam"]
    assert len(rows) == 25
    assert all(r["valid_to"] and r["valid_to"] <= "2025-06-30" for r in rows)
    assert all(r["type"] != "commune" for r in rows)


def test_season_corpus_has_every_format_and_its_truth():
    docs = _season_docs()
    truths = {
        p.relative_to(SEASON / "truth").as_posix()[: -len(".json")]
        for p in (SEASON / "truth").rglob("*.json")
    }
    assert {d.relative_to(SEASON / "reports").as_posix() for d in docs} == truths
    assert 30 <= len(docs) <= 40
    by_ext = collections.Counter(p.suffix for p in docs)
    assert by_ext[".docx"] >= 20 and by_ext[".pdf"] >= 4 and by_ext[".zip"] == 1
    scanned_pages = signed = 0
    for p in docs:
        if p.suffix != ".pdf":
            continue
        doc = pdfium.PdfDocument(str(p))
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        if not text.strip():
            scanned_pages += len(doc)
        elif "Ký bởi" in text:
            signed += 1
            assert "Thời gian ký" in text and "BÁO CÁO" in text
        doc.close()
    assert 1 <= scanned_pages <= 3  # OCR time: the suite extracts every sample several times
    assert signed == 1
    (photos,) = (p for p in docs if p.suffix == ".zip")
    with zipfile.ZipFile(photos) as zf:
        members = zf.namelist()
        assert len(members) == 2 and all(m.endswith(".jpg") for m in members)
        assert all(zf.read(m)[:3] == b"\xff\xd8\xff" for m in members)


def test_season_truth_is_the_2026_form_of_ninh_binh_units():
    units = {r["name"]: r for r in _registry() if r["province"] == "Ninh Bình"}
    truth = _season_truth()
    keys = {"doc_type", "posts_per_month_derived", *FIELD_NAMES, *FORM_FIELDS}
    kinds = collections.Counter()
    for rel, t in truth.items():
        assert set(t) == keys, rel
        assert t["doc_type"] == "report" and (t["year"], t["period"]) == (2026, "year")
        assert t["province"] == "Ninh Bình" and t["agency"] in units, rel
        kinds[units[t["agency"]]["type"]] += 1
        for num, den in RATIOS:
            if t[num] is not None and t[den] is not None:
                assert 0 <= t[num] <= t[den], (rel, num)
        assert t["training_requested"] == bool(t["training_topics"]), rel
    assert kinds["commune"] >= 20 and kinds["department"] >= 8
    # Some reports are silent on a form item: unknown (null), never 0.
    assert any(t["briefings"] is None for t in truth.values())
    assert any(t["press_conferences"] == 0 for t in truth.values())


def test_season_reports_use_the_2026_window_and_commune_letterheads():
    window = "từ ngày 15/12/2025 đến ngày 14/12/2026"
    layouts = collections.Counter()
    for p in _season_docs():
        if p.suffix != ".docx":
            continue
        text = _xml_text(p)
        assert window in text, p.name
        assert "Nghị định số 244/2026/NĐ-CP" in text
        if "BC-UBND" in text:
            assert "ỦY BAN NHÂN DÂN" in text and ("XÃ " in text or "PHƯỜNG " in text), p.name
        layouts["table" if "Nội dungKết quả" in text else "other"] += 1
        layouts["annex"] += "PHỤ LỤC" in text
        layouts["lines"] += "(3) Số lượt trả lời" in text
        layouts["prose"] += "Trong kỳ báo cáo, đơn vị đã" in text
    assert all(layouts[k] >= 3 for k in ("table", "annex", "lines", "prose")), layouts


def test_season_arrivals_some_late_none_after_the_view_day():
    with (SEASON / "manifest.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    docs = {p.relative_to(SEASON / "reports").as_posix() for p in _season_docs()}
    files = {r["file"] for r in rows}
    assert docs <= files
    # The photo set's members are listed too: the warehouse looks each member up by name.
    assert {f.rsplit("/", 1)[0] for f in files - docs} == {d for d in docs if d.endswith(".zip")}
    arrived = [dt.datetime.fromisoformat(r["received_at"]) for r in rows if r["file"] in docs]
    late = [a for a in arrived if a.date() > season2026.DEADLINE]
    assert len(late) == generate.SEASON_LATE
    assert max(arrived).date() <= season2026.VIEW_DAY
    expected = sum(1 for r in _registry() if r["province"] == "Ninh Bình")
    assert expected - len(docs) >= 100  # most communes have not reported by 6/12
