"""Registry of reporting agencies and matching of written names to it.

Shared by extraction (ingest/fields/header.py) and loading (warehouse/registry.py,
warehouse/load.py), so the API below is kept stable:

- ``Registry.from_csv(path)`` reads ``id,name,short_name,aliases,type,parent,province,valid_from,
  valid_to`` (aliases ``;``-separated, dates ISO, empty ``valid_to`` while valid).
- ``Registry.match(name, *, on=None, province=None) -> Match | None``: ``Match.name`` is the
  canonical name, ``Match.id`` the slug, ``Match.score`` in [0, 1], ``Match.method`` one of
  ``exact`` | ``alias`` | ``abbreviation`` | ``fuzzy``.
- ``Registry.resolve(name, *, on=None, province=None) -> AgencyMatch``: the best agency with every
  candidate (distinct agencies with their scores) and whether the match is confident enough to file
  a report under it without a person (``MATCH_ACCEPT``, ``MATCH_MARGIN``).

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
# A match files a report under an agency without a person only from this score on. Exact names
# (1.0), abbreviations (0.97) and aliases (0.95) pass; a fuzzy match scores 0.6-0.9 and passes only
# when the names differ by about one letter in fifty ("Sở Ngoại vụ" ~ "Sở Nội vụ" scores 0.65).
MATCH_ACCEPT = 0.85
# Two distinct agencies whose scores are this close are ambiguous: a person chooses.
MATCH_MARGIN = 0.05
_SCORES = {"exact": 1.0, "abbreviation": 0.97, "alias": 0.95}

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


def _fuzzy_score(ratio: float) -> float:
    """Return a fuzzy match's score from its rapidfuzz ratio: 0.6 at the threshold, 0.9 at 100."""
    return 0.6 + 0.3 * (ratio - FUZZY_THRESHOLD) / (100 - FUZZY_THRESHOLD)


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


@dataclass(frozen=True)
class Candidate:
    """One registry agency a written name may stand for, with its score (picklable, plain)."""

    id: str
    name: str
    province: str
    valid_from: date | None
    valid_to: date | None
    score: float
    method: str

    def to_dict(self) -> dict:
        """Return the candidate as JSON-ready values (dates ISO)."""
        return {
            "id": self.id,
            "name": self.name,
            "province": self.province,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "score": round(self.score, 3),
            "method": self.method,
        }


@dataclass(frozen=True)
class AgencyMatch:
    """How a report's written agency name resolved against the registry.

    registry_id: the best candidate's id (None when no agency matched at all). confident: the
    warehouse may file the report under it without a person: the score reaches MATCH_ACCEPT and no
    other agency comes within MATCH_MARGIN. reason: why not, when not confident (``absent`` |
    ``low_score`` | ``ambiguous`` | ``other_period``). written: the name as the report gives it.
    """

    written: str
    registry_id: str | None
    score: float
    method: str | None
    candidates: tuple[Candidate, ...]
    confident: bool
    reason: str | None = None

    def to_dict(self) -> dict:
        """Return the match as JSON-ready values (what the review queue stores)."""
        return {
            "written": self.written,
            "registry_id": self.registry_id,
            "score": round(self.score, 3),
            "method": self.method,
            "confident": self.confident,
            "reason": self.reason,
            "candidates": [c.to_dict() for c in self.candidates],
        }

    def doubted(self, reason: str) -> AgencyMatch:
        """Return this match marked not confident for ``reason``."""
        return AgencyMatch(
            self.written, self.registry_id, self.score, self.method, self.candidates, False, reason
        )


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
        self._agency_pkeys = [name_key(a.province) for a in self.agencies]
        self._province_keys = {k for k in self._agency_pkeys if k}

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
        return cls.from_rows(rows, where=str(path))

    @classmethod
    def from_rows(cls, rows: Iterable[dict], *, where: str = "registry") -> Registry:
        """Build a registry from CSV rows (dicts keyed by the CSV's columns)."""
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
                    f"agency registry {where} line {n}: {e}",
                    path=where,
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
        cands, factor = self._in_scope(entries, on, province)
        ids = {self.agencies[i].id for i, _ in cands}
        return cands, factor * (0.75 if len(ids) > 1 else 1.0)

    def _in_scope(
        self, entries: Iterable[tuple[int, str]], on: date | None, province: str | None
    ) -> tuple[list[tuple[int, str]], float]:
        """Keep the agencies valid ``on`` that day and of the report's province.

        An agency of another province is no candidate when the registry has agencies of the
        report's province; when it has none, others stay at half the score.
        """
        cands = [(i, k) for i, k in entries if on is None or self.agencies[i].valid_on(on)]
        if not (province and cands):
            return cands, 1.0
        pkey = name_key(province)
        if pkey in self._province_keys:
            return [
                (i, k)
                for i, k in cands
                if self.agencies[i].province == "" or self._agency_pkeys[i] == pkey
            ], 1.0
        return cands, 0.5 if all(self.agencies[i].province for i, _ in cands) else 1.0

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
        entries = self._keys.get(self._exact_key(name, key, province))
        if entries:
            cands, factor = self._pick(entries, on, province)
            if cands:
                i, kind = min(cands, key=lambda c: c[1] != "name")
                if key != folded:
                    method = "abbreviation" if kind == "name" else "alias"
                else:
                    method = "exact" if kind == "name" else "alias"
                return Match(self.agencies[i], _SCORES[method] * factor, method)
        best: Match | None = None
        for k, ratio, _ in process.extract(
            key, self._key_list, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=8
        ):
            cands, factor = self._pick(self._keys[k], on, province)
            if not cands:
                continue
            m = Match(self.agencies[cands[0][0]], _fuzzy_score(ratio) * factor, "fuzzy")
            if best is None or m.score > best.score:
                best = m
        return best

    def _exact_key(self, name: str, key: str, province: str | None) -> str:
        """Return the registry key ``name`` stands for exactly: its own, else, for a registry
        that names an agency with its province ("Ban Quản lý các khu công nghiệp Bình Dương"), the
        name with the report's province (the letterhead leaves it to the line above)."""
        if key in self._keys or not province:
            return key
        # The province as the registry may write it: "… Bình Dương", "… tỉnh Bình Dương", "…
        # Thành phố Hồ Chí Minh".
        for place in (province, f"tỉnh {province}", f"thành phố {province}"):
            with_province = name_key(f"{name} {place}")
            if with_province in self._keys:
                return with_province
        return key

    def candidates(
        self, name: str, *, on: date | None = None, province: str | None = None, limit: int = 5
    ) -> list[Candidate]:
        """Return the distinct agencies ``name`` may stand for, best first, each with its score.

        Only agencies valid ``on`` that day and of the report's province count (see ``_in_scope``);
        an agency's score is its best over its name, short name and aliases.
        """
        key = name_key(name or "")
        if not key:
            return []
        folded = _clean(fold(name))
        scored: list[tuple[str, float, str]] = []  # (key, score, method or kind)
        if (exact := self._exact_key(name, key, province)) in self._keys:
            scored.append((exact, 1.0, "exact"))
        for k, ratio, _ in process.extract(
            key, self._key_list, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=12
        ):
            if k != key:
                scored.append((k, _fuzzy_score(ratio), "fuzzy"))
        best: dict[str, Candidate] = {}
        for k, base, how in scored:
            cands, factor = self._in_scope(self._keys[k], on, province)
            for i, kind in cands:
                if how == "exact":
                    method = "exact" if kind == "name" else "alias"
                    method = "abbreviation" if key != folded and kind == "name" else method
                    score = _SCORES[method] * factor
                else:
                    method, score = "fuzzy", base * factor
                a = self.agencies[i]
                seen = best.get(a.id)
                if seen is None or score > seen.score:
                    best[a.id] = Candidate(
                        a.id, a.name, a.province, a.valid_from, a.valid_to, score, method
                    )
        return sorted(best.values(), key=lambda c: (-c.score, c.name, c.id))[:limit]

    def resolve(
        self, name: str, *, on: date | None = None, province: str | None = None
    ) -> AgencyMatch:
        """Resolve a written agency name: the best candidate, all candidates, and confidence.

        Confident when the best scores at least MATCH_ACCEPT and no other agency comes within
        MATCH_MARGIN of it (two provinces' "Sở Y tế" with the province unknown are ambiguous).
        """
        cands = tuple(self.candidates(name, on=on, province=province))
        if not cands:
            return AgencyMatch(name or "", None, 0.0, None, (), False, "absent")
        top = cands[0]
        reason = None
        if top.score < MATCH_ACCEPT:
            reason = "low_score"
        elif len(cands) > 1 and top.score - cands[1].score <= MATCH_MARGIN:
            reason = "ambiguous"
        return AgencyMatch(name, top.id, top.score, top.method, cands, reason is None, reason)
