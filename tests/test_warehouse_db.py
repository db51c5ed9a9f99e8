"""Connections and migrations against a real DuckDB file."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ingest.errors import DatabaseBusy
from warehouse import db as wdb

TABLES = {
    "agencies",
    "agency_aliases",
    "expected_reports",
    "files",
    "reports",
    "field_values",
    "corrections",
    "review_queue",
    "ingest_log",
    "audit",
    "users",
    "sessions",
    "schema_migrations",
}


MIGRATIONS = "SELECT name, applied_at FROM schema_migrations ORDER BY name"


def _tables(path: Path) -> set[str]:
    with wdb.connect(path, read_only=True) as con:
        rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {r[0] for r in rows}


def test_migrations_from_empty_then_rerun_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "w.duckdb"
    applied = wdb.migrate(path)
    assert applied[:-1] == [f.stem for f in wdb.migration_files()]
    assert applied[:2] == ["001_core", "002_auth"]
    assert applied[-1].startswith("report_facts@")  # derived facts, computed once
    assert _tables(path) >= TABLES
    with wdb.connect(path, read_only=True) as con:
        before = con.execute(
            "SELECT name, applied_at FROM schema_migrations ORDER BY name"
        ).fetchall()
    wdb._migrated.discard(path.resolve())  # as a new process would
    assert wdb.migrate(path) == []
    with wdb.connect(path, read_only=True) as con:
        after = con.execute(
            "SELECT name, applied_at FROM schema_migrations ORDER BY name"
        ).fetchall()
    assert after == before


def test_db_path_from_env_creates_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a" / "b" / "x.duckdb"
    monkeypatch.setenv("REPORTS_DB", str(target))
    assert wdb.db_path() == target.resolve()
    assert target.parent.is_dir()
    assert wdb.db_path(tmp_path / "y.duckdb") == (tmp_path / "y.duckdb").resolve()


HOLD = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
print("ready", flush=True)
if sys.argv[2] == "until-closed":
    sys.stdin.read()
else:
    time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold(path: Path, seconds: float | None) -> subprocess.Popen:
    """Hold ``path`` open read-write for ``seconds``, or until killed when None."""
    how_long = "until-closed" if seconds is None else str(seconds)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), how_long],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_lock_held_by_another_process_raises_database_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    wdb.migrate(path)
    # The default is out of reach, so giving up at all shows the call's own timeout was used.
    monkeypatch.setattr(wdb, "DEFAULT_TIMEOUT", 900.0)
    proc = _hold(path, None)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseBusy) as exc, wdb.connect(path, read_only=True, timeout=0.6):
            pass
        # At least the timeout (it retried), and nowhere near the default: no machine is slow
        # enough to stretch 0.6 s of retries into 10 minutes.
        assert 0.5 <= time.monotonic() - started < 600
        assert "bận" in exc.value.user_message
    finally:
        proc.kill()
        proc.wait()


def test_waits_for_a_short_lock_then_succeeds(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    wdb.migrate(path)
    # The 1 s hold is the thing under test (a short lock); the 10-minute timeout makes sure
    # the writer outlasts it on any machine.
    proc = _hold(path, 1.0)
    try:
        with wdb.transaction(path, timeout=600) as con:
            con.execute("INSERT INTO agencies (id, name, type) VALUES ('x', 'Sở X', 'department')")
    finally:
        proc.wait()
    with wdb.connect(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM agencies").fetchone()[0] == 1


def test_threads_share_readers_and_serialise_writers(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    wdb.migrate(path)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with wdb.transaction(path) as con:
                    con.execute(
                        "INSERT INTO agencies (id, name, type) VALUES (?, ?, 'department')",
                        [f"a{n}-{i}", f"Sở {n} {i}"],
                    )
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    def reader() -> None:
        try:
            for _ in range(20):
                with wdb.connect(path, read_only=True) as con:
                    con.execute("SELECT count(*) FROM agencies").fetchone()
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    threads += [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    with wdb.connect(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM agencies").fetchone()[0] == 30


def test_failed_transaction_rolls_back(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with pytest.raises(RuntimeError), wdb.transaction(path) as con:
        con.execute("INSERT INTO agencies (id, name, type) VALUES ('x', 'Sở X', 'department')")
        raise RuntimeError("boom")
    with wdb.connect(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM agencies").fetchone()[0] == 0


WRITER = """
import sys
from warehouse import db
for i in range(15):
    with db.transaction(sys.argv[1]) as con:
        con.execute(
            "INSERT INTO agencies (id, name, type) VALUES (?, ?, 'department')",
            [f"p{i}", f"Sở {i}"],
        )
print("done", flush=True)
"""


def test_reads_keep_working_while_another_process_writes(tmp_path: Path) -> None:
    """The app (reads) and a CLI load (short writes) share the file by taking turns."""
    path = tmp_path / "w.duckdb"
    wdb.migrate(path)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    seen = set()
    while proc.poll() is None:
        with wdb.connect(path, read_only=True) as con:
            seen.add(con.execute("SELECT count(*) FROM agencies").fetchone()[0])
    out, err = proc.communicate()
    assert proc.returncode == 0 and "done" in out, err
    with wdb.connect(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM agencies").fetchone()[0] == 15
    assert len(seen) > 1  # reads happened between the writes
