"""Loading: idempotence by sha256, versions, one transaction per file, corrections, review."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import warehouse_corpus as wc
from conftest import BAD_TYPED_VALUES, SAMPLES, add_user

from ingest.errors import WarehouseError
from ingest.record import FIELDS, FieldValue
from warehouse import db as wdb
from warehouse import load, queries, review
from warehouse.registry import import_csv

REVIEWERS = ("an", "binh", "rv", "ha")  # real editors of the corpus warehouse
SAMPLE_REPORT = SAMPLES / "reports" / "2020" / "thanh-tra-ha-nam-2020.docx"
SAMPLE_MEMO = next((SAMPLES / "reports").rglob("ToTrinh_ky_BC_phat_ngon_2019_SXD.docx"))
COUNTED = ("files", "reports", "field_values", "corrections", "review_queue", "expected_reports")


def counts(db: Path) -> dict[str, int]:
    with wdb.connect(db, read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[load.LoadResult]]:
    tmp = tmp_path_factory.mktemp("template")
    results = wc.build(tmp / "w.duckdb", tmp)
    for name in REVIEWERS:
        add_user(tmp / "w.duckdb", name, "editor")
    return tmp, results


@pytest.fixture
def built(template, tmp_path: Path) -> tuple[Path, list[load.LoadResult]]:
    """A private copy of the corpus warehouse (database file and stored files)."""
    src, results = template
    dst = tmp_path / "wh"
    shutil.copytree(src, dst)
    return dst / "w.duckdb", results


def test_outcomes_of_the_corpus(built) -> None:
    _, results = built
    by_name = {r.original_name: r for r in results}
    assert [r.outcome for r in results].count("loaded") == 6
    assert by_name["gamma-v2.docx"].outcome == "new_version"
    assert by_name["gamma-v2.docx"].supersedes == "so-gamma:2023:year:v1"
    assert by_name["to-trinh.docx"].outcome == "not_a_report"
    assert by_name["hong.pdf"].outcome == "error"
    assert by_name["la.docx"].outcome == "unmatched_agency"
    assert "Sở Không Có Trong Danh Mục" in by_name["la.docx"].message_vi


def test_same_files_again_add_no_rows(built) -> None:
    db, _ = built
    before = counts(db)
    log_before = len(queries.ingest_log(db=db))
    again = [
        load.write_record(rec, data, original_name=name, db=db, user="test", received_at=at)
        for name, data, rec, at in wc.corpus()
    ]
    assert {r.outcome for r in again} == {"duplicate"}
    assert again[3].report_id == "so-alpha:2023:year:v1"
    assert counts(db) == before
    assert len(queries.ingest_log(db=db)) == log_before + len(again)


def test_new_file_for_same_agency_and_period_supersedes(built) -> None:
    db, _ = built
    rec = wc.report("Sở Gamma", posts_total=400, posts_per_month=33, press_conferences=1)
    res = load.write_record(
        rec,
        b"gamma v3",
        original_name="gamma-v3.docx",
        db=db,
        user="ha",
        received_at=datetime(2024, 1, 5),
    )
    assert (res.outcome, res.report_id, res.supersedes) == (
        "new_version",
        "so-gamma:2023:year:v3",
        "so-gamma:2023:year:v2",
    )
    hist = queries.agency_history(agency_id="so-gamma", db=db)
    assert hist["version"].tolist() == [3, 2, 1]
    assert hist["is_current"].tolist() == [True, False, False]
    assert hist["superseded_by"].tolist() == [
        None,
        "so-gamma:2023:year:v3",
        "so-gamma:2023:year:v2",
    ]
    comp = queries.completeness(year=2023, db=db).set_index("agency_id")
    # The first version arrived on time; a resubmission does not make the report late.
    assert comp.loc["so-gamma", "status"] == "on_time"
    assert comp.loc["so-gamma", "version"] == 3
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["so-gamma", "posts_total"] == 400


def test_failure_mid_load_leaves_nothing_half_written(built) -> None:
    db, _ = built
    before = counts(db)
    log_before = len(queries.ingest_log(db=db))
    rec = wc.report("Sở Beta", posts_total=1)
    rec.fields["limitations"] = FieldValue(
        object(), 0.5
    )  # not storable: fails after the report row
    with pytest.raises(WarehouseError):
        load.write_record(rec, b"beta v2 broken", original_name="b.docx", db=db, user="ha")
    assert counts(db) == before
    assert len(queries.ingest_log(db=db)) == log_before
    assert (
        queries.completeness(year=2023, db=db).set_index("agency_id").loc["so-beta", "version"] == 1
    )
    # The blob written before the failure is an orphan; loading the fixed file reuses it.
    del rec.fields["limitations"]
    res = load.write_record(rec, b"beta v2 broken", original_name="b.docx", db=db, user="ha")
    assert res.outcome == "new_version"
    assert queries.file_bytes(file_id=res.file_id, db=db) == ("b.docx", b"beta v2 broken")


def test_stored_file_is_content_addressed(built) -> None:
    db, results = built
    r = results[0]
    blob = db.parent / "files" / r.sha256[:2] / r.sha256
    assert blob.read_bytes() == b"alpha-2022.docx bytes"
    assert queries.file_bytes(file_id=r.file_id, db=db) == ("alpha-2022.docx", blob.read_bytes())
    assert not list(blob.parent.glob(".tmp-*"))


def test_unmatched_agency_waits_in_queue_then_is_assigned(built) -> None:
    db, results = built
    unmatched = next(r for r in results if r.outcome == "unmatched_agency")
    queue = queries.review_queue(db=db)
    # Issue 14: a file rightly refused as a non-report is listed apart, not in the queue.
    assert set(queue["kind"]) == {"unmatched_agency", "error", "needs_review"}
    assert queries.refused_files(db=db)["original_name"].tolist() == ["to-trinh.docx"]
    assert unmatched.report_id in queue["report_id"].tolist()
    assert (
        "huyen-delta"
        in queries.completeness(year=2023, db=db).query("status == 'missing'")["agency_id"].tolist()
    )
    assert len(queries.agencies(db=db)) == 6  # nothing created silently

    new_id = review.assign_report(
        report_id=unmatched.report_id, agency_id="huyen-delta", user="rv", db=db
    )
    assert new_id == "huyen-delta:2023:year:v1"
    assert unmatched.report_id not in queries.review_queue(db=db)["report_id"].tolist()
    comp = queries.completeness(year=2023, db=db).set_index("agency_id")
    assert comp.loc["huyen-delta", "status"] == "late"  # arrived 22/12
    fields = queries.report_fields(report_id=new_id, db=db).set_index("field")
    assert fields.loc["posts_total", "value"] == 5


def test_correction_wins_and_keeps_the_original(built) -> None:
    db, _ = built
    rid = "so-gamma:2023:year:v2"
    res = review.correct_field(
        report_id=rid,
        field="press_conferences",
        new_value="0",
        reason="Báo cáo ghi chưa tổ chức họp báo ở trang 2",
        user="an",
        expected_current=None,
        db=db,
    )
    assert res.conflict is None and res.old_value is None and res.new_value == 0
    fields = queries.report_fields(report_id=rid, db=db).set_index("field")
    row = fields.loc["press_conferences"]
    assert (row["value"], row["original_value"], row["corrected"], row["corrected_by"]) == (
        0,
        None,
        True,
        "an",
    )
    nop = queries.no_press_conferences(year=2023, db=db).set_index("agency_id")
    assert nop.loc["so-gamma", "category"] == "zero"
    with wdb.connect(db, read_only=True) as con:
        stored = con.execute(
            "SELECT count(*) FROM field_values WHERE report_id = ? AND field = 'press_conferences'",
            [rid],
        ).fetchone()[0]
    assert stored == 0  # the extraction had no value, and still has none


def test_two_reviewers_later_wins_and_first_is_told(built) -> None:
    db, _ = built
    rid = "so-beta:2023:year:v1"
    a = review.correct_field(
        report_id=rid,
        field="posts_total",
        new_value=150,
        reason="r1",
        user="an",
        expected_current=120,
        db=db,
    )
    assert a.conflict is None and a.old_value == 120
    # Bình still sees 120 (loaded the page before An saved) and saves 160.
    b = review.correct_field(
        report_id=rid,
        field="posts_total",
        new_value=160,
        reason="r2",
        user="binh",
        expected_current=120,
        db=db,
    )
    assert b.conflict is not None
    assert (b.conflict["user"], b.conflict["new_value"]) == ("an", 150)
    assert b.old_value == 150
    table = queries.compliance_table(year=2023, db=db).set_index("agency_id")
    assert table.loc["so-beta", "posts_total"] == 160
    log = queries.corrections_log(report_id=rid, db=db)
    assert log["user"].tolist() == ["binh", "an"]
    assert log["new_value"].tolist() == [160, 150]
    assert (
        queries.corrections_log(agency_id="so-beta", db=db)["correction_id"].tolist()
        == log["correction_id"].tolist()
    )
    fields = queries.report_fields(report_id=rid, db=db).set_index("field")
    assert fields.loc["posts_total", "original_value"] == 120


def _correct_beta(db: Path, field: str, value) -> review.CorrectionResult:
    """Correct one field of Sở Beta's 2023 report as the editor "ha"."""
    return review.correct_field(
        report_id="so-beta:2023:year:v1",
        field=field,
        new_value=value,
        reason="Đối chiếu bản giấy",
        user="ha",
        db=db,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("posts_total", "nhiều"),
        ("posts_total", -3),
        ("report_date", "7/12"),
        ("agency", "Sở X"),
        ("no_such_field", 1),
    ],
)
def test_invalid_corrections_are_refused(built, field: str, value) -> None:
    db, _ = built
    before = counts(db)
    with pytest.raises(review.InvalidCorrection) as exc:
        _correct_beta(db, field, value)
    assert exc.value.user_message
    assert counts(db) == before


# Issue 7: corrections had no bounds; "1e308" was stored as a 309-digit integer and reached the
# province totals and the exports, "inf" gave a generic error box, "nan" an English message and
# a 20,000-character name was accepted. Each now gets its own Vietnamese message.
_POSTS = BAD_TYPED_VALUES[0][2]
BAD_CORRECTIONS = [
    *BAD_TYPED_VALUES,
    ("posts_total", 1e308, _POSTS),
    ("posts_total", float("nan"), _POSTS),
    ("report_date", "1899-12-31", "Ngày văn bản phải là một ngày từ năm 1990 đến năm 2100."),
    (
        "recommendations",
        ["Đề nghị tập huấn", "y" * 5_001],
        "Mục thứ 2 của “Kiến nghị, đề xuất” dài 5.001 ký tự, tối đa 5.000 ký tự.",
    ),
    (
        "outlets",
        ["Báo " + str(i) for i in range(501)],
        "Cơ quan báo chí được cung cấp thông tin có 501 mục, tối đa 500 mục.",
    ),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_CORRECTIONS)
def test_correction_out_of_bounds_is_refused_with_its_message(built, field, value, message):
    db, _ = built
    before = counts(db)
    totals = queries.totals(year=2023, db=db)
    with pytest.raises(review.InvalidCorrection) as exc:
        _correct_beta(db, field, value)
    assert exc.value.user_message == message
    assert counts(db) == before
    assert queries.totals(year=2023, db=db) == totals


def test_correction_at_the_bounds_is_stored(built) -> None:
    db, _ = built
    for field, value in [("posts_total", "100.000"), ("spokesperson_name", "Â" * 200)]:
        done = _correct_beta(db, field, value)
        assert done.new_value == (100_000 if field == "posts_total" else "Â" * 200)


def test_value_coercion() -> None:
    assert review.coerce_value("posts_total", "1.126") == 1126
    assert review.coerce_value("posts_per_month", "17,8") == 17.8
    assert review.coerce_value("recommendations", "Một\nHai; Ba") == ["Một", "Hai", "Ba"]
    assert review.coerce_value("training_requested", "Có") is True
    assert review.coerce_value("spokesperson_name", "  ") is None


# A typed value, what it becomes, and a value refused, for each kind of ingest.record.
KIND_CASES = {
    "count": ("1.126", 1126, "-1"),
    "year": ("2.020", 2020, "2020,5"),
    "number": ("17,8", 17.8, "nhiều"),
    "list": ("Một\nHai; Ba", ["Một", "Hai", "Ba"], None),
    "topics": ("a; b", ["a", "b"], None),
    "flag": ("Có", True, "có lẽ"),
    "date": ("2020-12-07", "2020-12-07", "07/12/2020"),
    "text": ("  Sở\tY tế ", "Sở Y tế", None),
    "period": (" h1 ", "h1", None),
}


@pytest.mark.parametrize("spec", FIELDS, ids=lambda spec: spec.name)
def test_a_correction_takes_the_type_of_its_fields_kind(spec) -> None:
    """The value checks follow the field table: a field added there is checked by its kind."""
    typed, expected, refused = KIND_CASES[spec.kind]
    assert review.coerce_value(spec.name, typed) == expected
    if refused is not None:
        with pytest.raises(review.InvalidCorrection):
            review.coerce_value(spec.name, refused)


def test_confirm_clears_needs_review(built) -> None:
    db, _ = built
    rid = "eta:2023:year:v1"
    assert rid in queries.review_queue(db=db)["report_id"].tolist()
    review.confirm_report(report_id=rid, user="rv", db=db)
    assert rid not in queries.review_queue(db=db)["report_id"].tolist()
    hist = queries.agency_history(agency_id="eta", db=db)
    assert hist["status"].tolist() == ["ok"]
    with wdb.connect(db, read_only=True) as con:
        audit = con.execute(
            'SELECT "user", action FROM audit WHERE target = ? ORDER BY id', [rid]
        ).fetchall()
    assert ("rv", "confirm") in audit
    with pytest.raises(review.ReportNotFound):
        review.confirm_report(report_id="nope", user="rv", db=db)


def test_sanitise_name() -> None:
    assert load.sanitise_name("../../etc/passwd") == "passwd"
    assert load.sanitise_name("C:\\Users\\a\\Báo cáo.docx") == "Báo cáo.docx"
    assert load.sanitise_name("a\x00b\r\n.pdf") == "ab.pdf"
    assert load.sanitise_name("") == "tep-khong-ten"
    assert len(load.sanitise_name("x" * 500 + ".docx")) <= 180


def test_manifest_is_read(tmp_path: Path) -> None:
    m = tmp_path / "manifest.csv"
    m.write_text(
        "file,received_at,uploaded_by,note\n2023/a.docx,2023-12-20T08:15:00,vanthu,late\n",
        encoding="utf-8",
    )
    entries = load.read_manifest(m)
    e = load._manifest_entry(Path("/x/samples/reports/2023/a.docx"), entries)
    assert (
        e is not None
        and e.received_at == datetime(2023, 12, 20, 8, 15)
        and e.uploaded_by == "vanthu"
    )


def test_period_not_configured_counts_only_its_senders(built) -> None:
    db, _ = built
    rec = wc.report("Sở Alpha", posts_total=150)
    rec.fields["period"] = FieldValue("h1", 0.9, "6 tháng đầu năm 2023")
    res = load.write_record(
        rec,
        b"alpha h1",
        original_name="alpha-h1.docx",
        db=db,
        user="ha",
        received_at=datetime(2023, 6, 20, 9, 0),
    )
    assert res.report_id == "so-alpha:2023:h1:v1"
    assert (2023, "h1") in set(queries.available_periods(db=db).itertuples(index=False, name=None))
    s = queries.completeness_summary(year=2023, period="h1", db=db)
    assert (s["expected"], s["received"], s["late"]) == (1, 1, 1)  # due 15/6
    assert queries.completeness_summary(year=2023, db=db)["expected"] == 5
    assert queries.completeness_summary(year=2023, period="q3", db=db)["expected"] == 0


def test_dismiss_review_item(built) -> None:
    db, _ = built
    queue = queries.review_queue(db=db)
    item = queue[queue["kind"] == "error"].iloc[0]
    review.dismiss_review_item(
        item_id=int(item["item_id"]), user="rv", note="đã đề nghị gửi lại", db=db
    )
    assert "error" not in set(queries.review_queue(db=db)["kind"])
    with pytest.raises(review.ReportNotFound):
        review.dismiss_review_item(item_id=int(item["item_id"]), user="rv", db=db)


def test_registry_import_places_waiting_reports(built, tmp_path: Path) -> None:
    db, _ = built
    csv_path = tmp_path / "more.csv"
    csv_path.write_text(
        wc.AGENCIES_CSV.splitlines()[0]
        + "\nso-moi,Sở Mới,,Sở Không Có Trong Danh Mục,department,UBND tỉnh Hà Nam,Hà Nam,"
        "2020-01-01,\n",
        encoding="utf-8",
    )
    from warehouse.__main__ import main

    assert main(["registry", "import", str(csv_path), "--db", str(db)]) == 0
    assert "unmatched_agency" not in set(queries.review_queue(db=db)["kind"])
    comp = queries.completeness(year=2023, db=db).set_index("agency_id")
    assert comp.loc["so-moi", "report_id"] == "so-moi:2023:year:v1"
    assert len(queries.agencies(db=db)) == 7


def test_the_load_command_prints_a_line_a_file_and_a_summary(tmp_path: Path, capsys) -> None:
    """``python -m warehouse load``, the one command that loads files (formerly also
    ``python -m ingest load``): file | outcome | status | report | message, then a summary."""
    from conftest import ROOT

    from warehouse.__main__ import main

    memo = ROOT / "tests" / "independent" / "reports" / "to-trinh-ky-bao-cao-hai-hau.docx"
    db = tmp_path / "w.duckdb"
    assert main(["load", str(memo), "--db", str(db), "--workers", "1", "--user", "cli"]) == 0
    out = capsys.readouterr().out
    assert str(memo) in out and "not_a_report" in out
    assert db.exists()
    line, summary = out.splitlines()
    file, outcome, status, report_id, message = line.split(" | ")
    assert (file, outcome, status, report_id) == (str(memo), "not_a_report", "not_a_report", "-")
    assert message.startswith("Không phải báo cáo (là tờ trình)")
    assert summary == "1 file(s): not_a_report=1"


def test_the_load_command_fails_when_a_file_failed_and_loads_the_others(
    tmp_path: Path, capsys
) -> None:
    from conftest import ROOT

    from warehouse.__main__ import main

    memo = ROOT / "tests" / "independent" / "reports" / "to-trinh-ky-bao-cao-hai-hau.docx"
    bad = tmp_path / "hong\nWARNING gia.docx"
    bad.write_bytes(b"PK\x03\x04 not a document")
    db = tmp_path / "w.duckdb"
    assert main(["load", str(bad), str(memo), "--db", str(db), "--workers", "1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3  # a file name's line break cannot forge a line
    assert [ln.split(" | ")[1] for ln in lines[:2]] == ["error", "not_a_report"]
    assert "\\n" in lines[0]
    assert lines[-1] == "2 file(s): not_a_report=1, error=1"


def _sample_zip(members: dict[str, Path | str]) -> bytes:
    """Return a ZIP archive of sample files (Path) and texts (str), with a macOS junk member."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("__MACOSX/._x", b"junk")
        for name, member in members.items():
            if isinstance(member, Path):
                zf.write(member, name)
            else:
                zf.writestr(name, member)
    return buf.getvalue()


def _sample_warehouse(tmp_path: Path) -> Path:
    """Return a new warehouse holding the sample registry."""
    db = tmp_path / "w.duckdb"
    import_csv(SAMPLES / "agencies.csv", db=db, user="system")
    return db


def test_a_zip_archive_is_loaded_member_by_member(tmp_path: Path) -> None:
    report, memo = SAMPLE_REPORT, SAMPLE_MEMO
    zipped_bytes = _sample_zip(
        {f"Hộp thư/{report.name}": report, memo.name: memo, "ghi-chu.txt": "không phải báo cáo"}
    )
    folder = tmp_path / "nhan"
    folder.mkdir()
    (folder / "tep-dinh-kem.zip").write_bytes(zipped_bytes)
    (folder / "hong.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    db = _sample_warehouse(tmp_path)

    results = load.load_paths([folder], db=db, workers=1)

    zipped = folder / "tep-dinh-kem.zip"
    assert [(r.file, r.outcome) for r in results] == [
        (str(folder / "hong.zip"), "error"),
        (f"{zipped}/Hộp thư/{report.name}", "loaded"),
        (f"{zipped}/{memo.name}", "not_a_report"),
        (f"{zipped}/ghi-chu.txt", "error"),
        (str(zipped), "error"),  # the archive's one line for its refused member
    ]
    assert results[1].agency == "thanh-tra-tinh" and results[1].original_name == report.name
    with wdb.connect(db, read_only=True) as con:
        names = {n for (n,) in con.execute("SELECT original_name FROM files").fetchall()}
    # Each member is stored under its own name; the damaged archive is kept as received; a member
    # that is no report file at all is not stored: the archive is, once, naming it.
    assert {report.name, memo.name, "tep-dinh-kem.zip", "hong.zip"} == names


def test_uploads_load_in_order_and_a_bad_file_never_stops_the_batch(tmp_path: Path) -> None:
    report, memo = SAMPLE_REPORT, SAMPLE_MEMO
    zipped = _sample_zip({f"Hộp thư/{memo.name}": memo, "ghi-chu.txt": "không phải báo cáo"})
    db = _sample_warehouse(tmp_path)
    add_user(db, "rv", "editor")
    seen: list[tuple[int, str]] = []

    results = load.load_uploads(
        [
            ("bao-cao.docx", report.read_bytes()),
            ("tep-dinh-kem.zip", zipped),
            ("hong.docx", b"PK\x03\x04" + b"\x00" * 40),
        ],
        user="rv",
        db=db,
        progress=lambda i, shown: seen.append((i, shown)),
    )

    shown = ["bao-cao.docx", f"tep-dinh-kem.zip › Hộp thư/{memo.name}"]
    shown += ["tep-dinh-kem.zip › ghi-chu.txt", "hong.docx"]
    assert [(r.file, r.outcome) for r in results] == list(
        zip(shown, ["loaded", "not_a_report", "error", "error"], strict=True)
    )
    assert seen == list(zip([0, 1, 1, 2], shown, strict=True))
    assert results[0].agency == "thanh-tra-tinh" and results[0].report_id
    assert "Tệp không phải DOCX" in results[2].message_vi
    assert results[3].message_vi and results[3].sha256 is None
    with wdb.connect(db, read_only=True) as con:
        names = {n for (n,) in con.execute("SELECT original_name FROM files").fetchall()}
        logged = con.execute('SELECT DISTINCT "user" FROM ingest_log').fetchall()
    # The refused member and the corrupt upload are not stored; each stored file as uploaded.
    assert names == {"bao-cao.docx", memo.name}
    assert logged == [("rv",)]


def test_an_upload_that_fails_unexpectedly_is_an_error_result(tmp_path: Path, monkeypatch) -> None:
    report = SAMPLE_REPORT.read_bytes()
    real = load.load_bytes

    def flaky(name: str, data: bytes, **kwargs):
        if name == "a.docx":
            raise RuntimeError("disk on fire")
        return real(name, data, **kwargs)

    monkeypatch.setattr(load, "load_bytes", flaky)
    db = tmp_path / "w.duckdb"
    results = load.load_uploads([("a.docx", report), ("b.docx", report)], user="cli", db=db)
    first = results[0]
    assert (first.file, first.outcome, first.message_vi) == ("a.docx", "error", load.UPLOAD_FAILED)
    assert results[1].file == "b.docx" and results[1].outcome == "unmatched_agency"


def test_the_review_message_names_fields_by_their_vietnamese_labels():
    from ingest.record import ExtractedReport, FieldValue
    from warehouse.load import _review_message

    rec = ExtractedReport(file="x.pdf")
    rec.fields = {"briefings": FieldValue(3, 0.55, "…", None)}
    message = _review_message(rec)
    assert "Số lần đưa thông tin tại giao ban báo chí" in message
    assert "Người phát ngôn" in message and "Tổng số tin, bài" in message  # both missing
    assert "briefings" not in message and "spokesperson_name" not in message
