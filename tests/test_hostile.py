"""Hostile and broken input: each bad file gets a Vietnamese message, a precise log line, and
nothing half-stored; the good files of the same batch all load (real DuckDB file).

Also: resource limits (zip, PDF stream/image/text bombs, huge pages, configurable sizes), upload
limits (server config and the upload page's own check), and output safety (document text shown
literally in the app, exported cells never run as formulas, control characters kept out).
"""

from __future__ import annotations

import logging
import os
import tempfile
import tracemalloc
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import add_user
from hostile_corpus import BIG_SCAN_LIMIT, ROOT, Case, build_corpus
from measure import count_calls

from ingest.errors import CorruptFile, ReportsError, TooLarge
from ingest.pipeline import extract_file
from ingest.readers import Limits, read
from ingest.readers import docx as readers_docx
from ingest.readers import pdf as readers_pdf
from warehouse.db import connect
from warehouse.load import load_bytes, load_paths, sanitise_name
from warehouse.registry import import_csv

AGENCIES = ROOT / "samples" / "agencies.csv"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


EDITOR = "bien.tap"


def _warehouse(db: Path, *, editor: bool = True) -> None:
    """Start a warehouse: the registry (imported by the system) and, unless the test logs in as
    the first-start admin, an editor who uploads and corrects."""
    import_csv(AGENCIES, db=db, user="system")
    if editor:
        add_user(db, EDITOR)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Build the corpus, load it with load_paths into a fresh warehouse, capture the logs."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "in"
    cases = build_corpus(corpus)
    db = root / "store" / "warehouse.duckdb"
    _warehouse(db)
    before_tmp = set(os.listdir(tempfile.gettempdir()))
    before_corpus = _tree(corpus)
    handler = _Records()
    logger = logging.getLogger("ingest")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("REPORTS_READER_MAX_FILE_BYTES", str(BIG_SCAN_LIMIT))
            results = load_paths([corpus], db=db, user=EDITOR, workers=1)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    yield {
        "root": root,
        "corpus": corpus,
        "cases": cases,
        "db": db,
        "results": {Path(r.file).name: r for r in results},
        "log": handler.lines,
        "new_tmp": set(os.listdir(tempfile.gettempdir())) - before_tmp,
        "corpus_changed": _tree(corpus) != before_corpus,
    }


def _rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_corpus_is_small_on_disk(batch):
    total = sum(p.stat().st_size for p in batch["corpus"].iterdir())
    assert len(batch["cases"]) >= 20
    assert total < 3 * 2**20, total


@pytest.mark.parametrize("limit_env", [str(BIG_SCAN_LIMIT)])
def test_every_case_reads_or_fails_with_its_error(batch, monkeypatch, limit_env):
    monkeypatch.setenv("REPORTS_READER_MAX_FILE_BYTES", limit_env)
    for case in batch["cases"]:
        path = batch["corpus"] / case.name
        if case.error is None:
            doc = read(path)
            assert doc.format == "docx" or case.name.endswith(".pdf"), case
            assert doc.blocks, case
        else:
            with pytest.raises(case.error) as info:
                read(path)
            assert info.value.user_message == case.error.user_message
            assert info.value.detail, case


def test_size_limit_is_configurable(batch, monkeypatch):
    path = batch["corpus"] / "13_ban_scan_lon.pdf"
    monkeypatch.delenv("REPORTS_READER_MAX_FILE_BYTES", raising=False)
    assert Limits.from_env().max_file_bytes == 50 * 2**20
    assert read(path).format == "pdf"  # under the default 50 MB limit it is a fine PDF
    monkeypatch.setenv("REPORTS_READER_MAX_FILE_BYTES", str(BIG_SCAN_LIMIT))
    with pytest.raises(TooLarge, match="over the limit of 400,000 bytes"):
        read(path)
    # Page limit too: the 3000-page PDF passes with a higher limit.
    many = batch["corpus"] / "12_nghin_trang.pdf"
    with pytest.raises(TooLarge, match="3000 pages, over the limit of 300"):
        read(many)
    monkeypatch.setenv("REPORTS_READER_MAX_PAGES", "5000")
    assert Limits.from_env().max_pages == 5000


def test_zip_bombs_are_refused_with_bounded_memory(batch):
    tracemalloc.start()
    try:
        for name in (
            "10_bom_zip.docx",
            "11_bom_khai_bao.docx",
            "11b_bom_noi_doi.docx",
            "15_bom_pdf.pdf",
            "16_bom_anh.pdf",
        ):
            with pytest.raises((TooLarge, CorruptFile)):
                read(batch["corpus"] / name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 2**20, f"peak {peak:,} bytes while refusing zip bombs"


def test_pdf_stream_bomb_is_refused_before_pdfium(batch, monkeypatch):
    opened = count_calls(monkeypatch, readers_pdf, "open_pdf")
    with pytest.raises(TooLarge, match="inflates"):
        read(batch["corpus"] / "15_bom_pdf.pdf")
    assert not opened
    # A real PDF is not affected (and PDFium opens it), and the limit is configurable.
    assert read(batch["corpus"] / "22_bao_cao_tot.pdf").format == "pdf"
    assert len(opened) == 1
    assert (
        Limits.from_env({"REPORTS_READER_MAX_PDF_STREAM_BYTES": "100"}).max_pdf_stream_bytes == 100
    )
    with pytest.raises(TooLarge, match="pixels"):
        read(batch["corpus"] / "16_bom_anh.pdf")
    assert len(opened) == 1


def test_docx_with_huge_xml_is_refused_before_parsing(tmp_path, monkeypatch):
    from hostile_corpus import big_xml_docx

    path = tmp_path / "nhieu_chu.docx"
    path.write_bytes(big_xml_docx(2))
    limits = Limits(max_docx_xml_bytes=2**20)
    inflated = count_calls(monkeypatch, readers_docx._Package, "read")
    with pytest.raises(TooLarge, match="XML"):
        read(path, limits)
    assert not inflated  # refused by the ZIP directory: no entry inflated, nothing parsed
    assert Limits().max_docx_xml_bytes == 16 * 2**20
    assert read(path).format == "docx"  # under the default limit it reads
    assert inflated


def test_pdf_with_too_much_text_is_refused(tmp_path):
    from hostile_corpus import many_glyphs_pdf

    path = tmp_path / "nhieu_ky_tu.pdf"
    path.write_bytes(many_glyphs_pdf(30_000))
    with pytest.raises(TooLarge, match="characters"):
        read(path, Limits(max_pdf_chars=20_000))
    assert Limits().max_pdf_chars == 1_000_000
    assert read(path).format == "pdf"


def test_bad_files_have_vietnamese_message_and_precise_log(batch):
    results, log = batch["results"], batch["log"]
    for case in batch["cases"]:
        if case.error is None:
            continue
        res = results[case.name]
        assert res.outcome == "error", (case, res.outcome)
        assert res.message_vi == case.error.user_message
        # One log line naming the file, the error class and the English detail.
        lines = [line for line in log if case.name in line and case.error.__name__ in line]
        assert len(lines) == 1, (case.name, [x for x in log if case.name in x])
        assert lines[0].startswith("WARNING ingest:")


def test_odd_names_cannot_forge_log_lines(batch):
    """A file named "báo\ncáo…" must not start a new, forged line in the log."""
    odd = [line for line in batch["log"] if "đơn vị.docx" in line]
    assert odd, batch["log"]
    assert all("\n" not in line and "\t" not in line for line in batch["log"]), odd
    assert any("báo\\ncáo\\tđơn vị.docx" in line for line in odd), odd


def test_bad_files_are_kept_but_nothing_half_stored(batch):
    db = batch["db"]
    for case in batch["cases"]:
        if case.error is None:
            continue
        name = sanitise_name(case.name)
        file_rows = _rows(db, "SELECT id, stored_path FROM files WHERE original_name = ?", [name])
        assert len(file_rows) == 1, case  # the official never loses what was sent
        file_id, stored = file_rows[0]
        assert (db.parent / stored).is_file()
        assert not _rows(db, "SELECT 1 FROM reports WHERE file_id = ?", [file_id]), case
        log_rows = _rows(
            db,
            "SELECT outcome, message, detail FROM ingest_log WHERE file_id = ?",
            [file_id],
        )
        assert [(r[0], r[1]) for r in log_rows] == [("error", case.error.user_message)]
        assert log_rows[0][2]  # the precise English detail is kept for the administrator
        queue = _rows(db, "SELECT kind FROM review_queue WHERE file_id = ?", [file_id])
        assert queue == [("error",)]


def test_good_files_all_load(batch):
    results, db = batch["results"], batch["db"]
    good = [c for c in batch["cases"] if c.good]
    outcomes = {c.name: results[c.name].outcome for c in good}
    assert all(o in ("loaded", "new_version", "duplicate") for o in outcomes.values()), outcomes
    # 06 and 20 are the same bytes: exactly one of them is a duplicate.
    assert sorted([outcomes["06_docx_doi_ten.pdf"], outcomes["20_bao_cao_tot.docx"]]) == [
        "duplicate",
        "loaded",
    ]
    n_files = len(batch["cases"]) - 1  # one duplicate
    assert _rows(db, "SELECT count(*) FROM files")[0][0] == n_files
    assert _rows(db, "SELECT count(*) FROM ingest_log")[0][0] == len(batch["cases"])
    placed = _rows(db, "SELECT count(*) FROM reports WHERE agency_id IS NOT NULL")[0][0]
    assert placed == len(good) - 1
    # Every report has its file and its field rows.
    orphans = _rows(
        db,
        "SELECT r.id FROM reports r LEFT JOIN files f ON f.id = r.file_id WHERE f.id IS NULL "
        "OR NOT EXISTS (SELECT 1 FROM field_values v WHERE v.report_id = r.id)",
    )
    assert orphans == []


def test_odd_text_is_kept_verbatim(batch):
    res = batch["results"]["14_ky_tu_la.docx"]
    assert res.outcome in ("not_a_report", "unmatched_agency", "error", "loaded")
    assert res.message_vi
    rep = extract_file(batch["corpus"] / "14_ky_tu_la.docx")
    assert rep.status in ("not_a_report", "needs_review"), rep.status
    assert rep.error is None


def test_stored_names_are_sanitised_and_nothing_written_outside(batch):
    db, root = batch["db"], batch["root"]
    names = [r[0] for r in _rows(db, "SELECT original_name FROM files")]
    for name in names:
        assert "/" not in name and "\\" not in name, name
        assert name not in ("", ".", ".."), name
        assert unicodedata.normalize("NFC", name) == name
        assert not any(unicodedata.category(c)[0] == "C" for c in name), repr(name)
    assert "evil.docx" in names
    assert "báo-cáo-tỏ-hơp.docx" in names  # NFD on disk, NFC in the warehouse
    assert "báocáođơn vị.docx" in names
    # Only the database and its content-addressed store were written.
    written = {p for p in _tree(root) if not p.startswith("in")}
    allowed = {"store", "store/files"}
    for p in written:
        assert (
            p in allowed or p.startswith("store/files/") or p.startswith("store/warehouse.duckdb")
        ), p
    for p in (root / "store" / "files").rglob("*"):
        assert p.is_dir() or len(p.name) == 64, p  # blobs are named by sha256 only
    assert not batch["corpus_changed"]
    assert not any("evil" in n for n in batch["new_tmp"])


@pytest.mark.parametrize(
    "name",
    ["../../../../tmp/evil-upload.docx", "..\\..\\evil-upload.docx", "/etc/passwd", "a\0b.docx"],
)
def test_load_bytes_sanitises_paths_in_names(batch, name):
    db = batch["db"]
    data = (batch["corpus"] / "05_van_ban.docx").read_bytes() + name.encode("utf-8", "replace")
    res = load_bytes(name, data, db=db, user=EDITOR)
    assert res.outcome == "error"
    assert res.message_vi.startswith("Tệp không phải DOCX, DOC, ODT, RTF, PDF")
    stored = _rows(db, "SELECT original_name FROM files WHERE sha256 = ?", [res.sha256])
    assert stored == [(sanitise_name(name),)]
    assert "/" not in stored[0][0] and "\\" not in stored[0][0] and "\0" not in stored[0][0]
    assert not Path("/tmp/evil-upload.docx").exists()
    assert not (batch["root"] / "evil-upload.docx").exists()


def test_load_bytes_of_each_bad_case_gives_its_message(batch, monkeypatch):
    monkeypatch.setenv("REPORTS_READER_MAX_FILE_BYTES", str(BIG_SCAN_LIMIT))
    db = batch["root"] / "uploads" / "warehouse.duckdb"
    bad: list[Case] = [c for c in batch["cases"] if c.error is not None]
    add_user(db, EDITOR)
    for case in bad:
        res = load_bytes(case.name, (batch["corpus"] / case.name).read_bytes(), db=db, user=EDITOR)
        assert (res.outcome, res.message_vi) == ("error", case.error.user_message), case
    assert _rows(db, "SELECT count(*) FROM files")[0][0] == len(bad)
    assert _rows(db, "SELECT count(*) FROM reports")[0][0] == 0


# ------------------------------------------------------------------ upload limits (server + app)

ADMIN_PW = "Kiem-thu-tai-len-1"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_server_upload_limit_is_configured():
    """Streamlit itself refuses bodies over server.maxUploadSize (MB): read back as it reads it."""
    import subprocess
    import sys
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 50
    code = (
        "from streamlit import config; config.get_config_options(force_reparse=True); "
        "print(config.get_option('server.maxUploadSize'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip().splitlines()[-1] == "50", out.stderr
    # The app's own check uses the same ceiling by default (50 MiB).
    from warehouse.load import upload_limit_bytes

    assert upload_limit_bytes() == config["server"]["maxUploadSize"] * 2**20


def test_check_upload_by_size_and_magic_type(batch):
    from ingest.errors import EmptyFile, UnsupportedFormat
    from warehouse.load import check_upload

    corpus = batch["corpus"]
    assert check_upload("bc.docx", (corpus / "20_bao_cao_tot.docx").read_bytes()) == "docx"
    assert check_upload("bc.pdf", (corpus / "06_docx_doi_ten.pdf").read_bytes()) == "docx"
    assert check_upload("bc.pdf", (corpus / "22_bao_cao_tot.pdf").read_bytes()) == "pdf"
    with pytest.raises(EmptyFile):
        check_upload("rong.docx", b"")
    with pytest.raises(UnsupportedFormat) as info:
        check_upload("trang_web.docx", (corpus / "04_trang_web.docx").read_bytes())
    assert info.value.user_message.startswith("Tệp không phải DOCX, DOC, ODT, RTF, PDF")
    big = (corpus / "13_ban_scan_lon.pdf").read_bytes()
    with pytest.raises(TooLarge) as info:
        check_upload("../scan lớn.pdf", big, max_bytes=BIG_SCAN_LIMIT)
    assert "“scan lớn.pdf”" in info.value.user_message
    assert "vượt giới hạn 0 MB" not in info.value.user_message
    assert "vượt giới hạn" in info.value.user_message


def test_upload_page_refuses_bad_files_before_loading(tmp_path, monkeypatch):
    from conftest import open_app

    db = tmp_path / "wh" / "warehouse.duckdb"
    _warehouse(db, editor=False)
    corpus = build_corpus(tmp_path / "in")
    monkeypatch.setenv("REPORTS_DB", str(db))
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("REPORTS_READER_MAX_FILE_BYTES", str(BIG_SCAN_LIMIT))
    assert corpus
    at = open_app(tmp_path, "tiep_nhan", "admin", ADMIN_PW, timeout=120)
    files = [
        ("trang_web.docx", (tmp_path / "in" / "04_trang_web.docx").read_bytes(), DOCX_MIME),
        ("scan_lon.pdf", (tmp_path / "in" / "13_ban_scan_lon.pdf").read_bytes(), "application/pdf"),
        ("bao_cao.docx", (tmp_path / "in" / "20_bao_cao_tot.docx").read_bytes(), DOCX_MIME),
    ]
    at.file_uploader(key="uploader").set_value(files).run()
    at.button(key="load_files").click().run()
    assert not at.exception, at.exception
    shown = "\n".join(t.value for t in at.text)
    assert "Tệp không phải DOCX, DOC, ODT, RTF, PDF" in shown
    assert "vượt giới hạn" in shown and "“scan_lon.pdf”" in shown
    assert "Đã nạp báo cáo của Thanh tra tỉnh" in shown
    # Refused uploads are not stored at all; the good one is.
    assert _rows(db, "SELECT original_name FROM files") == [("bao_cao.docx",)]


# ------------------------------------------------------------------ output safety (app + exports)

HOSTILE = "<script>alert('x')</script> **đậm** [bấm vào](javascript:alert(1)) <img src=x onerror=y>"
MARKERS = ("alert", "đậm", "onerror", "javascript")


def _hostile_record():
    from warehouse_corpus import fv, report

    from ingest.registry import Registry

    rec = report(
        "Thanh tra tỉnh",
        2020,
        registry=Registry.from_csv(AGENCIES),  # the warehouse's registry, as extraction used
        status="needs_review",
        spokesperson_name="Nguyễn **Văn** <b>A</b>",
        spokesperson_title="Chánh Thanh tra [tỉnh](javascript:alert(1))",
        posts_total=120,
        press_conferences=0,
        recommendations=[
            "Đề nghị tổ chức tập huấn kỹ năng phát ngôn " + HOSTILE,
            "Đề nghị bố trí kinh phí " + HOSTILE,
        ],
        training_requested=True,
        training_topics=["spokesperson_skills"],
    )
    rec.fields["spokesperson_name"] = fv("Nguyễn **Văn** <b>A</b>", "Người phát ngôn: " + HOSTILE)
    rec.fields["press_conferences"] = fv(0, "Chưa tổ chức họp báo. " + HOSTILE)
    return rec


def _unsafe_markdown(text: str) -> list[str]:
    """Return the markdown/HTML constructs left active in ``text`` (backslash escapes removed)."""
    import re

    bare = re.sub(r"\\.", "", text)
    found = []
    if re.search(r"<\s*(script|img|b)\b", bare, re.I):
        found.append("html tag")
    if "**" in bare:
        found.append("bold")
    if re.search(r"\]\s*\(", bare):
        found.append("link")
    return found


def _rendered(at) -> list[tuple[str, str]]:
    """Return (element type, markdown-rendered text) of every element that renders markdown."""
    from conftest import walk

    out = []
    for node in [*walk(at.main), *walk(at.sidebar)]:
        kind = getattr(node, "type", "")
        if kind == "table":
            for value in node.value.to_numpy().ravel():
                out.append(("table", str(value)))
        elif kind in ("markdown", "caption", "alert", "subheader", "title", "header"):
            out.append((kind, str(node.value)))
        label = getattr(node, "label", None)
        if isinstance(label, str):
            out.append((f"{kind} label", label))
    return out


def test_document_text_cannot_inject_markup_in_the_app(tmp_path, monkeypatch):
    from conftest import entry_script, goto, login, unescape_md
    from streamlit.testing.v1 import AppTest

    from warehouse.load import write_record

    db = tmp_path / "wh" / "warehouse.duckdb"
    _warehouse(db, editor=False)
    res = write_record(
        _hostile_record(),
        b"hostile report bytes",
        original_name="**bc** <i>x</i> [a](javascript:b).docx",
        db=db,
        user="cli",
    )
    assert res.outcome == "loaded", res.message_vi
    monkeypatch.setenv("REPORTS_DB", str(db))
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", ADMIN_PW)
    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=120).run()
    login(at, "admin", ADMIN_PW)
    # The app opens on the period officials work on: look at the hostile report's year.
    at.sidebar.selectbox(key="filter_year").set_value(2020).run()
    seen_literal = 0
    for page in ("don_vi", "chua_hop_bao", "kien_nghi", "tiep_nhan"):
        goto(at, page)
        if page == "don_vi":
            at.selectbox(key="agency_pick").select("thanh-tra-tinh").run()
        assert not at.exception, (page, at.exception)
        shown = _rendered(at)
        hostile = [(k, t) for k, t in shown if any(m in t for m in MARKERS)]
        for kind, text in hostile:
            assert not _unsafe_markdown(text), (page, kind, text)
            if kind == "table" and HOSTILE in unescape_md(text):
                seen_literal += 1  # the official reads the exact text, tags and stars included
        literal = [t.value for t in at.text if HOSTILE in t.value]
        seen_literal += len(literal)
        assert hostile or literal, f"{page}: the hostile report is not shown at all"
    assert seen_literal >= 3


def test_exported_cells_cannot_run_formulas():
    import io

    import openpyxl
    import pandas as pd

    from ui.tables import to_csv_bytes, to_xlsx_bytes
    from warehouse.export import neutralise

    cells = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "Sở Y tế", "-"]
    frame = pd.DataFrame({"Đơn vị": cells, "Số": list(range(len(cells)))})
    for value in cells[:6]:
        assert neutralise(value).startswith("'")
    assert neutralise("Sở Y tế") == "Sở Y tế" and neutralise(42) == 42
    csv_text = to_csv_bytes(frame).decode("utf-8-sig")
    import csv

    # A bare CR inside an unquoted cell would start a new row in Excel ("=1" then runs): every
    # cell holding a line break must be quoted, so the rows stay as written.
    rows = list(csv.reader(io.StringIO(csv_text, newline="")))[1:]
    assert len(rows) == len(cells), rows
    assert len(csv_text.replace("\r\n", "").split("\r")) == 2  # the one CR is inside quotes
    assert [r[0] for r in rows[:6]] == ["'" + c for c in cells[:6]], rows
    assert rows[6][0] == "Sở Y tế"
    assert [r[1] for r in rows] == [str(i) for i in range(len(cells))]  # numbers stay numbers
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    values = [ws.cell(row=i + 2, column=1).value for i in range(len(cells))]
    assert all(not str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in values[:6]), values
    assert all(ws.cell(row=i + 2, column=1).data_type == "s" for i in range(len(cells)))
    assert ws.cell(row=2, column=2).value == 0


@pytest.mark.slow
def test_giant_page_is_read_with_bounded_memory(tmp_path):
    """A 5 KB PDF declaring a 5 m page must not make OCR allocate gigabytes (it used 1.5 GB)."""
    import json
    import subprocess
    import sys

    from hostile_corpus import giant_page_pdf

    path = tmp_path / "trang_khong_lo.pdf"
    path.write_bytes(giant_page_pdf())
    assert path.stat().st_size < 10_000
    code = (
        "import json, resource, sys\n"
        "from ingest.readers import read\n"
        "doc = read(sys.argv[1])\n"
        # VmHWM, not ru_maxrss: Linux carries the parent's peak RSS across fork+exec into
        # ru_maxrss, so a child of a big pytest process would report pytest's memory.
        "status = open('/proc/self/status').read().splitlines()\n"
        "hwm = next(int(x.split()[1]) for x in status if x.startswith('VmHWM'))\n"
        "r = resource.getrusage\n"
        "print(json.dumps({'format': doc.format, 'self': hwm,"
        " 'children': r(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
    )
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    stats = json.loads(out.stdout.strip().splitlines()[-1])
    assert stats["format"] == "pdf-ocr"
    assert stats["self"] < 400 * 1024, stats  # KiB
    assert stats["children"] < 700 * 1024, stats  # Tesseract


def test_missing_original_file_is_a_message_not_a_crash(tmp_path, monkeypatch):
    """A stored original deleted or damaged on disk: the page says so, the values still show."""
    from conftest import open_app

    db = tmp_path / "wh" / "warehouse.duckdb"
    _warehouse(db, editor=False)
    good = ROOT / "samples" / "reports" / "2020" / "thanh-tra-ha-nam-2020.docx"
    assert load_paths([good], db=db, user="cli", workers=1)[0].outcome == "loaded"
    for blob in (db.parent / "files").rglob("*"):
        if blob.is_file():
            blob.write_bytes(b"damaged")
    monkeypatch.setenv("REPORTS_DB", str(db))
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", ADMIN_PW)
    at = open_app(tmp_path, "don_vi", "admin", ADMIN_PW, timeout=120)
    at.selectbox(key="agency_pick").select("thanh-tra-tinh").run()
    assert not at.exception, at.exception
    assert at.table  # the extracted values are still shown
    messages = [e.value for e in at.error] + [w.value for w in at.warning]
    assert any("tệp gốc" in m.lower() for m in messages), messages


def test_control_characters_in_corrections_do_not_break_exports(tmp_path):
    """Text pasted into a correction (or a registry name) may hold control characters; XLSX and
    DOCX cannot store them, so they are dropped on the way in and again on the way out."""
    import io

    import docx
    import openpyxl

    from warehouse import export
    from warehouse.review import correct_field

    db = tmp_path / "wh" / "warehouse.duckdb"
    _warehouse(db)
    good = ROOT / "samples" / "reports" / "2020" / "thanh-tra-ha-nam-2020.docx"
    res = load_paths([good], db=db, user=EDITOR, workers=1)[0]
    fixed = correct_field(
        report_id=res.report_id,
        field="spokesperson_name",
        new_value="Ông\x01 Trần\x0b Văn\x1b B\u202e",
        reason="dán từ Word\x07",
        user=EDITOR,
        db=db,
    )
    assert fixed.new_value == "Ông Trần Văn B"
    # Values stored before this rule (or written by other paths) are cleaned on export too.
    with connect(db) as con:
        con.execute(
            "UPDATE field_values SET quote = ? WHERE report_id = ? AND field = 'press_conferences'",
            ["Chưa\x00 tổ chức\x08 họp báo", res.report_id],
        )
        con.execute("UPDATE agencies SET name = ? WHERE id = 'thanh-tra-tinh'", ["Thanh\x0c tra"])
    book = openpyxl.load_workbook(io.BytesIO(export.export_xlsx(year=2020, db=db)))
    cells = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert any("Ông Trần Văn B" in c for c in cells)
    assert not [c for c in cells if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in c)]
    document = docx.Document(io.BytesIO(export.export_docx(year=2020, db=db)))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "Thanh tra" in text
    assert export.export_csv(year=2020, db=db).decode("utf-8-sig").count("\x0b") == 0


def test_very_long_unicode_name_uploads(tmp_path):
    """180 Vietnamese characters are over 255 bytes: the name must still fit a file system."""
    db = tmp_path / "wh" / "warehouse.duckdb"
    _warehouse(db)
    data = (ROOT / "samples" / "reports" / "2020" / "thanh-tra-ha-nam-2020.docx").read_bytes()
    res = load_bytes("Báo cáo phát ngôn " + "ạ" * 300 + ".docx", data, db=db, user=EDITOR)
    assert res.outcome == "loaded", res.message_vi
    (name,) = _rows(db, "SELECT original_name FROM files")[0]
    assert name.startswith("Báo cáo phát ngôn ạạ") and name.endswith(".docx")
    assert len(name.encode()) <= 240


def test_failed_write_leaves_nothing_half_stored(tmp_path):
    """A value the warehouse cannot store fails the file's one transaction: no rows at all."""
    from warehouse_corpus import fv, report

    from warehouse.load import write_record

    db = tmp_path / "wh" / "warehouse.duckdb"
    _warehouse(db)
    rec = report("Thanh tra tỉnh", 2020, posts_total=12)
    rec.fields["posts_per_month"] = fv(float("nan"), "bình quân ? tin/tháng")
    with pytest.raises(ReportsError) as info:
        write_record(rec, b"bytes of a report", original_name="bc.docx", db=db, user=EDITOR)
    assert "Không có dữ liệu nào bị ghi dở" in info.value.user_message
    for table in ("files", "reports", "field_values", "ingest_log", "review_queue"):
        assert _rows(db, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert _rows(db, "SELECT count(*) FROM audit WHERE action = 'load'") == [(0,)]
