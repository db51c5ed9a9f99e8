"""Agencies' recommendations and difficulties as a report lists them: grouped by whom they ask
(word lists as data, one engine), items written alike merged into one with the units stating it.

The province's Điều 10 report (``warehouse.form_report``) groups by the addressees of the
national form (``FORM_ADDRESSEES``); the department's summary for UBND tỉnh
(``warehouse.export``) by those who act on a department's report (``summary_addressees``: UBND
tỉnh, the department itself, Sở Nội vụ, the other departments, the press).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ingest.text import fold

OTHER_ADDRESSEE = "Đề xuất, kiến nghị khác"
# Folded phrases naming an addressee right after the request verb.
CENTRAL = (
    "bo van hoa", "bo vhttdl", "bo thong tin", "bo tt&tt", "bo tttt", "bo, nganh", "bo nganh",
    "cac bo", "bo", "trung uong", "chinh phu", "thu tuong", "quoc hoi", "cuc bao chi",
)  # fmt: skip
PROVINCE = ("ubnd tinh", "uy ban nhan dan tinh", "tinh uy", "hdnd tinh", "lanh dao tinh", "tinh")
DEPARTMENTS = ("so", "ban, nganh", "ban nganh", "nganh")
PRESS = (
    "co quan bao chi", "bao chi", "cac bao", "phong vien", "nha bao", "hoi nha bao",
    "dai phat thanh", "bao va phat thanh", "dai pt",
)  # fmt: skip
HOME_AFFAIRS = ("so noi vu", "so nv")
# The department receiving the agencies' reports, whichever held the press role ("Quý Sở": the
# recipient of the report), besides its own names (summary_addressees).
PRESS_DEPARTMENT = (
    "quy so", "so thong tin", "so tt&tt", "so tttt", "so ttt&t", "so van hoa", "so vhttdl",
    "so vh, tt&dl", "so vh,tt&dl", "so vh-tt&dl",
)  # fmt: skip

# Words that open a request (folded); the addressee follows, after FILLERS.
REQUEST_VERBS = ("kinh de nghi", "de nghi", "kien nghi", "de xuat", "mong muon", "mong")
FILLERS = ("doi voi", "voi", "cac", "quy", "lanh dao")
# What folds like an addressee but is none ("bố trí", "bổ sung", "số lượng", "tình hình" …).
NOT_ADDRESSEES = ("bo tri", "bo sung", "bo phan", "bo may", "so luong", "so lieu", "so sanh",
                  "tinh hinh", "tinh than", "tinh trang", "nganh nghe")  # fmt: skip
# Two texts at or above this rapidfuzz token_set_ratio (folded, punctuation off) are one item.
DUPLICATE_RATIO = 90

_VERB = re.compile(r"\b(?:" + "|".join(map(re.escape, REQUEST_VERBS)) + r")\b")
_FILLER = re.compile(r"^(?:(?:" + "|".join(map(re.escape, FILLERS)) + r")\b[\s,:]*)+")
_BULLET = re.compile(r"^\s*(?:[-–—+•*]|\d{1,2}[.)]|[a-zđ][)])\s*")
_PUNCTUATION = re.compile(r"[^\w&]+")


class Addressees:
    """Headings of recommendations by whom they ask: (heading, folded phrases) in order of
    precedence; the first whose phrase opens the request (after its verb) decides, else
    ``other``."""

    def __init__(
        self, entries: Sequence[tuple[str, Sequence[str]]], other: str = OTHER_ADDRESSEE
    ) -> None:
        self.headings = tuple(heading for heading, _ in entries)
        self.other = other
        self._patterns = [
            (heading, re.compile(r"^(?:" + "|".join(map(re.escape, words)) + r")(?![\w&])"))
            for heading, words in entries
        ]

    def of(self, text: str) -> str:
        """Return the heading of one recommendation: whom it asks."""
        folded = fold(text)
        verb = _VERB.search(folded)
        raw = (folded[verb.end() :] if verb else folded).lstrip(" ,:")
        rest = _FILLER.sub("", raw)
        if rest.startswith(NOT_ADDRESSEES):
            return self.other
        for heading, pattern in self._patterns:
            if pattern.match(raw) or pattern.match(rest):
                return heading
        return self.other

    def group(self, items: Iterable[tuple[str, str]]) -> list[tuple[str, list[Remark]]]:
        """Return (agency, text) items as (heading, remarks) in heading order, then the others;
        each text split into its listed items and merged with those written alike."""
        by_heading: dict[str, list[tuple[str, str]]] = {}
        for agency, text in items:
            for item in split_items(text):
                by_heading.setdefault(self.of(item), []).append((agency, item))
        order = [*self.headings, self.other]
        return [(h, merge_similar(by_heading[h])) for h in order if h in by_heading]


FORM_ADDRESSEES = Addressees(
    [
        ("Đối với Bộ, ngành Trung ương", CENTRAL),
        ("Đối với UBND tỉnh", PROVINCE),
        ("Đối với các sở, ngành", DEPARTMENTS),
        ("Đối với các cơ quan báo chí", PRESS),
    ]
)


def summary_addressees(department: str, *names: str) -> Addressees:
    """Return the headings of the department's summary for UBND tỉnh: the province, the
    department itself (``department`` as written in sentences; ``names``: its other forms,
    as the agencies may write them), Sở Nội vụ, the other departments, the press, the centre."""
    own = (*PRESS_DEPARTMENT, *(fold(n) for n in (department, *names) if n))
    return Addressees(
        [
            ("Đối với UBND tỉnh", PROVINCE),
            (f"Đối với {department}", own),
            ("Đối với Sở Nội vụ", HOME_AFFAIRS),
            ("Đối với các sở, ngành khác", DEPARTMENTS),
            ("Đối với các cơ quan báo chí", PRESS),
            ("Đối với Bộ, ngành Trung ương", CENTRAL),
        ]
    )


def addressee(text: str) -> str:
    """Return the Điều 10 report's section II heading of a recommendation (FORM_ADDRESSEES)."""
    return FORM_ADDRESSEES.of(text)


def split_items(text: str) -> list[str]:
    """Return a text's items: one per line, bullets and numbering taken off."""
    lines = (_BULLET.sub("", line).strip(" ;") for line in text.splitlines())
    return [line for line in lines if line]


def comparable(text: str) -> str:
    """Return the form two items are compared in: folded (case, marks, spacing), no punctuation."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


@dataclass(frozen=True)
class Remark:
    """One listed item: its text (as the first unit wrote it) and the units stating it."""

    text: str
    agencies: tuple[str, ...]

    @property
    def line(self) -> str:
        """Return the item as the report lists it: "text (N đơn vị)"."""
        return f"{self.text.rstrip('.;')} ({len(self.agencies)} đơn vị)."

    def named_line(self, most: int) -> str:
        """Return "text (N đơn vị: A, B)", the units named when there are at most ``most``."""
        if len(self.agencies) > most:
            return self.line
        names = ", ".join(self.agencies)
        return f"{self.text.rstrip('.;')} ({len(self.agencies)} đơn vị: {names})."


def merge_similar(items: Iterable[tuple[str, str]]) -> list[Remark]:
    """Return (agency, text) pairs as remarks, texts at DUPLICATE_RATIO or more merged into the
    first one, each with the distinct agencies stating it; in order of first appearance."""
    groups: list[tuple[str, str, list[str]]] = []
    for agency, text in items:
        key = comparable(text)
        for g_key, _, agencies in groups:
            if fuzz.token_set_ratio(key, g_key) >= DUPLICATE_RATIO:
                if agency not in agencies:
                    agencies.append(agency)
                break
        else:
            groups.append((key, text, [agency]))
    return [Remark(text, tuple(agencies)) for _, text, agencies in groups]
