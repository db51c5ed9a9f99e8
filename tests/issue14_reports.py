"""Reports of issue 14 (2/7 "Figures officials can sign"), written as real DOCX files and loaded
into a real warehouse: the registry of warehouse_corpus, a file per report, the load command's path.
"""

from __future__ import annotations

from pathlib import Path

import docx
import warehouse_corpus as wc
from conftest import add_user

from warehouse.load import load_paths
from warehouse.registry import import_csv

EDITOR = "bien.tap"


def write_report(path: Path, agency: str, year: int, lines: list[str]) -> Path:
    """Write a yearly report of ``agency`` as a DOCX: two-column header, title, results."""
    d = docx.Document()
    header = d.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND TỈNH HÀ NAM"
    header.cell(1, 0).text = agency.upper()
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(1, 1).text = "Độc lập - Tự do - Hạnh phúc"
    d.add_paragraph("Số: 12/BC-VP")
    d.add_paragraph(f"Hà Nam, ngày 01 tháng 12 năm {year}")
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph(
        f"Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm {year}"
    )
    d.add_paragraph("II. KẾT QUẢ")
    for line in lines:
        d.add_paragraph(line)
    d.save(path)
    return path


def build(db: Path, tmp: Path, reports: dict[str, tuple[str, int, list[str]]]) -> dict[str, str]:
    """Create a warehouse with warehouse_corpus' registry and load ``reports`` (file stem ->
    (agency, year, lines)); return file stem -> report id. The editor EDITOR may correct."""
    add_user(db, wc.LOADER, "admin")
    add_user(db, EDITOR, "editor")
    registry = tmp / "agencies.csv"
    registry.write_text(wc.AGENCIES_CSV, encoding="utf-8")
    import_csv(registry, db=db, user=wc.LOADER)
    paths = [write_report(tmp / f"{stem}.docx", *spec) for stem, spec in reports.items()]
    results = load_paths(paths, db=db, user=wc.LOADER, workers=1)
    ids = {}
    for result in results:
        assert result.outcome == "loaded", (result.file, result.message_vi)
        ids[Path(result.file).stem] = result.report_id
    return ids
