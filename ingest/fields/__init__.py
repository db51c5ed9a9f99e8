"""Pure extraction rules: Document -> field values with evidence and confidence. No I/O.

One module per family of fields (``ingest.record.FieldSpec.group``), each with the same small
interface: ``PRODUCES``, the names of the fields it extracts, and ``extract(view, context)``.
They read the document through one ``View`` (``view.py``: blocks, headings, parts, tables,
the date line) with the helpers of ``strings.py`` and the words of ``vocabulary.py``.
``extract`` below runs them in order; what a family needs from an earlier one travels in the
``Context``, written here and nowhere else.
"""

from __future__ import annotations

import re
from types import ModuleType

from ingest.document import Document
from ingest.fields import (
    assessment,
    form,
    header,
    outlets,
    period,
    posts,
    press,
    requests,
    spokesperson,
)
from ingest.fields.context import Context
from ingest.fields.strings import remembering
from ingest.fields.view import build_view
from ingest.record import DOUBTFUL_CONFIDENCE, FieldValue
from ingest.registry import AgencyMatch, Registry
from ingest.text import fold

__all__ = ["FAMILIES", "extract", "extract_report"]

# Every family, in the order extract runs them.
FAMILIES: tuple[ModuleType, ...] = (
    period,
    header,
    spokesperson,
    posts,
    press,
    outlets,
    requests,
    assessment,
    form,
)
# The order of the fields in extract's result (the review warnings list them in it): the
# header's number and date first, as written at the top of a report.
_FIRST = ("report_number", "report_date")


def extract(doc: Document, registry: Registry | None = None) -> dict[str, FieldValue]:
    """Extract every field found in a report document; fields not found are absent."""
    return extract_report(doc, registry)[0]


def extract_report(
    doc: Document, registry: Registry | None = None
) -> tuple[dict[str, FieldValue], AgencyMatch | None]:
    """Extract every field found, and how the agency resolved against the registry (None
    without a registry)."""
    context = Context(registry=registry)
    with remembering():
        return _extract(doc, context), context.agency_match


def _extract(doc: Document, context: Context) -> dict[str, FieldValue]:
    view = build_view(doc)
    if not view.blocks:
        return {}
    out: dict[str, FieldValue] = {}
    # The period first: the header matches the agency as the registry stood at its end, and
    # the posts tell the period's counts from year-to-date ones.
    out |= period.extract(view, context)
    context.year, context.period = out.get("year"), out.get("period")
    out |= header.extract(view, context)
    context.province = out["province"].value if "province" in out else None
    context.agency_runs_portal = header.agency_runs_portal(view, out.get("agency"))
    out |= spokesperson.extract(view, context)
    out |= posts.extract(view, context)  # needs period, agency_runs_portal
    out |= press.extract(view, context)
    out |= outlets.extract(view, context)  # needs province
    out |= requests.extract(view, context)
    out |= assessment.extract(view, context)
    out |= form.extract(view, context)
    _doubt_ocr_debris(out)
    return {name: out[name] for name in _FIRST if name in out} | out


# What OCR leaves inside words and between them: "tipn0i" (a digit inside a word), "VTV8 ~ Đài",
# a consonant standing alone as a word ("chưa ố, n định"), a sentence cut at a comma ("chuyên
# tự,").
_OCR_DEBRIS = re.compile(
    r"[^\W\d_]+\d+[^\W\d_]+|[~°¬|]|\s[`^]\s|(?<!\S)[bcdfghklmnpqrstvxđ](?=[\s,.;]|$)|,\s*$",
    re.IGNORECASE,
)
# Values read as text, where debris is part of the value rather than a misread count.
_TEXT_FIELDS = (
    "spokesperson_name", "spokesperson_title", "outlets", "recommendations", "strengths",
    "limitations",
)  # fmt: skip


# In a name or a title every word is one syllable: a word with two vowel groups is two words OCR
# ran together ("Chánh Thanh tratinh").
_RUN_TOGETHER = re.compile(r"[aeiouy]+[^aeiouy\W\d_]+[aeiouy]")
_ONE_SYLLABLE_FIELDS = ("spokesperson_name", "spokesperson_title")


def _doubt_ocr_debris(out: dict[str, FieldValue]) -> None:
    """Send to review a text value read by OCR that holds OCR's debris: its words may be wrong."""
    for name in _TEXT_FIELDS:
        fv = out.get(name)
        if fv is None or fv.location is None or fv.location.part != "ocr":
            continue
        texts = [t for t in (fv.value if isinstance(fv.value, list) else [fv.value]) if t]
        debris = any(isinstance(t, str) and _OCR_DEBRIS.search(t) for t in texts)
        if name in _ONE_SYLLABLE_FIELDS:
            debris |= any(_RUN_TOGETHER.search(w) for t in texts for w in fold(str(t)).split())
        if debris:
            fv.confidence = min(fv.confidence, DOUBTFUL_CONFIDENCE)
