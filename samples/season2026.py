"""The 2026 season of tỉnh Ninh Bình: its registry rows and its reports on the Decree 244 form.

Since 1/7/2025 Hà Nam, Nam Định and Ninh Bình are tỉnh Ninh Bình (code 37), with 129 commune-level
units and no district level. Its commune-level units come from the national list of the
``vietnam-provinces`` package (never typed by hand); its departments are listed here. The reports
cover the Decree 244/2026/NĐ-CP window (15/12/2025 to 14/12/2026) and are written on its form:
as the form's table, line by line, in prose, or in an annex after the signature.

The truth is computed from the facts a report is rendered from, never read back. Form counts are
kept per item of the form, (numerator, denominator) for the ratios, and written under the field
names the field table gives them (``ingest.record``), so a field added there is written here.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ingest.periods import MONTHS, form_window
from ingest.record import ALL_FIELDS, FIELD_NAMES, FORM_FIELDS, SPECS
from samples.docx_writer import Block, PageBreak, Para, Table, p
from samples.numbers import pad, round1
from warehouse import units as units_module

YEAR = 2026
PROVINCE = "Ninh Bình"
PROVINCE_CODE = 37
PARENT = "UBND tỉnh Ninh Bình"
VALID_FROM = "2025-07-01"
RECEIVER = "Sở Văn hóa, Thể thao và Du lịch"
# Agencies' reports are due on Friday 4/12/2026 (warehouse/rules.toml), two weeks before UBND tỉnh's
# Điều 10 report to the ministry (before 20/12); the season is seen on Sunday 6/12/2026.
DEADLINE = dt.date(2026, 12, 4)
VIEW_DAY = dt.date(2026, 12, 6)

# The form's items (Decree 244/2026/NĐ-CP, annex, part I) and the field each is stored under: a
# ratio is its numerator field; the field table names the denominator (FieldSpec.ratio_of).
FORM_ITEMS: tuple[tuple[int, str, str], ...] = (
    (1, "press_conferences", "Số cuộc họp báo đã tổ chức"),
    (2, "briefings", "Số lần chủ động cung cấp thông tin tại giao ban báo chí"),
    (3, "press_requests_answered", "Số lượt trả lời báo chí / tổng số đề nghị của báo chí"),
    (4, "incidents_spoken", "Số vụ việc đột xuất, bất thường đã phát ngôn / tổng số vụ việc"),
    (5, "answers_on_time", "Số vụ việc phát ngôn đúng thời hạn / tổng số có áp dụng thời hạn"),
    (
        6,
        "correction_requests",
        "Số vụ việc có văn bản phản hồi, yêu cầu cải chính / tổng số vụ việc",
    ),
)

# (id suffix, name, short name, aliases, type). Ids are "ninh-binh-<suffix>": Hà Nam's bodies of the
# same name stay as history with their own ids (valid to 2025-06-30 at the latest).
DEPARTMENTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # (suffix, name, short name, caps line(s) of the letterhead, document symbol, type)
    (
        "so-van-hoa-the-thao-va-du-lich",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở VHTTDL",
        "SỞ VĂN HÓA, THỂ THAO|VÀ DU LỊCH",
        "SVHTTDL",
        "department",
    ),
    (
        "so-khoa-hoc-va-cong-nghe",
        "Sở Khoa học và Công nghệ",
        "Sở KH&CN",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "SKHCN",
        "department",
    ),
    ("so-tai-chinh", "Sở Tài chính", "STC", "SỞ TÀI CHÍNH", "STC", "department"),
    ("so-noi-vu", "Sở Nội vụ", "SNV", "SỞ NỘI VỤ", "SNV", "department"),
    (
        "so-nong-nghiep-va-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        "Sở NN&MT",
        "SỞ NÔNG NGHIỆP|VÀ MÔI TRƯỜNG",
        "SNNMT",
        "department",
    ),
    ("so-y-te", "Sở Y tế", "SYT", "SỞ Y TẾ", "SYT", "department"),
    (
        "so-giao-duc-va-dao-tao",
        "Sở Giáo dục và Đào tạo",
        "Sở GD&ĐT",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "SGDĐT",
        "department",
    ),
    ("so-tu-phap", "Sở Tư pháp", "STP", "SỞ TƯ PHÁP", "STP", "department"),
    ("so-cong-thuong", "Sở Công Thương", "SCT", "SỞ CÔNG THƯƠNG", "SCT", "department"),
    ("so-xay-dung", "Sở Xây dựng", "SXD", "SỞ XÂY DỰNG", "SXD", "department"),
    ("thanh-tra-tinh", "Thanh tra tỉnh", "TTr", "THANH TRA TỈNH", "TTr", "department"),
    (
        "van-phong-ubnd-tinh",
        "Văn phòng UBND tỉnh",
        "VP UBND tỉnh",
        "VĂN PHÒNG",
        "VP",
        "department",
    ),
    (
        "ban-quan-ly-cac-khu-cong-nghiep",
        "Ban Quản lý các khu công nghiệp",
        "BQL các KCN",
        "BAN QUẢN LÝ|CÁC KHU CÔNG NGHIỆP",
        "BQLKCN",
        "other",
    ),
)
_DEPT_ALIASES = {
    "so-van-hoa-the-thao-va-du-lich": "Sở VHTTDL;Sở VH-TT&DL;Sở Văn hoá, Thể thao và Du lịch",
    "so-khoa-hoc-va-cong-nghe": "Sở KH&CN;Sở KHCN",
    "so-nong-nghiep-va-moi-truong": "Sở NN&MT;Sở NNMT",
    "so-giao-duc-va-dao-tao": "Sở GD&ĐT;Sở GDĐT",
    "van-phong-ubnd-tinh": "Văn phòng Ủy ban nhân dân tỉnh;VP UBND tỉnh",
    "ban-quan-ly-cac-khu-cong-nghiep": "Ban Quản lý các KCN;BQL các KCN",
}


@dataclass(frozen=True)
class Unit:
    """A reporting unit of the 2026 season, as its letterhead and the registry name it."""

    id: str
    name: str  # canonical registry name
    kind: str  # department | other | commune
    caps: tuple[str, ...]  # own lines of the letterhead
    symbol: str  # "SYT" in "BC-SYT"; "UBND" for a commune
    place: str  # place of the place-date line
    division: str = ""  # xã | phường | đặc khu (communes)
    short: str = ""  # "Gia Viễn" (communes)


def commune_rows() -> list[dict[str, str]]:
    """Return tỉnh Ninh Bình's commune-level units as registry CSV rows, in code order: the rows
    the app's own import (warehouse.units) writes, from the national list."""
    rows = sorted(units_module.registry_rows(units_module.province(PROVINCE)), key=_code)
    return [_csv_row(r) for r in rows]


def _code(row: dict) -> int:
    return int(row["code"])


def _csv_row(row: dict) -> dict[str, str]:
    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return ";".join(str(v) for v in value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    return {k: text(v) for k, v in row.items()}


def department_rows() -> list[dict[str, str]]:
    """Return the registry rows of Ninh Bình's departments and other provincial bodies."""
    rows = []
    for suffix, name, short, _caps, _sym, kind in DEPARTMENTS:
        of_province = f"{name} {PROVINCE}" if name.endswith("tỉnh") else f"{name} tỉnh {PROVINCE}"
        aliases = [of_province, *_DEPT_ALIASES.get(suffix, "").split(";")]
        rows.append(
            {
                "id": f"ninh-binh-{suffix}",
                "name": name,
                "short_name": short,
                "aliases": ";".join(a for a in aliases if a),
                "type": kind,
                "parent": PARENT,
                "province": PROVINCE,
                "valid_from": VALID_FROM,
                "valid_to": "",
            }
        )
    return rows


def registry_rows() -> list[dict[str, str]]:
    """Return every registry row of tỉnh Ninh Bình: departments, then communes by code."""
    return department_rows() + commune_rows()


def units() -> dict[str, Unit]:
    """Return the 2026 reporting units by registry id."""
    out: dict[str, Unit] = {}
    for suffix, name, _short, caps, sym, kind in DEPARTMENTS:
        uid = f"ninh-binh-{suffix}"
        out[uid] = Unit(uid, name, kind, tuple(caps.split("|")), sym, PROVINCE)
    for row in commune_rows():
        division, short = row["name"].removeprefix("UBND ").split(" ", 1)
        if row["name"].startswith("UBND đặc khu "):
            division, short = "đặc khu", row["name"].removeprefix("UBND đặc khu ")
        caps = (f"{division.upper()} {short.upper()}",)
        out[row["id"]] = Unit(
            row["id"], row["name"], "commune", caps, "UBND", short, division, short
        )
    return out


# --------------------------------------------------------------------------- facts


@dataclass
class FormFacts:
    """Everything one 2026 report states; its truth is computed from these."""

    unit: Unit
    number: int | None
    date: dt.date
    layout: str  # table | lines | prose | annex
    ratio_style: str  # slash | tren | trong
    window_in: str  # title | opening
    spokesperson: tuple[str, str, str, str] | None  # (honorific, name, title, phone)
    email: str | None
    # form item -> count (items 1, 2) or (numerator, denominator); None: the report is silent
    items: dict[int, int | tuple[int, int] | None]
    posts_total: int | None
    outlets: list[str] | None
    difficulties: str | None
    recommendations: list[str] | None
    training_topics: list[str] = field(default_factory=list)

    def report_number(self) -> str | None:
        return None if self.number is None else f"{self.number}/BC-{self.unit.symbol}"

    def form_values(self) -> dict[str, int | None]:
        """Return the form's counts under their field names (denominators via the field table)."""
        out: dict[str, int | None] = {}
        for item, name, _label in FORM_ITEMS:
            value = self.items.get(item)
            den = SPECS[name].ratio_of if name in SPECS else None
            if isinstance(value, tuple):
                out[name] = value[0]
                if den:
                    out[den] = value[1]
            else:
                out[name] = value
                if den:
                    out[den] = None
        return out

    def truth(self) -> dict:
        """Return the truth JSON: the CLI's fields, and the form's while they are not CLI keys."""
        posts_ppm = round1(self.posts_total / MONTHS["year"]) if self.posts_total else None
        sp = self.spokesperson
        values = {
            "agency": self.unit.name,
            "province": PROVINCE,
            "year": YEAR,
            "period": "year",
            "report_number": self.report_number(),
            "report_date": self.date.isoformat(),
            "spokesperson_name": sp[1] if sp else None,
            "spokesperson_title": sp[2] if sp else None,
            "posts_total": self.posts_total,
            "posts_per_month": posts_ppm,
            "outlets": list(self.outlets) if self.outlets is not None else None,
            "recommendations": (
                list(self.recommendations) if self.recommendations is not None else None
            ),
            "training_requested": bool(self.training_topics),
            "training_topics": sorted(set(self.training_topics)),
            "strengths": None,
            "limitations": self.difficulties,
            **self.form_values(),
        }
        keys = [n for n in ALL_FIELDS if n in FIELD_NAMES or n in FORM_FIELDS]
        t: dict = {"doc_type": "report"}
        for n in keys:
            t[n] = values.get(n)
            if n == "posts_per_month":
                t["posts_per_month_derived"] = self.posts_total is not None
        return t


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đinh", "Bùi", "Đỗ", "Ngô", "Mai", "Tạ"]
MIDDLE = ["Văn", "Đức", "Quang", "Minh", "Thị", "Hữu", "Thanh", "Ngọc", "Xuân"]
GIVEN = ["Hùng", "Lan", "Phương", "Tuấn", "Hà", "Bình", "Dũng", "Thảo", "Sơn", "Hương", "Khánh"]
HEAD_TITLES = {
    "ninh-binh-thanh-tra-tinh": "Chánh Thanh tra tỉnh",
    "ninh-binh-van-phong-ubnd-tinh": "Chánh Văn phòng UBND tỉnh",
    "ninh-binh-ban-quan-ly-cac-khu-cong-nghiep": "Trưởng Ban Quản lý các khu công nghiệp",
}


def head_title(unit: Unit) -> str:
    """Return the title of the unit's head ("Giám đốc Sở", "Chủ tịch UBND phường")."""
    if unit.kind == "commune":
        return f"Chủ tịch UBND {unit.division}"
    return HEAD_TITLES.get(unit.id, "Giám đốc Sở")


DIFFICULTIES = [
    "Một số vụ việc phát sinh ngoài giờ hành chính, việc tổng hợp thông tin để phát ngôn còn chậm.",
    "Cán bộ làm công tác thông tin, truyền thông kiêm nhiệm, chưa được bồi dưỡng chuyên sâu.",
    "Sau sắp xếp đơn vị hành chính, địa bàn rộng, việc nắm bắt thông tin ở cơ sở còn khó khăn.",
    "Thông tin sai sự thật trên mạng xã hội lan truyền nhanh, việc phản hồi còn bị động.",
]
# (request as written, training topics it asks for)
REQUESTS: list[tuple[str, list[str]]] = [
    (
        "Đề nghị Sở Văn hóa, Thể thao và Du lịch tổ chức tập huấn kỹ năng phát ngôn cho người "
        "phát ngôn cấp xã.",
        ["spokesperson_skills"],
    ),
    (
        "Đề nghị bồi dưỡng kỹ năng xử lý khủng hoảng truyền thông trên mạng xã hội cho cán bộ "
        "phụ trách thông tin.",
        ["crisis_communication", "social_media"],
    ),
    (
        "Đề nghị UBND tỉnh ban hành quy chế phối hợp cung cấp thông tin giữa các sở, ngành và "
        "UBND cấp xã.",
        [],
    ),
    (
        "Kiến nghị bố trí kinh phí cho hoạt động cung cấp thông tin cho báo chí ở cấp xã.",
        [],
    ),
]
OUTLETS = ["Báo và PT-TH Ninh Bình", "TTXVN", "VTV", "Báo Nhân Dân", "VOV"]
LAYOUTS = ("table", "lines", "prose", "annex")
RATIO_STYLES = ("slash", "tren", "trong")


def _person(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        mid = rng.choice(MIDDLE)
        name = f"{rng.choice(FAMILY)} {mid} {rng.choice(GIVEN)}"
        if name not in used:
            used.add(name)
            return ("bà" if mid == "Thị" else "ông"), name


def make_facts(
    unit: Unit, index: int, date: dt.date, rng: random.Random, used: set[str]
) -> FormFacts:
    """Decide one report's facts; ``index`` cycles the layouts and phrasings over the season."""
    commune = unit.kind == "commune"
    honorific, name = _person(rng, used)
    head = head_title(unit)
    title = rng.choice([head, f"Phó {head[0].lower()}{head[1:]}"])
    phone = f"0{rng.choice([912, 915, 983, 986, 369])}{rng.randint(100000, 999999)}"
    spokesperson = (honorific, name, title, phone) if index % 7 != 3 else None
    email = None
    if spokesperson and index % 2 == 0:
        email = f"{unit.id.replace('-', '')}@ninhbinh.gov.vn"
    received = rng.randint(0, 9) if commune else rng.randint(2, 25)
    answered = max(0, received - rng.choice([0, 0, 1]))
    incidents = rng.choice([0, 0, 1, 2, 3])
    spoken = max(0, incidents - rng.choice([0, 0, 1]))
    deadline_total = rng.randint(0, answered)
    on_time = max(0, deadline_total - rng.choice([0, 0, 1]))
    corrections = rng.choice([0, 0, 0, 1])
    items: dict[int, int | tuple[int, int] | None] = {
        1: rng.choice([0, 0, 1]) if commune else rng.choice([0, 1, 2]),
        2: rng.randint(0, 4) if commune else rng.randint(1, 12),
        3: (answered, received),
        4: (spoken, incidents),
        5: (on_time, deadline_total),
        6: (corrections, corrections + rng.choice([0, 1])),
    }
    if index % 9 == 4:  # a report silent on two items: unknown, never 0
        items[2] = None
        items[6] = None
    picks = rng.sample(range(len(REQUESTS)), k=rng.choice([0, 1, 2]))
    recommendations = [REQUESTS[i][0] for i in sorted(picks)]
    topics = [t for i in sorted(picks) for t in REQUESTS[i][1]]
    return FormFacts(
        unit=unit,
        number=None if index % 6 == 5 else rng.randint(40, 980),
        date=date,
        layout=LAYOUTS[index % len(LAYOUTS)],
        ratio_style=RATIO_STYLES[index % len(RATIO_STYLES)],
        window_in="title" if index % 2 else "opening",
        spokesperson=spokesperson,
        email=email,
        items=items,
        posts_total=rng.randint(150, 900) if not commune and index % 3 == 0 else None,
        outlets=rng.sample(OUTLETS, k=rng.choice([1, 2, 3])) if index % 4 == 1 else None,
        difficulties=rng.choice(DIFFICULTIES) if index % 5 != 2 else None,
        recommendations=recommendations,
        training_topics=topics,
    )


# --------------------------------------------------------------------------- composition


def _c(text: str, flags: str = "b", size: float = 13) -> Para:
    return p(text, flags, align="center", indent=False, size=size)


def _date_line(f: FormFacts) -> str:
    d = f.date
    return f"{f.unit.place}, ngày {d.day:02d} tháng {d.month} năm {d.year}"


def _header(f: FormFacts) -> Table:
    u = f.unit
    if u.kind == "commune":
        parent = ["ỦY BAN NHÂN DÂN"] if f.layout in ("table", "prose") else ["TỈNH NINH BÌNH"]
        own = list(u.caps) if parent == ["ỦY BAN NHÂN DÂN"] else [f"ỦY BAN NHÂN DÂN {u.caps[0]}"]
    else:
        parent, own = ["UBND TỈNH NINH BÌNH"], list(u.caps)
    number = f"Số: {f.number}/BC-{u.symbol}" if f.number else f"Số:      /BC-{u.symbol}"
    left = [_c(x, "", 12) for x in parent] + [_c(x, "b", 12) for x in own] + [_c(number, "")]
    right = [
        _c("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b", 12),
        _c("Độc lập - Tự do - Hạnh phúc"),
        _c(_date_line(f), "i"),
    ]
    return Table([[left, right]], widths_cm=[6.5, 10], grid=False, header=False)


def _ratio(f: FormFacts, value: tuple[int, int], noun: str) -> str:
    num, den = value
    if den == 0:
        return "không phát sinh"
    if f.ratio_style == "tren":
        return f"{pad(num)} trên {pad(den)} {noun}"
    if f.ratio_style == "trong":
        return f"{pad(num)} trong tổng số {pad(den)} {noun}"
    return f"{num}/{den} {noun}"


def _item_text(f: FormFacts, item: int) -> str | None:
    """Return the result of one form item as the report words it, None when silent."""
    value = f.items.get(item)
    if value is None:
        return None
    if item == 1:
        return "không tổ chức họp báo" if value == 0 else f"{pad(value)} cuộc"
    if item == 2:
        return f"{pad(value)} lần"
    nouns = {3: "đề nghị", 4: "vụ việc", 5: "vụ việc", 6: "vụ việc"}
    return _ratio(f, value, nouns[item])


def _form_table(f: FormFacts) -> Table:
    rows: list[list] = [["TT", "Nội dung", "Kết quả"]]
    for item, _name, label in FORM_ITEMS:
        rows.append([str(item), label, _item_text(f, item) or ""])
    return Table(rows, widths_cm=[1.2, 10.3, 5])


def _form_lines(f: FormFacts) -> list[Para]:
    out = []
    for item, _name, label in FORM_ITEMS:
        text = _item_text(f, item)
        if text is not None:
            out.append(p(f"({item}) {label}: {text}."))
    return out


def _form_prose(f: FormFacts) -> list[Para]:
    parts = []
    held = f.items[1]
    parts.append("không tổ chức họp báo" if held == 0 else f"tổ chức {pad(held)} cuộc họp báo")
    if f.items.get(2) is not None:
        parts.append(f"chủ động cung cấp thông tin tại giao ban báo chí {pad(f.items[2])} lần")
    answered, received = f.items[3]
    if received:
        parts.append(f"trả lời {pad(answered)} trong tổng số {pad(received)} đề nghị của báo chí")
    else:
        parts.append("không nhận được đề nghị cung cấp thông tin của cơ quan báo chí")
    spoken, incidents = f.items[4]
    if incidents:
        parts.append(f"phát ngôn {pad(spoken)}/{pad(incidents)} vụ việc đột xuất, bất thường")
    else:
        parts.append("không phát sinh vụ việc đột xuất, bất thường")
    on_time, total = f.items[5]
    if total:
        parts.append(
            f"số vụ việc phát ngôn đúng hạn là {pad(on_time)} trên {pad(total)} vụ việc có áp "
            "dụng thời hạn"
        )
    else:
        parts.append("không phát sinh vụ việc có áp dụng thời hạn phát ngôn")
    text = "Trong kỳ báo cáo, đơn vị đã " + "; ".join(parts) + "."
    out = [p(text)]
    if f.items.get(6) is not None:
        corr, cases = f.items[6]
        if cases:
            out.append(
                p(
                    f"Đơn vị có văn bản phản hồi, yêu cầu cải chính đối với {pad(corr)}/"
                    f"{pad(cases)} vụ việc báo chí phản ánh."
                )
            )
        else:
            out.append(p("Không phát sinh vụ việc phải có văn bản phản hồi, yêu cầu cải chính."))
    return out


def _signature(f: FormFacts, signer: tuple[str, str]) -> Table:
    u = f.unit
    recips = [f"- {RECEIVER} tỉnh Ninh Bình;", "- Lưu: VT."]
    head = head_title(u).split(" Sở")[0].split(" UBND")[0].split(" Thanh")[0]
    head = head.split(" Văn")[0].split(" Ban")[0].upper()
    lines = ["TM. ỦY BAN NHÂN DÂN", head] if u.kind == "commune" else [head]
    left = [p("Nơi nhận:", "bi", align="left", indent=False, size=12)] + [
        p(r, align="left", indent=False, size=11) for r in recips
    ]
    right = [_c(x) for x in lines] + [p("", indent=False)] * 2 + [_c(signer[1])]
    return Table([[left, right]], widths_cm=[8, 8.5], grid=False, header=False)


def compose(f: FormFacts, signer: tuple[str, str]) -> list[Block]:
    """Return the blocks of one 2026 report."""
    u = f.unit
    start, end = form_window(YEAR)
    window = f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    blocks: list[Block] = [_header(f), p("", indent=False), _c("BÁO CÁO", "b", 14)]
    title = f"Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm {YEAR}"
    blocks.append(_c(title, "b", 14))
    if f.window_in == "title":
        blocks.append(_c(f"(Số liệu tính {window})", "i", 13))
    blocks.append(_c("__________", "", 10))
    blocks.append(_c(f"Kính gửi: {RECEIVER} tỉnh Ninh Bình", "", 14))
    who = u.name if u.kind != "commune" else f"Ủy ban nhân dân {u.division} {u.short}"
    opening = (
        f"Thực hiện Công văn số 1867/SVHTTDL-TTBCXB ngày 10/11/{YEAR} của {RECEIVER} về việc "
        f"báo cáo kết quả thực hiện Nghị định số 244/2026/NĐ-CP, {who} báo cáo kết quả thực hiện "
        f"việc phát ngôn và cung cấp thông tin cho báo chí năm {YEAR}"
    )
    opening += f" (số liệu {window}) như sau:" if f.window_in == "opening" else " như sau:"
    blocks.append(p(opening))
    blocks.append(p("I. SỐ LIỆU", "b", indent=False))
    if f.spokesperson:
        hon, name, title, phone = f.spokesperson
        contact = f"điện thoại: {phone}" + (f"; thư điện tử: {f.email}" if f.email else "")
        blocks.append(p(f"Người phát ngôn: {hon} {name}, {title}; {contact}."))
    if f.layout == "table":
        blocks.append(_form_table(f))
    elif f.layout == "lines":
        blocks.extend(_form_lines(f))
    elif f.layout == "prose":
        blocks.extend(_form_prose(f))
    else:
        blocks.append(p("Số liệu cụ thể theo Phụ lục kèm theo Báo cáo này."))
    if f.posts_total is not None:
        blocks.append(
            p(f"Trang thông tin điện tử của đơn vị đã đăng tải {f.posts_total} tin, bài trong kỳ.")
        )
    if f.outlets:
        blocks.append(
            p("Đơn vị đã cung cấp thông tin cho các cơ quan báo chí: " + ", ".join(f.outlets) + ".")
        )
    blocks.append(p("II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ", "b", indent=False))
    if f.difficulties:
        blocks.append(p("1. Khó khăn, vướng mắc", "b", indent=False))
        blocks.append(p(f.difficulties))
    blocks.append(p(f"{1 + bool(f.difficulties)}. Đề xuất, kiến nghị", "b", indent=False))
    if f.recommendations:
        blocks.extend(p(f"- {r}") for r in f.recommendations)
    else:
        blocks.append(p("Không có kiến nghị."))
    blocks.append(p(f"Trên đây là báo cáo của {who}./."))
    blocks.append(_signature(f, signer))
    if f.layout == "annex":
        blocks.append(PageBreak())
        blocks.append(_c("PHỤ LỤC", "b", 13))
        blocks.append(
            _c(f"Số liệu thực hiện Nghị định số 244/2026/NĐ-CP năm {YEAR} ({window})", "i", 12)
        )
        blocks.append(_form_table(f))
    return blocks
