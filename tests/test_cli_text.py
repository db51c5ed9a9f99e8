"""`python -m ingest text`: the text the rules see, block by block with its location (issue 5/7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import EmptyFile
from ingest.readers import read, tool_status

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "samples" / "reports" / "2020"
DOCX = REPORTS / "thanh-tra-ha-nam-2020.docx"
PDF = REPORTS / "ubnd-thi-xa-kim-bang-2020.pdf"
SCAN = REPORTS / "scan_20201130_164819.pdf"

needs_ocr = pytest.mark.skipif(
    not tool_status()["tesseract_vie"], reason="tesseract with the vie model is not installed"
)


def _text(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", "text", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.parametrize("path", [DOCX, PDF, pytest.param(SCAN, marks=needs_ocr)])
def test_json_is_the_document_the_readers_return(path):
    r = _text(str(path), "--json")
    assert r.returncode == 0, r.stderr
    [got] = json.loads(r.stdout)
    doc = read(path)
    assert got["status"] == "ok" and got["error"] is None
    assert got["format"] == doc.format and got["pages"] == doc.pages
    assert got["warnings"] == doc.warnings
    assert [b["text"] for b in got["blocks"]] == [b.text for b in doc.blocks]
    assert [b["location"] for b in got["blocks"]] == [b.location.to_dict() for b in doc.blocks]
    assert [b["where"] for b in got["blocks"]] == [b.location.describe() for b in doc.blocks]


def test_docx_text_shows_each_block_under_its_location():
    r = _text(str(DOCX))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith(f"=== Tệp: {DOCX}\nĐịnh dạng: DOCX · 1 trang · ")
    assert "Cảnh báo của bộ đọc: không có" in out
    # The header's left cell, then the title paragraph, each under where it is.
    assert "--- [bảng 1, hàng 1, ô 1; phông: Times New Roman]\nTHANH TRA TỈNH\n" in out
    assert "--- [đoạn 7; phông: Times New Roman]\nBÁO CÁO\n" in out


def test_pdf_text_has_pages():
    r = _text(str(PDF))
    assert r.returncode == 0, r.stderr
    assert "Định dạng: PDF · " in r.stdout
    assert "--- [trang 1, đoạn 1" in r.stdout
    assert "--- [trang 2, " in r.stdout


@needs_ocr
def test_scan_text_says_it_was_read_by_ocr():
    r = _text(str(SCAN))
    assert r.returncode == 0, r.stderr
    assert "Định dạng: PDF quét (đọc bằng OCR) · 2 trang" in r.stdout
    assert "Cảnh báo của bộ đọc:\n  - OCR used for page(s) 1, 2" in r.stdout
    assert "\nSố: 122/BC-SNV\n" in r.stdout


def test_unreadable_file_prints_the_extract_error_and_exits_1(tmp_path):
    empty = tmp_path / "rong.docx"
    empty.write_bytes(b"")
    r = _text(str(DOCX), str(empty), "--json")
    assert r.returncode == 1
    ok, bad = json.loads(r.stdout)
    assert ok["status"] == "ok"
    assert bad == {
        "file": str(empty),
        "status": "error",
        "error": EmptyFile.user_message,
        "format": None,
        "pages": None,
        "warnings": [],
        "blocks": [],
    }
    plain = _text(str(empty))
    assert plain.returncode == 1
    assert plain.stdout == f"=== Tệp: {empty}\nLỗi: {EmptyFile.user_message}\n"


def test_no_file_found_is_a_usage_error(tmp_path):
    r = _text(str(tmp_path))
    assert r.returncode == 2
    assert "Không tìm thấy tệp nào để đọc" in r.stderr
