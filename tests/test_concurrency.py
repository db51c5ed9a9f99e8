"""Concurrency: the app keeps serving while a CLI load runs, two uploads at once, two reviewers on
the same field. Real DuckDB file, real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import add_user, copy_warehouse, entry_script, login

from ingest.errors import DatabaseBusy, ReportsError
from warehouse import queries
from warehouse.load import load_bytes, load_paths
from warehouse.registry import import_csv
from warehouse.review import correct_field

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "reports"
PASSWORD = "Kiem-thu-dong-thoi-1"
FIRST = ["2020/thanh-tra-ha-nam-2020.docx", "2020/BC_PN_2020_SYT.docx"]
LATER = [
    "2019/BC_PN_2019_SNN.docx",
    "2019/Bao_cao_phat_ngon_2019_SNV.docx",
    "2019/Bao_cao_phat_ngon_2019_SYT.docx",
    "2019/STNMT_BC_cung_cap_thong_tin_bao_chi_2019.docx",
    "2019/so-tai-chinh-2019.docx",
    "2020/BC_PN_2020_SKHDT.docx",
    "2020/Bao_cao_phat_ngon_2020_STP.docx",
    "2020/so-giao-thong-van-tai-2020.pdf",
    "2020/bc-phat-ngon-2020-snn.docx",
    "2020/bc-phat-ngon-2020-svhttdl.docx",
]


@pytest.fixture(scope="module")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a warehouse with the registry and two reports, loaded once for the module."""
    db = tmp_path_factory.mktemp("small") / "warehouse.duckdb"
    import_csv(ROOT / "samples" / "agencies.csv", db=db, user="system")
    results = load_paths([SAMPLES / f for f in FIRST], db=db, user="cli", workers=1)
    assert [r.outcome for r in results] == ["loaded", "loaded"]
    return db


@pytest.fixture
def small_db(small_template, tmp_path, monkeypatch) -> Path:
    """Return a fresh copy of the small warehouse, set as the app's database."""
    db = copy_warehouse(small_template, tmp_path / "wh")
    monkeypatch.setenv("REPORTS_DB", str(db))
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", PASSWORD)
    return db


def test_app_and_queries_keep_working_during_a_cli_load(small_db, tmp_path):
    from streamlit.testing.v1 import AppTest

    batch = tmp_path / "later"
    batch.mkdir()
    for rel in LATER:
        shutil.copy2(SAMPLES / rel, batch / Path(rel).name)
    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=120).run()
    login(at, "admin", PASSWORD)
    assert not at.exception and at.title[0].value == "Tổng quan"

    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = [sys.executable, "-m", "warehouse", "load", str(batch), "--db", str(small_db)]
    proc = subprocess.Popen(
        [*cmd, "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    counts = {"reads": 0, "busy": 0, "during_writes": 0}
    busy_messages: set[str] = set()
    unexpected: list[BaseException] = []
    blobs = small_db.parent / "files"
    before = sum(1 for p in blobs.rglob("*") if p.is_file())

    def reader() -> None:
        # A dashboard user clicking around: a query every few tens of milliseconds.
        while proc.poll() is None:
            try:
                log = queries.ingest_log(db=small_db)
                queries.completeness(year=2020, period="year", db=small_db)
                assert len(log) >= len(FIRST)
                counts["reads"] += 1
                if sum(1 for p in blobs.rglob("*") if p.is_file()) > before:
                    counts["during_writes"] += 1
            except DatabaseBusy as e:
                counts["busy"] += 1
                busy_messages.add(e.user_message)
            except BaseException as e:  # reported below
                unexpected.append(e)
                return
            # Pacing, not waiting: the load's length (longer on a slower machine) decides how
            # many reads happen, and the test asks only for one during the writes.
            time.sleep(0.03)

    thread = threading.Thread(target=reader)
    thread.start()
    renders = 0
    try:
        while proc.poll() is None or renders == 0:
            at.run()
            assert not at.exception, at.exception
            errors = [e.value for e in at.error]
            assert all("đang bận" in e for e in errors), errors
            assert at.title and at.title[0].value == "Tổng quan"
            renders += 1
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
        thread.join(timeout=60)
    assert not unexpected, unexpected
    assert proc.returncode == 0, err[-3000:]
    assert counts["reads"] >= 1, "no read succeeded while the load ran"
    assert counts["during_writes"] >= 1, counts
    assert renders >= 1
    assert busy_messages <= {DatabaseBusy.user_message}
    assert "đang bận" in DatabaseBusy.user_message
    # The load itself lost nothing to the readers: every file is in the warehouse.
    lines = [line for line in out.splitlines() if " | " in line]
    assert len(lines) == len(LATER)
    assert not [line for line in lines if "| error |" in line], out
    log = queries.ingest_log(db=small_db)
    assert len(log) == len(FIRST) + len(LATER)
    # And the app shows the new data after the load.
    at.run()
    assert not at.exception and not at.error


def test_two_uploads_at_once(small_db):
    a = (SAMPLES / "2019/BC_PN_2019_SNN.docx").read_bytes()
    b = (SAMPLES / "2020/so-giao-thong-van-tai-2020.pdf").read_bytes()
    jobs = [("a.docx", a), ("b.pdf", b), ("a-again.docx", a)]
    for name, _ in jobs:
        add_user(small_db, f"user-{name}")
    results: dict[str, object] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(len(jobs))

    def upload(name: str, data: bytes) -> None:
        try:
            start.wait()
            results[name] = load_bytes(name, data, db=small_db, user=f"user-{name}")
        except BaseException as e:  # reported below
            failures.append(e)

    threads = [threading.Thread(target=upload, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not failures, failures
    outcomes = {name: r.outcome for name, r in results.items()}
    assert outcomes["b.pdf"] == "loaded"
    assert sorted([outcomes["a.docx"], outcomes["a-again.docx"]]) == ["duplicate", "loaded"]
    con = duckdb.connect(str(small_db), read_only=True)
    try:
        files = con.execute("SELECT count(*) FROM files").fetchone()[0]
        uploaders = {r[0] for r in con.execute('SELECT "user" FROM ingest_log').fetchall()}
    finally:
        con.close()
    assert files == len(FIRST) + 2
    assert {"user-a.docx", "user-b.pdf", "user-a-again.docx"} <= uploaders


def test_two_reviewers_correct_the_same_field(small_db):
    add_user(small_db, "an")
    add_user(small_db, "binh")
    report_id = queries.ingest_log(db=small_db)["report_id"].dropna().iloc[0]
    fields = queries.report_fields(report_id=report_id, db=small_db)
    shown = fields.set_index("field").loc["posts_total", "value"]
    # Both opened the report and saw the same value; An saves first, Bình second.
    first = correct_field(
        report_id=report_id,
        field="posts_total",
        new_value=111,
        reason="theo bảng",
        user="an",
        expected_current=shown,
        db=small_db,
    )
    second = correct_field(
        report_id=report_id,
        field="posts_total",
        new_value=222,
        reason="theo văn bản",
        user="binh",
        expected_current=shown,
        db=small_db,
    )
    assert first.conflict is None
    assert second.conflict is not None
    assert second.conflict["user"] == "an" and second.conflict["new_value"] == 111
    assert second.old_value == 111
    after = queries.report_fields(report_id=report_id, db=small_db).set_index("field")
    assert after.loc["posts_total", "value"] == 222  # the later one wins
    con = duckdb.connect(str(small_db), read_only=True)
    try:
        audit = con.execute(
            "SELECT \"user\", detail->>'$.new', detail->>'$.conflict' FROM audit "
            "WHERE action = 'correct' AND target = ? ORDER BY id",
            [report_id],
        ).fetchall()
        kept = con.execute(
            'SELECT "user", new_value FROM corrections WHERE report_id = ? ORDER BY id',
            [report_id],
        ).fetchall()
    finally:
        con.close()
    assert audit == [("an", "111", "false"), ("binh", "222", "true")]
    assert kept == [("an", "111"), ("binh", "222")]


def test_two_reviewers_in_threads_both_kept(small_db):
    add_user(small_db, "an")
    add_user(small_db, "binh")
    report_id = queries.ingest_log(db=small_db)["report_id"].dropna().iloc[0]
    start = threading.Barrier(2)
    results = []
    errors: list[BaseException] = []

    def save(user: str, value: int) -> None:
        try:
            start.wait()
            results.append(
                correct_field(
                    report_id=report_id,
                    field="press_conferences",
                    new_value=value,
                    reason="kiểm tra",
                    user=user,
                    expected_current=None,
                    db=small_db,
                )
            )
        except ReportsError as e:
            errors.append(e)

    threads = [threading.Thread(target=save, args=a) for a in (("an", 1), ("binh", 2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    results.sort(key=lambda r: r.correction_id)
    later = results[-1]
    after = queries.report_fields(report_id=report_id, db=small_db).set_index("field")
    assert after.loc["press_conferences", "value"] == later.new_value
    assert later.conflict is not None and later.conflict["user"] == results[0].user
    assert results[0].conflict is None


def test_busy_database_keeps_the_session(small_db, tmp_path, monkeypatch):
    """Another process holding the file (a long load) shows "đang bận", never logs the user out."""
    from streamlit.testing.v1 import AppTest

    import warehouse.db

    at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=120).run()
    login(at, "admin", PASSWORD)
    assert at.title[0].value == "Tổng quan"
    monkeypatch.setattr(warehouse.db, "DEFAULT_TIMEOUT", 0.5)
    holder = _hold(small_db)
    try:
        at.run()
        assert not at.exception, at.exception
        assert any("đang bận" in e.value for e in at.error), [e.value for e in at.error]
        assert not [t for t in at.title if t.value == "Đăng nhập"]
    finally:
        holder.kill()
        holder.wait(timeout=30)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Tổng quan"  # still logged in once the file is free


def _hold(db: Path) -> subprocess.Popen:
    """Start a process that keeps the database file open read-write (as a CLI load does)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            # Holds the file until the test kills it, however long the app's run takes.
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
            " sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "ready"
    return holder


def test_busy_database_on_first_start(small_db, tmp_path, monkeypatch):
    """The first start creates the admin; a busy file then shows "đang bận", not a traceback."""
    from streamlit.testing.v1 import AppTest

    import warehouse.db

    monkeypatch.setattr(warehouse.db, "DEFAULT_TIMEOUT", 0.5)
    holder = _hold(small_db)
    try:
        at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=120).run()
        assert not at.exception, at.exception
        assert any("đang bận" in e.value for e in at.error), [e.value for e in at.error]
    finally:
        holder.kill()
        holder.wait(timeout=30)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Đăng nhập"
    login(at, "admin", PASSWORD)  # the admin was created once the file was free
    assert at.title[0].value == "Tổng quan"


def test_two_reviewers_in_the_app_second_is_warned(small_db, tmp_path):
    """Both open the same report; the one who saves second is told about the first correction."""
    from streamlit.testing.v1 import AppTest

    from warehouse import auth

    auth.ensure_admin(db=small_db)
    for name in ("an", "binh"):
        auth.create_user(username=name, password=PASSWORD, role="editor", by="admin", db=small_db)
    report_id = "thanh-tra-tinh:2020:year:v1"
    key = f"v_{report_id}"
    apps = {}
    for name in ("an", "binh"):
        at = AppTest.from_file(str(entry_script(tmp_path)), default_timeout=120).run()
        login(at, name, PASSWORD)
        at.switch_page(str(ROOT / "pages" / "don_vi.py")).run()
        at.selectbox(key="agency_pick").select("thanh-tra-tinh").run()
        at.selectbox(key=f"{key}_field").select("posts_total").run()
        assert not at.exception, at.exception
        apps[name] = at
    for name, value in (("an", "111"), ("binh", "222")):
        at = apps[name]
        at.text_input(key=f"{key}_value_posts_total").input(value)
        at.text_input(key=f"{key}_reason_posts_total").input(f"{name} kiểm tra lại")
        next(b for b in at.button if b.label == "Lưu chỉnh sửa").click().run()
        assert not at.exception, at.exception
    assert not [w for w in apps["an"].warning if "đã sửa trường này" in w.value]
    warned = [w.value for w in apps["binh"].warning if "đã sửa trường này" in w.value]
    assert warned and warned[0].startswith("Lưu ý: an đã sửa"), warned
    fields = queries.report_fields(report_id=report_id, db=small_db).set_index("field")
    assert fields.loc["posts_total", "value"] == 222
    con = duckdb.connect(str(small_db), read_only=True)
    try:
        users = con.execute(
            'SELECT "user" FROM corrections WHERE report_id = ? ORDER BY id', [report_id]
        ).fetchall()
    finally:
        con.close()
    assert users == [("an",), ("binh",)]
