"""Shared fixtures: one warehouse seeded from samples/ per test session, truth expectations, login.

The seeded database is built once per session for all xdist workers (``python -m warehouse seed
--db``, behind a file lock in the session's shared temporary folder: ``shared_once``); each worker
gets its own copy, exposed through ``REPORTS_DB`` (logging in writes sessions to it), and tests that
write (uploads, corrections) work on a further copy.
Expectations are computed from samples/truth and samples/manifest.csv, never hard-coded.

For quick iterations: ``REPORTS_TEST_SEEDED_DB=/path/warehouse.duckdb`` reuses a warehouse seeded
earlier (without users) instead of seeding again; ``REPORTS_SAMPLES_DIR`` points at another sample
set with the same layout.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Another sample set (same layout as samples/) can be tried with REPORTS_SAMPLES_DIR.
SAMPLES = Path(os.environ.get("REPORTS_SAMPLES_DIR") or ROOT / "samples")
ADMIN_PASSWORD = "Test-admin-2024!"
# .streamlit/config.toml hides error details from officials; tests want the real traceback.
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")
# argon2's cheapest parameters for the suite's few hundred logins (warehouse.auth); the real
# parameters are checked in tests/test_warehouse_auth.py.
os.environ.setdefault("REPORTS_TEST_CHEAP_PASSWORD_HASH", "1")


# The longest test files (pytest --durations), heaviest first. xdist hands whole files to its two
# workers in collection order (pyproject: --dist loadfile --no-loadscope-reorder), so these start
# first and the many short files fill in behind them: left for the end, one of them would run
# alone on one core while the other worker has finished. Only an order: a name missing here
# costs time, never a result.
LONGEST_FILES = (
    "test_roundtrip",
    "test_browser",
    "test_bench_smoke",
    "test_browser_vietnamese",
    "test_pipeline",
    "test_golden",
    "test_concurrency",
    "test_app_readable_text",
    "test_app_tiep_nhan",
    "test_app_untrusted_text",
    "test_hostile",
    "test_cli_text",
    "test_app_danh_muc",
    "test_upload_guard",
    "test_warehouse_form",
    "test_browser_journey",
    "test_warehouse_db",
    "test_crash_safety",
    "test_season2026",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the tests of LONGEST_FILES first, in that order; the rest keep pytest's order."""
    rank = {name: i for i, name in enumerate(LONGEST_FILES)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))


@dataclass(frozen=True)
class TruthReport:
    """One sample report's ground truth plus its arrival time from the manifest."""

    file: str  # relative to samples/reports
    received_at: str
    truth: dict

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.truth["agency"], int(self.truth["year"]), self.truth["period"])


def load_truth() -> list[TruthReport]:
    """Return every sample that is a report, with its manifest arrival time."""
    manifest: dict[str, str] = {}
    with (SAMPLES / "manifest.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            manifest[row["file"]] = row.get("received_at") or ""
    out = []
    for path in sorted((SAMPLES / "truth").glob("*/*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth.get("doc_type") != "report" or not truth.get("agency"):
            continue
        rel = f"{path.parent.name}/{path.name.removesuffix('.json')}"
        out.append(TruthReport(file=rel, received_at=manifest.get(rel, ""), truth=truth))
    return out


def current_reports(year: int, period: str = "year") -> dict[str, TruthReport]:
    """Return agency name -> its current (latest received) sample report for one period."""
    latest: dict[str, TruthReport] = {}
    for rep in load_truth():
        if rep.key[1:] != (year, period):
            continue
        seen = latest.get(rep.truth["agency"])
        if seen is None or rep.received_at >= seen.received_at:
            latest[rep.truth["agency"]] = rep
    return latest


@dataclass(frozen=True)
class StoredReport:
    agency_id: str
    report_id: str
    file_id: str
    year: int
    period: str


def current_report(db: Path, name: str) -> StoredReport:
    """Return the current report stored from the file named ``name`` in warehouse ``db``."""
    from warehouse.db import connect

    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT r.agency_id, r.id, r.file_id, r.year, r.period FROM reports r "
            "JOIN files f ON f.id = r.file_id WHERE f.original_name = ? AND r.is_current",
            [name],
        ).fetchall()
    assert len(rows) == 1, f"{name}: {len(rows)} current reports in {db}"
    return StoredReport(*rows[0])


def open_on_don_vi(make_app, db: Path, name: str):
    """Return (the "Đơn vị" page showing the current report of file ``name``, that report)."""
    rep = current_report(db, name)
    at = make_app("don_vi")
    at.selectbox(key="agency_pick").set_value(rep.agency_id).run()
    at.selectbox(key=f"detail_period_{rep.agency_id}").set_value((rep.year, rep.period)).run()
    assert not at.exception, at.exception
    return at, rep


def shown_names(db: Path, year: int, period: str = "year") -> dict[str, str]:
    """Return canonical name -> the name pages show for the period (its name in that period:
    "Ủy ban nhân dân huyện Kim Bảng" in 2020), for the agencies expected in it."""
    from warehouse import queries

    table = queries.completeness(year=year, period=period, db=db)
    registry = queries.agencies(db=db).set_index("agency_id")
    pairs = zip(table["agency_id"], table["agency"], strict=True)
    return {registry.loc[i, "name"]: shown for i, shown in pairs}


def sample_years() -> list[int]:
    """Return the years that have at least one yearly sample report, newest first."""
    return sorted({r.key[1] for r in load_truth() if r.key[2] == "year"}, reverse=True)


def copy_warehouse(db: Path, folder: Path) -> Path:
    """Copy a warehouse (database, its WAL and the original files beside it) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "warehouse.duckdb"
    shutil.copy2(db, target)
    wal = Path(f"{db}.wal")
    if wal.exists():
        shutil.copy2(wal, f"{target}.wal")
    if (db.parent / "files").is_dir():
        shutil.copytree(db.parent / "files", folder / "files", dirs_exist_ok=True)
    return target


class FakeClock:
    """A stand-in for ``warehouse.auth.clock`` that moves only when a test calls ``advance``.

    It starts at the real time, so rows written by the real clock before it was installed still
    compare sensibly.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._monotonic = time.monotonic()
        self._now = datetime.now()
        self._time = time.time()

    def advance(self, seconds: float) -> None:
        """Move every reading of this clock forward by ``seconds``."""
        self._offset += seconds

    def monotonic(self) -> float:
        return self._monotonic + self._offset

    def now(self) -> datetime:
        return self._now + timedelta(seconds=self._offset)

    def time(self) -> float:
        return self._time + self._offset


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Install a FakeClock as the login rules' clock (lockout, session expiry, idle timeout)."""
    from warehouse import auth

    clock = FakeClock()
    monkeypatch.setattr(auth, "clock", clock)
    return clock


def wait_until(
    predicate: Callable[[], object], *, timeout: float = 120, interval: float = 0.02, what: str = ""
) -> object:
    """Poll ``predicate`` until it returns something truthy and return that; fail after ``timeout``.

    The deadline is generous on purpose: it only bounds a test that is broken, it is never what
    the test measures, so a slow or busy machine passes as a fast one does.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout:g} s waiting for {what or predicate!r}")
        time.sleep(interval)


TEST_PASSWORD = "Mat-khau-kiem-thu-1"


def add_user(
    db: Path | str,
    username: str,
    role: str = "editor",
    *,
    active: bool = True,
    password: str = TEST_PASSWORD,
) -> None:
    """Create a real user in ``db`` (by the system actor, like ``python -m warehouse
    create-user``) so warehouse writes in its name pass the role check; ``active=False`` then
    locks the account (as an admin does on the Danh mục page)."""
    from warehouse import auth

    auth.create_user(username=username, password=password, role=role, by="system", db=db)
    if not active:
        auth.set_active(username=username, active=False, by="system", db=db)


def shared_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """Return the folder ``build`` filled once in this test session, shared by every xdist worker.

    The first worker to ask builds it under an exclusive file lock in the session's temporary
    folder (the parent of each worker's own); the others wait on the lock and reuse it. A build
    that failed leaves no marker, so the next one to ask builds again (and fails the same way).
    Use the folder read-only: copy what a test changes.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / f"shared-{name}"
    with (root / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


def _inputs_key(*paths: Path) -> str:
    """Return a short hash of the names, sizes and times of the files under ``paths``."""
    digest = hashlib.sha256()
    for top in paths:
        for path in sorted(p for p in top.rglob("*") if p.is_file()):
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _seed(folder: Path) -> None:
    """Seed a warehouse from SAMPLES into ``folder`` with ``python -m warehouse seed``."""
    db = folder / "warehouse.duckdb"
    env = {
        **os.environ,
        "REPORTS_DB": str(db),
        "OMP_THREAD_LIMIT": "1",
        "REPORTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }
    cmd = [sys.executable, "-m", "warehouse", "seed", "--db", str(db), "--samples", str(SAMPLES)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"seed failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return this worker's copy of the warehouse seeded from samples/ (read-only use).

    The seed runs once per session for all workers (``shared_once``, keyed by the samples'
    files); each worker copies it, since logging in writes sessions to the database.
    """
    if not (SAMPLES / "manifest.csv").exists():
        pytest.fail("samples/manifest.csv is missing: run `python -m samples.generate` first")
    folder = tmp_path_factory.mktemp("warehouse")
    prebuilt = os.environ.get("REPORTS_TEST_SEEDED_DB")  # a DB seeded earlier from SAMPLES
    if prebuilt:
        return copy_warehouse(Path(prebuilt), folder)
    seeded = shared_once(tmp_path_factory, f"seeded-{_inputs_key(SAMPLES)}", _seed)
    return copy_warehouse(seeded / "warehouse.duckdb", folder)


@pytest.fixture
def app_env(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the seeded warehouse (REPORTS_DB) with a known admin password."""
    monkeypatch.setenv("REPORTS_DB", str(seeded_db))
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", ADMIN_PASSWORD)
    return seeded_db


@pytest.fixture
def writable_db(app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a private copy of the seeded warehouse, set as REPORTS_DB for this test."""
    copy = copy_warehouse(app_env, tmp_path / "wh")
    monkeypatch.setenv("REPORTS_DB", str(copy))
    return copy


def login(at, username: str = "admin", password: str = ADMIN_PASSWORD):
    """Fill the login form of an AppTest that shows it, submit, and run."""
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.form_submit_button[0].click()
    return at.run()


def entry_script(folder: Path) -> Path:
    """Return app.py linked into ``folder``, which has no pages/ directory.

    AppTest rebuilds Streamlit's page manager on every run and, when the entry script sits next to
    a ``pages/`` folder, treats the app as an old-style multipage app: after the first run it
    executes the page file alone, without app.py (no sidebar, filters lost). From a folder without
    ``pages/`` it runs app.py and st.navigation every time, like the real server does.
    """
    link = folder / "entry" / "app.py"
    link.parent.mkdir(exist_ok=True)
    if not link.exists():
        link.symlink_to(ROOT / "app.py")
    return link


def open_app(
    folder: Path,
    page: str | None = None,
    username: str = "admin",
    password: str = ADMIN_PASSWORD,
    *,
    timeout: float = 90,
):
    """Return an AppTest of app.py (REPORTS_DB as set) opened at ``page``'s address, logged in.

    The login lands on the page asked for (as a browser's deep link does, checked in
    tests/test_app_vietnamese.py), so Tổng quan is not rendered on the way there.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(entry_script(folder)), default_timeout=timeout)
    if page:
        at.switch_page(str(ROOT / "pages" / f"{page}.py"))
    at.run()
    assert not at.exception, at.exception
    login(at, username, password)
    assert not at.exception, at.exception
    return at


@pytest.fixture
def make_app(app_env: Path, tmp_path: Path):
    """Return a factory: ``open_app`` on the seeded warehouse, at ``page``, logged in."""

    def factory(page: str | None = None, username: str = "admin", password: str = ADMIN_PASSWORD):
        return open_app(tmp_path, page, username, password)

    return factory


def metric_values(at) -> dict[str, str]:
    """Return {label: value} of every st.metric on the page."""
    return {m.label: m.value for m in at.metric}


def unescape_md(text: str) -> str:
    """Undo ui.format.plain (for st.table cells): escapes, autolink breakers, hard breaks."""
    import re

    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "").replace("  \n", "\n")


# Issue 7: values a reviewer may type that no field can hold, each with its Vietnamese refusal
# (ingest.record.check_value), for the warehouse, the parser of the pages and the page itself.
_POSTS = "Tổng số tin, bài phải là số nguyên từ 0 đến 100.000."
BAD_TYPED_VALUES = [
    ("posts_total", "1e308", _POSTS),
    ("posts_total", "inf", _POSTS),
    ("posts_total", "nan", _POSTS),
    ("posts_total", "-1", _POSTS),
    ("posts_total", "100001", _POSTS),
    ("posts_total", "abc", "“abc” không phải là số. " + _POSTS),
    ("posts_per_month", "inf", "Tin, bài bình quân/tháng phải là số từ 0 đến 100.000."),
    ("press_conferences", "5001", "Số cuộc họp báo phải là số nguyên từ 0 đến 5.000."),
    (
        "answers_total",
        "1e6",
        "Tổng số yêu cầu (tính thời hạn trả lời) phải là số nguyên từ 0 đến 100.000.",
    ),
    ("spokesperson_name", "Ă" * 20_000, "Người phát ngôn dài 20.000 ký tự, tối đa 200 ký tự."),
    ("limitations", "x" * 5_001, "Hạn chế dài 5.001 ký tự, tối đa 5.000 ký tự."),
]


def active_markdown(text: str) -> list[str]:
    """Return what Streamlit's Markdown would still make of ``text`` as a picture, a link,
    formatting or HTML (issue 7). Its autolinks and emoji are found after backslash escapes are
    undone, so they are looked for in the literal text; the rest where nothing is escaped."""
    import re

    bare = re.sub(r"\\[!-/:-@\[-`{-~]", "", text)  # an escaped character is literal
    literal = re.sub(r"\\(.)", r"\1", text)
    checks = {
        "image or link": (r"!?\[[^\]]*\]\(", bare),
        "html": (r"<\s*/?\s*[a-z]", bare),
        "autolink": (r"(https?://|www\.)[\w.-]", literal),
        "e-mail": (r"[\w.+-]@[\w-]+\.", literal),
        "emoji": (r":[\w+/-]+:", literal),
        "formatting": (r"\*\*|__|~~|`|\$|^#|^\d+\.|^[-*>] |^[-=]{3}|&\w+;", bare),
    }
    return [
        name for name, (pattern, where) in checks.items() if re.search(pattern, where, re.I | re.M)
    ]


def resubmission_bytes(path: Path) -> bytes:
    """Return a DOCX with the same content as ``path`` but different bytes (a resubmitted copy).

    Same text, so the same values are read, but a new sha256, so the warehouse stores it as a new
    version instead of a duplicate.
    """
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("docProps/resubmitted.txt", "Bản gửi lại")
    return buffer.getvalue()


def upload_candidate() -> TruthReport:
    """Pick the current yearly DOCX report of the newest sample year that states posts_total."""
    year = sample_years()[0]
    candidates = [
        r
        for r in current_reports(year).values()
        if r.file.endswith(".docx") and r.truth.get("posts_total") is not None
    ]
    assert candidates, f"no DOCX report with posts_total for {year} in samples"
    return sorted(candidates, key=lambda r: r.file)[0]


def goto(at, name: str):
    """Switch an AppTest to ``pages/<name>.py`` and run it."""
    at.switch_page(str(ROOT / "pages" / f"{name}.py")).run()
    assert not at.exception, at.exception
    return at


def walk(node):
    """Yield every element under an AppTest node, in page order (into columns, expanders...)."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from walk(child)


def frame(at, column: str):
    """Return the DataFrame of the first table on the page that has ``column``: a data grid
    (st.dataframe), else a static table (st.table, cells unescaped)."""
    for df in at.dataframe:
        value = df.value
        if column in value.columns:
            return value
    for table in at.table:
        value = table.value
        if column in value.columns:
            return value.map(lambda v: unescape_md(v) if isinstance(v, str) else v)
    raise AssertionError(f"no table with column {column!r} on the page")


def has_frame(at, column: str) -> bool:
    """Return True when some table (data grid or static) on the page has ``column``."""
    return any(column in t.value.columns for t in [*at.dataframe, *at.table])


def sections(at) -> dict[str, list]:
    """Return subheader text -> the elements after it, up to the next subheader."""
    out: dict[str, list] = {}
    current: list | None = None
    for node in walk(at.main):
        if getattr(node, "type", None) == "subheader":
            current = out.setdefault(node.value, [])
        elif current is not None:
            current.append(node)
    return out
