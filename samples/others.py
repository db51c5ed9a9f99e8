"""Documents that arrive with the reports but are not reports: memos, dispatches, forms."""

from __future__ import annotations

import datetime as dt

from samples.docx_writer import Block, Para, Table, p


def _c(text: str, flags: str = "", size: float = 13) -> Para:
    return p(text, flags, align="center", indent=False, size=size)


def _header(left: list[Para], number: str, place_date: str) -> Table:
    right = [
        _c("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b", 12),
        _c("Độc lập - Tự do - Hạnh phúc", "b"),
        _c(place_date, "i"),
    ]
    return Table([[[*left, _c(number)], right]], widths_cm=[6.5, 10], grid=False, header=False)


def _sign(recips: list[str], lines: list[str], name: str) -> Table:
    left = [p("Nơi nhận:", "bi", align="left", indent=False, size=12)] + [
        p(r, align="left", indent=False, size=11) for r in recips
    ]
    right = [_c(x, "b") for x in lines] + [p("", indent=False)] * 3 + [_c(name, "b")]
    return Table([[left, right]], widths_cm=[8, 8.5], grid=False, header=False)


def _d(date: dt.date) -> str:
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def memo_so_xay_dung() -> tuple[list[Block], dt.date]:
    """Return a tờ trình of the Sở's office asking the director to sign the 2019 report."""
    date = dt.date(2019, 12, 4)
    blocks: list[Block] = [
        _header(
            [_c("UBND TỈNH HÀ NAM", "", 12), _c("SỞ XÂY DỰNG", "b", 12), _c("VĂN PHÒNG", "b", 12)],
            "Số: 27/TTr-VP",
            f"Hà Nam, {_d(date)}",
        ),
        p("", indent=False),
        _c("TỜ TRÌNH", "b", 14),
        _c(
            "Về việc ban hành Báo cáo kết quả công tác phát ngôn và cung cấp thông tin cho báo chí "
            "năm 2019",
            "b",
            14,
        ),
        _c("Kính gửi: Giám đốc Sở Xây dựng", "", 14),
        p(
            "Thực hiện Công văn số 1187/STTTT-TTBCXB ngày 18/11/2019 của Sở Thông tin và Truyền "
            "thông về việc báo cáo kết quả thực hiện công tác phát ngôn và cung cấp thông tin cho "
            "báo chí năm 2019, Văn phòng Sở đã phối hợp với các phòng chuyên môn tổng hợp, "
            "xây dựng "
            "dự thảo Báo cáo."
        ),
        p(
            "Dự thảo Báo cáo đã đánh giá kết quả triển khai Quy chế phát ngôn, số lượng tin, bài "
            "đăng tải trên Trang thông tin điện tử của Sở (khoảng 240 tin, bài), việc cung "
            "cấp thông tin cho các cơ quan báo chí và đề xuất một số kiến nghị với Sở Thông tin "
            "và Truyền thông."
        ),
        p(
            "Văn phòng Sở kính trình Giám đốc Sở xem xét, ký ban hành Báo cáo để gửi Sở Thông tin "
            "và Truyền thông đúng thời hạn (trước ngày 15/12/2019)./."
        ),
        p("(Có dự thảo Báo cáo kèm theo)", "i", align="left", indent=False),
        _sign(["- Như trên;", "- Lưu: VP."], ["CHÁNH VĂN PHÒNG"], "Đỗ Thị Minh Loan"),
    ]
    return blocks, date


def memo_phong_vhtt_binh_luc() -> tuple[list[Block], dt.date]:
    """Return a district culture office's memo asking the chairman to sign the 2020 report."""
    date = dt.date(2020, 12, 8)
    blocks: list[Block] = [
        _header(
            [_c("UBND HUYỆN BÌNH LỤC", "", 12), _c("PHÒNG VĂN HÓA VÀ THÔNG TIN", "b", 12)],
            "Số: 41/TTr-VHTT",
            f"Bình Lục, {_d(date)}",
        ),
        p("", indent=False),
        _c("TỜ TRÌNH", "b", 14),
        _c(
            "V/v đề nghị ký Báo cáo công tác phát ngôn và cung cấp thông tin cho báo chí năm 2020",
            "b",
            14,
        ),
        _c("Kính gửi: Chủ tịch UBND huyện Bình Lục", "", 14),
        p(
            "Căn cứ Quyết định số 29/2019/QĐ-UBND ngày 30/8/2019 của UBND tỉnh Hà Nam; thực hiện "
            "chỉ đạo của UBND huyện, Phòng Văn hóa và Thông tin đã dự thảo Báo cáo kết quả công "
            "tác phát ngôn và cung cấp thông tin cho báo chí năm 2020 của UBND huyện."
        ),
        p(
            "Theo dự thảo, trong năm 2020 Cổng thông tin điện tử huyện đăng tải 402 tin, bài; "
            "UBND huyện chưa tổ chức họp báo; người phát ngôn là đồng chí Phó Chủ tịch UBND huyện."
        ),
        p(
            "Phòng Văn hóa và Thông tin kính trình đồng chí Chủ tịch UBND huyện xem xét, ký ban "
            "hành./."
        ),
        _sign(["- Như trên;", "- Lưu: VHTT."], ["TRƯỞNG PHÒNG"], "Lại Văn Tiến"),
    ]
    return blocks, date


def dispatch_so_y_te() -> tuple[list[Block], dt.date]:
    """Return the Sở Y tế's công văn forwarding its 2019 report."""
    date = dt.date(2019, 12, 11)
    blocks: list[Block] = [
        _header(
            [_c("UBND TỈNH HÀ NAM", "", 12), _c("SỞ Y TẾ", "b", 12)],
            "Số: 2315/SYT-VP",
            f"Hà Nam, {_d(date)}",
        ),
        Table(
            [
                [
                    [
                        p(
                            "V/v gửi Báo cáo kết quả thực hiện công tác phát ngôn năm 2019",
                            "",
                            align="center",
                            indent=False,
                            size=12,
                        )
                    ],
                    [p("", indent=False)],
                ]
            ],
            widths_cm=[6.5, 10],
            grid=False,
            header=False,
        ),
        p("", indent=False),
        _c("Kính gửi: Sở Thông tin và Truyền thông tỉnh Hà Nam", "", 14),
        p(
            "Thực hiện Công văn số 1187/STTTT-TTBCXB ngày 18/11/2019 của Sở Thông tin và Truyền "
            "thông, Sở Y tế gửi kèm theo Công văn này Báo cáo số 301/BC-SYT ngày 10/12/2019 về kết "
            "quả thực hiện công tác phát ngôn và cung cấp thông tin cho báo chí năm 2019."
        ),
        p("Mọi thông tin chi tiết xin liên hệ: Văn phòng Sở Y tế, điện thoại 0226.3852.xxx."),
        p("Trân trọng./."),
        _sign(
            ["- Như trên;", "- Lưu: VT, VP."],
            ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"],
            "Phạm Quang Sơn",
        ),
    ]
    return blocks, date


def dispatch_stttt_request() -> tuple[list[Block], dt.date]:
    """Return the Sở TT&TT's công văn asking every agency for its 2020 report."""
    date = dt.date(2020, 11, 20)
    blocks: list[Block] = [
        _header(
            [_c("UBND TỈNH HÀ NAM", "", 12), _c("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "b", 12)],
            "Số: 1102/STTTT-TTBCXB",
            f"Hà Nam, {_d(date)}",
        ),
        p(
            (
                "V/v báo cáo kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí "
                "năm 2020"
            ),
            "",
            align="left",
            indent=False,
            size=12,
        ),
        p("Kính gửi:", "", align="left", indent=False),
        p("- Các sở, ban, ngành thuộc UBND tỉnh;", align="left", indent=False),
        p("- UBND các huyện, thị xã, thành phố.", align="left", indent=False),
        p(
            "Thực hiện Quyết định số 29/2019/QĐ-UBND ngày 30/8/2019 của UBND tỉnh ban hành Quy chế "
            "phát ngôn và cung cấp thông tin cho báo chí của các cơ quan hành chính nhà nước trên "
            "địa bàn tỉnh Hà Nam, để có cơ sở tổng hợp, báo cáo UBND tỉnh, Sở Thông tin và Truyền "
            "thông đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện năm 2020 với các nội dung "
            "chủ yếu sau:"
        ),
        p("1. Công tác chỉ đạo, triển khai; thông tin về người phát ngôn."),
        p("2. Số tin, bài đăng tải trên trang/cổng thông tin điện tử; số cuộc họp báo đã tổ chức."),
        p(
            "3. Việc phát ngôn, cung cấp thông tin cho báo chí trong trường hợp đột xuất, "
            "bất thường."
        ),
        p("4. Đánh giá ưu điểm, hạn chế; đề xuất, kiến nghị (nếu có)."),
        p(
            "Báo cáo gửi về Sở Thông tin và Truyền thông (qua Phòng Thông tin - Báo chí - "
            "Xuất bản) "
            "trước ngày 15/12/2020, đồng thời gửi bản điện tử qua hệ thống quản lý văn bản và điều "
            "hành để tổng hợp./."
        ),
        _sign(
            ["- Như trên;", "- Giám đốc, các PGĐ Sở;", "- Lưu: VT, TTBCXB."],
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
            "Trịnh Xuân Việt",
        ),
    ]
    return blocks, date


def blank_form() -> tuple[list[Block], dt.date]:
    """Return the blank reporting form (fields left empty)."""
    date = dt.date(2020, 11, 20)
    dots = "……………………………"
    blocks: list[Block] = [
        p("Mẫu số 01", "b", align="right", indent=False),
        _header(
            [_c("TÊN CƠ QUAN CHỦ QUẢN", "", 12), _c("TÊN CƠ QUAN BÁO CÁO", "b", 12)],
            "Số:     /BC-…",
            "……, ngày … tháng … năm 20…",
        ),
        p("", indent=False),
        _c("BÁO CÁO", "b", 14),
        _c("Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm …", "b", 14),
        _c(
            (
                "(Kèm theo Công văn số 1102/STTTT-TTBCXB ngày 20/11/2020 của Sở Thông tin và "
                "Truyền thông)"
            ),
            "i",
            12,
        ),
        p("I. THÔNG TIN CHUNG", "b", indent=False),
        p(f"1. Tên cơ quan báo cáo: {dots}"),
        p(f"2. Họ và tên, chức vụ người phát ngôn: {dots}"),
        p(f"3. Điện thoại, thư điện tử của người phát ngôn: {dots}"),
        p("II. KẾT QUẢ THỰC HIỆN", "b", indent=False),
        Table(
            [
                ["TT", "Nội dung", "Số lượng", "Ghi chú"],
                ["1", "Số tin, bài đăng trên trang/cổng thông tin điện tử", "", ""],
                ["2", "Bình quân số tin, bài/tháng", "", ""],
                ["3", "Số cuộc họp báo đã tổ chức", "", ""],
                ["4", "Số lần cung cấp thông tin cho báo chí", "", ""],
                ["5", "Số lần trả lời, phản hồi thông tin báo chí nêu", "", ""],
            ],
            widths_cm=[1.2, 8.5, 3, 3.5],
        ),
        p("III. ĐÁNH GIÁ", "b", indent=False),
        p(f"1. Ưu điểm: {dots}"),
        p(f"2. Hạn chế, nguyên nhân: {dots}"),
        p("IV. ĐỀ XUẤT, KIẾN NGHỊ", "b", indent=False),
        p(dots * 2),
        Table(
            [
                [
                    [
                        p("Nơi nhận:", "bi", align="left", indent=False, size=12),
                        p("- Sở TT&TT;", align="left", indent=False, size=11),
                        p("- Lưu: VT.", align="left", indent=False, size=11),
                    ],
                    [_c("THỦ TRƯỞNG CƠ QUAN", "b"), _c("(Ký tên, đóng dấu)", "i", 12)],
                ]
            ],
            widths_cm=[8, 8.5],
            grid=False,
            header=False,
        ),
    ]
    return blocks, date


def decision_sgtvt() -> tuple[list[Block], dt.date]:
    """Return a Sở's decision appointing its spokesperson (the scanned one)."""
    date = dt.date(2020, 3, 16)
    blocks: list[Block] = [
        _header(
            [_c("UBND TỈNH HÀ NAM", "", 12), _c("SỞ GIAO THÔNG VẬN TẢI", "b", 12)],
            "Số: 58/QĐ-SGTVT",
            f"Hà Nam, {_d(date)}",
        ),
        p("", indent=False),
        _c("QUYẾT ĐỊNH", "b", 14),
        _c(
            "Về việc giao nhiệm vụ người phát ngôn và cung cấp thông tin cho báo chí của Sở Giao "
            "thông vận tải",
            "b",
            14,
        ),
        _c("GIÁM ĐỐC SỞ GIAO THÔNG VẬN TẢI", "b", 14),
        p("Căn cứ Nghị định số 09/2017/NĐ-CP ngày 06/02/2017 của Chính phủ;", "i"),
        p("Căn cứ Quyết định số 29/2019/QĐ-UBND ngày 30/8/2019 của UBND tỉnh Hà Nam;", "i"),
        p("Xét đề nghị của Chánh Văn phòng Sở,", "i"),
        _c("QUYẾT ĐỊNH:", "b", 14),
        Para(
            [
                ("Điều 1. ", "b"),
                (
                    "Giao ông Hoàng Mạnh Cường, Phó Giám đốc Sở là người phát ngôn và cung cấp "
                    "thông tin cho báo chí của Sở Giao thông vận tải.",
                    "",
                ),
            ]
        ),
        Para(
            [
                ("Điều 2. ", "b"),
                (
                    "Người phát ngôn có trách nhiệm thực hiện đúng quy định tại Nghị định số "
                    "09/2017/NĐ-CP và Quy chế phát ngôn của UBND tỉnh.",
                    "",
                ),
            ]
        ),
        Para(
            [
                ("Điều 3. ", "b"),
                (
                    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng "
                    "các phòng "
                    "và ông Hoàng Mạnh Cường chịu trách nhiệm thi hành Quyết định này./.",
                    "",
                ),
            ]
        ),
        _sign(
            ["- Như Điều 3;", "- Sở TT&TT (để biết);", "- Lưu: VT, VP."],
            ["GIÁM ĐỐC"],
            "Vũ Đức Thắng",
        ),
    ]
    return blocks, date


def decision_ly_nhan() -> tuple[list[Block], dt.date]:
    """Return a district decision naming its spokesperson."""
    date = dt.date(2019, 9, 23)
    blocks: list[Block] = [
        _header(
            [_c("ỦY BAN NHÂN DÂN", "b", 12), _c("HUYỆN LÝ NHÂN", "b", 12)],
            "Số: 1876/QĐ-UBND",
            f"Lý Nhân, {_d(date)}",
        ),
        p("", indent=False),
        _c("QUYẾT ĐỊNH", "b", 14),
        _c(
            "Về việc kiện toàn người phát ngôn và cung cấp thông tin cho báo chí của UBND huyện",
            "b",
            14,
        ),
        _c("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN LÝ NHÂN", "b", 14),
        p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;", "i"),
        p(
            "Căn cứ Quyết định số 29/2019/QĐ-UBND ngày 30/8/2019 của UBND tỉnh Hà Nam ban hành "
            "Quy chế phát ngôn và cung cấp thông tin cho báo chí;",
            "i",
        ),
        p("Theo đề nghị của Chánh Văn phòng HĐND và UBND huyện,", "i"),
        _c("QUYẾT ĐỊNH:", "b", 14),
        Para(
            [
                ("Điều 1. ", "b"),
                (
                    "Đồng chí Trần Thị Thu Hương, Phó Chủ tịch UBND huyện là người phát ngôn và "
                    "cung cấp thông tin cho báo chí của UBND huyện Lý Nhân.",
                    "",
                ),
            ]
        ),
        Para(
            [
                ("Điều 2. ", "b"),
                (
                    "Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số "
                    "2041/QĐ-UBND ngày 15/10/2017 của Chủ tịch UBND huyện.",
                    "",
                ),
            ]
        ),
        Para(
            [
                ("Điều 3. ", "b"),
                (
                    "Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Văn hóa và Thông tin, các "
                    "cơ quan, đơn vị liên quan và đồng chí có tên tại Điều 1 căn cứ Quyết định thi "
                    "hành./.",
                    "",
                ),
            ]
        ),
        _sign(["- Như Điều 3;", "- Sở TT&TT tỉnh;", "- Lưu: VT."], ["CHỦ TỊCH"], "Ngô Quang Toàn"),
    ]
    return blocks, date
