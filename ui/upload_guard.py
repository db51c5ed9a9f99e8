"""Only a logged-in editor's browser may send files to the server, within a byte budget.

Streamlit's upload route (``/_stcore/upload_file/<session>/<file>``) keeps every file it receives
in memory until the page lets it go, for any browser that has opened the app: the login page is
enough. A security test had 50 files of 45 MB accepted from a browser that never logged in
(300 MB -> 2.55 GB). ``UploadGuard`` is an ASGI middleware that serve.py puts in front of
Streamlit's routes. For the upload route it

- refuses (403) a request without the HttpOnly login cookie (ui/session_cookie.py) of a live
  session of an active editor or admin (``warehouse.auth.session_user``, through the process's own
  short-lived read-only connection, so it never meets the app's writer), before reading any body;
- keeps two budgets of bytes held by Streamlit plus bytes still arriving: per login session
  (``REPORTS_UPLOAD_SESSION_MB``, 200) and for the whole server (``REPORTS_UPLOAD_TOTAL_MB``,
  1024). A declared Content-Length over a budget is refused before the body is read (413 when one
  request alone is larger than a session's budget, else 429); a body without one, or longer than
  it said, is counted while it streams and cut off as soon as it goes over.

Every refusal is a short Vietnamese text/plain body.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.runtime import Runtime
from streamlit.web.server.starlette.starlette_routes import BASE_ROUTE_UPLOAD_FILE

from ingest.errors import ReportsError
from ui import session_cookie
from warehouse import auth
from warehouse.db import DbPath

log = logging.getLogger(__name__)

MB = 1024 * 1024
SESSION_BUDGET = int(float(os.environ.get("REPORTS_UPLOAD_SESSION_MB", "200")) * MB)
TOTAL_BUDGET = int(float(os.environ.get("REPORTS_UPLOAD_TOTAL_MB", "1024")) * MB)
UPLOAD_ROLE = "editor"  # the role warehouse.load needs to load a file
RETRY_AFTER_SECONDS = 30
# Streamlit's own route name (its base URL path may come before it): a rename fails the import.
_UPLOAD_PATH = re.compile(rf"(?:^|/){re.escape(BASE_ROUTE_UPLOAD_FILE)}/([^/]+)/")

NOT_LOGGED_IN = (
    "Chỉ tài khoản biên tập hoặc quản trị đã đăng nhập mới được tải tệp lên. "
    "Vui lòng đăng nhập lại rồi chọn tệp."
)
TOO_LARGE = "Tệp quá lớn: mỗi phiên đăng nhập chỉ được tải lên tối đa {mb} MB cùng lúc."
SESSION_FULL = (
    "Phiên đăng nhập này đang giữ quá nhiều tệp tải lên (tối đa {mb} MB). "
    "Hãy nạp hoặc bỏ bớt các tệp đã chọn rồi thử lại."
)
SERVER_FULL = "Máy chủ đang nhận quá nhiều tệp cùng lúc. Vui lòng thử lại sau ít phút."

Holdings = Callable[[Iterable[str] | None], int]


def streamlit_held(session_ids: Iterable[str] | None) -> int:
    """Return the bytes Streamlit keeps for these browser sessions (None: for all of them)."""
    if not Runtime.exists():
        return 0
    storage = getattr(Runtime.instance().uploaded_file_mgr, "file_storage", None)
    if storage is None:  # another manager than the in-memory one holds nothing in this process
        return 0
    ids = list(storage) if session_ids is None else session_ids
    return sum(len(rec.data) for sid in ids for rec in list(storage.get(sid, {}).values()))


class _Refused(Exception):
    def __init__(self, status: int, message: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.message = message  # Vietnamese, for the browser


def _cookie_token(scope: Scope) -> str | None:
    jar = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed header is no login
                return None
    morsel = jar.get(session_cookie.COOKIE)
    return morsel.value if morsel is not None and morsel.value else None


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return max(0, int(value))
            except ValueError:
                return None
    return None


async def _answer(send: Send, status: int, message: str) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store")]
    if status == 429:
        headers.append((b"retry-after", str(RETRY_AFTER_SECONDS).encode()))
    body = message.encode("utf-8")
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class UploadGuard:
    """ASGI middleware: uploads only from a logged-in editor's session, within the byte budgets."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        session_budget: int | None = None,
        total_budget: int | None = None,
        held: Holdings = streamlit_held,
        db: DbPath = None,
    ) -> None:
        self.app = app
        self.session_budget = SESSION_BUDGET if session_budget is None else session_budget
        self.total_budget = TOTAL_BUDGET if total_budget is None else total_budget
        self._held = held
        self._db = db
        # Touched only on the event loop, so no lock: login key -> bytes arriving now, and the
        # browser sessions each login has uploaded through (to count what Streamlit holds).
        self._arriving: dict[str, int] = {}
        self._browsers: dict[str, set[str]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _UPLOAD_PATH.search(scope.get("path", "")) if scope["type"] == "http" else None
        if match is None or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        try:
            key = await self._login_key(scope)
            if scope.get("method") != "PUT":  # DELETE lets go of a file: nothing to count
                await self.app(scope, receive, send)
                return
            await self._upload(scope, receive, send, key, match.group(1))
        except _Refused as refused:
            client = (scope.get("client") or ("?", 0))[0]
            log.warning("upload refused (%d) from %s: %s", refused.status, client, refused)
            await _answer(send, refused.status, refused.message)

    async def _login_key(self, scope: Scope) -> str:
        token = _cookie_token(scope)
        if token is None:
            raise _Refused(403, NOT_LOGGED_IN, "no session cookie")
        try:
            user = await run_in_threadpool(auth.session_user, token, db=self._db)
        except ReportsError as e:  # the database busy: say so, the browser can retry
            raise _Refused(503, e.user_message, f"session lookup failed: {e}") from e
        if user is None or not user.can(UPLOAD_ROLE) or user.must_change_password:
            raise _Refused(403, NOT_LOGGED_IN, "no live session of an editor")
        return hashlib.sha256(token.encode()).hexdigest()

    def _check(self, key: str, adding: int) -> None:
        browsers = self._browsers.get(key, set())
        mine = self._held(browsers) + self._arriving.get(key, 0) + adding
        if mine > self.session_budget:
            raise _Refused(
                429, SESSION_FULL.format(mb=self.session_budget // MB), "session budget spent"
            )
        everyone = self._held(None) + sum(self._arriving.values()) + adding
        if everyone > self.total_budget:
            raise _Refused(429, SERVER_FULL, "server budget spent")

    def _reserve(self, key: str, size: int) -> None:
        self._arriving[key] = self._arriving.get(key, 0) + size

    def _release(self, key: str, size: int) -> None:
        left = self._arriving.get(key, 0) - size
        if left > 0:
            self._arriving[key] = left
        else:
            self._arriving.pop(key, None)

    def _forget_idle_browsers(self, key: str) -> None:
        if key in self._arriving:
            return
        browsers = {b for b in self._browsers.get(key, set()) if self._held([b])}
        if browsers:
            self._browsers[key] = browsers
        else:
            self._browsers.pop(key, None)

    async def _upload(
        self, scope: Scope, receive: Receive, send: Send, key: str, browser: str
    ) -> None:
        declared = _content_length(scope)
        if declared is not None and declared > self.session_budget:
            raise _Refused(413, TOO_LARGE.format(mb=self.session_budget // MB), "too large")
        reserved = declared or 0
        self._check(key, reserved)
        self._reserve(key, reserved)
        self._browsers.setdefault(key, set()).add(browser)
        received = 0

        async def counted() -> Message:
            nonlocal received, reserved
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > reserved:  # no Content-Length, or more than it said
                    extra = received - reserved
                    if received > self.session_budget:
                        too_large = TOO_LARGE.format(mb=self.session_budget // MB)
                        raise _Refused(413, too_large, "body over the session budget")
                    self._check(key, extra)
                    self._reserve(key, extra)
                    reserved = received
            return message

        try:
            await self.app(scope, counted, send)
        finally:
            self._release(key, reserved)
            self._forget_idle_browsers(key)
