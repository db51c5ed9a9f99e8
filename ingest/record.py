"""What extraction returns for one file, and the field table every layer derives its lists from.

``FIELDS`` is the one definition of what a report field is: its name, the kind of value it holds,
its Vietnamese label, the family of rules that extracts it, whether it is a typed fact the
warehouse aggregates, how evaluation compares it, and whether it belongs to the CLI's JSON. The
CLI keys, evaluation, the warehouse's value checks and fact columns, the UI's labels and input
checks and the exports' headers all read it; adding a field is one ``FieldSpec`` here plus its
rule in ``ingest/fields/``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ingest.document import Location
from ingest.registry import AgencyMatch

# Below this confidence a value must be checked by a person.
REVIEW_CONFIDENCE = 0.6
# The confidence of a value read but doubtful (a close rival, a reading writers disagree on, a
# count OCR read off a form): just below the review threshold.
DOUBTFUL_CONFIDENCE = round(REVIEW_CONFIDENCE - 0.05, 2)

Status = Literal["ok", "needs_review", "not_a_report", "error"]
DocType = Literal["report", "memo", "dispatch", "form", "decision", "other"]

# The kind of value a field holds. "count" is a whole number >= 0, "number" a real number >= 0,
# "year" a reporting year, "period" a code of ingest.periods, "date" an ISO date string, "flag"
# a boolean, "text" a string, "list" a list of strings, "topics" a list of ingest.topics codes.
Kind = Literal["text", "count", "number", "year", "period", "date", "flag", "list", "topics"]
# How evaluation compares an expected value with an extracted one (ingest.pipeline.values_match):
# "folded" strings after accent folding, "number" numbers equal, "flag" booleans identical,
# "set" lists as sets of folded strings, "items" each expected item paired with a distinct
# extracted one at a fuzzy ratio (free text).
Compare = Literal["folded", "number", "flag", "set", "items"]
# The family of rules (a module of ingest.fields) that extracts a field.
Group = Literal[
    "header",
    "period",
    "spokesperson",
    "posts",
    "press",
    "form",
    "outlets",
    "requests",
    "assessment",
]
NUMERIC_KINDS: frozenset[str] = frozenset({"count", "number", "year"})
LIST_KINDS: frozenset[str] = frozenset({"list", "topics"})

# What a value a person types (a correction) may be, by kind; a field may set a tighter bound
# (FieldSpec.max_value, max_length). Beyond these it is a slip of the keyboard, not a report:
# "1e308" posts once reached the province totals and the exports as a 309-digit number.
MAX_COUNT = 100_000
MAX_TEXT = 5_000
MAX_NAME = 200  # agency, spokesperson and outlet names, titles, report numbers
MAX_ITEMS = 500  # items of a list field
YEARS = (1990, 2100)  # reporting years, and the years of a report's date


@dataclass(frozen=True)
class FieldSpec:
    """One field of a report record.

    fact: the warehouse keeps its effective value as a typed column of ``report_facts`` (what
    period figures and compliance rules aggregate). cli: the field is a key of the CLI's JSON and
    of the truth files (every field of the table is, the Decree 244 form's counts included).
    ratio_of: for the numerator of one of the form's ratios, the field of its denominator.
    """

    name: str
    kind: Kind
    label: str
    group: Group
    fact: bool = False
    cli: bool = True
    ratio_of: str | None = None
    # Bounds of a typed value: the largest count or number, the longest text or list item
    # (None: the kind's own, see ``bounds`` and ``longest``).
    max_value: int | None = None
    max_length: int | None = None

    @property
    def bounds(self) -> tuple[int, int]:
        """Return the least and greatest value of a numeric field (years: ``YEARS``)."""
        if self.kind == "year":
            return YEARS
        return 0, self.max_value if self.max_value is not None else MAX_COUNT

    @property
    def longest(self) -> int:
        """Return the most characters of a text value or of one item of a list."""
        return self.max_length if self.max_length is not None else MAX_TEXT

    @property
    def rule_vi(self) -> str:
        """Say in Vietnamese what a value of this field may be (for refusals)."""
        low, high = self.bounds
        if self.kind == "year":
            return f"{self.label} phải là năm từ {low} đến {high}."
        whole = "số nguyên" if self.kind == "count" else "số"
        return f"{self.label} phải là {whole} từ {_dots(low)} đến {_dots(high)}."

    @property
    def compare(self) -> Compare:
        """Return how evaluation compares this field (derived from its kind)."""
        if self.name == "recommendations":
            return "items"
        return _COMPARE[self.kind]


_COMPARE: dict[str, Compare] = {
    "text": "folded",
    "period": "folded",
    "date": "folded",
    "count": "number",
    "number": "number",
    "year": "number",
    "flag": "flag",
    "list": "set",
    "topics": "set",
}

_F = FieldSpec


def _dots(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _form(name: str, label: str, ratio_of: str | None = None) -> FieldSpec:
    """Return a count of the Decree 244 form: a fact and a key of the CLI's JSON."""
    return FieldSpec(name, "count", label, "form", fact=True, ratio_of=ratio_of)


# Every field of a report record, in display order.
FIELDS: tuple[FieldSpec, ...] = (
    # canonical registry name when a registry was given, else as written
    _F("agency", "text", "Đơn vị", "header", max_length=MAX_NAME),
    _F("province", "text", "Tỉnh", "header", max_length=MAX_NAME),
    _F("year", "year", "Năm", "period"),
    _F("period", "period", "Kỳ báo cáo", "period"),
    # "123/BC-SYT" (without "Số:"); None when blank
    _F("report_number", "text", "Số văn bản", "header", max_length=MAX_NAME),
    # ISO date "2020-12-07"; None when day or month is blank
    _F("report_date", "date", "Ngày văn bản", "header"),
    # without honorific ("Nguyễn Văn A"), or None when only a title is given
    _F(
        "spokesperson_name",
        "text",
        "Người phát ngôn",
        "spokesperson",
        fact=True,
        max_length=MAX_NAME,
    ),
    _F(
        "spokesperson_title",
        "text",
        "Chức vụ người phát ngôn",
        "spokesperson",
        fact=True,
        max_length=MAX_NAME,
    ),
    _F("posts_total", "count", "Tổng số tin, bài", "posts", fact=True),
    # stated, or derived = posts_total / months (FieldValue.derived)
    _F("posts_per_month", "number", "Tin, bài bình quân/tháng", "posts", fact=True),
    # 0 only when the text says none was held; None when silent. An agency holds a few dozen a
    # year: the bound only stops a slip of the keyboard.
    _F("press_conferences", "count", "Số cuộc họp báo", "press", fact=True, max_value=5_000),
    # normalised names ("Báo Hà Nam", "Đài PT-TH Hà Nam", "TTXVN", ...)
    _F(
        "outlets",
        "list",
        "Cơ quan báo chí được cung cấp thông tin",
        "outlets",
        max_length=MAX_NAME,
    ),
    # one item per request; [] for "Không"
    _F("recommendations", "list", "Kiến nghị, đề xuất", "requests", fact=True),
    _F("training_requested", "flag", "Có đề nghị tập huấn", "requests", fact=True),
    _F("training_topics", "topics", "Chủ đề tập huấn", "requests", fact=True),
    _F("strengths", "text", "Ưu điểm", "assessment"),
    _F("limitations", "text", "Hạn chế", "assessment"),
    # The national form of Decree 244/2026/NĐ-CP (reports from 2026 on). A ratio ("14/15") is two
    # fields, numerator and denominator, with the same quote. None when the report is silent.
    _form("briefings", "Số lần đưa thông tin tại giao ban báo chí"),
    _form("press_requests_answered", "Yêu cầu của báo chí đã trả lời", "press_requests_received"),
    _form("press_requests_received", "Yêu cầu của báo chí đã tiếp nhận"),
    _form("incidents_spoken", "Vụ việc đột xuất, bất thường đã phát ngôn", "incidents_total"),
    _form("incidents_total", "Tổng số vụ việc đột xuất, bất thường"),
    _form("answers_on_time", "Yêu cầu trả lời đúng thời hạn", "answers_total"),
    _form("answers_total", "Tổng số yêu cầu (tính thời hạn trả lời)"),
    # Item (6): cases with a written reply or a correction request / all cases that needed one.
    _form(
        "correction_requests",
        "Vụ việc có văn bản phản hồi, yêu cầu cải chính",
        "corrections_total",
    ),
    _form("corrections_total", "Tổng số vụ việc cần phản hồi, cải chính"),
)
SPECS: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}

ALL_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELDS)
# The CLI JSON's fields, in display order.
FIELD_NAMES: tuple[str, ...] = tuple(spec.name for spec in FIELDS if spec.cli)
# The Decree 244/2026 form's indicators, in display order.
FORM_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELDS if spec.group == "form")
# Fields the warehouse keeps as typed facts (report_facts columns), in display order.
FACT_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELDS if spec.fact)
# The form's ratios: (numerator, denominator).
RATIOS: tuple[tuple[str, str], ...] = tuple(
    (spec.name, spec.ratio_of) for spec in FIELDS if spec.ratio_of
)
FIELD_LABELS: dict[str, str] = {spec.name: spec.label for spec in FIELDS}
REQUIRED_FIELDS: tuple[str, ...] = ("agency", "year", "period")


def fields_of(*kinds: str) -> tuple[str, ...]:
    """Return the names of the fields of these kinds, in display order."""
    return tuple(spec.name for spec in FIELDS if spec.kind in kinds)


class InvalidValue(ValueError):
    """A value its field cannot hold; the message (str) is Vietnamese, for the person typing."""


_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def _typed_number(text: str) -> float:
    """Read a number as people type it: "1.234" -> 1234, "17,8" -> 17.8, "1.234,5" -> 1234.5."""
    t = text.strip().replace(" ", "")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif _THOUSANDS.fullmatch(t):
        t = t.replace(".", "")
    return float(t)


def check_value(name: str, value: Any) -> Any:
    """Return a field's value typed and within the field's bounds; raise InvalidValue otherwise.

    The one check of what a person may store in a field (a correction), used by the warehouse
    and the pages alike. Numbers may come as typed text ("1.234", "17,8"); counts and years are
    whole, every number finite and within ``FieldSpec.bounds``; a text, and each item of a list,
    at most ``FieldSpec.longest`` characters, a list at most ``MAX_ITEMS`` items; a date (ISO
    text or a date) within ``YEARS``. None (no value) always passes.
    """
    spec = SPECS[name]
    if value is None:
        return None
    if spec.kind in NUMERIC_KINDS:
        return _checked_number(spec, value)
    if spec.kind == "date":
        return _checked_date(spec, value)
    if isinstance(value, str) and len(value) > spec.longest:
        raise InvalidValue(
            f"{spec.label} dài {_dots(len(value))} ký tự, tối đa {_dots(spec.longest)} ký tự."
        )
    if spec.kind in LIST_KINDS and isinstance(value, list | tuple):
        if len(value) > MAX_ITEMS:
            raise InvalidValue(
                f"{spec.label} có {_dots(len(value))} mục, tối đa {_dots(MAX_ITEMS)} mục."
            )
        for i, item in enumerate(value, start=1):
            if len(str(item)) > spec.longest:
                raise InvalidValue(
                    f"Mục thứ {i} của “{spec.label}” dài {_dots(len(str(item)))} ký tự, "
                    f"tối đa {_dots(spec.longest)} ký tự."
                )
    return value


def _checked_number(spec: FieldSpec, value: Any) -> int | float:
    if isinstance(value, str):
        try:
            number = _typed_number(value)
        except ValueError:
            shown = value if len(value) <= 40 else value[:39] + "…"
            raise InvalidValue(f"“{shown}” không phải là số. {spec.rule_vi}") from None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        raise InvalidValue(spec.rule_vi)
    low, high = spec.bounds
    # "inf" and "nan" parse as floats but are no figure of a report.
    if not (math.isfinite(number) and low <= number <= high):
        raise InvalidValue(spec.rule_vi)
    if spec.kind == "number":
        return number
    if number != int(number):
        raise InvalidValue(spec.rule_vi)
    return int(number)


def _checked_date(spec: FieldSpec, value: Any) -> str:
    low, high = YEARS
    rule = f"{spec.label} phải là một ngày từ năm {low} đến năm {high}."
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidValue(rule) from None
    if not low <= day.year <= high:
        raise InvalidValue(rule)
    return day.isoformat()


_CLI_FIELDS = frozenset(FIELD_NAMES)


@dataclass
class FieldValue:
    """One extracted value with the quote it came from and how sure we are.

    qualifier: an approximation word kept beside a number ("trên", "gần", "hơn", "khoảng").
    derived: True when computed rather than stated (posts_per_month from posts_total).
    """

    value: Any
    confidence: float
    quote: str | None = None
    location: Location | None = None
    qualifier: str | None = None
    derived: bool = False

    def evidence_dict(self) -> dict:
        return {
            "quote": self.quote,
            "location": self.location.to_dict() if self.location else None,
            "where": self.location.describe() if self.location else None,
            "confidence": round(self.confidence, 3),
            "qualifier": self.qualifier,
            "derived": self.derived,
        }


@dataclass
class ExtractedReport:
    """The outcome for one input file. Never 'ok' while errors exist."""

    file: str
    sha256: str | None = None
    format: str | None = None
    status: Status = "error"
    doc_type: DocType | None = None
    error: str | None = None  # Vietnamese, for the UI
    error_detail: str | None = None  # English, for the log
    pages: int = 0
    fields: dict[str, FieldValue] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # How the agency resolved against the registry (id, score, candidates, confident); None when
    # extraction had no registry. Not a CLI key: the warehouse files the report by it.
    agency_match: AgencyMatch | None = None

    def value(self, name: str) -> Any:
        fv = self.fields.get(name)
        return fv.value if fv else None

    def to_json(self) -> dict:
        """Return the CLI's JSON object (keys fixed by the CLI contract).

        Only FIELD_NAMES are written, in values, evidence and confidence alike, in the field
        table's order; a field the report is silent on is null.
        """
        out: dict[str, Any] = {
            "file": self.file,
            "sha256": self.sha256,
            "format": self.format,
            "status": self.status,
            "doc_type": self.doc_type,
            "error": self.error,
        }
        for name in FIELD_NAMES:
            out[name] = self.value(name)
            if name == "posts_per_month":
                fv = self.fields.get(name)
                out["posts_per_month_derived"] = bool(fv and fv.derived)
        contract = [(n, fv) for n, fv in self.fields.items() if n in _CLI_FIELDS]
        out["evidence"] = {n: fv.evidence_dict() for n, fv in contract}
        out["confidence"] = {n: round(fv.confidence, 3) for n, fv in contract}
        return out
