"""Server entry point: the dashboard (app.py) plus the routes that set its HttpOnly login cookie.

Run with ``streamlit run serve.py`` (``make run``); ui/session_cookie.py says why. Streamlit's
upload route only takes files from a logged-in editor, within a byte budget (ui/upload_guard.py).
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from ui import session_cookie
from ui.upload_guard import UploadGuard

session_cookie.served = True
app = st.App(
    str(Path(__file__).resolve().parent / "app.py"),
    routes=session_cookie.ROUTES,
    middleware=[Middleware(UploadGuard)],
)
