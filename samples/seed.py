"""The real report of Thanh tra tỉnh Hà Nam (2020), rendered faithfully with its hand-checked truth.

The body (seed_thanh_tra_2020.txt, markup: "#" bold heading line, *italic*) keeps the wording of
shared/seed/thanh-tra-ha-nam-2020.txt exactly, including its inconsistencies ("CỘNG HOÀ", "b."
after "a)", lowercase "chánh Thanh tra tỉnh").
"""

from __future__ import annotations

from pathlib import Path

from ingest.record import FORM_FIELDS
from samples.docx_writer import Block, Para, Table, p

BODY = (Path(__file__).with_name("seed_thanh_tra_2020.txt")).read_text(encoding="utf-8").strip()


def _runs(line: str) -> list[tuple[str, str]]:
    """Split '*italic*' markup into runs."""
    parts = line.split("*")
    runs = []
    for i, part in enumerate(parts):
        if part:
            runs.append((part, "i" if i % 2 else ""))
    return runs


def blocks() -> list[Block]:
    """Return the seed report as blocks."""

    def c(text: str, flags: str = "", size: float = 13) -> Para:
        return p(text, flags, align="center", indent=False, size=size)

    out: list[Block] = [
        Table(
            [
                [
                    [c("UBND TỈNH HÀ NAM", "", 12), c("THANH TRA TỈNH", "b", 12), c("Số: /BC-TTr")],
                    [
                        c("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b", 12),
                        c("Độc lập - Tự do - Hạnh phúc", "b"),
                        c("Hà Nam, ngày tháng năm 2020", "i"),
                    ],
                ]
            ],
            widths_cm=[6.5, 10],
            grid=False,
            header=False,
        ),
        p("", indent=False),
        c("BÁO CÁO", "b", 14),
        c(
            "Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2020",
            "b",
            14,
        ),
    ]
    for line in BODY.splitlines():
        if line.startswith("#"):
            out.append(p(line[1:], "b", indent=False))
        elif line.startswith("* *Nguyên nhân:*"):
            out.append(
                Para([("* ", ""), ("Nguyên nhân:", "i"), (line[len("* *Nguyên nhân:*") :], "")])
            )
        else:
            out.append(Para(_runs(line)))
    left = [
        p("Nơi nhận:", "bi", align="left", indent=False, size=12),
        p("- Sở Thông tin và Truyền thông;", align="left", indent=False, size=11),
        p("- Lưu VT.", align="left", indent=False, size=11),
    ]
    right = [
        c("KT. Chánh thanh tra", "b"),
        c("PHÓ CHÁNH THANH TRA", "b"),
        p("", indent=False),
        p("", indent=False),
        p("", indent=False),
        c("Nguyễn Huy Đông", "b"),
    ]
    out.append(Table([[left, right]], widths_cm=[8, 8.5], grid=False, header=False))
    return out


def truth() -> dict:
    """Return the hand-checked truth of the seed report."""
    return {
        "doc_type": "report",
        "agency": "Thanh tra tỉnh",
        "province": "Hà Nam",
        "year": 2020,
        "period": "year",
        "report_number": None,
        "report_date": None,
        "spokesperson_name": None,
        "spokesperson_title": "Chánh Thanh tra tỉnh",
        "posts_total": 315,
        "posts_per_month": 22,
        "posts_per_month_derived": False,
        "press_conferences": 0,
        "outlets": ["Báo Thanh tra", "Báo Hà Nam", "Đài PT-TH Hà Nam"],
        "recommendations": [
            "Đề nghị tập huấn nghiệp vụ liên quan cho người phát ngôn theo nhiệm kỳ."
        ],
        "training_requested": True,
        "training_topics": ["spokesperson_skills"],
        "strengths": (
            "Việc thực hiện quy chế phát ngôn của cơ quan nghiêm túc, đã góp phần tuyên truyền chế "
            "độ chính sách, công khai các hoạt động, thủ tục hành chính về thanh tra, tiếp "
            "dân, giải "
            "quyết khiếu nại, tố cáo và phòng chống tham nhũng."
        ),
        "limitations": "Việc cung cấp thông tin cho báo chí có nội dung đôi lúc gặp khó khăn.",
        # A 2020 report: silent on the Decree 244/2026 form.
        **dict.fromkeys(FORM_FIELDS),
    }
