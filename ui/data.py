"""Cached access to warehouse.queries for the pages; cleared after uploads and corrections."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ingest.errors import ReportsError
from ui.format import MESSAGE_LIMIT, plain
from warehouse import queries
from warehouse.db import db_path as warehouse_db_path
from warehouse.rules import load_config

CACHE_TTL_SECONDS = 120


def db_path() -> str:
    """Return the warehouse path the app uses (``warehouse.db.db_path``: $REPORTS_DB, else the
    default), as text for the caches' keys."""
    return str(warehouse_db_path())


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _cached_query(name: str, db: str, kwargs: tuple[tuple[str, Any], ...]) -> Any:
    return getattr(queries, name)(db=db, **dict(kwargs))


def query(name: str, **kwargs: Any) -> Any:
    """Call ``warehouse.queries.<name>(**kwargs)`` through the cache; stop the page on failure.

    A warehouse failure (database busy, broken file) is shown as its Vietnamese message instead of
    a traceback; the rest of the app keeps working.
    """
    try:
        return _cached_query(name, db_path(), tuple(sorted(kwargs.items())))
    except ReportsError as e:
        st.error(plain(e.user_message, limit=MESSAGE_LIMIT))
        st.stop()


def query_or_none(name: str, **kwargs: Any) -> Any:
    """Like query(), but on a warehouse failure show the message and return None (page goes on)."""
    try:
        return _cached_query(name, db_path(), tuple(sorted(kwargs.items())))
    except ReportsError as e:
        st.warning(plain(e.user_message, limit=MESSAGE_LIMIT))
        return None


def agency_choices() -> tuple[dict[str, str], dict[str, str]]:
    """Return the registry's names and the labels of its choices by agency id: the name with
    its province, since a province's departments share names with another's (Sở Y tế of Hà Nam
    until 30/6/2025, of Ninh Bình since)."""
    registry = query("agencies")
    names = dict(zip(registry["agency_id"], registry["name"], strict=True))
    labels = {
        a: plain(f"{n} – {p}" if isinstance(p, str) and p else n, markdown=False)
        for a, n, p in zip(
            registry["agency_id"], registry["name"], registry["province"], strict=True
        )
    }
    return names, labels


def rules() -> list:
    """Return the compliance rules with the thresholds in force (cached, like queries)."""
    return query("rules")


def deadlines() -> list:
    """Return the reporting deadlines of rules.toml (per period and range of years)."""
    return list(load_config().deadlines)


def call(func: Any, quiet: bool = False, **kwargs: Any) -> tuple[bool, Any]:
    """Call a warehouse function uncached with the app's db; return (ok, result).

    A ReportsError is shown as its Vietnamese message (unless ``quiet``) and gives (False, error).
    """
    try:
        return True, func(db=db_path(), **kwargs)
    except ReportsError as e:
        if not quiet:
            # The message may name a file or quote a value.
            st.error(plain(e.user_message, limit=MESSAGE_LIMIT))
        return False, e


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner="Đang tạo tệp…")
def _cached_export(kind: str, year: int, period: str, db: str) -> bytes:
    from warehouse import export

    return getattr(export, f"export_{kind}")(year=year, period=period, db=db)


def export_bytes(kind: str, *, year: int, period: str) -> bytes:
    """Return the consolidated summary as ``kind`` (xlsx | csv | docx) bytes, cached."""
    return _cached_export(kind, year, period, db_path())


def clear_caches() -> None:
    """Forget every cached query result (after an upload, a correction or a confirmation)."""
    _cached_query.clear()
    _cached_export.clear()


TOOL_NAMES = {
    "tesseract": "Tesseract (OCR)",
    "tesseract_vie": "dữ liệu tiếng Việt của Tesseract",
    "soffice": "LibreOffice",
}
TOOL_EFFECTS = {
    "tesseract": "bản scan",
    "tesseract_vie": "bản scan",
    "soffice": "tệp .doc, .odt, .rtf",
}


@st.cache_data(ttl=600, show_spinner=False)
def missing_tools_message() -> str | None:
    """Return a Vietnamese warning naming the optional server tools that are not installed."""
    try:
        from ingest.readers import tool_status

        status = tool_status()
    except Exception:  # the readers module is optional for the dashboard itself
        return None
    items = status.items() if isinstance(status, dict) else []
    missing = [name for name, ok in items if not _tool_ok(ok)]
    if not missing:
        return None
    if "tesseract" in missing and "tesseract_vie" in missing:
        missing.remove("tesseract_vie")
    names = ", ".join(TOOL_NAMES.get(m, m) for m in missing)
    effects = "/".join(dict.fromkeys(TOOL_EFFECTS.get(m, m) for m in missing))
    return (
        f"Máy chủ chưa cài {names}: {effects} sẽ không đọc được. "
        "Các loại tệp khác vẫn nạp bình thường."
    )


def _tool_ok(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return bool(value.get("available", value.get("ok", True)))
    return getattr(value, "available", value is not None)
