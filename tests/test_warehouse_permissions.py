"""Roles enforced inside the warehouse: a write in the name of someone who may not make it is
refused in its own transaction, with nothing written (no value, no audit line), whatever called it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import warehouse_corpus as wc
from conftest import TEST_PASSWORD, add_user

from ingest.errors import ReportsError
from warehouse import auth, load, queries, review
from warehouse import db as wdb
from warehouse.registry import import_csv

# The corpus warehouse's users besides its loader: one of each kind the check tells apart.
USERS = {"xem": "viewer", "sua": "editor", "quantri": "admin"}
LOCKED = "sua-cu"  # an editor whose account was locked
TABLES = ("files", "reports", "field_values", "corrections", "review_queue", "agencies", "users")
NEEDS_REVIEW = "eta:2023:year:v1"
PLACED = "so-beta:2023:year:v1"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[load.LoadResult]]:
    tmp = tmp_path_factory.mktemp("template")
    results = wc.build(tmp / "w.duckdb", tmp)
    for name, role in USERS.items():
        add_user(tmp / "w.duckdb", name, role)
    add_user(tmp / "w.duckdb", LOCKED, "editor", active=False)
    return tmp, results


@pytest.fixture
def built(template, tmp_path: Path) -> tuple[Path, list[load.LoadResult]]:
    """A private copy of the corpus warehouse with its users."""
    src, results = template
    shutil.copytree(src, tmp_path / "wh")
    return tmp_path / "wh" / "w.duckdb", results


def snapshot(db: Path) -> dict:
    """Return row counts, the audit trail, report statuses and the open review items."""
    with wdb.connect(db, read_only=True) as con:
        q = con.execute
        return {
            **{t: q(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES},
            "audit": q('SELECT "user", action, target FROM audit ORDER BY id').fetchall(),
            "status": q("SELECT id, status, is_current FROM reports ORDER BY id").fetchall(),
            "open": q(
                "SELECT id FROM review_queue WHERE resolved_at IS NULL ORDER BY id"
            ).fetchall(),
            "roles": q(
                "SELECT username, role, password_hash, active FROM users ORDER BY 1"
            ).fetchall(),
        }


def _item(db: Path, kind: str) -> int:
    queue = queries.review_queue(db=db)
    return int(queue[queue["kind"] == kind].iloc[0]["item_id"])


def _unmatched(results: list[load.LoadResult]) -> str:
    return next(r.report_id for r in results if r.outcome == "unmatched_agency")


def _registry_csv(db: Path) -> Path:
    path = db.parent / "more.csv"
    path.write_text(
        wc.AGENCIES_CSV
        + "so-moi,Sở Mới,,Sở Không Có Trong Danh Mục,department,,Hà Nam,2000-01-01,\n",
        encoding="utf-8",
    )
    return path


def _write(db: Path, who: str) -> load.LoadResult:
    rec = wc.report("Sở Alpha", posts_total=3)
    when = datetime(2024, 1, 2)
    return load.write_record(rec, b"new", original_name="n.docx", db=db, user=who, received_at=when)


# Each guarded write, as (name, lowest role, call(db, results, who)).
WRITES: list[tuple[str, str, Callable]] = [
    (
        "correct_field",
        "editor",
        lambda db, res, who: review.correct_field(
            report_id=PLACED, field="posts_total", new_value=1, reason="thử", user=who, db=db
        ),
    ),
    (
        "confirm_report",
        "editor",
        lambda db, res, who: review.confirm_report(report_id=NEEDS_REVIEW, user=who, db=db),
    ),
    (
        "assign_report",
        "editor",
        lambda db, res, who: review.assign_report(
            report_id=_unmatched(res), agency_id="huyen-delta", user=who, db=db
        ),
    ),
    (
        "dismiss_review_item",
        "editor",
        lambda db, res, who: review.dismiss_review_item(
            item_id=_item(db, "error"), user=who, note="thử", db=db
        ),
    ),
    (
        # After an import that did not place the waiting report itself.
        "rematch_unmatched",
        "editor",
        lambda db, res, who: review.rematch_unmatched(db=db, user=who),
    ),
    (
        "write_record",
        "editor",
        lambda db, res, who: _write(db, who),
    ),
    (
        "import_csv",
        "admin",
        lambda db, res, who: import_csv(_registry_csv(db), db=db, user=who),
    ),
    (
        "import_registry",
        "admin",
        lambda db, res, who: review.import_registry(_registry_csv(db), db=db, user=who),
    ),
    (
        "create_user",
        "admin",
        lambda db, res, who: auth.create_user(
            username="moi", password=TEST_PASSWORD, role="admin", by=who, db=db
        ),
    ),
    (
        "set_role",
        "admin",
        lambda db, res, who: auth.set_role(username="xem", role="admin", by=who, db=db),
    ),
    (
        "set_password of another user",
        "admin",
        lambda db, res, who: auth.set_password(
            username=wc.LOADER, password="Mat-khau-chiem-quyen", by=who, db=db
        ),
    ),
    (
        "set_active",
        "admin",
        lambda db, res, who: auth.set_active(username="xem", active=False, by=who, db=db),
    ),
]
RANK = {"viewer": 0, "editor": 1, "admin": 2}


def prepare(db: Path, name: str) -> None:
    """Set the stage a write needs, as the loader (before any snapshot)."""
    if name == "rematch_unmatched":
        import_csv(_registry_csv(db), db=db, user=wc.LOADER)


@pytest.mark.parametrize(("name", "needed", "call"), WRITES, ids=[w[0] for w in WRITES])
def test_a_user_below_the_role_is_refused_and_nothing_is_written(built, name, needed, call):
    db, results = built
    prepare(db, name)
    below = [u for u, role in USERS.items() if RANK[role] < RANK[needed]]
    for who in below:
        before = snapshot(db)
        with pytest.raises(auth.PermissionDenied) as refused:
            call(db, results, who)
        assert snapshot(db) == before, (name, who)
        error = refused.value
        assert (error.username, error.needed, error.role) == (who, needed, USERS[who])
        holders = auth.ROLE_HOLDERS_VI[needed]
        assert error.user_message.startswith(f"Chỉ {holders} mới được "), error.user_message
        assert f"“{who}”" in error.user_message
        assert "is viewer" in error.detail or "is editor" in error.detail  # English, for the log


@pytest.mark.parametrize(("name", "needed", "call"), WRITES, ids=[w[0] for w in WRITES])
def test_unknown_and_locked_names_are_refused(built, name, needed, call):
    db, results = built
    prepare(db, name)
    before = snapshot(db)
    for who, words in ((LOCKED, "đã bị khóa"), ("khong-co-ai", "Không có người dùng")):
        with pytest.raises(auth.PermissionDenied) as refused:
            call(db, results, who)
        assert words in refused.value.user_message and f"“{who}”" in refused.value.user_message
        assert snapshot(db) == before, (name, who)
    with pytest.raises(ReportsError):  # no name at all
        call(db, results, "")
    assert snapshot(db) == before


@pytest.mark.parametrize(("name", "needed", "call"), WRITES, ids=[w[0] for w in WRITES])
def test_a_user_with_the_role_is_allowed_and_audited(built, name, needed, call):
    db, results = built
    who = "quantri" if needed == "admin" else "sua"
    prepare(db, name)
    before = snapshot(db)
    call(db, results, who)
    after = snapshot(db)
    assert after != before
    assert next(a for a in after["audit"] if a not in before["audit"])[0] == who


def test_a_viewers_correction_changes_no_value_and_leaves_no_audit_line(built):
    db, _ = built
    shown = queries.report_fields(report_id=PLACED, db=db).set_index("field")
    with pytest.raises(auth.PermissionDenied) as refused:
        review.correct_field(
            report_id=PLACED, field="posts_total", new_value=999, reason="thử", user="xem", db=db
        )
    assert refused.value.user_message == (
        "Chỉ biên tập viên hoặc quản trị viên mới được sửa số liệu báo cáo; tài khoản “xem” có "
        "vai trò chỉ xem. Liên hệ quản trị viên để được cấp quyền."
    )
    after = queries.report_fields(report_id=PLACED, db=db).set_index("field")
    assert after.loc["posts_total", "value"] == shown.loc["posts_total", "value"] == 120
    assert not after.loc["posts_total", "corrected"]
    assert queries.corrections_log(report_id=PLACED, db=db).empty
    with wdb.connect(db, read_only=True) as con:
        audit = con.execute("SELECT count(*) FROM audit WHERE action = 'correct'").fetchone()[0]
    assert audit == 0


def test_an_admin_may_do_an_editors_work(built):
    db, _ = built
    res = review.correct_field(
        report_id=PLACED, field="posts_total", new_value=130, reason="theo bảng", user="quantri",
        db=db,
    )  # fmt: skip
    assert (res.user, res.new_value) == ("quantri", 130)
    review.confirm_report(report_id=NEEDS_REVIEW, user="quantri", db=db)
    assert (
        queries.report_fields(report_id=PLACED, db=db)
        .set_index("field")
        .loc["posts_total", "corrected_by"]
        == "quantri"
    )


def test_the_role_is_read_at_each_write_not_remembered(built):
    db, _ = built
    review.correct_field(
        report_id=PLACED, field="posts_total", new_value=121, reason="r1", user="sua", db=db
    )
    auth.set_role(username="sua", role="viewer", by="quantri", db=db)
    with pytest.raises(auth.PermissionDenied):
        review.correct_field(
            report_id=PLACED, field="posts_total", new_value=122, reason="r2", user="sua", db=db
        )
    assert queries.corrections_log(report_id=PLACED, db=db)["new_value"].tolist() == [121]


@pytest.mark.parametrize("actor", sorted(auth.SYSTEM_ACTORS))
def test_system_actors_load_import_and_place(built, actor):
    db, _ = built
    res = load.write_record(
        wc.report("Sở Alpha", posts_total=3), f"by {actor}".encode(), original_name="s.docx",
        db=db, user=actor, received_at=datetime(2024, 1, 2),
    )  # fmt: skip
    assert res.outcome == "new_version"
    imported, _ = review.import_registry(_registry_csv(db), db=db, user=actor)
    assert imported == 7  # and rematches as ``actor``
    with wdb.connect(db, read_only=True) as con:
        audit = con.execute('SELECT "user", action FROM audit ORDER BY id').fetchall()
    assert {(actor, "load"), (actor, "registry_import"), (actor, "assign_agency")} <= set(audit)


def test_a_viewer_upload_is_refused_before_reading_the_file(built, tmp_path):
    db, _ = built
    before = snapshot(db)
    blobs = sorted((db.parent / "files").rglob("*"))
    with pytest.raises(auth.PermissionDenied) as refused:
        load.load_bytes("bao-cao.docx", b"not even a report", db=db, user="xem")
    assert "nạp báo cáo" in refused.value.user_message
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.docx").write_bytes(b"x")
    with pytest.raises(auth.PermissionDenied):
        load.load_paths([folder], db=db, user="xem", workers=1)
    assert snapshot(db) == before
    assert sorted((db.parent / "files").rglob("*")) == blobs


def test_own_password_needs_only_an_active_account(built):
    db, _ = built
    auth.set_password(username="xem", password="Mat-khau-moi-xem", by="xem", db=db)
    assert auth.authenticate("xem", "Mat-khau-moi-xem", db=db) is not None
    with pytest.raises(auth.PermissionDenied) as refused:
        auth.set_password(username=LOCKED, password="Mat-khau-moi-cu", by=LOCKED, db=db)
    assert "đã bị khóa" in refused.value.user_message
    # An admin resets someone else's password.
    auth.set_password(username="sua", password="Mat-khau-moi-sua", by="quantri", db=db)
    assert auth.authenticate("sua", "Mat-khau-moi-sua", db=db) is not None


@pytest.mark.parametrize("name", ["cli", "seed", "system", "bench", "System", "CLI"])
def test_system_actor_names_are_not_for_app_users(built, name):
    db, _ = built
    with pytest.raises(auth.AuthError) as refused:
        auth.create_user(username=name, password=TEST_PASSWORD, role="viewer", by="quantri", db=db)
    assert "dành cho hệ thống" in refused.value.user_message
    # Not even a row written some other way (an old database) logs in or keeps a session.
    with wdb.transaction(db) as con:
        con.execute(
            "INSERT INTO users (username, password_hash, role, active, created_at, created_by) "
            "VALUES (?, ?, 'admin', true, ?, 'old')",
            [name, auth.hash_password(TEST_PASSWORD), datetime.now()],
        )
    assert auth.authenticate(name, TEST_PASSWORD, db=db) is None
    token = auth.create_session(name, db=db)
    assert auth.session_user(token, db=db) is None


def test_the_first_admin_is_still_created_on_an_empty_warehouse(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("REPORTS_ADMIN_PASSWORD", "Quan-tri-dau-tien")
    assert auth.ensure_admin(db=db) is None
    admin = auth.authenticate("admin", "Quan-tri-dau-tien", db=db)
    assert admin is not None and admin.role == "admin"
    # ... and may then do everything the app offers.
    auth.create_user(username="bien-tap", password=TEST_PASSWORD, role="editor", by="admin", db=db)
    with wdb.connect(db, read_only=True) as con:
        audit = con.execute('SELECT "user", action, target FROM audit ORDER BY id').fetchall()
    assert audit == [("system", "create_user", "admin"), ("admin", "create_user", "bien-tap")]


def test_the_cli_names_its_author_and_refuses_one_without_the_role(built, capsys):
    from warehouse.__main__ import main

    db, _ = built
    path = _registry_csv(db)
    before = snapshot(db)
    assert main(["registry", "import", str(path), "--db", str(db), "--user", "sua"]) == 2
    assert "Chỉ quản trị viên mới được cập nhật danh mục đơn vị" in capsys.readouterr().err
    assert snapshot(db) == before
    assert main(["registry", "import", str(path), "--db", str(db), "--user", "quantri"]) == 0
    assert main(["registry", "import", str(path), "--db", str(db)]) == 0  # "cli"
    with wdb.connect(db, read_only=True) as con:
        authors = con.execute(
            "SELECT \"user\" FROM audit WHERE action = 'registry_import' ORDER BY id"
        ).fetchall()
    assert authors[-2:] == [("quantri",), ("cli",)]
