"""Commune-level units of the national list of administrative units as registry rows.

Since 1/7/2025 Vietnam has 34 provinces and no district level: 3,321 commune-level units (xã,
phường, đặc khu) with the official codes of QĐ 19/2025/QĐ-TTg. The list comes from the
``vietnam-provinces`` package, never typed by hand; this module turns one province's units into
registry rows (warehouse.registry) and imports them: an upsert by the official code, audited, for
admins only, after which reports waiting for one of these units are placed (warehouse.review).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import duckdb
import vietnam_provinces

from ingest.errors import WarehouseError
from ingest.text import fold
from warehouse.db import DbPath, transaction
from warehouse.registry import import_rows
from warehouse.review import rematch_unmatched

# Commune-level units exist from the 2025 reform on.
UNITS_FROM = date(2025, 7, 1)
# The registry type of a commune-level People's Committee (warehouse.labels.AGENCY_TYPE_LABELS).
COMMUNE = "commune"
# Division types of the national list: how the unit is written after "UBND" / "Ủy ban nhân dân".
_UNIT_WORDS = {"xã": "xã", "phường": "phường", "đặc khu": "đặc khu"}
# Province division types: the word before the province's name ("tỉnh Ninh Bình").
_PROVINCE_WORDS = {"tỉnh": "tỉnh", "thành phố trung ương": "thành phố"}


class UnknownProvince(WarehouseError):
    """A province name or code that is none of the national list's 34."""

    user_message = (
        "Không có tỉnh, thành phố này trong danh mục 34 tỉnh, thành phố (từ 1/7/2025). "
        "Kiểm tra lại tên hoặc mã tỉnh."
    )


@dataclass(frozen=True)
class Unit:
    """A commune-level unit of the national list."""

    code: str  # five digits, as in QĐ 19/2025/QĐ-TTg
    name: str  # without its type: "Kim Bảng"
    division_type: str  # xã | phường | đặc khu


@dataclass(frozen=True)
class Province:
    """A province of the national list with its commune-level units."""

    code: str  # two digits: "37" for Ninh Bình
    name: str  # without its type: "Ninh Bình", "Hà Nội"
    division_type: str  # tỉnh | thành phố trung ương
    units: tuple[Unit, ...]

    @property
    def full_name(self) -> str:
        """Return the name with its type as written in letterheads: "tỉnh Ninh Bình"."""
        return f"{_PROVINCE_WORDS.get(self.division_type, self.division_type)} {self.name}"


@dataclass(frozen=True)
class CommuneImport:
    """What an import of a province's commune-level units did."""

    province: str
    code: str
    added: int
    updated: int
    unchanged: int
    placed: list[str]  # ids of waiting reports now filed under a unit

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def _bare(name: str, division_type: str) -> str:
    """Return a unit's name without its leading type ("Phường Kim Bảng" -> "Kim Bảng")."""
    if name.casefold().startswith(division_type.casefold() + " "):
        return name[len(division_type) + 1 :].strip()
    return name.strip()


@cache
def provinces() -> tuple[Province, ...]:
    """Return the 34 provinces of the national list with their units, in the list's order."""
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as f:
        data: list[dict[str, Any]] = json.load(f)
    return tuple(
        Province(
            code=f"{p['code']:02d}",
            name=_bare(p["name"], "thành phố") if p["division_type"] != "tỉnh" else p["name"],
            division_type=p["division_type"],
            units=tuple(
                Unit(f"{w['code']:05d}", _bare(w["name"], w["division_type"]), w["division_type"])
                for w in p["wards"]
            ),
        )
        for p in data
    )


def _key(text: str) -> str:
    """Fold a province's name for comparison, without its leading type."""
    folded = fold(text)
    for word in ("tinh ", "thanh pho "):
        if folded.startswith(word):
            return folded[len(word) :]
    return folded


def province(name_or_code: str) -> Province:
    """Return the province named (accents, "tỉnh"/"thành phố" optional) or coded ``name_or_code``.

    Raises UnknownProvince for anything else.
    """
    wanted = (name_or_code or "").strip()
    for p in provinces():
        if wanted.isdigit() and int(wanted) == int(p.code):
            return p
        if wanted and _key(wanted) == _key(p.name):
            return p
    raise UnknownProvince(f"no province {wanted!r} in the national list", path=None)


def unit_id(unit: Unit) -> str:
    """Return the registry id of a unit: from its official code, stable if it changes type."""
    return f"ubnd-{unit.code}"


def registry_rows(p: Province) -> list[dict]:
    """Return the province's commune-level units as registry rows (warehouse.registry.read_csv's).

    Canonical name "UBND xã X" / "UBND phường X" / "UBND đặc khu X"; aliases the full form, the
    bare unit and both with the province; type commune, valid from 1/7/2025.
    """
    rows = []
    for u in p.units:
        word = _UNIT_WORDS.get(u.division_type, u.division_type)
        full = f"Ủy ban nhân dân {word} {u.name}"
        bare = f"{word[:1].upper()}{word[1:]} {u.name}"
        rows.append(
            {
                "id": unit_id(u),
                "name": f"UBND {word} {u.name}",
                "short_name": None,
                "aliases": [full, bare, f"{full}, {p.full_name}", f"{bare}, {p.full_name}"],
                "type": COMMUNE,
                "parent": f"UBND {p.full_name}",
                "province": p.name,
                "valid_from": UNITS_FROM,
                "valid_to": None,
                "code": u.code,
                "successor": None,
                "former_names": [],
            }
        )
    return rows


_CURRENT = """
SELECT a.id, a.name, a.type, a.parent, a.province, a.code, a.valid_from, a.valid_to,
       list(al.alias ORDER BY al.alias) FILTER (WHERE al.alias IS NOT NULL)
FROM agencies a
LEFT JOIN agency_aliases al ON al.agency_id = a.id
WHERE a.id IN (SELECT unnest($1::VARCHAR[]))
GROUP BY ALL
"""


def _state(row: dict) -> tuple:
    return (
        row["id"],
        row["name"],
        row["type"],
        row["parent"],
        row["province"],
        row["code"],
        row["valid_from"],
        row["valid_to"],
        sorted(set(row["aliases"])),
    )


def _differences(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> tuple[int, int]:
    """Return how many rows are new and how many differ from the registry's current rows."""
    found = {
        r[0]: (*r[:8], sorted(r[8] or []))
        for r in con.execute(_CURRENT, [[r["id"] for r in rows]]).fetchall()
    }
    added = sum(r["id"] not in found for r in rows)
    updated = sum(r["id"] in found and found[r["id"]] != _state(r) for r in rows)
    return added, updated


def import_communes(name_or_code: str, *, db: DbPath = None, user: str = "cli") -> CommuneImport:
    """Import (upsert) a province's commune-level units into the registry; return the counts.

    Idempotent: a second import finds every unit unchanged. ``user`` must be an active admin or a
    system actor (PermissionDenied before anything is written); the import is audited as
    ``commune_import`` with the province. Reports waiting for one of the units are placed after.
    """
    p = province(name_or_code)
    rows = registry_rows(p)
    with transaction(db) as con:
        added, updated = _differences(con, rows)
        detail = {"province": p.name, "code": p.code, "added": added, "updated": updated}
        import_rows(con, rows, user=user, action="commune_import", detail=detail)
    placed = rematch_unmatched(db=db, user=user)
    return CommuneImport(p.name, p.code, added, updated, len(rows) - added - updated, placed)
