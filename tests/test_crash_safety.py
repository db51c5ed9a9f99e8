"""Crash safety: a CLI load killed with SIGKILL mid-batch leaves a consistent warehouse, and the
same batch run again loads every file exactly once (same rows as one clean load)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import wait_until

from warehouse.registry import import_csv

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "reports"
BATCH = [
    "2019/BC_PN_2019_SNN.docx",
    "2019/BC_PN_2019_TTr.pdf",
    "2019/Bao_cao_phat_ngon_2019_SNV.docx",
    "2019/Bao_cao_phat_ngon_2019_SYT.docx",
    "2019/STNMT_BC_cung_cap_thong_tin_bao_chi_2019.docx",
    "2019/so-tai-chinh-2019.docx",
    "2020/BC_PN_2020_SKHDT.docx",
    "2020/Bao_cao_phat_ngon_2020_STP.docx",
    "2020/so-giao-thong-van-tai-2020.pdf",
    "2020/thanh-tra-ha-nam-2020.docx",
    "2020/bc-phat-ngon-2020-snn.docx",
    "2020/cv-1102-stttt-de-nghi-bao-cao-2020.docx",
]
KILL_AFTER = 3  # stored originals seen before the kill


def _env() -> dict[str, str]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONUNBUFFERED": "1"}
    env.pop("REPORTS_DB", None)
    return env


def _load_cmd(folder: Path, db: Path) -> list[str]:
    args = ["load", str(folder), "--db", str(db), "--workers", "1"]
    return [sys.executable, "-m", "warehouse", *args]


def _blobs(db: Path) -> list[Path]:
    files = db.parent / "files"
    if not files.is_dir():
        return []
    return [p for p in files.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")]


def _new_warehouse(folder: Path) -> Path:
    db = folder / "warehouse.duckdb"
    import_csv(ROOT / "samples" / "agencies.csv", db=db, user="system")
    return db


def _snapshot(db: Path) -> dict:
    """Return the warehouse content that must not depend on crashes and reruns."""
    con = duckdb.connect(str(db))  # read-write: replays the WAL like the next real start would
    try:
        q = con.execute
        return {
            "files": sorted(q("SELECT sha256, original_name, format FROM files").fetchall()),
            "reports": sorted(
                q(
                    "SELECT r.id, f.sha256, r.status, r.is_current, r.supersedes FROM reports r "
                    "JOIN files f ON f.id = r.file_id"
                ).fetchall()
            ),
            "fields": q("SELECT count(*) FROM field_values").fetchone()[0],
            "queue": sorted(q("SELECT kind, file_id FROM review_queue").fetchall()),
            "orphans": q(
                "SELECT r.id FROM reports r WHERE NOT EXISTS "
                "(SELECT 1 FROM files f WHERE f.id = r.file_id) OR NOT EXISTS "
                "(SELECT 1 FROM field_values v WHERE v.report_id = r.id)"
            ).fetchall(),
            "stray_fields": q(
                "SELECT count(*) FROM field_values v WHERE NOT EXISTS "
                "(SELECT 1 FROM reports r WHERE r.id = v.report_id)"
            ).fetchone()[0],
            "double_current": q(
                "SELECT agency_id, year, period FROM reports WHERE is_current "
                "GROUP BY ALL HAVING count(*) > 1"
            ).fetchall(),
            "unlogged": q(
                "SELECT f.id FROM files f WHERE NOT EXISTS "
                "(SELECT 1 FROM ingest_log l WHERE l.file_id = f.id)"
            ).fetchall(),
            "stored": q("SELECT sha256, stored_path FROM files").fetchall(),
        }
    finally:
        con.close()


def _check_consistent(db: Path, snap: dict) -> None:
    assert snap["orphans"] == [], "a report without its file or field rows"
    assert snap["stray_fields"] == 0, "field rows without a report"
    assert snap["double_current"] == [], "two current versions of one report"
    assert snap["unlogged"] == [], "a stored file without its ingest_log line"
    for sha, rel in snap["stored"]:
        data = (db.parent / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha, rel


def test_sigkill_mid_batch_then_rerun_loads_each_file_once(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    for rel in BATCH:
        shutil.copy2(SAMPLES / rel, batch / Path(rel).name)

    clean_db = _new_warehouse(tmp_path / "clean")
    crash_db = _new_warehouse(tmp_path / "crash")

    # 1. Start the load and kill -9 it once a few originals are stored (writes have begun).
    err = (tmp_path / "killed.stderr").open("wb")
    proc = subprocess.Popen(
        _load_cmd(batch, crash_db), cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=err
    )
    try:
        wait_until(
            lambda: proc.poll() is not None or len(_blobs(crash_db)) >= KILL_AFTER,
            timeout=600,
            interval=0.005,  # short: the kill must land mid-batch, soon after KILL_AFTER files
            what="the load to store its first originals",
        )
        still_running = proc.poll() is None
        if still_running:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        err.close()
    assert still_running, "the load finished before it could be killed"
    assert proc.returncode == -signal.SIGKILL

    killed = _snapshot(crash_db)
    _check_consistent(crash_db, killed)
    assert 0 < len(killed["files"]) < len(BATCH), len(killed["files"])

    # 2. Run the same batch again to the end, and a clean single load for comparison.
    for db in (crash_db, clean_db):
        done = subprocess.run(
            _load_cmd(batch, db), cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]
    rerun, clean = _snapshot(crash_db), _snapshot(clean_db)
    _check_consistent(crash_db, rerun)
    assert len(clean["files"]) == len(BATCH)
    for key in ("files", "reports", "fields", "orphans", "double_current"):
        assert rerun[key] == clean[key], key
    assert len(rerun["queue"]) == len(clean["queue"])
    # Exactly once: the rerun logged the already-loaded files as duplicates, nothing else twice.
    con = duckdb.connect(str(crash_db), read_only=True)
    try:
        logged = dict(
            con.execute("SELECT outcome, count(*) FROM ingest_log GROUP BY outcome").fetchall()
        )
        per_file = con.execute(
            "SELECT file_id, count(*) FILTER (WHERE outcome <> 'duplicate') AS n FROM ingest_log "
            "GROUP BY file_id HAVING n <> 1"
        ).fetchall()
    finally:
        con.close()
    assert per_file == []
    assert logged.get("duplicate", 0) == len(killed["files"])
