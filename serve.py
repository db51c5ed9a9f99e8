"""Server entry point: the dashboard (app.py) plus the routes that set its HttpOnly login cookie.

Run with ``streamlit run serve.py`` (``make run``); ui/session_cookie.py says why.
"""

from pathlib import Path

import streamlit as st

from ui import session_cookie

session_cookie.served = True
app = st.App(str(Path(__file__).resolve().parent / "app.py"), routes=session_cookie.ROUTES)
