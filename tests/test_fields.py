"""Field rules over short, hand-phrased texts: every field and every trap of DOMAIN.md."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from documents import document_from_text
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.document import Block, Document, Location
from ingest.fields import FAMILIES, extract
from ingest.fields.context import Context
from ingest.fields.view import build_view
from ingest.fields.vocabulary import province_from_text
from ingest.record import ALL_FIELDS, FIELD_NAMES, FORM_FIELDS, SPECS
from ingest.registry import Registry, name_key
from ingest.topics import TOPICS, topics_for

HEADER = """UBND TỈNH HÀ NAM || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TƯ PHÁP || Độc lập - Tự do - Hạnh phúc
Số: 88/BC-STP || Hà Nam, ngày 10 tháng 12 năm 2021
BÁO CÁO
Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2021
"""

REGISTRY_CSV = "\n".join(
    [
        "id,name,short_name,aliases,type,parent,province,valid_from,valid_to",
        "so-tu-phap,Sở Tư pháp,STP,Sở Tư pháp tỉnh Hà Nam,department,UBND tỉnh Hà Nam,Hà "
        "Nam,1997-01-01,2025-06-30",
        "so-khdt,Sở Kế hoạch và Đầu tư,Sở KH&ĐT,SKHĐT,department,UBND tỉnh Hà Nam,Hà "
        "Nam,1997-01-01,2025-02-28",
        "so-tttt,Sở Thông tin và Truyền thông,Sở TT&TT,STTTT,department,UBND tỉnh Hà Nam,Hà "
        "Nam,2008-04-01,2025-02-28",
        "so-khcn,Sở Khoa học và Công nghệ,Sở KH&CN,,department,UBND tỉnh Hà Nam,Hà Nam,1997-01-01,",
        "so-ldtbxh,Sở Lao động - Thương binh và Xã hội,Sở LĐ-TB&XH,,department,UBND tỉnh Hà "
        "Nam,Hà Nam,1997-01-01,2025-02-28",
        'so-vhttdl,"Sở Văn hóa, Thể thao và Du lịch",Sở VH-TT&DL,,department,'
        "UBND tỉnh Hà Nam,Hà Nam,2008-04-01,",
        "so-nnptnt,Sở Nông nghiệp và Phát triển nông thôn,Sở NN&PTNT,,department,UBND tỉnh Hà "
        "Nam,Hà Nam,1997-01-01,2025-02-28",
        "so-tnmt,Sở Tài nguyên và Môi trường,Sở TN&MT,,department,UBND tỉnh Hà Nam,Hà "
        "Nam,2003-01-01,2025-02-28",
        "so-gddt,Sở Giáo dục và Đào tạo,Sở GD&ĐT,,department,UBND tỉnh Hà Nam,Hà Nam,1997-01-01,",
        "so-gtvt,Sở Giao thông vận tải,Sở GTVT,,department,UBND tỉnh Hà Nam,Hà "
        "Nam,1997-01-01,2025-02-28",
        "so-y-te-hn,Sở Y tế,SYT,,department,UBND tỉnh Hà Nam,Hà Nam,1997-01-01,",
        "so-y-te-nd,Sở Y tế,SYT,,department,UBND tỉnh Nam Định,Nam Định,1997-01-01,",
        "thanh-tra,Thanh tra tỉnh,TTr,Thanh tra tỉnh Hà Nam,department,UBND tỉnh Hà Nam,Hà "
        "Nam,1997-01-01,",
        "vp-ubnd,Văn phòng UBND tỉnh,VP UBND tỉnh,Văn phòng Ủy ban nhân dân tỉnh Hà "
        "Nam,department,,Hà Nam,1997-01-01,",
        "bql-kcn,Ban Quản lý các khu công nghiệp,BQL các KCN,Ban Quản lý các KCN tỉnh Hà "
        "Nam,other,,Hà Nam,2002-01-01,",
        "binh-luc,Ủy ban nhân dân huyện Bình Lục,UBND huyện Bình Lục,Huyện Bình Lục,district,,Hà "
        "Nam,1997-01-01,2025-06-30",
        "kim-bang,Ủy ban nhân dân thị xã Kim Bảng,UBND thị xã Kim Bảng,UBND huyện Kim Bảng;Ủy ban "
        "nhân dân huyện Kim Bảng,district,,Hà Nam,1997-01-01,2025-06-30",
        "phu-ly,Ủy ban nhân dân thành phố Phủ Lý,UBND TP Phủ Lý,,district,,Hà "
        "Nam,1997-01-01,2025-06-30",
        "hoa-binh-so,Sở Y tế tỉnh Hòa Bình,,,department,,Hòa Bình,1997-01-01,",
    ]
)


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> Registry:
    p = tmp_path_factory.mktemp("reg") / "agencies.csv"
    p.write_text(REGISTRY_CSV, encoding="utf-8")
    return Registry.from_csv(p)


def run(body: str, *, header: str = HEADER, registry: Registry | None = None) -> dict:
    fields = extract(document_from_text(header + body), registry)
    return {k: v.value for k, v in fields.items()}


def fv(body: str, name: str, *, header: str = HEADER, registry: Registry | None = None):
    return extract(document_from_text(header + body), registry).get(name)


# --------------------------------------------------------------------------------- year, period


@pytest.mark.parametrize(
    ("title", "year", "period"),
    [
        ("Kết quả thực hiện việc phát ngôn năm 2019", 2019, "year"),
        ("Công tác phát ngôn và cung cấp thông tin cho báo chí 6 tháng đầu năm 2021", 2021, "h1"),
        ("Kết quả phát ngôn, cung cấp thông tin cho báo chí sáu tháng đầu năm 2022", 2022, "h1"),
        ("Kết quả công tác phát ngôn 06 tháng đầu năm 2020", 2020, "h1"),
        ("Tình hình thực hiện Quy chế phát ngôn 9 tháng năm 2022", 2022, "9m"),
        ("Kết quả thực hiện phát ngôn quý II năm 2023", 2023, "q2"),
        ("Kết quả thực hiện phát ngôn Quý 4/2020", 2020, "q4"),
        ("Công tác phát ngôn quý I - 2024", 2024, "q1"),
        ("KẾT QUẢ THỰC HIỆN VIỆC PHÁT NGÔN QUÝ III NĂM 2021", 2021, "q3"),
        # Roman numerals as their own characters (U+2160 block).
        ("Kết quả thực hiện phát ngôn quý Ⅲ năm 2021", 2021, "q3"),
        ("Kết quả thực hiện phát ngôn Quý Ⅳ/2021", 2021, "q4"),
        ("Số liệu từ ngày 15/12/2026 đến ngày 14/12/2027 về phát ngôn", 2027, "year"),
        ("Kết quả phát ngôn năm 2022 và phương hướng, nhiệm vụ năm 2023", 2022, "year"),
        ("Công tác phát ngôn quý IV và cả năm 2021", 2021, "year"),
        ("Công tác phát ngôn 6 tháng đầu năm 2024, nhiệm vụ 6 tháng cuối năm 2024", 2024, "h1"),
    ],
)
def test_period_from_title(title, year, period):
    header = HEADER.replace(
        "Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2021", title
    )
    got = run("Nội dung báo cáo.", header=header)
    assert (got.get("year"), got.get("period")) == (year, period)


@pytest.mark.parametrize(
    ("body", "year", "period"),
    [
        (
            "Căn cứ Quyết định số 29/2019/QĐ-UBND ngày 30/8/2019 của UBND tỉnh;\n"
            "Sở Tư pháp báo cáo kết quả thực hiện năm 2021 như sau:",
            2021,
            "year",
        ),
        (
            "Thực hiện Công văn số 520/STTTT-TTBCXB ngày 08/6/2020 của Sở TT&TT, Sở Tư pháp báo cáo"
            " kết quả 6 tháng đầu năm 2022 như sau:",
            2022,
            "h1",
        ),
        (
            "Căn cứ Kế hoạch số 12/KH-UBND ngày 15/01/2018 giai đoạn 2018-2020;\n"
            "Căn cứ Nghị định số 09/2017/NĐ-CP;\n"
            "Sở báo cáo kết quả công tác phát ngôn quý III năm 2023 như sau:",
            2023,
            "q3",
        ),
    ],
)
def test_period_never_from_basis_lines(body, year, period):
    header = HEADER.replace(
        "Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2021",
        "Kết quả công tác phát ngôn và cung cấp thông tin cho báo chí",
    ).replace("ngày 10 tháng 12 năm 2021", "ngày 10 tháng 12 năm 2024")
    got = run(body, header=header)
    assert (got.get("year"), got.get("period")) == (year, period)


def test_year_falls_back_to_report_date_with_low_confidence():
    header = HEADER.replace(
        "Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2021",
        "Công tác phát ngôn và cung cấp thông tin cho báo chí",
    )
    year = fv("Nội dung.", "year", header=header)
    assert year.value == 2021
    assert year.confidence < 0.6


# ----------------------------------------------------------------------------- number and date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Số: 123/BC-SYT", "123/BC-SYT"),
        ("Số: /BC-TTr", None),
        ("Số:       /BC-UBND", None),
        ("Số: 45 /BC-UBND", "45/BC-UBND"),
        ("Số 07/BC-STP", "07/BC-STP"),
        ("Số: 1845/BC-SGDĐT", "1845/BC-SGDĐT"),
    ],
)
def test_report_number(line, expected):
    header = HEADER.replace("Số: 88/BC-STP", line)
    got = fv("Nội dung.", "report_number", header=header)
    assert got is not None
    assert got.value == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hà Nam, ngày 07 tháng 12 năm 2020", "2020-12-07"),
        ("Phủ Lý, ngày 7 tháng 1 năm 2021", "2021-01-07"),
        ("Hà Nam, ngày      tháng 12 năm 2020", None),
        ("Hà Nam, ngày ... tháng ... năm 2020", None),
        ("Hà Nam, ngày 15 tháng      năm 2020", None),
        ("Hà Nam, ngày 15/12/2022", "2022-12-15"),
        ("Hà Nam, ngày 7-12-2022", "2022-12-07"),
    ],
)
def test_report_date(line, expected):
    header = HEADER.replace("Hà Nam, ngày 10 tháng 12 năm 2021", line)
    got = fv("Nội dung.", "report_date", header=header)
    assert got is not None
    assert got.value == expected


# ------------------------------------------------------------------------- agency and province


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (["UBND TỈNH HÀ NAM", "SỞ TƯ PHÁP"], "Sở Tư pháp"),
        (["UBND TỈNH HÀ NAM", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"], "Sở Kế hoạch và Đầu tư"),
        (["ỦY BAN NHÂN DÂN", "HUYỆN BÌNH LỤC"], "Ủy ban nhân dân huyện Bình Lục"),
        (["UỶ BAN NHÂN DÂN", "HUYỆN KIM BẢNG"], "Ủy ban nhân dân thị xã Kim Bảng"),
        (["UBND TỈNH HÀ NAM", "VĂN PHÒNG"], "Văn phòng UBND tỉnh"),
        (["UBND TỈNH HÀ NAM", "THANH TRA TỈNH"], "Thanh tra tỉnh"),
        (
            ["UBND TỈNH HÀ NAM", "BAN QUẢN LÝ CÁC", "KHU CÔNG NGHIỆP"],
            "Ban Quản lý các khu công nghiệp",
        ),
        (["UBND TỈNH HÀ NAM", "SỞ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"], "Sở Tài nguyên và Môi trường"),
        (["UBND TỈNH HÀ NAM", "SỞ Y TẾ"], "Sở Y tế"),
    ],
)
def test_agency_from_header_left_column(left, expected, registry):
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", ""]
    rows = [f"{ln} || {rt}" for ln, rt in zip(left, right + [""] * 3, strict=False)]
    header = "\n".join(rows) + "\nSố: 12/BC-XX || Hà Nam, ngày 01 tháng 12 năm 2021\nBÁO CÁO\n"
    header += "Kết quả phát ngôn năm 2021\n"
    got = fv("Nội dung báo cáo.", "agency", header=header, registry=registry)
    assert got is not None and got.value == expected
    assert got.confidence >= 0.8


def test_agency_same_name_other_province_picks_header_province(registry):
    header = HEADER.replace("UBND TỈNH HÀ NAM", "UBND TỈNH NAM ĐỊNH").replace(
        "SỞ TƯ PHÁP", "SỞ Y TẾ"
    )
    got = extract(document_from_text(header + "Nội dung."), registry)
    assert got["agency"].value == "Sở Y tế"
    assert registry.match("Sở Y tế", province="Nam Định").id == "so-y-te-nd"
    assert got["province"].value == "Nam Định"


def test_agency_from_body_when_header_has_none(registry):
    header = "BÁO CÁO\nKết quả phát ngôn năm 2021\n"
    body = "Sở Kế hoạch và Đầu tư báo cáo kết quả thực hiện năm 2021 như sau:"
    got = fv(body, "agency", header=header, registry=registry)
    assert got.value == "Sở Kế hoạch và Đầu tư"


def test_agency_unknown_to_registry_is_low_confidence(registry):
    header = HEADER.replace("SỞ TƯ PHÁP", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG")
    got = fv("Nội dung.", "agency", header=header, registry=registry)
    assert got.confidence < 0.6


def test_agency_without_registry_is_as_written():
    assert fv("Nội dung.", "agency").value == "Sở Tư pháp"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (HEADER, "Hà Nam"),
        (HEADER.replace("UBND TỈNH HÀ NAM", "UBND TỈNH THÁI BÌNH"), "Thái Bình"),
        (
            "ỦY BAN NHÂN DÂN || CỘNG HÒA\nTỈNH NINH BÌNH || Độc lập\nVĂN PHÒNG || \nBÁO CÁO\nX "
            "năm 2020\n",
            "Ninh Bình",
        ),
        (
            "SỞ Y TẾ || CỘNG HÒA\nSố: 1/BC || Nam Định, ngày 01 tháng 12 năm 2020\nBÁO CÁO\nX năm "
            "2020\n",
            "Nam Định",
        ),
    ],
)
def test_province(header, expected):
    assert fv("Nội dung.", "province", header=header).value == expected


def test_province_names():
    assert province_from_text("Hà Nam, ngày") == "Hà Nam"
    assert province_from_text("HÀ NỘI") == "Hà Nội"
    assert province_from_text("Hoà Bình") == "Hòa Bình"
    assert province_from_text("Kim Bảng") is None


# ------------------------------------------------------------------------------- spokesperson


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        ("Người phát ngôn: ông Nguyễn Văn An – Giám đốc Sở.", "Nguyễn Văn An", "Giám đốc Sở"),
        (
            "Người phát ngôn của Sở là đồng chí Trần Thị Bích Ngọc, Phó Giám đốc Sở.",
            "Trần Thị Bích Ngọc",
            "Phó Giám đốc Sở",
        ),
        (
            "Phó Chánh Văn phòng - bà Lê Thị Hoa được giao làm người phát ngôn.",
            "Lê Thị Hoa",
            "Phó Chánh Văn phòng",
        ),
        ("Người phát ngôn của Sở là Giám đốc Sở.", None, "Giám đốc Sở"),
        (
            "Cơ quan đã đăng ký người phát ngôn (đồng chí Chánh Thanh tra tỉnh).",
            None,
            "Chánh Thanh tra tỉnh",
        ),
        (
            "Đ/c Hoàng Minh Tuấn - Chủ tịch UBND huyện là người phát ngôn của UBND huyện.",
            "Hoàng Minh Tuấn",
            "Chủ tịch UBND huyện",
        ),
        (
            "Giám đốc Sở Phạm Quang Huy là người phát ngôn chính thức.",
            "Phạm Quang Huy",
            "Giám đốc Sở",
        ),
        (
            "Người phát ngôn: Ông Đinh Văn Khoa, Phó Chủ tịch UBND thị xã.",
            "Đinh Văn Khoa",
            "Phó Chủ tịch UBND thị xã",
        ),
        ("Chánh Văn phòng Sở là người phát ngôn theo Quy chế.", None, "Chánh Văn phòng Sở"),
        (
            "Người phát ngôn: Hoàng Thị Mai (Phó Giám đốc Sở Tài nguyên và Môi trường).",
            "Hoàng Thị Mai",
            "Phó Giám đốc Sở Tài nguyên và Môi trường",
        ),
        (
            "Người được giao phát ngôn là Giám đốc Sở Văn hóa, Thể thao và Du lịch Đỗ Văn Bình.",
            "Đỗ Văn Bình",
            "Giám đốc Sở Văn hóa, Thể thao và Du lịch",
        ),
        (
            "Đến hết tháng 3, người phát ngôn là ông Vũ Văn Nam; từ tháng 4 do thay đổi nhân sự, "
            "người phát ngôn là bà Trịnh Thu Trang – Phó Chánh Văn phòng.",
            "Trịnh Thu Trang",
            "Phó Chánh Văn phòng",
        ),
        (
            "Người phát ngôn của UBND huyện Lý Nhân là Chủ tịch UBND huyện.",
            None,
            "Chủ tịch UBND huyện",
        ),
        (
            "Người phát ngôn: ông Lê Văn Hải, Giám đốc Sở Tài chính; khi vắng, ông Phan Văn Đức "
            "– Phó Giám đốc Sở.",
            "Lê Văn Hải",
            "Giám đốc Sở Tài chính",
        ),
        # "giao" (assigned) ends the assigner's title; the title right after the name wins.
        (
            "Giám đốc Sở giao đồng chí Nguyễn Quang Tuấn – Phó Giám đốc Sở làm người phát ngôn.",
            "Nguyễn Quang Tuấn",
            "Phó Giám đốc Sở",
        ),
        # A surname + Văn/Thị after "thành phố" is a person, not the city's name ...
        (
            "Người phát ngôn của UBND thành phố: Phó Chủ tịch UBND thành phố Trần Văn Long.",
            "Trần Văn Long",
            "Phó Chủ tịch UBND thành phố",
        ),
        # ... while a place name stays in the title.
        (
            "Người phát ngôn là Phó Chủ tịch UBND huyện Lý Nhân.",
            None,
            "Phó Chủ tịch UBND huyện Lý Nhân",
        ),
        # A spokesperson whose term ended gives way to the one named after.
        (
            "Từ ngày 01/01/2024 đến ngày 31/7/2024, người phát ngôn của Sở là ông Lê Văn Bình, "
            "Giám đốc Sở. Từ ngày 01/8/2024, Giám đốc Sở giao bà Hoàng Thị Mai, Phó Giám đốc Sở "
            "làm người phát ngôn.",
            "Hoàng Thị Mai",
            "Phó Giám đốc Sở",
        ),
        # Alone, the ended term still names the spokesperson of the period.
        (
            "Từ ngày 01/01/2021 đến ngày 31/12/2021, người phát ngôn của Sở là ông Lê Văn Bình, "
            "Giám đốc Sở.",
            "Lê Văn Bình",
            "Giám đốc Sở",
        ),
    ],
)
def test_spokesperson(body, name, title):
    got = run(body)
    assert got.get("spokesperson_name") == name
    assert got.get("spokesperson_title") == title


@pytest.mark.parametrize(
    "body",
    [
        "Cán bộ tham gia lớp tập huấn kỹ năng cho người phát ngôn do Sở TT&TT tổ chức.",
        "Sở đã quán triệt Quy chế phát ngôn tới toàn thể công chức.",
        "Người phát ngôn của Sở Y tế Hà Nam được công khai trên trang thông tin điện tử.",
    ],
)
def test_no_spokesperson(body):
    got = run(body)
    assert got.get("spokesperson_name") is None
    assert got.get("spokesperson_title") is None


# ------------------------------------------------------------------------------------ posts


@pytest.mark.parametrize(
    ("body", "expected", "qualifier"),
    [
        ("Trang thông tin điện tử của Sở đã đăng tải 1.126 tin, bài.", 1126, None),
        ("Trang TTĐT của Sở đăng 86 tin bài; trung bình 7 tin/tháng.", 86, None),
        ("Cổng thông tin điện tử của huyện cập nhật trên 500 tin, bài, ảnh.", 500, "trên"),
        ("Website của Sở đăng gần 200 bài viết về hoạt động chuyên môn.", 200, "gần"),
        (
            "Trang thông tin điện tử đạt 120.000 lượt truy cập; Sở đã đăng 240 tin, bài lên Trang.",
            240,
            None,
        ),
        ("Trang TTĐT của cơ quan đã đăng 300 tin, bài, trong đó có 120 tin ảnh.", 300, None),
        (
            "Trang TTĐT của Sở: quý I đăng 50 tin; quý II đăng 60 tin; quý III đăng 70 tin; "
            "quý IV đăng 80 tin. Tổng cộng cả năm đăng 260 tin, bài trên Trang TTĐT.",
            260,
            None,
        ),
        (
            "Từ 01/01/2020 đến 30/11/2020, Thanh tra tỉnh đã đăng 315 tin bài lên cổng TTĐT.",
            315,
            None,
        ),
        ("Trong năm, Trang TTĐT của Sở đã đăng tải hơn một nghìn tin, bài.", 1000, "hơn"),
        ("Website của Sở đăng 320 bản tin về hoạt động của ngành.", 320, None),
        ("Số lượng tin bài được đăng tải trên website của đơn vị là 180.", 180, None),
    ],
)
def test_posts_total(body, expected, qualifier):
    got = fv(body, "posts_total")
    assert got is not None and got.value == expected
    assert got.qualifier == qualifier


@pytest.mark.parametrize(
    "body",
    [
        "Các báo, đài đã đăng 35 tin, bài về hoạt động của Sở.",
        "Báo Hà Nam và Đài PT-TH Hà Nam đã đăng, phát 42 tin, bài về hoạt động của ngành.",
        "Trang thông tin điện tử của Sở có 45.000 lượt truy cập.",
        "Sở đã cung cấp 25 tin, bài cho Cổng thông tin điện tử tỉnh.",
        "III. NHIỆM VỤ THỜI GIAN TỚI\nPhấn đấu đăng 300 tin, bài trên Trang TTĐT của Sở.",
        "Kể từ khi Trang TTĐT của Sở đi vào hoạt động đến nay đã đăng 5.400 tin, bài.",
        "Trang TTĐT của Sở đã đăng 420 tin ảnh về các hoạt động.",
    ],
)
def test_posts_total_traps(body):
    assert fv(body, "posts_total") is None


def test_posts_total_from_table_total_row():
    body = (
        "Số tin, bài đăng trên Trang TTĐT theo quý:\n"
        "Quý | Số tin, bài\nQuý I | 80\nQuý II | 95\nQuý III | 102\nQuý IV | 120\nTổng cộng | 397"
    )
    doc = document_from_text(HEADER)
    rows = [r.split(" | ") for r in body.split("\n")[1:]]
    from ingest.document import Block, Location

    doc.blocks.append(Block(body.split("\n")[0], Location(paragraph=len(doc.blocks))))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            doc.blocks.append(Block(text, Location(table=1, row=r, cell=c)))
    got = extract(doc)
    assert got["posts_total"].value == 397
    assert got["posts_total"].location.table == 1


def test_spokesperson_from_result_table():
    from ingest.document import Block, Location

    doc = document_from_text(HEADER)
    rows = [
        ["TT", "Nội dung", "Kết quả"],
        ["1", "Người phát ngôn", "Bà Cao Thị Lan - Chánh Văn phòng"],
    ]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            doc.blocks.append(Block(text, Location(table=1, row=r, cell=c)))
    got = extract(doc)
    assert got["spokesperson_name"].value == "Cao Thị Lan"
    assert got["spokesperson_title"].value == "Chánh Văn phòng"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Số lượng tin, bài đăng tải trên Cổng TTĐT huyện (binhluc.hanam.gov.vn): 509", 509),
        # An OCR'd line: the site garbled, its unit lost to the next line.
        ("- Số lượng tin, bài đăng tải trên Cống TTĐT huyện (binhluc.hanam.gov.V'): 509", 509),
        # A sentence ends before the number: not the label's value.
        ("- Số lượng tin, bài đăng tải trên Cổng TTĐT huyện. Năm 2018: 400", None),
    ],
)
def test_posts_label_naming_its_site_in_brackets(line, expected):
    assert run(line).get("posts_total") == expected


def test_label_and_number_on_separate_lines_like_pdf_tables():
    body = "Số tin, bài đăng trên Trang thông tin điện tử\n215\nBình quân số tin, bài/tháng\n18"
    got = extract(document_from_text(HEADER + body))
    assert got["posts_total"].value == 215
    assert got["posts_per_month"].value == 18.0 and not got["posts_per_month"].derived


def test_page_number_in_a_footer_is_not_the_value_of_the_line_above():
    # PDF reading order: the last body line of a page, then the page number in its footer.
    last = "Trong kỳ báo cáo, Sở không tổ chức cuộc họp báo nào."
    doc = _with_page_number_after(f"2. Công tác họp báo\n{last}", last)
    assert extract(doc)["press_conferences"].value == 0
    # The same number as a body line (a flattened table cell) is still the label's value.
    table = document_from_text(HEADER + "Số cuộc họp báo đã tổ chức\n1")
    assert extract(table)["press_conferences"].value == 1


def _with_page_number_after(body: str, line: str) -> Document:
    """Return a document of ``body`` with a footer page number "1" after the block ``line``."""
    doc = document_from_text(HEADER + body)
    at = next(i for i, b in enumerate(doc.blocks) if b.text == line) + 1
    footer = Block("1", Location(page=1, paragraph=at, part="footer"))
    return dataclasses.replace(doc, blocks=[*doc.blocks[:at], footer, *doc.blocks[at:]])


def test_page_number_between_a_list_and_its_continuation_is_skipped():
    lead = "Phối hợp cung cấp thông tin cho các cơ quan báo chí Trung ương và địa phương:"
    body = f"{lead}\nBáo Nhân Dân điện tử; TTXVN; Đài Truyền hình Việt Nam (VTV1); Báo Hà Nam."
    got = extract(_with_page_number_after(body, lead))["outlets"]
    assert got.value == ["Báo Nhân Dân", "TTXVN", "VTV", "Báo Hà Nam"]
    assert "1" not in got.quote.split()
    body = "3. Hạn chế\n- Kinh phí nhuận bút còn hạn chế.\n- Hạ tầng kỹ thuật đã xuống cấp."
    limits = extract(_with_page_number_after(body, "- Kinh phí nhuận bút còn hạn chế."))
    expected = "Kinh phí nhuận bút còn hạn chế.\nHạ tầng kỹ thuật đã xuống cấp."
    assert limits["limitations"].value == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A list after its lead-in may be one line over 100 characters.
        (
            "Sở đã phối hợp cung cấp thông tin cho các cơ quan báo chí Trung ương và địa phương:\n"
            "Báo Nhân Dân điện tử; TTXVN; Đài Truyền hình Việt Nam (VTV1); Đài Tiếng nói Việt Nam "
            "(VOV); Báo Hà Nam.",
            ["Báo Nhân Dân", "TTXVN", "VTV", "VOV", "Báo Hà Nam"],
        ),
        # Press coverage after a lead-in is not a list of outlets given information.
        (
            "Kết quả cung cấp thông tin cho báo chí:\nTrong năm, hoạt động của Sở được Báo Hà Nam "
            "và Đài PT-TH Hà Nam đưa tin 45 lượt, phản ánh kịp thời các nhiệm vụ trọng tâm.",
            None,
        ),
        # PDF paragraphs without indent run together: the outlets' sentence is judged alone.
        (
            "Trang thông tin điện tử của Sở đã đăng 60 tin và 12 bài; lượt truy cập đạt 18.420 "
            "lượt. Sở đã cung cấp thông tin cho Báo Ninh Bình và Tạp chí Khoa học và Công nghệ "
            "Việt Nam.",
            ["Báo Ninh Bình", "Tạp chí Khoa học và Công nghệ Việt Nam"],
        ),
        (
            "Trang thông tin điện tử của Sở đã đăng 60 tin, bài. Báo Hà Nam đã đưa tin 12 lượt "
            "về hoạt động của Sở.",
            None,
        ),
    ],
)
def test_outlets_after_a_lead_in_or_in_a_later_sentence(body, expected):
    got = fv(body, "outlets")
    assert (got.value if got else None) == expected


def test_year_from_a_date_line_whose_day_is_blank_or_garbled():
    header = HEADER.replace(
        "Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2021",
        "Tình hình thực hiện việc phát ngôn và cung cấp thông tin cho báo chí",
    )
    for day in ("— ", "   ", "…"):
        dated = header.replace("ngày 10 tháng 12 năm 2021", f"ngày {day}tháng 11 năm 2021")
        got = extract(document_from_text(dated + "Nội dung."))
        assert got["report_date"].value is None
        assert (got["year"].value, got["year"].confidence) == (2021, 0.5)


def test_provincial_portal_is_own_for_the_provincial_office(registry):
    header = HEADER.replace("SỞ TƯ PHÁP", "VĂN PHÒNG")
    body = "Cổng thông tin điện tử tỉnh đã đăng tải 2.050 tin, bài về chỉ đạo, điều hành."
    assert fv(body, "posts_total", header=header, registry=registry).value == 2050
    assert fv(body, "posts_total") is None


def test_derived_rate_rounds_half_up():
    got = fv("Trang TTĐT của Sở đã đăng 351 tin, bài.", "posts_per_month")
    assert got.value == 29.3 and got.derived


def test_posts_total_from_result_table():
    from ingest.document import Block, Location

    doc = document_from_text(HEADER)
    rows = [
        ["TT", "Nội dung", "Kết quả"],
        ["1", "Số tin, bài đăng trên Trang thông tin điện tử", "186"],
        ["2", "Số lượt truy cập", "45.230"],
        ["3", "Số cuộc họp báo đã tổ chức", "02"],
    ]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            doc.blocks.append(Block(text, Location(table=1, row=r, cell=c)))
    got = extract(doc)
    assert got["posts_total"].value == 186
    assert got["press_conferences"].value == 2


@pytest.mark.parametrize(
    ("body", "expected", "qualifier"),
    [
        ("Trang TTĐT của Sở đăng 300 tin; bình quân 25 tin, bài/tháng.", 25.0, None),
        ("Tần suất cập nhật: trung bình trên 22 tin, bài/tháng.", 22.0, "trên"),
        ("Trang TTĐT đăng tải gần 18 tin bài/tháng.", 18.0, "gần"),
        ("Trang TTĐT của Sở bình quân mỗi tháng đăng 17,5 tin, bài.", 17.5, None),
    ],
)
def test_posts_per_month_stated(body, expected, qualifier):
    got = fv(body, "posts_per_month")
    assert got is not None and got.value == expected and got.derived is False
    assert got.qualifier == qualifier


@pytest.mark.parametrize(
    ("title", "posts", "expected"),
    [
        ("năm 2021", 120, 10.0),
        ("6 tháng đầu năm 2021", 120, 20.0),
        ("9 tháng năm 2021", 100, 11.1),
        ("quý II năm 2021", 31, 10.3),
    ],
)
def test_posts_per_month_derived(title, posts, expected):
    header = HEADER.replace("năm 2021\n", title + "\n")
    got = fv(f"Trang TTĐT của Sở đã đăng {posts} tin, bài.", "posts_per_month", header=header)
    assert got.value == expected
    assert got.derived is True


def test_posts_target_in_tasks_is_not_a_rate():
    body = "II. KẾT QUẢ\nTrang TTĐT của Sở đã đăng 240 tin, bài.\nIII. NHIỆM VỤ THỜI GIAN TỚI\n"
    body += "Đăng trung bình từ 22 tin, bài/tháng trở lên."
    got = fv(body, "posts_per_month")
    assert got.value == 20.0 and got.derived


# ------------------------------------------------------------------------- press conferences


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Năm 2021, Sở chưa tổ chức họp báo.", 0),
        ("Sở không tổ chức cuộc họp báo nào trong năm.", 0),
        ("Năm 2020 cơ quan chưa tổ chức họp báo lần nào.", 0),
        ("Sở đã tổ chức 02 cuộc họp báo về công tác phòng, chống dịch.", 2),
        ("Sở đã chủ trì tổ chức hai cuộc họp báo cung cấp thông tin.", 2),
        ("UBND huyện chủ trì một buổi họp báo về bầu cử.", 1),
        ("Sở đã phối hợp với Sở TT&TT tổ chức 01 cuộc họp báo.", 1),
        ("Sở không tổ chức họp báo riêng; Lãnh đạo Sở tham dự 03 cuộc họp báo của tỉnh.", 0),
        (
            "UBND thành phố đã chủ trì 01 cuộc họp báo. Ngoài ra, lãnh đạo thành phố tham dự "
            "02 cuộc họp báo do UBND tỉnh tổ chức.",
            1,
        ),
        ("Họp báo: không.", 0),
        ("Số cuộc họp báo đã tổ chức: 03 cuộc.", 3),
        ("Bên cạnh việc tham gia họp báo định kỳ của tỉnh, Sở đã chủ trì 02 cuộc họp báo.", 2),
        ("Về công tác họp báo: không tổ chức.", 0),
        ("2. Công tác họp báo\nTrong kỳ báo cáo, đơn vị không tổ chức.", 0),
        ("2. Họp báo\nNăm 2021, UBND huyện đã tổ chức 03 cuộc nhằm thông tin về bầu cử.", 3),
        ("Sở đã tổ chức họp báo 2 lần về công tác phòng, chống dịch.", 2),
    ],
)
def test_press_conferences(body, expected):
    got = fv(body, "press_conferences")
    assert got is not None and got.value == expected


@pytest.mark.parametrize(
    "body",
    [
        "Lãnh đạo Sở tham dự 04 cuộc họp báo định kỳ do UBND tỉnh tổ chức.",
        "Sở tham gia đầy đủ các buổi giao ban báo chí do Sở TT&TT tổ chức hằng tháng.",
        "Trang thông tin điện tử của Sở đăng 50 tin, bài.",
        "III. NHIỆM VỤ THỜI GIAN TỚI\nThời gian tới, Sở sẽ tổ chức họp báo định kỳ.",
        "IV. KIẾN NGHỊ\nĐề nghị Sở TT&TT hướng dẫn tổ chức họp báo.",
        "Sở được mời dự 02 cuộc họp báo của Bộ Y tế.",
        "4. Đánh giá\nHạn chế: chủ yếu cung cấp thông tin bằng văn bản, chưa chủ động tổ chức họp "
        "báo.",
        "Sở đã cử đại diện lãnh đạo dự 05 cuộc họp báo của UBND tỉnh.",
    ],
)
def test_press_conferences_silent_or_attended_is_unknown(body):
    assert fv(body, "press_conferences") is None


# ------------------------------------------------------------------------------------ outlets


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Sở đã cung cấp thông tin cho Báo Hà Nam, Đài PT-TH Hà Nam và TTXVN.",
            {"Báo Hà Nam", "Đài PT-TH Hà Nam", "TTXVN"},
        ),
        (
            "Lãnh đạo Sở trả lời phỏng vấn Đài Truyền hình Việt Nam và Đài Tiếng nói Việt Nam.",
            {"VTV", "VOV"},
        ),
        (
            "Sở cung cấp thông tin cho Đài Phát thanh và Truyền hình tỉnh Hà Nam, Báo Nhân dân.",
            {"Đài PT-TH Hà Nam", "Báo Nhân Dân"},
        ),
        (
            "Năm 2020 đã cung cấp thông tin cho các cơ quan báo chí gồm:\n- Báo Thanh tra.\n"
            "- Báo Hà Nam.\n- Đài phát thanh và truyền hình Hà Nam.",
            {"Báo Thanh tra", "Báo Hà Nam", "Đài PT-TH Hà Nam"},
        ),
        (
            "Sở phối hợp cung cấp thông tin cho Thông tấn xã Việt Nam, Tạp chí Thanh tra và "
            "Cổng thông tin điện tử tỉnh.",
            {"TTXVN", "Tạp chí Thanh tra", "Cổng TTĐT tỉnh"},
        ),
        (
            "Cung cấp thông tin cho Báo Nông nghiệp Việt Nam và Báo Đầu tư về thu hút đầu tư.",
            {"Báo Nông nghiệp Việt Nam", "Báo Đầu tư"},
        ),
        ("Sở cung cấp thông tin cho Đài PTTH Hà Nam khi có yêu cầu.", {"Đài PT-TH Hà Nam"}),
    ],
)
def test_outlets(body, expected):
    got = fv(body, "outlets")
    assert got is not None and set(got.value) == expected


def test_outlets_empty_when_no_case_arose_and_unknown_when_no_part():
    body = "3. Phát ngôn và cung cấp thông tin trong trường hợp đột xuất, bất thường\n"
    body += "Trong năm không phát sinh trường hợp phải phát ngôn đột xuất."
    assert fv(body, "outlets").value == []
    assert fv("Trang TTĐT của Sở đăng 10 tin, bài.", "outlets") is None


def test_outlets_list_without_dashes():
    body = "Sở đã cung cấp thông tin cho các cơ quan báo chí gồm:\nBáo Hà Nam.\nĐài PT-TH Hà Nam."
    assert fv(body, "outlets").value == ["Báo Hà Nam", "Đài PT-TH Hà Nam"]


def test_outlets_ignore_recipients_and_portal_as_channel():
    body = (
        "Sở cung cấp thông tin cho Sở TT&TT để đăng tải trên Cổng thông tin điện tử của tỉnh.\n"
        "Sở cung cấp thông tin cho Báo Hà Nam.\nNơi nhận:\n- Báo Nhân Dân;\n- Lưu: VT."
    )
    assert set(fv(body, "outlets").value) == {"Báo Hà Nam"}


# ---------------------------------------------------------------------------- recommendations


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("IV. ĐỀ XUẤT, KIẾN NGHỊ\nKhông.", []),
        ("IV. ĐỀ XUẤT, KIẾN NGHỊ\nKhông có.", []),
        ("3. Kiến nghị\nKhông có kiến nghị.", []),
        ("Đề xuất, kiến nghị: Không có.", []),
        (
            "IV. KIẾN NGHỊ\n- Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin.\n"
            "- Đề nghị Sở TT&TT hướng dẫn chuyên môn nghiệp vụ.\nTrên đây là báo cáo.",
            [
                "Đề nghị UBND tỉnh bố trí kinh phí cho công tác thông tin.",
                "Đề nghị Sở TT&TT hướng dẫn chuyên môn nghiệp vụ.",
            ],
        ),
        (
            "V. ĐỀ XUẤT\n1. Đề nghị nâng cấp Trang thông tin điện tử.\n"
            "2. Đề nghị bổ sung biên chế cán bộ.\nNơi nhận:\n- Như trên;",
            ["Đề nghị nâng cấp Trang thông tin điện tử.", "Đề nghị bổ sung biên chế cán bộ."],
        ),
    ],
)
def test_recommendations(body, expected):
    got = fv(body, "recommendations")
    assert got is not None and got.value == expected


def test_recommendations_absent_is_unknown():
    assert fv("II. KẾT QUẢ\nSở đã đăng 10 tin, bài trên Trang TTĐT.", "recommendations") is None


# ------------------------------------------------------------------------------------ training


@pytest.mark.parametrize(
    ("body", "requested", "topics"),
    [
        (
            "IV. KIẾN NGHỊ\n- Đề nghị Sở TT&TT tổ chức lớp tập huấn kỹ năng phát ngôn.",
            True,
            ["spokesperson_skills"],
        ),
        (
            "II. KẾT QUẢ\nSở đã cử 02 cán bộ tham gia lớp bồi dưỡng nghiệp vụ do Sở TT&TT tổ chức.",
            False,
            [],
        ),
        (
            "IV. KIẾN NGHỊ\nKiến nghị Bộ Giáo dục và Đào tạo ban hành hướng dẫn cung cấp thông "
            "tin.",
            False,
            [],
        ),
        (
            "IV. ĐỀ XUẤT\nSở mong muốn được tham gia các lớp tập huấn về quản trị website.",
            True,
            ["website_admin"],
        ),
        (
            "IV. ĐỀ XUẤT\n- Đề xuất mở lớp đào tạo kỹ năng sử dụng mạng xã hội.",
            True,
            ["social_media"],
        ),
        (
            "IV. KIẾN NGHỊ\n- Đề nghị bồi dưỡng kỹ năng xử lý khủng hoảng truyền thông, thông tin "
            "trái chiều cho người phát ngôn.",
            True,
            ["crisis_communication"],
        ),
        (
            "IV. KIẾN NGHỊ\nĐề nghị tập huấn nghiệp vụ cho người phát ngôn theo nhiệm kỳ.",
            True,
            ["spokesperson_skills"],
        ),
        ("IV. KIẾN NGHỊ\nKhông.", False, []),
    ],
)
def test_training(body, requested, topics):
    got = run(body)
    assert got["training_requested"] is requested
    assert got.get("training_topics", []) == topics


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("tập huấn kỹ năng phát ngôn", ["spokesperson_skills"]),
        ("xử lý khủng hoảng truyền thông", ["crisis_communication"]),
        ("nghiệp vụ viết tin, bài", ["press_skills"]),
        ("quản trị trang thông tin điện tử", ["website_admin"]),
        ("sử dụng mạng xã hội", ["social_media"]),
        ("Luật Báo chí 2016", ["legal"]),
        ("tập huấn chung", ["other"]),
        ("TAP HUAN KY NANG PHAT NGON", ["spokesperson_skills"]),
    ],
)
def test_topics_for(text, codes):
    assert topics_for(text) == codes
    assert all(c in TOPICS for c in codes)


# --------------------------------------------------------------------- strengths, limitations


@pytest.mark.parametrize(
    ("body", "strengths", "limitations"),
    [
        (
            "4. Đánh giá\nƯu điểm: Thông tin kịp thời, chính xác.\nHạn chế: Cán bộ còn kiêm nhiệm.",
            "Thông tin kịp thời, chính xác.",
            "Cán bộ còn kiêm nhiệm.",
        ),
        (
            "III. ĐÁNH GIÁ\na) Ưu điểm\nCông tác phát ngôn được thực hiện nghiêm túc.\n"
            "b) Tồn tại, hạn chế\nViệc phản hồi thông tin còn chậm.\n"
            "Nguyên nhân: Do thiếu cán bộ chuyên trách.",
            "Công tác phát ngôn được thực hiện nghiêm túc.",
            "Việc phản hồi thông tin còn chậm.",
        ),
        (
            "B. TỒN TẠI, HẠN CHẾ\nMột số thông tin cung cấp còn chậm.\nC. KIẾN NGHỊ\nKhông.",
            None,
            "Một số thông tin cung cấp còn chậm.",
        ),
    ],
)
def test_strengths_limitations(body, strengths, limitations):
    got = run(body)
    assert got.get("strengths") == strengths
    assert got.get("limitations") == limitations


def test_limitations_on_several_lines_keep_their_lines():
    body = "4. Đánh giá\nHạn chế:\n- Cán bộ còn kiêm nhiệm.\n- Kinh phí còn hạn hẹp.\n"
    body += "IV. KIẾN NGHỊ\nKhông."
    assert run(body)["limitations"] == "Cán bộ còn kiêm nhiệm.\nKinh phí còn hạn hẹp."


# ------------------------------------------------------------------------- evidence, registry


def test_every_value_has_evidence_and_confidence():
    body = (
        "Người phát ngôn: ông Nguyễn Văn An – Giám đốc Sở.\n"
        "Trang TTĐT của Sở đã đăng tải 240 tin, bài.\nSở chưa tổ chức họp báo.\n"
        "Sở đã cung cấp thông tin cho Báo Hà Nam."
    )
    fields = extract(document_from_text(HEADER + body))
    for name in ("posts_total", "press_conferences", "outlets", "spokesperson_name", "year"):
        f = fields[name]
        assert 0 <= f.confidence <= 1
        assert f.quote and len(f.quote) <= 300
        assert f.location is not None
    assert "240 tin, bài" in fields["posts_total"].quote


def test_quotes_are_trimmed():
    body = "Trang TTĐT của Sở đã đăng tải 240 tin, bài " + "về nhiều nội dung " * 40 + "."
    assert len(fv(body, "posts_total").quote) <= 300


@pytest.mark.parametrize(
    ("written", "expected_id", "method"),
    [
        ("Sở Tư pháp", "so-tu-phap", "exact"),
        ("SỞ TƯ PHÁP", "so-tu-phap", "exact"),
        ("Sở KH&ĐT", "so-khdt", "alias"),
        ("Sở KH&ĐT tỉnh Hà Nam", "so-khdt", "alias"),
        ("Sở Kế hoạch - Đầu tư", "so-khdt", "exact"),
        ("Sở TT&TT", "so-tttt", "alias"),
        ("Sở TTTT", "so-tttt", "abbreviation"),
        ("Sở KH&CN", "so-khcn", "alias"),
        ("Sở LĐ-TB&XH", "so-ldtbxh", "alias"),
        ("Sở LĐTBXH", "so-ldtbxh", "abbreviation"),
        ("Sở VH,TT&DL", "so-vhttdl", "abbreviation"),
        ("Sở NN và PTNT", "so-nnptnt", "abbreviation"),
        ("Sở TN&MT", "so-tnmt", "alias"),
        ("Sở GD&ĐT", "so-gddt", "alias"),
        ("Sở GTVT", "so-gtvt", "alias"),
        ("UBND huyện Bình Lục", "binh-luc", "alias"),
        ("Uỷ ban nhân dân huyện Bình Lục", "binh-luc", "exact"),
        ("UBND TP Phủ Lý", "phu-ly", "alias"),
        ("UBND TP. Phủ Lý", "phu-ly", "alias"),
        ("BQL các KCN", "bql-kcn", "alias"),
        ("So Tu phap", "so-tu-phap", "exact"),
        ("Sở Tư phap tỉnh Hà Nam", "so-tu-phap", "alias"),
        ("Sở Tư phạp", "so-tu-phap", "exact"),
        ("Sở Kế hoạch và Đầu tu", "so-khdt", "exact"),
        ("Sở Tài nguyen và Môi trường", "so-tnmt", "exact"),
    ],
)
def test_registry_match(written, expected_id, method, registry):
    m = registry.match(written, province="Hà Nam")
    assert m is not None and m.id == expected_id
    assert m.method in (method, "abbreviation", "alias", "exact")
    assert 0.6 <= m.score <= 1


def test_registry_spelling_variants_without_province(registry):
    m = registry.match("Sở Y tế tỉnh Hoà Bình")
    assert m.id == "hoa-binh-so" and m.score == 1.0


def test_registry_fuzzy_is_scored_lower(registry):
    exact = registry.match("Sở Kế hoạch và Đầu tư")
    fuzzy = registry.match("Sở Kế hoach và Đầu từ ha")
    assert fuzzy is not None and fuzzy.method == "fuzzy" and fuzzy.id == "so-khdt"
    assert fuzzy.score < exact.score
    assert registry.match("Công ty cổ phần xây dựng số 1") is None
    assert registry.match("") is None


def test_registry_validity(registry):
    assert registry.match("Sở TT&TT", on=date(2024, 12, 31)).id == "so-tttt"
    assert registry.match("Sở TT&TT", on=date(2025, 12, 31)) is None
    assert registry.match("UBND huyện Kim Bảng", on=date(2020, 12, 31)).id == "kim-bang"


def test_registry_ambiguous_name_scores_lower(registry):
    m = registry.match("Sở Y tế")
    assert m is not None and m.score < 0.8
    assert registry.match("Sở Y tế", province="Nam Định").score == 1.0


def test_registry_loads_the_sample_and_independent_csv():
    for path in (Path("samples/agencies.csv"), Path("tests/independent/agencies.csv")):
        if path.exists():
            reg = Registry.from_csv(path)
            assert len(reg) > 5
            for a in reg:
                assert reg.match(a.name, province=a.province) is not None


def test_name_key_expands_abbreviations():
    assert name_key("UBND TX. Duy Tiên") == "uy ban nhan dan thi xa duy tien"
    assert name_key("Sở VH, TT & DL") == "so van hoa the thao du lich"
    assert name_key("Ủy ban") == name_key("Uỷ ban")


# ------------------------------------------------------------- layouts seen in PDFs and scans


def test_unnumbered_lead_in_opens_the_recommendations_part():
    body = (
        "Hạn chế: Cán bộ còn kiêm nhiệm.\n"
        "Thời gian tới, Sở tập trung vào một số nhiệm vụ sau:\n"
        "- Nâng cao chất lượng tin, bài.\n"
        "Kiến nghị, đề xuất:\n"
        "- Đề nghị Sở TT&TT hỗ trợ nâng cấp phần mềm Trang thông tin điện tử.\n"
        "Trên đây là báo cáo của Sở."
    )
    got = run(body)
    assert got["recommendations"] == [
        "Đề nghị Sở TT&TT hỗ trợ nâng cấp phần mềm Trang thông tin điện tử."
    ]
    assert got["limitations"] == "Cán bộ còn kiêm nhiệm."


def test_requests_broken_over_lines_are_rejoined():
    body = (
        "V. KIẾN NGHỊ\n- Đề nghị Sở TT&TT định kỳ cung cấp thông tin định hướng cho các\n"
        "cơ quan, đơn vị trên địa bàn;\n- Đề nghị bổ sung kinh phí nhuận bút."
    )
    assert fv(body, "recommendations").value == [
        "Đề nghị Sở TT&TT định kỳ cung cấp thông tin định hướng cho các cơ quan, đơn vị trên địa "
        "bàn;",
        "Đề nghị bổ sung kinh phí nhuận bút.",
    ]


def test_trailing_request_without_a_heading():
    body = (
        "II. KẾT QUẢ\nTrang TTĐT của Sở đã đăng 80 tin, bài.\n"
        "Sở kiến nghị UBND tỉnh bố trí biên chế chuyên trách công tác truyền thông."
    )
    got = fv(body, "recommendations")
    assert got.value == [
        "Sở kiến nghị UBND tỉnh bố trí biên chế chuyên trách công tác truyền thông."
    ]
    assert got.confidence < 0.85


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("V. KIẾN NGHỊ\nĐơn vị không có đề xuất, kiến nghị gì thêm.", []),
        ("V. KIẾN NGHỊ\nSở chưa có kiến nghị.\nSở Y tế trân trọng báo cáo./.", []),
    ],
)
def test_recommendations_none_sentences(body, expected):
    assert fv(body, "recommendations").value == expected


@pytest.mark.parametrize(
    ("body", "strengths", "limitations"),
    [
        (
            "3. Đánh giá\n- Về ưu điểm: Tin, bài phong phú.\n- Những tồn tại, hạn chế: Tin còn ít.",
            "Tin, bài phong phú.",
            "Tin còn ít.",
        ),
        (
            "Kết quả đạt được: Thông tin được công khai kịp thời.\n"
            "Bên cạnh đó, vẫn còn hạn chế: Nhuận bút còn thấp.",
            "Thông tin được công khai kịp thời.",
            "Nhuận bút còn thấp.",
        ),
        (
            "III. ĐÁNH GIÁ\nĐánh giá chung: Công tác phát ngôn được thực hiện nghiêm túc.\n"
            "Khó khăn\n- Cán bộ kiêm nhiệm.\n- Kinh phí hạn hẹp.",
            "Công tác phát ngôn được thực hiện nghiêm túc.",
            "Cán bộ kiêm nhiệm.\nKinh phí hạn hẹp.",
        ),
        (
            "Mặt được: Việc phối hợp với các cơ quan báo chí được duy trì thường\nxuyên, hiệu quả.",
            "Việc phối hợp với các cơ quan báo chí được duy trì thường xuyên, hiệu quả.",
            None,
        ),
    ],
)
def test_assessment_labels(body, strengths, limitations):
    got = run(body)
    assert got.get("strengths") == strengths
    assert got.get("limitations") == limitations


def test_results_heading_is_not_a_strengths_label():
    body = "A. KẾT QUẢ ĐẠT ĐƯỢC\nTrang TTĐT của Sở đăng 120 tin, bài.\n"
    body += "B. HẠN CHẾ\nViệc cập nhật còn chậm."
    got = run(body)
    assert got.get("strengths") is None and got["limitations"] == "Việc cập nhật còn chậm."


def test_outlets_in_a_flattened_table_after_the_lead_in():
    body = (
        "Sở đã cung cấp thông tin cho các cơ quan báo chí như sau:\nSTT\nCơ quan báo chí\n"
        "Số lần\n1\nBáo Lao Động\n04\n2\nTTXVN\n02\n3\nĐài PTTH tỉnh\n01\n"
        "III. ĐÁNH GIÁ\nƯu điểm: Kịp thời, chính xác."
    )
    assert fv(body, "outlets").value == ["Báo Lao Động", "TTXVN", "Đài PT-TH Hà Nam"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Sở đã trả lời phỏng vấn Báo Hà Nam điện tử và Báo Nhân Dân online.",
            ["Báo Hà Nam", "Báo Nhân Dân"],
        ),
        (
            "Sở cung cấp thông tin cho Báo Lao động & Xã hội đến tìm hiểu.",
            ["Báo Lao động và Xã hội"],
        ),
        ("Sở làm việc với phóng viên Cổng Thông tin điện tử tỉnh.", ["Cổng TTĐT tỉnh"]),
        (
            "Sở cung cấp thông tin cho Báo Tài nguyên và Môi trường,\nBáo Hà Nam.",
            ["Báo Tài nguyên và Môi trường", "Báo Hà Nam"],
        ),
    ],
)
def test_outlet_names(body, expected):
    assert fv(body, "outlets").value == expected


def test_press_coverage_is_no_outlet_and_posts_given_to_the_portal_make_it_one():
    body = (
        "Hoạt động của Sở được các báo đưa tin 20 lượt, chủ yếu trên Báo Hà Nam.\n"
        "Sở đã cung cấp 15 tin, bài cho Cổng thông tin điện tử tỉnh để đăng tải."
    )
    assert fv(body, "outlets").value == ["Cổng TTĐT tỉnh"]
    assert run(body).get("posts_total") != 15  # the portal's items are not the Sở's own posts


def test_flattened_quarter_table_total_line():
    body = (
        "Số tin, bài đăng trên Trang TTĐT theo quý:\nThời gian\nSố tin, bài đăng tải\nQuý I\n40\n"
        "Quý II\n41\nQuý III\n42\nQuý IV\n43\nTổng cộng\n166\nBình quân 13,8 tin, bài/tháng."
    )
    got = run(body)
    assert got["posts_total"] == 166
    assert got["posts_per_month"] == 13.8


def test_agency_from_wrapped_pdf_header(registry):
    header = (
        "ỦY BAN NHÂN DÂN TỈNH HÀ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNAM\nĐộc lập - Tự do - Hạnh "
        "phúc\n"
        "SỞ KẾ HOẠCH VÀ\nHà Nam, ngày 02 tháng 12 năm 2020\nĐẦU TƯ\nSố: 12/BC-SKHĐT\nBÁO CÁO\n"
        "Kết quả phát ngôn năm 2020\n"
    )
    got = extract(document_from_text(header + "Nội dung."), registry)
    assert got["agency"].value == "Sở Kế hoạch và Đầu tư"
    assert got["province"].value == "Hà Nam"
    assert got["report_date"].value == "2020-12-02"


def test_date_line_without_place():
    header = HEADER.replace("Hà Nam, ngày 10 tháng 12 năm 2021", "Ngày 9 tháng 12 năm 2021")
    assert fv("Nội dung.", "report_date", header=header).value == "2021-12-09"


def test_title_nearest_the_spokesperson_words():
    body = (
        "Chủ tịch UBND huyện là người phát ngôn; khi cần thiết, Chủ tịch ủy quyền cho "
        "Phó Chủ tịch phụ trách lĩnh vực."
    )
    got = run(body)
    assert got.get("spokesperson_name") is None
    assert got["spokesperson_title"] == "Chủ tịch UBND huyện"


def test_numbered_lead_in_opens_an_outlet_list():
    body = "2. Sở đã cung cấp thông tin cho:\n+ Báo Hà Nam;\n+ Báo Văn hóa.\n3. Đánh giá"
    assert fv(body, "outlets").value == ["Báo Hà Nam", "Báo Văn hóa"]


def test_date_wrapped_onto_the_next_header_line():
    header = HEADER.replace(
        "Hà Nam, ngày 10 tháng 12 năm 2021", "Hà Nam, ngày 10 tháng 12 năm\n2021"
    )
    assert fv("Nội dung.", "report_date", header=header).value == "2021-12-10"


def test_numbered_full_sentences_are_content_not_headings():
    body = (
        "1. Đồng chí Phó Giám đốc Sở Trịnh Văn Hải được giao nhiệm vụ phát ngôn của Sở.\n"
        "2. Trong năm, Sở không tổ chức họp báo vì chưa có sự kiện lớn.\n"
        "3. Trang thông tin điện tử của Sở đã cập nhật 88 tin, bài về công tác chuyên môn."
    )
    got = run(body)
    assert got["press_conferences"] == 0
    assert got["posts_total"] == 88
    assert got["spokesperson_name"] == "Trịnh Văn Hải"


def test_inline_numbered_requests_after_a_label():
    body = "4. Kiến nghị: 1) Đề nghị mở lớp tập huấn viết tin; 2) Đề nghị cấp thêm kinh phí."
    assert fv(body, "recommendations").value == [
        "Đề nghị mở lớp tập huấn viết tin;",
        "Đề nghị cấp thêm kinh phí.",
    ]


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        (
            "1. Người phát ngôn\n- Họ và tên: NGUYỄN THỊ MAI\n- Chức vụ: Phó Giám đốc Sở\n"
            "- Điện thoại: 0226.385.xxx",
            "Nguyễn Thị Mai",
            "Phó Giám đốc Sở",
        ),
        (
            "Họ tên người phát ngôn: Trương Văn Kiên; chức vụ: Chánh Văn phòng Sở.",
            "Trương Văn Kiên",
            "Chánh Văn phòng Sở",
        ),
        (
            "1. Người phát ngôn\nÔng Đào Văn Sơn\nChức vụ: Trưởng phòng Văn hóa và Thông tin",
            "Đào Văn Sơn",
            "Trưởng phòng Văn hóa và Thông tin",
        ),
    ],
)
def test_spokesperson_form_lines(body, name, title):
    got = run(body)
    assert got.get("spokesperson_name") == name
    assert got.get("spokesperson_title") == title


def test_online_paper_is_the_paper():
    body = "Sở cung cấp thông tin cho Báo điện tử Dân trí và Tạp chí điện tử Luật sư Việt Nam."
    assert fv(body, "outlets").value == ["Báo Dân trí", "Tạp chí Luật sư Việt Nam"]


_WORDS = [
    "BÁO CÁO",
    "Số:",
    "/BC-",
    "năm",
    "2021",
    "quý",
    "II",
    "6 tháng",
    "họp báo",
    "tổ chức",
    "không",
    "chưa",
    "tham dự",
    "01",
    "hai",
    "cuộc",
    "tin, bài",
    "Trang TTĐT",
    "trong đó",
    "lượt",
    "Báo",
    "Hà Nam",
    "Đài PTTH",
    "người phát ngôn",
    "ông",
    "Nguyễn Văn An",
    "Giám đốc Sở",
    "Kiến nghị:",
    "Đề nghị",
    "tập huấn",
    "Ưu điểm:",
    "Hạn chế:",
    "I.",
    "1.",
    "a)",
    "-",
    ":",
    ";",
    ".",
    ",",
    "\n",
    "Căn cứ",
    "ngày",
    "tháng",
    "1.126",
    "trên",
    "gần",
    "Tổng cộng",
    "Cổng thông tin điện tử tỉnh",
    "UBND TỈNH HÀ NAM",
    "SỞ Y TẾ",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=80))
def test_extract_never_fails_on_odd_text(words):
    text = " ".join(words).replace(" \n ", "\n")
    fields = extract(document_from_text(text))
    for name, value in fields.items():
        assert name in ALL_FIELDS
        assert 0 <= value.confidence <= 1
        assert value.quote is None or len(value.quote) <= 300


def test_registry_same_name_in_another_province_scores_low(tmp_path):
    p = tmp_path / "one.csv"
    p.write_text(
        "id,name,short_name,aliases,type,parent,province,valid_from,valid_to\n"
        "hn-syt,Sở Y tế,SYT,,department,,Hà Nam,1997-01-01,\n",
        encoding="utf-8",
    )
    reg = Registry.from_csv(p)
    assert reg.match("Sở Y tế", province="Hà Nam").score == 1.0
    assert reg.match("Sở Y tế", province="Nam Định").score < 0.6


def test_title_of_the_agency_head_speaking_directly():
    got = run("Đồng chí Giám đốc Sở trực tiếp phát ngôn và cung cấp thông tin cho báo chí.")
    assert got.get("spokesperson_name") is None
    assert got["spokesperson_title"] == "Giám đốc Sở"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sở phối hợp với Báo Tuổi trẻ thực hiện phóng sự về cải cách.", ["Báo Tuổi trẻ"]),
        ("Sở cung cấp thông tin cho Báo Sức khỏe và Đời sống.", ["Báo Sức khỏe và Đời sống"]),
        ("Sở cung cấp thông tin cho Báo Hà Nam điện tử.", ["Báo Hà Nam"]),
    ],
)
def test_outlet_name_extent(body, expected):
    assert fv(body, "outlets").value == expected


def test_value_outside_its_part_has_lower_confidence():
    in_results = fv("II. KẾT QUẢ\nSở đã tổ chức 02 cuộc họp báo.", "press_conferences")
    in_assessment = fv("III. ĐÁNH GIÁ\nƯu điểm: đã tổ chức 02 cuộc họp báo.", "press_conferences")
    assert in_results.value == in_assessment.value == 2
    assert in_assessment.confidence < in_results.confidence


def test_conflicting_counts_keep_confidence_low():
    body = "Trang TTĐT của Sở đã đăng 240 tin, bài.\nTrang TTĐT của Sở đã đăng 250 tin, bài."
    got = fv(body, "posts_total")
    assert got.value == 240 and got.confidence < 0.6


def test_spokesperson_after_a_cited_decision():
    body = (
        "Thực hiện Quyết định số 12/QĐ-UBND ngày 05/01/2021 của UBND huyện, bà Đoàn Thị Hương – "
        "Phó Chủ tịch UBND huyện là người phát ngôn."
    )
    got = run(body)
    assert got["spokesperson_name"] == "Đoàn Thị Hương"
    assert got["spokesperson_title"] == "Phó Chủ tịch UBND huyện"


def test_outlet_name_ending_with_lowercase_words():
    body = "Thông tin đã được cung cấp cho: Báo Hà Nam, Báo Công an nhân dân."
    assert fv(body, "outlets").value == ["Báo Hà Nam", "Báo Công an nhân dân"]


@pytest.mark.parametrize(
    "body",
    [
        "Cổng TTĐT huyện đã đăng tải 1.205 tin, bài, tăng 15% so với năm 2022 (1.048 tin, bài).",
        "Trang TTĐT huyện: 1.205 tin, bài (năm 2022: 1.048 tin, bài).",
    ],
)
def test_last_years_figure_is_not_a_rival_total(body):
    got = fv(body, "posts_total")
    assert got.value == 1205 and got.confidence >= 0.6


# ------------------------------------------------ news items and articles counted apart (gap 1)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Trang TTĐT của Sở đã đăng tải 301 tin, 19 bài trong năm.", 320),
        ("Cổng thông tin điện tử huyện đăng 88 tin và 12 bài phản ánh hoạt động.", 100),
        ("Năm qua, website của Sở cập nhật 14 bài viết và 150 tin tức.", 164),
        ("Trang TTĐT của Sở đã đăng 1.020 tin, 80 bài.", 1100),
    ],
)
def test_news_items_and_articles_counted_apart_are_summed(body, expected):
    got = fv(body, "posts_total")
    assert got.value == expected
    assert got.derived and 0.6 <= got.confidence < 0.9
    assert str(expected) not in got.quote  # the quote is the sentence as written


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A stated total with the split beside it: the total.
        ("Trang TTĐT của Sở đã đăng 320 tin, bài, trong đó 301 tin, 19 bài.", 320),
        # Another channel with its own counts is not added to the website.
        (
            "Trang TTĐT của Sở đăng 210 tin, bài. Fanpage Facebook của Sở đăng 90 tin, 15 bài.",
            210,
        ),
        # Two channels in one sentence: nothing in between is summed across them.
        ("Trang TTĐT của Sở đăng 210 tin, trang Zalo của Sở đăng 40 bài.", 210),
        # News items with photos are not articles.
        ("Trang TTĐT của Sở đăng 210 tin, 30 tin ảnh.", 210),
    ],
)
def test_counts_that_must_not_be_summed(body, expected):
    got = fv(body, "posts_total")
    assert got.value == expected and not got.derived


def test_last_years_split_is_not_the_total():
    body = "Trang TTĐT của Sở đăng 75 tin và 25 bài (cùng kỳ năm trước: 60 tin và 10 bài)."
    got = fv(body, "posts_total")
    assert got.value == 100 and got.derived


def test_news_items_and_articles_in_a_table_cell():
    from ingest.document import Block, Document, Location

    head = document_from_text(HEADER).blocks
    n = len(head)
    cells = [
        ("TT", 0, 0),
        ("Nội dung", 0, 1),
        ("Kết quả", 0, 2),
        ("1", 1, 0),
        ("Tin, bài đăng trên Trang thông tin điện tử", 1, 1),
        ("140 tin, 25 bài", 1, 2),
        ("2", 2, 0),
        ("Cơ quan báo chí được cung cấp thông tin", 2, 1),
        ("Báo Hà Nam, Thời báo Ngân hàng", 2, 2),
    ]
    blocks = head + [
        Block(t, Location(paragraph=n + i, table=1, row=r, cell=c))
        for i, (t, r, c) in enumerate(cells)
    ]
    got = extract(Document(path="<t>", format="txt", blocks=blocks))
    assert got["posts_total"].value == 165 and got["posts_total"].derived
    assert "140 tin, 25 bài" in got["posts_total"].quote
    assert got["outlets"].value == ["Báo Hà Nam", "Thời báo Ngân hàng"]


# --------------------------------------------------- requests separated by ";" on a line (gap 2)


def test_semicolon_separated_requests_are_items():
    body = (
        "IV. ĐỀ XUẤT\nĐề xuất: mở lớp bồi dưỡng nghiệp vụ phát ngôn cho cán bộ; trang bị máy "
        "quay phim cho bộ phận truyền thông; UBND tỉnh sớm ban hành quy chế mới."
    )
    got = run(body)
    assert got["recommendations"] == [
        "mở lớp bồi dưỡng nghiệp vụ phát ngôn cho cán bộ;",
        "trang bị máy quay phim cho bộ phận truyền thông;",
        "UBND tỉnh sớm ban hành quy chế mới.",
    ]
    # The training topics come from the training request only, not from the equipment one.
    assert got["training_topics"] == ["spokesperson_skills"]


def test_semicolon_separated_requests_without_a_label():
    body = (
        "IV. KIẾN NGHỊ\nĐề nghị Sở TT&TT hỗ trợ kỹ thuật cho trang TTĐT của Sở; đề nghị UBND "
        "tỉnh bổ sung kinh phí cho công tác truyền thông."
    )
    assert len(run(body)["recommendations"]) == 2


@pytest.mark.parametrize(
    "line",
    [
        # Topics of one training request, introduced by ":".
        "Đề nghị tổ chức tập huấn cho cán bộ về các nội dung: kỹ năng phát ngôn; xử lý khủng "
        "hoảng truyền thông; viết tin bài.",
        # Inside parentheses.
        "Đề nghị tổ chức lớp tập huấn (kỹ năng trả lời phỏng vấn; xử lý tin giả) cho lãnh đạo.",
        # Topics after ";" that do not open a request of their own.
        "Đề nghị tổ chức tập huấn kỹ năng phát ngôn cho lãnh đạo Sở; kỹ năng viết tin bài cho "
        "cán bộ phụ trách trang.",
    ],
)
def test_one_request_with_semicolons_stays_whole(line):
    got = run("IV. KIẾN NGHỊ\n" + line)
    assert got["recommendations"] == [line]
    assert got["training_requested"] is True


# ------------------------------------------------------------ outlet kinds kept apart (gap 3)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sở cung cấp thông tin cho Thời báo Kinh tế Việt Nam.", ["Thời báo Kinh tế Việt Nam"]),
        (
            "Sở đã cung cấp thông tin cho Báo Hà Nam và Thời báo Tài chính Việt Nam.",
            ["Báo Hà Nam", "Thời báo Tài chính Việt Nam"],
        ),
        (
            "Sở cung cấp thông tin cho Tạp chí Khoa học và Công nghệ Việt Nam.",
            ["Tạp chí Khoa học và Công nghệ Việt Nam"],
        ),
        (
            "Sở cung cấp thông tin cho Báo Hà Nam và Cổng TTĐT tỉnh.",
            ["Báo Hà Nam", "Cổng TTĐT tỉnh"],
        ),
    ],
)
def test_outlet_kinds_are_kept(body, expected):
    assert fv(body, "outlets").value == expected


def test_kip_thoi_bao_cao_is_no_outlet():
    body = "Sở đã cung cấp thông tin cho Báo Hà Nam, kịp thời Báo cáo UBND tỉnh."
    assert fv(body, "outlets").value == ["Báo Hà Nam"]


def test_sentence_case_title_ends_the_header():
    header = HEADER.replace("BÁO CÁO\nKết quả thực hiện", "Báo cáo kết quả thực hiện").replace(
        "năm 2021\n", "quý III/2021\n"
    )
    got = run("Sở Tư pháp không tổ chức họp báo trong quý.", header=header)
    assert (got["year"], got["period"]) == (2021, "q3")
    assert got["press_conferences"] == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Sở cung cấp thông tin cho Tạp chí Quản lý nhà nước về cải cách hành chính.",
            ["Tạp chí Quản lý nhà nước"],
        ),
        ("Sở phối hợp với Báo Lao động thực hiện chuyên đề về việc làm.", ["Báo Lao động"]),
    ],
)
def test_outlet_name_before_the_subject(body, expected):
    assert fv(body, "outlets").value == expected


def _table_doc(cells: list[tuple[str, int, int]]):
    from ingest.document import Block, Document, Location

    head = document_from_text(HEADER).blocks
    n = len(head)
    blocks = head + [
        Block(t, Location(paragraph=n + i, table=1, row=r, cell=c))
        for i, (t, r, c) in enumerate(cells)
    ]
    return Document(path="<t>", format="txt", blocks=blocks)


def test_split_counts_per_quarter_columns_are_not_taken():
    cells = [
        ("Nội dung", 0, 0),
        ("Quý I", 0, 1),
        ("Quý II", 0, 2),
        ("Tin, bài đăng trên trang TTĐT", 1, 0),
        ("40 tin, 5 bài", 1, 1),
        ("50 tin, 6 bài", 1, 2),
    ]
    assert "posts_total" not in extract(_table_doc(cells))


def test_split_counts_in_a_total_row():
    cells = [
        ("Quý", 0, 0),
        ("Số tin, bài đăng trên trang TTĐT", 0, 1),
        ("Quý I", 1, 0),
        ("40 tin, 5 bài", 1, 1),
        ("Quý II", 2, 0),
        ("50 tin, 6 bài", 2, 1),
        ("Tổng cộng", 3, 0),
        ("90 tin, 11 bài", 3, 1),
    ]
    got = extract(_table_doc(cells))["posts_total"]
    assert got.value == 101 and got.derived


def test_capitalised_topic_after_a_semicolon_is_not_a_request():
    line = "Đề nghị tổ chức tập huấn kỹ năng phát ngôn cho lãnh đạo; Kỹ năng viết tin cho cán bộ."
    assert run("IV. KIẾN NGHỊ\n" + line)["recommendations"] == [line]


def test_outlets_cell_wrapped_over_lines_in_pdf_text():
    cells = [
        ("TT", 0, 0),
        ("Nội dung", 0, 1),
        ("Kết quả", 0, 2),
        ("1", 1, 0),
        ("Cơ quan báo chí được cung cấp", 1, 1),
        ("Báo Hà Nam, Báo Công an", 1, 2),
        ("thông tin", 1, 1),
        ("nhân dân, VOV", 1, 2),
    ]
    got = extract(_table_doc(cells))["outlets"]
    assert got.value == ["Báo Hà Nam", "Báo Công an nhân dân", "VOV"]


def test_inline_semicolon_requests_give_topics_of_the_training_item_only():
    body = (
        "Đề xuất, kiến nghị: tăng cường tập huấn kỹ năng phát ngôn; hỗ trợ kinh phí vận hành "
        "trang TTĐT."
    )
    got = run(body)
    assert len(got["recommendations"]) == 2
    assert got["training_topics"] == ["spokesperson_skills"]


def test_training_about_speaking_named_alone():
    assert topics_for("Sở TT&TT tổ chức tập huấn về phát ngôn cho lãnh đạo") == [
        "spokesperson_skills"
    ]


# -------------------------------------------- ninth independent batch: cumulative figures, sums


def _header_for(period_words: str) -> str:
    return HEADER.replace("năm 2021\n", period_words + "\n")


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # A count since January is the total of a period that starts in January ...
        (
            "năm 2021",
            "Trang TTĐT của Sở: quý IV đăng 120 tin, bài; lũy kế cả năm đăng 400 tin, bài.",
            400,
        ),
        ("9 tháng năm 2021", "Tính từ đầu năm đến nay, Trang TTĐT của Sở đăng 268 tin, bài.", 268),
        # ... not of a later quarter: there the quarter's own count is.
        (
            "quý IV năm 2021",
            "Quý IV, Trang TTĐT của Sở đăng 45 tin, bài; lũy kế từ đầu năm đến nay đăng 176 tin, "
            "bài.",
            45,
        ),
        # A count since the site opened is never the period's; a clause after it does not
        # spoil the count before it.
        (
            "năm 2021",
            "Trang TTĐT của Sở đăng 268 tin, bài; lũy kế từ khi khai trương trang đến nay có "
            "4.512 tin, bài.",
            268,
        ),
        # "lũy kế N tháng" is the period's only when N is its length.
        (
            "năm 2021",
            "Trang TTĐT của Sở lũy kế 9 tháng đăng 300 tin, bài; cả năm đăng 400 tin, bài.",
            400,
        ),
        ("9 tháng năm 2021", "Lũy kế 9 tháng, Trang TTĐT của Sở đăng 300 tin, bài.", 300),
        # A phrase qualifies the count it stands by, not another count of the clause.
        (
            "quý III năm 2021",
            "Trong quý, Trang TTĐT của Sở đăng 80 tin, bài, nâng tổng số từ đầu năm lên 250 tin, "
            "bài.",
            80,
        ),
        (
            "năm 2021",
            "Trang TTĐT của Sở đăng 1.250 tin, bài, nâng tổng số tin, bài từ khi khai trương lên "
            "9.800 tin, bài.",
            1250,
        ),
        # Another channel in the same report: the website's own posts only.
        (
            "năm 2021",
            "Cổng TTĐT của huyện đăng 312 tin, bài. Fanpage của huyện đăng 820 bài, video.",
            312,
        ),
        (
            "năm 2021",
            "Trang TTĐT của Sở đăng 300 tin, bài, đồng thời chia sẻ lên fanpage của Sở.",
            300,
        ),
    ],
)
def test_posts_total_cumulative_and_channels(title, body, expected):
    got = fv(body, "posts_total", header=_header_for(title))
    assert got is not None and got.value == expected


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("quý III năm 2021", "Lũy kế từ đầu năm, Trang TTĐT của Sở đăng 176 tin, bài."),
        ("năm 2021", "Lũy kế từ khi khai trương, Trang TTĐT của Sở đăng 4.512 tin, bài."),
        ("năm 2021", "Trang TTĐT của Sở đã đăng 5.400 tin, bài kể từ khi khai trương."),
        ("năm 2021", "Trang Facebook của huyện đăng 540 bài, thu hút 1,2 triệu lượt xem."),
        ("năm 2021", "Fanpage của Sở đăng 820 bài, video."),
    ],
)
def test_posts_total_not_the_periods(title, body):
    assert fv(body, "posts_total", header=_header_for(title)) is None


@pytest.mark.parametrize(
    "body",
    [
        "Cổng TTĐT của huyện cả năm đăng tải 312 tin, bài, bình quân 26 tin, bài/tháng.",
        "Trang TTĐT huyện đăng tải 312 tin, bài (bình quân 26 tin, bài/tháng).",
    ],
)
def test_rate_after_a_total_is_the_second_numbers(body):
    got = run(body)
    assert got["posts_total"] == 312
    assert got["posts_per_month"] == 26.0
    assert fv(body, "posts_per_month").derived is False


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sở chủ trì 02 cuộc họp báo định kỳ và 01 cuộc họp báo chuyên đề.", 3),
        ("Sở tổ chức 02 cuộc họp báo thường kỳ, 01 cuộc họp báo đột xuất.", 3),
        # Counter-cases: the second count is someone else's, or not of press conferences.
        ("Sở tổ chức 02 cuộc họp báo và tham dự 03 cuộc họp báo của UBND tỉnh.", 2),
        ("Sở tổ chức 04 cuộc họp báo, thu hút 30 phóng viên tham dự.", 4),
        ("Sở tổ chức 02 cuộc họp báo và 01 cuộc họp báo do UBND tỉnh chủ trì.", 2),
        ("Sở tổ chức 02 cuộc họp báo (tăng 01 cuộc họp báo so với năm 2020).", 2),
    ],
)
def test_press_conferences_of_several_kinds_are_summed(body, expected):
    assert fv(body, "press_conferences").value == expected


@pytest.mark.parametrize(
    "body",
    [
        "Về kiến nghị, đề xuất: Không có kiến nghị.",
        "- Kiến nghị, đề xuất: Không.",
    ],
)
def test_inline_no_recommendations_with_prefix(body):
    assert fv(body, "recommendations").value == []


def test_assessment_lines_under_a_joint_assessment_and_requests_heading():
    body = (
        "III. ĐÁNH GIÁ, ĐỀ XUẤT\n- Ưu điểm: Thông tin được cung cấp kịp thời.\n"
        "- Tồn tại: Trang TTĐT cập nhật còn chậm.\n"
        "- Đề xuất: Đề nghị Sở TT&TT tổ chức tập huấn kỹ năng phát ngôn."
    )
    got = run(body)
    assert got["recommendations"] == ["Đề nghị Sở TT&TT tổ chức tập huấn kỹ năng phát ngôn."]
    assert got["strengths"] == "Thông tin được cung cấp kịp thời."
    assert got["limitations"] == "Trang TTĐT cập nhật còn chậm."
    assert got["training_topics"] == ["spokesperson_skills"]


def test_request_naming_difficulties_stays_a_request():
    body = (
        "IV. KIẾN NGHỊ\nĐể khắc phục khó khăn nêu trên, đề nghị: UBND tỉnh bố trí kinh phí nâng "
        "cấp Trang TTĐT của Sở."
    )
    got = run(body)
    assert len(got["recommendations"]) == 1
    assert got.get("limitations") is None


def test_outlets_quote_leaves_out_the_reports_opening_sentence():
    opening = "Sở Tư pháp báo cáo kết quả cung cấp thông tin cho báo chí năm 2021 như sau:\n"
    got = fv(opening + "Sở đã cung cấp thông tin cho Báo Hà Nam và VTV.", "outlets")
    assert got.value == ["Báo Hà Nam", "VTV"]
    assert got.quote == "Sở đã cung cấp thông tin cho Báo Hà Nam và VTV."
    # Counter-case: a lead-in of the outlets' own list stays in their quote.
    got = fv(
        "Sở đã cung cấp thông tin cho các cơ quan báo chí sau:\n- Báo Hà Nam;\n- VTV.", "outlets"
    )
    assert got.value == ["Báo Hà Nam", "VTV"]
    assert got.quote.startswith("Sở đã cung cấp thông tin cho các cơ quan báo chí sau:")


@pytest.mark.parametrize(
    ("body", "posts", "press"),
    [
        # A count restated in words in brackets: the counted noun follows the brackets.
        ("Trang TTĐT đã đăng tải 175 (một trăm bảy mươi lăm) tin, bài.", 175, None),
        ("Sở tổ chức 02 (hai) cuộc họp báo trong năm.", None, 2),
        ("Trang TTĐT đăng 120 (120) tin, bài.", 120, None),
        # Counter-cases: brackets holding something else keep the noun away from the number.
        ("Trang TTĐT đăng 30 (trong đó 12 tin ảnh) bài viết về cải cách hành chính.", None, None),
        ("Ngày 15 (thứ hai), Sở tổ chức họp báo về lễ hội.", None, None),
    ],
)
def test_count_restated_in_brackets(body, posts, press):
    got = run(body)
    assert got.get("posts_total") == posts
    if press is not None:
        assert got.get("press_conferences") == press
    else:
        assert got.get("press_conferences") != 15


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        # Who signed a cited document ("do ông X, Giám đốc Sở ký") is not the spokesperson.
        (
            "I. NGƯỜI PHÁT NGÔN\nQuy chế phát ngôn ban hành kèm theo Quyết định số 118/QĐ-STP "
            "ngày 15/3/2021 do ông Trần Thanh Bình, Giám đốc Sở ký vẫn có hiệu lực. Người phát "
            "ngôn của Sở là bà Lâm Thị Hân, Phó Giám đốc Sở.",
            "Lâm Thị Hân",
            "Phó Giám đốc Sở",
        ),
        (
            "I. NGƯỜI PHÁT NGÔN\nQuyết định số 12/QĐ-STP do Giám đốc Sở ký ban hành đã công bố "
            "người phát ngôn là ông Đỗ Văn Nam, Chánh Văn phòng Sở.",
            "Đỗ Văn Nam",
            "Chánh Văn phòng Sở",
        ),
        # Counter-cases: "định kỳ" (period) and a person "do" assigns are not signers.
        (
            "Người phát ngôn do ông Phạm Văn Hòa, Phó Giám đốc Sở đảm nhiệm, chủ trì họp báo "
            "định kỳ.",
            "Phạm Văn Hòa",
            "Phó Giám đốc Sở",
        ),
        (
            "Giám đốc Sở giao ông Vũ Văn Ký, Phó Giám đốc Sở làm người phát ngôn.",
            "Vũ Văn Ký",
            "Phó Giám đốc Sở",
        ),
    ],
)
def test_signer_of_a_cited_document_is_not_the_spokesperson(body, name, title):
    got = run(body)
    assert got.get("spokesperson_name") == name
    assert got.get("spokesperson_title") == title


def _city_header(first: str, place: str) -> str:
    return (
        f"{first} || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y TẾ || Độc lập - Tự do - Hạnh phúc\n"
        f"Số: 12/BC-SYT || {place}, ngày 05 tháng 12 năm 2021\nBÁO CÁO\n"
        "Công tác phát ngôn và cung cấp thông tin cho báo chí năm 2021\n"
    )


@pytest.mark.parametrize(
    ("first", "place", "province"),
    [
        # A centrally-run city's People's Committee abbreviated "TP." is the parent line.
        ("UBND TP. CẦN THƠ", "Ninh Kiều", "Cần Thơ"),
        ("UBND TP HÀ NỘI", "Hoàn Kiếm", "Hà Nội"),
        # No parent line: the place of the date line tells same-named agencies apart.
        ("", "Nam Định", "Nam Định"),
        ("", "TP. Nam Định", "Nam Định"),
        ("", "Hà Nam", "Hà Nam"),
    ],
)
def test_province_from_a_tp_parent_or_the_place_line(registry, first, place, province):
    header = _city_header(first, place)
    assert run("Sở đã đăng 30 tin, bài.", header=header, registry=registry)["province"] == province


def test_place_line_that_is_no_province_leaves_the_registry_to_decide(registry):
    # Counter-case: a district town as the place names no province; the agency's own is kept.
    header = _city_header("UBND TỈNH NAM ĐỊNH", "Giao Thủy")
    assert run("Sở đã đăng 30 tin, bài.", header=header, registry=registry)["province"] == (
        "Nam Định"
    )
    header = _city_header("", "Giao Thủy")
    got = run("Sở đã đăng 30 tin, bài.", header=header, registry=registry)
    assert got["agency"] == "Sở Y tế"


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # One quarter's count in a report of a longer period is a part, not the total.
        (
            "năm 2023",
            "Năm 2023, Sở đã đăng trên Trang TTĐT: Quý I: 50 tin, bài; Quý II: 60 tin, bài; "
            "Quý III: 70 tin, bài; Quý IV: 80 tin, bài.",
            None,
        ),
        ("6 tháng đầu năm 2023", "Quý II, Trang TTĐT của Sở đăng 60 tin, bài.", None),
        # Counter-cases: the quarter is the period, or the count is the year's total.
        ("quý II năm 2023", "Quý II, Trang TTĐT của Sở đăng 60 tin, bài.", 60),
        ("năm 2023", "Quý IV và cả năm 2023, Trang TTĐT của Sở đăng 400 tin, bài.", 400),
        (
            "năm 2023",
            "Trang TTĐT của Sở đăng 400 tin, bài, riêng Quý IV đăng 120 tin, bài.",
            400,
        ),
    ],
)
def test_one_quarters_posts_are_not_a_longer_periods_total(title, body, expected):
    header = HEADER.replace("năm 2021\n", f"{title}\n")
    assert run(body, header=header).get("posts_total") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("II. KẾT QUẢ\nSở đã đăng 30 tin, bài.\nĐơn vị không có kiến nghị, đề xuất.", []),
        ("II. KẾT QUẢ\nSở đã đăng 30 tin, bài.\nSở không có đề xuất gì thêm.", []),
        # Counter-cases: no press complaints is not "no requests"; silence stays unknown.
        (
            "II. KẾT QUẢ\nSở đã đăng 30 tin, bài.\nTrong kỳ chưa có ý kiến phản ánh của báo chí.",
            None,
        ),
        ("II. KẾT QUẢ\nSở đã đăng 30 tin, bài.", None),
    ],
)
def test_no_requests_stated_without_a_heading(body, expected):
    assert run(body).get("recommendations") == expected


def test_posts_over_a_span_of_quarters_are_the_total():
    header = HEADER.replace("năm 2021\n", "năm 2023\n")
    body = "Từ Quý I đến Quý IV năm 2023, Trang TTĐT của Sở đăng 400 tin, bài."
    assert run(body, header=header).get("posts_total") == 400


@pytest.mark.parametrize(
    ("cells", "name", "title"),
    [
        # Column labels over the values: "Người phát ngôn | Họ và tên | Chức vụ".
        (
            [
                ("Người phát ngôn", 0, 0),
                ("Họ và tên", 0, 1),
                ("Chức vụ", 0, 2),
                ("Hoàng Văn Lâm", 1, 1),
                ("Phó Giám đốc Sở", 1, 2),
            ],
            "Hoàng Văn Lâm",
            "Phó Giám đốc Sở",
        ),
        (
            [
                ("STT", 0, 0),
                ("Họ tên người phát ngôn", 0, 1),
                ("Chức danh", 0, 2),
                ("1", 1, 0),
                ("Trần Thị Thu", 1, 1),
                ("Chánh Văn phòng Sở", 1, 2),
            ],
            "Trần Thị Thu",
            "Chánh Văn phòng Sở",
        ),
        # Counter-case: a table of trainees with the same labels names no spokesperson.
        (
            [
                ("Học viên dự lớp bồi dưỡng", 0, 0),
                ("Họ và tên", 0, 1),
                ("Chức vụ", 0, 2),
                ("Lê Văn Hùng", 1, 1),
                ("Chuyên viên", 1, 2),
            ],
            None,
            None,
        ),
    ],
)
def test_spokesperson_under_column_labels(cells, name, title):
    got = extract(_table_doc(cells))
    assert (got["spokesperson_name"].value if "spokesperson_name" in got else None) == name
    assert (got["spokesperson_title"].value if "spokesperson_title" in got else None) == title


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sở đã cung cấp thông tin cho Đài THVN và Đài TNVN.", ["VTV", "VOV"]),
        # Since 2025 a province's paper and radio-TV station are one outlet.
        (
            "Sở đã cung cấp thông tin cho Báo và Phát thanh, Truyền hình Hà Nam, Báo Nhân Dân.",
            ["Báo và PT-TH Hà Nam", "Báo Nhân Dân"],
        ),
        ("Sở đã cung cấp thông tin cho Báo và PT-TH tỉnh.", ["Báo và PT-TH Hà Nam"]),
        # Counter-cases: the separate paper and station stay two outlets; "báo và đài" is none.
        (
            "Sở đã cung cấp thông tin cho Báo Hà Nam và Đài Phát thanh - Truyền hình Hà Nam.",
            ["Báo Hà Nam", "Đài PT-TH Hà Nam"],
        ),
        ("Sở đã cung cấp thông tin cho báo và đài của tỉnh.", None),
    ],
)
def test_outlet_abbreviations_and_merged_provincial_media(body, expected):
    assert run(body).get("outlets") == expected


@pytest.mark.parametrize(
    ("body", "expected", "training"),
    [
        # Training attended, then "no requests": none, and no training asked.
        (
            "V. KIẾN NGHỊ, ĐỀ XUẤT\nNăm 2021, Sở đã cử 02 cán bộ dự lớp tập huấn kỹ năng phát ngôn "
            "do Bộ tổ chức. Sở không có kiến nghị, đề xuất.",
            0,
            False,
        ),
        # Counter-case: a request before "no other requests" stays a request.
        (
            "V. KIẾN NGHỊ\nĐề nghị Sở TT&TT tổ chức tập huấn kỹ năng phát ngôn. Ngoài ra, Sở không "
            "có kiến nghị khác.",
            1,
            True,
        ),
    ],
)
def test_report_of_training_attended_then_no_requests(body, expected, training):
    got = run(body)
    assert len(got["recommendations"]) == expected
    assert got["training_requested"] is training


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        # A name in capitals after an honorific, written back in title case.
        (
            "Người phát ngôn: Ông HUỲNH VĂN TÁM, Phó Giám đốc Sở.",
            "Huỳnh Văn Tám",
            "Phó Giám đốc Sở",
        ),
        ("Người phát ngôn: bà TRẦN THỊ MAI – Phó Giám đốc Sở.", "Trần Thị Mai", "Phó Giám đốc Sở"),
        # Counter-cases: a title in capitals is no name; capitals without an honorific neither.
        ("Người phát ngôn: đồng chí GIÁM ĐỐC SỞ.", None, "GIÁM ĐỐC SỞ"),
        ("Người phát ngôn: Giám đốc Sở (theo QUY CHẾ PHÁT NGÔN).", None, "Giám đốc Sở"),
    ],
)
def test_spokesperson_name_in_capitals(body, name, title):
    got = run(body)
    assert got.get("spokesperson_name") == name
    assert got.get("spokesperson_title") == title


@pytest.mark.parametrize(
    ("lines", "strength", "limitation"),
    [
        (
            "Mặt được: Thông tin được cung cấp kịp thời.\nMặt chưa được: Trang TTĐT cập nhật chậm.",
            "Thông tin được cung cấp kịp thời.",
            "Trang TTĐT cập nhật chậm.",
        ),
        (
            "Những việc làm được: Thông tin được cung cấp kịp thời.\n"
            "Những việc chưa làm được: Trang TTĐT cập nhật chậm.",
            "Thông tin được cung cấp kịp thời.",
            "Trang TTĐT cập nhật chậm.",
        ),
    ],
)
def test_assessment_labels_done_and_not_yet_done(lines, strength, limitation):
    got = run("III. ĐÁNH GIÁ\n" + lines)
    assert got.get("strengths") == strength
    assert got.get("limitations") == limitation


# ------------------------------------ eleventh independent batch: titles, parts, counts, outlets


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        # The deputy who heads the agency: "phụ trách" belongs to the title.
        (
            "Người phát ngôn: bà Hoàng Thị Thanh Huyền, Phó Giám đốc phụ trách Sở, trực tiếp "
            "phát ngôn.",
            "Hoàng Thị Thanh Huyền",
            "Phó Giám đốc phụ trách Sở",
        ),
        (
            "Người phát ngôn của Văn phòng: ông Lê Văn Tiến – Phó Chánh Văn phòng phụ trách.",
            "Lê Văn Tiến",
            "Phó Chánh Văn phòng phụ trách",
        ),
        # Counter-cases: "phụ trách" + a remit is not part of the title.
        (
            "Người phát ngôn: ông Nguyễn Văn An, Phó Giám đốc phụ trách lĩnh vực văn hóa.",
            "Nguyễn Văn An",
            "Phó Giám đốc",
        ),
        (
            "Người phát ngôn: ông Nguyễn Văn An, Phó Chủ tịch UBND huyện phụ trách khối văn xã.",
            "Nguyễn Văn An",
            "Phó Chủ tịch UBND huyện",
        ),
    ],
)
def test_deputy_in_charge_keeps_the_whole_title(body, name, title):
    got = run(body)
    assert (got.get("spokesperson_name"), got.get("spokesperson_title")) == (name, title)


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        # Khmer, Thái surnames after a title ("TITLE NAME") or an honorific.
        ("Người phát ngôn: Phó Giám đốc Sở Danh Út.", "Danh Út", "Phó Giám đốc Sở"),
        ("Người phát ngôn: Giám đốc Sở Cầm Văn Chung.", "Cầm Văn Chung", "Giám đốc Sở"),
        ("Người phát ngôn: ông Thạch Sa Rin – Phó Giám đốc Sở.", "Thạch Sa Rin", "Phó Giám đốc Sở"),
        # Counter-case: "Danh sách" opening a sentence is no name.
        (
            "Danh sách người phát ngôn được đăng trên Trang TTĐT. Người phát ngôn là Giám đốc Sở.",
            None,
            "Giám đốc Sở",
        ),
    ],
)
def test_minority_surnames(body, name, title):
    got = run(body)
    assert (got.get("spokesperson_name"), got.get("spokesperson_title")) == (name, title)


def test_strengths_label_without_colon_inside_the_assessment():
    got = run(
        "III. ĐÁNH GIÁ CHUNG\na) Những kết quả đạt được\n- Thông tin được cung cấp kịp thời.\n"
        "- Trang TTĐT được cập nhật thường xuyên.\nb) Những hạn chế, tồn tại\n"
        "- Cán bộ quản trị trang còn kiêm nhiệm.\nIV. KIẾN NGHỊ\nKhông."
    )
    assert got.get("strengths") == (
        "Thông tin được cung cấp kịp thời.\nTrang TTĐT được cập nhật thường xuyên."
    )
    assert got.get("limitations") == "Cán bộ quản trị trang còn kiêm nhiệm."


def test_results_part_named_results_achieved_is_no_strength():
    # Counter-case: "KẾT QUẢ ĐẠT ĐƯỢC" heading the results (not under an assessment).
    got = run(
        "II. KẾT QUẢ ĐẠT ĐƯỢC\n1. Trang TTĐT đăng 300 tin, bài về hoạt động của Sở.\n"
        "III. ĐÁNH GIÁ\nHạn chế: Trang TTĐT cập nhật chậm."
    )
    assert got.get("strengths") is None
    assert got.get("posts_total") == 300


def _bold_doc(body: str, bold: set[str]) -> Document:
    doc = document_from_text(HEADER + body)
    blocks = [dataclasses.replace(b, bold=b.text in bold) for b in doc.blocks]
    return dataclasses.replace(doc, blocks=blocks)


def test_bold_unnumbered_part_heading_opens_the_requests():
    body = (
        "Ưu điểm: Thông tin được cung cấp kịp thời.\nKiến nghị\n"
        "1. Đề nghị các sở, ngành gửi nội dung trả lời đúng thời hạn.\n"
        "2. Đề nghị Sở Thông tin và Truyền thông nâng cấp hệ thống tiếp nhận câu hỏi.\n"
    )
    got = extract(_bold_doc(body, {"Kiến nghị"}))["recommendations"].value
    assert got == [
        "Đề nghị các sở, ngành gửi nội dung trả lời đúng thời hạn.",
        "Đề nghị Sở Thông tin và Truyền thông nâng cấp hệ thống tiếp nhận câu hỏi.",
    ]


def test_bold_sentence_is_no_part_heading():
    # Counter-case: a bold full sentence is content ("Không có kiến nghị." says none).
    body = "IV. ĐỀ XUẤT\nKhông có kiến nghị.\n"
    got = extract(_bold_doc(body, {"Không có kiến nghị."}))
    assert got["recommendations"].value == []


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("01 cuộc (họp báo về tình hình dịch sốt xuất huyết)", 1),
        ("02 cuộc (ngày 20/7 và ngày 15/11)", 2),
        ("02 cuộc", 2),
        # Counter-case: two counts outside brackets are no value.
        ("01 cuộc định kỳ, 02 cuộc đột xuất theo chỉ đạo của tỉnh và các ngành", None),
    ],
)
def test_table_result_cell_with_a_note_in_brackets(result, expected):
    cells = [
        ("TT", 0, 0),
        ("Nội dung", 0, 1),
        ("Kết quả", 0, 2),
        ("1", 1, 0),
        ("Số cuộc họp báo do Sở tổ chức", 1, 1),
        (result, 1, 2),
    ]
    got = extract(_table_doc(cells)).get("press_conferences")
    assert (got.value if got else None) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The office that organises the province's press conferences holds them.
        (
            "Văn phòng chủ trì tổ chức bốn cuộc họp báo định kỳ hằng quý của UBND tỉnh và hai cuộc "
            "họp báo chuyên đề.",
            6,
        ),
        # Counter-cases: information given at, serving or attending someone else's.
        ("Sở cung cấp thông tin tại 03 cuộc họp báo của UBND tỉnh.", None),
        (
            "Sở chủ trì 02 cuộc họp báo chuyên đề; ngoài ra phối hợp với Văn phòng UBND tỉnh phục "
            "vụ 04 cuộc họp báo định kỳ của UBND tỉnh.",
            2,
        ),
        ("Lãnh đạo Sở tham dự 02 cuộc họp báo định kỳ do UBND tỉnh tổ chức.", None),
    ],
)
def test_press_conferences_organised_for_the_province(body, expected):
    assert run("II. KẾT QUẢ\n" + body).get("press_conferences") == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A province whose name starts like a common word ("Gia Lai", not "báo giá").
        (
            "Huyện cung cấp thông tin cho Báo Gia Lai và Đài Phát thanh - Truyền hình Gia Lai.",
            ["Báo Gia Lai", "Đài PT-TH Gia Lai"],
        ),
        # A name in capitals ends before a lowercase verb.
        (
            "Sở phối hợp với phóng viên Báo Thanh Niên thực hiện phóng sự về chuyển đổi cây trồng.",
            ["Báo Thanh Niên"],
        ),
        # "và Cơ quan thường trú ..." starts another outlet.
        (
            "Sở cung cấp thông tin cho Báo Tuổi Trẻ và Cơ quan thường trú Thông tấn xã Việt Nam "
            "tại Bình Định.",
            ["Báo Tuổi Trẻ", "TTXVN"],
        ),
        # Counter-cases: names in sentence case keep their lowercase words.
        (
            "Sở cung cấp thông tin cho Báo Tài nguyên và Môi trường, Báo Pháp luật Việt Nam.",
            ["Báo Tài nguyên và Môi trường", "Báo Pháp luật Việt Nam"],
        ),
        ("Sở cung cấp thông tin cho Báo Tuổi trẻ thực hiện phóng sự.", ["Báo Tuổi trẻ"]),
        ("Sở cung cấp thông tin cho Báo Bà Rịa - Vũng Tàu.", ["Báo Bà Rịa - Vũng Tàu"]),
    ],
)
def test_outlet_names_end_where_the_sentence_goes_on(body, expected):
    assert run(body).get("outlets") == expected


@pytest.mark.parametrize(
    ("request_line", "training", "topics"),
    [
        # Guidance on a skill is a training request.
        (
            "Đề nghị Sở TT&TT hướng dẫn kỹ năng phát ngôn và xử lý thông tin trên mạng xã hội cho "
            "lãnh đạo các xã.",
            True,
            ["spokesperson_skills", "social_media"],
        ),
        (
            "Đề nghị Sở TT&TT hướng dẫn nghiệp vụ quản trị trang thông tin điện tử.",
            True,
            ["website_admin"],
        ),
        # Counter-cases: guidance on rules or a reporting regime is no training.
        ("Đề nghị Sở TT&TT hướng dẫn cụ thể về chế độ báo cáo hằng năm.", False, []),
        ("Đề nghị Bộ ban hành hướng dẫn thống nhất về cung cấp thông tin.", False, []),
    ],
)
def test_request_for_guidance_on_skills_is_training(request_line, training, topics):
    got = run("V. KIẾN NGHỊ\n" + request_line)
    assert got["training_requested"] is training
    assert got.get("training_topics") == topics


def test_guidance_on_skills_counts_in_the_shared_taxonomy():
    from ingest.topics import is_training_request, request_topics

    assert is_training_request("Đề nghị hướng dẫn thêm kỹ năng trả lời phỏng vấn.")
    assert request_topics("Đề nghị hướng dẫn kỹ năng phát ngôn.") == ["spokesperson_skills"]
    assert not is_training_request("Đề nghị hướng dẫn cách ghi số liệu vào mẫu báo cáo.")


@pytest.mark.parametrize(
    ("request_line", "training"),
    [
        ("Đề nghị tổ chức huấn luyện kỹ năng phát ngôn cho cấp xã.", True),
        ("Đề nghị tổ chức hội thảo về kỹ năng phát ngôn.", True),
        ("Đề nghị mở lớp về kỹ năng trả lời phỏng vấn.", True),
        # Counter-cases: a training word inside an agency's name; a request for money.
        ("Đề nghị Sở Giáo dục và Đào tạo cung cấp thông tin kịp thời.", False),
        ("Đề nghị bố trí kinh phí cho Trang thông tin điện tử.", False),
    ],
)
def test_one_definition_of_a_training_request(request_line, training):
    # The report's training_requested and the dashboard's requests by theme (request_topics)
    # read the same words: a request one counts as training the other counts too.
    from ingest.topics import is_training_request, request_topics

    got = run("V. KIẾN NGHỊ\n" + request_line)
    assert got["training_requested"] is training
    assert is_training_request(request_line) is training
    assert (request_topics(request_line) is not None) is training


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        # The acting head: "Quyền" belongs to the title.
        (
            "Người phát ngôn: ông Nguyễn Văn An, Quyền Giám đốc Sở.",
            "Nguyễn Văn An",
            "Quyền Giám đốc Sở",
        ),
        ("Người phát ngôn: Quyền Giám đốc Sở Lê Văn Nam.", "Lê Văn Nam", "Quyền Giám đốc Sở"),
        # Counter-cases: "Quyền" as a given name; "ủy quyền" the verb.
        ("Người phát ngôn: ông Lê Văn Quyền – Giám đốc Sở.", "Lê Văn Quyền", "Giám đốc Sở"),
        (
            "Người phát ngôn: bà Trần Thị Hoa, Phó Giám đốc Sở, được ủy quyền giám đốc điều hành.",
            "Trần Thị Hoa",
            "Phó Giám đốc Sở",
        ),
    ],
)
def test_acting_head_title(body, name, title):
    got = run(body)
    assert (got.get("spokesperson_name"), got.get("spokesperson_title")) == (name, title)


@pytest.mark.parametrize(
    ("lines", "strength", "limitation"),
    [
        (
            "* Những mặt đạt được\n- Thông tin được cung cấp kịp thời.\n* Những tồn tại, hạn chế\n"
            "- Trang TTĐT cập nhật chậm.",
            "Thông tin được cung cấp kịp thời.",
            "Trang TTĐT cập nhật chậm.",
        ),
        # A lettered heading may name more than a plain line ("... và nguyên nhân").
        (
            "a) Những kết quả đạt được\n- Thông tin được cung cấp kịp thời.\n"
            "b) Những hạn chế, tồn tại và nguyên nhân\n- Trang TTĐT cập nhật chậm.",
            "Thông tin được cung cấp kịp thời.",
            "Trang TTĐT cập nhật chậm.",
        ),
        # Counter-cases: "Những mặt chưa đạt được" is a limitation; a long plain line is no label.
        (
            "Những mặt chưa đạt được\n- Trang TTĐT cập nhật chậm.",
            None,
            "Trang TTĐT cập nhật chậm.",
        ),
        (
            "Những hạn chế, tồn tại và nguyên nhân của công tác phát ngôn năm nay\n"
            "- Trang TTĐT cập nhật chậm.",
            None,
            None,
        ),
    ],
)
def test_assessment_labels_without_colon(lines, strength, limitation):
    got = run("III. ĐÁNH GIÁ\n" + lines)
    assert got.get("strengths") == strength
    assert got.get("limitations") == limitation


# ------------------------------------------------------ indicators of the Decree 244/2026 form

FORM_HEADER = HEADER.replace("năm 2021", "năm 2026").replace("88/BC-STP", "512/BC-STP")
RATIOS = {
    "requests": ("press_requests_answered", "press_requests_received"),
    "incidents": ("incidents_spoken", "incidents_total"),
    "on_time": ("answers_on_time", "answers_total"),
}


def form_values(doc: Document) -> dict:
    got = extract(doc)
    return {n: got[n].value for n in FORM_FIELDS if n in got}


def form_doc(rows: list[str], before: str = "II. KẾT QUẢ THỰC HIỆN") -> Document:
    """A report whose body holds a table written as 'cell | cell' lines (first line: header)."""
    doc = document_from_text(FORM_HEADER + before)
    for r, line in enumerate(rows):
        for c, text in enumerate(line.split(" | ")):
            if text.strip():
                doc.blocks.append(Block(text.strip(), Location(table=1, row=r, cell=c)))
    return doc


def test_form_table_national_layout():
    doc = form_doc(
        [
            "STT | Chỉ tiêu | Đơn vị tính | Số lượng",
            "1 | Họp báo do cơ quan chủ trì tổ chức | Cuộc | 02",
            "2 | Đưa thông tin tại cuộc giao ban báo chí | Lần | 05",
            "3 | Yêu cầu của cơ quan báo chí đã trả lời/đã tiếp nhận | Yêu cầu | 14/15",
            "4 | Vụ việc đột xuất, bất thường đã phát ngôn/tổng số vụ việc | Vụ việc | 3/3",
            "5 | Trả lời đúng thời hạn/tổng số yêu cầu | Yêu cầu | 13/14",
            "6 | Yêu cầu cải chính | Yêu cầu | 0",
            "7 | Tin, bài đăng trên Trang thông tin điện tử của Sở | Tin, bài | 642",
        ]
    )
    got = extract(doc)
    assert form_values(doc) == {
        "briefings": 5,
        "press_requests_answered": 14,
        "press_requests_received": 15,
        "incidents_spoken": 3,
        "incidents_total": 3,
        "answers_on_time": 13,
        "answers_total": 14,
        "correction_requests": 0,
    }
    # A ratio's two fields keep the same quote, each with its own confidence.
    answered, received = got["press_requests_answered"], got["press_requests_received"]
    assert answered.quote == received.quote and "14/15" in answered.quote
    assert answered.location.table == 1 and 0.6 <= received.confidence <= 1
    # The briefings row is no press conference; the counts are no posts.
    assert got["press_conferences"].value == 2 and got["posts_total"].value == 642


@pytest.mark.parametrize(
    "rows, expected",
    [
        # Another column order, the ratio split over two columns.
        (
            [
                "TT | Kết quả | Tổng số | Đơn vị tính | Chỉ tiêu",
                "1 | 21 | 23 | Yêu cầu | Yêu cầu của cơ quan báo chí: đã trả lời / đã tiếp nhận",
                "2 | 1 | 2 | Vụ việc | Vụ việc đột xuất, bất thường: đã phát ngôn / tổng số",
            ],
            {
                "press_requests_answered": 21,
                "press_requests_received": 23,
                "incidents_spoken": 1,
                "incidents_total": 2,
            },
        ),
        # "14 / 15", "5 trên 5"; a "Ghi chú" column's numbers and dates are notes, not values.
        (
            [
                "STT | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú",
                "1 | Yêu cầu của báo chí đã trả lời/tiếp nhận | Yêu cầu | 9 / 11 | 02 chuyển đi",
                "2 | Số vụ việc nóng đã phát ngôn/tổng số | Vụ việc | 5 trên 5 | đến 14/12/2026",
                "3 | Số yêu cầu cải chính | Yêu cầu | Không |",
            ],
            {
                "press_requests_answered": 9,
                "press_requests_received": 11,
                "incidents_spoken": 5,
                "incidents_total": 5,
                "correction_requests": 0,
            },
        ),
        # One count under a label naming one side of the ratio is that side only.
        (
            ["TT | Nội dung | Kết quả", "1 | Số yêu cầu của cơ quan báo chí đã tiếp nhận | 15"],
            {"press_requests_received": 15},
        ),
        # One count under a label naming both sides is ambiguous: nothing.
        (["TT | Nội dung | Kết quả", "1 | Yêu cầu của báo chí đã trả lời/tiếp nhận | 15"], {}),
        # Written replies are documents, not the form's requests.
        (["TT | Nội dung | Số lượng", "1 | Số văn bản trả lời báo chí | 6"], {}),
        # A date in the value cell is no ratio.
        (["TT | Nội dung | Kết quả", "1 | Vụ việc đột xuất đã phát ngôn/tổng số | 14/12"], {}),
        # The sides named by the column headers.
        (
            ["Nội dung | Đã trả lời | Đã tiếp nhận", "Yêu cầu của cơ quan báo chí | 14 | 15"],
            {"press_requests_answered": 14, "press_requests_received": 15},
        ),
        # A two-row header: "Kết quả" over "Đã trả lời | Đã tiếp nhận".
        (
            [
                "TT | Chỉ tiêu | Kết quả | Kết quả",
                " | | Đã trả lời | Đã tiếp nhận",
                "1 | Yêu cầu của cơ quan báo chí | 14 | 15",
            ],
            {"press_requests_answered": 14, "press_requests_received": 15},
        ),
        # Rows of one table: the press named once for all of them.
        (
            [
                "TT | Yêu cầu của cơ quan báo chí | Số lượng",
                "1 | Số yêu cầu đã tiếp nhận | 15",
                "2 | Số yêu cầu đã trả lời | 14",
                "3 | Số yêu cầu được trả lời đúng hạn | 13",
            ],
            {"press_requests_received": 15, "press_requests_answered": 14, "answers_on_time": 13},
        ),
        # A rate column beside the two counts is no third count.
        (
            [
                "TT | Chỉ tiêu | Đã trả lời | Đã tiếp nhận | Tỷ lệ",
                "1 | Yêu cầu của cơ quan báo chí | 14 | 14 | 100%",
            ],
            {"press_requests_answered": 14, "press_requests_received": 14},
        ),
        # OCR cut the label over two cells ("đúng thời" | "hạn/..."), the row number lost.
        (
            [
                "STT | Chỉ tiêu | Đơn vị tính | Số lượng",
                "Trả lời đúng thời | hạn/tổng số yêu cầu của báo chí | Yêu cầu | 13/14",
            ],
            {"answers_on_time": 13, "answers_total": 14},
        ),
    ],
)
def test_form_table_variants(rows, expected):
    assert form_values(form_doc(rows)) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Sở đã cung cấp thông tin tại 12 kỳ giao ban báo chí hằng tháng.", {"briefings": 12}),
        ("Trong năm, Sở không đưa thông tin tại giao ban báo chí.", {"briefings": 0}),
        (
            "Sở trả lời 14 trên tổng số 15 yêu cầu của các cơ quan báo chí.",
            {"press_requests_answered": 14, "press_requests_received": 15},
        ),
        (
            "Sở nhận được 20 đề nghị phỏng vấn của phóng viên, đã đáp ứng 18 đề nghị.",
            {"press_requests_answered": 18, "press_requests_received": 20},
        ),
        (
            "Sở đã phản hồi 9/10 câu hỏi của phóng viên.",
            {"press_requests_answered": 9, "press_requests_received": 10},
        ),
        ("Sở đã 01 lần đề nghị Báo Hà Nam cải chính thông tin.", {"correction_requests": 1}),
        (
            "Tổng số yêu cầu của báo chí: 15; đã trả lời: 14; trả lời đúng hạn: 13.",
            {"press_requests_received": 15, "press_requests_answered": 14, "answers_on_time": 13},
        ),
        # Attended 12, information given 4 times: the form counts the 4.
        (
            "Năm 2026, Sở tham dự 12 cuộc giao ban báo chí, cung cấp thông tin 4 lần.",
            {"briefings": 4},
        ),
        (
            "Trong 15 vụ việc đột xuất được báo chí phản ánh, Sở đã phát ngôn 12 vụ việc.",
            {"incidents_total": 15, "incidents_spoken": 12},
        ),
        # Counter-cases: the unanswered, a change over last year, a percentage on time.
        ("Sở còn 02 yêu cầu của báo chí chưa trả lời do đang thanh tra.", {}),
        (
            "Sở đã tiếp nhận 20 yêu cầu của báo chí, tăng 4 yêu cầu so với năm trước.",
            {"press_requests_received": 20},
        ),
        (
            "Đã trả lời 12/12 yêu cầu của báo chí, 100% đúng thời hạn.",
            {"press_requests_answered": 12, "press_requests_received": 12},
        ),
        (
            "Sở chủ trì 12 cuộc giao ban báo chí và cung cấp thông tin tại 03 cuộc giao ban của "
            "Tỉnh ủy.",
            {"briefings": 3},
        ),
        (
            "Tham gia giao ban báo chí: 12 lần; trong đó cung cấp thông tin: 05 lần.",
            {"briefings": 5},
        ),
        ("2. Giao ban báo chí\nSở đã cung cấp thông tin tại 06 cuộc.", {"briefings": 6}),
        # Hosting briefings, or giving information at a press conference, is not the count.
        ("Sở chủ trì tổ chức 12 cuộc giao ban báo chí định kỳ hằng tháng.", {}),
        (
            "2. Họp báo, giao ban báo chí\nSở đã cung cấp thông tin tại 02 cuộc họp báo của UBND "
            "tỉnh.",
            {},
        ),
        # Information to outlets that asked for it is no count of requests.
        ("Sở đã cung cấp thông tin cho 14/15 cơ quan báo chí có yêu cầu.", {}),
        # A percentage is no count.
        ("Sở đã trả lời 100% yêu cầu của các cơ quan báo chí.", {}),
        ("Trả lời đúng hạn 100% yêu cầu của báo chí.", {}),
    ],
)
def test_form_indicators_in_other_words(body, expected):
    assert form_values(document_from_text(FORM_HEADER + body)) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            "3 Yêu cầu của cơ quan báo chí đã trả lời/đã tiếp nhận Yêu cầu 14/15",
            {"press_requests_answered": 14, "press_requests_received": 15},
        ),
        ("2 Đưa thông tin tại cuộc giao ban báo chí Lần 05", {"briefings": 5}),
        ("6 Yêu cầu cải chính Yêu cầu 0", {"correction_requests": 0}),
        (
            "4 Vụ việc đột xuất, bất thường đã phát ngôn/tổng số vụ việc Vụ việc 3/3",
            {"incidents_spoken": 3, "incidents_total": 3},
        ),
        (
            "5 Trả lời đúng thời hạn/tổng số yêu cầu Yêu cầu 13/14",
            {"answers_on_time": 13, "answers_total": 14},
        ),
    ],
)
def test_form_rows_flattened_into_lines_keep_values_not_row_numbers(line, expected):
    # PDF or OCR text of the form's table: one line per row, the row number first.
    assert form_values(document_from_text(FORM_HEADER + "II. KẾT QUẢ\n" + line)) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Sở đã cung cấp thông tin tại 04 cuộc giao ban báo chí.", {"briefings": 4}),
        ("Lãnh đạo Sở 03 lần đưa thông tin tại hội nghị giao ban báo chí.", {"briefings": 3}),
        ("Đưa thông tin tại cuộc giao ban báo chí: 05 lần.", {"briefings": 5}),
        (
            "Lãnh đạo Sở tham dự 12 buổi giao ban báo chí, trong đó có 05 lần cung cấp thông tin.",
            {"briefings": 5},
        ),
        (
            "Sở tiếp nhận 15 yêu cầu của các cơ quan báo chí, đã trả lời 14.",
            {"press_requests_received": 15, "press_requests_answered": 14},
        ),
        (
            "Sở đã trả lời 14/15 yêu cầu cung cấp thông tin của phóng viên.",
            {"press_requests_answered": 14, "press_requests_received": 15},
        ),
        (
            "Sở trả lời đúng thời hạn 13/14 yêu cầu của các cơ quan báo chí.",
            {"answers_on_time": 13, "answers_total": 14},
        ),
        (
            "Trong số 25 yêu cầu đã trả lời, có 24 yêu cầu được trả lời đúng thời hạn.",
            {"answers_on_time": 24, "answers_total": 25},
        ),
        (
            "Trong năm xảy ra 3 vụ việc đột xuất, bất thường; Sở đã phát ngôn về 2 vụ việc.",
            {"incidents_total": 3, "incidents_spoken": 2},
        ),
        (
            "Sở đã phát ngôn 3/3 vụ việc đột xuất, bất thường.",
            {"incidents_spoken": 3, "incidents_total": 3},
        ),
        (
            "Trong năm không có vụ việc phải phát ngôn đột xuất, bất thường.",
            {"incidents_spoken": 0, "incidents_total": 0},
        ),
        ("Sở không có yêu cầu cải chính đối với cơ quan báo chí.", {"correction_requests": 0}),
        (
            "Sở đã gửi 02 văn bản yêu cầu cải chính thông tin sai sự thật.",
            {"correction_requests": 2},
        ),
        ("Yêu cầu cải chính: 01.", {"correction_requests": 1}),
    ],
)
def test_form_indicators_in_prose(body, expected):
    doc = document_from_text(FORM_HEADER + body)
    assert form_values(doc) == expected
    for name, got in extract(doc).items():
        if name in FORM_FIELDS:  # evidence: the sentence and where it is
            assert got.quote and got.location is not None and 0.6 <= got.confidence <= 1


@pytest.mark.parametrize(
    "body",
    [
        # Attending briefings, uncounted, is not bringing information to them: unknown, not 0.
        "Sở tham gia đầy đủ các buổi giao ban báo chí do Sở TT&TT tổ chức hằng tháng.",
        # A ratio of communes, a date and a document number are no ratios of the form.
        "Sở trả lời yêu cầu của báo chí kịp thời; hướng dẫn 14/15 xã cập nhật thông tin.",
        "Ngày 14/12/2026, Sở tiếp nhận yêu cầu của báo chí và đã trả lời ngay.",
        "Số liệu từ 15/12/2025 đến 14/12/2026, theo Văn bản số 14/15/SYT-VP về trả lời báo chí.",
        # Plans are not results.
        "Thời gian tới, Sở sẽ cung cấp thông tin tại 12 buổi giao ban báo chí.",
        # Silence: reports before the form say nothing of these.
        "Trang thông tin điện tử của Sở đăng 315 tin, bài; Sở tổ chức 01 cuộc họp báo.",
    ],
)
def test_form_indicators_silent_or_not_counted(body):
    assert form_values(document_from_text(FORM_HEADER + body)) == {}


# Issue 3/7: item (6) of the form is a ratio, cases with a written reply or a correction request
# over the cases that needed one ("correction_requests" / "corrections_total").
@pytest.mark.parametrize(
    "rows, expected",
    [
        (
            [
                "STT | Chỉ tiêu | Đơn vị tính | Số lượng",
                "6 | Vụ việc có văn bản phản hồi, yêu cầu cải chính/tổng số | Vụ việc | 3/4",
            ],
            {"correction_requests": 3, "corrections_total": 4},
        ),
        # Split over two columns named by their headers.
        (
            [
                "TT | Chỉ tiêu | Đã có văn bản | Tổng số",
                "6 | Vụ việc phản hồi, yêu cầu cải chính | 3 | 4",
            ],
            {"correction_requests": 3, "corrections_total": 4},
        ),
        # A row of the total alone.
        (
            ["TT | Nội dung | Kết quả", "1 | Tổng số vụ việc cần phản hồi, cải chính | 4"],
            {"corrections_total": 4},
        ),
        # "Không phát sinh": none arose, 0 of 0.
        (
            [
                "STT | Chỉ tiêu | Đơn vị tính | Số lượng",
                "6 | Vụ việc có văn bản phản hồi, yêu cầu cải chính/tổng số | Vụ việc | Không "
                "phát sinh",
            ],
            {"correction_requests": 0, "corrections_total": 0},
        ),
        # Counter-cases: one count under a label naming both sides is ambiguous; a lone count
        # of requests stays a count with an unknown total; "Không" is none made, not none arisen.
        (
            [
                "TT | Nội dung | Kết quả",
                "1 | Vụ việc có văn bản phản hồi, yêu cầu cải chính/tổng số | 3",
            ],
            {},
        ),
        (["TT | Nội dung | Kết quả", "1 | Số yêu cầu cải chính | 2"], {"correction_requests": 2}),
        (
            ["TT | Nội dung | Kết quả", "1 | Số yêu cầu cải chính | Không"],
            {"correction_requests": 0},
        ),
    ],
)
def test_form_table_corrections_ratio(rows, expected):
    assert form_values(form_doc(rows)) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "Sở đã có văn bản phản hồi, yêu cầu cải chính 3 trong tổng số 4 vụ việc báo chí đưa "
            "tin sai sự thật.",
            {"correction_requests": 3, "corrections_total": 4},
        ),
        (
            "Sở đã có văn bản phản hồi, yêu cầu cải chính đối với 3/4 vụ việc thông tin sai sự "
            "thật.",
            {"correction_requests": 3, "corrections_total": 4},
        ),
        (
            "Sở đã phản hồi 3/4 vụ việc có thông tin sai, cần yêu cầu cải chính.",
            {"correction_requests": 3, "corrections_total": 4},
        ),
        (
            "Tổng số vụ việc cần phản hồi, cải chính: 04; đã có văn bản phản hồi, yêu cầu cải "
            "chính: 03.",
            {"corrections_total": 4, "correction_requests": 3},
        ),
        (
            "Có 4 vụ việc cần phản hồi, cải chính; Sở đã gửi văn bản yêu cầu cải chính 3 vụ việc.",
            {"corrections_total": 4, "correction_requests": 3},
        ),
        # None arose: 0 of 0.
        (
            "Trong năm không phát sinh vụ việc phải phản hồi, yêu cầu cải chính.",
            {"correction_requests": 0, "corrections_total": 0},
        ),
        (
            "Không có vụ việc nào cần phản hồi, cải chính thông tin.",
            {"correction_requests": 0, "corrections_total": 0},
        ),
        # Counter-cases: none made is 0 with an unknown total; a lone count stays a count; the
        # other ratios of the sentence are not item (6).
        ("Sở không có yêu cầu cải chính đối với cơ quan báo chí.", {"correction_requests": 0}),
        ("Sở đã gửi 02 văn bản yêu cầu cải chính.", {"correction_requests": 2}),
        (
            "Sở đã phát ngôn 3/3 vụ việc đột xuất, bất thường; không có yêu cầu cải chính.",
            {"incidents_spoken": 3, "incidents_total": 3, "correction_requests": 0},
        ),
        (
            "Không có yêu cầu cải chính; Sở đã trả lời 14/15 yêu cầu của báo chí.",
            {
                "press_requests_answered": 14,
                "press_requests_received": 15,
                "correction_requests": 0,
            },
        ),
        # "trong tổng số" is a ratio for the other items too.
        (
            "Sở trả lời 14 trong tổng số 15 yêu cầu của các cơ quan báo chí.",
            {"press_requests_answered": 14, "press_requests_received": 15},
        ),
    ],
)
def test_form_prose_corrections_ratio(body, expected):
    doc = document_from_text(FORM_HEADER + body)
    assert form_values(doc) == expected
    got = extract(doc)
    if "corrections_total" in got:  # both sides carry the sentence as evidence
        assert got["corrections_total"].quote == got["correction_requests"].quote
        assert got["corrections_total"].location is not None


def test_form_corrections_silent_stay_unknown():
    # A report silent on item (6) leaves both sides unknown, never 0.
    body = "Sở đã trả lời 14/15 yêu cầu của báo chí; phát ngôn 3/3 vụ việc đột xuất."
    got = form_values(document_from_text(FORM_HEADER + body))
    assert "correction_requests" not in got and "corrections_total" not in got


def test_briefings_never_become_press_conferences():
    # A count of press conferences and briefings together is neither.
    got = extract(document_from_text(FORM_HEADER + "Số cuộc họp báo, giao ban báo chí: 05."))
    assert "press_conferences" not in got and "briefings" not in got
    for body in (
        "Trong năm, Sở đã 05 lần cung cấp thông tin tại giao ban báo chí.",
        "Sở cung cấp thông tin tại 04 cuộc giao ban báo chí do Tỉnh ủy chủ trì.",
    ):
        got = extract(document_from_text(FORM_HEADER + body))
        assert got.get("press_conferences") is None
        assert got["briefings"].value in (4, 5)


def test_attended_and_gave_information_is_a_less_sure_briefing_count():
    body = "Lãnh đạo Sở tham dự 9 buổi giao ban báo chí, cung cấp thông tin về các dự án."
    got = extract(document_from_text(FORM_HEADER + body))["briefings"]
    assert got.value == 9 and got.confidence < 0.7


def test_correction_requests_are_not_posts():
    body = "Sở đã đề nghị cải chính 02 tin, bài đăng sai sự thật về hoạt động của ngành."
    got = extract(document_from_text(FORM_HEADER + body))
    assert got["correction_requests"].value == 2
    assert "posts_total" not in got


def test_form_fields_are_json_contract_keys():
    # Issue 3/7: every Decree 244 count is a key of the CLI's JSON.
    assert set(FORM_FIELDS) <= set(ALL_FIELDS) and set(FORM_FIELDS) <= set(FIELD_NAMES)


# ------------------------------------------------------------- OCR debris around table counts

OCR_HEAD = "STT | Chỉ tiêu | Đơn vị tính | Số lượng"
POSTS_ROW = "7 | Tin, bài đăng trên Trang thông tin điện tử của Sở | Tin, bài | {}"
PRESS_ROW = "1 | Họp báo do cơ quan chủ trì tổ chức | Cuộc | {}"
REQUESTS_ROW = "3 | Yêu cầu của cơ quan báo chí đã trả lời/đã tiếp nhận | Yêu cầu | {}"


def _cell_value(row: str, cell: str, name: str):
    got = extract(form_doc([OCR_HEAD, row.format(cell)])).get(name)
    return got.value if got else None


@pytest.mark.parametrize(
    "cell",
    [
        "2g/",  # "257" with "57" misread (a scanned Phụ lục)
        "_057",
        "1O5",
        "25|",
        "|57",
        "25?",
        "257'",
        "2g/7",  # digits left over after a misread one
        "ZUYẾ",
        "vẠI",
        "2S",
        "0l",
    ],
)
def test_table_count_glued_to_ocr_debris_is_not_read(cell):
    # A wrong count passes review; a missing one is flagged "needs review".
    assert _cell_value(POSTS_ROW, cell, "posts_total") is None
    assert _cell_value(PRESS_ROW, cell, "press_conferences") is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("257", 257),
        ("1.126", 1126),
        ("02", 2),
        ("257 tin, bài", 257),
        ("257tin, bài", 257),  # a space lost by OCR before a counted noun
        ("khoảng 250", 250),
        ("257.", 257),
        ("(257)", 257),
        ("257 (hai trăm năm mươi bảy)", 257),
    ],
)
def test_clean_table_counts_are_still_read(cell, expected):
    assert _cell_value(POSTS_ROW, cell, "posts_total") == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("02", 2),
        ("02cuộc", 2),
        ("Tham dự 04 cuộc", 4),
        ("01 cuộc (họp báo về tình hình dịch sốt xuất huyết)", 1),
        ("02 cuộc, ngày 20/7", 2),  # a date beside the count is no debris
    ],
)
def test_clean_press_cells_are_still_read(cell, expected):
    assert _cell_value(PRESS_ROW, cell, "press_conferences") == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("9/11", (9, 11)),
        ("9 / 11", (9, 11)),
        ("5 trên 5", (5, 5)),
        ("14/15 yêu cầu", (14, 15)),
        # Debris glued to a ratio; a rate is no count.
        ("_9/11", None),
        ("9/11|", None),
        ("100%", None),
    ],
)
def test_ratio_cells_and_debris(cell, expected):
    got = extract(form_doc([OCR_HEAD, REQUESTS_ROW.format(cell)]))
    pair = tuple(
        got[n].value for n in ("press_requests_answered", "press_requests_received") if n in got
    )
    assert (pair or None) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Trang thông tin điện tử của Sở đã đăng 257 tin, bài.", 257),
        ("Trang thông tin điện tử của Sở đã đăng 257tin, bài.", 257),
        ("Trang thông tin điện tử của Sở đã đăng khoảng 250 tin, bài.", 250),
        # OCR debris in prose gives no count.
        ("Trang thông tin điện tử của Sở đã đăng 2g/ tin, bài.", None),
        ("Trang thông tin điện tử của Sở đã đăng _057 tin, bài.", None),
        ("Trang thông tin điện tử của Sở đã đăng 25|tin, bài.", None),
    ],
)
def test_posts_in_prose_with_ocr_debris(body, expected):
    got = fv("II. KẾT QUẢ\n" + body, "posts_total")
    assert (got.value if got else None) == expected


@pytest.mark.parametrize(
    ("line", "press", "posts"),
    [
        # Rows of the form's table flattened into lines by PDF or OCR text.
        ("1 Họp báo do cơ quan chủ trì tổ chức Cuộc 02", 2, None),
        ("1. Số cuộc họp báo đã tổ chức Cuộc 03", 3, None),
        ("1 Họp báo do cơ quan chủ trì tổ chức Cuộc 0", 0, None),
        ("7 Tin, bài đăng trên Trang thông tin điện tử của Sở Tin, bài 257", None, 257),
        # The row number is never the value, with the value misread or not.
        ("1 Họp báo do cơ quan chủ trì tổ chức Cuộc 2g/", None, None),
        ("7 Tin, bài đăng trên Trang thông tin điện tử của Sở Tin, bài 2g/", None, None),
        ("7 Tin, bài đăng trên Trang thông tin điện tử của Sở Tin, bài ZUYẾ", None, None),
        # Someone else's press conferences, or words after the count: not the form's row.
        ("1 Tham dự họp báo do UBND tỉnh tổ chức Cuộc 02", None, None),
        ("1 Họp báo do UBND tỉnh tổ chức Cuộc 02", None, None),
    ],
)
def test_flattened_form_rows(line, press, posts):
    got = extract(document_from_text(FORM_HEADER + "II. KẾT QUẢ\n" + line))
    assert (got["press_conferences"].value if "press_conferences" in got else None) == press
    assert (got["posts_total"].value if "posts_total" in got else None) == posts


def test_flattened_press_row_leaves_the_next_rows_alone():
    lines = (
        "1 Họp báo do cơ quan chủ trì tổ chức Cuộc 02\n"
        "2 Đưa thông tin tại cuộc giao ban báo chí Lần 05\n"
    )
    got = form_values(document_from_text(FORM_HEADER + "II. KẾT QUẢ\n" + lines))
    assert got == {"briefings": 5}
    full = extract(document_from_text(FORM_HEADER + "II. KẾT QUẢ\n" + lines))
    assert full["press_conferences"].value == 2


# -- the families: each field of the table has exactly one rule ---------------------------------


def test_every_field_of_the_table_is_produced_by_exactly_one_family_of_its_group():
    produced = [name for family in FAMILIES for name in family.PRODUCES]
    assert sorted(produced) == sorted(ALL_FIELDS)  # none missing, none extra, none twice
    for family in FAMILIES:
        group = family.__name__.rsplit(".", 1)[-1]
        assert {SPECS[name].group for name in family.PRODUCES} == {group}, family.__name__


def test_a_family_returns_only_the_fields_it_declares():
    doc = document_from_text(
        HEADER
        + "Người phát ngôn: ông Nguyễn Văn An, Phó Giám đốc Sở.\n"
        + "Sở đăng 120 tin, bài trên Trang thông tin điện tử; tổ chức 02 cuộc họp báo.\n"
        + "Sở đã cung cấp thông tin cho Báo Hà Nam, Đài PT-TH Hà Nam.\n"
        + "Tiếp nhận 15 yêu cầu của cơ quan báo chí, đã trả lời 14 yêu cầu.\n"
        + "Ưu điểm: Thông tin được cung cấp kịp thời, đầy đủ.\n"
        + "Hạn chế: Một số đơn vị còn chậm gửi tin, bài.\n"
        + "III. KIẾN NGHỊ\nĐề nghị Sở TT&TT tổ chức tập huấn kỹ năng phát ngôn.\n"
    )
    view = build_view(doc)
    for family in FAMILIES:
        got = family.extract(view, Context())
        assert got, family.__name__  # the text states something of every family
        assert set(got) <= set(family.PRODUCES), family.__name__
