"""Documents built from plain text for the rule tests."""

from __future__ import annotations

from ingest.document import Block, Document, Location


def document_from_text(text: str, path: str = "<text>") -> Document:
    """Build a Document from plain text, one block per line.

    Lines of the form ``LEFT || RIGHT`` become a two-cell header table row, like real headers.
    """
    blocks: list[Block] = []
    for line in text.strip("\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        if "||" in line:
            left, _, right = line.partition("||")
            row = sum(1 for b in blocks if b.location.table == 0 and b.location.cell == 0)
            for c, part in enumerate((left.strip(), right.strip())):
                if part:
                    blocks.append(
                        Block(part, Location(paragraph=len(blocks), table=0, row=row, cell=c))
                    )
        else:
            blocks.append(Block(line, Location(paragraph=len(blocks))))
    return Document(path=path, format="txt", blocks=blocks)


# The letterhead and title of a 2026 report (Sở Y tế, Quảng Bình) for the rule tests.
REPORT_2026_HEADER = """UBND TỈNH QUẢNG BÌNH || CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ || Độc lập - Tự do - Hạnh phúc
Số: 45/BC-SYT || Quảng Bình, ngày 05 tháng 12 năm 2026
BÁO CÁO
Kết quả thực hiện việc phát ngôn và cung cấp thông tin cho báo chí năm 2026
"""
