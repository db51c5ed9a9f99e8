"""Batch writes through one connection (warehouse.db.Writer) and the bulk registry import.

Real DuckDB files, real subprocesses: a batch opens the file a few times instead of once a file,
still commits each file alone, and gives the file back often enough for other processes and
threads to get in.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest
import warehouse_corpus as wc
from conftest import add_user, wait_until

from ingest.errors import WarehouseError
from ingest.record import FieldValue
from warehouse import db as wdb
from warehouse import load, registry, review
from warehouse.registry import import_csv

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "reports"
LOADER = wc.LOADER  # a real admin, created in each warehouse before it writes


def _registry(tmp: Path) -> Path:
    csv_path = tmp / "agencies.csv"
    csv_path.write_text(wc.AGENCIES_CSV, encoding="utf-8")
    return csv_path


def _rows(db: Path) -> dict[str, list]:
    """Return the content of the written tables without the load-time timestamps."""
    with wdb.connect(db, read_only=True) as con:
        q = con.execute
        return {
            "files": sorted(
                q("SELECT id, sha256, original_name, received_at FROM files").fetchall()
            ),
            "reports": sorted(
                q(
                    "SELECT id, file_id, agency_id, year, period, version, status, supersedes, "
                    "is_current FROM reports"
                ).fetchall(),
                key=str,
            ),
            "fields": sorted(
                q("SELECT report_id, field, value, quote, confidence FROM field_values").fetchall(),
                key=str,
            ),
            "queue": sorted(
                q("SELECT kind, file_id, report_id FROM review_queue").fetchall(), key=str
            ),
            "log": sorted(
                q("SELECT file_id, outcome, report_id FROM ingest_log").fetchall(), key=str
            ),
            "expected": sorted(q("SELECT * FROM expected_reports").fetchall(), key=str),
        }


def test_a_batch_through_one_writer_stores_what_single_writes_store(tmp_path: Path) -> None:
    single = tmp_path / "single" / "w.duckdb"
    wc.build(single, tmp_path)
    batch = tmp_path / "batch" / "w.duckdb"
    add_user(batch, LOADER, "admin")
    import_csv(_registry(tmp_path), db=batch, user=LOADER)
    opened = wdb.open_count(batch)
    with wdb.writer(batch, hold=60) as w, wc.on_day(wc.LOADED_ON):  # the day wc.build loads on
        results = [
            load.write_record(rec, data, original_name=name, user=LOADER, received_at=at, writer=w)
            for name, data, rec, at in wc.corpus()
        ]
    assert w.opens == 1 and w.transactions == len(results)
    assert wdb.open_count(batch) - opened == 1
    assert [r.outcome for r in results].count("loaded") == 6
    assert _rows(batch) == _rows(single)


def test_a_failing_file_in_a_batch_rolls_back_alone(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    add_user(db, LOADER, "admin")
    import_csv(_registry(tmp_path), db=db, user=LOADER)
    items = wc.corpus()
    bad = wc.report("Sở Beta", posts_total=7)
    bad.fields["limitations"] = FieldValue(object(), 0.5)  # not storable: fails after the report
    items.insert(3, ("hong-giua.docx", b"bad bytes in the middle", bad, items[3][3]))
    stored = []
    with wdb.writer(db, hold=60) as w, wc.on_day(wc.LOADED_ON):  # the day wc.build loads on
        for name, data, rec, at in items:
            try:
                stored.append(
                    load.write_record(
                        rec, data, original_name=name, user=LOADER, received_at=at, writer=w
                    )
                )
            except WarehouseError:
                assert name == "hong-giua.docx"
    assert len(stored) == len(items) - 1
    assert w.transactions == len(items) - 1
    rows = _rows(db)
    bad_id = hashlib.sha256(b"bad bytes in the middle").hexdigest()[:16]
    assert bad_id not in {f[0] for f in rows["files"]}
    assert bad_id not in {r[1] for r in rows["reports"]}
    assert bad_id not in {entry[0] for entry in rows["log"]}
    # Every other file is there, as if the bad one had never been in the batch.
    good = tmp_path / "good" / "w.duckdb"
    wc.build(good, tmp_path)
    assert rows == _rows(good)


def test_load_paths_opens_the_database_a_few_times_not_once_a_file(tmp_path, monkeypatch) -> None:
    files = sorted(SAMPLES.rglob("*.docx"))[:20]
    batch = tmp_path / "batch"
    batch.mkdir()
    for f in files:
        shutil.copy2(f, batch / f"{f.parent.name}-{f.name}")
    db = tmp_path / "wh" / "w.duckdb"
    import_csv(ROOT / "samples" / "agencies.csv", db=db, user="cli")
    monkeypatch.setattr(wdb, "DEFAULT_HOLD", 60.0)  # no release on the time budget here
    opened = wdb.open_count(db)
    results = load.load_paths([batch], db=db, user="cli", workers=2)
    assert len(results) == len(files) == 20
    assert not [r for r in results if r.outcome == "error"], [r.message_vi for r in results]
    # One read for the user's role, one for the registry, one write connection for the whole
    # batch (it was one a file).
    assert wdb.open_count(db) - opened <= 3
    with wdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM files").fetchone()[0] == 20
        assert con.execute("SELECT count(DISTINCT file_id) FROM ingest_log").fetchone()[0] == 20


BATCH = """
import sys, threading
from warehouse import db
w = db.writer(sys.argv[1])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
n = 0
with w:
    while not stop.is_set():  # an endless batch: it writes until the test closes its stdin
        with w.transaction() as con:
            con.execute(
                "INSERT INTO agencies (id, name, type) VALUES (?, ?, 'department')",
                [f"a{n}", f"Sở {n}"],
            )
        n += 1
        if n == 1:
            print("writing", flush=True)
print(w.opens, w.transactions, flush=True)
"""
# Reads wait for a condition (the batch's next pause), never for a fixed time: a reader that the
# batch never lets in waits this long and fails; one that gets in does so long before, however busy
# the machine.
READ_DEADLINE = 120.0


def _read_until_three_counts(db: Path, seen: list[int], writing: Callable[[], bool]) -> None:
    """Read the agency count until three different counts were seen, each while still writing."""

    def read() -> bool:
        with wdb.connect(db, read_only=True, timeout=READ_DEADLINE) as con:
            seen.append(con.execute("SELECT count(*) FROM agencies").fetchone()[0])
        assert writing(), "the batch stopped before the reads were done"
        return len(set(seen)) >= 3

    wait_until(read, timeout=READ_DEADLINE, interval=0.05, what="reads between the batch's writes")


def test_another_process_gets_in_while_a_long_batch_writes(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    wdb.migrate(db)
    proc = subprocess.Popen(
        [sys.executable, "-c", BATCH, str(db)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    try:
        assert proc.stdout.readline().strip() == "writing"
        # The batch never ends on its own, so every read got in between its writes.
        _read_until_three_counts(db, seen, lambda: proc.poll() is None)
        out, err = proc.communicate(input="", timeout=READ_DEADLINE)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    opens, transactions = map(int, out.split())
    assert len(set(seen)) >= 3, seen  # the reads came between writes, not only before/after
    assert opens >= 2 and transactions >= 20 * opens, (opens, transactions)


def test_threads_read_while_a_writer_batch_runs(tmp_path: Path) -> None:
    """In one process the writer holds the write lock and lets readers in at its pauses."""
    db = tmp_path / "w.duckdb"
    wdb.migrate(db)
    stop = threading.Event()
    errors: list[BaseException] = []
    seen: list[int] = []
    writer_done: list[wdb.Writer] = []
    writing = threading.Event()

    def write() -> None:
        try:
            with wdb.writer(db, hold=0.5, pause=0.1) as w:
                n = 0
                while not stop.is_set():  # writes until the readers are done
                    with w.transaction() as con:
                        con.execute(
                            "INSERT INTO agencies (id, name, type) VALUES (?, ?, 'department')",
                            [f"t{n}", f"Sở {n}"],
                        )
                    n += 1
                    writing.set()
            writer_done.append(w)
        except BaseException as e:  # reported below
            errors.append(e)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert writing.wait(timeout=READ_DEADLINE), "the writer never wrote"
        _read_until_three_counts(db, seen, thread.is_alive)
    finally:
        stop.set()
        thread.join(timeout=READ_DEADLINE)
    assert not errors, errors
    w = writer_done[0]
    assert len(set(seen)) >= 3, seen  # reads between writes, not all in one pause
    assert w.opens >= 2 and w.transactions > 5 * w.opens


def test_writer_refuses_another_thread(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with wdb.writer(db, hold=60) as w:
        with w.transaction() as con:
            con.execute("INSERT INTO agencies (id, name, type) VALUES ('x', 'Sở X', 'department')")
        failures: list[BaseException] = []

        def other() -> None:
            try:
                with w.transaction():
                    pass
            except RuntimeError as e:
                failures.append(e)

        t = threading.Thread(target=other)
        t.start()
        t.join(10)
        assert len(failures) == 1


REGISTRY = """id,name,short_name,aliases,type,parent,province,valid_from,valid_to
so-a,Sở A,SA,Sở A tỉnh;Sở A tỉnh;SA cũ,department,UBND tỉnh,Hà Nam,2000-01-01,
so-b,Sở B,,,department,,Hà Nam,,2023-03-31
so-a,Sở A mới,SAM,Sở A mới tỉnh,department,UBND tỉnh,Hà Nam,2001-02-03,
"""


def test_registry_import_in_bulk_keeps_the_upsert_semantics(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    path = tmp_path / "agencies.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    add_user(db, LOADER, "admin")
    assert import_csv(path, db=db, user=LOADER) == 3

    def content() -> tuple[list, list]:
        with wdb.connect(db, read_only=True) as con:
            agencies = con.execute(
                "SELECT id, name, short_name, valid_from::VARCHAR, valid_to::VARCHAR FROM agencies "
                "ORDER BY id"
            ).fetchall()
            aliases = con.execute(
                "SELECT agency_id, alias FROM agency_aliases ORDER BY ALL"
            ).fetchall()
        return agencies, aliases

    agencies, aliases = content()
    # A repeated id takes its last row, aliases included (as row-by-row upserts did).
    assert agencies == [
        ("so-a", "Sở A mới", "SAM", "2001-02-03", None),
        ("so-b", "Sở B", None, None, "2023-03-31"),
    ]
    assert aliases == [("so-a", "Sở A mới tỉnh")]
    # Importing again changes nothing; a new file replaces names and aliases, keeps the others.
    assert import_csv(path, db=db, user=LOADER) == 3
    assert content() == (agencies, aliases)
    path.write_text(
        "id,name,short_name,aliases,type,parent,province,valid_from,valid_to\n"
        "so-a,Sở A,SA,Sở A tỉnh;SA cũ;Sở A tỉnh,department,,Hà Nam,,\n",
        encoding="utf-8",
    )
    assert import_csv(path, db=db, user=LOADER) == 1
    agencies, aliases = content()
    assert [a[:2] for a in agencies] == [("so-a", "Sở A"), ("so-b", "Sở B")]
    assert aliases == [("so-a", "SA cũ"), ("so-a", "Sở A tỉnh")]


class _CountingConnection:
    """A DuckDB connection that counts the statements run through it (executemany: one a row)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self.statements = 0

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        self.statements += 1
        return self._con.execute(sql, *args, **kwargs)

    def executemany(self, sql: str, rows: Any = (), *args: Any, **kwargs: Any) -> Any:
        rows = list(rows)
        self.statements += len(rows)
        return self._con.executemany(sql, rows, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def _import_statements(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int) -> int:
    """Import a registry of ``n`` agencies into a new warehouse; return the statements it ran."""
    lines = ["id,name,short_name,aliases,type,parent,province,valid_from,valid_to"]
    lines += [
        f"co-quan-{k},Cơ quan {k},CQ{k},Cơ quan số {k};CQ số {k},department,,Tỉnh {k % 63},,"
        for k in range(n)
    ]
    path = tmp_path / f"agencies-{n}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / f"w-{n}.duckdb"
    wdb.migrate(db)
    counted: list[_CountingConnection] = []
    real = registry.transaction

    @contextmanager
    def counting_transaction(*args: Any, **kwargs: Any) -> Iterator[_CountingConnection]:
        with real(*args, **kwargs) as con:
            counted.append(_CountingConnection(con))
            yield counted[-1]

    monkeypatch.setattr(registry, "transaction", counting_transaction)
    assert import_csv(path, db=db, user="cli") == n
    monkeypatch.setattr(registry, "transaction", real)
    with wdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM agencies").fetchone()[0] == n
        assert con.execute("SELECT count(*) FROM agency_aliases").fetchone()[0] == 2 * n
    assert len(counted) == 1  # one transaction
    return counted[0].statements


def test_registry_import_of_a_national_size_file_is_bulk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Row by row this took ~9 ms an agency (over 10 s for 1200); in bulk the statements run do
    # not grow with the number of agencies, whatever the machine's speed.
    few = _import_statements(tmp_path, monkeypatch, 12)
    many = _import_statements(tmp_path, monkeypatch, 1200)
    assert many == few, (few, many)


def test_writer_keeps_the_file_while_nobody_waits(tmp_path: Path) -> None:
    """Closing costs a checkpoint: with nobody waiting, holds are renewed instead."""
    db = tmp_path / "w.duckdb"
    wdb.migrate(db)
    with wdb.writer(db, hold=0.05) as w:
        # Past several holds and at least 10 transactions, however slow each one is.
        end = time.monotonic() + 0.6
        while time.monotonic() < end or w.transactions < 10:
            with w.transaction() as con:
                con.execute("SELECT count(*) FROM agencies").fetchone()
    assert w.opens == 1 and w.transactions >= 10
    # Another process retrying the file leaves the sign a writer looks for.
    assert not w.waited_for()
    wdb._signal_waiting(w.path)
    assert w.waited_for()


def test_rematch_after_registry_import_places_all_in_one_batch(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    add_user(db, LOADER, "admin")
    import_csv(_registry(tmp_path), db=db, user=LOADER)
    for year in (2020, 2021, 2022, 2023):
        rec = wc.report("Sở Mới Thành Lập", year, posts_total=year - 2000)
        res = load.write_record(
            rec, f"moi {year}".encode(), original_name="m.docx", db=db, user=LOADER
        )
        assert res.outcome == "unmatched_agency"
    extended = tmp_path / "more.csv"
    extended.write_text(
        wc.AGENCIES_CSV + "so-moi,Sở Mới Thành Lập,,,department,,Hà Nam,2000-01-01,\n",
        encoding="utf-8",
    )
    opened = wdb.open_count(db)
    review.import_registry(extended, db=db, user=LOADER)  # rematches the waiting reports
    # Import (1 write + registry read + 1 read of the waiting reports) and ONE batch of 4.
    assert wdb.open_count(db) - opened <= 5
    with wdb.connect(db, read_only=True) as con:
        placed = con.execute(
            "SELECT year, is_current FROM reports WHERE agency_id = 'so-moi' ORDER BY year"
        ).fetchall()
        assert placed == [(2020, True), (2021, True), (2022, True), (2023, True)]
        expected = sorted(con.execute("SELECT * FROM expected_reports").fetchall(), key=str)
    # expected_reports is what a full rebuild gives.
    from warehouse.registry import refresh_expected

    with wdb.transaction(db) as con:
        refresh_expected(con)
        assert sorted(con.execute("SELECT * FROM expected_reports").fetchall(), key=str) == expected
    assert ("so-moi", 2020, "year") in {row[:3] for row in expected}
