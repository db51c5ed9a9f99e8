"""A small hand-made corpus of ExtractedReport objects for the warehouse tests, with known figures.

Year 2023, period "year", deadline 15/12/2023. Expected agencies (valid on the deadline):

| id | type | arrival | posts | press conf. | spokesperson | overall |
|---|---|---|---|---|---|---|
| so-alpha | department | 10/12 on time | 25/month | 2 | name | pass |
| so-beta | department | 20/12 late | 120 (10/month) | 0 stated | title | fail |
| so-gamma | department | v1 01/12, v2 18/12: on time | 30/month | silent | none | unknown |
| huyen-delta | district | none | | | | not_submitted |
| eta | other, name "=cmd…" | 15/12 16:45 on time | 12/month | 1 | name | pass |

eta's report needs review. so-cu is valid until 2023-03-31, so expected in 2022 only (6 agencies
expected in 2022: so-alpha on time, so-cu late, the others missing). Plus a memo (not a report),
an unreadable file and a report from an agency not in the registry.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ingest.document import Location
from ingest.periods import period_end
from ingest.record import ExtractedReport, FieldValue
from ingest.registry import Registry

AGENCIES_CSV = """id,name,short_name,aliases,type,parent,province,valid_from,valid_to
so-alpha,Sở Alpha,SA,Sở Alpha tỉnh Hà Nam,department,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,
so-beta,Sở Beta,SB,,department,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,
so-gamma,Sở Gamma,SG,,department,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,
huyen-delta,UBND huyện Delta,,UBND H. Delta,district,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,
eta,=cmd|' /C calc'!A0 Ban Eta,,,other,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,
so-cu,Sở Cũ,,,department,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,2023-03-31
"""
ETA_NAME = "=cmd|' /C calc'!A0 Ban Eta"
# The registry extraction would have matched these records against (ExtractedReport.agency_match).
REGISTRY = Registry.from_rows(csv.DictReader(io.StringIO(AGENCIES_CSV)))


def fv(value: Any, quote: str | None = None, paragraph: int = 3, conf: float = 0.9) -> FieldValue:
    """Return a FieldValue with a quote and a paragraph location."""
    return FieldValue(value, conf, quote or str(value), Location(paragraph=paragraph))


def report(
    agency: str,
    year: int = 2023,
    *,
    status: str = "ok",
    spokesperson_name: str | None = None,
    spokesperson_title: str | None = None,
    posts_total: int | None = None,
    posts_per_month: float | None = None,
    derived: bool = False,
    press_conferences: int | None = None,
    recommendations: list[str] | None = None,
    training_topics: list[str] | None = None,
    training_requested: bool | None = None,
    registry: Registry | None = REGISTRY,
) -> ExtractedReport:
    """Return an ExtractedReport of a yearly report with the given values, its agency resolved
    against ``registry`` as extraction does (province Hà Nam, the period's end); ``None``: no
    registry match information at all."""
    fields = {
        "agency": fv(agency, paragraph=1),
        "province": fv("Hà Nam", paragraph=1),
        "year": fv(year, f"năm {year}", paragraph=5),
        "period": fv("year", f"năm {year}", paragraph=5),
    }
    optional = {
        "spokesperson_name": spokesperson_name,
        "spokesperson_title": spokesperson_title,
        "posts_total": posts_total,
        "press_conferences": press_conferences,
        "recommendations": recommendations,
        "training_topics": training_topics,
        "training_requested": training_requested,
    }
    for name, value in optional.items():
        if value is not None:
            quote = {
                "press_conferences": "Năm nay cơ quan chưa tổ chức họp báo lần nào."
                if value == 0
                else f"Tổ chức {value} cuộc họp báo.",
            }.get(name)
            fields[name] = fv(value, quote, paragraph=10)
    if posts_per_month is not None:
        fields["posts_per_month"] = FieldValue(
            posts_per_month, 0.8, f"trung bình {posts_per_month} tin, bài/tháng", derived=derived
        )
    return ExtractedReport(
        file=f"{agency}-{year}.docx",
        format="docx",
        status=status,  # type: ignore[arg-type]
        doc_type="report",
        fields=fields,
        agency_match=None
        if registry is None
        else registry.resolve(agency, on=period_end(year, "year"), province="Hà Nam"),
    )


def other_doc(doc_type: str = "memo") -> ExtractedReport:
    """Return the record of a document that is not a report."""
    return ExtractedReport(
        file="to-trinh.docx", format="docx", status="not_a_report", doc_type=doc_type
    )


def broken() -> ExtractedReport:
    """Return the record of an unreadable file."""
    return ExtractedReport(
        file="hong.pdf",
        format="pdf",
        status="error",
        error="Tệp bị hỏng hoặc không đầy đủ, không mở được.",
        error_detail="corrupt xref",
    )


TRAINING_ALPHA = "Đề nghị tổ chức tập huấn kỹ năng phát ngôn cho người phát ngôn."
TRAINING_BETA = (
    "Đề nghị Sở TT&TT tập huấn về xử lý khủng hoảng truyền thông và quản trị trang thông tin "
    "điện tử cho cán bộ."
)
TRAINING_GAMMA = "Đề nghị bồi dưỡng kỹ năng phát ngôn, cung cấp thông tin cho báo chí."
MONEY_ALPHA = "Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin."


def corpus() -> list[tuple[str, bytes, ExtractedReport, datetime]]:
    """Return (file name, bytes, record, received_at) in arrival order."""
    items = [
        (
            "alpha-2022.docx",
            report(
                "Sở Alpha",
                2022,
                spokesperson_name="Nguyễn Văn A",
                posts_total=240,
                posts_per_month=20,
                press_conferences=1,
            ),
            datetime(2022, 12, 1, 9, 0),
        ),
        (
            "socu-2022.pdf",
            report("Sở Cũ", 2022, spokesperson_name="Lê C", posts_total=100, press_conferences=0),
            datetime(2022, 12, 28, 9, 0),
        ),
        (
            "gamma-v1.docx",
            report(
                "Sở Gamma",
                posts_per_month=28,
                recommendations=[TRAINING_GAMMA],
                training_requested=True,
            ),
            datetime(2023, 12, 1, 8, 0),
        ),
        (
            "alpha-2023.docx",
            report(
                "Sở Alpha",
                spokesperson_name="Nguyễn Văn A",
                spokesperson_title="Giám đốc Sở",
                posts_total=300,
                posts_per_month=25,
                press_conferences=2,
                recommendations=[TRAINING_ALPHA, MONEY_ALPHA],
                training_topics=["spokesperson_skills"],
                training_requested=True,
            ),
            datetime(2023, 12, 10, 10, 30),
        ),
        (
            "eta-2023.docx",
            report(
                ETA_NAME,
                status="needs_review",
                spokesperson_name="Trần Thị E",
                posts_total=144,
                posts_per_month=12,
                press_conferences=1,
                recommendations=[],
            ),
            datetime(2023, 12, 15, 16, 45),
        ),
        (
            "gamma-v2.docx",
            report(
                "Sở Gamma",
                posts_total=360,
                posts_per_month=30,
                recommendations=[TRAINING_GAMMA],
                training_requested=True,
            ),
            datetime(2023, 12, 18, 14, 0),
        ),
        (
            "beta-2023.pdf",
            report(
                "Sở Beta",
                spokesperson_title="Phó Giám đốc Sở",
                posts_total=120,
                posts_per_month=10,
                derived=True,
                press_conferences=0,
                recommendations=[TRAINING_BETA],
                training_topics=["crisis_communication", "website_admin"],
                training_requested=True,
            ),
            datetime(2023, 12, 20, 8, 15),
        ),
        ("to-trinh.docx", other_doc(), datetime(2023, 12, 20, 9, 0)),
        ("hong.pdf", broken(), datetime(2023, 12, 21, 9, 0)),
        (
            "la.docx",
            report("Sở Không Có Trong Danh Mục", posts_total=5),
            datetime(2023, 12, 22, 9, 0),
        ),
    ]
    return [(name, f"{name} bytes".encode(), rec, at) for name, rec, at in items]


LOADER = "test"  # the admin who imports the registry and loads the corpus
# The day the corpus is loaded on: officials are working on 2023 (its deadline has passed), so the
# expected years are those of the reports, whatever the machine's date.
LOADED_ON = date(2024, 1, 10)


class DayClock:
    """A stand-in for ``warehouse.auth.clock`` whose date is ``day`` (time of day kept real)."""

    def __init__(self, day: date) -> None:
        self.day = day

    def now(self) -> datetime:
        return datetime.combine(self.day, datetime.now().time())

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()


@contextmanager
def on_day(day: date) -> Iterator[None]:
    """Run the block with the warehouse's clock set to ``day``."""
    from warehouse import auth

    saved = auth.clock
    auth.clock = DayClock(day)
    try:
        yield
    finally:
        auth.clock = saved


# (folder kept alive, template database, its LoadResults) once built in this process.
_BUILT: tuple[tempfile.TemporaryDirectory, Path, list] | None = None


def build(db: Path, tmp: Path) -> list:
    """Create a warehouse at ``db`` with the registry and the corpus, imported and loaded by the
    admin LOADER (a real user); return the LoadResults.

    The first call of a test process builds it; later calls onto a path with no database yet get
    a copy of that one (database, WAL and stored files) and a copy of its LoadResults: the same
    rows, written by the same code, without paying for the build in each of the many tests that
    start from it.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "agencies.csv").write_text(AGENCIES_CSV, encoding="utf-8")
    if db.exists() or Path(f"{db}.wal").exists():  # something is there already: build onto it
        return _build(db, tmp)
    global _BUILT
    if _BUILT is None:
        holder = tempfile.TemporaryDirectory(prefix="warehouse-corpus-")  # removed at exit
        template = Path(holder.name) / "w.duckdb"
        _BUILT = (holder, template, _build(template, Path(holder.name)))
    _, template, results = _BUILT
    _copy(template, db)
    return copy.deepcopy(results)


def _copy(template: Path, db: Path) -> None:
    """Copy the template warehouse (database, WAL, stored files beside it) to ``db``."""
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(template, db)
    if Path(f"{template}.wal").exists():
        shutil.copy2(f"{template}.wal", f"{db}.wal")
    if (template.parent / "files").is_dir():
        shutil.copytree(template.parent / "files", db.parent / "files", dirs_exist_ok=True)


def _build(db: Path, tmp: Path) -> list:
    from conftest import add_user

    from warehouse.load import write_record
    from warehouse.registry import import_csv

    add_user(db, LOADER, "admin")
    csv_path = tmp / "agencies.csv"
    csv_path.write_text(AGENCIES_CSV, encoding="utf-8")
    with on_day(LOADED_ON):
        import_csv(csv_path, db=db, user=LOADER)
        return [
            write_record(rec, data, original_name=name, db=db, user=LOADER, received_at=at)
            for name, data, rec, at in corpus()
        ]
