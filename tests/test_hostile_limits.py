"""OS limits on reading (issue 7, security test): every file is read in a worker process whose
memory, CPU time, file writes and answer size the kernel caps; PDF bombs are found on parsed
objects however their filter or image size is written; a repetitive but real DOCX is read.

Each hostile file is written here; the parent's peak memory (VmHWM) must not grow by hundreds of
MB while its workers meet them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_corpus import (
    GOOD_DOCX,
    GOOD_PDF,
    HIDDEN_BOMBS,
    SAMPLES,
    hidden_pdf_bomb,
    indirect_image_bomb,
    repetitive_docx,
)
from measure import count_calls

from ingest import pipeline
from ingest.errors import ResourceLimit, TooLarge
from ingest.pipeline import extract_file, extract_many
from ingest.readers import Limits, read, run_tool
from ingest.readers import pdf as readers_pdf
from ingest.readers.base import find_soffice
from ingest.workers import run_in_worker

SCAN = SAMPLES / "2019" / "scan_20200106_075520.pdf"  # OCR'd: renders pages in the worker
MiB = 2**20


def _peak_kib() -> int:
    """Return this process's peak resident memory (VmHWM) in KiB."""
    status = Path("/proc/self/status").read_text().splitlines()
    return next(int(x.split()[1]) for x in status if x.startswith("VmHWM"))


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    out = {}
    for kind in HIDDEN_BOMBS:
        out[kind] = folder / f"bom_{kind}.pdf"
        out[kind].write_bytes(hidden_pdf_bomb(kind))
    out["indirect_width"] = folder / "bom_anh_tham_chieu.pdf"
    out["indirect_width"].write_bytes(indirect_image_bomb())
    return out


@pytest.mark.parametrize("kind", HIDDEN_BOMBS)
def test_hidden_flate_bomb_is_refused_before_pdfium(bombs, monkeypatch, kind):
    opened = count_calls(monkeypatch, readers_pdf, "open_pdf")
    with pytest.raises(TooLarge, match="inflates to over") as info:
        read(bombs[kind])
    assert info.value.user_message == TooLarge.user_message
    assert not opened


def test_image_with_indirect_width_is_refused_by_its_pixels(bombs, monkeypatch):
    opened = count_calls(monkeypatch, readers_pdf, "open_pdf")
    with pytest.raises(TooLarge, match="196,000,000 pixels"):
        read(bombs["indirect_width"])
    assert not opened


def test_real_pdfs_pass_the_object_check():
    for path in sorted(SAMPLES.glob("*/*.pdf")):
        readers_pdf.check_pdf_streams(path, Limits())  # refuses nothing real
    assert read(GOOD_PDF).format == "pdf"


def test_bombs_in_a_batch_are_errors_and_the_parent_stays_small(bombs):
    before = _peak_kib()
    paths = [*bombs.values(), GOOD_DOCX, GOOD_PDF]
    results = list(extract_many(paths, workers=1, progress=False))
    assert [r.file for r in results] == [str(p) for p in paths]
    for rep in results[: len(bombs)]:
        assert (rep.status, rep.error) == ("error", TooLarge.user_message), rep.file
    assert [r.status for r in results[len(bombs) :]] == ["ok", "ok"]
    assert _peak_kib() - before < 100 * 1024  # KiB


def test_reader_over_its_memory_limit_is_an_error_and_the_batch_goes_on(monkeypatch):
    # 200 MiB of address space: a worker starts (the readers, numpy and Pillow loaded) and reads
    # a DOCX, but cannot render a scanned page for OCR.
    monkeypatch.setenv("REPORTS_READER_WORKER_MEMORY_BYTES", str(200 * MiB))
    before = _peak_kib()
    results = list(extract_many([SCAN, GOOD_DOCX], workers=1, progress=False))
    scan, good = results
    assert (scan.status, scan.error) == ("error", ResourceLimit.user_message)
    assert "address-space limit of 209,715,200 bytes" in scan.error_detail
    assert "Đề nghị đơn vị xuất lại tệp" in scan.error
    assert good.status == "ok"
    assert _peak_kib() - before < 100 * 1024


def test_pool_workers_have_the_limits_too(monkeypatch):
    monkeypatch.setenv("REPORTS_READER_WORKER_MEMORY_BYTES", str(200 * MiB))
    results = list(extract_many([SCAN, GOOD_DOCX, GOOD_PDF], workers=2, progress=False))
    assert [r.status for r in results] == ["error", "ok", "ok"]
    assert results[0].error == ResourceLimit.user_message


# Test-only readers, run in a worker like `read` (module-level, so they pickle by name).


def _hog(path: str) -> bytes:
    return b"x" * (2 * 2**30)


def _spin(path: str) -> None:
    while True:
        pass


def _write(path: str) -> None:
    Path(path).write_bytes(b"x" * (4 * MiB))


def test_memory_hog_is_stopped_in_its_worker():
    before = _peak_kib()
    with pytest.raises(ResourceLimit, match="out of memory"):
        run_in_worker(_hog, "hog.pdf", under=Limits(worker_memory_bytes=512 * MiB))
    assert _peak_kib() - before < 100 * 1024
    # The worker survived its MemoryError and reads the next file.
    assert run_in_worker(read, GOOD_DOCX, Limits(), under=Limits()).blocks


def test_cpu_hog_is_killed_by_sigxcpu():
    with pytest.raises(ResourceLimit, match="SIGXCPU") as info:
        run_in_worker(_spin, "spin.pdf", under=Limits(worker_cpu_s=1))
    assert info.value.path == "spin.pdf"
    assert run_in_worker(read, GOOD_DOCX, Limits(), under=Limits(worker_cpu_s=1)).blocks


def test_file_writes_and_answers_are_capped(tmp_path):
    with pytest.raises(ResourceLimit, match="wrote a file over the limit of 1,048,576"):
        run_in_worker(_write, str(tmp_path / "out.bin"), under=Limits(worker_output_bytes=MiB))
    assert (tmp_path / "out.bin").stat().st_size == MiB
    with pytest.raises(ResourceLimit, match="pickled, over the limit of 1,000"):
        run_in_worker(read, GOOD_PDF, Limits(), under=Limits(max_result_bytes=1000))


def test_extract_file_reads_in_a_worker(monkeypatch):
    # The parent never calls the reader itself: a count of calls in this process stays empty.
    calls = count_calls(monkeypatch, readers_pdf, "read_pdf")
    rep = extract_file(GOOD_PDF)
    assert rep.status in ("ok", "needs_review") and rep.pages
    assert not calls


def test_tools_run_under_os_limits():
    code = (
        "import resource as r; print(*(r.getrlimit(k)[0] for k in "
        "(r.RLIMIT_AS, r.RLIMIT_CPU, r.RLIMIT_FSIZE)))"
    )
    limits = Limits(tool_memory_bytes=700 * MiB, worker_output_bytes=5 * MiB)
    done = run_tool([sys.executable, "-c", code], timeout=9.5, limits=limits)
    assert done.stdout.split() == [str(700 * MiB).encode(), b"11", str(5 * MiB).encode()]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_over_its_memory_limit_is_a_resource_limit():
    # Measured: LibreOffice needs 400-500 MB of address space for a one-page ODT.
    odt = next(Path(__file__).parent.glob("unseen/*/reports/*.odt"))
    with pytest.raises(ResourceLimit, match="LibreOffice went over its memory"):
        read(odt, Limits(tool_memory_bytes=300 * MiB))


def test_repetitive_docx_is_read_not_refused(tmp_path):
    path = tmp_path / "bang_dai.docx"
    path.write_bytes(repetitive_docx())
    doc = read(path)
    assert doc.format == "docx"
    assert sum(b.text == "Cổng TTĐT tỉnh" for b in doc.blocks) == 6000


def test_worker_never_runs_the_callers_main_script(tmp_path):
    # Streamlit runs the app's script as __main__; a worker must not run it again (nor a CLI's).
    script = tmp_path / "kich_ban.py"
    script.write_text(
        "from ingest.pipeline import extract_file\n"
        f"print('chay', extract_file({str(GOOD_DOCX)!r}).status, flush=True)\n",
        encoding="utf-8",
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=300
    )
    assert out.stdout.split() == ["chay", "ok"], out.stderr[-2000:]


def test_pool_workers_do_not_run_a_failing_main_script(tmp_path, monkeypatch):
    # After a Streamlit AppTest (or under Streamlit) the process's __main__ is app.py; a pool
    # worker that ran it again died before its task (BrokenPipeError for the whole pool).
    import types

    script = tmp_path / "page.py"
    script.write_text("raise SystemExit('a page script must not run in a reader worker')\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)

    def died(*args, **kwargs):
        raise AssertionError("a pool worker died and its files were redone one by one")

    monkeypatch.setattr(pipeline, "_isolated", died)
    results = list(extract_many([GOOD_DOCX, GOOD_PDF], workers=2, progress=False))
    assert [r.status for r in results] == ["ok", "ok"]
