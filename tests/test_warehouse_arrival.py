"""Arrival dates ("ngày đến", "số đến"), duplicates known before reading, timeliness on arrival,
and the years and period officials work on (issue 14, Deliver 2 and 5)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest
import warehouse_corpus as wc
from conftest import add_user

from warehouse import db as wdb
from warehouse import export, load, queries, review
from warehouse.auth import PermissionDenied
from warehouse.registry import import_csv, working_period
from warehouse.rules import load_config

TODAY = date(2024, 1, 10)


@pytest.fixture
def registry_db(tmp_path: Path) -> Path:
    """Return a warehouse with the corpus registry, an admin LOADER and an editor 'vanthu'."""
    path = tmp_path / "w.duckdb"
    add_user(path, wc.LOADER, "admin")
    add_user(path, "vanthu", "editor")
    add_user(path, "xem", "viewer")
    csv_path = tmp_path / "agencies.csv"
    csv_path.write_text(wc.AGENCIES_CSV, encoding="utf-8")
    with wc.on_day(TODAY):
        import_csv(csv_path, db=path, user=wc.LOADER)
    return path


def _write(db: Path, name: str, agency: str, **kw) -> load.LoadResult:
    rec = wc.report(agency, posts_total=240, spokesperson_name="Nguyễn Văn A")
    with wc.on_day(TODAY):
        return load.write_record(rec, f"{name} bytes".encode(), original_name=name, db=db, **kw)


def _files(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT original_name, arrived_on, incoming_number FROM files ORDER BY 1"
        ).fetchall()


def test_migration_backfills_arrival_from_the_upload_day(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    for file in wdb.migration_files():
        if file.stem < "006":
            con.execute(file.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations VALUES (?, now())", [file.stem])
    con.execute(
        "INSERT INTO files (id, sha256, original_name, size, format, received_at, uploaded_by, "
        "stored_path) VALUES ('f1', 'abc', 'a.docx', 1, 'docx', '2023-12-19 16:30', 'vanthu', 'x')"
    )
    con.close()
    assert "007_arrival_dates" in wdb.migrate(path)
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute("SELECT received_at, arrived_on, incoming_number FROM files").fetchone()
    assert row == (datetime(2023, 12, 19, 16, 30), date(2023, 12, 19), None)


def test_arrival_defaults_to_today_and_keeps_the_incoming_number(registry_db: Path) -> None:
    _write(registry_db, "alpha.docx", "Sở Alpha", user="vanthu")
    _write(
        registry_db,
        "beta.docx",
        "Sở Beta",
        user="vanthu",
        arrived_on=date(2023, 12, 12),
        incoming_number="  1234/SĐ\n ",
    )
    assert _files(registry_db) == [
        ("alpha.docx", TODAY, None),
        ("beta.docx", date(2023, 12, 12), "1234/SĐ"),
    ]


@pytest.mark.parametrize(
    ("arrived_on", "words"),
    [
        (date(2024, 1, 11), "Ngày đến 11/01/2024 ở sau ngày hôm nay (10/01/2024)"),
        (date(2022, 12, 20), "trước khi kỳ báo cáo bắt đầu (01/01/2023)"),
    ],
)
def test_impossible_arrival_dates_are_refused(
    registry_db: Path, arrived_on: date, words: str
) -> None:
    with pytest.raises(load.ArrivalDateError) as e:
        _write(registry_db, "alpha.docx", "Sở Alpha", user="vanthu", arrived_on=arrived_on)
    assert words in e.value.user_message
    assert _files(registry_db) == []


def test_uploaded_late_but_arrived_on_time_stays_on_time(registry_db: Path) -> None:
    """The seen case: reports uploaded in a batch days after they arrived became late."""
    before = (date(2023, 12, 10), date(2023, 12, 20))  # alpha on time, beta late
    uploaded = datetime(2023, 12, 22, 9, 0)  # the batch upload, after the 15/12 deadline
    for name, agency, day in (("alpha", "Sở Alpha", before[0]), ("beta", "Sở Beta", before[1])):
        _write(
            registry_db,
            f"{name}.docx",
            agency,
            user="vanthu",
            received_at=uploaded,
            arrived_on=day,
        )
    summary = queries.completeness_summary(year=2023, db=registry_db)
    assert (summary["on_time"], summary["late"]) == (1, 1)
    rules = queries.compliance(year=2023, db=registry_db)
    on_time = rules[rules["rule_id"] == "report_on_time"].set_index("agency_id")["status"]
    assert (on_time["so-alpha"], on_time["so-beta"]) == ("pass", "fail")

    with wc.on_day(TODAY):
        book = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(year=2023, db=registry_db)))
        text = "\n".join(
            p.text
            for p in docx.Document(
                io.BytesIO(export.export_docx(year=2023, db=registry_db))
            ).paragraphs
        )
    cells = [[c.value for c in row] for ws in book.worksheets for row in ws.iter_rows()]
    alpha = next(r for r in cells if "Sở Alpha" in r)
    beta = next(r for r in cells if "Sở Beta" in r)
    assert "Đúng hạn" in alpha and "Nộp muộn 5 ngày" in beta
    assert "Các cơ quan gửi báo cáo muộn: Sở Beta." in text
    assert "muộn 1;" in text


def test_an_editor_changes_the_arrival_with_an_audit(registry_db: Path) -> None:
    res = _write(registry_db, "beta.docx", "Sở Beta", user="vanthu", arrived_on=date(2023, 12, 20))
    assert queries.completeness_summary(year=2023, db=registry_db)["late"] == 1
    with pytest.raises(PermissionDenied):
        review.set_arrival(
            file_id=res.file_id,
            arrived_on=date(2023, 12, 14),
            incoming_number="88",
            user="xem",
            reason="theo sổ văn bản đến",
            db=registry_db,
        )
    with wc.on_day(TODAY):
        with pytest.raises(load.ArrivalDateError):
            review.set_arrival(
                file_id=res.file_id,
                arrived_on=date(2024, 2, 1),
                incoming_number=None,
                user="vanthu",
                reason="",
                db=registry_db,
            )
        change = review.set_arrival(
            file_id=res.file_id,
            arrived_on=date(2023, 12, 14),
            incoming_number="88/SĐ",
            user="vanthu",
            reason="theo sổ văn bản đến",
            db=registry_db,
        )
    assert (change.old_arrived_on, change.arrived_on) == (date(2023, 12, 20), date(2023, 12, 14))
    summary = queries.completeness_summary(year=2023, db=registry_db)
    assert (summary["on_time"], summary["late"]) == (1, 0)
    with duckdb.connect(str(registry_db), read_only=True) as con:
        who, target, detail = con.execute(
            "SELECT \"user\", target, detail FROM audit WHERE action = 'set_arrival'"
        ).fetchone()
    assert (who, target) == ("vanthu", res.file_id)
    assert json.loads(detail) == {
        "old": {"arrived_on": "2023-12-20", "incoming_number": None},
        "new": {"arrived_on": "2023-12-14", "incoming_number": "88/SĐ"},
        "reason": "theo sổ văn bản đến",
    }


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_duplicate_is_known_before_reading(
    registry_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second upload could not even be read (over the reader's size limit): it is still
    recognised, because nothing reads it, and says when and by whom the file first came."""
    data = _docx_bytes("SỞ ALPHA\nBÁO CÁO\nKết quả thực hiện việc phát ngôn năm 2023")
    with wc.on_day(TODAY):
        first = load.load_bytes("bc.docx", data, db=registry_db, user="vanthu")
        assert first.status != "error"
        monkeypatch.setenv("REPORTS_READER_MAX_FILE_BYTES", "10")
        again = load.load_bytes("bc-gui-lai.docx", data, db=registry_db, user=wc.LOADER)
    assert again.outcome == "duplicate"
    assert again.record is None  # nothing was read
    assert again.status == first.status
    assert again.message_vi.startswith(
        f"Tệp này đã được nạp ngày {datetime.now():%d/%m/%Y} bởi vanthu"
    )


def test_batch_duplicates_are_never_read(registry_db: Path, tmp_path: Path) -> None:
    """load_paths: a file stored before and a copy within the batch are logged, not read."""
    folder = tmp_path / "batch"
    folder.mkdir()
    _write(registry_db, "alpha.docx", "Sở Alpha", user="vanthu")
    (folder / "a-lai.docx").write_bytes(b"alpha.docx bytes")  # stored by the write above
    (folder / "x1.pdf").write_bytes(b"not a pdf at all")
    (folder / "x2.pdf").write_bytes(b"not a pdf at all")
    with wc.on_day(TODAY):
        results = load.load_paths([folder], db=registry_db, user=wc.LOADER, workers=1)
    got = {Path(r.file).name: (r.outcome, r.record is None) for r in results}
    assert got == {
        "a-lai.docx": ("duplicate", True),
        "x1.pdf": ("error", False),  # read, unreadable, kept
        "x2.pdf": ("duplicate", True),
    }


@pytest.mark.parametrize(
    ("today", "working"),
    [
        (date(2026, 12, 6), (2026, "year")),  # the agencies' 4/12/2026 deadline has just passed
        (date(2026, 11, 1), (2025, "year")),
        (date(2026, 2, 1), (2025, "year")),
        (date(2025, 12, 16), (2025, "year")),
    ],
)
def test_working_period_is_the_one_officials_are_on(today: date, working: tuple) -> None:
    assert working_period(load_config(), today) == working
    assert queries.working_period(on=today) == working


def test_years_are_selectable_before_their_first_report(registry_db: Path) -> None:
    """With reports of 2023 only, on 1/12/2026 every year through 2026 is expected (its 4/12
    deadline is near, not passed)."""
    _write(registry_db, "alpha.docx", "Sở Alpha", user="vanthu", arrived_on=date(2023, 12, 10))
    rec = wc.report("Sở Beta")  # already expected for 2023: the new year triggers the rebuild
    with wc.on_day(date(2026, 12, 1)):
        load.write_record(
            rec,
            b"beta",
            original_name="beta.docx",
            db=registry_db,
            user="vanthu",
            arrived_on=date(2023, 12, 20),
        )
        rows = queries.completeness(year=2026, db=registry_db)
    years = sorted(set(queries.available_periods(db=registry_db)["year"]))
    assert years == [2023, 2024, 2025, 2026]
    assert set(rows["timeliness"]) == {"not_due"}
    assert "so-cu" not in set(rows["agency_id"])  # abolished in 2023


def test_the_incoming_number_shows_beside_the_arrival_date(registry_db: Path) -> None:
    """ "Số đến" is listed where completeness is: Tổng quan's table and the XLSX agency table."""
    from ui.tables import completeness_display

    _write(
        registry_db,
        "alpha.docx",
        "Sở Alpha",
        user="vanthu",
        arrived_on=date(2023, 12, 12),
        incoming_number="1234/SĐ",
    )
    _write(registry_db, "beta.docx", "Sở Beta", user="vanthu", arrived_on=date(2023, 12, 20))
    with wc.on_day(TODAY):
        comp = queries.completeness(year=2023, db=registry_db).set_index("agency")
        book = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(year=2023, db=registry_db)))
    assert comp.loc["Sở Alpha", "incoming_number"] == "1234/SĐ"
    assert comp.loc["Sở Beta", "incoming_number"] is None
    shown = completeness_display(comp.reset_index()).set_index("Đơn vị")
    assert list(shown.columns[1:3]) == ["Ngày đến", "Số đến"]
    assert shown.loc["Sở Alpha", "Số đến"] == "1234/SĐ"
    assert shown.loc["Sở Alpha", "Ngày đến"] == "12/12/2023"
    ws = book["Tuân thủ theo đơn vị"]
    headers = [c.value for c in ws[export.HEADER_ROW]]
    assert headers[headers.index("Ngày đến") + 1] == "Số đến"
    rows = {r[1]: r for r in ws.iter_rows(min_row=export.HEADER_ROW + 1, values_only=True)}
    assert rows["Sở Alpha"][headers.index("Số đến")] == "1234/SĐ"
    assert rows["Sở Alpha"][headers.index("Ngày đến")] == datetime(2023, 12, 12)
    assert rows["Sở Beta"][headers.index("Số đến")] is None
    total = next(
        c for c in ws[export.HEADER_ROW + 1] if c.column == headers.index("Tổng số tin, bài") + 1
    )
    assert total.number_format == "#,##0"


def test_a_new_year_is_selectable_before_anything_is_written(registry_db: Path) -> None:
    """The year list is judged when it is read: once 2024's deadline is near, 2024 is listed
    though nothing was loaded or imported since the registry came in on 10/01/2024."""
    with duckdb.connect(str(registry_db), read_only=True) as con:
        stored = con.execute("SELECT DISTINCT year FROM expected_reports").fetchall()
    assert stored == [(2023,)]
    listed = queries.available_periods(db=registry_db, on=TODAY)
    assert listed.values.tolist() == [[2023, "year"]]
    later = queries.available_periods(db=registry_db, on=date(2024, 11, 20))
    assert later.values.tolist() == [[2024, "year"], [2023, "year"]]
    # A registry whose agencies all ended before 2025's deadline offers no 2025.
    with duckdb.connect(str(registry_db)) as con:
        con.execute("UPDATE agencies SET valid_to = DATE '2025-06-30'")
    gone = queries.available_periods(db=registry_db, on=date(2025, 11, 20))
    assert [2025, "year"] not in gone.values.tolist()
