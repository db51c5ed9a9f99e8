"""The login cookie is set by the server, HttpOnly, from a one-time ticket (issue 7/7, item 3)."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from serving import served
from starlette.requests import Request

from ui import session_cookie
from warehouse import auth


def _get(path: str, query: str = "", headers: dict[str, str] | None = None, scheme="http"):
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": scheme,
        "server": ("tinh.example", 443 if scheme == "https" else 80),
        "path": path,
        "query_string": query.encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }
    endpoint = {r.path: r.endpoint for r in session_cookie.ROUTES}[path]
    return asyncio.run(endpoint(Request(scope)))


def _cookies(response) -> list[str]:
    return [v.decode() for k, v in response.raw_headers if k == b"set-cookie"]


def test_a_ticket_becomes_an_httponly_cookie_once(fake_clock):
    ticket = session_cookie.issue_ticket("the-session-token-123456")
    assert "the-session-token" not in ticket
    first = _get(session_cookie.OPEN_PATH, f"ve={ticket}", {"X-Forwarded-Proto": "https"})
    assert first.status_code == 303 and first.headers["location"] == "../"
    [cookie] = _cookies(first)
    assert cookie.startswith(f"{session_cookie.COOKIE}=the-session-token-123456;")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
    assert f"Max-Age={int(auth.SESSION_HOURS * 3600)}" in cookie
    again = _get(session_cookie.OPEN_PATH, f"ve={ticket}")  # used once: nothing more
    assert again.status_code == 303 and _cookies(again) == []


def test_a_ticket_expires_and_plain_http_gets_no_secure_flag(fake_clock):
    late = session_cookie.issue_ticket("token-of-a-slow-browser-1")
    fake_clock.advance(session_cookie.TICKET_SECONDS + 1)
    assert _cookies(_get(session_cookie.OPEN_PATH, f"ve={late}")) == []
    ticket = session_cookie.issue_ticket("token-on-local-http-12345")
    [cookie] = _cookies(_get(session_cookie.OPEN_PATH, f"ve={ticket}"))
    assert "HttpOnly" in cookie and "Secure" not in cookie  # the browser would drop it on http


def test_logout_route_clears_the_cookie():
    [cookie] = _cookies(_get(session_cookie.CLOSE_PATH, scheme="https"))
    assert cookie.startswith(f'{session_cookie.COOKIE}="";') and "Max-Age=0" in cookie
    assert "HttpOnly" in cookie


@pytest.mark.slow
def test_serve_py_runs_the_app_with_the_cookie_routes(tmp_path: Path):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    with served(tmp_path) as server:
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(f"{server.url}{session_cookie.CLOSE_PATH}", timeout=30)
        assert answer.value.code == 303
        cookie = answer.value.headers["set-cookie"]
        assert cookie.startswith(f'{session_cookie.COOKIE}="";') and "HttpOnly" in cookie
        with urllib.request.urlopen(server.url, timeout=30) as page:  # the app itself is served
            assert page.status == 200 and b"<html" in page.read().lower()
