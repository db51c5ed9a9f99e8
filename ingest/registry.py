"""Registry of reporting agencies and matching of written names to it.

Shared by extraction (ingest/fields/header.py) and loading (warehouse/registry.py,
warehouse/load.py), so the API below is kept stable:

- ``Registry.from_csv(path)`` reads ``id,name,short_name,aliases,type,parent,province,valid_from,
  valid_to`` (aliases ``;``-separated, dates ISO, empty ``valid_to`` while valid).
- ``Registry.match(name, *, on=None, province=None) -> Match | None``: ``Match.name`` is the
  canonical name, ``Match.id`` the slug, ``Match.score`` in [0, 1], ``Match.method`` one of
  ``exact`` | ``alias`` | ``abbreviation`` | ``fuzzy``.

Matching is accent-insensitive (``fold``), so "Uỷ"/"Ủy" and "hoà"/"hòa" spellings agree, and
administrative abbreviations (UBND, Sở TT&TT, KH&ĐT, LĐ-TB&XH, NN&PTNT, TN&MT, VH,TT&DL, GD&ĐT,
KH&CN, GTVT, BQL, TP., TX. ...) are expanded before comparing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz, process

from ingest.errors import ReportsError
from ingest.text import fold

# Fuzzy matches below this rapidfuzz ratio (0-100) are not matches at all.
FUZZY_THRESHOLD = 88.0

_SEP = r"\s*(?:&|,|-|\+|/|\bva\b)?\s*"


def _abbr(*parts: str) -> str:
    return r"(?<![a-z0-9])" + _SEP.join(parts) + r"(?![a-z0-9])"


# (pattern on folded text, expansion). Longer abbreviations first: "tt&tt" before "tt".
_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (_abbr("vh", "tt", "dl"), "van hoa the thao va du lich"),
        (_abbr("vh", "tt", "va", "dl"), "van hoa the thao va du lich"),
        (_abbr("ld", "tb", "xh"), "lao dong thuong binh va xa hoi"),
        (_abbr("nn", "ptnt"), "nong nghiep va phat trien nong thon"),
        (_abbr("nn", "mt"), "nong nghiep va moi truong"),
        (_abbr("tt", "tt"), "thong tin va truyen thong"),
        (_abbr("kh", "dt"), "ke hoach va dau tu"),
        (_abbr("tn", "mt"), "tai nguyen va moi truong"),
        (_abbr("gd", "dt"), "giao duc va dao tao"),
        (_abbr("kh", "cn"), "khoa hoc va cong nghe"),
        (_abbr("gt", "vt"), "giao thong van tai"),
        (_abbr("ptnt"), "phat trien nong thon"),
        (_abbr("ubnd"), "uy ban nhan dan"),
        (_abbr("hdnd"), "hoi dong nhan dan"),
        (_abbr("bql"), "ban quan ly"),
        (_abbr("kcn"), "khu cong nghiep"),
        (_abbr("vp"), "van phong"),
        (_abbr("tp"), "thanh pho"),
        (_abbr("tx"), "thi xa"),
    )
)


def expand_abbreviations(folded: str) -> str:
    """Return folded text with administrative abbreviations written out."""
    out = folded
    for pattern, repl in _ABBREVIATIONS:
        out = pattern.sub(" " + repl + " ", out)
    return out


def _clean(folded: str) -> str:
    # "và" is dropped: "Sở Kế hoạch - Đầu tư" and "Sở Kế hoạch và Đầu tư" are the same name.
    return " ".join(w for w in re.sub(r"[^a-z0-9]+", " ", folded).split() if w != "va")


def name_key(name: str) -> str:
    """Return the comparison key of a name: folded, abbreviations expanded, punctuation dropped."""
    return _clean(expand_abbreviations(fold(name)))


def _parse_date(s: str | None) -> date | None:
    s = (s or "").strip()
    return date.fromisoformat(s) if s else None


@dataclass(frozen=True)
class Agency:
    """One row of the registry."""

    id: str
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    type: str = "department"
    parent: str = ""
    province: str = ""
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        """Return True when the agency existed on ``day`` (bounds inclusive)."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


@dataclass(frozen=True)
class Match:
    """A registry agency matched to a written name."""

    agency: Agency
    score: float
    method: str  # exact | alias | abbreviation | fuzzy

    @property
    def name(self) -> str:
        return self.agency.name

    @property
    def id(self) -> str:
        return self.agency.id


@dataclass
class Registry:
    """The agencies of one or more provinces, with name matching."""

    agencies: list[Agency] = field(default_factory=list)

    def __post_init__(self) -> None:
        # key -> [(agency index, kind)], kind: "name" | "alias"
        self._keys: dict[str, list[tuple[int, str]]] = {}
        for i, a in enumerate(self.agencies):
            for text, kind in [(a.name, "name"), (a.short_name, "alias")] + [
                (x, "alias") for x in a.aliases
            ]:
                if not text.strip():
                    continue
                base = name_key(text)
                keys = {base}
                if a.province:
                    prov = name_key(a.province)
                    if not base.endswith(prov):
                        keys |= {f"{base} {prov}", f"{base} tinh {prov}"}
                for k in keys:
                    entries = self._keys.setdefault(k, [])
                    if (i, kind) not in entries:
                        entries.append((i, kind))
        self._key_list = list(self._keys)

    @classmethod
    def from_csv(cls, path: str | Path) -> Registry:
        """Read a registry CSV.

        Columns: id,name,short_name,aliases,type,parent,province,valid_from,valid_to.
        """
        try:
            with open(path, encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            raise ReportsError(
                f"cannot read agency registry {path}: {e}",
                path=str(path),
                user_message="Không đọc được danh mục cơ quan (tệp CSV). "
                "Kiểm tra lại tệp danh mục.",
            ) from e
        agencies = []
        for n, row in enumerate(rows, start=2):
            try:
                agencies.append(
                    Agency(
                        id=row["id"].strip(),
                        name=row["name"].strip(),
                        short_name=(row.get("short_name") or "").strip(),
                        aliases=tuple(
                            x.strip() for x in (row.get("aliases") or "").split(";") if x.strip()
                        ),
                        type=(row.get("type") or "department").strip(),
                        parent=(row.get("parent") or "").strip(),
                        province=(row.get("province") or "").strip(),
                        valid_from=_parse_date(row.get("valid_from")),
                        valid_to=_parse_date(row.get("valid_to")),
                    )
                )
            except (KeyError, ValueError, AttributeError) as e:
                raise ReportsError(
                    f"agency registry {path} line {n}: {e}",
                    path=str(path),
                    user_message=f"Danh mục cơ quan có dòng {n} không hợp lệ "
                    "(thiếu cột hoặc sai ngày).",
                ) from e
        return cls(agencies)

    def __len__(self) -> int:
        return len(self.agencies)

    def __iter__(self) -> Iterator[Agency]:
        return iter(self.agencies)

    def get(self, agency_id: str) -> Agency | None:
        """Return the agency with this id, or None."""
        return next((a for a in self.agencies if a.id == agency_id), None)

    def provinces(self) -> list[str]:
        """Return the provinces present in the registry, longest name first."""
        return sorted({a.province for a in self.agencies if a.province}, key=len, reverse=True)

    def _pick(
        self, entries: Iterable[tuple[int, str]], on: date | None, province: str | None
    ) -> tuple[list[tuple[int, str]], float]:
        """Filter candidates by validity and province; return them and a score factor.

        The factor is below 1 when several agencies remain (ambiguous) or when none is in the
        given province (a "Sở Y tế" of another province is probably not this registry's).
        """
        cands = [(i, k) for i, k in entries if on is None or self.agencies[i].valid_on(on)]
        factor = 1.0
        if province and cands:
            pkey = name_key(province)
            same = [(i, k) for i, k in cands if name_key(self.agencies[i].province) == pkey]
            if same:
                cands = same
            elif all(self.agencies[i].province for i, _ in cands):
                factor = 0.5
        ids = {self.agencies[i].id for i, _ in cands}
        return cands, factor * (0.75 if len(ids) > 1 else 1.0)

    def match(
        self, name: str, *, on: date | None = None, province: str | None = None
    ) -> Match | None:
        """Match a written agency name to the registry, or return None.

        ``on`` keeps only agencies valid that day; ``province`` prefers agencies of that province
        (several provinces have a "Sở Y tế"). Ambiguous matches come back with a lower score.
        """
        if not name or not name.strip():
            return None
        folded = _clean(fold(name))
        key = name_key(name)
        if not key:
            return None
        entries = self._keys.get(key)
        if entries:
            cands, factor = self._pick(entries, on, province)
            if cands:
                i, kind = min(cands, key=lambda c: c[1] != "name")
                if key != folded:
                    method = "abbreviation" if kind == "name" else "alias"
                else:
                    method = "exact" if kind == "name" else "alias"
                score = 1.0 if method == "exact" else 0.97 if method == "abbreviation" else 0.95
                return Match(self.agencies[i], score * factor, method)
        best: Match | None = None
        for k, ratio, _ in process.extract(
            key, self._key_list, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=8
        ):
            cands, factor = self._pick(self._keys[k], on, province)
            if not cands:
                continue
            score = 0.6 + 0.3 * (ratio - FUZZY_THRESHOLD) / (100 - FUZZY_THRESHOLD)
            m = Match(self.agencies[cands[0][0]], score * factor, "fuzzy")
            if best is None or m.score > best.score:
                best = m
        return best
