"""Login form, session check and role gates, on top of warehouse.auth (argon2 hashes, sessions)."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import streamlit as st

from ingest.errors import DatabaseBusy, ReportsError
from ui import session_cookie
from ui.data import db_path
from ui.format import plain
from ui.nav import NO_ACCESS
from warehouse import auth
from warehouse.rules import load_config

ROLE_RANK: dict[str, int] = {"viewer": 0, "editor": 1, "admin": 2}
# Idle time after which the app asks for the password again (the warehouse token has its own
# expiry too; whichever comes first wins).
IDLE_TIMEOUT_SECONDS = 4 * 60 * 60
_TOKEN_KEY = "auth_token"
_SEEN_KEY = "auth_last_seen"
_NOTICE_KEY = "auth_notice"
# The session token is also kept in an HttpOnly browser cookie set by the server (ui.session_cookie)
# so that reloading the page (a new Streamlit session) keeps the user logged in until the token
# expires or they log out; no page script can read it.
COOKIE = session_cookie.COOKIE
_COOKIE_KEY = "auth_cookie_pending"  # token to put into the cookie, "" to clear it
_LEFT_KEY = "auth_logged_out"  # this browser session logged out: ignore the cookie it came with
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,128}")
_CLIENT_KEY = "auth_client"  # this browser session's stand-in when no address is known
_PAGE_KEY = "auth_asked_page"  # the page whose address the login form was opened at


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in user as the pages see it."""

    username: str
    role: str
    must_change_password: bool = False

    def can(self, role: str) -> bool:
        """Return True when this user has at least ``role`` (viewer < editor < admin)."""
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]


def client_id() -> str:
    """Return where this login comes from, as the warehouse's login pauses count clients.

    The address our reverse proxy saw (the last X-Forwarded-For hop, trusted only when the
    connection itself comes from this machine or a private network, i.e. from the proxy), else
    the connection's address, else this browser session (a random name kept in its state).
    """
    try:
        remote = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For") or ""
    except Exception:  # no browser behind this session (tests, bare mode)
        remote, forwarded = None, ""
    hop = forwarded.split(",")[-1].strip()
    if hop and (remote is None or _is_proxy(remote)):
        return f"ip:{hop[:64]}"
    if remote:
        return f"ip:{remote}"
    return "session:" + st.session_state.setdefault(_CLIENT_KEY, secrets.token_hex(8))


def _is_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private


@st.cache_resource(show_spinner=False)
def _ensure_admin_once(db: str) -> None:
    # Creates the first admin when there is no user yet (password from REPORTS_ADMIN_PASSWORD,
    # else a random one printed once on the server console).
    auth.ensure_admin(db=db)


def ensure_admin() -> None:
    """Make sure an admin account exists (once per server process and database)."""
    try:
        _ensure_admin_once(db_path())
    except ReportsError as e:  # e.g. busy on the first start: not cached, retried next run
        st.error(plain(e.user_message))
        st.stop()


def _cookie_token() -> str | None:
    """Return the session token the browser sent in its cookie, when it has the right shape."""
    if st.session_state.get(_LEFT_KEY):
        return None
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # no browser behind this session (tests, bare mode)
        return None
    return token if isinstance(token, str) and _TOKEN_SHAPE.fullmatch(token) else None


def sync_cookie() -> None:
    """Send the browser to the server's cookie route after a login or logout (app.py, once per run).

    The page gets a one-time ticket, never the token; the route sets the HttpOnly cookie and
    comes back. Without serve.py's routes nothing happens (a reload then asks to log in again).
    """
    token = st.session_state.pop(_COOKIE_KEY, None)
    if token is None or not session_cookie.served:
        return
    if token:
        target = f"{session_cookie.OPEN_PATH}?ve={session_cookie.issue_ticket(token)}"
        if page := st.session_state.get(_PAGE_KEY):  # back to the page asked for, not the root
            target += f"&{session_cookie.PAGE_PARAM}={quote(page)}"
    else:
        target = session_cookie.CLOSE_PATH
    # Relative to the page, so that a proxy's path prefix is kept.
    st.html(
        f'<script>window.top.location.replace("{target.lstrip("/")}");</script>',
        unsafe_allow_javascript=True,  # the ticket is ours (secrets.token_urlsafe), never input
    )


def current_user() -> CurrentUser | None:
    """Return the logged-in user, or None when not logged in or the session expired.

    A new browser session (a page reload) resumes from the session cookie when its token is
    still valid.
    """
    token = st.session_state.get(_TOKEN_KEY)
    if not token and (token := _cookie_token()):
        st.session_state[_TOKEN_KEY] = token
        st.session_state[_SEEN_KEY] = auth.clock.time()
    if not token:
        return None
    now = auth.clock.time()
    last_seen = st.session_state.get(_SEEN_KEY, now)
    user = None
    if now - last_seen <= IDLE_TIMEOUT_SECONDS:
        try:
            user = auth.session_user(token, db=db_path())
        except DatabaseBusy as e:
            # A load in another process holds the file: keep the session, ask to retry.
            st.error(plain(e.user_message))
            st.stop()
        except ReportsError:
            user = None
    if user is None:
        _forget_session()
        st.session_state[_NOTICE_KEY] = "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."
        return None
    st.session_state[_SEEN_KEY] = now
    return CurrentUser(user.username, user.role, user.must_change_password)


def _forget_session() -> None:
    if st.session_state.pop(_TOKEN_KEY, None):
        st.session_state[_COOKIE_KEY] = ""  # clear the browser's copy too
    st.session_state.pop(_SEEN_KEY, None)
    st.session_state[_LEFT_KEY] = True


def remember_page(url_path: str) -> None:
    """Keep the page whose address the login form is shown at, to return to it once logged in."""
    st.session_state[_PAGE_KEY] = url_path


def login_page() -> None:
    """Render the username/password form; on success store the session token and rerun."""
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        _login_form()


def _login_form() -> None:
    st.caption(load_config().current_issuer().issuer)
    st.title("Đăng nhập")
    st.caption(
        "Hệ thống theo dõi báo cáo kết quả thực hiện việc phát ngôn và cung cấp thông tin cho "
        "báo chí của các cơ quan, đơn vị."
    )
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice:
        st.info(notice)
    with st.form("login", border=True):
        username = st.text_input("Tên đăng nhập", key="login_username")
        password = st.text_input("Mật khẩu", type="password", key="login_password")
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if not submitted:
        return
    if not username or not password:
        st.error("Vui lòng nhập tên đăng nhập và mật khẩu.")
        return
    try:
        user = auth.authenticate(username.strip(), password, client=client_id(), db=db_path())
    except ReportsError as e:
        st.error(plain(e.user_message))
        return
    if user is None:
        st.error("Tên đăng nhập hoặc mật khẩu không đúng.")
        return
    token = auth.create_session(user, db=db_path())
    st.session_state[_TOKEN_KEY] = st.session_state[_COOKIE_KEY] = token
    st.session_state[_SEEN_KEY] = auth.clock.time()
    st.session_state.pop(_LEFT_KEY, None)
    st.rerun()


def logout() -> None:
    """End the session (server side too) and go back to the login form."""
    token = st.session_state.get(_TOKEN_KEY)
    if token and hasattr(auth, "end_session"):
        with contextlib.suppress(ReportsError):
            auth.end_session(token, db=db_path())
    _forget_session()
    st.session_state[_NOTICE_KEY] = "Đã đăng xuất."


def require_role(user: CurrentUser | None, role: str) -> CurrentUser:
    """Stop the page with a Vietnamese message unless the user has at least ``role``."""
    if user is None or not user.can(role):
        st.error(
            "Bạn không có quyền sử dụng chức năng này. Liên hệ quản trị viên để được cấp quyền."
        )
        st.stop()
    return user


def page_guard(role: str = "viewer") -> CurrentUser:
    """Check the session at the top of every page; stop with a login link when there is none.

    app.py logs in before any page runs, but right after a server start Streamlit can serve a
    pages/ file by its URL without running app.py (old-style multipage mode, until the first
    st.navigation call), so each page verifies the session token itself.
    """
    user = current_user()
    if user is None:
        st.warning("Vui lòng đăng nhập để xem trang này.")
        st.markdown("[Đi tới trang đăng nhập](/)")
        st.stop()
    if user.must_change_password:
        st.warning("Vui lòng đổi mật khẩu trước khi sử dụng hệ thống.")
        st.markdown("[Đi tới trang đổi mật khẩu](/)")
        st.stop()
    if not user.can(role):
        st.error(NO_ACCESS, icon="🚫")
        st.stop()
    return user


def change_password(user: CurrentUser) -> None:
    """Sidebar form: the logged-in user changes their own password (old one required)."""
    with st.popover("Đổi mật khẩu", icon="🔑"), st.form("own_password", border=False):
        _own_password_form(user)


def forced_password_change(user: CurrentUser) -> None:
    """Ask for a new password before anything else (the first admin's generated password)."""
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("Đổi mật khẩu")
        st.warning(
            "Tài khoản đang dùng mật khẩu do hệ thống tạo. Vui lòng đặt mật khẩu mới trước khi "
            "sử dụng hệ thống."
        )
        with st.form("own_password", border=True):
            _own_password_form(user)
        if st.button("Đăng xuất", icon="🚪", key="forced_logout"):
            logout()
            st.rerun()


def _own_password_form(user: CurrentUser) -> None:
    """Fields of the own-password form (inside a st.form); on success log out and rerun."""
    old = st.text_input("Mật khẩu hiện tại", type="password", key="own_old")
    new = st.text_input("Mật khẩu mới (ít nhất 8 ký tự)", type="password", key="own_new")
    again = st.text_input("Nhập lại mật khẩu mới", type="password", key="own_again")
    if not st.form_submit_button("Lưu mật khẩu"):
        return
    if len(new) < 8 or new != again:
        st.error("Mật khẩu mới cần ít nhất 8 ký tự và hai lần nhập phải giống nhau.")
        return
    try:
        if auth.authenticate(user.username, old, client=client_id(), db=db_path()) is None:
            st.error("Mật khẩu hiện tại không đúng.")
            return
        auth.set_password(username=user.username, password=new, by=user.username, db=db_path())
    except ReportsError as e:
        st.error(plain(e.user_message))
        return
    # set_password ends every session of the user, this one included.
    _forget_session()
    st.session_state[_NOTICE_KEY] = "Đã đổi mật khẩu. Vui lòng đăng nhập lại bằng mật khẩu mới."
    st.rerun()
