"""The sample DOCX in other producers' shapes: saved again by LibreOffice as DOCX, PDF and ODT
(PDFs also in another font and margins, and framed), boxed in a one-cell frame, a text box or a
content control as some templates do, with manual line breaks (Shift+Enter) where paragraphs
were, as text pasted from mail comes, or with every line a paragraph, as text pasted from a PDF
comes. Same documents, same values.

LibreOffice writes its own DOCX markup (styles, tables, soft hyphens as elements) and its own PDF
layout (line breaks, running footers): the extractor must not depend on python-docx's markup or on
one page layout. TCVN3 documents are left out of the PDF round trip only: LibreOffice treats the
TCVN3 "ư" (byte 0xAD, the soft hyphen) as invisible, so its PDF does not contain the letter at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES
from readers_fixtures import soffice_convert_many

from ingest.evaluation import default_registry, evaluate_dir, truth_pairs
from ingest.readers import Limits
from ingest.readers.docx import read_docx
from ingest.text import detect_legacy

pytestmark = pytest.mark.slow


def _legacy(path: Path) -> bool:
    return any(detect_legacy(b.text, b.fonts) for b in read_docx(path, Limits()).blocks)


@pytest.fixture(scope="module")
def roundtrip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder like samples/ (reports/, truth/) with the LibreOffice copies."""
    assert shutil.which("soffice"), "LibreOffice is missing: make system-deps"
    root = tmp_path_factory.mktemp("roundtrip")
    originals = [(doc, truth) for _, doc, truth in truth_pairs(SAMPLES) if doc.suffix == ".docx"]
    assert len(originals) >= 20
    unicode_only = [doc for doc, _ in originals if not _legacy(doc)]
    legacy = [doc for doc, _ in originals if doc not in unicode_only]
    assert unicode_only and legacy  # both kinds are present in the samples
    # PDFs of reshaped copies too: another font and margins (other line breaks, other page
    # breaks), and the body boxed in a frame.
    truths = dict(originals)
    reshaped: dict[str, list[Path]] = {"pdf-restyled": [], "pdf-framed": []}
    for doc in unicode_only:
        for kind, reshape in (("pdf-restyled", _restyled), ("pdf-framed", _framed)):
            copy = root / "src" / kind / doc.name
            copy.parent.mkdir(parents=True, exist_ok=True)
            if reshape(doc, copy):
                reshaped[kind].append(copy)
                truths[copy] = truths[doc]
    for fmt, ext, sources in (
        ("pdf", "pdf", unicode_only),
        ("pdf", "pdf-restyled", reshaped["pdf-restyled"]),
        ("pdf", "pdf-framed", reshaped["pdf-framed"]),
        ("docx:MS Word 2007 XML", "docx", [doc for doc, _ in originals]),
        # ODT is read by converting it back with LibreOffice (~1 s a file): a few, both kinds.
        ("odt", "odt", [*unicode_only[:4], *legacy[:2]]),
    ):
        outs = soffice_convert_many(sources, fmt, root / "out" / ext, timeout=600)
        (root / "reports" / ext).mkdir(parents=True)
        (root / "truth" / ext).mkdir(parents=True)
        for doc, out in zip(sources, outs, strict=True):
            shutil.move(out, root / "reports" / ext / out.name)
            shutil.copy(truths[doc], root / "truth" / ext / f"{out.name}.json")
    return root


def _restyled(src: Path, dest: Path) -> bool:
    """Write ``src`` in DejaVu Sans 11 pt (tables 10 pt) with 1.5 cm margins."""
    import docx
    from docx.shared import Cm, Pt

    d = docx.Document(str(src))
    cells = [c for t in d.tables for row in t.rows for c in row.cells]
    for size, paragraphs in ((11, d.paragraphs), (10, [p for c in cells for p in c.paragraphs])):
        for p in paragraphs:
            for r in p.runs:
                r.font.name, r.font.size = "DejaVu Sans", Pt(size)
    for section in d.sections:
        section.left_margin = section.right_margin = Cm(1.5)
        section.top_margin = section.bottom_margin = Cm(1.5)
    d.save(str(dest))
    return True


def test_libreoffice_copies_give_the_samples_values(roundtrip: Path) -> None:
    ev = evaluate_dir(roundtrip, registry=default_registry(SAMPLES), workers=2)
    assert ev.documents >= 46 + 40
    assert ev.non_reports >= 2 and ev.non_report_recognition == 1.0
    assert ev.misses == [], ev.report()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
V_NS = 'xmlns:v="urn:schemas-microsoft-com:vml"'
# Containers the body is moved into: (XML of the container, tag of the element that holds it).
_TEXT_BOX = (
    f'<w:p {W_NS} {V_NS}><w:r><w:pict><v:shape id="khung" style="width:450pt;height:700pt">'
    "<v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></w:r></w:p>",
    "txbxContent",
)
_CONTENT_CONTROL = (f"<w:sdt {W_NS}><w:sdtPr/><w:sdtContent/></w:sdt>", "sdtContent")


def _moved_into(src: Path, dest: Path, container: tuple[str, str] | None) -> bool:
    """Write ``src`` with everything after its header table moved into one container: a one-cell
    table (None), a text box or a content control."""
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    d = docx.Document(str(src))
    kids = [el for el in d.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    moved = kids[1:] if kids and kids[0].tag == qn("w:tbl") else kids
    if len(moved) < 5:
        return False
    if container is None:
        frame = d.add_table(rows=1, cols=1)
        outer, holder = frame._tbl, frame.cell(0, 0)._tc
        empty = holder.findall(qn("w:p"))[0]
    else:
        outer = etree.fromstring(container[0])
        holder = next(outer.iter(qn(f"w:{container[1]}")))
        empty = None
    moved[0].addprevious(outer)
    for el in moved:
        holder.append(el)
    if empty is not None and holder[-1].tag == qn("w:p"):  # a cell must end with a paragraph
        holder.remove(empty)
    d.save(str(dest))
    return True


def _framed(src: Path, dest: Path) -> bool:
    return _moved_into(src, dest, None)


def _in_text_box(src: Path, dest: Path) -> bool:
    return _moved_into(src, dest, _TEXT_BOX)


def _in_content_control(src: Path, dest: Path) -> bool:
    return _moved_into(src, dest, _CONTENT_CONTROL)


def _line_breaks(src: Path, dest: Path) -> bool:
    """Write ``src`` with each run of body paragraphs made one paragraph of manual breaks."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document(str(src))
    body = d.element.body
    runs: list[list] = [[]]
    for el in list(body):
        if el.tag == qn("w:p"):
            runs[-1].append(el)
        else:
            runs.append([])
    merged = False
    for paragraphs in runs:
        for p in paragraphs[1:]:
            brk = OxmlElement("w:r")
            brk.append(OxmlElement("w:br"))
            paragraphs[0].append(brk)
            for r in p.findall(qn("w:r")):
                paragraphs[0].append(r)
            body.remove(p)
            merged = True
    d.save(str(dest))
    return merged


def _hard_wrapped(src: Path, dest: Path) -> bool:
    """Write ``src`` with every long body paragraph cut into paragraphs of at most 85 characters
    (legacy-font paragraphs, whose text is not Unicode, are left whole)."""
    import copy
    import textwrap

    import docx

    d = docx.Document(str(src))
    cut = False
    for p in list(d.paragraphs):
        if len(p.text) <= 95 or any((r.font.name or "").startswith(".Vn") for r in p.runs):
            continue
        lines = textwrap.wrap(p.text, 85)
        p.text = lines[0]
        anchor = p._p
        for line in lines[1:]:
            clone = copy.deepcopy(p._p)
            anchor.addnext(clone)
            type(p)(clone, p._parent).text = line
            anchor = clone
        cut = True
    d.save(str(dest))
    return cut


@pytest.mark.parametrize(
    "reshape",
    [_framed, _in_text_box, _in_content_control, _line_breaks, _hard_wrapped],
    ids=["frame", "text-box", "content-control", "line-breaks", "a-paragraph-a-line"],
)
def test_a_reshaped_report_gives_the_same_values(tmp_path: Path, reshape) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "truth").mkdir()
    for _, doc, truth in truth_pairs(SAMPLES):
        if doc.suffix == ".docx" and reshape(doc, tmp_path / "reports" / doc.name):
            shutil.copy(truth, tmp_path / "truth" / f"{doc.name}.json")
    ev = evaluate_dir(tmp_path, registry=default_registry(SAMPLES), workers=2)
    assert ev.documents >= 25
    assert ev.misses == [], ev.report()
