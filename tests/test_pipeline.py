"""Pipeline statuses, JSON contract, batch order and isolation, and the CLI."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import CorruptFile, EmptyFile, UnsupportedFormat
from ingest.evaluation import Evaluation, Miss, values_match
from ingest.pipeline import (
    CRASH_ERROR,
    GENERIC_ERROR,
    NOT_FOUND_ERROR,
    collect_files,
    extract_file,
    extract_many,
    sha256_file,
)
from ingest.record import (
    ALL_FIELDS,
    FIELD_NAMES,
    FIELDS,
    FORM_FIELDS,
    SPECS,
    ExtractedReport,
    FieldValue,
)
from ingest.registry import Registry

IND = Path("tests/independent")
REPORT = IND / "reports" / "so-y-te-nam-dinh-2021.docx"
MEMO = IND / "reports" / "to-trinh-ky-bao-cao-hai-hau.docx"
HAI_HAU = IND / "reports" / "ubnd-huyen-hai-hau-h1-2022.docx"
JSON_KEYS = (
    {"file", "sha256", "format", "status", "doc_type", "error"}
    | set(FIELD_NAMES)
    | {"posts_per_month_derived", "evidence", "confidence"}
)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_csv(IND / "agencies.csv")


@pytest.fixture
def bad_files(tmp_path) -> dict[str, Path]:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    text = tmp_path / "notes.pdf"
    text.write_text("chỉ là một tệp văn bản thường", encoding="utf-8")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + os.urandom(200))
    return {"empty": empty, "text": text, "broken": broken}


def test_ok_report(registry):
    rep = extract_file(REPORT, registry=registry)
    assert rep.status == "ok", rep.warnings
    assert rep.doc_type == "report" and rep.format == "docx"
    assert rep.sha256 == sha256_file(REPORT) and len(rep.sha256) == 64
    assert rep.value("agency") == "Sở Y tế"
    assert rep.value("posts_total") == 1126
    assert rep.error is None and rep.seconds > 0


def test_memo_is_not_a_report_and_has_no_values(registry):
    rep = extract_file(MEMO, registry=registry)
    assert rep.status == "not_a_report" and rep.doc_type == "memo"
    assert rep.fields == {}
    assert all(rep.to_json()[n] is None for n in FIELD_NAMES)


def test_agency_missing_from_registry_needs_review(tmp_path):
    csv = tmp_path / "reg.csv"
    csv.write_text(
        "id,name,short_name,aliases,type,parent,province,valid_from,valid_to\n"
        "x,Sở Xây dựng,SXD,,department,,Nam Định,2000-01-01,\n",
        encoding="utf-8",
    )
    rep = extract_file(REPORT, registry=Registry.from_csv(csv))
    assert rep.status == "needs_review"
    assert any("registry" in w for w in rep.warnings)


def test_without_registry_the_agency_is_as_written():
    rep = extract_file(REPORT)
    assert rep.status == "ok"
    assert rep.value("agency").lower() == "sở y tế"


def test_low_confidence_value_needs_review(tmp_path, registry):
    # A report whose year can only come from the signing date: low confidence, review.
    from docx import Document as Docx

    d = Docx()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = (
        "UBND TỈNH NAM ĐỊNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    )
    t.cell(1, 0).text, t.cell(1, 1).text = "SỞ Y TẾ", "Nam Định, ngày 10 tháng 12 năm 2021"
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Công tác phát ngôn và cung cấp thông tin cho báo chí")
    d.add_paragraph("Trang thông tin điện tử của Sở đã đăng 120 tin, bài.")
    path = tmp_path / "r.docx"
    d.save(path)
    rep = extract_file(path, registry=registry)
    assert rep.value("year") == 2021
    assert rep.status == "needs_review"


@pytest.mark.parametrize(
    ("kind", "exc"), [("empty", EmptyFile), ("text", UnsupportedFormat), ("broken", CorruptFile)]
)
def test_bad_input_is_an_error_status_with_vietnamese_message(bad_files, kind, exc, caplog):
    caplog.set_level("INFO", logger="ingest")
    rep = extract_file(bad_files[kind])
    assert rep.status == "error"
    assert rep.error == exc.user_message
    assert rep.error_detail
    assert rep.fields == {}
    assert any(str(bad_files[kind]) in r.getMessage() for r in caplog.records)


def test_missing_file_is_an_error():
    rep = extract_file("/nonexistent/bao-cao.docx")
    assert rep.status == "error" and rep.error == NOT_FOUND_ERROR


def test_unexpected_exception_is_an_error_with_generic_message(caplog):
    class Exploding(Registry):
        def match(self, *a, **k):
            raise RuntimeError("boom")

    rep = extract_file(REPORT, registry=Exploding([]))
    assert rep.status == "error" and rep.error == GENERIC_ERROR
    assert "RuntimeError" in rep.error_detail
    assert any("Traceback" in r.getMessage() for r in caplog.records)


def test_json_has_exactly_the_contract_keys(registry):
    out = extract_file(HAI_HAU, registry=registry).to_json()
    assert set(out) == JSON_KEYS
    assert out["period"] == "h1" and out["posts_per_month_derived"] is True
    assert out["press_conferences"] is None  # silent: unknown, never 0
    assert out["evidence"]["posts_total"]["qualifier"] == "hơn"
    json.dumps(out, ensure_ascii=False)


# The CLI JSON's keys, in order: the fixed envelope, each CLI spec of the field table (with the
# derived flag after posts_per_month), then evidence and confidence.
ENVELOPE_KEYS = ("file", "sha256", "format", "status", "doc_type", "error")
CONTRACT_ORDER = [
    *ENVELOPE_KEYS,
    *(
        key
        for spec in FIELDS
        if spec.cli
        for key in (
            (spec.name, "posts_per_month_derived")
            if spec.name == "posts_per_month"
            else (spec.name,)
        )
    ),
    "evidence",
    "confidence",
]
CONTRACT_KEYS = set(CONTRACT_ORDER)


def test_cli_json_keys_follow_the_field_table_in_order():
    assert list(ExtractedReport("x.docx").to_json()) == CONTRACT_ORDER
    assert [n for n in CONTRACT_ORDER if n in SPECS] == list(FIELD_NAMES)
    assert all(SPECS[n].cli for n in FIELD_NAMES) and "posts_per_month" in FIELD_NAMES


def test_form_fields_are_cli_keys_with_evidence():
    # Issue 3/7: every Decree 244 count is a key of the CLI's JSON, with evidence; null when silent.
    assert JSON_KEYS == CONTRACT_KEYS
    assert ALL_FIELDS == FIELD_NAMES and set(FORM_FIELDS) <= set(FIELD_NAMES)
    assert {"correction_requests", "corrections_total"} <= set(FORM_FIELDS)
    rep = ExtractedReport("x.docx", status="ok", doc_type="report")
    rep.fields["posts_total"] = FieldValue(642, 0.9, "Tin, bài | 642")
    rep.fields["briefings"] = FieldValue(5, 0.9, "Đưa thông tin tại cuộc giao ban báo chí | 05")
    rep.fields["press_requests_answered"] = FieldValue(14, 0.9, "đã trả lời/đã tiếp nhận | 14/15")
    out = rep.to_json()
    assert set(out) == CONTRACT_KEYS
    assert out["briefings"] == 5 and out["press_requests_answered"] == 14
    assert all(out[n] is None for n in FORM_FIELDS if n not in rep.fields)
    assert set(out["evidence"]) == set(out["confidence"])
    assert set(out["evidence"]) == {"posts_total", "briefings", "press_requests_answered"}
    assert out["evidence"]["briefings"]["quote"].endswith("| 05")


def test_evaluation_scores_form_fields_from_the_cli_json():
    rep = ExtractedReport("x.docx", status="ok", doc_type="report")
    rep.fields["briefings"] = FieldValue(5, 0.9, "q")
    rep.fields["incidents_total"] = FieldValue(3, 0.9, "q")
    rep.fields["corrections_total"] = FieldValue(4, 0.9, "q")
    ev = Evaluation()
    truth = {"doc_type": "report", "briefings": 5, "incidents_total": 2}
    truth["correction_requests"] = None
    ev.add("x.docx", truth, rep)
    # A truth file without a key (corrections_total here) is not scored on it.
    assert ev.field_total == {"briefings": 1, "incidents_total": 1, "correction_requests": 1}
    assert ev.field_correct == {"briefings": 1, "correction_requests": 1}
    assert ev.misses == [Miss("x.docx", "incidents_total", 2, 3, 0.9)]
    assert ev.silent_errors == ev.misses
    assert "briefings" in ev.report()


def test_extracted_form_indicators_are_in_the_json(registry):
    rep = extract_file(IND / "reports" / "so-nn-mt-dong-nai-2026.docx", registry=registry)
    out = rep.to_json()
    assert set(out) == CONTRACT_KEYS
    assert out["briefings"] == 5 and out["correction_requests"] == 0
    assert (out["press_requests_answered"], out["press_requests_received"]) == (14, 15)
    assert (out["incidents_spoken"], out["incidents_total"]) == (3, 3)
    assert (out["answers_on_time"], out["answers_total"]) == (13, 14)
    # The form's row 6 gives a lone count: its total stays unknown, never 0.
    assert out["corrections_total"] is None and "corrections_total" not in out["evidence"]
    for name in FORM_FIELDS:
        if out[name] is not None:
            assert out["evidence"][name]["quote"] and out["evidence"][name]["where"], name


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_keeps_input_order_and_survives_bad_files(bad_files, registry, workers):
    paths = [REPORT, bad_files["empty"], MEMO, bad_files["broken"], HAI_HAU, bad_files["text"]]
    results = list(extract_many(paths, workers=workers, registry=registry, progress=False))
    assert [r.file for r in results] == [str(p) for p in paths]
    assert [r.status for r in results] == [
        "ok",
        "error",
        "not_a_report",
        "error",
        "ok",
        "error",
    ]


class _KillsWorker(Registry):
    """A registry whose agency lookup ends the worker process, like a reader killed mid-file."""

    def match(self, *args, **kwargs):
        os._exit(3)


def test_worker_crash_becomes_an_error_result_and_the_batch_goes_on(registry):
    # Reports look their agency up (and kill their worker); the memo never does. 34 files go to
    # the workers two at a time, so a crash takes a neighbour down with it: that one is redone.
    paths = [MEMO] * 20 + [REPORT] + [MEMO] * 10 + [HAI_HAU] + [MEMO] * 2
    killer = _KillsWorker(registry.agencies)
    results = list(extract_many(paths, workers=2, registry=killer, progress=False))
    assert [r.file for r in results] == [str(p) for p in paths]
    for path, r in zip(paths, results, strict=True):
        if path == MEMO:
            assert r.status == "not_a_report" and r.doc_type != "report", r.error
        else:
            assert r.status == "error" and r.error == CRASH_ERROR


def test_progress_bar_goes_to_stderr(capsys, registry):
    list(extract_many([REPORT, MEMO], workers=1, registry=registry, progress=True))
    captured = capsys.readouterr()
    assert "2/2" in captured.err and captured.out == ""


def test_collect_files_walks_folders_by_extension(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.DOCX").write_bytes(b"x")
    (tmp_path / "a" / "notes.txt").write_text("x")
    (tmp_path / "y.pdf").write_bytes(b"x")
    explicit = tmp_path / "scan.bin"
    explicit.write_bytes(b"x")
    got = collect_files([tmp_path, explicit])
    assert [p.name for p in got] == ["x.DOCX", "y.pdf", "scan.bin"]


@pytest.mark.parametrize(
    ("name", "expected", "got", "ok"),
    [
        ("posts_total", 315, 315.0, True),
        ("posts_total", 315, 316, False),
        ("agency", "Sở Y tế", "SỞ Y TẾ ", True),
        ("agency", "Sở Y tế", None, False),
        ("press_conferences", None, None, True),
        ("press_conferences", None, 0, False),
        ("outlets", ["Báo Hà Nam", "VTV"], ["VTV", "báo hà nam"], True),
        ("outlets", ["Báo Hà Nam"], [], False),
        ("recommendations", [], [], True),
        (
            "recommendations",
            ["Đề nghị tập huấn kỹ năng phát ngôn."],
            ["Đề nghị tập huấn kỹ năng phát ngôn"],
            True,
        ),
        ("recommendations", ["Đề nghị tập huấn."], ["Đề nghị cấp kinh phí."], False),
        ("training_requested", False, False, True),
        ("training_requested", False, None, False),
        # Mixed and mismatched types: each field's comparison only where the types fit it.
        ("posts_total", 5, "5", False),
        ("posts_total", "5", 5, False),
        ("posts_total", 1, True, False),
        ("press_conferences", 0, False, False),
        ("training_requested", True, 1, False),
        ("training_requested", True, True, True),
        ("training_requested", 1, 1.0, True),
        ("posts_total", "Năm", "nam", True),
        ("agency", 5, 5.0, True),
        ("agency", ["Sở Y tế"], ["so y te"], True),
        ("outlets", "VTV", ["VTV"], False),
        ("recommendations", "Không.", "khong", True),
        ("recommendations", ["Đề nghị tập huấn."], ["Đề nghị tập huấn.", "Khác"], False),
        ("briefings", 5, 5.0, True),
        ("briefings", 5, None, False),
        ("posts_per_month_derived", True, True, True),
        ("posts_per_month_derived", False, 0, False),
        ("not_a_field", ["a", "B"], ["b", "a"], True),
        ("not_a_field", {"a": 1}, {"a": 1}, True),
    ],
)
def test_values_match(name, expected, got, ok):
    assert values_match(name, expected, got) is ok


# ------------------------------------------------------------------------------------------ CLI


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args], capture_output=True, text=True, timeout=300
    )


def test_cli_extract_json_is_one_array_in_input_order(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"")
    r = _cli("extract", str(REPORT), str(bad), str(MEMO), "--json", "--workers", "2",
             "--registry", str(IND / "agencies.csv"))  # fmt: skip
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [d["file"] for d in data] == [str(REPORT), str(bad), str(MEMO)]
    assert [d["status"] for d in data] == ["ok", "error", "not_a_report"]
    assert all(set(d) == JSON_KEYS for d in data)
    assert data[1]["error"] == EmptyFile.user_message


@pytest.fixture
def small_set(tmp_path: Path) -> Path:
    """Return a folder shaped like tests/independent (reports/, truth/, agencies.csv) holding
    three of its documents: a report, a tờ trình and a half-year report (the whole set's scores
    are tests/test_golden.py's; the CLI is tested here)."""
    root = tmp_path / "set"
    for sub in ("reports", "truth"):
        (root / sub).mkdir(parents=True)
    for doc in (REPORT, MEMO, HAI_HAU):
        shutil.copy(doc, root / "reports" / doc.name)
        shutil.copy(IND / "truth" / f"{doc.name}.json", root / "truth" / f"{doc.name}.json")
    shutil.copy(IND / "agencies.csv", root / "agencies.csv")
    return root


def test_cli_extract_folder_and_table(small_set: Path):
    r = _cli("extract", str(small_set / "reports"), "--workers", "1", "--registry",
             str(small_set / "agencies.csv"))  # fmt: skip
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("file | status")
    assert len(lines) == 1 + 3
    assert any("Sở Y tế" in ln and "| ok |" in ln for ln in lines)


def test_cli_evaluate_a_set(small_set: Path):
    r = _cli("evaluate", str(small_set), "--workers", "1", "--no-progress")
    assert r.returncode == 0, r.stderr
    assert "documents: 3" in r.stdout and "doc_type accuracy: 1.000" in r.stdout
    assert "non-reports recognised: 1/1" in r.stdout  # the tờ trình
    assert re.search(r"all fields: 1\.000 \(\d+ values\)", r.stdout), r.stdout
    assert re.search(r"posts_total +1\.000 +\(2/2\)", r.stdout), r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "/nonexistent-dir"),
        ("extract",),
        ("nonsense",),
        ("extract", "x", "--workers", "0"),
    ],
)
def test_cli_usage_errors_exit_non_zero(args):
    assert _cli(*args).returncode != 0


def test_cli_has_no_load_command_loading_is_the_warehouses(tmp_path):
    # `python -m warehouse load` (tests/test_warehouse_load.py): ingest never reaches the warehouse.
    db = tmp_path / "w.duckdb"
    r = _cli("load", str(MEMO), "--db", str(db), "--workers", "1")
    assert r.returncode == 2 and "invalid choice: 'load'" in r.stderr
    assert not db.exists()


def test_cli_extract_opens_zip_archives_member_by_member(tmp_path):
    import zipfile

    zipped = tmp_path / "tep-dinh-kem.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.write(REPORT, "Báo cáo/" + REPORT.name)
        zf.writestr("ghi-chu.txt", "không phải báo cáo")
        zf.write(MEMO, MEMO.name)
    folder = tmp_path / "nhan"
    folder.mkdir()
    (folder / zipped.name).write_bytes(zipped.read_bytes())
    r = _cli("extract", str(zipped), str(folder), "--json", "--workers", "2",
             "--registry", str(IND / "agencies.csv"))  # fmt: skip
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    names = [f"Báo cáo/{REPORT.name}", "ghi-chu.txt", MEMO.name]
    # The archive given by name, then the same archive found by walking the folder.
    assert [d["file"] for d in data] == [f"{zipped}/{n}" for n in names] + [
        f"{folder / zipped.name}/{n}" for n in names
    ]
    assert [d["status"] for d in data[:3]] == ["ok", "error", "not_a_report"]
    assert data[0]["sha256"] == sha256_file(REPORT) and data[0]["agency"] == "Sở Y tế"
    assert data[1]["error"] == UnsupportedFormat.user_message
    assert all(set(d) == JSON_KEYS for d in data)
