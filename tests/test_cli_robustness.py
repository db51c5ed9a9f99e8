"""Command lines under a hostile batch or a failing disk (issue 7/7, item 6).

A full disk gave a raw traceback; a reader that crashed left its temporary folders (holding a copy
of the hostile file) behind; one 50 KB archive of junk members became 499 stored files and 499
queue items. Each test runs the real command line on real files.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from ingest.errors import OS_ERROR_EXIT
from warehouse import db as wdb
from warehouse import load
from warehouse.registry import import_csv

DOCS = sorted((SAMPLES / "reports").rglob("*.doc"))[:2]
REPORT = SAMPLES / "reports" / "2020" / "thanh-tra-ha-nam-2020.docx"
FULL_DISK = "Hết dung lượng đĩa khi ghi"


def run(args: list[str], *, stdout=subprocess.PIPE, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1", **env}
    full_env.pop("REPORTS_TEST_CHEAP_PASSWORD_HASH", None)  # its warning would be a second line
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=full_env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["-m", "ingest", "extract", str(REPORT), "--workers", "1", "--no-progress"],
        ["-m", "ingest", "extract", str(REPORT), "--json", "--workers", "1", "--no-progress"],
        ["-m", "ingest", "text", str(REPORT)],
        ["-m", "warehouse", "migrate", "--db", "{db}"],
    ],
    ids=["extract", "extract-json", "text", "migrate"],
)
def test_output_to_a_full_disk_is_one_vietnamese_line(args: list[str], tmp_path: Path):
    args = [a.replace("{db}", str(tmp_path / "w.duckdb")) for a in args]
    with open("/dev/full", "w") as full:
        done = run(args, stdout=full)
    assert done.returncode == OS_ERROR_EXIT
    assert "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if FULL_DISK in line] == [done.stderr.strip()]


def test_export_to_a_full_disk_is_one_vietnamese_line(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    assert run(["-m", "warehouse", "migrate", "--db", str(db)]).returncode == 0
    export = ["-m", "warehouse", "export", "--db", str(db), "--year", "2020", "--format", "csv"]
    done = run([*export, "--out", "/dev/full"])
    assert done.returncode == OS_ERROR_EXIT
    assert done.stderr.strip() == f"lỗi: {FULL_DISK}: giải phóng bớt dung lượng rồi chạy lại lệnh."


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("command", ["warehouse", "ingest"])
def test_a_reader_that_kills_its_worker_leaves_no_temporary_folder(
    command: str, tmp_path: Path, request: pytest.FixtureRequest
):
    # A LibreOffice that kills the worker converting the .doc, as the OOM killer would.
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "soffice").write_text("#!/bin/sh\nkill -9 $PPID\n")
    (tools / "soffice").chmod(0o755)
    batch = tmp_path / "nhan" / "dot-1.zip"
    batch.parent.mkdir()
    batch.write_bytes(_zip({f"{k}.doc": p.read_bytes() for k, p in enumerate(DOCS)}))
    # A short temporary root of its own: the pool's fork server puts its socket there, and a
    # socket path (tmp_path's is long under xdist) may not pass 107 characters.
    temp_root = Path(tempfile.mkdtemp(prefix="t-"))
    request.addfinalizer(lambda: shutil.rmtree(temp_root, ignore_errors=True))
    args = ["-m", command, "load" if command == "warehouse" else "extract", str(batch)]
    args += ["--workers", "2"]
    args += ["--db", str(tmp_path / "w.duckdb")] if command == "warehouse" else ["--no-progress"]
    path = f"{tools}{os.pathsep}{os.environ['PATH']}"
    done = run(args, PATH=path, TMPDIR=str(temp_root))
    lines = [ln for ln in done.stdout.splitlines() if ".doc |" in ln]
    # A worker killed by SIGKILL (as the OOM killer kills) is a file over the server's limits.
    assert len(lines) == 2 and all("Tệp cần nhiều bộ nhớ hoặc thời gian" in ln for ln in lines)
    assert list(temp_root.iterdir()) == []


_ERRORS = "SELECT kind, message FROM review_queue WHERE kind = 'error'"


def test_issue7_zip_of_refused_members_is_one_queue_item(tmp_path: Path):
    junk = {f"thu-muc/ghi-chu-{k:03d}.txt": f"không phải báo cáo {k}".encode() for k in range(480)}
    junk |= {f"trong-{k}.docx": b" \r\n" * (k + 1) for k in range(19)}  # blank
    batch = tmp_path / "hop-thu.zip"
    batch.write_bytes(_zip({**junk, "bao-cao.docx": REPORT.read_bytes()}))
    db = tmp_path / "w.duckdb"
    import_csv(SAMPLES / "agencies.csv", db=db, user="system")

    done = run(["-m", "warehouse", "load", str(batch), "--db", str(db), "--workers", "1"])

    assert done.returncode == 1, done.stderr  # refused members are errors
    assert done.stdout.splitlines()[-1] == "501 file(s): loaded=1, error=500"
    with wdb.connect(db, read_only=True) as con:
        files = con.execute("SELECT original_name FROM files ORDER BY 1").fetchall()
        queue = con.execute(
            "SELECT kind, message FROM review_queue WHERE kind = 'error'"
        ).fetchall()
    assert files == [("bao-cao.docx",), ("hop-thu.zip",)]
    [(_, message)] = queue
    assert message.startswith("Tệp nén “hop-thu.zip” có 499 tệp không nạp được")
    assert "ghi-chu-000.txt" in message and "và 470 tệp khác" in message
    assert "trong-0.docx" in message and "và 9 tệp khác" in message
    # The same archive again: a duplicate, no second item.
    run(["-m", "warehouse", "load", str(batch), "--db", str(db), "--workers", "1"])
    with wdb.connect(db, read_only=True) as con:
        assert con.execute(_ERRORS).fetchall() == queue


def test_refused_members_message_groups_by_reason():
    not_a_report, empty = "Không phải báo cáo.", "Tệp rỗng."
    refused = [("x.txt", not_a_report), ("y.bin", empty), ("z.txt", not_a_report)]
    message = load.refused_members_message("a.zip", refused)
    assert message == (
        "Tệp nén “a.zip” có 3 tệp không nạp được (không lưu từng tệp): "
        "x.txt, z.txt: Không phải báo cáo. y.bin: Tệp rỗng."
    )
