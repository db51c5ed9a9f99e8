"""The login cookie, set by the server as HttpOnly so that no page script can read the token.

A reload of the page is a new Streamlit session; the browser's cookie brings the session token
back (``st.context.cookies``). Streamlit's script cannot set a cookie itself (it talks to the
browser over a WebSocket), and a cookie written from JavaScript is readable by every script of the
page. So after a login the script hands the browser a one-time ticket (valid TICKET_SECONDS,
usable once, kept only in this server process) and sends it to ``/phien/mo``, a route of the
server (``serve.py``, Streamlit's ``st.App``) that answers with ``Set-Cookie: HttpOnly;
SameSite=Strict`` (and ``Secure`` when the request came over HTTPS, directly or through the
proxy's ``X-Forwarded-Proto``), then back to the app. ``/phien/dong`` clears it after a logout.

Without ``serve.py`` (``streamlit run app.py``) no cookie is set at all: a reload asks for the
password again, and the token never leaves the server.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from warehouse import auth

COOKIE = "bcpn_phien"
OPEN_PATH = "/phien/mo"
CLOSE_PATH = "/phien/dong"
TICKET_SECONDS = 60
PAGE_PARAM = "trang"  # the app's page to come back to (a page name, never an address elsewhere)
_PAGE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Set by serve.py when it mounts the routes below in this process; otherwise nothing is redirected.
served = False
_tickets: dict[str, tuple[str, float]] = {}  # sha256 of the ticket -> (token, expiry)
_guard = threading.Lock()


def _digest(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


def issue_ticket(token: str) -> str:
    """Return a one-time ticket that ``/phien/mo`` exchanges for ``token`` in an HttpOnly cookie."""
    ticket = secrets.token_urlsafe(24)
    now = auth.clock.monotonic()
    with _guard:
        for key in [k for k, (_, end) in _tickets.items() if end <= now]:
            del _tickets[key]
        _tickets[_digest(ticket)] = (token, now + TICKET_SECONDS)
    return ticket


def redeem_ticket(ticket: str | None) -> str | None:
    """Return the token of a live ticket and forget the ticket; None when unknown or expired."""
    if not ticket:
        return None
    with _guard:
        token, end = _tickets.pop(_digest(ticket), (None, 0.0))
    return token if token is not None and auth.clock.monotonic() < end else None


def _is_https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _back_to_app(request: Request) -> RedirectResponse:
    # Relative to /phien/..., so it works under a proxy's path prefix too.
    page = request.query_params.get(PAGE_PARAM) or ""
    target = "../" + (page if _PAGE_NAME.fullmatch(page) else "")
    return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})


async def open_session(request: Request) -> Response:
    """Exchange a login's one-time ticket for the HttpOnly session cookie, then go to the app."""
    response = _back_to_app(request)
    token = redeem_ticket(request.query_params.get("ve"))
    if token is not None:
        response.set_cookie(
            COOKIE,
            token,
            max_age=int(auth.SESSION_HOURS * 3600),
            path="/",
            httponly=True,
            secure=_is_https(request),
            samesite="strict",
        )
    return response


async def close_session(request: Request) -> Response:
    """Clear the session cookie (after a logout), then go to the app."""
    response = _back_to_app(request)
    response.delete_cookie(
        COOKIE, path="/", httponly=True, secure=_is_https(request), samesite="strict"
    )
    return response


ROUTES = [Route(OPEN_PATH, open_session), Route(CLOSE_PATH, close_session)]
