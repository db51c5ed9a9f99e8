"""Short-lived DuckDB connections, one writer at a time, and the schema migrations.

DuckDB lets one process hold a database file read-write, and then no other process can open it at
all; in one process it refuses two connections to the same file with different configurations
(read-only vs read-write). So nothing here keeps a connection open for long:

- ``connect()`` opens a connection for one unit of work and closes it; a lock held by another
  process (the CLI loading, or the app reading) is retried with backoff for a few seconds, then
  ``DatabaseBusy`` is raised with its Vietnamese message. ``transaction()`` is one write.
- A batch (``warehouse.load.load_paths``) writes through a ``Writer``: one read-write connection
  kept across many short transactions (opening the file and closing it with its checkpoint cost
  ~50 ms, far more than a report's rows). While a process retries a locked file it touches
  ``<db>.waiting``; a Writer that sees it (or a waiting thread of its own process) gives the file
  back within ``hold`` (1 s) for ``pause`` (0.25 s), well within the waiter's retry window.
- In one process (Streamlit runs sessions in threads) a readers-writer lock per file lets readers
  share read-only connections and gives a writer the file alone, so the two configurations never
  meet. Writers are preferred, so a stream of page reads cannot starve an upload.
- The migrations in ``warehouse/migrations/NNN_name.sql`` are applied once, in name order, by the
  first writer, and recorded in ``schema_migrations``; an applied file is never edited.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from ingest.errors import DatabaseBusy, WarehouseError

log = logging.getLogger(__name__)

DbPath = str | Path | None
DEFAULT_DB = Path("data") / "warehouse.duckdb"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# How long to wait for another process's lock before telling the user the database is busy.
DEFAULT_TIMEOUT = float(os.environ.get("REPORTS_DB_TIMEOUT", "8"))
# Longest wait between two attempts at a locked file: shorter than a Writer's pause, so a process
# waiting for a batch gets in at the batch's next pause (at most hold + pause after it started).
RETRY_MAX_DELAY = 0.1
# A Writer holds the file at most this long while another process or thread waits for it, then
# stays away this long (longer than RETRY_MAX_DELAY, so the waiter's next attempt gets in).
DEFAULT_HOLD = float(os.environ.get("REPORTS_DB_HOLD", "1"))
DEFAULT_PAUSE = 0.25


def db_path(db: DbPath = None) -> Path:
    """Return the database path: the argument, else ``$REPORTS_DB``, else data/warehouse.duckdb."""
    raw = db if db not in (None, "") else os.environ.get("REPORTS_DB") or DEFAULT_DB
    path = Path(raw).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def files_dir(db: DbPath = None) -> Path:
    """Return the content-addressed folder of original files that sits next to the database."""
    return db_path(db).parent / "files"


class _RWLock:
    """Readers share, one writer alone; waiting writers block new readers; writers re-enter."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer: int | None = None
        self._writer_depth = 0
        self._writers_waiting = 0
        self._readers_waiting = 0

    def acquire_read(self) -> None:
        with self._cond:
            self._readers_waiting += 1
            try:
                while self._writer is not None or self._writers_waiting:
                    self._cond.wait()
            finally:
                self._readers_waiting -= 1
            self._readers += 1

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            if not self._readers:
                self._cond.notify_all()

    def acquire_write(self) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._writer == me:
                self._writer_depth += 1
                return
            self._writers_waiting += 1
            try:
                while self._writer is not None or self._readers:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
            self._writer = me
            self._writer_depth = 1

    def release_write(self) -> None:
        with self._cond:
            self._writer_depth -= 1
            if not self._writer_depth:
                self._writer = None
                self._cond.notify_all()

    def held_by_me(self) -> bool:
        return self._writer == threading.get_ident()

    def contended(self) -> bool:
        """Return True when another thread waits for this lock."""
        return bool(self._readers_waiting or self._writers_waiting)


_locks: dict[Path, _RWLock] = {}
_locks_guard = threading.Lock()
_migrated: set[Path] = set()
_opens: dict[Path, int] = {}


def open_count(db: DbPath = None) -> int:
    """Return how many times this process has opened the database file (any mode)."""
    return _opens.get(db_path(db), 0)


def _lock_for(path: Path) -> _RWLock:
    with _locks_guard:
        return _locks.setdefault(path, _RWLock())


def _waiting_marker(path: Path) -> Path:
    return path.with_name(path.name + ".waiting")


def _signal_waiting(path: Path) -> None:
    """Tell a batch Writer in another process that someone waits for the file (touch a marker)."""
    # In a read-only folder there is no marker: a batch then gives the file back only while it
    # waits for its next file.
    with contextlib.suppress(OSError):
        _waiting_marker(path).touch()


def _someone_waiting(path: Path, within: float) -> bool:
    """Return True when another process signalled, within the last seconds, that it waits."""
    try:
        return time.time() - _waiting_marker(path).stat().st_mtime <= within
    except OSError:
        return False


def _is_busy(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "different configuration" in text


def _open(path: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as e:
            if not _is_busy(e):
                raise WarehouseError(f"cannot open {path}: {e}", path=str(path)) from e
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    f"{path} is locked by another process: {e}", path=str(path)
                ) from e
            _signal_waiting(path)
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, RETRY_MAX_DELAY / 1.5)
            continue
        with _locks_guard:
            _opens[path] = _opens.get(path, 0) + 1
        return con


@contextmanager
def connect(
    db: DbPath = None, *, read_only: bool = False, timeout: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a short-lived connection, applying pending migrations first; close it on exit.

    Read-only connections share the file with other readers (in this process and others);
    read-write ones have it alone. Raises DatabaseBusy when another process keeps it locked.
    """
    path = db_path(db)
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    if path not in _migrated:
        migrate(path, timeout=timeout)
    lock = _lock_for(path)
    if lock.held_by_me():
        # Nested use inside this thread's own write: same (read-write) configuration.
        read_only = False
        lock.acquire_write()
        release = lock.release_write
    elif read_only:
        lock.acquire_read()
        release = lock.release_read
    else:
        lock.acquire_write()
        release = lock.release_write
    try:
        con = _open(path, read_only, timeout)
        try:
            yield con
        finally:
            con.close()
    finally:
        release()


@contextmanager
def transaction(
    db: DbPath = None, *, timeout: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a write connection inside one transaction: commit on success, roll back on error.

    Library failures are wrapped in WarehouseError (its message says nothing was half-written).
    """
    with connect(db, timeout=timeout) as con, _transaction(con):
        yield con


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.begin()
    try:
        yield
    except BaseException as e:
        con.rollback()
        if isinstance(e, duckdb.Error):
            raise WarehouseError(f"transaction rolled back: {e}") from e
        raise
    else:
        try:
            con.commit()
        except duckdb.Error as e:
            raise WarehouseError(f"commit failed, nothing written: {e}") from e


class Writer:
    """One read-write connection for a batch of writes, each in its own transaction.

    ``transaction()`` opens the file when needed and hands out one transaction (commit on
    success, roll back on error: a bad unit rolls back alone). Every ``hold`` seconds, at the
    next transaction, the writer looks whether anyone waits for the file: a thread of this
    process (the readers-writer lock) or another process (``connect`` touches a marker file
    next to the database while it retries). If so it closes the connection (releasing this
    process's write lock too) and reopens it only ``pause`` seconds later, so the waiter, which
    retries every 0.1 s at most, gets in within about ``hold`` seconds; if not it keeps the
    connection (closing costs a checkpoint). It is also closed after a failed transaction, on
    ``release()`` (a batch waiting longer than ``remaining()`` for its next unit calls it) and
    on ``close()`` / leaving the ``with`` block. Use a Writer from one thread.
    """

    def __init__(
        self,
        db: DbPath = None,
        *,
        hold: float | None = None,
        pause: float | None = None,
        timeout: float | None = None,
    ) -> None:
        self.path = db_path(db)
        self.hold = DEFAULT_HOLD if hold is None else hold
        self.pause = DEFAULT_PAUSE if pause is None else pause
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.opens = 0
        self.transactions = 0
        self._lock = _lock_for(self.path)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened_at = 0.0
        self._reopen_at = 0.0
        self._owner: int | None = None

    def remaining(self) -> float | None:
        """Return the seconds left of the current hold; None when the file is not held."""
        if self._con is None:
            return None
        return max(0.0, self.hold - (time.monotonic() - self._opened_at))

    def waited_for(self) -> bool:
        """Return True when another thread or process is waiting for the database file."""
        return self._lock.contended() or _someone_waiting(self.path, RETRY_MAX_DELAY * 5)

    def _check_thread(self) -> None:
        if self._con is not None and self._owner != threading.get_ident():
            raise RuntimeError("a Writer is used from the thread that opened it only")

    def _connection(self) -> duckdb.DuckDBPyConnection:
        self._check_thread()
        if self._con is not None and self.remaining() == 0:
            if self.waited_for():
                self.release()
                self._reopen_at = time.monotonic() + self.pause
            else:
                self._opened_at = time.monotonic()  # nobody waits: hold on, start a new hold
        if self._con is None:
            wait = self._reopen_at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            if self.path not in _migrated:
                migrate(self.path, timeout=self.timeout)
            self._lock.acquire_write()
            try:
                self._con = _open(self.path, False, self.timeout)
            except BaseException:
                self._lock.release_write()
                raise
            self._opened_at = time.monotonic()
            self._owner = threading.get_ident()
            self.opens += 1
            log.debug("writer opened %s (open #%d)", self.path, self.opens)
        return self._con

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield the connection inside one transaction: commit on success, roll back on error.

        Library failures are wrapped in WarehouseError, as ``transaction()`` does.
        """
        con = self._connection()
        try:
            with _transaction(con):
                yield con
        except BaseException:
            # The next unit starts on a fresh connection, whatever state this one is in.
            self.release()
            raise
        self.transactions += 1

    def release(self) -> None:
        """Close the connection and give the file back; the next transaction reopens it."""
        self._check_thread()
        if self._con is None:
            return
        con, self._con = self._con, None
        try:
            con.close()
        finally:
            self._owner = None
            self._lock.release_write()

    def close(self) -> None:
        """Give the file back (same as ``release``); the writer can still be used afterwards."""
        self.release()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def writer(
    db: DbPath = None,
    *,
    hold: float | None = None,
    pause: float | None = None,
    timeout: float | None = None,
) -> Writer:
    """Return a Writer for a batch of transactions on ``db``; use it as a context manager."""
    return Writer(db, hold=hold, pause=pause, timeout=timeout)


def json_default(value: Any) -> Any:
    """Serialise what json.dumps does not: dates as ISO text, tuples and sets as lists."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def audit(
    con: duckdb.DuckDBPyConnection, user: str, action: str, target: str | None, detail: dict
) -> None:
    """Append one line to the audit table (inside the caller's transaction)."""
    con.execute(
        'INSERT INTO audit (created_at, "user", action, target, detail) VALUES (?, ?, ?, ?, ?)',
        [
            datetime.now(),
            user,
            action,
            target,
            json.dumps(detail, ensure_ascii=False, allow_nan=False, default=json_default),
        ],
    )


def migration_files() -> list[Path]:
    """Return the migration files in the order they are applied (by name)."""
    return sorted(MIGRATIONS_DIR.glob("*.sql"))


_CREATE_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
)
"""


def _applied(con: duckdb.DuckDBPyConnection) -> set[str]:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return set()
    return {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}


def _steps() -> list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]]:
    """Return every step in order: the SQL migrations, then the rebuild of derived facts.

    report_facts is computed by Python rules (warehouse.facts, ingest.topics); its step is named
    by the fingerprint of those rules, so a warehouse written by other rules (or before the
    table existed) gets its facts recomputed once, like a migration.
    """
    from warehouse import facts

    steps: list[tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
        (file.stem, lambda con, file=file: con.execute(file.read_text(encoding="utf-8")))
        for file in migration_files()
    ]
    steps.append((f"report_facts@{facts.fingerprint()}", facts.rebuild))
    return steps


def migrate(db: DbPath = None, *, timeout: float | None = None) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return their names."""
    path = db_path(db)
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    wanted = _steps()
    lock = _lock_for(path)
    # Cheap check first, shared with other readers: most starts have nothing to apply.
    if path.exists() and not lock.held_by_me():
        lock.acquire_read()
        try:
            con = _open(path, True, timeout)
            try:
                pending = [name for name, _ in wanted if name not in _applied(con)]
            finally:
                con.close()
        finally:
            lock.release_read()
        if not pending:
            _migrated.add(path)
            return []
    applied: list[str] = []
    lock.acquire_write()
    try:
        con = _open(path, False, timeout)
        try:
            con.execute(_CREATE_MIGRATIONS)
            done = _applied(con)
            for name, step in wanted:
                if name in done:
                    continue
                con.begin()
                try:
                    step(con)
                    con.execute(
                        "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                        [name, datetime.now()],
                    )
                except duckdb.Error as e:
                    con.rollback()
                    raise WarehouseError(f"migration {name} failed: {e}") from e
                con.commit()
                applied.append(name)
                log.info("applied migration %s to %s", name, path)
        finally:
            con.close()
    finally:
        lock.release_write()
    _migrated.add(path)
    return applied
