"""Issue 14 (2/7), agency identity and the review queue: a report reaches an agency's figures only
through a confident match of its agency and period, or a person's decision.

Every case is a real DOCX written here with python-docx, extracted and loaded into a real DuckDB
warehouse whose registry holds several provinces (and Hà Nam's and Ninh Bình's "Sở Y tế" before
and after the 2025 merger).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx
import pytest
from conftest import add_user

from ingest.registry import MATCH_ACCEPT, Registry
from warehouse import db as wdb
from warehouse import load, queries, review
from warehouse.registry import import_csv

AGENCIES = """id,name,short_name,aliases,type,parent,province,valid_from,valid_to
hn-so-noi-vu,Sở Nội vụ,SNV,,department,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,2025-06-30
hn-so-y-te,Sở Y tế,SYT,,department,UBND tỉnh Hà Nam,Hà Nam,2000-01-01,2025-06-30
nd-so-y-te,Sở Y tế,SYT,,department,UBND tỉnh Nam Định,Nam Định,2000-01-01,2025-06-30
tb-so-y-te,Sở Y tế,SYT,,department,UBND tỉnh Thái Bình,Thái Bình,2000-01-01,2025-06-30
nb-so-y-te,Sở Y tế,SYT,,department,UBND tỉnh Ninh Bình,Ninh Bình,2025-07-01,
"""
EDITOR = "bientap"
PLACE = {"HÀ NAM": "Hà Nam", "NAM ĐỊNH": "Nam Định", "THÁI BÌNH": "Thái Bình"}


def report_docx(
    folder: str | Path,
    province: str,
    agency: str,
    year: int | None,
    posts: int,
    *,
    name: str | None = None,
) -> Path:
    """Write a yearly spokesperson report: "UBND TỈNH <province>" over "<agency>" in the header.

    ``year=None`` leaves the year out of the title: only the date line (2024) gives it, so the
    year and period are read with low confidence.
    """
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = f"UBND TỈNH {province}\n{agency}\nSố: 12/BC-SYT"
    table.cell(0, 1).text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        f"{PLACE.get(province, province.title())}, ngày 10 tháng 12 năm {year or 2024}"
    )
    d.add_paragraph("BÁO CÁO")
    period = f" năm {year}" if year else ""
    d.add_paragraph(f"Kết quả công tác phát ngôn và cung cấp thông tin cho báo chí{period}")
    d.add_paragraph(f"I. Người phát ngôn: Phó Giám đốc {agency[0]}{agency[1:].lower()}.")
    d.add_paragraph(
        f"II. Trong năm, cơ quan đã đăng tải {posts} tin, bài trên trang thông tin điện tử."
    )
    d.add_paragraph("III. Kiến nghị, đề xuất: Không.")
    name = name or f"{agency.lower().replace(' ', '-')}-{province.lower()}-{year or 'x'}.docx"
    path = Path(folder) / name
    d.save(path)
    return path


@pytest.fixture
def wh(tmp_path: Path) -> Path:
    """A warehouse with the several-province registry and an editor."""
    db = tmp_path / "wh" / "w.duckdb"
    add_user(db, "quantri", "admin")
    add_user(db, EDITOR, "editor")
    registry = tmp_path / "agencies.csv"
    registry.write_text(AGENCIES, encoding="utf-8")
    import_csv(registry, db=db, user="quantri")
    return db


def _load(db: Path, *paths: Path) -> list[load.LoadResult]:
    return load.load_paths(list(paths), db=db, user=EDITOR, workers=1)


def _current(db: Path) -> dict[tuple[str, int, str], str]:
    with wdb.connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT agency_id, year, period, id FROM reports WHERE is_current"
        ).fetchall()
    return {(a, y, p): rid for a, y, p, rid in rows}


def _facts(db: Path, report_id: str) -> tuple:
    with wdb.connect(db, read_only=True) as con:
        return con.execute(
            "SELECT posts_total, spokesperson_title FROM report_facts WHERE report_id = ?",
            [report_id],
        ).fetchone()


def test_so_ngoai_vu_not_in_registry_waits_and_leaves_so_noi_vu_alone(wh, tmp_path) -> None:
    """Issue 14: "Sở Ngoại vụ" matched "Sở Nội vụ" at 67 % and superseded its real report."""
    (real,) = _load(wh, report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", 2024, 354))
    assert real.outcome == "loaded" and real.agency == "hn-so-noi-vu"
    before = _facts(wh, real.report_id)
    assert before == (354, "Phó Giám đốc Sở nội vụ")

    (foreign,) = _load(wh, report_docx(tmp_path, "HÀ NAM", "SỞ NGOẠI VỤ", 2024, 97))
    assert foreign.outcome == "unmatched_agency"
    assert foreign.supersedes is None
    assert "Chưa khớp đơn vị" in foreign.message_vi and "Sở Nội vụ" in foreign.message_vi
    # Sở Nội vụ's report is still the current one, with its own figures and spokesperson.
    assert _current(wh)[("hn-so-noi-vu", 2024, "year")] == real.report_id
    assert _facts(wh, real.report_id) == before
    history = queries.agency_history(agency_id="hn-so-noi-vu", db=wh)
    assert history["report_id"].tolist() == [real.report_id]
    # It waits in the queue as "chưa khớp đơn vị", Sở Nội vụ offered with its (low) score.
    queue = queries.review_queue(db=wh)
    item = queue[queue["report_id"] == foreign.report_id].iloc[0]
    assert item["kind"] == "unmatched_agency"
    assert item["written"] and "Ngoại" in item["written"]
    (offered,) = item["candidates"]
    assert offered["id"] == "hn-so-noi-vu" and offered["score"] < MATCH_ACCEPT
    assert offered["province"] == "Hà Nam" and offered["valid_to"] == "2025-06-30"


def test_each_provinces_so_y_te_lands_on_its_own_agency(wh, tmp_path) -> None:
    """Issue 14: four provinces' "Sở Y tế" all landed on the first one the warehouse found."""
    results = _load(
        wh,
        *(
            report_docx(tmp_path, province, "SỞ Y TẾ", 2024, posts)
            for province, posts in (("HÀ NAM", 11), ("NAM ĐỊNH", 22), ("THÁI BÌNH", 33))
        ),
    )
    assert [(r.outcome, r.agency) for r in results] == [
        ("loaded", "hn-so-y-te"),
        ("loaded", "nd-so-y-te"),
        ("loaded", "tb-so-y-te"),
    ]
    current = _current(wh)
    posts = {
        a: _facts(wh, current[(a, 2024, "year")])[0]
        for a in ("hn", "nd", "tb")
        for a in [f"{a}-so-y-te"]
    }
    assert posts == {"hn-so-y-te": 11, "nd-so-y-te": 22, "tb-so-y-te": 33}


def test_merged_province_so_y_te_by_period(wh, tmp_path) -> None:
    """Hà Nam's Sở Y tế until 30/6/2025, Ninh Bình's from 1/7/2025, in one registry."""
    old, new = _load(
        wh,
        report_docx(tmp_path, "HÀ NAM", "SỞ Y TẾ", 2024, 40),
        report_docx(tmp_path, "NINH BÌNH", "SỞ Y TẾ", 2026, 60),
    )
    assert (old.outcome, old.agency, old.year) == ("loaded", "hn-so-y-te", 2024)
    assert (new.outcome, new.agency, new.year) == ("loaded", "nb-so-y-te", 2026)


def test_registry_candidates_follow_validity_and_province() -> None:
    import csv
    import io

    reg = Registry.from_rows(csv.DictReader(io.StringIO(AGENCIES)))
    from datetime import date

    # Province unknown: two provinces' Sở Y tế are equally good, so nobody is chosen.
    both = reg.resolve("Sở Y tế", on=date(2024, 12, 14))
    assert not both.confident and both.reason == "ambiguous"
    assert {c.id for c in both.candidates} == {"hn-so-y-te", "nd-so-y-te", "tb-so-y-te"}
    # With the province, only its own agency is a candidate; after the merger, Ninh Bình's.
    assert reg.resolve("SYT", on=date(2024, 12, 14), province="Thái Bình").registry_id == (
        "tb-so-y-te"
    )
    later = reg.resolve("Sở Y tế", on=date(2026, 12, 14), province="Ninh Bình")
    assert later.confident and [c.id for c in later.candidates] == ["nb-so-y-te"]
    # Abbreviations stay confident; a look-alike name does not.
    assert reg.resolve("Sở NV", on=date(2024, 12, 14), province="Hà Nam").confident is False
    assert reg.resolve("SNV", on=date(2024, 12, 14), province="Hà Nam").confident


def test_resubmission_with_unsure_period_waits_then_reviewer_decides(wh, tmp_path) -> None:
    (first,) = _load(wh, report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", 2024, 354))
    # Same agency, but the year only from the date line: not sure enough to replace by itself.
    (unsure,) = _load(wh, report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", None, 500))
    assert unsure.outcome == "possible_resubmission" and unsure.supersedes is None
    assert _current(wh)[("hn-so-noi-vu", 2024, "year")] == first.report_id
    queue = queries.review_queue(db=wh)
    item = queue[queue["report_id"] == unsure.report_id].iloc[0]
    assert item["kind"] == "possible_resubmission"
    assert item["related_report_id"] == first.report_id
    both = queries.compare_versions(current_id=first.report_id, new_id=unsure.report_id, db=wh)
    posts = both[both["field"] == "posts_total"].iloc[0]
    assert (posts["current"], posts["new"], posts["differs"]) == (354, 500, True)

    # Keep: the current stays, the new one stays stored, not current; audited.
    kept = review.decide_resubmission(report_id=unsure.report_id, replace=False, user=EDITOR, db=wh)
    assert kept == first.report_id
    assert _current(wh)[("hn-so-noi-vu", 2024, "year")] == first.report_id
    assert unsure.report_id not in queries.review_queue(db=wh)["report_id"].tolist()

    # A third copy, unsure again; this time the reviewer replaces.
    (again,) = _load(
        wh, report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", None, 600, name="snv-lan-3.docx")
    )
    assert again.outcome == "possible_resubmission"
    assert (
        review.decide_resubmission(report_id=again.report_id, replace=True, user=EDITOR, db=wh)
        == again.report_id
    )
    assert _current(wh)[("hn-so-noi-vu", 2024, "year")] == again.report_id
    assert _facts(wh, again.report_id)[0] == 600
    with wdb.connect(wh, read_only=True) as con:
        actions = con.execute(
            "SELECT action, \"user\", target FROM audit WHERE action LIKE '%_version' ORDER BY id"
        ).fetchall()
    assert actions == [
        ("keep_version", EDITOR, unsure.report_id),
        ("replace_version", EDITOR, again.report_id),
    ]


def test_queue_order_non_reports_apart_and_confirmation_stamp(wh, tmp_path) -> None:
    memo = tmp_path / "to-trinh.docx"
    d = docx.Document()
    d.add_paragraph("TỜ TRÌNH")
    d.add_paragraph("Về việc đề nghị phê duyệt kế hoạch tổ chức hội nghị năm 2024")
    d.add_paragraph("Kính trình UBND tỉnh xem xét, phê duyệt.")
    d.save(memo)
    _, memo_res, foreign, unsure = _load(
        wh,
        report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", 2024, 354),
        memo,
        report_docx(tmp_path, "HÀ NAM", "SỞ NGOẠI VỤ", 2024, 97),
        report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", None, 500),
    )
    assert memo_res.outcome == "not_a_report"
    # A low-confidence report of another agency, loaded last (newest).
    (low,) = _load(wh, report_docx(tmp_path, "THÁI BÌNH", "SỞ Y TẾ", None, 5))
    assert low.outcome == "loaded" and low.status == "needs_review"

    queue = queries.review_queue(db=wh)
    kinds = queue["kind"].tolist()
    # Decisions about agency or version first, the most doubtful (lowest confidence: the
    # resubmission's derived monthly average, 0.47, below the match score 0.65) first; then low
    # confidence, though the newest.
    assert kinds == ["possible_resubmission", "unmatched_agency", "needs_review"]
    assert queue["report_id"].tolist() == [unsure.report_id, foreign.report_id, low.report_id]
    assert queue["confidence"].iloc[0] < queue["confidence"].iloc[1]
    refused = queries.refused_files(db=wh)
    assert refused["original_name"].tolist() == ["to-trinh.docx"]
    assert "not_a_report" not in kinds

    assert queries.confirmation(report_id=low.report_id, db=wh) is None
    review.confirm_report(report_id=low.report_id, user=EDITOR, db=wh)
    who, at = queries.confirmation(report_id=low.report_id, db=wh)
    assert who == EDITOR and abs((datetime.now() - at).total_seconds()) < 60
    assert low.report_id not in queries.review_queue(db=wh)["report_id"].tolist()


def test_assigning_an_unmatched_report_is_a_persons_decision(wh, tmp_path) -> None:
    (real,) = _load(wh, report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", 2024, 354))
    (foreign,) = _load(wh, report_docx(tmp_path, "HÀ NAM", "SỞ NGOẠI VỤ", 2024, 97))
    # An import of a registry that still lacks Sở Ngoại vụ places nothing: the look-alike name is
    # not confident enough for the machine.
    assert review.rematch_unmatched(db=wh, user="quantri") == []
    assert _current(wh)[("hn-so-noi-vu", 2024, "year")] == real.report_id
    item = queries.review_queue(db=wh).iloc[0]
    new_id = review.assign_report(
        report_id=foreign.report_id, agency_id=item["candidates"][0]["id"], user=EDITOR, db=wh
    )
    assert _current(wh)[("hn-so-noi-vu", 2024, "year")] == new_id
    with wdb.connect(wh, read_only=True) as con:
        (user,) = con.execute(
            "SELECT \"user\" FROM audit WHERE action = 'assign_agency' AND target = ?", [new_id]
        ).fetchone()
    assert user == EDITOR


def test_the_load_summary_counts_a_possible_resubmission(wh, tmp_path, capsys) -> None:
    """``python -m warehouse load`` counts every outcome, "possible_resubmission" included."""
    from warehouse.__main__ import main

    first = report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", 2024, 354)
    unsure = report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", None, 500)
    foreign = report_docx(tmp_path, "HÀ NAM", "SỞ NGOẠI VỤ", 2024, 97)
    args = ["--db", str(wh), "--workers", "1", "--user", EDITOR]
    assert main(["load", str(first), *args]) == 0
    capsys.readouterr()
    assert main(["load", str(unsure), str(foreign), str(first), *args]) == 0
    *lines, summary = capsys.readouterr().out.splitlines()
    assert [ln.split(" | ")[1] for ln in lines] == [
        "possible_resubmission",
        "unmatched_agency",
        "duplicate",
    ]
    assert summary == ("3 file(s): duplicate=1, unmatched_agency=1, possible_resubmission=1")


def _with_alt_chunk(path: Path) -> Path:
    """Add an embedded HTML part (w:altChunk, as Word writes a pasted web table) to a report."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    d = docx.Document(str(path))
    html = "<html><body><table><tr><td>Tin, bài quý IV: 120</td></tr></table></body></html>"
    part = Part(PackURI("/word/afchunk.htm"), "text/html", html.encode(), d.part.package)
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), d.part.relate_to(part, RT.A_F_CHUNK))
    d.element.body.insert(len(d.element.body) - 1, chunk)  # before the section properties
    d.save(path)
    return path


def test_an_ok_report_with_an_unread_part_waits_for_a_person(wh, tmp_path) -> None:
    """The reader could not read an embedded HTML part: its figures may be in it, so the report
    is queued ("reader_warning") though every value it read looks fine."""
    path = _with_alt_chunk(report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", 2024, 354))
    (res,) = _load(wh, path)
    assert (res.outcome, res.status) == ("loaded", "ok")
    assert "có phần nhúng (HTML/RTF) không đọc được" in res.message_vi
    queue = queries.review_queue(db=wh)
    (item,) = queue[queue["report_id"] == res.report_id].to_dict("records")
    assert item["kind"] == "reader_warning"
    assert item["message"] == (
        "Cần kiểm tra lại số liệu với tệp gốc: có phần nhúng (HTML/RTF) không đọc được."
    )
    # Confirming the report after checking the file clears it.
    review.confirm_report(report_id=res.report_id, user=EDITOR, db=wh)
    assert res.report_id not in queries.review_queue(db=wh)["report_id"].tolist()


def test_an_ok_report_without_doubtful_warnings_is_not_queued(wh, tmp_path) -> None:
    (res,) = _load(wh, report_docx(tmp_path, "HÀ NAM", "SỞ NỘI VỤ", 2024, 354))
    assert (res.outcome, res.status) == ("loaded", "ok")
    assert res.report_id not in queries.review_queue(db=wh)["report_id"].tolist()


@pytest.mark.parametrize(
    ("warning", "needs_person"),
    [
        ("OCR used for page(s) 1, 2: no text layer", True),
        ("text read by OCR from 3 image(s) pasted in the document", True),
        ("2 page(s) without a usable text layer skipped: no OCR available", True),
        ("altChunk (embedded HTML/RTF part) not read", True),
        ("footer part word/footer1.xml is missing from the package", True),
        ("embedded image media/image2.png not decoded (truncated); skipped", True),
        ("digital signature stamp on page 2 set aside: Ký bởi: Sở Nội vụ", False),
        ("embedded image media/image1.png too small to be a page; skipped", False),
    ],
)
def test_which_reader_warnings_need_a_person(warning: str, needs_person: bool) -> None:
    assert bool(load.warnings_for_review([warning])) is needs_person


def test_a_registry_name_carrying_its_province_matches_the_letterhead_without_it() -> None:
    """ "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP" under "UBND TỈNH BÌNH DƯƠNG" is the registry's "Ban Quản
    lý các khu công nghiệp Bình Dương"; under another province's line it is not."""
    import csv
    import io
    from datetime import date

    rows = (
        "id,name,short_name,aliases,type,parent,province,valid_from,valid_to\n"
        "bd-bql,Ban Quản lý các khu công nghiệp Bình Dương,,,department,,Bình Dương,2008-01-01,\n"
        "hn-bql,Ban Quản lý các khu công nghiệp Hà Nam,,,department,,Hà Nam,2008-01-01,\n"
    )
    reg = Registry.from_rows(csv.DictReader(io.StringIO(rows)))
    on = date(2023, 3, 31)
    got = reg.match("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", on=on, province="Bình Dương")
    assert got is not None and got.agency.id == "bd-bql" and got.score >= MATCH_ACCEPT
    resolved = reg.resolve("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", on=on, province="Bình Dương")
    assert resolved.confident and resolved.registry_id == "bd-bql"
    other = reg.match("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", on=on, province="Đồng Nai")
    assert other is None or other.score < MATCH_ACCEPT


@pytest.mark.parametrize(
    ("registry_name", "province"),
    [
        ("Ban Quản lý các Khu chế xuất và công nghiệp Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("Ban Quản lý các khu công nghiệp tỉnh Bình Dương", "Bình Dương"),
    ],
)
def test_a_registry_name_carrying_tinh_or_thanh_pho_matches_the_letterhead(
    registry_name: str, province: str
) -> None:
    """The registry may write the province with its kind ("tỉnh …", "Thành phố …")."""
    import csv
    import io
    from datetime import date

    rows = (
        "id,name,short_name,aliases,type,parent,province,valid_from,valid_to\n"
        f"bql,{registry_name},,,department,,{province},2008-01-01,\n"
    )
    reg = Registry.from_rows(csv.DictReader(io.StringIO(rows)))
    letterhead = registry_name.rsplit(" tỉnh ", 1)[0].rsplit(" Thành phố ", 1)[0].upper()
    got = reg.match(letterhead, on=date(2026, 12, 31), province=province)
    assert got is not None and got.agency.id == "bql" and got.score >= MATCH_ACCEPT
