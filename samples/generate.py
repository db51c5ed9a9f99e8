"""Generate the sample corpus: reports of Hà Nam's agencies for 2019-2020 with ground truth.

Run ``python -m samples.generate`` to rewrite ``samples/reports/<year>/<file>``,
``samples/truth/<year>/<file>.json`` and ``samples/manifest.csv``. Everything is decided by a
fixed seed; DOCX files are byte-stable (fixed zip timestamps and core properties), and so are the
PDFs with the same LibreOffice and fonts (creation date, ID and checksum are pinned).

Options: ``--out DIR`` writes the corpus elsewhere (reports/, truth/, manifest.csv under DIR);
``--only-docx`` skips the LibreOffice/scan steps (used by the determinism test);
``--stats`` prints the phrasing distribution per field.

Truth rules that are not obvious from the text (see samples/README.md):
- posts_per_month: the stated number (qualifier such as "trên"/"gần" dropped); when not stated
  and posts_total is known, posts_total / months rounded half-up to 1 decimal, with
  posts_per_month_derived = true (months: 12 year, 6 h1, 9 9m, 3 quarter).
- press_conferences: null when the text says nothing about the agency holding one (attending
  the province's press conference or a "giao ban báo chí" is not holding one).
- outlets: null when the report has no part about giving information to the press, [] when it
  says no case arose.
- recommendations: the request text as written without the leading list mark; [] for "Không";
  null when there is no recommendations part.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ingest.record import FIELD_NAMES
from samples import others, season2026, seed
from samples.convert import (
    esign_pdf,
    phone_photos,
    pin_pdf_metadata,
    scan_pdf,
    soffice_convert,
    tmpdir,
)
from samples.docx_writer import Encoding, Meta, build_docx
from samples.report import TEMPLATES, Facts, Person, compose_report, corrected, make_facts
from samples.vocab import (
    FAMILY,
    GIVEN_F,
    GIVEN_M,
    MIDDLE_F,
    MIDDLE_M,
    agencies,
)

SEED = 20201215
HERE = Path(__file__).resolve().parent
# The 2026 season is a corpus of its own (reports/, truth/, manifest.csv): the seed loads it with
# the history, and it is scored apart, because the extractor does not read all of it yet (4/7).
SEASON = "season2026"
YEARS = (2019, 2020)
REPORTING = [
    "so-noi-vu",
    "so-tu-phap",
    "so-ke-hoach-va-dau-tu",
    "so-tai-chinh",
    "so-cong-thuong",
    "so-nong-nghiep-va-phat-trien-nong-thon",
    "so-giao-thong-van-tai",
    "so-xay-dung",
    "so-tai-nguyen-va-moi-truong",
    "so-thong-tin-va-truyen-thong",
    "so-lao-dong-thuong-binh-va-xa-hoi",
    "so-van-hoa-the-thao-va-du-lich",
    "so-khoa-hoc-va-cong-nghe",
    "so-giao-duc-va-dao-tao",
    "so-y-te",
    "thanh-tra-tinh",
    "van-phong-ubnd-tinh",
    "ban-quan-ly-cac-khu-cong-nghiep",
    "ubnd-thanh-pho-phu-ly",
    "ubnd-thi-xa-duy-tien",
    "ubnd-thi-xa-kim-bang",
    "ubnd-huyen-thanh-liem",
    "ubnd-huyen-binh-luc",
    "ubnd-huyen-ly-nhan",
]
MISSING = {
    2019: {"so-khoa-hoc-va-cong-nghe", "ubnd-huyen-thanh-liem", "so-giao-thong-van-tai"},
    2020: {
        "so-tai-chinh",
        "ban-quan-ly-cac-khu-cong-nghiep",
        "ubnd-huyen-binh-luc",
        "so-cong-thuong",
    },
}
HALF_YEAR = [
    ("ubnd-huyen-ly-nhan", 2019),
    ("so-y-te", 2020),
    ("so-van-hoa-the-thao-va-du-lich", 2020),
]
CORRECTED = [("so-tu-phap", 2019), ("ubnd-thi-xa-kim-bang", 2020), ("so-giao-duc-va-dao-tao", 2020)]
LATE = {
    ("so-tai-nguyen-va-moi-truong", 2019),
    ("ubnd-huyen-binh-luc", 2019),
    ("so-xay-dung", 2019),
    ("ubnd-huyen-ly-nhan", 2020),
    ("so-lao-dong-thuong-binh-va-xa-hoi", 2020),
    ("van-phong-ubnd-tinh", 2020),
}
SCANNED = {
    ("so-noi-vu", 2020),
    ("ubnd-huyen-binh-luc", 2019),
    ("so-tai-nguyen-va-moi-truong", 2020),
}
LEGACY_DOC = {
    ("so-lao-dong-thuong-binh-va-xa-hoi", 2019),
    ("ubnd-huyen-thanh-liem", 2020),
    ("so-cong-thuong", 2019),
}
TCVN3 = {
    ("ubnd-thi-xa-kim-bang", 2019),
    ("so-nong-nghiep-va-phat-trien-nong-thon", 2019),
    ("ubnd-huyen-ly-nhan", 2019, "h1"),
}
NFD = {("so-ke-hoach-va-dau-tu", 2020), ("ubnd-thanh-pho-phu-ly", 2019)}
FORCED_DEPUTY = {
    ("ubnd-huyen-ly-nhan", 2019, "year"),
    ("ubnd-huyen-ly-nhan", 2020, "year"),
    ("so-giao-thong-van-tai", 2020, "year"),
}
UPLOADERS = ["ttbcxb.lan", "ttbcxb.hung", "ttbcxb.phuong"]
# Facts fixed so that non-report documents agree with the reports they speak about.
PINNED_PEOPLE = {
    "ubnd-huyen-ly-nhan": {
        "deputy": Person("Trần Thị Thu Hương", True),
        "head": Person("Ngô Quang Toàn", False),
    },
    "so-giao-thong-van-tai": {
        "deputy": Person("Hoàng Mạnh Cường", False),
        "head": Person("Vũ Đức Thắng", False),
    },
}


@dataclass
class Item:
    """One file of the corpus."""

    name: str  # path relative to reports/, e.g. "2019/bc-phat-ngon-2019-syt.docx"
    fmt: str  # docx | pdf | scan | doc | esigned (PDF with a signature stamp) | photos (ZIP)
    encoding: str  # nfc | nfd | tcvn3
    blocks: list
    truth: dict
    meta: Meta
    received: dt.datetime
    note: str
    tags: dict[str, str] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)  # of a ZIP, as written


def _rng(*key: object) -> random.Random:
    return random.Random(f"{SEED}:" + ":".join(map(str, key)))


def _person(rng: random.Random, used: set[str]) -> Person:
    while True:
        female = rng.random() < 0.3
        mid = rng.choice(MIDDLE_F if female else MIDDLE_M)
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        name = f"{rng.choice(FAMILY)} {mid} {given}"
        if name not in used:
            used.add(name)
            return Person(name, female)


def _people() -> dict[str, dict[str, Person]]:
    rng = _rng("people")
    used: set[str] = set()
    out = {}
    for aid in REPORTING:
        out[aid] = {k: _person(rng, used) for k in ("head", "deputy", "deputy2", "old")}
        out[aid].update(PINNED_PEOPLE.get(aid, {}))
    return out


def _ascii(s: str) -> str:
    import unicodedata

    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def _filename(
    aid: str,
    year: int,
    period: str,
    version: int,
    symbol: str,
    rng: random.Random,
    fmt: str,
    when: dt.datetime,
) -> str:
    ext = {"docx": "docx", "pdf": "pdf", "scan": "pdf", "doc": "doc"}[fmt]
    sym = _ascii(symbol)
    if fmt == "scan":
        return f"scan_{when:%Y%m%d_%H%M%S}.{ext}"
    per = "" if period == "year" else "-6thang"
    style = rng.randrange(5)
    if aid.startswith("ubnd-"):
        for prefix in ("ubnd-huyen-", "ubnd-thi-xa-", "ubnd-thanh-pho-"):
            if aid.startswith(prefix):
                sym = aid[len(prefix) :].replace("-", "")
    stem = [
        f"bc-phat-ngon-{year}{per}-{sym.lower()}",
        f"BC_PN_{year}{per.replace('-', '_')}_{sym}",
        f"{aid}-{year}{per}",
        f"Bao_cao_phat_ngon_{year}{per.replace('-', '_')}_{sym}",
        f"{sym}_BC_cung_cap_thong_tin_bao_chi_{year}{per.replace('-', '_')}",
    ][style]
    if version == 2:
        stem += rng.choice(["_sua", "-ban-sua-doi", "_v2", "(dinh-chinh)"])
    return f"{stem}.{ext}"


def _assign_choices(keys: list[tuple]) -> dict[tuple, dict[str, str]]:
    """Give each report one phrasing per field, cycling through all templates of the field."""
    out: dict[tuple, dict[str, str]] = {k: {} for k in keys}
    for fname, ids in TEMPLATES.items():
        if not ids:
            continue
        rng = _rng("choices", fname)
        seq: list[str] = []
        while len(seq) < len(keys):
            block = list(ids)
            rng.shuffle(block)
            seq.extend(block)
        for k, c in zip(keys, seq, strict=False):
            out[k][fname] = c
    # Other templates the phrasing depends on.
    names = {"report_number": TEMPLATES["report_number"], "report_date": TEMPLATES["report_date"]}
    del names
    trng = _rng("traps")
    traps = ["views", "coverage", "portal", "cumulative", "views+coverage", "", "", "", ""]
    for k in keys:
        out[k]["posts_traps"] = trng.choice(traps)
    return out


# Phrasings that would be implausible for an agency: swap them with another report's.
_IMPLAUSIBLE = {
    ("posts", "number-words"): {"van-phong-ubnd-tinh", "so-thong-tin-va-truyen-thong"},
    ("posts", "no-number"): {"van-phong-ubnd-tinh", "so-thong-tin-va-truyen-thong"},
}


def _avoid(choices: dict[tuple, dict[str, str]], keys: list[tuple]) -> None:
    for (fname, value), bad in _IMPLAUSIBLE.items():
        for k in keys:
            if k[0] in bad and choices[k][fname] == value:
                for other in keys:
                    if other[0] not in bad and choices[other][fname] != value:
                        choices[k][fname], choices[other][fname] = choices[other][fname], value
                        break


def _workday(t: dt.datetime) -> dt.datetime:
    """Move a Saturday/Sunday arrival to the next Monday morning."""
    if t.weekday() >= 5:
        t = dt.datetime.combine(
            t.date() + dt.timedelta(days=7 - t.weekday()), dt.time(7, 42, t.second)
        )
    return t


def _dates(
    aid: str, year: int, period: str, late: bool, rng: random.Random
) -> tuple[dt.date, dt.datetime]:
    """Return (signing date, received datetime)."""
    if period == "h1":
        d = dt.date(year, 6, 12) + dt.timedelta(days=rng.randint(0, 20))
        recv = d + dt.timedelta(days=rng.randint(0, 4))
    elif late:
        d = dt.date(year, 12, 11) + dt.timedelta(days=rng.randint(0, 9))
        recv = max(d, dt.date(year, 12, 16)) + dt.timedelta(days=rng.randint(0, 18))
    else:
        d = dt.date(year, 11, 25) + dt.timedelta(days=rng.randint(0, 17))
        recv = min(d + dt.timedelta(days=rng.randint(0, 3)), dt.date(year, 12, 15))
    if recv.weekday() >= 5:
        recv += dt.timedelta(days=7 - recv.weekday())
        if not late and period == "year" and recv > dt.date(year, 12, 15):
            recv = dt.date(year, 12, 15) - dt.timedelta(
                days=max(0, dt.date(year, 12, 15).weekday() - 4)
            )
    t = dt.time(
        rng.randint(7, 16), rng.choice([0, 5, 12, 18, 24, 31, 37, 43, 48, 55]), rng.randint(0, 59)
    )
    return d, dt.datetime.combine(recv, t)


def plan() -> list[Item]:
    """Return every document of the corpus, fully decided but not yet written."""
    ags = agencies()
    people = _people()
    keys: list[tuple] = []
    for year in YEARS:
        for aid in REPORTING:
            if aid in MISSING[year] or (aid, year) == ("thanh-tra-tinh", 2020):
                continue
            keys.append((aid, year, "year"))
    for aid, year in HALF_YEAR:
        keys.append((aid, year, "h1"))
    choices = _assign_choices(keys)
    _avoid(choices, keys)
    items: list[Item] = []
    used_names: set[str] = set()
    fmt_rng = _rng("formats")
    for key in keys:
        aid, year, period = key
        rng = _rng("report", *key)
        a = ags[aid]
        late = (aid, year) in LATE and period == "year"
        date, received = _dates(aid, year, period, late, rng)
        choice = dict(choices[key])
        # The decisions in the corpus name these deputies as spokespeople.
        force = key in FORCED_DEPUTY
        facts = make_facts(a, year, period, choice, people[aid], rng, date, force_deputy=force)
        if key == (
            "so-y-te",
            2019,
            "year",
        ):  # the dispatch forwards "Báo cáo số 301/BC-SYT ngày 10/12/2019"
            facts.number, facts.date, facts.date_shown = 301, dt.date(2019, 12, 10), True
            facts.choice["report_number"], facts.choice["report_date"] = "plain", "padded"
        if key == ("so-xay-dung", 2019, "year") and facts.posts_total is not None:
            facts.posts_total = 236  # the memo speaks of "khoảng 240 tin, bài"
            if facts.ppm_stated is not None:
                facts.ppm_stated, facts.ppm_qualifier, facts.choice["ppm"] = None, None, "absent"
        fmt = "docx"
        enc = "nfc"
        if (aid, year) in SCANNED and period == "year":
            fmt = "scan"
        elif (aid, year) in LEGACY_DOC and period == "year":
            fmt = "doc"
        elif (aid, year, period) in TCVN3 or ((aid, year) in TCVN3 and period == "year"):
            enc = "tcvn3"
        elif (aid, year) in NFD and period == "year":
            enc = "nfd"
        elif fmt_rng.random() < 0.36:
            fmt = "pdf"
        items.extend(_report_items(facts, rng, fmt, enc, received, late, used_names))
        if (aid, year) in CORRECTED and period == "year":
            new_date = facts.date + dt.timedelta(days=rng.randint(5, 9))
            f2 = corrected(facts, rng, new_date)
            recv2 = _workday(
                dt.datetime.combine(
                    new_date + dt.timedelta(days=rng.randint(0, 2)),
                    dt.time(rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59)),
                )
            )
            items.extend(
                _report_items(
                    f2,
                    _rng("report-v2", *key),
                    "docx" if fmt != "pdf" else "pdf",
                    "nfc",
                    recv2,
                    recv2.date() > dt.date(year, 12, 15),
                    used_names,
                )
            )
    items.append(_seed_item())
    items.extend(_other_items())
    items.sort(key=lambda it: it.name)
    return items


def _report_items(
    f: Facts,
    rng: random.Random,
    fmt: str,
    enc: str,
    received: dt.datetime,
    late: bool,
    used: set[str],
) -> list[Item]:
    blocks, tags = compose_report(f, rng)
    tags["format"] = fmt if enc == "nfc" else enc
    name = _filename(f.agency.id, f.year, f.period, f.version, f.agency.symbol, rng, fmt, received)
    while name in used:
        name = name.replace(".", "_1.", 1)
    used.add(name)
    notes = []
    if f.version == 2:
        notes.append("Bản gửi lại, đính chính số liệu so với bản đã gửi trước")
    if late:
        notes.append("Nộp sau hạn 15/12")
    if fmt == "scan":
        notes.append("Bản scan có chữ ký, đóng dấu")
    notes.append(
        random.Random(name).choice(
            [
                "Nhận qua hệ thống quản lý văn bản",
                "Nhận qua thư điện tử công vụ",
                "Nhận qua hệ thống quản lý văn bản",
                "Nhận bản giấy, đã số hóa" if fmt == "scan" else "Nhận qua thư điện tử công vụ",
            ]
        )
    )
    created = dt.datetime.combine(f.date, dt.time(8, 0)) - dt.timedelta(
        days=rng.randint(1, 4), minutes=rng.randint(0, 400)
    )
    meta = Meta(
        author=rng.choice(["Van phong", "VP", "Admin", "User", "Windows User", "PC"]),
        created=created,
        page_numbers=rng.random() < 0.4,
    )
    return [
        Item(
            name=f"{f.year}/{name}",
            fmt=fmt,
            encoding=enc,
            blocks=blocks,
            truth=f.truth(),
            meta=meta,
            received=received,
            note="; ".join(notes),
            tags=tags,
        )
    ]


def _seed_item() -> Item:
    return Item(
        name="2020/thanh-tra-ha-nam-2020.docx",
        fmt="docx",
        encoding="nfc",
        blocks=seed.blocks(),
        truth=seed.truth(),
        meta=Meta(author="Thanh tra tinh", created=dt.datetime(2020, 12, 1, 9, 12)),
        received=dt.datetime(2020, 12, 9, 10, 24, 11),
        note="Bản thật (đã lược chữ ký); nhận qua hệ thống quản lý văn bản",
        tags={"format": "seed"},
    )


def _non_report_truth(doc_type: str) -> dict:
    t: dict = {"doc_type": doc_type}
    for n in FIELD_NAMES:
        t[n] = None
        if n == "posts_per_month":
            t["posts_per_month_derived"] = False
    return t


def _other_items() -> list[Item]:
    specs = [
        (
            "2019/ToTrinh_ky_BC_phat_ngon_2019_SXD.docx",
            "docx",
            "memo",
            others.memo_so_xay_dung,
            "Tờ trình gửi kèm nhầm; không phải báo cáo",
        ),
        (
            "2020/to-trinh-bc-phat-ngon-2020-binh-luc.pdf",
            "pdf",
            "memo",
            others.memo_phong_vhtt_binh_luc,
            "Gửi nhầm tờ trình nội bộ thay cho báo cáo",
        ),
        (
            "2019/CV_gui_BC_phat_ngon_2019_SYT.pdf",
            "pdf",
            "dispatch",
            others.dispatch_so_y_te,
            "Công văn gửi kèm báo cáo",
        ),
        (
            "2020/cv-1102-stttt-de-nghi-bao-cao-2020.docx",
            "docx",
            "dispatch",
            others.dispatch_stttt_request,
            "Công văn đề nghị báo cáo của Sở (lưu để đối chiếu)",
        ),
        (
            "2020/mau-bao-cao-phat-ngon-trong.docx",
            "docx",
            "form",
            others.blank_form,
            "Đơn vị gửi nhầm mẫu trống",
        ),
        (
            "2020/scan_20200318_101544.pdf",
            "scan",
            "decision",
            others.decision_sgtvt,
            "Quyết định giao người phát ngôn, bản scan",
        ),
        (
            "2019/QD_nguoi_phat_ngon_UBND_Ly_Nhan.docx",
            "docx",
            "decision",
            others.decision_ly_nhan,
            "Quyết định kiện toàn người phát ngôn",
        ),
    ]
    items = []
    for name, fmt, doc_type, fn, note in specs:
        blocks, date = fn()
        rng = _rng("other", name)
        recv = _workday(
            dt.datetime.combine(
                date + dt.timedelta(days=rng.randint(1, 4)),
                dt.time(rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59)),
            )
        )
        items.append(
            Item(
                name=name,
                fmt=fmt,
                encoding="nfc",
                blocks=blocks,
                truth=_non_report_truth(doc_type),
                meta=Meta(author="VP", created=dt.datetime.combine(date, dt.time(8, 30))),
                received=recv,
                note=note,
                tags={"format": fmt, "doc_type": doc_type},
            )
        )
    return items


# ------------------------------------------------------------------------- the 2026 season

# Departments that have not reported by Sunday 6/12/2026; of the 129 communes, SEASON_COMMUNES
# have reported (most communes are simply missing, as on any 6 December).
SEASON_MISSING = {"ninh-binh-so-xay-dung", "ninh-binh-ban-quan-ly-cac-khu-cong-nghiep"}
SEASON_COMMUNES = 24
SEASON_LATE = 4  # arrived on Saturday 5/12 or Sunday 6/12, after the Friday deadline
SEASON_UPLOADERS = ["qlbc.thu", "qlbc.nam", "qlbc.hoa"]


def _season_received(rng: random.Random, late: bool) -> tuple[dt.date, dt.datetime]:
    """Return (signing date, arrival) of a 2026 report: on time by 4/12, or late by 6/12."""
    if late:
        day = season2026.DEADLINE + dt.timedelta(days=rng.randint(1, 2))
        signed = day - dt.timedelta(days=rng.randint(1, 3))
    else:
        signed = dt.date(2026, 11, 23) + dt.timedelta(days=rng.randint(0, 10))
        day = min(signed + dt.timedelta(days=rng.randint(0, 2)), season2026.DEADLINE)
        if day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)
            signed = min(signed, day)
    when = dt.time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59))
    return signed, dt.datetime.combine(day, when)


def _season_name(unit: season2026.Unit, fmt: str, when: dt.datetime, rng: random.Random) -> str:
    if fmt == "scan":
        return f"scan_{when:%Y%m%d_%H%M%S}.pdf"
    ext = {"docx": "docx", "pdf": "pdf", "esigned": "pdf", "photos": "zip"}[fmt]
    if fmt == "photos":
        return f"anh_bao_cao_{_ascii(unit.short).replace(' ', '_').lower()}.zip"
    sym = _ascii(unit.short or unit.symbol).replace(" ", "")
    if fmt == "esigned":
        return f"{when:%Y%m%d}_BC_ND244_{sym}_signed.{ext}"
    stem = [
        f"BC_phat_ngon_{YEAR_2026}_{sym}",
        f"bc-nd244-{YEAR_2026}-{sym.lower()}",
        f"{sym}_Bao_cao_cung_cap_thong_tin_bao_chi_{YEAR_2026}",
    ][rng.randrange(3)]
    return f"{stem}.{ext}"


YEAR_2026 = season2026.YEAR


def plan_season() -> list[Item]:
    """Return every document of the 2026 season (tỉnh Ninh Bình), decided but not written."""
    units = season2026.units()
    depts = [u for u in units.values() if u.kind != "commune" and u.id not in SEASON_MISSING]
    communes = sorted(
        _rng("season", "communes").sample(
            [u.id for u in units.values() if u.kind == "commune"], SEASON_COMMUNES
        )
    )
    reporting = [u.id for u in depts] + communes
    late = set(_rng("season", "late").sample(reporting, SEASON_LATE))
    # One of each: an e-signed PDF (the provincial office), a scan, a ZIP of phone photos;
    # a fifth of the rest as PDF exported from Word.
    special = {
        "ninh-binh-van-phong-ubnd-tinh": "esigned",
        communes[3]: "scan",
        communes[7]: "photos",
    }
    used: set[str] = set()
    names: set[str] = set()
    items = []
    for index, uid in enumerate(reporting):
        unit = units[uid]
        rng = _rng("season", uid)
        signed, received = _season_received(rng, uid in late)
        facts = season2026.make_facts(unit, index, signed, rng, used)
        if uid in special and special[uid] in ("scan", "photos"):
            # OCR time: the scan one page, the photos two (the annex on its own page).
            facts.layout = "table" if special[uid] == "scan" else "annex"
            facts.posts_total, facts.outlets, facts.difficulties = None, None, None
            facts.recommendations = facts.recommendations[:1]
            facts.training_topics = [
                t for r, ts in season2026.REQUESTS if r in facts.recommendations for t in ts
            ]
        fmt = special.get(uid) or ("pdf" if _rng("season", "fmt", uid).random() < 0.2 else "docx")
        signer = season2026._person(rng, used)
        if facts.spokesperson and facts.spokesperson[2] == season2026.head_title(unit):
            signer = facts.spokesperson[:2]  # the head is the spokesperson and signs
        name = _season_name(unit, fmt, received, rng)
        while name in names:
            name = name.replace(".", "_1.", 1)
        names.add(name)
        notes = []
        if uid in late:
            notes.append("Nộp sau hạn 04/12")
        notes.append(
            {
                "scan": "Bản scan có chữ ký, đóng dấu",
                "photos": "Ảnh chụp bằng điện thoại, 2 trang, gửi qua Zalo",
                "esigned": "Văn bản điện tử có chữ ký số",
            }.get(
                fmt,
                random.Random(name).choice(
                    ["Nhận qua hệ thống quản lý văn bản"] * 2 + ["Nhận qua thư điện tử công vụ"]
                ),
            )
        )
        items.append(
            Item(
                name=f"{YEAR_2026}/{name}",
                fmt=fmt,
                encoding="nfc",
                blocks=season2026.compose(facts, signer),
                truth=facts.truth(),
                meta=Meta(
                    author=rng.choice(["Van phong", "VP", "Admin", "User"]),
                    created=dt.datetime.combine(signed, dt.time(8, 0)) - dt.timedelta(days=1),
                ),
                received=received,
                note="; ".join(notes),
                tags={"format": fmt, "layout": facts.layout},
            )
        )
    items.sort(key=lambda it: it.name)
    return items


def write_registry(out: Path) -> int:
    """Rewrite tỉnh Ninh Bình's rows of ``out``/agencies.csv from the national list; return them.

    The other rows (Hà Nam's history) are kept as they are in samples/agencies.csv.
    """
    with (HERE / "agencies.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns = list(reader.fieldnames or [])
        kept = [r for r in reader if r["province"] != season2026.PROVINCE]
    rows = season2026.registry_rows()
    out.mkdir(parents=True, exist_ok=True)
    with (out / "agencies.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, columns, lineterminator="\n")
        w.writeheader()
        w.writerows(kept)
        w.writerows({c: r.get(c, "") for c in columns} for r in rows)
    return len(rows)


def _encoding(kind: str) -> Encoding:
    if kind == "tcvn3":
        from ingest.text import encode_legacy

        return Encoding("tcvn3", lambda s: encode_legacy(s, "tcvn3"), ".VnTime", ".VnTimeH")
    return Encoding(kind)


def write(out: Path, *, only_docx: bool = False) -> list[Item]:
    """Write the corpus under ``out`` (reports/, truth/, manifest.csv, agencies.csv) and the 2026
    season under ``out``/season2026 (reports/, truth/, manifest.csv); return every item."""
    write_registry(out)
    history = write_corpus(out, plan(), UPLOADERS, only_docx=only_docx)
    season = write_corpus(out / SEASON, plan_season(), SEASON_UPLOADERS, only_docx=only_docx)
    return history + season


def write_corpus(
    out: Path, items: list[Item], uploaders: list[str], *, only_docx: bool = False
) -> list[Item]:
    """Write ``items`` under ``out`` (reports/, truth/, manifest.csv); return the ones written."""
    reports = out / "reports"
    truth = out / "truth"
    for d in (reports, truth):
        if d.exists():
            shutil.rmtree(d)
    tmp = tmpdir()
    to_pdf: list[tuple[Item, Path]] = []
    to_doc: list[tuple[Item, Path]] = []
    for it in items:
        data = build_docx(it.blocks, it.meta, _encoding(it.encoding))
        if it.fmt == "docx":
            path = reports / it.name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        elif not only_docx:
            src = tmp / (Path(it.name).stem + ".docx")
            src.write_bytes(data)
            (to_doc if it.fmt == "doc" else to_pdf).append((it, src))
    if not only_docx:
        pdf_dir = tmp / "pdf"
        soffice_convert([s for _, s in to_pdf], "pdf", pdf_dir)
        soffice_convert([s for _, s in to_doc], "doc", tmp / "doc")
        for it, src in to_pdf:
            pdf = pdf_dir / (src.stem + ".pdf")
            dest = reports / it.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            made = it.received - dt.timedelta(hours=3, minutes=17)
            if it.fmt == "scan":
                scan_pdf(pdf, dest, _rng("scan", it.name), it.received - dt.timedelta(hours=2))
            elif it.fmt == "photos":
                dest.write_bytes(_photo_zip(pdf, it))
            elif it.fmt == "esigned":
                signed = esign_pdf(pin_pdf_metadata(pdf.read_bytes(), made, it.name), _stamp(it))
                dest.write_bytes(pin_pdf_metadata(signed, made, it.name))
            else:
                dest.write_bytes(pin_pdf_metadata(pdf.read_bytes(), made, it.name))
        for it, src in to_doc:
            dest = reports / it.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tmp / "doc" / (src.stem + ".doc"), dest)
    shutil.rmtree(tmp, ignore_errors=True)
    written = [it for it in items if not only_docx or it.fmt == "docx"]
    for it in written:
        tpath = truth / (it.name + ".json")
        tpath.parent.mkdir(parents=True, exist_ok=True)
        tpath.write_text(
            json.dumps(it.truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "received_at", "uploaded_by", "note"])
        for it in sorted(written, key=lambda i: (i.received, i.name)):
            who = random.Random(it.name).choice(uploaders)
            w.writerow([it.name, it.received.isoformat(), who, it.note])
            # The warehouse loads an archive member by member and looks each one up by name.
            for member in it.members:
                w.writerow([f"{it.name}/{member}", it.received.isoformat(), who, it.note])
    return written


def _stamp(it: Item) -> list[str]:
    """Return the lines of the signing tool's stamp on an e-signed report."""
    when = it.received - dt.timedelta(hours=1, minutes=12)
    return [
        "Ký bởi: Văn phòng Ủy ban nhân dân tỉnh Ninh Bình",
        "Email: vpubnd@ninhbinh.gov.vn",
        "Cơ quan: Tỉnh Ninh Bình",
        f"Thời gian ký: {when:%d.%m.%Y %H:%M:%S} +07:00",
    ]


def _photo_zip(pdf: Path, it: Item) -> bytes:
    """Return a ZIP of one phone photo per page of ``pdf`` (fixed member dates: reproducible)."""
    import io
    import zipfile

    buf = io.BytesIO()
    shot = it.received - dt.timedelta(minutes=40)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for k, jpeg in enumerate(phone_photos(pdf, _rng("photos", it.name))):
            t = shot + dt.timedelta(seconds=17 * k)
            info = zipfile.ZipInfo(f"IMG_{t:%Y%m%d_%H%M%S}.jpg", date_time=t.timetuple()[:6])
            zf.writestr(info, jpeg)
            it.members.append(info.filename)
    return buf.getvalue()


def phrasing_counts(items: list[Item]) -> dict[str, collections.Counter]:
    """Return, per field, how many reports use each phrasing."""
    fields: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for it in items:
        if it.truth["doc_type"] != "report":
            continue
        for k, v in it.tags.items():
            fields[k][v] += 1
    return fields


def stats(items: list[Item]) -> str:
    """Return the phrasing distribution per field, formats and doc types as text."""
    lines = []
    by_format = collections.Counter(
        it.fmt + ("/" + it.encoding if it.encoding != "nfc" else "") for it in items
    )
    by_type = collections.Counter(it.truth["doc_type"] for it in items)
    lines.append(f"documents: {len(items)}")
    lines.append(f"by format: {dict(sorted(by_format.items()))}")
    lines.append(f"by doc_type: {dict(sorted(by_type.items()))}")
    fields = phrasing_counts(items)
    for k in sorted(fields):
        c = fields[k]
        lines.append(
            f"{k}: {len(c)} distinct: " + ", ".join(f"{a}={b}" for a, b in c.most_common())
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the generator CLI."""
    ap = argparse.ArgumentParser(
        prog="python -m samples.generate", description=__doc__.splitlines()[0]
    )
    ap.add_argument(
        "--out", type=Path, default=HERE, help="folder for reports/, truth/, manifest.csv"
    )
    ap.add_argument("--only-docx", action="store_true", help="write only the DOCX files (fast)")
    ap.add_argument("--stats", action="store_true", help="print the phrasing distribution")
    args = ap.parse_args(argv)
    items = write(args.out, only_docx=args.only_docx)
    print(
        f"wrote {len(items) if not args.only_docx else sum(i.fmt == 'docx' for i in items)} "
        f"documents to {args.out}"
    )
    if args.stats:
        print(stats(items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
