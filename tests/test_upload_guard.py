"""Only a logged-in editor's browser may make the server hold uploads (issue 7/7, item 2).

A security test had Streamlit's upload route accept 50 files of 45 MB from a browser that never
logged in, all held in memory. ``ui.upload_guard.UploadGuard`` sits in front of it (serve.py).
The first tests drive the middleware in this process against real sessions in a real DuckDB file,
with a stand-in for Streamlit's route that keeps what it receives as Streamlit does; the last ones
attack a real ``streamlit run serve.py``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import FakeClock
from serving import BrowserSession, put_file, served

from ui import session_cookie
from ui.upload_guard import MB, NOT_LOGGED_IN, SERVER_FULL, UploadGuard
from warehouse import auth

SID = "3f1c0d5e-browser-one"


class StreamlitStandIn:
    """Streamlit's upload route as far as memory goes: reads the body, then keeps it per session."""

    def __init__(self) -> None:
        self.kept: dict[str, int] = {}
        self.calls = 0

    def held(self, session_ids) -> int:
        ids = list(self.kept) if session_ids is None else session_ids
        return sum(self.kept.get(sid, 0) for sid in ids)

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        size = 0
        while True:
            message = await receive()
            size += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        if scope["method"] == "PUT":
            sid = scope["path"].split("/")[3]
            self.kept[sid] = self.kept.get(sid, 0) + size
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def call(guard, *, token=None, sid=SID, size=0, chunks=1, declare=True, method="PUT"):
    """Send one request through ``guard``; return (status, body text, bytes the app read)."""
    headers = []
    if token:
        headers.append((b"cookie", f"_streamlit_xsrf=x; {session_cookie.COOKIE}={token}".encode()))
    if declare:
        headers.append((b"content-length", str(size).encode()))
    scope = {
        "type": "http",
        "method": method,
        "path": f"/_stcore/upload_file/{sid}/file-1",
        "headers": headers,
        "client": ("10.0.0.9", 5000),
    }
    parts = [size // chunks] * chunks
    parts[-1] += size - sum(parts)
    read = 0
    sent: list[dict] = []

    async def receive():
        nonlocal read
        part = parts[read] if read < len(parts) else 0
        read += 1
        return {"type": "http.request", "body": b"x" * part, "more_body": read < len(parts)}

    async def send(message):
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    status = sent[0]["status"]
    body = b"".join(m.get("body", b"") for m in sent[1:]).decode()
    return status, body, sum(parts[: min(read, len(parts))])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    auth.create_user(username="bien-tap", password="mat-khau-dai", role="editor", by="cli", db=path)
    auth.create_user(username="chi-xem", password="mat-khau-dai", role="viewer", by="cli", db=path)
    return path


def test_upload_without_login_cookie_is_refused_before_the_body(db: Path):
    app = StreamlitStandIn()
    guard = UploadGuard(app, held=app.held, db=db)
    status, body, read = call(guard, size=45 * MB, chunks=45)
    assert (status, body, read) == (403, NOT_LOGGED_IN, 0)
    status, _, read = call(guard, token="not-a-session-token", size=45 * MB, declare=False)
    assert (status, read) == (403, 0)
    assert app.calls == 0 and app.kept == {}


def test_upload_needs_a_live_session_of_an_editor(db: Path, fake_clock: FakeClock):
    app = StreamlitStandIn()
    guard = UploadGuard(app, held=app.held, db=db)
    viewer = auth.create_session("chi-xem", db=db)
    assert call(guard, token=viewer, size=1000)[:2] == (403, NOT_LOGGED_IN)
    editor = auth.create_session("bien-tap", hours=1, db=db)
    assert call(guard, token=editor, size=1000) == (204, "", 1000)
    assert app.kept == {SID: 1000}
    fake_clock.advance(2 * 3600)  # the session expired
    assert call(guard, token=editor, size=1000)[0] == 403
    assert app.kept == {SID: 1000}


def test_other_routes_and_preflight_pass_untouched(db: Path):
    app = StreamlitStandIn()
    guard = UploadGuard(app, held=app.held, db=db)
    assert call(guard, method="OPTIONS")[0] == 204  # a CORS preflight carries no cookie
    scope = {"type": "http", "method": "GET", "path": "/_stcore/health", "headers": []}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        pass

    asyncio.run(guard(scope, receive, send))
    assert app.calls == 2


def test_a_declared_length_over_the_session_budget_is_refused_unread(db: Path):
    app = StreamlitStandIn()
    guard = UploadGuard(app, held=app.held, session_budget=20 * MB, total_budget=100 * MB, db=db)
    token = auth.create_session("bien-tap", db=db)
    status, body, read = call(guard, token=token, size=21 * MB, chunks=21)
    assert (status, read) == (413, 0)
    assert "20 MB" in body and "Tệp quá lớn" in body


def test_held_files_count_against_the_session_then_the_server(db: Path):
    app = StreamlitStandIn()
    guard = UploadGuard(app, held=app.held, session_budget=20 * MB, total_budget=30 * MB, db=db)
    first = auth.create_session("bien-tap", db=db)
    assert call(guard, token=first, size=15 * MB)[0] == 204
    # The same login, from a second browser tab: what the first holds counts.
    status, body, read = call(guard, token=first, sid="tab-two", size=6 * MB)
    assert (status, read) == (429, 0) and "tối đa 20 MB" in body
    assert call(guard, token=first, sid="tab-two", size=5 * MB)[0] == 204
    # Another login has its own budget, but the server's is spent: 20 held + 11 > 30.
    second = auth.create_session("bien-tap", db=db)
    status, body, read = call(guard, token=second, sid="browser-two", size=11 * MB)
    assert (status, body, read) == (429, SERVER_FULL, 0)
    assert call(guard, token=second, sid="browser-two", size=10 * MB)[0] == 204
    # The page lets go of its files (a load, a cleared uploader): the budget is free again.
    app.kept.clear()
    assert call(guard, token=first, size=20 * MB)[0] == 204


def test_a_body_without_length_is_cut_off_once_over_budget(db: Path):
    app = StreamlitStandIn()
    guard = UploadGuard(app, held=app.held, session_budget=20 * MB, total_budget=100 * MB, db=db)
    token = auth.create_session("bien-tap", db=db)
    status, body, read = call(guard, token=token, size=200 * MB, chunks=200, declare=False)
    assert status == 413 and "Tệp quá lớn" in body
    assert read <= 21 * MB  # not the 200 MB the client meant to send
    assert app.kept == {}
    # Nothing stays counted as arriving after the refusal.
    assert call(guard, token=token, size=19 * MB, chunks=19, declare=False)[0] == 204


@pytest.mark.slow
def test_real_server_holds_nothing_for_a_browser_that_never_logged_in(tmp_path: Path):
    with served(tmp_path) as server, BrowserSession(server.url) as browser:
        before = server.rss_kib()
        answers = [put_file(browser, b"\0" * (10 * MB)) for _ in range(20)]
        grown_mb = (server.rss_kib() - before) / 1024
        assert all(status in (403, None) for status, _ in answers), answers
        assert (403, NOT_LOGGED_IN) in answers
        assert grown_mb < 100, f"server memory grew by {grown_mb:.0f} MB"


@pytest.mark.slow
def test_real_server_takes_a_file_from_a_logged_in_editor(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    auth.create_user(username="bien-tap", password="mat-khau-dai", role="editor", by="cli", db=db)
    viewer = auth.create_user(username="chi-xem", password="mat-khau-dai", by="cli", db=db)
    editor = f"{session_cookie.COOKIE}={auth.create_session('bien-tap', db=db)}"
    reader = f"{session_cookie.COOKIE}={auth.create_session(viewer, db=db)}"
    budget = {"REPORTS_UPLOAD_SESSION_MB": "2"}
    with served(tmp_path, **budget) as server, BrowserSession(server.url, cookie=editor) as browser:
        assert put_file(browser, b"PK" + b"\0" * 1000, cookie=editor) == (204, "")
        assert put_file(browser, b"\0" * 1000, cookie=reader)[0] == 403
        status, body = put_file(browser, b"\0" * (3 * MB), cookie=editor, declare_length=False)
        assert status in (413, None), body  # cut off while streaming, over the 2 MB budget
        assert put_file(browser, b"\0" * (3 * MB), cookie=editor) == (
            413,
            "Tệp quá lớn: mỗi phiên đăng nhập chỉ được tải lên tối đa 2 MB cùng lúc.",
        )
