"""Assessment family: the report's own strengths and limitations."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from ingest.fields.context import Context, present
from ingest.fields.strings import MARKER, cap_first, cite, clean_item, continues, squash
from ingest.fields.view import PAGE_FURNITURE, View, assessment_label, is_assessment_item
from ingest.record import DOUBTFUL_CONFIDENCE, FieldValue
from ingest.text import fold

PRODUCES = ("strengths", "limitations")
# A strengths or limitations label after a sentence's end inside a paragraph.
_INNER_LABEL = re.compile(
    r"(?:^|(?<=[.;] ))\W*(?:uu diem|han che|ton tai|nhuoc diem|kho khan(?:, vuong mac)?)\s*:"
)
_TURN = re.compile(r"\b(?:tuy nhien|nhung|song|van con|con (?:han che|ton tai|mot so))\b")
# A pointer to another place is no assessment: "Như mục 6 Công văn", "Như đã nêu tại phần II".
_REFERS_ELSEWHERE = re.compile(
    r"^\W*(?:nhu|xem)\s+(?:(?:da\s+)?(?:neu|trinh bay|bao cao)\s+)?(?:tai\s+|o\s+)?"
    r"(?:muc|phan|tren|diem|khoan|noi dung)\b[^.;]{0,40}$"
)


def extract(view: View, context: Context) -> dict[str, FieldValue]:
    """Return the text after the strengths and the limitations labels (lines kept)."""
    found = _assessment(view)
    return present(strengths=found.get("strength"), limitations=found.get("limitation"))


def _assessment(view: View) -> dict[str, FieldValue]:
    """Return strength / limitation / general texts: the text after each label (lines kept)."""
    out: dict[str, FieldValue] = {}
    blocks = view.blocks
    for k, b in enumerate(blocks):
        if k < view.header_end or b.closing or b.basis or b.kind == "tasks":
            continue
        lab = assessment_label(b)
        if lab is None or lab[0] == "stop" or lab[0] in out:
            continue
        if b.kind == "recommendations" and not is_assessment_item(b):
            continue
        kind, offset = lab
        parts = []
        inline = b.text[offset:].strip(" *:")
        # "Đánh giá: Ưu điểm: … . Tồn tại: … .": labels inside one paragraph, each its own text.
        inner = [m.start() for m in _INNER_LABEL.finditer(fold(inline))]
        if inner:
            bounds = [0, *inner, len(inline)] if inner[0] else [*inner, len(inline)]
            for a, z in itertools.pairwise(bounds):
                piece = inline[a:z].strip()
                # Before the first inner label, the text is the outer label's ("Ưu điểm: …").
                own = a or not inner[0]  # the piece opens with its own label
                sl = assessment_label(replace(b, text=piece, f=fold(piece))) if own else (kind, 0)
                if sl and sl[0] in ("strength", "limitation"):
                    text = cap_first(squash(piece[sl[1] :]).strip(" *:"))
                    if len(text.split()) >= 3 and sl[0] not in out:
                        out[sl[0]] = FieldValue(text, 0.75, cite(text), b.loc)
            continue
        if inline:
            parts.append(inline)
            # A PDF or scan line break inside the labelled sentence.
            for nb in blocks[k + 1 : k + 4]:
                if nb.loc.part in PAGE_FURNITURE:
                    continue  # a page number between two pages of the list
                if (
                    nb.closing
                    or assessment_label(nb) is not None
                    or not continues(parts[-1], nb.text)
                ):
                    break
                parts[-1] = f"{parts[-1]} {nb.text.strip()}"
        else:
            for nb in blocks[k + 1 : k + 10]:
                if nb.loc.part in PAGE_FURNITURE:
                    continue
                # A line ending with ":" opens another list ("... một số nhiệm vụ sau:").
                if nb.closing or assessment_label(nb) is not None or nb.text.rstrip().endswith(":"):
                    break
                if nb.kind in ("recommendations", "tasks") and nb.kind != b.kind:
                    break
                if nb.heading_level is not None and not (
                    MARKER.match(nb.text) and nb.heading_level >= 3 and len(nb.text) > 60
                ):
                    break
                parts.append(clean_item(nb.text))
        # Several bullet lines stay several lines.
        text = "\n".join(squash(p).strip(" *") for p in parts if p.strip(" *"))
        if len(text.split()) >= 3 and not _REFERS_ELSEWHERE.match(fold(text)):
            conf = 0.8 if b.kind == "assessment" else 0.7
            out[kind] = FieldValue(cap_first(text), conf, cite(text), b.loc)
    if "strength" not in out and "general" in out:
        out["strength"] = out["general"]
        # A verdict that turns to what is lacking ("…; tuy nhiên, đội ngũ … còn mỏng") is no
        # strength alone: writers leave it out; a person decides.
        mixed = _TURN.search(fold(out["general"].value))
        out["strength"].confidence = DOUBTFUL_CONFIDENCE if mixed else 0.65
    return out
