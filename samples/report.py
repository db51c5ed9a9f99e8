"""Compose one report (blocks + ground truth) from structured facts and phrasing choices.

Each field has several phrasings ("templates"); the plan chooses one per document so that every
phrasing appears across the corpus. The truth is computed from the facts, never read back from
the text. `tags` records which phrasing each field used (for the distribution check).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from ingest.periods import MONTHS
from ingest.record import FORM_FIELDS
from samples.docx_writer import Block, Para, Table, p
from samples.numbers import comma_decimal, dots, pad, round1, words
from samples.vocab import (
    DOMAIN_OUTLETS,
    LIMITATIONS,
    LIMITATIONS_2020,
    OTHER_REQUESTS,
    OUTLETS,
    STRENGTHS,
    TRAINING_REQUESTS,
    Agency,
    district_unit,
)

# The provincial portal's normal form among the outlets.
PORTAL = "Cổng TTĐT tỉnh"

# Phrasing templates per field (ids). The plan cycles through them.
TEMPLATES: dict[str, list[str]] = {
    "agency": [
        "full-intro",
        "short-intro",
        "self-intro",
        "full-province-intro",
        "passive-intro",
        "we-intro",
        "unit-intro",
        "caps-two-line-header",
    ],
    "period": [
        "title-ketqua",
        "title-congtac",
        "title-vv-quyche",
        "title-next-year",
        "title-ky-bao-cao",
        "title-nd09",
        "title-noyear",
        "title-tinhhinh",
    ],
    "report_number": [
        "plain",
        "blank",
        "blank-dots",
        "space-before-slash",
        "no-colon",
        "plain-two-row",
        "blank-wide",
        "plain-long-symbol",
    ],
    "report_date": [
        "padded",
        "unpadded",
        "blank-day",
        "blank-day-month",
        "phu-ly",
        "numeric",
        "padded-two-row",
        "unpadded-province-word",
    ],
    "spokesperson": [
        "honorific-name-dash-title",
        "name-comma-title",
        "title-dash-name",
        "title-name",
        "title-only",
        "table-row",
        "decision-cited",
        "name-paren-title",
        "comrade-title-only",
        "changed-during-year",
        "with-phone",
    ],
    "posts": [
        "dang-tai-n-tin-bai",
        "n-tin-comma-bai",
        "subcount",
        "quarter-table",
        "result-table",
        "number-words",
        "colon-form",
        "with-photos",
        "no-number",
        "cap-nhat-duoc",
    ],
    "ppm": [
        "trung-binh-tren",
        "binh-quan-gan",
        "moi-thang-khoang",
        "decimal",
        "tan-suat",
        "hon",
        "table",
        "parenthetical",
        "absent",
        "absent-target-trap",
        "absent",
        "absent",
    ],
    "press": [
        "chua-to-chuc",
        "khong-to-chuc-nao",
        "da-to-chuc-01",
        "hai-cuoc",
        "mot-lan",
        "attended-only",
        "giao-ban-and-none",
        "table",
        "silent",
        "chu-tri-n",
        "heading-khong",
        "attended-and-held",
    ],
    "outlets": [
        "bullets",
        "inline-abbrev",
        "inline-full",
        "nhu-list",
        "table",
        "reporters",
        "none-arose",
        "central-local",
        "silent",
    ],
    "recommendations": [
        "khong",
        "khong-co",
        "khong-co-kien-nghi",
        "bullets",
        "prose",
        "numbered",
        "khong-gi-them",
        "absent",
        "grouped",
        "bullets",
        "bullets",
        "prose",
    ],
    "training": [
        "request-in-list",
        "attended-trap",
        "none",
        "request-in-list",
        "attended-and-request",
        "none",
        "request-in-list",
        "prose-request",
    ],
    "strengths": [
        "uu-diem",
        "a-uu-diem",
        "star-uu-diem",
        "ket-qua-dat-duoc",
        "nhung-mat-lam-duoc",
        "mat-duoc",
        "uu-diem-next-para",
        "ve-uu-diem",
        "danh-gia-chung",
        "absent",
    ],
    "limitations": [
        "han-che",
        "ton-tai-han-che",
        "kho-khan-vuong-mac",
        "b-ton-tai",
        "star-han-che",
        "ton-tai",
        "kho-khan",
        "nhung-ton-tai",
        "ben-canh",
        "absent",
    ],
    "scheme": ["roman", "roman", "arabic", "phan", "none", "roman", "arabic"],
    "province": [],  # derived from header/date choices, counted separately
}


@dataclass
class Person:
    name: str
    female: bool

    @property
    def honorific(self) -> str:
        return "bà" if self.female else "ông"


@dataclass
class Facts:
    """Everything a report states; the truth is computed from these."""

    agency: Agency
    year: int
    period: str
    version: int
    number: int | None  # None = left blank
    date: dt.date  # the day it was signed (always known to the plan)
    date_shown: bool  # False = day (and maybe month) left blank
    spokesperson: Person | None
    spokes_title: str
    previous_spokesperson: Person | None
    signer: Person
    signer_is_head: bool
    posts_total: int | None
    ppm_stated: float | None
    ppm_qualifier: str | None
    press: int | None
    outlets: list[str]  # normal forms, in order; [] none; None silent
    recommendations: list[str] | None
    training_topics: list[str]
    strengths: str | None
    limitations: str | None
    choice: dict[str, str] = field(default_factory=dict)
    replaces: str | None = None  # "112/BC-SXD ngày 05/12/2020" for a corrected version

    @property
    def months(self) -> int:
        return MONTHS[self.period]

    def report_number(self) -> str | None:
        if self.number is None:
            return None
        return f"{self.number}/{self.symbol()}"

    def symbol(self) -> str:
        """Return the document symbol, e.g. 'BC-SYT' or, drafted by a unit, 'BC-UBND-VHTT'."""
        sym = f"BC-{self.agency.symbol}"
        if self.choice.get("report_number") == "plain-long-symbol":
            sym += "-VHTT" if self.agency.kind == "district" else "-VP"
        return sym

    def truth(self) -> dict:
        """Return the truth JSON (contract of docs/ARCHITECTURE.md)."""
        derived = self.ppm_stated is None and self.posts_total is not None
        ppm = self.ppm_stated
        if derived:
            ppm = round1(self.posts_total / self.months)
        return {
            "doc_type": "report",
            "agency": self.agency.name,
            "province": "Hà Nam",
            "year": self.year,
            "period": self.period,
            "report_number": self.report_number(),
            "report_date": self.date.isoformat() if self.date_shown else None,
            "spokesperson_name": self.spokesperson.name if self.spokesperson else None,
            "spokesperson_title": self.spokes_title,
            "posts_total": self.posts_total,
            "posts_per_month": ppm,
            "posts_per_month_derived": derived,
            "press_conferences": self.press,
            "outlets": self._outlets_told(),
            "recommendations": (
                list(self.recommendations) if self.recommendations is not None else None
            ),
            "training_requested": bool(self.training_topics),
            "training_topics": sorted(set(self.training_topics)),
            "strengths": self.strengths,
            "limitations": self.limitations,
            # Reports of 2019-2020 predate the Decree 244/2026 form and are silent on it, but for
            # "không phát sinh trường hợp phát ngôn … đột xuất, bất thường" (compose_outlets, no
            # outlets): none arose, 0 of 0 incidents.
            **dict.fromkeys(FORM_FIELDS),
            **(
                dict.fromkeys(("incidents_spoken", "incidents_total"), 0)
                if self.outlets == []
                else {}
            ),
        }

    def _outlets_told(self) -> list[str] | None:
        """Return the outlets the report tells: its list, and the provincial portal when the
        posts part says news items were given to it ("cung cấp 31 tin, bài cho Cổng TTĐT tỉnh")."""
        told = list(self.outlets) if self.outlets is not None else None
        if "portal" in self.choice.get("posts_traps", "") and PORTAL not in (told or []):
            told = [*(told or []), PORTAL]
        return told


# --------------------------------------------------------------------------- helpers


def period_words(period: str, year: int) -> str:
    """Return 'năm 2020' / '6 tháng đầu năm 2020'."""
    return {"year": f"năm {year}", "h1": f"6 tháng đầu năm {year}"}[period]


def _body(text: str, flags: str = "") -> Para:
    return p(text, flags)


def _bullet(text: str, mark: str = "-") -> Para:
    return p(f"{mark} {text}")


def _center(text: str, flags: str = "b", size: float | None = None) -> Para:
    return p(text, flags, align="center", indent=False, size=size)


class Composer:
    """Accumulate blocks and number headings according to a scheme."""

    ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")

    def __init__(self, scheme: str):
        self.scheme = scheme
        self.blocks: list[Block] = []
        self.n1 = 0
        self.n2 = 0
        self.n3 = 0

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def h1(self, text: str) -> None:
        self.n1 += 1
        self.n2 = 0
        if self.scheme == "roman":
            self.add(p(f"{self.ROMAN[self.n1 - 1]}. {text.upper()}", "b", indent=False))
        elif self.scheme == "arabic":
            self.add(p(f"{self.n1}. {text}", "b", indent=False))
        elif self.scheme == "phan":
            self.add(p(f"PHẦN {self.ROMAN[self.n1 - 1]}", "b", align="center", indent=False))
            self.add(p(text.upper(), "b", align="center", indent=False))

    def h2(self, text: str) -> None:
        self.n2 += 1
        self.n3 = 0
        if self.scheme == "roman" or self.scheme == "phan":
            self.add(p(f"{self.n2}. {text}", "b", indent=False))
        elif self.scheme == "arabic":
            self.add(p(f"{self.n1}.{self.n2}. {text}", "bi", indent=False))

    def h3(self, text: str) -> None:
        self.n3 += 1
        if self.scheme != "none":
            self.add(p(f"{'abcdefg'[self.n3 - 1]}) {text}", "i", indent=False))


# --------------------------------------------------------------------------- header


def _agency_caps(a: Agency, year: int, variant: str) -> tuple[list[str], list[str]]:
    """Return (parent lines, own-name lines) for the header's left cell."""
    if a.kind == "district":
        unit = district_unit(a, year)
        own = f"{unit.upper()} {a.place.upper()}"
        if variant == "abbrev":
            return [], [f"UBND {own}"]
        return ["ỦY BAN NHÂN DÂN"], [own]
    parent = "ỦY BAN NHÂN DÂN TỈNH HÀ NAM" if variant == "long-parent" else "UBND TỈNH HÀ NAM"
    return [parent], list(a.caps)


def compose_header(f: Facts, rng: random.Random, tags: dict[str, str]) -> list[Block]:
    """Return the two-column header table."""
    a = f.agency
    cap_variant = rng.choice(["short-parent", "long-parent", "short-parent", "abbrev"])
    if a.kind != "district" and cap_variant == "abbrev":
        cap_variant = "short-parent"
    parent, own = _agency_caps(a, f.year, cap_variant)
    # Report number
    rn = f.choice["report_number"]
    sym = f.symbol()
    if f.number is None:
        number_line = {
            "blank": f"Số:     /{sym}",
            "blank-dots": f"Số: ……/{sym}",
            "blank-wide": f"Số:           /{sym}",
        }.get(rn, f"Số:    /{sym}")
    else:
        number_line = {
            "space-before-slash": f"Số: {f.number} /{sym}",
            "no-colon": f"Số {f.number}/{sym}",
        }.get(rn, f"Số: {f.number}/{sym}")
    tags["report_number"] = rn
    # Date line
    place = a.place
    dc = f.choice["report_date"]
    d = f.date
    if dc == "phu-ly" and a.kind != "district":
        place = "Phủ Lý"
    if (
        a.kind == "district"
        and district_unit(a, f.year) != "huyện"
        and dc == "unpadded-province-word"
    ):
        place = (
            f"{district_unit(a, f.year).capitalize()} {a.place}"
            if a.place != "Phủ Lý"
            else "Phủ Lý"
        )
    if not f.date_shown:
        if dc == "blank-day-month":
            date_line = f"{place}, ngày     tháng     năm {f.year}"
        else:
            date_line = f"{place}, ngày      tháng {d.month} năm {f.year}"
    elif dc == "numeric":
        date_line = f"{place}, ngày {d.day:02d}/{d.month:02d}/{d.year}"
    elif dc == "unpadded":
        date_line = f"{place}, ngày {d.day} tháng {d.month} năm {d.year}"
    elif dc == "unpadded-province-word":
        if a.kind == "district" and district_unit(a, f.year) != "huyện":
            date_line = f"{place}, ngày {d.day} tháng {d.month} năm {d.year}"
        else:  # a draft whose place name was never typed in
            date_line = f"Ngày {d.day} tháng {d.month} năm {d.year}"
    else:
        date_line = f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
        if d.month >= 3:
            date_line = f"{place}, ngày {d.day:02d} tháng {d.month} năm {d.year}"
    tags["report_date"] = dc
    tags["province"] = f"{cap_variant}|{place}"
    motto_name = rng.choice(
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    )
    motto = rng.choice(["Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"])
    rule = rng.random() < 0.35
    left = [_center(x, "", 11 if len(x) > 20 else 12) for x in parent]
    left += [_center(x, "b", 12) for x in own]
    if rule:
        left.append(_center("_______________", "", 10))
    right = [_center(motto_name, "b", 12), _center(motto, "b", 13)]
    if rule:
        right.append(_center("___________________________", "", 10))
    two_row = rn.endswith("two-row") or dc.endswith("two-row")
    num_para = _center(number_line, "", 13)
    date_para = _center(date_line, "i", 13)
    if two_row:
        return [
            Table(
                [[left, right], [[num_para], [date_para]]],
                widths_cm=[6.5, 10],
                grid=False,
                header=False,
            )
        ]
    return [
        Table(
            [[[*left, num_para], [*right, date_para]]],
            widths_cm=[6.5, 10],
            grid=False,
            header=False,
        )
    ]


# --------------------------------------------------------------------------- title and opening


def compose_title(f: Facts, tags: dict[str, str]) -> list[Block]:
    y = f.year
    pw = period_words(f.period, y)
    t = f.choice["period"]
    tags["period"] = t
    lines: list[str]
    if t == "title-ketqua":
        lines = [f"Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí {pw}"]
    elif t == "title-congtac":
        lines = [f"Công tác phát ngôn và cung cấp thông tin cho báo chí {pw}"]
    elif t == "title-vv-quyche":
        lines = [f"Về việc thực hiện Quy chế phát ngôn và cung cấp thông tin cho báo chí {pw}"]
    elif t == "title-next-year":
        if f.period == "h1":
            lines = [
                f"Tình hình thực hiện công tác phát ngôn, cung cấp thông tin cho báo chí {pw}",
                f"và nhiệm vụ 6 tháng cuối năm {y}",
            ]
        else:
            lines = [
                f"Tình hình thực hiện công tác phát ngôn, cung cấp thông tin cho báo chí năm {y}",
                f"và phương hướng, nhiệm vụ năm {y + 1}",
            ]
    elif t == "title-ky-bao-cao":
        lines = [f"Kết quả công tác phát ngôn và cung cấp thông tin cho báo chí {pw}"]
    elif t == "title-nd09":
        lines = [
            "Kết quả thực hiện Nghị định số 09/2017/NĐ-CP của Chính phủ",
            f"về phát ngôn và cung cấp thông tin cho báo chí {pw}",
        ]
    elif t == "title-noyear":
        lines = ["Tình hình thực hiện việc phát ngôn và cung cấp thông tin cho báo chí"]
    else:  # title-tinhhinh
        lines = [f"Tình hình phát ngôn, cung cấp thông tin cho báo chí {pw}"]
    out: list[Block] = [p("", indent=False), _center("BÁO CÁO", "b", 14)]
    out += [_center(x, "b", 14) for x in lines]
    if t == "title-ky-bao-cao":
        if f.period == "year":
            out.append(_center(f"(Kỳ báo cáo: từ ngày 15/12/{y - 1} đến ngày 14/12/{y})", "i", 13))
        else:
            out.append(_center(f"(Số liệu tính từ ngày 01/01/{y} đến ngày 10/6/{y})", "i", 13))
    if f.replaces:
        out.append(_center(f"(Thay thế Báo cáo số {f.replaces})", "i", 13))
    out.append(_center("__________", "", 10))
    return out


def _basis_lines(f: Facts, rng: random.Random) -> list[str]:
    y = f.year
    prev = y - 1
    pool = [
        "Căn cứ Luật Báo chí ngày 05/4/2016;",
        "Căn cứ Nghị định số 09/2017/NĐ-CP ngày 06/02/2017 của Chính phủ quy định chi tiết việc "
        "phát ngôn và cung cấp thông tin cho báo chí của các cơ quan hành chính nhà nước;",
        "Căn cứ Quyết định số 29/2019/QĐ-UBND ngày 30/8/2019 của UBND tỉnh Hà Nam ban hành Quy chế "
        "phát ngôn và cung cấp thông tin cho báo chí của các cơ quan hành chính nhà nước trên địa "
        "bàn tỉnh;",
        f"Thực hiện Kế hoạch số {rng.randint(2100, 3400)}/KH-UBND ngày {rng.randint(10, 28)}/12/"
        f"{prev} của UBND tỉnh về công tác thông tin, tuyên truyền năm {y};",
        f"Thực hiện Công văn số {rng.randint(900, 1400)}/STTTT-TTBCXB ngày "
        f"{rng.randint(2, 25)}/11/{y} của Sở Thông tin và Truyền thông về việc báo cáo kết quả "
        "thực hiện công tác phát ngôn và cung cấp thông tin cho báo chí;",
        "Căn cứ Luật Tiếp cận thông tin ngày 06/4/2016;",
    ]
    if f.period == "h1":
        pool[4] = (
            f"Thực hiện Công văn số {rng.randint(300, 600)}/STTTT-TTBCXB ngày "
            f"{rng.randint(2, 28)}/5/{y} của Sở Thông tin và Truyền thông về việc báo cáo sơ kết "
            "6 tháng công tác phát ngôn;"
        )
    if y == 2019:
        pool[2] = (
            "Căn cứ Quyết định số 29/2019/QĐ-UBND ngày 30/8/2019 của UBND tỉnh Hà Nam ban hành "
            "Quy chế phát ngôn và cung cấp thông tin cho báo chí;"
        )
        if f.period == "h1":  # signed before that decision existed
            pool[2] = pool[0]
    k = rng.choice([1, 2, 2, 3])
    chosen = sorted(rng.sample(range(len(pool)), k))
    if 1 not in chosen and rng.random() < 0.5:
        chosen = sorted({1, *chosen})
    return list(dict.fromkeys(pool[i] for i in chosen))


def agency_ref(a: Agency, year: int) -> str:
    """Return how the agency calls itself in running text in ``year`` ("Sở", "UBND huyện")."""
    if a.kind == "district":
        return f"UBND {district_unit(a, year)}"
    return a.self_ref


def self_ref(f: Facts) -> str:
    """Return how the report's agency calls itself in the report's year."""
    return agency_ref(f.agency, f.year)


def _self_name(f: Facts, variant: str) -> str:
    a = f.agency
    if a.kind == "district":
        unit = district_unit(a, f.year)
        if variant == "full":
            return f"Ủy ban nhân dân {unit} {a.place}"
        return f"UBND {unit} {a.place}"
    if variant == "full":
        return a.name if a.id != "van-phong-ubnd-tinh" else "Văn phòng Ủy ban nhân dân tỉnh"
    return a.short


def compose_opening(f: Facts, rng: random.Random, tags: dict[str, str]) -> list[Block]:
    out: list[Block] = []
    if rng.random() < 0.2 and not _is_stttt(f):
        out.append(
            p(
                "Kính gửi: Sở Thông tin và Truyền thông tỉnh Hà Nam.",
                "",
                align="center",
                indent=False,
            )
        )
    for line in _basis_lines(f, rng):
        out.append(_body(line, "i" if rng.random() < 0.3 else ""))
    pw = period_words(f.period, f.year)
    av = f.choice["agency"]
    tags["agency"] = av
    a = f.agency
    full = _self_name(f, "full")
    short = _self_name(f, "short")
    if av == "full-intro":
        s = (
            f"{full} báo cáo kết quả thực hiện công tác phát ngôn và cung cấp thông tin cho báo "
            f"chí {pw} như sau:"
        )
    elif av == "short-intro":
        s = (
            f"{short} báo cáo kết quả công tác phát ngôn, cung cấp thông tin cho báo chí {pw}, "
            "cụ thể như sau:"
        )
    elif av == "self-intro":
        s = f"{self_ref(f)[0].upper() + self_ref(f)[1:]} báo cáo kết quả thực hiện {pw} như sau:"
    elif av == "full-province-intro":
        s = (
            f"{full} tỉnh Hà Nam báo cáo tình hình thực hiện việc phát ngôn và cung cấp thông "
            f"tin cho báo chí {pw} như sau:"
        )
        if a.kind == "district":
            s = (
                f"{full}, tỉnh Hà Nam báo cáo tình hình thực hiện việc phát ngôn và cung cấp thông "
                f"tin cho báo chí {pw} như sau:"
            )
    elif av == "passive-intro":
        s = (
            f"Kết quả thực hiện công tác phát ngôn và cung cấp thông tin cho báo chí {pw} của "
            f"{full} như sau:"
        )
    elif av == "we-intro":
        s = f"Để đánh giá việc thực hiện công tác phát ngôn {pw}, {short} báo cáo cụ thể như sau:"
    elif av == "unit-intro":
        s = (
            "Đơn vị báo cáo kết quả thực hiện Quy chế phát ngôn và cung cấp thông tin cho báo "
            f"chí {pw} của {short} như sau:"
        )
    else:  # caps-two-line-header: the name only in the header and in short form later
        s = f"Thực hiện chế độ báo cáo định kỳ, {short} báo cáo kết quả {pw} như sau:"
    out.append(_body(s))
    return out


# --------------------------------------------------------------------------- spokesperson


def compose_spokesperson(
    f: Facts, rng: random.Random, tags: dict[str, str]
) -> tuple[list[Block], list[list[str]]]:
    """Return paragraphs naming the spokesperson, and rows for a results table if chosen."""
    c = f.choice["spokesperson"]
    tags["spokesperson"] = c
    sp = f.spokesperson
    t = f.spokes_title
    a = f.agency
    rows: list[list[str]] = []
    out: list[Block] = []
    y = f.year
    if c == "honorific-name-dash-title":
        out.append(
            _body(
                f"{self_ref(f)[0].upper() + self_ref(f)[1:]} đã công khai thông tin người phát "
                f"ngôn và cung cấp thông tin cho báo chí là {sp.honorific} {sp.name} – {t}."
            )
        )
    elif c == "name-comma-title":
        out.append(
            _body(
                f"Người phát ngôn: đồng chí {sp.name}, {t}; địa chỉ thư điện tử và số điện "
                "thoại được đăng tải công khai trên Trang thông tin điện tử."
            )
        )
    elif c == "title-dash-name":
        out.append(
            _body(
                f"Lãnh đạo {_self_name(f, 'short')} giao {t} – {sp.honorific} {sp.name} thực "
                "hiện nhiệm vụ phát ngôn và cung cấp thông tin cho báo chí."
            )
        )
    elif c == "title-name":
        out.append(
            _body(
                f"Người được giao nhiệm vụ phát ngôn là {t} {sp.name}; khi cần thiết, người "
                "đứng đầu trực tiếp phát ngôn hoặc ủy quyền cho cấp phó."
            )
        )
    elif c == "title-only":
        out.append(
            _body(
                "Theo Quy chế làm việc, người phát ngôn và cung cấp thông tin cho báo chí "
                f"là {t}; các phòng chuyên môn có trách nhiệm chuẩn bị nội dung khi được yêu "
                "cầu."
            )
        )
    elif c == "comrade-title-only":
        out.append(
            _body(
                f"{_self_name(f, 'short')} đã đăng ký người phát ngôn và cung cấp thông tin "
                f"cho báo chí (đồng chí {t})."
            )
        )
    elif c == "table-row":
        rows.append(["Người phát ngôn", f"{sp.honorific.capitalize()} {sp.name} – {t}"])
        out.append(
            _body(
                "Thông tin về người phát ngôn được tổng hợp tại bảng kết quả dưới đây và "
                "đã được công khai trên Trang thông tin điện tử."
            )
        )
    elif c == "decision-cited":
        ref = f"{rng.randint(40, 260)}/QĐ-{a.symbol} ngày {rng.randint(2, 27)}/"
        ref += f"{rng.randint(1, 12)}/{y - 2}"
        if a.id == "ubnd-huyen-ly-nhan" and y >= 2019 and f.period == "year":
            ref = "1876/QĐ-UBND ngày 23/9/2019"  # the decision in the corpus
        if a.id == "so-giao-thong-van-tai" and y == 2020:
            ref = "58/QĐ-SGTVT ngày 16/3/2020"
        out.append(
            _body(
                f"Tại Quyết định số {ref}, "
                f"{_self_name(f, 'short')} đã giao {sp.honorific} {sp.name}, {t} là người "
                "phát ngôn và cung cấp thông tin cho báo chí; đến nay chưa có thay đổi."
            )
        )
    elif c == "name-paren-title":
        out.append(_body(f"Người phát ngôn của {self_ref(f)}: {sp.name} ({t})."))
    elif c == "changed-during-year":
        prev = f.previous_spokesperson
        out.append(
            _body(
                f"Từ tháng 01 đến tháng 6/{y}, người phát ngôn là {prev.honorific} {prev.name}; "
                f"do thay đổi công tác cán bộ, từ tháng 7/{y} người phát ngôn và cung cấp "
                f"thông tin cho báo chí là {sp.honorific} {sp.name} – {t}."
            )
        )
    elif c == "with-phone":
        phone = f"09{rng.randint(10, 99)}.{rng.randint(100, 999)}.{rng.randint(100, 999)}"
        out.append(
            _body(
                f"Người phát ngôn: {sp.honorific.capitalize()} {sp.name} - {t}, số điện thoại: "
                f"{phone}, thư điện tử: {_email(sp.name, a)}."
            )
        )
    return out, rows


def _email(name: str, a: Agency) -> str:
    import unicodedata

    parts = name.split()
    base = (parts[-1] + "".join(w[0] for w in parts[:-1])).lower()
    base = base.replace("đ", "d")
    base = "".join(
        ch for ch in unicodedata.normalize("NFD", base) if unicodedata.category(ch) != "Mn"
    )
    return f"{base}.{a.symbol.lower().replace('đ', 'd')}@hanam.gov.vn"


# --------------------------------------------------------------------------- posts, per month


def _site_name(f: Facts, rng: random.Random) -> str:
    a = f.agency
    if a.id == "van-phong-ubnd-tinh":
        return rng.choice(["Cổng Thông tin điện tử tỉnh", "Cổng TTĐT tỉnh"])
    if a.kind == "district":
        unit = district_unit(a, f.year)
        return rng.choice(
            [
                f"Cổng thông tin điện tử {unit}",
                f"Trang TTĐT của {unit}",
                f"Cổng TTĐT {unit} ({a.site})",
            ]
        )
    return rng.choice(
        [
            f"Trang thông tin điện tử của {self_ref(f)}",
            f"Trang TTĐT {self_ref(f)} ({a.site})",
            f"Cổng thông tin điện tử thành phần của {self_ref(f)}",
            f"Trang thông tin điện tử {a.site}",
        ]
    )


def _quarters(total: int, n: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.8, 1.25) for _ in range(n)]
    s = sum(weights)
    parts = [int(total * w / s) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def compose_posts(
    f: Facts, rng: random.Random, tags: dict[str, str], table_rows: list[list[str]]
) -> list[Block]:
    c = f.choice["posts"]
    tags["posts"] = c
    n = f.posts_total
    site = _site_name(f, rng)
    pw = period_words(f.period, f.year)
    out: list[Block] = []
    a = f.agency
    topics = a.domain
    if f.year == 2020 and a.id in ("so-y-te", "van-phong-ubnd-tinh", "so-giao-duc-va-dao-tao"):
        topics = "phòng, chống dịch COVID-19, " + topics
    if c == "dang-tai-n-tin-bai":
        out.append(
            _body(
                f"Trong {pw}, {self_ref(f)} đã đăng tải {dots(n)} tin bài lên {site}, tập trung "
                f"vào các nội dung: {topics}."
            )
        )
    elif c == "n-tin-comma-bai":
        out.append(
            _body(
                f"{site[0].upper() + site[1:]} đã cập nhật, đăng tải {dots(n)} tin, bài phản "
                f"ánh hoạt động của ngành và các lĩnh vực {topics}."
            )
        )
    elif c == "subcount":
        tin = int(n * rng.uniform(0.6, 0.8))
        out.append(
            _body(
                f"Kết quả: tổng số {dots(n)} tin, bài, trong đó tin {dots(tin)}, "
                f"bài {dots(n - tin)}; "
                f"các tin, bài chủ yếu về {topics}."
            )
        )
    elif c == "quarter-table":
        nq = 4 if f.period == "year" else 2
        parts = _quarters(n, nq, rng)
        out.append(_body(f"Số lượng tin, bài đăng tải trên {site} theo từng quý như sau:"))
        rows = [["Thời gian", "Số tin, bài đăng tải"]]
        for i, v in enumerate(parts):
            rows.append([f"Quý {['I', 'II', 'III', 'IV'][i]}", dots(v)])
        rows.append([rng.choice(["Tổng", "Tổng cộng", "Cộng"]), dots(n)])
        out.append(Table(rows, widths_cm=[6, 6]))
    elif c == "result-table":
        table_rows.insert(0, ["Số tin, bài đăng trên Trang thông tin điện tử", dots(n)])
        out.append(
            _body(
                f"{site[0].upper() + site[1:]} được duy trì hoạt động ổn định; nội dung đăng "
                f"tải tập trung vào {topics}."
            )
        )
    elif c == "number-words":
        out.append(
            _body(
                f"Do nhân lực còn hạn chế, {pw} {site} mới đăng được {words(n)} tin, bài về "
                f"{topics}."
            )
        )
    elif c == "colon-form":
        out.append(_body(f"- Số lượng tin, bài đăng tải trên {site}: {dots(n)} tin, bài.", ""))
        out.append(_body(f"- Nội dung chủ yếu: {topics}."))
    elif c == "with-photos":
        photos = rng.randint(120, 600)
        out.append(
            _body(
                f"Trong kỳ báo cáo, bộ phận quản trị đã biên tập, đăng tải được {dots(n)} "
                f"tin, bài và {dots(photos)} ảnh tư liệu trên {site}."
            )
        )
    elif c == "cap-nhat-duoc":
        out.append(
            _body(
                f"Việc cập nhật thông tin được thực hiện thường xuyên; {pw} đã cập nhật được "
                f"{dots(n)} tin, bài và {dots(rng.randint(40, 400))} văn bản chỉ đạo, điều hành, "
                f"thủ tục hành chính lên {site}."
            )
        )
    else:  # no-number
        out.append(
            _body(
                f"{site[0].upper() + site[1:]} thường xuyên được cập nhật tin, bài về {topics}, "
                "các văn bản chỉ đạo, điều hành và thủ tục hành chính theo quy định."
            )
        )
    return out


def compose_traps_posts(f: Facts, rng: random.Random, tags: dict[str, str]) -> list[Block]:
    """Numbers that are not posts on the agency's own site."""
    out: list[Block] = []
    traps = f.choice.get("posts_traps", "")
    if "views" in traps:
        out.append(
            _body(
                f"Trang TTĐT của {self_ref(f)} có {dots(rng.randint(12000, 480000))} lượt truy "
                "cập trong kỳ báo cáo."
            )
        )
    if "coverage" in traps:
        out.append(
            _body(
                f"Hoạt động của {self_ref(f)} được các báo đưa tin {rng.randint(12, 60)} lượt, "
                "chủ yếu trên báo Hà Nam và Đài PT-TH Hà Nam."
            )
        )
    if "portal" in traps:
        out.append(
            _body(
                f"Ngoài ra, {self_ref(f)} đã cung cấp {rng.randint(8, 40)} tin, bài cho Cổng "
                "Thông tin điện tử tỉnh để đăng tải."
            )
        )
    if "cumulative" in traps:
        out.append(
            _body(
                "Từ khi đưa vào vận hành đến nay, trang đã đăng tải tổng cộng "
                f"{dots(rng.randint(2500, 9000))} "
                "tin, bài."
            )
        )
    tags["posts_traps"] = traps or "-"
    return out


def compose_ppm(
    f: Facts, rng: random.Random, tags: dict[str, str], table_rows: list[list[str]]
) -> list[Block]:
    c = f.choice["ppm"]
    tags["ppm"] = c
    if f.ppm_stated is None:
        if not c.startswith("absent"):
            tags["ppm"] = "absent"
        return []
    x = comma_decimal(f.ppm_stated)
    q = f.ppm_qualifier
    qq = f"{q} " if q else ""
    if c == "trung-binh-tren":
        return [
            _body(f"+ Tần suất cung cấp thông tin hàng tháng: trung bình {qq}{x} tin, bài/tháng.")
        ]
    if c == "binh-quan-gan":
        return [_body(f"Bình quân {qq}{x} tin/tháng, cơ bản đáp ứng chỉ tiêu được giao.")]
    if c == "moi-thang-khoang":
        return [_body(f"Trung bình mỗi tháng đăng {qq}{x} tin, bài.")]
    if c == "decimal":
        return [_body(f"Số tin, bài đăng tải đạt bình quân {x} tin, bài/tháng.")]
    if c == "tan-suat":
        return [_body(f"Tần suất cập nhật: {qq}{x} tin/tháng.")]
    if c == "hon":
        return [_body(f"Mỗi tháng trung bình {qq}{x} tin, bài được biên tập và đăng tải.")]
    if c == "table":
        table_rows.append(["Bình quân số tin, bài/tháng", f"{qq}{x}".strip()])
        return []
    if c == "parenthetical":
        return [_body(f"(Bình quân {qq}{x} tin, bài/tháng.)")]
    return []


# --------------------------------------------------------------------------- press conferences


def compose_press(
    f: Facts, rng: random.Random, tags: dict[str, str], comp: Composer, table_rows: list[list[str]]
) -> list[Block]:
    c = f.choice["press"]
    tags["press"] = c
    pw = period_words(f.period, f.year)
    n = f.press
    Pw = pw[0].upper() + pw[1:]
    if c == "chua-to-chuc":
        return [_body(f"{Pw} {self_ref(f)} chưa tổ chức họp báo lần nào.")]
    if c == "khong-to-chuc-nao":
        return [
            _body(
                f"Trong kỳ báo cáo, {_self_name(f, 'short')} không tổ chức họp báo nào do "
                "không phát sinh sự kiện cần thông tin rộng rãi."
            )
        ]
    if c == "da-to-chuc-01":
        return [
            _body(
                f"{self_ref(f)[0].upper() + self_ref(f)[1:]} đã tổ chức {pad(n)} cuộc họp báo "
                f"về {_press_topic(f)}."
            )
        ]
    if c == "hai-cuoc":
        return [
            _body(
                f"{Pw}, {_self_name(f, 'short')} tổ chức {words(n)} cuộc họp báo để thông "
                f"tin về {_press_topic(f)}."
            )
        ]
    if c == "mot-lan":
        return [
            _body(
                f"Về họp báo: {self_ref(f)} đã họp báo {words(n)} lần, cung cấp thông tin về "
                f"{_press_topic(f)}."
            )
        ]
    if c == "attended-only":
        return [
            _body(
                f"Lãnh đạo {self_ref(f)} tham dự họp báo của UBND tỉnh về tình hình kinh tế "
                "- xã hội và trả lời các câu hỏi của phóng viên thuộc lĩnh vực được giao."
            )
        ]
    if c == "giao-ban-and-none":
        return [
            _body(
                f"{self_ref(f)[0].upper() + self_ref(f)[1:]} tham gia giao ban báo chí định "
                f"kỳ do Ban Tuyên giáo Tỉnh ủy chủ trì; {pw} chưa tổ chức họp báo riêng."
            )
        ]
    if c == "table":
        table_rows.append(["Số cuộc họp báo đã tổ chức", pad(n) if n else "0"])
        return []
    if c == "chu-tri-n":
        return [
            _body(
                f"{Pw}, {self_ref(f)} đã chủ trì, phối hợp tổ chức {pad(n)} cuộc họp báo về "
                f"{_press_topic(f)}."
            )
        ]
    if c == "heading-khong":
        if comp.scheme == "none":
            return [_body("Về tổ chức họp báo: không tổ chức.")]
        return [_body("Không tổ chức.")]
    if c == "attended-and-held":
        return [
            _body(
                f"Ngoài việc cử lãnh đạo tham dự họp báo của UBND tỉnh, {self_ref(f)} đã tổ "
                f"chức {pad(n)} cuộc họp báo về {_press_topic(f)}."
            )
        ]
    return []  # silent


def _press_topic(f: Facts) -> str:
    a = f.agency
    if f.year == 2020 and a.id in ("so-y-te", "van-phong-ubnd-tinh"):
        return "tình hình và các biện pháp phòng, chống dịch COVID-19 trên địa bàn tỉnh"
    if a.id == "van-phong-ubnd-tinh":
        return "kết quả chỉ đạo, điều hành của UBND tỉnh hằng quý"
    if a.id == "so-van-hoa-the-thao-va-du-lich":
        return "các hoạt động văn hóa, lễ hội và quảng bá du lịch của tỉnh"
    if a.kind == "district":
        return "công tác chuẩn bị Đại hội Đảng bộ và kết quả phát triển kinh tế - xã hội"
    return f"kết quả nổi bật trong lĩnh vực {focus(a)}"


# --------------------------------------------------------------------------- outlets


def compose_outlets(f: Facts, rng: random.Random, tags: dict[str, str]) -> list[Block]:
    c = f.choice["outlets"]
    tags["outlets"] = c
    a = f.agency
    if f.outlets is None:
        return []
    if not f.outlets:
        return [
            _body(
                f"Trong kỳ báo cáo, {self_ref(f)} không phát sinh trường hợp phát ngôn, cung "
                "cấp thông tin đột xuất, bất thường cho báo chí."
            )
        ]
    forms = []
    for o in f.outlets:
        variants = OUTLETS[o]
        if c == "inline-abbrev":
            forms.append(min(variants, key=len))
        elif c == "inline-full":
            forms.append(max(variants, key=len))
        else:
            forms.append(rng.choice(variants))
    if c == "bullets":
        out: list[Block] = [
            _body(
                f"{period_words(f.period, f.year).capitalize()} {self_ref(f)} đã cung cấp thông "
                "tin cho các cơ quan báo chí gồm:"
            )
        ]
        out += [_bullet(x[0].upper() + x[1:] + ".") for x in forms]
        return out
    if c in ("inline-abbrev", "inline-full"):
        return [
            _body(
                f"{self_ref(f)[0].upper() + self_ref(f)[1:]} đã phát ngôn, cung cấp thông tin "
                f"kịp thời cho {', '.join(forms)} theo đề nghị của các cơ quan báo chí."
            )
        ]
    if c == "nhu-list":
        return [
            _body(
                "Cung cấp thông tin, trả lời phỏng vấn các cơ quan báo chí như: "
                f"{', '.join(forms)}."
            )
        ]
    if c == "table":
        rows = [["STT", "Cơ quan báo chí", "Số lần cung cấp thông tin"]]
        for i, x in enumerate(forms, 1):
            rows.append([str(i), x[0].upper() + x[1:], pad(rng.randint(1, 9))])
        return [
            _body("Việc cung cấp thông tin cho các cơ quan báo chí cụ thể như sau:"),
            Table(rows, widths_cm=[1.5, 8, 5]),
        ]
    if c == "reporters":
        return [
            _body(
                f"{self_ref(f)[0].upper() + self_ref(f)[1:]} đã tiếp và làm việc với phóng viên "
                f"{', '.join(forms)} đến tìm hiểu, đề nghị cung cấp thông tin về {focus(a)}."
            )
        ]
    if c == "central-local":
        return [
            _body(
                "Phối hợp cung cấp thông tin cho các cơ quan báo chí Trung ương và địa phương: "
                f"{'; '.join(forms)}."
            )
        ]
    return [_body(f"Đã cung cấp thông tin cho: {', '.join(forms)}.")]


# --------------------------------------------------------------------------- assessment


_FOCUS = {
    "so-y-te": "khám, chữa bệnh và y tế dự phòng",
    "so-tu-phap": "phổ biến, giáo dục pháp luật",
    "thanh-tra-tinh": "tiếp công dân, giải quyết khiếu nại, tố cáo",
}


def focus(a: Agency) -> str:
    """Return a short phrase for the agency's field ("quản lý đất đai")."""
    return _FOCUS.get(a.id, a.domain.split(",")[0])


def _fill(text: str, f: Facts) -> str:
    a = f.agency
    return text.format(self=_self_name(f, "short"), domain_short=focus(a))


def compose_assessment(f: Facts, rng: random.Random, tags: dict[str, str]) -> list[Block]:
    out: list[Block] = []
    s = f.choice["strengths"]
    lim = f.choice["limitations"]
    tags["strengths"] = s
    tags["limitations"] = lim
    if f.strengths is not None:
        txt = f.strengths
        if s == "uu-diem":
            out.append(Para([("Ưu điểm: ", "b"), (txt, "")]))
        elif s == "a-uu-diem":
            out.append(Para([("a) Ưu điểm: ", "i"), (txt, "")]))
        elif s == "star-uu-diem":
            out.append(Para([("* Ưu điểm: ", "bi"), (txt, "")]))
        elif s == "ket-qua-dat-duoc":
            out.append(Para([("Kết quả đạt được: ", "b"), (txt, "")]))
        elif s == "nhung-mat-lam-duoc":
            out.append(Para([("- Những mặt làm được: ", "i"), (txt, "")]))
        elif s == "mat-duoc":
            out.append(Para([("Mặt được: ", "i"), (txt, "")]))
        elif s == "uu-diem-next-para":
            out.append(p("Ưu điểm", "b", indent=False))
            for line in txt.split("\n"):
                out.append(_bullet(line))
        elif s == "ve-uu-diem":
            out.append(Para([("- Về ưu điểm: ", ""), (txt, "")]))
        else:  # danh-gia-chung
            out.append(Para([("Đánh giá chung: ", "b"), (txt, "")]))
    if f.limitations is not None:
        txt = f.limitations
        if lim == "han-che":
            out.append(Para([("Hạn chế: ", "b"), (txt, "")]))
        elif lim == "ton-tai-han-che":
            out.append(Para([("Tồn tại, hạn chế: ", "b"), (txt, "")]))
        elif lim == "kho-khan-vuong-mac":
            out.append(Para([("Khó khăn, vướng mắc: ", "b"), (txt, "")]))
        elif lim == "b-ton-tai":
            out.append(Para([("b) Tồn tại, hạn chế: ", "i"), (txt, "")]))
        elif lim == "star-han-che":
            out.append(Para([("* Hạn chế: ", "bi"), (txt, "")]))
        elif lim == "ton-tai":
            out.append(Para([("Tồn tại: ", "i"), (txt, "")]))
        elif lim == "kho-khan":
            out.append(p("Khó khăn", "b", indent=False))
            for line in txt.split("\n"):
                out.append(_bullet(line))
        elif lim == "nhung-ton-tai":
            out.append(Para([("- Những tồn tại, hạn chế: ", ""), (txt, "")]))
        else:  # ben-canh
            out.append(
                Para([("Bên cạnh những kết quả đạt được, vẫn còn hạn chế: ", ""), (txt, "")])
            )
    return out


# --------------------------------------------------------------------------- tasks, requests


def compose_tasks(f: Facts, rng: random.Random) -> list[Block]:
    pool = [
        "Tiếp tục thực hiện nghiêm túc Quy chế phát ngôn và cung cấp thông tin cho báo chí.",
        f"Kiện toàn bộ phận quản trị, biên tập Trang thông tin điện tử của {self_ref(f)}.",
        "Chủ động cung cấp thông tin cho báo chí về các vấn đề dư luận quan tâm, không để bị động.",
        (
            "Tăng cường theo dõi, nắm bắt thông tin trên báo chí và mạng xã hội để kịp thời xử "
            "lý, phản hồi."
        ),
        (
            "Đẩy mạnh tuyên truyền các nhiệm vụ trọng tâm, các thủ tục hành chính thuộc thẩm "
            "quyền giải quyết."
        ),
    ]
    out: list[Block] = []
    if f.choice["scheme"] == "none":
        out.append(
            _body(
                f"Thời gian tới, {_self_name(f, 'short')} tập trung thực hiện một số nhiệm vụ sau:"
            )
        )
    out += [_bullet(x) for x in rng.sample(pool, rng.choice([2, 3]))]
    if f.choice["ppm"] == "absent-target-trap":
        target = rng.choice([15, 20, 22, 25, 30])
        out.append(
            _bullet(
                f"Phấn đấu đăng tải trung bình từ {target} tin, bài/tháng trở lên theo chỉ "
                "tiêu giao."
            )
        )
    return out


def compose_training_trap(f: Facts, rng: random.Random) -> list[Block]:
    course = rng.choice(
        [
            "phát ngôn và cung cấp thông tin cho báo chí",
            "quản trị trang thông tin điện tử",
            "xử lý khủng hoảng truyền thông",
        ]
    )
    return [
        _body(
            f"{self_ref(f)[0].upper() + self_ref(f)[1:]} đã cử {pad(rng.randint(1, 3))} cán "
            f"bộ tham gia lớp tập huấn nghiệp vụ {course} "
            f"do Sở TT&TT tổ chức tháng {rng.randint(5, 10)}/{f.year}."
        )
    ]


def compose_recommendations(f: Facts, rng: random.Random, tags: dict[str, str]) -> list[Block]:
    c = f.choice["recommendations"]
    tags["recommendations"] = c
    used = f.choice.get("training_used", "no-request")
    if f.choice["training"] in ("attended-trap", "attended-and-request"):
        used += "+attended-trap"
    tags["training"] = used
    recs = f.recommendations
    if recs is None:
        return []
    if not recs:
        return [
            _body(
                {
                    "khong": "Không.",
                    "khong-co": "Không có.",
                    "khong-co-kien-nghi": "Không có kiến nghị.",
                    "khong-gi-them": "Đơn vị không có đề xuất, kiến nghị gì thêm.",
                }.get(c, "Không.")
            )
        ]
    if c == "prose":
        return [_body(recs[0])]
    if c == "numbered":
        return [_body(f"{i}. {r}") for i, r in enumerate(recs, 1)]
    if c == "grouped":
        out: list[Block] = []
        for r in recs:
            out.append(_bullet(r, rng.choice(["-", "+"])))
        to = "Bộ Thông tin và Truyền thông" if _is_stttt(f) else "Sở Thông tin và Truyền thông"
        return [_body(f"Kiến nghị với UBND tỉnh và {to}:", "i"), *out]
    return [_bullet(r) for r in recs]


# --------------------------------------------------------------------------- signature


def compose_signature(f: Facts, rng: random.Random) -> list[Block]:
    a = f.agency
    recips = ["- Sở Thông tin và Truyền thông;"]
    if _is_stttt(f):
        recips = ["- UBND tỉnh (để b/c);", "- Bộ TT&TT (Cục Báo chí);"]
    if a.kind == "district":
        recips = [
            rng.choice(["- Sở TT&TT tỉnh Hà Nam;", "- Sở Thông tin và Truyền thông tỉnh;"]),
            f"- TT Huyện ủy, TT HĐND {district_unit(a, f.year)};"
            if district_unit(a, f.year) == "huyện"
            else f"- TT Thị ủy, TT HĐND {district_unit(a, f.year)};"
            if district_unit(a, f.year) == "thị xã"
            else "- TT Thành ủy, TT HĐND thành phố;",
            "- Chủ tịch, các PCT UBND;",
            "- Phòng Văn hóa và Thông tin;",
            "- Lưu: VT.",
        ]
    else:
        recips += rng.choice(
            [
                ["- UBND tỉnh (để b/c);", f"- Lãnh đạo {self_ref(f)};", "- Lưu: VT, VP."],
                [f"- Giám đốc, các PGĐ {self_ref(f)};", "- Lưu VT."],
                ["- Lưu: VT."],
            ]
        )
    left = [p("Nơi nhận:", "bi", align="left", indent=False, size=12)] + [
        p(r, "", align="left", indent=False, size=11) for r in recips
    ]
    if a.kind == "district":
        lines = (
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
            if f.signer_is_head
            else ["TM. ỦY BAN NHÂN DÂN", *a.sign_deputy]
        )
    else:
        lines = [a.sign_head] if f.signer_is_head else list(a.sign_deputy)
    right = [_center(x, "b", 13) for x in lines]
    right += [p("", indent=False), p("", indent=False)]
    if rng.random() < 0.3:
        right.append(_center("(Đã ký)", "i", 12))
    right += [p("", indent=False), _center(f.signer.name, "b", 13)]
    return [Table([[left, right]], widths_cm=[8, 8.5], grid=False, header=False)]


# --------------------------------------------------------------------------- whole report


def compose_report(f: Facts, rng: random.Random) -> tuple[list[Block], dict[str, str]]:
    """Return (blocks, tags) for one report."""
    tags: dict[str, str] = {}
    scheme = f.choice["scheme"]
    tags["scheme"] = scheme
    comp = Composer(scheme)
    comp.add(*compose_header(f, rng, tags))
    comp.add(*compose_title(f, tags))
    comp.add(*compose_opening(f, rng, tags))
    table_rows: list[list[str]] = []

    comp.h1(
        rng.choice(
            [
                "Công tác chỉ đạo, triển khai",
                "Công tác triển khai",
                "Tình hình triển khai thực hiện",
            ]
        )
    )
    comp.add(
        _body(
            rng.choice(
                [
                    (
                        f"Ngay sau khi Quy chế được ban hành, {self_ref(f)} đã tổ chức quán "
                        "triệt đến toàn thể cán bộ, công chức, viên chức; phân công bộ phận đầu "
                        "mối theo dõi, tổng hợp thông tin báo chí."
                    ),
                    (
                        "Lãnh đạo đơn vị thường xuyên quan tâm chỉ đạo công tác thông tin, tuyên "
                        "truyền; giao Văn phòng là đầu mối tham mưu thực hiện việc phát ngôn."
                    ),
                    (
                        f"{_self_name(f, 'short')} đã bổ sung nội dung phát ngôn và cung cấp thông "
                        "tin cho báo chí vào Quy chế làm việc, phân công nhiệm vụ cụ thể cho "
                        "từng bộ phận."
                    ),
                ]
            )
        )
    )
    comp.h2(
        rng.choice(
            ["Người phát ngôn và cung cấp thông tin cho báo chí", "Thông tin về người phát ngôn"]
        )
    )
    sp_blocks, sp_rows = compose_spokesperson(f, rng, tags)
    comp.add(*sp_blocks)
    if f.choice["training"] in ("attended-trap", "attended-and-request"):
        comp.add(*compose_training_trap(f, rng))

    comp.h1(rng.choice(["Kết quả thực hiện", "Kết quả", "Kết quả cụ thể"]))
    comp.h2(
        rng.choice(
            [
                "Cung cấp thông tin trên Trang thông tin điện tử",
                "Đăng tải thông tin trên trang thông tin điện tử",
                "Công tác thông tin trên môi trường mạng",
            ]
        )
    )
    comp.add(*compose_posts(f, rng, tags, table_rows))
    comp.add(*compose_ppm(f, rng, tags, table_rows))
    comp.add(*compose_traps_posts(f, rng, tags))
    press_blocks = compose_press(f, rng, tags, comp, table_rows)
    if press_blocks:
        comp.h2(rng.choice(["Tổ chức họp báo", "Họp báo", "Công tác họp báo"]))
        comp.add(*press_blocks)
    outlet_blocks = compose_outlets(f, rng, tags)
    if outlet_blocks:
        comp.h2(
            rng.choice(
                [
                    "Phát ngôn và cung cấp thông tin cho báo chí",
                    "Cung cấp thông tin cho báo chí",
                    "Phát ngôn trong trường hợp đột xuất, bất thường",
                ]
            )
        )
        comp.add(*outlet_blocks)
    all_rows = sp_rows + table_rows
    if all_rows:
        comp.add(_body("Kết quả cụ thể:", "i"))
        rows = [["TT", "Nội dung", "Kết quả"]] + [
            [str(i), r[0], r[1]] for i, r in enumerate(all_rows, 1)
        ]
        comp.add(Table(rows, widths_cm=[1.2, 9.5, 5.5]))

    assess = compose_assessment(f, rng, tags)
    if assess:
        comp.h1(rng.choice(["Đánh giá chung", "Đánh giá", "Nhận xét, đánh giá"]))
        comp.add(*assess)
    comp.h1(
        rng.choice(
            [
                "Phương hướng, nhiệm vụ thời gian tới",
                "Nhiệm vụ, giải pháp thời gian tới",
                "Nhiệm vụ trọng tâm thời gian tới",
            ]
        )
    )
    comp.add(*compose_tasks(f, rng))
    recs = compose_recommendations(f, rng, tags)
    if recs:
        comp.h1(rng.choice(["Đề xuất, kiến nghị", "Kiến nghị, đề xuất", "Đề xuất"]))
        if scheme == "none":
            comp.add(p("Đề xuất, kiến nghị:", "b", indent=False))
        comp.add(*recs)
    pw = period_words(f.period, f.year)
    comp.add(
        _body(
            rng.choice(
                [
                    (
                        "Trên đây là báo cáo kết quả thực hiện công tác phát ngôn và cung cấp "
                        f"thông tin cho báo chí {pw} của {_self_name(f, 'short')}./."
                    ),
                    f"{_self_name(f, 'short')} trân trọng báo cáo./.",
                    f"Trên đây là báo cáo {pw}, kính gửi Sở Thông tin và Truyền thông tổng hợp./."
                    if not _is_stttt(f)
                    else f"Trên đây là báo cáo {pw}, kính trình UBND tỉnh xem xét./.",
                ]
            )
        )
    )
    comp.add(*compose_signature(f, rng))
    return comp.blocks, tags


# --------------------------------------------------------------------------- facts


def make_facts(
    agency: Agency,
    year: int,
    period: str,
    choice: dict[str, str],
    people: dict[str, Person],
    rng: random.Random,
    date: dt.date,
    force_deputy: bool = False,
) -> Facts:
    """Return facts consistent with the phrasing choices."""
    months = MONTHS[period]
    # spokesperson
    c = choice["spokesperson"]
    head_is_spokes = c in ("title-only", "comrade-title-only") or rng.random() < 0.3
    if force_deputy:
        head_is_spokes = False
    spokes = people["head"] if head_is_spokes else people["deputy"]
    if agency.kind == "district":
        unit = district_unit(agency, year)
        base = f"Chủ tịch UBND {unit}" if head_is_spokes else f"Phó Chủ tịch UBND {unit}"
        title = (
            rng.choice([base, f"{base} {agency.place}"])
            if c not in ("title-only", "comrade-title-only")
            else base
        )
    else:
        base = agency.head if head_is_spokes else agency.deputy
        title = base
        if (
            base.endswith(" Sở")
            and rng.random() < 0.4
            and c not in ("title-only", "comrade-title-only")
        ):
            title = f"{base} {agency.name[3:]}"  # "Phó Giám đốc Sở Y tế"
    name_known = c not in ("title-only", "comrade-title-only")
    prev = people.get("old") if c == "changed-during-year" else None
    signer_is_head = rng.random() < 0.45
    signer = people["head"] if signer_is_head else people["deputy2"]
    # posts
    pc = choice["posts"]
    base_posts = {
        "van-phong-ubnd-tinh": (900, 2600),
        "so-thong-tin-va-truyen-thong": (420, 1300),
    }.get(agency.id, (140, 520) if agency.kind == "district" else (60, 420))
    posts: int | None = rng.randint(*base_posts) * months // 12
    if pc == "number-words":
        posts = rng.randint(21, 99) if period == "h1" else rng.randint(30, 180)
    if pc == "no-number":
        posts = None
    if posts is not None and posts >= 1000 and pc == "number-words":
        posts = 99
    ppm_stated = None
    ppm_q = None
    pm = choice["ppm"]
    if posts is not None and not pm.startswith("absent"):
        ratio = posts / months
        if pm in ("trung-binh-tren", "hon"):
            v = int(ratio)
            if v == ratio:
                v -= 1
            ppm_stated, ppm_q = float(v), "trên" if pm == "trung-binh-tren" else "hơn"
        elif pm == "binh-quan-gan":
            v = int(ratio) + 1
            ppm_stated, ppm_q = float(v), "gần"
        elif pm in ("moi-thang-khoang", "tan-suat"):
            ppm_stated, ppm_q = float(round(ratio)), "khoảng"
        elif pm == "decimal":
            ppm_stated = round1(ratio)
        else:
            ppm_stated = float(round(ratio))
        if ppm_stated is not None and ppm_stated.is_integer():
            ppm_stated = float(int(ppm_stated))
    # press conferences
    prc = choice["press"]
    press = {
        "chua-to-chuc": 0,
        "khong-to-chuc-nao": 0,
        "da-to-chuc-01": 1,
        "hai-cuoc": 2,
        "mot-lan": 1,
        "attended-only": None,
        "giao-ban-and-none": 0,
        "table": rng.choice([0, 0, 1, 2, 3]),
        "silent": None,
        "chu-tri-n": rng.choice([2, 3, 4]),
        "heading-khong": 0,
        "attended-and-held": rng.choice([1, 2]),
    }[prc]
    if agency.id == "van-phong-ubnd-tinh" and prc == "chu-tri-n":
        press = 4
    # outlets
    oc = choice["outlets"]
    pool = ["Báo Hà Nam", "Đài PT-TH Hà Nam"]
    extra = DOMAIN_OUTLETS.get(agency.id, []) + rng.sample(
        [
            "TTXVN",
            "VTV",
            "VOV",
            "Báo Nhân Dân",
            "Cổng TTĐT tỉnh",
            "Báo Lao Động",
            "Tạp chí Cộng sản",
        ],
        3,
    )
    outlets: list[str] | None = pool + extra[: rng.randint(1, 3)]
    rng.shuffle(outlets)
    if oc == "central-local":
        outlets = ["Báo Nhân Dân", "TTXVN", "VTV", "VOV", "Báo Hà Nam", "Đài PT-TH Hà Nam"][
            : rng.randint(4, 6)
        ]
    if oc == "none-arose":
        outlets = []
    elif oc == "silent":
        outlets = None
    # recommendations and training
    rc = choice["recommendations"]
    tc = choice["training"]
    fill = {
        "self": agency_ref(agency, year),
        "domain_short": focus(agency),
    }
    others = [x.format(**fill) for x in rng.sample(OTHER_REQUESTS, 3)]
    t_index = rng.randrange(len(TRAINING_REQUESTS))
    training = TRAINING_REQUESTS[t_index]
    wants_training = tc in ("request-in-list", "attended-and-request", "prose-request")
    recs: list[str] | None
    topics: list[str] = []
    if rc in ("khong", "khong-co", "khong-co-kien-nghi", "khong-gi-them"):
        recs = []
        wants_training = False
    elif rc == "absent":
        recs = None
        wants_training = False
    elif rc == "prose" or tc == "prose-request":
        if wants_training:
            text = (
                f"{_cap(agency_ref(agency, year))} đề nghị Sở Thông tin và Truyền thông "
                "tiếp tục quan tâm tổ "
                "chức các lớp tập huấn, bồi dưỡng kỹ năng phát ngôn và kỹ năng sử dụng mạng xã hội "
                "cho người phát ngôn và cán bộ làm công tác truyền thông của đơn vị."
            )
            topics = ["spokesperson_skills", "social_media"]
            choice["training_used"] = "prose-request"
        else:
            text = (
                f"{_cap(agency_ref(agency, year))} kiến nghị UBND tỉnh quan tâm đầu tư kinh "
                "phí nâng cấp "
                "hạ tầng kỹ thuật Trang thông tin điện tử và bố trí cán bộ chuyên trách công tác "
                "thông tin, tuyên truyền."
            )
        recs = [text]
        choice["recommendations"] = "prose"
    else:
        k = rng.choice([1, 2, 2, 3])
        recs = others[:k]
        if wants_training:
            recs.insert(rng.randint(0, len(recs)), training[0])
            topics = list(training[1])
            choice["training_used"] = f"request-{t_index}"
        end = rng.choice([".", ";", ""])
        recs = [
            r + (end if i < len(recs) - 1 else ".") if end != "" else r for i, r in enumerate(recs)
        ]
    if recs and agency.id == "so-thong-tin-va-truyen-thong":
        recs = [_to_ministry(x) for x in recs]
    # assessment
    sc = choice["strengths"]
    lc = choice["limitations"]
    strengths = None
    limitations = None
    fill2 = {"self": _self_name_simple(agency, year), "domain_short": focus(agency)}
    if sc != "absent":
        picks = rng.sample(STRENGTHS, 2 if sc == "uu-diem-next-para" else 1)
        strengths = "\n".join(x.format(**fill2) for x in picks)
    if lc != "absent":
        lim_pool = LIMITATIONS + (LIMITATIONS_2020 if year == 2020 else [])
        picks = rng.sample(lim_pool, 2 if lc == "kho-khan" else 1)
        limitations = "\n".join(picks)
    date_shown = choice["report_date"] not in ("blank-day", "blank-day-month")
    number = (
        None
        if choice["report_number"].startswith("blank")
        else rng.randint(12, 2400 if agency.kind == "district" else 480)
    )
    return Facts(
        agency=agency,
        year=year,
        period=period,
        version=1,
        number=number,
        date=date,
        date_shown=date_shown,
        spokesperson=spokes if name_known else None,
        spokes_title=title,
        previous_spokesperson=prev,
        signer=signer,
        signer_is_head=signer_is_head,
        posts_total=posts,
        ppm_stated=ppm_stated,
        ppm_qualifier=ppm_q,
        press=press,
        outlets=outlets,
        recommendations=recs,
        training_topics=topics,
        strengths=strengths,
        limitations=limitations,
        choice=choice,
    )


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def _self_name_simple(a: Agency, year: int) -> str:
    if a.kind == "district":
        return f"UBND {district_unit(a, year)}"
    return agency_ref(a, year)


def _is_stttt(f: Facts) -> bool:
    return f.agency.id == "so-thong-tin-va-truyen-thong"


def _to_ministry(text: str) -> str:
    """Redirect requests of the Sở TT&TT itself to its ministry."""
    return (
        text.replace("Sở Thông tin và Truyền thông", "Bộ Thông tin và Truyền thông")
        .replace("Sở TT&TT", "Bộ TT&TT")
        .replace("Sở Nội vụ xem xét", "UBND tỉnh xem xét")
    )


def corrected(f: Facts, rng: random.Random, new_date: dt.date) -> Facts:
    """Return the facts of a corrected second version: numbers fixed, number and date filled."""
    old_ref = None
    if f.number is not None and f.date_shown:
        d = f.date
        old_ref = f"{f.number}/BC-{f.agency.symbol} ngày {d.day:02d}/{d.month:02d}/{d.year}"
    posts = f.posts_total
    if posts is not None:
        posts = posts + rng.choice([-1, 1]) * rng.randint(7, 40)
    ppm = f.ppm_stated
    if ppm is not None and posts is not None:
        ppm = float(round(posts / f.months)) if f.ppm_qualifier else round1(posts / f.months)
        if f.ppm_qualifier in ("trên", "hơn"):
            ppm = float(int(posts / f.months))
        elif f.ppm_qualifier == "gần":
            ppm = float(int(posts / f.months) + 1)
    press = f.press
    if press is not None and press == 0:
        press = 1
        choice = dict(f.choice, press="da-to-chuc-01")
    else:
        choice = dict(f.choice)
    choice["report_number"] = "plain"
    choice["report_date"] = "padded"
    return replace(
        f,
        version=2,
        number=(f.number or rng.randint(12, 480)) + rng.randint(3, 30),
        date=new_date,
        date_shown=True,
        posts_total=posts,
        ppm_stated=ppm,
        press=press,
        choice=choice,
        replaces=old_ref,
    )
