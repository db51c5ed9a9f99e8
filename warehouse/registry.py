"""The agency registry inside DuckDB: import from CSV, a matcher built from it, expected reports.

Name matching itself lives in ``ingest.registry`` (shared with extraction); this module only moves
rows between the CSV, the database and that matcher. Unmatched names never create agencies: they
go to the review queue (see warehouse/load.py) until a registry import knows them
(warehouse/review.py).
"""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from ingest.errors import WarehouseError
from ingest.periods import period_end
from warehouse import auth
from warehouse.db import DbPath, audit, connect, transaction
from warehouse.rules import Config, load_config

if TYPE_CHECKING:
    from ingest.registry import Registry

AGENCY_COLUMNS = (
    "id",
    "name",
    "short_name",
    "aliases",
    "type",
    "parent",
    "province",
    "valid_from",
    "valid_to",
)
# Optional columns: the official code (national list), the id of the agency that took over,
# former names as ``name@last-day`` separated by ``;`` ("UBND huyện Kim Bảng@2024-08-31"), and the
# unit's contact (phone, email) for the reminder list.
OPTIONAL_COLUMNS = ("code", "successor", "former_names", "phone", "email")
# The contact columns: a file without them leaves the registry's contacts as they were.
CONTACT_COLUMNS = ("phone", "email")


class RegistryFileError(WarehouseError):
    user_message = (
        "Tệp danh mục cơ quan không hợp lệ (cần các cột id, name, short_name, aliases, type, "
        "parent, province, valid_from, valid_to; có thể thêm code, successor, former_names dạng "
        "tên@YYYY-MM-DD, phone, email; ngày dạng YYYY-MM-DD)."
    )


class ContactError(RegistryFileError):
    """A phone number or e-mail address of the registry file that is not one."""


# A phone cell: one or more numbers separated by ";" or ",", each of digits with the usual
# separators (spaces, dots, dashes, parentheses) and an optional leading "+" (+84 …).
_PHONE_CHARS = re.compile(r"^\+?[0-9 .()\-]+$")
PHONE_DIGITS = (8, 12)  # 1900 xxxx hotlines to +84 landlines
_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")


def _line_vi(line: int | None) -> str:
    # The message names the line, not the cell's text: the page shows it as Markdown.
    return f"Dòng {line} của tệp danh mục: " if line else ""


def contact_phone(text: str | None, *, where: str, line: int | None = None) -> str | None:
    """Return a phone cell with its spaces tidied (None when empty).

    ContactError (its Vietnamese message naming ``line`` of the file) when a number is not one.
    """
    text = " ".join((text or "").split())
    if not text:
        return None
    for part in re.split(r"[;,]", text):
        digits = sum(c.isdigit() for c in part)
        if not _PHONE_CHARS.match(part.strip()) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
            raise ContactError(
                f"{where}: bad phone {text!r}",
                path=where,
                user_message=(
                    f"{_line_vi(line)}số điện thoại (cột phone) không hợp lệ (cần "
                    f"{PHONE_DIGITS[0]}–{PHONE_DIGITS[1]} chữ số, ví dụ 0229 3871 234 hoặc "
                    "+84 912 345 678; nhiều số cách nhau bằng dấu chấm phẩy). Sửa lại tệp rồi "
                    "nhập lại."
                ),
            )
    return text


def contact_email(text: str | None, *, where: str, line: int | None = None) -> str | None:
    """Return an e-mail cell trimmed (None when empty); ContactError when an address is none."""
    text = (text or "").strip()
    if not text:
        return None
    if not all(_EMAIL.match(part.strip()) for part in text.split(";")):
        raise ContactError(
            f"{where}: bad e-mail {text!r}",
            path=where,
            user_message=(
                f"{_line_vi(line)}địa chỉ thư điện tử (cột email) không hợp lệ (ví dụ "
                "vanphong@ninhbinh.gov.vn; nhiều địa chỉ cách nhau bằng dấu chấm phẩy). Sửa lại "
                "tệp rồi nhập lại."
            ),
        )
    return "; ".join(part.strip() for part in text.split(";"))


def _date(text: str | None, *, where: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise RegistryFileError(f"{where}: bad date {text!r}") from e


def read_csv(path: str | Path) -> list[dict]:
    """Read an agencies CSV into row dicts (aliases as a list, dates as date)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise RegistryFileError(f"cannot read {path}: {e}", path=str(path)) from e
    out = []
    for n, row in enumerate(rows, start=2):
        where = f"{path} line {n}"
        if not (row.get("id") or "").strip() or not (row.get("name") or "").strip():
            raise RegistryFileError(f"{where}: id and name are required", path=str(path))
        entry = {
            "id": row["id"].strip(),
            "name": row["name"].strip(),
            "short_name": (row.get("short_name") or "").strip() or None,
            "aliases": [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()],
            "type": (row.get("type") or "department").strip(),
            "parent": (row.get("parent") or "").strip() or None,
            "province": (row.get("province") or "").strip() or None,
            "valid_from": _date(row.get("valid_from"), where=where),
            "valid_to": _date(row.get("valid_to"), where=where),
            "code": (row.get("code") or "").strip() or None,
            "successor": (row.get("successor") or "").strip() or None,
            "former_names": _former_names(row.get("former_names"), where=where),
        }
        # Contacts only when the file has the columns: an older file leaves them as they were.
        if "phone" in row:
            entry["phone"] = contact_phone(row["phone"], where=where, line=n)
        if "email" in row:
            entry["email"] = contact_email(row["email"], where=where, line=n)
        out.append(entry)
    return out


def _former_names(text: str | None, *, where: str) -> list[tuple[str, date]]:
    """Parse ``name@YYYY-MM-DD;…`` (each name in use up to that day) into (name, last day)."""
    out = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        name, _, day = part.rpartition("@")
        try:
            last = date.fromisoformat(day.strip())
        except ValueError:
            last = None
        if not name.strip() or last is None:
            raise RegistryFileError(
                f"{where}: former name {part.strip()!r} is not name@YYYY-MM-DD", path=where
            )
        out.append((name.strip(), last))
    return out


# Whole columns in one statement each: a statement per row cost ~9 ms an agency.
_UPSERT_AGENCIES = """
INSERT INTO agencies (id, name, short_name, type, parent, province, code, successor, valid_from,
    valid_to)
SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]), unnest($3::VARCHAR[]),
    unnest($4::VARCHAR[]), unnest($5::VARCHAR[]), unnest($6::VARCHAR[]), unnest($7::VARCHAR[]),
    unnest($8::VARCHAR[]), unnest($9::DATE[]), unnest($10::DATE[])
ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, short_name = excluded.short_name, type = excluded.type,
    parent = excluded.parent, province = excluded.province, code = excluded.code,
    successor = excluded.successor, valid_from = excluded.valid_from, valid_to = excluded.valid_to
"""
_TEXT_COLUMNS = ("id", "name", "short_name", "type", "parent", "province", "code", "successor")
# One contact column of the rows that give it (a file with the column; an empty cell clears it).
_UPDATE_CONTACT = """
UPDATE agencies SET {column} = c.value
FROM (SELECT unnest($1::VARCHAR[]) AS id, unnest($2::VARCHAR[]) AS value) c
WHERE agencies.id = c.id
"""


def import_rows(
    con: duckdb.DuckDBPyConnection,
    rows: list[dict],
    *,
    user: str,
    action: str = "registry_import",
    detail: dict | None = None,
) -> int:
    """Upsert agencies and replace their aliases and former names inside the caller's transaction.

    An id repeated in ``rows`` takes its last row (name, dates and aliases), as if the rows were
    upserted one after the other. A former name is an alias too (old reports carry it). Contacts
    (phone, email) are written only for rows that carry the key, so a file without those columns
    or the national list's units leave an agency's contacts as they were. Returns
    ``len(rows)``. ``user`` must be an active admin or a system actor (PermissionDenied otherwise,
    before anything is written); the import is audited as ``action`` with ``detail``.
    """
    auth.require_role(
        con, user, "admin", action="import the registry", action_vi="cập nhật danh mục đơn vị"
    )
    latest = list({r["id"]: r for r in rows}.values())
    if latest:
        con.execute(
            _UPSERT_AGENCIES,
            [[r.get(c) for r in latest] for c in _TEXT_COLUMNS]
            + [[r["valid_from"] for r in latest], [r["valid_to"] for r in latest]],
        )
        for column in CONTACT_COLUMNS:
            given = [r for r in latest if column in r]
            if given:
                con.execute(
                    _UPDATE_CONTACT.format(column=column),
                    [[r["id"] for r in given], [r[column] for r in given]],
                )
        ids = [r["id"] for r in latest]
        for table in ("agency_aliases", "agency_names"):
            con.execute(
                f"DELETE FROM {table} WHERE agency_id IN (SELECT unnest($1::VARCHAR[]))", [ids]
            )
        pairs = [
            (r["id"], alias)
            for r in latest
            for alias in dict.fromkeys([*r["aliases"], *(n for n, _ in r.get("former_names", ()))])
        ]
        if pairs:
            con.execute(
                "INSERT INTO agency_aliases (agency_id, alias) "
                "SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[])",
                [[a for a, _ in pairs], [b for _, b in pairs]],
            )
        # One name per last day: a repeated day keeps the row's last name.
        names = [
            (r["id"], name, last)
            for r in latest
            for last, name in {d: n for n, d in r.get("former_names", ())}.items()
        ]
        if names:
            con.execute(
                "INSERT INTO agency_names (agency_id, name, valid_to) "
                "SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]), unnest($3::DATE[])",
                [[a for a, _, _ in names], [n for _, n, _ in names], [d for _, _, d in names]],
            )
    audit(con, user, action, None, {"agencies": len(rows)} | (detail or {}))
    refresh_expected(con)
    return len(rows)


def import_csv(path: str | Path, *, db: DbPath = None, user: str = "cli") -> int:
    """Import (upsert) an agencies CSV into the warehouse in one transaction; return the row count.

    Agencies missing from the file are kept (old reports still refer to them). Reports waiting for
    an agency the new registry knows are placed by ``warehouse.review.import_registry``.
    """
    rows = read_csv(path)
    with transaction(db) as con:
        return import_rows(con, rows, user=user)


def registry_from_rows(rows: list[tuple]) -> Registry:
    """Build an ``ingest.registry.Registry`` from (id, name, short_name, aliases, type, parent,
    province, valid_from, valid_to) rows."""
    from ingest.registry import Agency, Registry

    return Registry(
        [
            Agency(
                id=r[0],
                name=r[1],
                short_name=r[2] or "",
                aliases=tuple(r[3] or ()),
                type=r[4] or "department",
                parent=r[5] or "",
                province=r[6] or "",
                valid_from=r[7],
                valid_to=r[8],
            )
            for r in rows
        ]
    )


_AGENCY_ROWS = """
SELECT a.id, a.name, a.short_name,
       list(al.alias ORDER BY al.alias) FILTER (WHERE al.alias IS NOT NULL) AS aliases,
       a.type, a.parent, a.province, a.valid_from, a.valid_to, a.code, a.successor, a.phone,
       a.email
FROM agencies a
LEFT JOIN agency_aliases al ON al.agency_id = a.id
GROUP BY ALL
ORDER BY a.id
"""


def agency_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Return registry rows: id, name, short_name, aliases, type, parent, province, from, to,
    code, successor, phone, email."""
    return con.execute(_AGENCY_ROWS).fetchall()


def registry(*, db: DbPath = None) -> Registry:
    """Return a matcher over the warehouse's agencies table."""
    with connect(db, read_only=True) as con:
        rows = agency_rows(con)
    return registry_from_rows(rows)


# A period's deadline this close (or passed) makes it the one officials are working on.
NEAR_DEADLINE_DAYS = 30


def today() -> date:
    """Return today's date by the warehouse's one clock (``auth.clock``, which tests move)."""
    return auth.clock.now().date()


def working_period(config: Config, on: date | None = None) -> tuple[int, str]:
    """Return the (year, period) officials are working on ``on`` (default today).

    The latest expected period whose deadline has passed or is within NEAR_DEADLINE_DAYS, not the
    latest year any file mentions: on 6/12/2026 the year 2026 (due 20/12), on 1/2/2026 the year
    2025.
    """
    on = on or today()
    horizon = on + timedelta(days=NEAR_DEADLINE_DAYS)
    due = [
        (_deadline(config, year, period), year, period)
        for year in (on.year - 1, on.year, on.year + 1)
        for period in config.expected_periods or ("year",)
    ]
    _, year, period = max(d for d in due if d[0] <= horizon)
    return year, period


def expected_periods(
    con: duckdb.DuckDBPyConnection, config: Config, on: date | None = None
) -> list[tuple[int, str, bool]]:
    """Return the (year, period, everyone) triples agencies must report for.

    Years: from rules.toml [periods] first_year (else the first year having reports, else the
    working year) to last_year (else the working year on ``on``, default today, or a later year
    having reports), so a year is expected before its first report arrives; the registry's
    validity then decides who (an agency valid on the deadline).
    Configured periods (``[periods] expected``) are expected from every agency valid on the
    deadline (everyone=True). A period the province did not ask for (say an h1 report some
    agencies sent anyway) is expected only from the agencies that sent one (everyone=False), so it
    does not list every other agency as missing.
    """
    reported = con.execute(
        "SELECT DISTINCT year, period FROM reports "
        "WHERE agency_id IS NOT NULL AND year IS NOT NULL AND period IS NOT NULL"
    ).fetchall()
    years = {y for y, _ in reported}
    working, _ = working_period(config, on)
    first = config.first_year if config.first_year is not None else min(years, default=working)
    last = config.last_year if config.last_year is not None else max([*years, working])
    years |= set(range(first, last + 1))
    out = {(y, p, True) for y in years for p in config.expected_periods}
    out |= {(y, p, False) for y, p in reported if p not in config.expected_periods}
    return sorted(out)


def _deadline(config: Config, year: int, period: str) -> date:
    found = config.deadline(year, period)
    if found is not None:
        return found
    # Not configured: the last day of the period (of the year for an unknown period).
    return period_end(year, period) or date(year, 12, 31)


def selectable_periods(
    con: duckdb.DuckDBPyConnection, config: Config | None = None, *, on: date | None = None
) -> set[tuple[int, str]]:
    """Return the configured (year, period) pairs some registry agency must report for, read now.

    The same years and periods as ``expected_periods`` on ``on`` (default today), kept when an
    agency of the registry is valid on the deadline: the year list follows the clock and the
    registry without waiting for a write to rebuild expected_reports.
    """
    config = config or load_config()
    out = set()
    for year, period, everyone in expected_periods(con, config, on):
        if not everyone:
            continue
        deadline = _deadline(config, year, period)
        if con.execute(_ANY_VALID, [deadline, deadline]).fetchone()[0]:
            out.add((year, period))
    return out


_ANY_VALID = (
    "SELECT EXISTS (SELECT 1 FROM agencies WHERE (valid_from IS NULL OR valid_from <= ?) "
    "AND (valid_to IS NULL OR valid_to >= ?))"
)


def refresh_expected(
    con: duckdb.DuckDBPyConnection, config: Config | None = None, *, on: date | None = None
) -> int:
    """Rebuild expected_reports inside the caller's transaction; return its row count.

    An agency is expected for a configured period when the registry says it is valid on the
    deadline; for any other period, when it sent a report for it. ``on``: today (the clock's).
    """
    config = config or load_config()
    con.execute("DELETE FROM expected_reports")
    for year, period, everyone in expected_periods(con, config, on):
        deadline = _deadline(config, year, period)
        if everyone:
            con.execute(
                "INSERT INTO expected_reports (agency_id, year, period, deadline) "
                "SELECT id, ?, ?, ? FROM agencies WHERE (valid_from IS NULL OR valid_from <= ?) "
                "AND (valid_to IS NULL OR valid_to >= ?)",
                [year, period, deadline, deadline, deadline],
            )
        else:
            con.execute(
                "INSERT INTO expected_reports (agency_id, year, period, deadline) "
                "SELECT DISTINCT agency_id, ?, ?, ? FROM reports "
                "WHERE agency_id IS NOT NULL AND year = ? AND period = ?",
                [year, period, deadline, year, period],
            )
    return con.execute("SELECT count(*) FROM expected_reports").fetchone()[0]
