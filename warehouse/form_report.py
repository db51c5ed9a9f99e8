"""The province's own documents of a Decree 244 season.

- The Điều 10 report (Nghị định 244/2026/NĐ-CP): UBND tỉnh reports to Bộ Văn hóa, Thể thao và Du
  lịch on the national form, before 20 December, for 15/12 of the previous year to 14/12. The
  department drafts it (``form_report_docx``: the form filled with the province's figures, section
  II built from the agencies' difficulties and recommendations, grouped and merged by
  ``warehouse.remarks``) with an XLSX annex of one row per
  reporting unit (``form_annex_xlsx``).
- The reminder dispatch (công văn đôn đốc, ``reminder_docx``) from the department in office to the
  units that have not reported (``queries.units_to_remind``, shown on screen and listed in the
  dispatch with their contact: spokesperson, phone, e-mail).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from openpyxl import Workbook

from ingest.errors import ReportsError
from ingest.periods import form_window, under_form
from ingest.record import FIELD_LABELS
from warehouse import queries
from warehouse.db import DbPath
from warehouse.export import (
    form_value_headers,
    form_values,
    number_text,
    percent_text,
    workbook_bytes,
    write_sheet,
)
from warehouse.labels import (
    AGENCY_TYPE_LABELS,
    COMPLETENESS_LABELS,
    FORM_RATIO_LABELS,
    NO_CONTACT,
    timeliness_label,
)
from warehouse.locks import lock_line, period_lock
from warehouse.official_docx import OfficialDocument, Signer
from warehouse.registry import today as clock_today
from warehouse.remarks import FORM_ADDRESSEES, Remark, merge_similar, split_items
from warehouse.rules import Issuer, load_config

DECREE = "Nghị định số 244/2026/NĐ-CP ngày 26/6/2026 của Chính phủ"
SUBJECT = "kết quả thực hiện công tác phát ngôn và cung cấp thông tin cho báo chí"
ANNEX_SHEET = "Phụ lục đơn vị"
PROVINCE_ROW = "Toàn tỉnh"


class NotUnderForm(ReportsError):
    user_message = "Năm này chưa áp dụng mẫu báo cáo theo Nghị định 244/2026/NĐ-CP."


def incomplete_banner(received: int, expected: int) -> str | None:
    """Return the "not yet complete" line while reporters are missing, else None."""
    if received >= expected:
        return None
    return f"Chưa đủ báo cáo: {received}/{expected} đơn vị đã nộp"


# --------------------------------------------------------------------------- section II


def section_two(remarks: pd.DataFrame) -> tuple[list[Remark], list[tuple[str, list[Remark]]]]:
    """Return section II from ``queries.form_remarks``: the difficulties de-duplicated, and the
    recommendations grouped by addressee (FORM_ADDRESSEES order, then the others), de-duplicated."""
    limits = remarks[remarks["kind"] == "limitation"]
    difficulties = merge_similar(
        (r.agency, item) for r in limits.itertuples() for item in split_items(r.text)
    )
    asked = remarks[remarks["kind"] == "recommendation"]
    return difficulties, FORM_ADDRESSEES.group(zip(asked["agency"], asked["text"], strict=True))


# --------------------------------------------------------------------------- the form's figures


@dataclass(frozen=True)
class FormItem:
    """One line of section I: its number, label, the province's figure and how many reports."""

    number: int
    label: str
    value: str
    note: str


@dataclass(frozen=True)
class ProvinceForm:
    """What the province's Điều 10 report says for one year."""

    year: int
    issuer: Issuer
    expected: int
    received: int
    missing: tuple[str, ...]
    items: tuple[FormItem, ...]
    difficulties: tuple[Remark, ...]
    recommendations: tuple[tuple[str, tuple[Remark, ...]], ...]

    @property
    def banner(self) -> str | None:
        """Return "Chưa đủ báo cáo: N/M đơn vị đã nộp" while reporters are missing."""
        return incomplete_banner(self.received, self.expected)


def _ratio_label(top: str, bottom: str) -> str:
    return FORM_RATIO_LABELS.get(top) or f"{FIELD_LABELS[top]}/{FIELD_LABELS[bottom]}"


def _form_items(table: pd.DataFrame, indicators: pd.DataFrame) -> list[FormItem]:
    """Return section I: press conferences held (the sum stated), then the form's indicators
    (queries.FORM_LAYOUT): counts summed where stated, ratios over the reports stating both."""
    totals = queries.form_totals(indicators)
    held = table.loc[table["report_id"].notna(), "press_conferences"].dropna()
    items = [
        FormItem(
            1,
            FIELD_LABELS["press_conferences"],
            number_text(held.sum()) if len(held) else "–",
            f"{len(held)} báo cáo nêu",
        )
    ]
    for number, terms in enumerate(queries.FORM_LAYOUT, start=2):
        if len(terms) == 1:
            stated = int(indicators[terms[0]].notna().sum())
            value = number_text(totals[terms[0]]) if totals[terms[0]] is not None else "–"
            items.append(FormItem(number, FIELD_LABELS[terms[0]], value, f"{stated} báo cáo nêu"))
            continue
        top, bottom = terms
        part, whole = totals[top], totals[bottom]
        value = "–" if part is None else f"{number_text(part)}/{number_text(whole)}"
        if part is not None and whole:
            value += f" ({percent_text(part / whole)})"
        note = f"{totals[f'{top}_reports']} báo cáo nêu đủ hai số liệu"
        items.append(FormItem(number, _ratio_label(top, bottom), value, note))
    return items


def province_form(*, year: int, db: DbPath = None) -> ProvinceForm:
    """Return the province's Điều 10 report of a year under Decree 244 (NotUnderForm before)."""
    if not under_form(year):
        raise NotUnderForm(f"year {year} is before Decree 244/2026")
    summary = queries.completeness_summary(year=year, db=db)
    comp = queries.completeness(year=year, db=db)
    table = queries.compliance_table(year=year, db=db)
    indicators = queries.form_indicators(year=year, db=db)
    difficulties, recommendations = section_two(queries.form_remarks(year=year, db=db))
    return ProvinceForm(
        year=year,
        issuer=load_config().issuer_for(year),
        expected=summary["expected"],
        received=summary["received"],
        missing=tuple(sorted(comp.loc[comp["status"] == "missing", "agency"])),
        items=tuple(_form_items(table, indicators)),
        difficulties=tuple(difficulties),
        recommendations=tuple((h, tuple(items)) for h, items in recommendations),
    )


# Who signs the province's report: the chairman on the committee's behalf.
COMMITTEE_SIGNER = Signer(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))


def form_report_docx(
    *, year: int, db: DbPath = None, today: date | None = None, signer: Signer | None = None
) -> bytes:
    """Return the draft of the province's Điều 10 report (NĐ 30/2020 layout) for UBND tỉnh to
    sign: the form's section I filled with the province's figures, section II from the units'
    difficulties and recommendations, and a "not yet complete" line while units are missing;
    ``signer``: default the committee's chairman, name left blank."""
    form = province_form(year=year, db=db)
    cfg, issuer = load_config().report, form.issuer
    today = today or clock_today()
    start, end = form_window(year)
    doc = OfficialDocument()
    doc.header(
        [(issuer.committee[0], True, False), (issuer.committee[1], True, False)],
        "BC-UBND",
        place=issuer.place,
        year=today.year,
    )
    if form.banner:
        doc.para(f"DỰ THẢO – {form.banner}", bold=True, italic=True, center=True)
    doc.title("BÁO CÁO", f"{SUBJECT[0].upper()}{SUBJECT[1:]} năm {year}")
    doc.para(lock_line(period_lock(year=year, period="year", db=db)), italic=True, center=True)
    doc.para(
        f"Kính gửi: {cfg.get('form_recipient', 'Bộ Văn hóa, Thể thao và Du lịch')}.", center=True
    )
    committee = f"Ủy ban nhân dân tỉnh {issuer.province}"
    doc.para(
        f"Thực hiện Điều 10 {DECREE}, {committee} báo cáo {SUBJECT} năm {year} (số liệu từ ngày "
        f"{start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}), tổng hợp từ báo cáo của {form.received}/"
        f"{form.expected} cơ quan, đơn vị, như sau:"
    )
    doc.heading("I. SỐ LIỆU")
    doc.table(
        ["STT", "Nội dung", "Kết quả", "Ghi chú"],
        [[f"({i.number})", i.label, i.value, i.note] for i in form.items],
        (1.3, 7.7, 3.2, 3.8),
    )
    if form.missing:
        doc.para("Các cơ quan, đơn vị chưa gửi báo cáo: " + ", ".join(form.missing) + ".")
    doc.heading("II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ")
    doc.para("1. Khó khăn, vướng mắc", bold=True)
    for remark in form.difficulties:
        doc.para(f"- {remark.line}")
    if not form.difficulties:
        doc.para("Các cơ quan, đơn vị không nêu khó khăn, vướng mắc.")
    doc.para("2. Đề xuất, kiến nghị", bold=True)
    for letter, (heading, remarks) in zip("abcdefgh", form.recommendations, strict=False):
        doc.para(f"{letter}) {heading}:", italic=True)
        for remark in remarks:
            doc.para(f"- {remark.line}")
    if not form.recommendations:
        doc.para("Các cơ quan, đơn vị không có đề xuất, kiến nghị.")
    doc.para(f"{committee} trân trọng báo cáo./.")
    doc.closing(cfg.get("form_recipients", ["Lưu: VT."]), signer or COMMITTEE_SIGNER)
    return doc.bytes()


def form_annex_xlsx(*, year: int, db: DbPath = None) -> bytes:
    """Return the annex of the Điều 10 report: one row per expected unit (its status, press
    conferences and the form's indicators; "Chưa nộp" rows without figures), then the province."""
    if not under_form(year):
        raise NotUnderForm(f"year {year} is before Decree 244/2026")
    comp = queries.completeness(year=year, db=db).sort_values("agency", kind="stable")
    table = queries.compliance_table(year=year, db=db).set_index("agency_id")
    indicators = queries.form_indicators(year=year, db=db)
    stated = indicators.set_index("agency_id").to_dict("index")
    headers = ["STT", "Đơn vị", "Loại đơn vị", "Tình trạng", "Ngày đến"]
    headers += [FIELD_LABELS["press_conferences"], *form_value_headers()]
    rows = []
    for i, r in enumerate(comp.itertuples(), start=1):
        sent = r.status != "missing"
        status = (
            timeliness_label(r.timeliness, None if pd.isna(r.days) else int(r.days))
            if sent
            else COMPLETENESS_LABELS["missing"]
        )
        held = table["press_conferences"].get(r.agency_id) if sent else None
        values = form_values(stated.get(r.agency_id, {}))
        kind = AGENCY_TYPE_LABELS.get(r.agency_type, r.agency_type)
        rows.append([i, r.agency, kind, status, r.arrived_on, held, *values])
    held = table.loc[table["report_id"].notna(), "press_conferences"].dropna()
    totals = queries.form_totals(indicators)
    province = [None, PROVINCE_ROW, None, None, None, held.sum() if len(held) else None]
    rows.append(province + form_values(totals))
    formats = {5: "dd/mm/yyyy"} | {
        j: "0.0%" for j, h in enumerate(headers, 1) if h.startswith("Tỷ lệ")
    }
    wb = Workbook()
    wb.remove(wb.active)
    write_sheet(wb, ANNEX_SHEET, headers, rows, formats)
    return workbook_bytes(wb)


# --------------------------------------------------------------------------- the reminder


def reminder_subject(year: int) -> str:
    """Return the dispatch's subject line ("V/v đôn đốc gửi báo cáo … năm <y>")."""
    return f"V/v đôn đốc gửi báo cáo {SUBJECT} năm {year}"


REMINDER_HEADERS = ("STT", "Đơn vị", "Người phát ngôn", "Điện thoại", "Thư điện tử")


def _known(value: object) -> str | None:
    return None if value is None or pd.isna(value) or not str(value).strip() else str(value)


def reminder_rows(units: pd.DataFrame) -> list[list[object]]:
    """Return the dispatch's list from ``queries.units_to_remind``: number, unit, spokesperson
    ("name (title)" from its latest report), phone and e-mail (the registry's), "chưa có" for
    what no report or registry row gives."""
    rows: list[list[object]] = []
    for i, r in enumerate(units.itertuples(), start=1):
        name, title = _known(r.spokesperson_name), _known(r.spokesperson_title)
        person = f"{name} ({title})" if name and title else name or title
        contacts = (person, _known(r.phone), _known(r.email))
        rows.append([i, r.agency, *(c or NO_CONTACT for c in contacts)])
    return rows


def reminder_docx(
    *,
    year: int,
    period: str = "year",
    db: DbPath = None,
    today: date | None = None,
    signer: Signer | None = None,
) -> bytes:
    """Return the reminder dispatch (công văn đôn đốc) from the department in office for the
    period to the units that have not reported: the deadline and the list of units with their
    contacts (``reminder_rows``); ``signer``: default the department's head, name blank."""
    today = today or clock_today()
    config = load_config()
    issuer = config.issuer_for(year, period)
    rows = queries.units_to_remind(year=year, period=period, db=db, on=today)
    deadline = config.deadline(year, period)
    doc = OfficialDocument()
    doc.department_header(
        issuer, issuer.dispatch_suffix, year=today.year, subject=reminder_subject(year)
    )
    doc.para("Kính gửi: Các cơ quan, đơn vị có tên tại danh sách dưới đây.", center=True)
    basis = f"Điều 10 {DECREE}" if under_form(year) else "quy định của Ủy ban nhân dân tỉnh"
    due = f" (hạn gửi: ngày {deadline:%d/%m/%Y})" if deadline else ""
    doc.para(
        f"Thực hiện {basis}, các cơ quan, đơn vị gửi báo cáo {SUBJECT} năm {year} về "
        f"{issuer.name}{due} để tổng hợp, báo cáo."
    )
    doc.para(
        f"Đến ngày {today:%d/%m/%Y}, {issuer.name} chưa nhận được báo cáo của {len(rows)} cơ "
        "quan, đơn vị sau:"
    )
    doc.table(REMINDER_HEADERS, reminder_rows(rows), (1.2, 5.0, 3.8, 2.8, 3.2))
    if deadline and today <= deadline:
        when = f"chậm nhất ngày {deadline:%d/%m/%Y}"
    else:
        when = "ngay trong thời gian sớm nhất" + (
            f" (đã quá hạn ngày {deadline:%d/%m/%Y})" if deadline else ""
        )
    doc.para(
        f"{issuer.name} đề nghị các cơ quan, đơn vị khẩn trương hoàn thành và gửi báo cáo "
        f"{when}, để tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định./."
    )
    signer = signer or Signer((issuer.signer_title,))
    doc.closing(["Như trên;", "Lãnh đạo Sở;", "Lưu: VT."], signer)
    return doc.bytes()
