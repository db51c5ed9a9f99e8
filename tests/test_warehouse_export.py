"""Exports opened and read back: XLSX (openpyxl), CSV (BOM), DOCX (python-docx), and the CLI."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import warehouse_corpus as wc
from docx import Document
from openpyxl import load_workbook

from ingest.record import FIELD_LABELS
from warehouse import export
from warehouse.__main__ import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("export")
    path = tmp / "w.duckdb"
    wc.build(path, tmp)
    return path


def test_xlsx_sheets_headers_numbers_and_neutralised_text(db: Path) -> None:
    wb = load_workbook(io.BytesIO(export.export_xlsx(year=2023, db=db)))
    assert wb.sheetnames == list(export.SHEETS)
    for ws in wb:
        assert ws.freeze_panes == f"A{export.HEADER_ROW + 1}"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{export.HEADER_ROW}:")
        assert all(c.font.bold for c in ws[export.HEADER_ROW] if c.value)
    summary = {
        r[0]: r[1]
        for r in wb["Tổng hợp"].iter_rows(min_row=export.HEADER_ROW + 1, values_only=True)
    }
    assert summary["Số cơ quan phải báo cáo"] == 5
    assert summary["Chưa nộp"] == 1
    assert summary["Tỷ lệ đã nộp"] == pytest.approx(0.8)
    ws = wb["Tuân thủ theo đơn vị"]
    headers = [c.value for c in ws[export.HEADER_ROW]]
    assert headers[:3] == ["STT", "Cơ quan", "Loại cơ quan"] and headers[-1] == "Kết quả chung"
    rows = {r[1]: r for r in ws.iter_rows(min_row=export.HEADER_ROW + 1, values_only=True)}
    assert rows["Sở Alpha"][headers.index("Tổng số tin, bài")] == 300
    assert isinstance(rows["Sở Alpha"][headers.index(FIELD_LABELS["posts_per_month"])], int | float)
    assert rows["Sở Beta"][headers.index("Kết quả chung")] == "Chưa đạt"
    assert rows["UBND huyện Delta"][headers.index("Kết quả chung")] == "Chưa nộp"
    # The agency named "=cmd|..." is text, not a formula.
    eta = "'" + wc.ETA_NAME
    assert eta in rows
    cell = next(c for c in ws["B"] if c.value == eta)
    assert cell.data_type == "s"
    assert ws.column_dimensions["B"].width > 10
    no_press = list(wb["Chưa họp báo"].iter_rows(min_row=export.HEADER_ROW + 1, values_only=True))
    assert [r[3] for r in no_press] == [
        "Không tổ chức họp báo",
        "Báo cáo không nêu",
        "Chưa nộp báo cáo",
    ]
    training = list(
        wb["Kiến nghị tập huấn"].iter_rows(min_row=export.HEADER_ROW + 1, values_only=True)
    )
    assert len(training) == 4 and training[0][2] == 2
    missing = list(
        wb["Chưa nộp báo cáo"].iter_rows(min_row=export.HEADER_ROW + 1, values_only=True)
    )
    assert [r[1] for r in missing] == ["UBND huyện Delta"]


def test_csv_has_bom_and_neutralised_text(db: Path) -> None:
    data = export.export_csv(year=2023, db=db)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["STT", "Cơ quan"]
    names = [r[1] for r in rows[1:]]
    assert "'" + wc.ETA_NAME in names and wc.ETA_NAME not in names
    alpha = next(r for r in rows if r[1] == "Sở Alpha")
    assert alpha[rows[0].index("Tổng số tin, bài")] == "300"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise(value: str) -> None:
    assert export.neutralise(value) == "'" + value
    assert export.neutralise("Sở Y tế") == "Sở Y tế"
    assert export.neutralise(3) == 3


def test_docx_administrative_report(db: Path) -> None:
    doc = Document(io.BytesIO(export.export_docx(year=2023, db=db)))
    body, number = (row.cells[0].text for row in doc.tables[0].rows)
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in body and "/BC-STTTT" in number
    motto = doc.tables[0].rows[0].cells[1].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in motto
    assert "Độc lập - Tự do - Hạnh phúc" in motto
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "năm 2023" in text
    assert "Tổng số cơ quan phải báo cáo: 5; đã gửi: 4" in text
    assert "UBND huyện Delta" in text  # not submitted
    tables = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    per_agency = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert len(per_agency.rows) == 1 + 5
    assert any("Tỷ lệ đạt" in h for h in tables[-2])
    assert "Nơi nhận:" in doc.tables[-1].rows[0].cells[0].text
    assert "GIÁM ĐỐC" in doc.tables[-1].rows[0].cells[1].text


def test_cli_export_writes_each_format(db: Path, tmp_path: Path) -> None:
    formats = (("xlsx", b"PK"), ("docx", b"PK"), ("csv", b"\xef\xbb\xbf"))
    for fmt, magic in (*formats, ("csv_excel", b"\xef\xbb\xbfSTT;")):
        out = tmp_path / f"bao-cao.{fmt}"
        assert (
            main(["export", "--year", "2023", "--format", fmt, "--out", str(out), "--db", str(db)])
            == 0
        )
        assert out.read_bytes().startswith(magic)
