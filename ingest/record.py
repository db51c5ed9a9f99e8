"""What extraction returns for one file: status, field values with evidence, and errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ingest.document import Location

Status = Literal["ok", "needs_review", "not_a_report", "error"]
DocType = Literal["report", "memo", "dispatch", "form", "decision", "other"]

# Every field of a report record, in display order. Lists are lists of str.
FIELD_NAMES: tuple[str, ...] = (
    "agency",  # str: canonical registry name when a registry was given, else as written
    "province",  # str, e.g. "Hà Nam"
    "year",  # int
    "period",  # "year" | "h1" | "9m" | "q1" | "q2" | "q3" | "q4"
    "report_number",  # str like "123/BC-SYT" (without "Số:"); None when blank
    "report_date",  # ISO date str "2020-12-07"; None when day/month blank
    "spokesperson_name",  # str without honorific ("Nguyễn Văn A"), or None (title only)
    "spokesperson_title",  # str, e.g. "Chánh Thanh tra tỉnh"
    "posts_total",  # int
    "posts_per_month",  # float (stated; or derived = posts_total / months, marked derived)
    "press_conferences",  # int; 0 only when the text says none held; None when silent
    "outlets",  # list[str], normalised names ("Báo Hà Nam", "Đài PT-TH Hà Nam", "TTXVN", ...)
    "recommendations",  # list[str], one per request; [] for "Không"
    "training_requested",  # bool
    "training_topics",  # list[str] of ingest.topics codes
    "strengths",  # str
    "limitations",  # str
)
# Indicators of the national form of Decree 244/2026/NĐ-CP (reports from 2026 on), in display
# order. A ratio on the form ("14/15") is kept as two fields, numerator and denominator, each with
# the same quote. None when the report is silent (every report before the form): unknown, never 0.
# They are stored by the warehouse (ExtractedReport.fields) but are not part of the CLI JSON.
FORM_FIELDS: tuple[str, ...] = (
    "briefings",  # int: times the agency brought information to press briefings ("giao ban")
    "press_requests_answered",  # int: press requests answered ...
    "press_requests_received",  # int: ... out of the press requests received
    "incidents_spoken",  # int: urgent/unusual incidents the agency spoke about ...
    "incidents_total",  # int: ... out of all such incidents
    "answers_on_time",  # int: answers given on time ...
    "answers_total",  # int: ... out of the answers counted by the form
    "correction_requests",  # int: correction requests; 0 only when stated
)
ALL_FIELDS: tuple[str, ...] = FIELD_NAMES + FORM_FIELDS
REQUIRED_FIELDS: tuple[str, ...] = ("agency", "year", "period")


_CONTRACT_FIELDS = frozenset(FIELD_NAMES)


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

    def value(self, name: str) -> Any:
        fv = self.fields.get(name)
        return fv.value if fv else None

    def to_json(self) -> dict:
        """Return the CLI's JSON object (keys fixed by the CLI contract).

        Only FIELD_NAMES are written, in values, evidence and confidence alike: the form's
        indicators (FORM_FIELDS) stay in ``fields`` for the warehouse.
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
            if name in ("strengths", "limitations"):
                continue
            out[name] = self.value(name)
            if name == "posts_per_month":
                fv = self.fields.get(name)
                out["posts_per_month_derived"] = bool(fv and fv.derived)
        out["strengths"] = self.value("strengths")
        out["limitations"] = self.value("limitations")
        contract = [(n, fv) for n, fv in self.fields.items() if n in _CONTRACT_FIELDS]
        out["evidence"] = {n: fv.evidence_dict() for n, fv in contract}
        out["confidence"] = {n: round(fv.confidence, 3) for n, fv in contract}
        return out
