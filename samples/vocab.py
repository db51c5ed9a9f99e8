"""Vocabulary of the sample corpus: agencies' headers and titles, people, outlets, requests.

Everything here is plain data; `samples.corpus` combines it into documents. The sentences are
written in the styles of many different offices on purpose: the field extractor must work on
meaning, not on one office's wording.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Agency:
    """One reporting unit and the words its own documents use about itself."""

    id: str
    name: str  # canonical name (agencies.csv)
    short: str  # how it names itself in running text ("Sở KH&ĐT", "UBND huyện")
    caps: tuple[str, ...]  # header lines of its own name, capitals (one or two lines)
    symbol: str  # document symbol after "BC-" ("SYT", "UBND")
    kind: str  # department | district | other
    head: str  # head's title in running text ("Giám đốc Sở")
    deputy: str  # deputy's title ("Phó Giám đốc Sở")
    office: str  # office chief title ("Chánh Văn phòng Sở")
    sign_head: str  # signature line for the head ("GIÁM ĐỐC")
    sign_deputy: tuple[str, ...]  # lines for a deputy signing ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    domain: str  # what its website writes about
    site: str  # website address
    self_ref: str  # "Sở", "UBND huyện", "Ban", "cơ quan"
    place: str  # place name on the date line


def load_registry(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Return agencies.csv rows by id."""
    path = path or HERE / "agencies.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def _dept(
    aid: str,
    short: str,
    caps: tuple[str, ...],
    symbol: str,
    domain: str,
    site: str,
) -> Agency:
    return Agency(
        id=aid,
        name="",
        short=short,
        caps=caps,
        symbol=symbol,
        kind="department",
        head="Giám đốc Sở",
        deputy="Phó Giám đốc Sở",
        office="Chánh Văn phòng Sở",
        sign_head="GIÁM ĐỐC",
        sign_deputy=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        domain=domain,
        site=site,
        self_ref="Sở",
        place="Hà Nam",
    )


def _district(aid: str, unit: str, place: str, site: str, domain: str) -> Agency:
    return Agency(
        id=aid,
        name="",
        short=f"UBND {unit} {place}",
        caps=("ỦY BAN NHÂN DÂN", f"{unit.upper()} {place.upper()}"),
        symbol="UBND",
        kind="district",
        head=f"Chủ tịch UBND {unit}",
        deputy=f"Phó Chủ tịch UBND {unit}",
        office=f"Chánh Văn phòng HĐND và UBND {unit}",
        sign_head="CHỦ TỊCH",
        sign_deputy=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        domain=domain,
        site=site,
        self_ref=f"UBND {unit}",
        place=place,
    )


_AGENCIES: list[Agency] = [
    _dept(
        "so-noi-vu",
        "Sở Nội vụ",
        ("SỞ NỘI VỤ",),
        "SNV",
        "tổ chức bộ máy, cải cách hành chính, thi đua - khen thưởng, công tác tôn giáo",
        "sonoivu.hanam.gov.vn",
    ),
    _dept(
        "so-tu-phap",
        "Sở Tư pháp",
        ("SỞ TƯ PHÁP",),
        "STP",
        "phổ biến, giáo dục pháp luật, trợ giúp pháp lý, hộ tịch, lý lịch tư pháp",
        "sotuphap.hanam.gov.vn",
    ),
    _dept(
        "so-ke-hoach-va-dau-tu",
        "Sở KH&ĐT",
        ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ",),
        "SKHĐT",
        "thu hút đầu tư, đăng ký doanh nghiệp, kế hoạch phát triển kinh tế - xã hội",
        "sokhdt.hanam.gov.vn",
    ),
    _dept(
        "so-tai-chinh",
        "Sở Tài chính",
        ("SỞ TÀI CHÍNH",),
        "STC",
        "quản lý ngân sách, giá cả thị trường, quản lý tài sản công",
        "sotaichinh.hanam.gov.vn",
    ),
    _dept(
        "so-cong-thuong",
        "Sở Công Thương",
        ("SỞ CÔNG THƯƠNG",),
        "SCT",
        "xúc tiến thương mại, khuyến công, an toàn điện, bình ổn thị trường",
        "socongthuong.hanam.gov.vn",
    ),
    _dept(
        "so-nong-nghiep-va-phat-trien-nong-thon",
        "Sở Nông nghiệp và PTNT",
        ("SỞ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"),
        "SNN",
        "sản xuất nông nghiệp, xây dựng nông thôn mới, phòng, chống dịch bệnh gia súc, gia cầm",
        "sonongnghiep.hanam.gov.vn",
    ),
    _dept(
        "so-giao-thong-van-tai",
        "Sở GTVT",
        ("SỞ GIAO THÔNG VẬN TẢI",),
        "SGTVT",
        "kết cấu hạ tầng giao thông, sát hạch, cấp giấy phép lái xe, trật tự an toàn giao thông",
        "sogtvt.hanam.gov.vn",
    ),
    _dept(
        "so-xay-dung",
        "Sở Xây dựng",
        ("SỞ XÂY DỰNG",),
        "SXD",
        "quy hoạch xây dựng, quản lý chất lượng công trình, phát triển đô thị và nhà ở",
        "soxaydung.hanam.gov.vn",
    ),
    _dept(
        "so-tai-nguyen-va-moi-truong",
        "Sở TN&MT",
        ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",),
        "STNMT",
        "quản lý đất đai, bảo vệ môi trường, tài nguyên nước và khoáng sản",
        "sotnmt.hanam.gov.vn",
    ),
    _dept(
        "so-thong-tin-va-truyen-thong",
        "Sở TT&TT",
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG",),
        "STTTT",
        "báo chí, xuất bản, bưu chính, viễn thông, ứng dụng công nghệ thông tin",
        "stttt.hanam.gov.vn",
    ),
    _dept(
        "so-lao-dong-thuong-binh-va-xa-hoi",
        "Sở LĐ-TB&XH",
        ("SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"),
        "SLĐTBXH",
        "giải quyết việc làm, giáo dục nghề nghiệp, chính sách người có công, giảm nghèo",
        "soldtbxh.hanam.gov.vn",
    ),
    _dept(
        "so-van-hoa-the-thao-va-du-lich",
        "Sở VH-TT&DL",
        ("SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"),
        "SVHTTDL",
        "lễ hội, phong trào văn hóa, thể thao, quảng bá du lịch Tam Chúc, Ngũ Động Thi Sơn",
        "sovhttdl.hanam.gov.vn",
    ),
    _dept(
        "so-khoa-hoc-va-cong-nghe",
        "Sở KH&CN",
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ",),
        "SKHCN",
        "nhiệm vụ khoa học và công nghệ, sở hữu trí tuệ, tiêu chuẩn đo lường chất lượng",
        "sokhcn.hanam.gov.vn",
    ),
    _dept(
        "so-giao-duc-va-dao-tao",
        "Sở GD&ĐT",
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO",),
        "SGDĐT",
        "kỳ thi tốt nghiệp trung học phổ thông, tuyển sinh vào lớp 10, đổi mới giáo dục",
        "sogddt.hanam.gov.vn",
    ),
    _dept(
        "so-y-te",
        "Sở Y tế",
        ("SỞ Y TẾ",),
        "SYT",
        "khám, chữa bệnh, y tế dự phòng, an toàn thực phẩm, tiêm chủng",
        "soyte.hanam.gov.vn",
    ),
    Agency(
        id="thanh-tra-tinh",
        name="",
        short="Thanh tra tỉnh",
        caps=("THANH TRA TỈNH",),
        symbol="TTr",
        kind="department",
        head="Chánh Thanh tra tỉnh",
        deputy="Phó Chánh Thanh tra tỉnh",
        office="Chánh Văn phòng Thanh tra tỉnh",
        sign_head="CHÁNH THANH TRA",
        sign_deputy=("KT. CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA"),
        domain="tiếp công dân, giải quyết khiếu nại, tố cáo, phòng, chống tham nhũng",
        site="thanhtra.hanam.gov.vn",
        self_ref="cơ quan",
        place="Hà Nam",
    ),
    Agency(
        id="van-phong-ubnd-tinh",
        name="",
        short="Văn phòng UBND tỉnh",
        caps=("VĂN PHÒNG",),
        symbol="VP",
        kind="department",
        head="Chánh Văn phòng UBND tỉnh",
        deputy="Phó Chánh Văn phòng UBND tỉnh",
        office="Trưởng phòng Hành chính - Tổ chức",
        sign_head="CHÁNH VĂN PHÒNG",
        sign_deputy=("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
        domain="hoạt động chỉ đạo, điều hành của UBND tỉnh, Chủ tịch UBND tỉnh",
        site="hanam.gov.vn",
        self_ref="Văn phòng",
        place="Hà Nam",
    ),
    Agency(
        id="ban-quan-ly-cac-khu-cong-nghiep",
        name="",
        short="Ban Quản lý các KCN",
        caps=("BAN QUẢN LÝ", "CÁC KHU CÔNG NGHIỆP"),
        symbol="BQLKCN",
        kind="other",
        head="Trưởng ban",
        deputy="Phó Trưởng ban",
        office="Chánh Văn phòng Ban",
        sign_head="TRƯỞNG BAN",
        sign_deputy=("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
        domain=(
            "thu hút đầu tư vào các khu công nghiệp Đồng Văn, Châu Sơn, Hòa Mạc, quan hệ lao động"
        ),
        site="bqlckcn.hanam.gov.vn",
        self_ref="Ban",
        place="Hà Nam",
    ),
    _district(
        "ubnd-thanh-pho-phu-ly",
        "thành phố",
        "Phủ Lý",
        "phuly.hanam.gov.vn",
        "chỉnh trang đô thị, cải cách hành chính, trật tự đô thị",
    ),
    _district(
        "ubnd-thi-xa-duy-tien",
        "thị xã",
        "Duy Tiên",
        "duytien.hanam.gov.vn",
        "xây dựng đô thị, thu hút đầu tư, cải cách hành chính",
    ),
    _district(
        "ubnd-thi-xa-kim-bang",
        "huyện",
        "Kim Bảng",
        "kimbang.hanam.gov.vn",
        "phát triển du lịch Tam Chúc, xây dựng nông thôn mới, quản lý khai thác khoáng sản",
    ),
    _district(
        "ubnd-huyen-thanh-liem",
        "huyện",
        "Thanh Liêm",
        "thanhliem.hanam.gov.vn",
        "xây dựng nông thôn mới, bảo vệ môi trường khu vực sản xuất vật liệu xây dựng",
    ),
    _district(
        "ubnd-huyen-binh-luc",
        "huyện",
        "Bình Lục",
        "binhluc.hanam.gov.vn",
        "sản xuất nông nghiệp, lễ hội Đền Trần Thương, xây dựng nông thôn mới",
    ),
    _district(
        "ubnd-huyen-ly-nhan",
        "huyện",
        "Lý Nhân",
        "lynhan.hanam.gov.vn",
        "xây dựng nông thôn mới, bảo tồn di tích, dồn điền đổi thửa",
    ),
]


def agencies() -> dict[str, Agency]:
    """Return the agencies that report, by id, with their canonical names from agencies.csv."""
    reg = load_registry()
    out = {}
    for a in _AGENCIES:
        out[a.id] = Agency(**{**a.__dict__, "name": reg[a.id]["name"]})
    return out


def district_unit(agency: Agency, year: int) -> str:
    """Return 'huyện' / 'thị xã' / 'thành phố' as the agency called itself in ``year``."""
    if agency.id == "ubnd-thi-xa-duy-tien":
        return "thị xã" if year >= 2020 else "huyện"
    if agency.id == "ubnd-thi-xa-kim-bang":
        return "thị xã" if year >= 2025 else "huyện"
    if agency.id == "ubnd-thanh-pho-phu-ly":
        return "thành phố"
    return "huyện"


# People: invented names (common family, middle and given names), never real officials.
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Đinh",
    "Trịnh",
    "Lương",
    "Phan",
    "Tạ",
    "Lại",
    "Đoàn",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Thanh", "Mạnh", "Ngọc", "Trọng"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Thu", "Thị Thanh", "Thị Hồng"]
GIVEN_M = [
    "Hùng",
    "Tuấn",
    "Dũng",
    "Hải",
    "Thắng",
    "Bình",
    "Sơn",
    "Long",
    "Khánh",
    "Cường",
    "Quyết",
    "Thành",
    "Giang",
    "Toàn",
    "Nghĩa",
    "Việt",
    "Tiến",
    "Chiến",
]
GIVEN_F = ["Hương", "Lan", "Nga", "Phương", "Hạnh", "Thủy", "Hà", "Huyền", "Loan", "Yến", "Oanh"]

# Outlets: normal form -> ways offices write it.
OUTLETS: dict[str, list[str]] = {
    "Báo Hà Nam": ["Báo Hà Nam", "báo Hà Nam", "Báo Hà Nam điện tử"],
    "Đài PT-TH Hà Nam": [
        "Đài PT-TH Hà Nam",
        "Đài PTTH Hà Nam",
        "Đài PTTH tỉnh",
        "Đài Phát thanh và Truyền hình Hà Nam",
        "Đài Phát thanh - Truyền hình tỉnh Hà Nam",
        "Đài phát thanh và truyền hình tỉnh",
    ],
    "TTXVN": ["TTXVN", "Thông tấn xã Việt Nam", "Cơ quan thường trú TTXVN tại Hà Nam"],
    "VTV": ["VTV", "Đài Truyền hình Việt Nam", "Đài Truyền hình Việt Nam (VTV1)"],
    "VOV": ["VOV", "Đài Tiếng nói Việt Nam", "Đài Tiếng nói Việt Nam (VOV)"],
    "Báo Nhân Dân": ["Báo Nhân Dân", "báo Nhân dân", "Báo Nhân Dân điện tử"],
    "Cổng TTĐT tỉnh": [
        "Cổng TTĐT tỉnh",
        "Cổng Thông tin điện tử tỉnh",
        "Cổng thông tin điện tử tỉnh Hà Nam",
    ],
    "Báo Sức khỏe và Đời sống": ["Báo Sức khỏe và Đời sống", "báo Sức khỏe & Đời sống"],
    "Báo Giáo dục và Thời đại": ["Báo Giáo dục và Thời đại", "báo Giáo dục & Thời đại"],
    "Báo Nông nghiệp Việt Nam": ["Báo Nông nghiệp Việt Nam", "báo Nông nghiệp Việt Nam"],
    "Báo Xây dựng": ["Báo Xây dựng", "báo Xây dựng"],
    "Báo Giao thông": ["Báo Giao thông", "báo Giao thông"],
    "Báo Tài nguyên và Môi trường": ["Báo Tài nguyên và Môi trường", "báo TN&MT"],
    "Báo Công Thương": ["Báo Công Thương", "báo Công Thương"],
    "Báo Đầu tư": ["Báo Đầu tư", "báo Đầu tư"],
    "Báo Pháp luật Việt Nam": ["Báo Pháp luật Việt Nam", "báo Pháp luật Việt Nam"],
    "Báo Thanh tra": ["Báo Thanh tra", "Báo Thanh tra Chính phủ"],
    "Báo Lao động và Xã hội": ["Báo Lao động và Xã hội", "báo Lao động & Xã hội"],
    "Báo Văn hóa": ["Báo Văn hóa", "báo Văn hoá"],
    "Báo Khoa học và Phát triển": ["Báo Khoa học và Phát triển"],
    "Báo Lao Động": ["Báo Lao Động", "báo Lao động"],
    "Tạp chí Cộng sản": ["Tạp chí Cộng sản"],
}
DOMAIN_OUTLETS: dict[str, list[str]] = {
    "so-y-te": ["Báo Sức khỏe và Đời sống"],
    "so-giao-duc-va-dao-tao": ["Báo Giáo dục và Thời đại"],
    "so-nong-nghiep-va-phat-trien-nong-thon": ["Báo Nông nghiệp Việt Nam"],
    "so-xay-dung": ["Báo Xây dựng"],
    "so-giao-thong-van-tai": ["Báo Giao thông"],
    "so-tai-nguyen-va-moi-truong": ["Báo Tài nguyên và Môi trường"],
    "so-cong-thuong": ["Báo Công Thương"],
    "so-ke-hoach-va-dau-tu": ["Báo Đầu tư"],
    "ban-quan-ly-cac-khu-cong-nghiep": ["Báo Đầu tư", "Báo Lao Động"],
    "so-tu-phap": ["Báo Pháp luật Việt Nam"],
    "thanh-tra-tinh": ["Báo Thanh tra"],
    "so-lao-dong-thuong-binh-va-xa-hoi": ["Báo Lao động và Xã hội"],
    "so-van-hoa-the-thao-va-du-lich": ["Báo Văn hóa"],
    "so-khoa-hoc-va-cong-nghe": ["Báo Khoa học và Phát triển"],
    "so-noi-vu": ["Báo Lao Động"],
    "so-tai-chinh": ["Báo Đầu tư"],
}

# Requests that are not about training.
OTHER_REQUESTS = [
    "Đề nghị UBND tỉnh quan tâm bố trí kinh phí nâng cấp Trang thông tin điện tử của {self} "
    "đáp ứng yêu cầu theo Nghị định số 43/2011/NĐ-CP của Chính phủ",
    "Đề nghị Sở Thông tin và Truyền thông tiếp tục hỗ trợ kỹ thuật, bảo đảm an toàn, an ninh "
    "thông tin cho Trang thông tin điện tử của đơn vị",
    "Kiến nghị UBND tỉnh sớm ban hành quy định về chế độ nhuận bút, thù lao đối với tin, bài "
    "đăng trên trang thông tin điện tử của các cơ quan nhà nước",
    "Đề nghị các cơ quan báo chí khi phản ánh những vấn đề liên quan đến {domain_short} cần "
    "liên hệ với người phát ngôn để được cung cấp thông tin chính xác, đầy đủ",
    "Đề nghị Sở TT&TT định kỳ cung cấp thông tin định hướng tuyên truyền cho các cơ quan, đơn vị",
    "Đề nghị Sở Nội vụ xem xét bổ sung biên chế công chức chuyên trách công nghệ thông tin",
    "Kiến nghị Sở TT&TT sớm hoàn thiện phần mềm tổng hợp, theo dõi số lượng tin, bài của các "
    "trang thông tin điện tử thành phần",
    "Đề nghị UBND tỉnh chỉ đạo tăng cường phối hợp giữa người phát ngôn và các cơ quan báo chí "
    "trong việc xác minh thông tin trước khi đăng tải",
    "Đề nghị Sở Thông tin và Truyền thông thông báo danh sách phóng viên thường trú, cộng tác "
    "viên của các cơ quan báo chí trên địa bàn để thuận lợi trong việc tiếp đón",
]

# Requests for training: (text, topic codes of ingest.topics).
TRAINING_REQUESTS: list[tuple[str, list[str]]] = [
    (
        "Đề nghị Sở TT&TT tổ chức tập huấn kỹ năng phát ngôn cho người phát ngôn của các cơ quan, "
        "đơn vị",
        ["spokesperson_skills"],
    ),
    (
        "Kiến nghị bồi dưỡng nghiệp vụ quản trị trang thông tin điện tử cho cán bộ phụ trách "
        "Trang thông tin điện tử",
        ["website_admin"],
    ),
    (
        "Đề nghị mở lớp đào tạo xử lý khủng hoảng truyền thông cho lãnh đạo và người phát ngôn",
        ["crisis_communication"],
    ),
    (
        "Đề xuất Sở Thông tin và Truyền thông tổ chức các lớp bồi dưỡng kỹ năng viết tin, bài, "
        "chụp ảnh báo chí cho cán bộ làm công tác thông tin, tuyên truyền",
        ["press_skills"],
    ),
    (
        "Đề nghị tổ chức tập huấn kỹ năng nắm bắt, xử lý thông tin xấu, độc trên mạng xã hội",
        ["social_media"],
    ),
    (
        "Kiến nghị tổ chức hội nghị phổ biến Luật Báo chí, Luật Tiếp cận thông tin và các văn bản "
        "hướng dẫn cho cán bộ, công chức",
        ["legal"],
    ),
    (
        "Đề nghị Sở TT&TT mở lớp tập huấn kỹ năng phát ngôn và xử lý tình huống khủng hoảng "
        "truyền thông",
        ["spokesperson_skills", "crisis_communication"],
    ),
    (
        "Đề nghị quan tâm tổ chức tập huấn nghiệp vụ biên tập, đăng tải thông tin trên cổng, trang "
        "thông tin điện tử cho cán bộ phụ trách",
        ["website_admin"],
    ),
    (
        "Đề nghị hỗ trợ đào tạo, bồi dưỡng kiến thức về chuyển đổi số cho cán bộ, công chức",
        ["other"],
    ),
    (
        "Đề nghị Sở TT&TT tổ chức bồi dưỡng nghiệp vụ báo chí và kỹ năng làm việc với phóng viên "
        "cho người phát ngôn",
        ["press_skills", "spokesperson_skills"],
    ),
]

STRENGTHS = [
    "Công tác phát ngôn và cung cấp thông tin cho báo chí được lãnh đạo {self} quan tâm chỉ đạo, "
    "thực hiện đúng quy định; thông tin cung cấp kịp thời, chính xác.",
    "Trang thông tin điện tử được cập nhật thường xuyên, nội dung phong phú, phản ánh kịp thời "
    "hoạt động chỉ đạo, điều hành của {self}.",
    "Người phát ngôn đã chủ động cung cấp thông tin, trả lời phỏng vấn báo chí về những vấn đề "
    "dư luận quan tâm thuộc lĩnh vực {domain_short}.",
    "Việc thực hiện Quy chế phát ngôn được duy trì nghiêm túc, góp phần định hướng dư luận, tạo "
    "sự đồng thuận trong cán bộ và Nhân dân.",
    "Phối hợp chặt chẽ với các cơ quan báo chí trong tuyên truyền các nhiệm vụ chính trị trọng "
    "tâm; không để xảy ra trường hợp cung cấp thông tin sai lệch.",
    "Các thủ tục hành chính, văn bản chỉ đạo, điều hành được công khai đầy đủ, đúng thời hạn "
    "trên Trang thông tin điện tử.",
]
LIMITATIONS = [
    "Đội ngũ cán bộ làm công tác thông tin chủ yếu kiêm nhiệm, chưa được đào tạo chuyên sâu về "
    "nghiệp vụ báo chí.",
    "Số lượng tin, bài chưa đều giữa các tháng; một số văn bản chỉ đạo còn chậm cập nhật.",
    "Hạ tầng kỹ thuật của Trang thông tin điện tử đã xuống cấp, tốc độ truy cập chậm, giao diện "
    "chưa tương thích với thiết bị di động.",
    "Việc cung cấp thông tin cho báo chí chủ yếu bằng văn bản, chưa chủ động tổ chức họp báo.",
    (
        "Kinh phí chi trả nhuận bút còn hạn chế nên chưa khuyến khích được cộng tác viên viết "
        "tin, bài."
    ),
    "Việc nắm bắt, phản hồi thông tin trên mạng xã hội có lúc chưa kịp thời.",
]
LIMITATIONS_2020 = [
    "Do ảnh hưởng của dịch COVID-19, một số hoạt động phối hợp với các cơ quan báo chí phải tạm "
    "dừng hoặc chuyển sang hình thức trực tuyến.",
]
