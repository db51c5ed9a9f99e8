"""Candidate values of the counting families and how the best one is chosen."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.document import Location
from ingest.fields.strings import HAS_DIGIT, cite
from ingest.fields.view import PAGE_FURNITURE, View, bare_number, cell_number, not_count_columns
from ingest.record import DOUBTFUL_CONFIDENCE, FieldValue

# A column or row label that holds the total ("Tổng", "Cộng", "Cả năm", "Lũy kế").
# "Cộng" is a total; "Cổng thông tin điện tử" (folded alike) is a portal.
TOTAL_COLUMN = re.compile(r"^\s*(tong|cong(?!\s+(?:thong tin|ttdt|tt\b))|ca nam|luy ke)")


@dataclass
class Candidate:
    """One value a rule found, with its score (the highest wins) and confidence."""

    value: float | int
    score: float
    conf: float
    quote: str
    loc: Location
    qualifier: str | None = None
    derived: bool = False  # a sum of counts stated apart ("245 tin, 32 bài")


def table_candidates(
    view: View,
    label_rx: re.Pattern[str],
    reject_rx: re.Pattern[str],
    value_reject: re.Pattern[str] | None = None,
) -> list[Candidate]:
    """Numbers in rows whose label matches, preferring a 'Tổng/Tổng cộng/Cộng/Cả năm' total.
    ``value_reject``: a value cell's own note that says it counts something else ("lượt")."""
    out: list[Candidate] = []
    for rows in view.tables.values():
        order = sorted(rows)
        header_row = rows[order[0]]
        total_cols = [c for c, cb in header_row.items() if TOTAL_COLUMN.search(cb.f)]
        label_cols = [
            c
            for c, cb in header_row.items()
            if label_rx.search(cb.f) and not reject_rx.search(cb.f)
        ]
        # A "Ghi chú" column holds notes, not labels ("Tham dự 04 cuộc họp báo của UBND tỉnh");
        # row numbers and rates are no counts either.
        notes = {c for c, cb in header_row.items() if re.match(r"^\W*ghi chu\W*$", cb.f)}
        notes |= {c for c in not_count_columns(header_row) if c > 0}
        for r in order:
            cells = {c: cb for c, cb in rows[r].items() if c not in notes}
            labels = " ".join(cb.f for c, cb in sorted(cells.items()) if cell_number(cb) is None)
            row_text = " | ".join(cb.text for _, cb in sorted(rows[r].items()))
            numbered = [(c, cell_number(cb), cb) for c, cb in sorted(cells.items())]
            # A value cell's own note may say what it counts: "218.540 lượt" is no posts count.
            numbered = [
                (c, n, cb)
                for c, n, cb in numbered
                if n is not None
                and c > 0
                and not (value_reject is not None and value_reject.search(cb.f))
            ]
            if not numbered:
                continue
            if label_rx.search(labels) and not reject_rx.search(labels):
                pick = [x for x in numbered if x[0] in total_cols] or numbered[-1:]
                if len(numbered) > 1 and not [x for x in numbered if x[0] in total_cols]:
                    # Several per-period columns and no total column: never sum, take nothing.
                    header_f = " ".join(cb.f for cb in header_row.values())
                    if re.search(r"quy|thang", header_f):
                        continue
                c, n, cb = pick[0]
                out.append(Candidate(n.value, 6.0, 0.9, cite(row_text), cb.loc, n.qualifier))
            elif label_cols and TOTAL_COLUMN.match(labels.strip()) and "luy ke" not in labels:
                # The total row says only "Cộng | 124": quote the column header with it.
                header_text = " | ".join(cb.text for _, cb in sorted(header_row.items()))
                # "Tin, bài hoạt động | Tin cảnh báo | Văn bản | Tổng số": the kinds' total column
                # after them is the count, not its first kind.
                after = [c for c in total_cols if c > min(label_cols)]
                columns = after[:1] if any(c in after for c, _, _ in numbered) else label_cols
                for c, n, cb in numbered:
                    if c in columns:
                        quote = cite(f"{header_text} … {row_text}")
                        out.append(Candidate(n.value, 7.0, 0.9, quote, cb.loc, n.qualifier))

    # PDF text of a two-column table: a label line followed by a line holding only the number.
    blocks = view.blocks
    for k in range(view.header_end, len(blocks) - 1):
        lb, nb = blocks[k], blocks[k + 1]
        if lb.loc.table is not None or lb.closing or len(lb.text) > 120 or HAS_DIGIT.search(lb.f):
            continue
        if lb.kind == "assessment" or lb.text.rstrip().endswith((".", ";", "!", "?")):
            continue  # a sentence ("… kỹ năng viết tin, bài còn hạn chế.") labels no number
        if not label_rx.search(lb.f) or reject_rx.search(lb.f):
            continue
        n = bare_number(nb) if nb.loc.part not in PAGE_FURNITURE else None
        if n is not None:
            quote = cite(f"{lb.text}: {nb.text}")
            out.append(Candidate(n.value, 5.0, 0.8, quote, nb.loc, n.qualifier))
            continue
        # A column header ("Số tin, bài đăng tải") over per-quarter lines: its "Tổng cộng" line.
        run = blocks[k + 1 : k + 16]
        for j in range(len(run) - 1):
            if len(run[j].text) > 40:
                break
            if re.match(r"^\W*(?:tong cong|tong so|tong|cong|ca nam)\W*$", run[j].f):
                n = bare_number(run[j + 1])
                if n is not None:
                    quote = cite(f"{lb.text} … {run[j].text}: {run[j + 1].text}")
                    out.append(Candidate(n.value, 6.0, 0.75, quote, run[j + 1].loc, n.qualifier))
                break
    return out


def best_candidate(cands: list[Candidate]) -> FieldValue | None:
    """Return the highest-scoring candidate as a field value, less sure when a rival is close."""
    if not cands:
        return None
    best = max(cands, key=lambda c: c.score)  # max() keeps the first of equals: document order
    conf = best.conf
    rivals = {c.value for c in cands if c.score >= best.score - 0.5 and c.value != best.value}
    if rivals:
        conf = min(conf, DOUBTFUL_CONFIDENCE)
    if best.qualifier:
        conf = min(conf, 0.8)
    value = int(best.value) if float(best.value).is_integer() else best.value
    return FieldValue(
        value, conf, best.quote, best.loc, qualifier=best.qualifier, derived=best.derived
    )
