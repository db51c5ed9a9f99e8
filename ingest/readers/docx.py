"""DOCX reader: the WordprocessingML package read with zipfile + lxml, in reading order.

python-docx's object model drops text boxes and content controls and repeats merged cells, so the
XML is walked directly: paragraphs, tables (nested, merged cells once), content controls, text boxes
(once, although Word stores each twice: DrawingML in mc:Choice and VML in mc:Fallback), headers and
footers. Fonts come from the run, its character style, the paragraph style and the document
defaults, because legacy-font (TCVN3/VNI) documents often set the font only in styles.
"""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ingest.document import BLOCK_START_RE, Block, Document, Location
from ingest.errors import CorruptFile, EncryptedFile, TooLarge, UnsupportedFormat
from ingest.readers.ocr import ocr_embedded_images
from ingest.text import normalize_text

if TYPE_CHECKING:
    from ingest.readers.base import Limits

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
V_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
# A body with less text than this and images in it is a scan pasted into Word: its images are
# read by OCR (a caption or a title line may stand beside the scan).
SCANNED_TEXT_MAX = 200
SCAN_MIN_BYTES = 8_000  # smaller image files are icons, logos or stamps, never a page scan
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# ISO 29500 "strict" documents use other namespace names for the same vocabulary.
_STRICT_NS = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": R.encode(),
    b"http://purl.oclc.org/ooxml/drawingml/main": A.encode(),
}
_OFFICE_DOC_REL = "/officeDocument"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = (_w(n) for n in ("p", "r", "t", "tbl", "tr", "tc"))
W_SDT, W_SDT_CONTENT = _w("sdt"), _w("sdtContent")
W_TXBX = _w("txbxContent")
W_BR, W_CR, W_TAB, W_PTAB = _w("br"), _w("cr"), _w("tab"), _w("ptab")
W_LRPB = _w("lastRenderedPageBreak")
W_RPR, W_PPR, W_RFONTS, W_B = _w("rPr"), _w("pPr"), _w("rFonts"), _w("b")
W_VAL, W_TYPE = _w("val"), _w("type")
W_PSTYLE, W_RSTYLE, W_VANISH = _w("pStyle"), _w("rStyle"), _w("vanish")
W_PAGE_BREAK_BEFORE, W_SECT_PR, W_ALT_CHUNK = _w("pageBreakBefore"), _w("sectPr"), _w("altChunk")
W_TR_PR, W_GRID_BEFORE, W_TC_PR = _w("trPr"), _w("gridBefore"), _w("tcPr")
W_GRID_SPAN, W_VMERGE, W_HMERGE = _w("gridSpan"), _w("vMerge"), _w("hMerge")
W_NUM_PR, W_NUM_ID, W_ILVL = _w("numPr"), _w("numId"), _w("ilvl")
# (slot, theme attribute, font attribute) of w:rFonts, in the order fonts_of fills them.
_W_START, _W_NUM_FMT, _W_LVL_TEXT = _w("start"), _w("numFmt"), _w("lvlText")
_W_ABSTRACT_NUM_ID, _W_START_OVERRIDE = _w("abstractNumId"), _w("startOverride")
_FONT_SLOTS = tuple((slot, _w(slot + "Theme"), _w(slot)) for slot in ("ascii", "hAnsi"))
MC_ALT, MC_CHOICE, MC_FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
# Containers whose children are read as if they stood in their parent's place.
_TRANSPARENT = {
    _w(n)
    for n in ("customXml", "ins", "moveTo", "smartTag", "hyperlink", "fldSimple", "bdo", "dir")
}
_DELETED = {_w(n) for n in ("del", "moveFrom")}
# A soft hyphen is kept as U+00AD for the text layer: it is dropped there, except in TCVN3 text,
# where byte 0xAD is the letter "ư" (LibreOffice turns it into <w:softHyphen/> when it converts a
# legacy .doc typed in a .VnTime font).
_RUN_CHARS = {_w("noBreakHyphen"): "-", _w("softHyphen"): "\u00ad"}
_PAGE_BREAK_SECTIONS = {None, "nextPage", "oddPage", "evenPage"}
_XML_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    remove_pis=True,
    remove_comments=True,
)
# ZIP local file header: signature, general purpose flags, name length, extra field length.
_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")
_SPACES_RE = re.compile(r"[ \u00a0\u2007\u202f]+")


def _normalize_run(text: str, fonts: tuple[str, ...]) -> str:
    return normalize_text(text, fonts=fonts)


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """Return ``el.find(tag)`` for a plain tag: the first direct child with that tag.

    A loop over the children: lxml's ``find`` parses its path argument on every call (about 3x
    slower for the few children WordprocessingML elements have).
    """
    for child in el:
        if child.tag == tag:
            return child
    return None


def _kids(el: etree._Element) -> dict:
    """Return tag -> first direct child with that tag (several ``find`` calls in one pass)."""
    out: dict = {}
    for child in el:
        out.setdefault(child.tag, child)
    return out


def _truthy(el: etree._Element | None) -> bool | None:
    """Return an OOXML on/off property: absent -> None, <w:b/> -> True, w:val="0" -> False."""
    if el is None:
        return None
    return el.get(W_VAL, "true").lower() not in ("0", "false", "off", "none")


def check_package(path: Path, limits: Limits) -> None:
    """Refuse a ZIP package (DOCX, ODT) that is encrypted, damaged or a zip bomb, by its
    directory alone (used before LibreOffice opens an ODT)."""
    _Package(path, limits).close()


class _Package:
    """A DOCX ZIP opened with every entry's declared size checked before anything is inflated."""

    def __init__(self, path: Path, limits: Limits):
        self.path = path
        try:
            self.zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as e:
            raise CorruptFile(f"ZIP container is damaged ({e})", path=str(path)) from e
        try:
            self._check(limits)
        except Exception:
            self.zf.close()
            raise
        self.names = {info.filename: info for info in self.zf.infolist()}

    def _check(self, limits: Limits) -> None:
        """Refuse encrypted entries and zip bombs by their declared sizes, before inflating."""
        path = self.path
        infos = self.zf.infolist()
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise EncryptedFile(
                    f"ZIP entry {info.filename!r} is password-encrypted", path=str(path)
                )
            total += info.file_size
            # A ratio alone refuses nothing: XML of repeated rows compresses very well (a real
            # report with a 6,000-row table: 2.6 MB at 212:1; an empty 400x10 table: 117:1), and
            # reads never inflate past the declared size. An entry is a bomb when it inflates to
            # more than a report's XML may hold, and at a ratio no real content reaches.
            if info.file_size > limits.max_docx_xml_bytes:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.max_zip_ratio:
                    raise TooLarge(
                        f"ZIP entry {info.filename!r} declares {info.file_size:,} bytes from "
                        f"{info.compress_size:,} compressed (ratio {ratio:,.0f}:1, limit "
                        f"{limits.max_zip_ratio:,.0f}:1); refusing a likely zip bomb",
                        path=str(path),
                    )
        xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
        if xml > limits.max_docx_xml_bytes:
            raise TooLarge(
                f"XML parts declare {xml:,} bytes, over the limit of "
                f"{limits.max_docx_xml_bytes:,} (far more text than any report)",
                path=str(path),
            )
        if total > limits.max_unzipped_bytes:
            raise TooLarge(
                f"ZIP entries declare {total:,} uncompressed bytes in all, over the limit of "
                f"{limits.max_unzipped_bytes:,}; refusing a likely zip bomb",
                path=str(path),
            )

    def close(self) -> None:
        self.zf.close()

    def read(self, name: str) -> bytes | None:
        """Return an entry's bytes, never more than its declared size, or None if absent."""
        info = self.names.get(name)
        if info is None:
            return None
        try:
            with self.zf.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
            raise CorruptFile(
                f"DOCX entry {name!r} cannot be inflated ({e})", path=str(self.path)
            ) from e
        except NotImplementedError as e:
            raise CorruptFile(
                f"DOCX entry {name!r} uses an unsupported compression ({e})", path=str(self.path)
            ) from e
        if len(data) > info.file_size:
            raise CorruptFile(
                f"DOCX entry {name!r} inflates beyond its declared {info.file_size:,} bytes",
                path=str(self.path),
            )
        return data

    def stored_digest(self, name: str) -> bytes | None:
        """Return a digest of an entry as stored, without inflating it: b"-" when absent.

        The digest covers the compressed bytes and everything ``read`` depends on (method,
        flags, CRC, sizes), so two entries with one digest read alike. None when the local
        header does not agree with the directory: then only ``read`` can tell.
        """
        info = self.names.get(name)
        if info is None:
            return b"-"
        try:
            with self.path.open("rb") as fh:
                fh.seek(info.header_offset)
                header = fh.read(_LOCAL_HEADER.size)
                if len(header) != _LOCAL_HEADER.size:
                    return None
                signature, flags, name_len, extra_len = _LOCAL_HEADER.unpack(header)
                if signature != b"PK\x03\x04":
                    return None
                stored_name = fh.read(name_len)
                fh.seek(extra_len, 1)
                data = fh.read(info.compress_size)
            # As zipfile checks it: the local name must be the directory's.
            if stored_name.decode("utf-8" if flags & 0x800 else "cp437") != info.orig_filename:
                return None
        except (OSError, UnicodeDecodeError):
            return None
        if len(data) != info.compress_size:
            return None
        facts = f"{info.compress_type}:{info.flag_bits}:{info.CRC}:{info.file_size}:{name}"
        return hashlib.sha1(facts.encode() + b"\0" + data, usedforsecurity=False).digest()

    def xml(self, name: str, data: bytes | None = None) -> etree._Element | None:
        """Parse an entry (or its bytes, already read) with the safe parser (no entities, no
        network, no huge trees)."""
        if data is None:
            data = self.read(name)
        if data is None:
            return None
        for strict, transitional in _STRICT_NS.items():
            if strict in data:
                data = data.replace(strict, transitional)
        try:
            return etree.fromstring(data, _XML_PARSER)
        except etree.XMLSyntaxError as e:
            raise CorruptFile(
                f"DOCX part {name!r} is not well-formed XML ({e})", path=str(self.path)
            ) from e

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Return relationship id -> (type, absolute part name) for a part."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(name))
        return out


class _Styles:
    """Resolve run fonts and bold through character style, paragraph style and doc defaults."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None):
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.defaults_rpr: etree._Element | None = None
        self.theme: dict[str, str] = {}
        self._cache: dict[tuple[str | None, str | None], tuple[dict[str, str], bool | None]] = {}
        self._chain_pprs: dict[str | None, list[etree._Element | None]] = {}
        if theme is not None:
            for kind in ("major", "minor"):
                latin = theme.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
                if latin is not None and latin.get("typeface"):
                    self.theme[kind] = latin.get("typeface", "")
        if styles is None:
            return
        for st in styles.iter(_w("style")):
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            self.by_id[sid] = st
            if st.get(W_TYPE) == "paragraph" and st.get(_w("default")) in ("1", "true", "on"):
                self.default_para = sid
        self.defaults_rpr = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{W_RPR}")

    def fonts_of(self, rpr: etree._Element | None, into: dict[str, str]) -> None:
        """Fill missing font slots (ascii, hAnsi) from an rPr, theme fonts resolved."""
        if rpr is None:
            return
        self.fonts_from(_child(rpr, W_RFONTS), into)

    def fonts_from(self, rf: etree._Element | None, into: dict[str, str]) -> None:
        """Fill missing font slots (ascii, hAnsi) from a w:rFonts element."""
        if rf is None:
            return
        for slot, theme_attr, font_attr in _FONT_SLOTS:
            if slot in into:
                continue
            theme = rf.get(theme_attr)
            if theme:
                into[slot] = self.theme.get("major" if theme.startswith("major") else "minor", "")
            elif rf.get(font_attr):
                into[slot] = rf.get(font_attr, "")

    def chain_pprs(self, sid: str | None) -> list[etree._Element | None]:
        """Return the w:pPr of a style and of the styles it is based on (cached: per content)."""
        found = self._chain_pprs.get(sid)
        if found is None:
            found = self._chain_pprs[sid] = [_child(st, W_PPR) for st in self.style_chain(sid)]
        return found

    def style_chain(self, sid: str | None) -> Iterator[etree._Element]:
        """Yield a style and the styles it is based on, nearest first."""
        seen: set[str] = set()
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            based = st.find(_w("basedOn"))
            sid = based.get(W_VAL) if based is not None else None

    def inherited(
        self, char_style: str | None, para_style: str | None
    ) -> tuple[dict[str, str], bool | None]:
        """Return (font slots, bold) that a run gets from styles and document defaults."""
        key = (char_style, para_style)
        if key in self._cache:
            return self._cache[key]
        fonts: dict[str, str] = {}
        bold: bool | None = None
        chains = [
            *self.style_chain(char_style),
            *self.style_chain(para_style or self.default_para),
        ]
        for st in chains:
            rpr = st.find(W_RPR)
            self.fonts_of(rpr, fonts)
            if bold is None and rpr is not None:
                bold = _truthy(rpr.find(W_B))
        self.fonts_of(self.defaults_rpr, fonts)
        if bold is None and self.defaults_rpr is not None:
            bold = _truthy(self.defaults_rpr.find(W_B))
        self._cache[key] = (fonts, bold)
        return fonts, bold


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    # Word's lettered lists go a..z, aa..zz, aaa..
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Automatic list labels ("I.", "1.", "a)", bullets) that Word draws but does not store."""

    def __init__(self, root: etree._Element | None, styles: _Styles):
        self.styles = styles
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for absn in root.iter(_w("abstractNum")):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in absn.iter(_w("lvl")):
                ilvl = _int(lvl.get(_w("ilvl")), 0)
                start = _child(lvl, _W_START)
                fmt = _child(lvl, _W_NUM_FMT)
                text = _child(lvl, _W_LVL_TEXT)
                levels[ilvl] = (
                    _int(start.get(W_VAL) if start is not None else None, 1),
                    fmt.get(W_VAL, "decimal") if fmt is not None else "decimal",
                    text.get(W_VAL, "") if text is not None else "",
                )
            self.levels[absn.get(_w("abstractNumId"), "")] = levels
        for num in root.iter(_w("num")):
            abstract = _child(num, _W_ABSTRACT_NUM_ID)
            overrides = {}
            for ov in num.iter(_w("lvlOverride")):
                so = _child(ov, _W_START_OVERRIDE)
                if so is not None:
                    overrides[_int(ov.get(_w("ilvl")), 0)] = _int(so.get(W_VAL), 1)
            if abstract is not None:
                self.nums[num.get(_w("numId"), "")] = (abstract.get(W_VAL, ""), overrides)

    def _num_pr(self, ppr: etree._Element | None, pstyle: str | None) -> tuple[str, int] | None:
        sources = [ppr] if ppr is not None else []
        sources += self.styles.chain_pprs(pstyle)
        num_id = ilvl = None
        for src in sources:
            npr = _child(src, W_NUM_PR) if src is not None else None
            if npr is None:
                continue
            if num_id is None and _child(npr, W_NUM_ID) is not None:
                num_id = _child(npr, W_NUM_ID).get(W_VAL)
            if ilvl is None and _child(npr, W_ILVL) is not None:
                ilvl = _int(_child(npr, W_ILVL).get(W_VAL), 0)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, ilvl or 0

    def label(self, ppr: etree._Element | None, pstyle: str | None) -> str:
        """Advance the list counters for a paragraph and return its label ("" if none)."""
        if not self.nums:
            return ""
        found = self._num_pr(ppr, pstyle)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = overrides.get(ilvl, levels[ilvl][0])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _, fmt, text = levels[ilvl]
        if fmt == "bullet":
            return text if text in ("-", "+", "–", "*", "•") else "•"
        for k in range(9):
            if f"%{k + 1}" in text:
                k_start, k_fmt, _ = levels.get(k, (1, "decimal", ""))
                value = counters.get(k, overrides.get(k, k_start))
                text = text.replace(f"%{k + 1}", _format_number(value, k_fmt))
        return text.strip()


@dataclasses.dataclass
class _Para:
    """Text pieces of one paragraph being collected."""

    pieces: list[str] = dataclasses.field(default_factory=list)
    fonts: list[str] = dataclasses.field(default_factory=list)
    all_bold: bool = True
    has_text: bool = False
    page: int | None = None
    textboxes: list[etree._Element] = dataclasses.field(default_factory=list)
    label: str = ""  # automatic list number or bullet


class _Walker:
    """Walk WordprocessingML containers in reading order and collect blocks."""

    def __init__(self, styles: _Styles, rendered_breaks: bool, numbering: _Numbering | None = None):
        self.styles = styles
        self.numbering = numbering or _Numbering(None, styles)
        # Word writes <w:lastRenderedPageBreak/> where pages broke when last laid out, after
        # explicit breaks too; when present they are the truth and explicit breaks would double.
        self.rendered_breaks = rendered_breaks
        self.blocks: list[Block] = []
        self.page = 1
        self.saw_break = False
        self.tables = 0
        self.warnings: list[str] = []
        self.count_pages = True

    # -- page counting -------------------------------------------------------------------------
    def _page_break(self, para: _Para | None, *, rendered: bool) -> None:
        if not self.count_pages or rendered != self.rendered_breaks:
            return
        self.page += 1
        self.saw_break = True
        if para is not None and not para.has_text:
            para.page = self.page

    # -- containers ----------------------------------------------------------------------------
    def container(self, el: etree._Element, part: str, cell: tuple[int, int, int] | None) -> None:
        for child in el:
            tag = child.tag
            if tag == W_P:
                self.paragraph(child, part, cell)
            elif tag == W_TBL:
                self.table(child, part, cell)
            elif tag == W_SDT:
                content = _child(child, W_SDT_CONTENT)
                if content is not None:
                    self.container(content, "control" if part == "body" else part, cell)
            elif tag == MC_ALT:
                chosen = _choose_alternative(child)
                if chosen is not None:
                    self.container(chosen, part, cell)
            elif tag in _TRANSPARENT:
                self.container(child, part, cell)
            elif tag == W_ALT_CHUNK:
                self.warnings.append("altChunk (embedded HTML/RTF part) not read")

    def table(
        self, tbl: etree._Element, part: str, outer: tuple[int, int, int] | None = None
    ) -> None:
        rows = list(_unwrapped(tbl, W_TR))
        if len(rows) == 1:
            cells = list(_unwrapped(rows[0], W_TC))
            if len(cells) == 1:
                # A one-cell table is a frame drawn around text (some templates box the whole
                # report), not a table of data: its paragraphs are read where the frame stands.
                self.container(cells[0], part, outer)
                return
        index = self.tables
        self.tables += 1
        for row_i, tr in enumerate(rows):
            col = 0
            trpr = _child(tr, W_TR_PR)
            grid_before = _child(trpr, W_GRID_BEFORE) if trpr is not None else None
            if grid_before is not None:
                col = _int(grid_before.get(W_VAL), 0)
            for tc in _unwrapped(tr, W_TC):
                span = 1
                tcpr = _child(tc, W_TC_PR)
                continued = False
                if tcpr is not None:
                    kids = _kids(tcpr)
                    gs = kids.get(W_GRID_SPAN)
                    if gs is not None:
                        span = max(1, _int(gs.get(W_VAL), 1))
                    vm = kids.get(W_VMERGE)
                    hm = kids.get(W_HMERGE)
                    continued = (vm is not None and vm.get(W_VAL, "continue") != "restart") or (
                        hm is not None and hm.get(W_VAL, "continue") != "restart"
                    )
                # A merged cell's continuation holds no text of its own: read the cell once.
                if not continued:
                    self.container(tc, part, (index, row_i, col))
                col += span

    def paragraph(self, p: etree._Element, part: str, cell: tuple[int, int, int] | None) -> None:
        para = _Para(page=self.page)
        ppr = _child(p, W_PPR)
        pstyle = None
        section_type: str | None = "continuous"
        if ppr is not None:
            kids = _kids(ppr)
            ps = kids.get(W_PSTYLE)
            pstyle = ps.get(W_VAL) if ps is not None else None
            if _truthy(kids.get(W_PAGE_BREAK_BEFORE)):
                self._page_break(para, rendered=False)
            sect = kids.get(W_SECT_PR)
            if sect is not None:
                st = _child(sect, W_TYPE)
                section_type = st.get(W_VAL) if st is not None else None
        para.label = self.numbering.label(ppr, pstyle)
        self._inline(p, para, pstyle)
        self.emit(para, part, cell)
        for box in para.textboxes:
            saved, self.count_pages = self.count_pages, False
            self.container(box, "textbox", None)
            self.count_pages = saved
        if section_type in _PAGE_BREAK_SECTIONS:
            self._page_break(None, rendered=False)

    def _inline(self, el: etree._Element, para: _Para, pstyle: str | None) -> None:
        for child in el:
            tag = child.tag
            if tag == W_R:
                self.run(child, para, pstyle)
            elif tag in _TRANSPARENT:
                self._inline(child, para, pstyle)
            elif tag == W_SDT:
                content = _child(child, W_SDT_CONTENT)
                if content is not None:
                    self._inline(content, para, pstyle)
            elif tag == MC_ALT:
                chosen = _choose_alternative(child)
                if chosen is not None:
                    self._inline(chosen, para, pstyle)
            elif tag in _DELETED:
                continue

    def run(self, r: etree._Element, para: _Para, pstyle: str | None) -> None:
        rpr = _child(r, W_RPR)
        cstyle = None
        fonts: dict[str, str] = {}
        bold = None
        if rpr is not None:
            kids = _kids(rpr)
            if _truthy(kids.get(W_VANISH)):
                return  # hidden text: not on the page the agency signed
            rs = kids.get(W_RSTYLE)
            cstyle = rs.get(W_VAL) if rs is not None else None
            self.styles.fonts_from(kids.get(W_RFONTS), fonts)
            bold = _truthy(kids.get(W_B))
        inherited_fonts, inherited_bold = self.styles.inherited(cstyle, pstyle)
        for slot, name in inherited_fonts.items():
            fonts.setdefault(slot, name)
        if bold is None:
            bold = inherited_bold
        names = tuple(dict.fromkeys(n for n in (fonts.get("ascii"), fonts.get("hAnsi")) if n))
        out: list[str] = []
        for child in r:
            tag = child.tag
            if tag == W_T:
                out.append(child.text or "")
            elif tag in (W_TAB, W_PTAB):
                out.append("\t")
            elif tag == W_BR:
                kind = child.get(W_TYPE)
                if kind == "page":
                    self._flush_run(out, names, bold, para)
                    self._page_break(para, rendered=False)
                else:
                    out.append("\n")
            elif tag == W_CR:
                out.append("\n")
            elif tag == W_LRPB:
                self._flush_run(out, names, bold, para)
                self._page_break(para, rendered=True)
            elif tag in _RUN_CHARS:
                out.append(_RUN_CHARS[tag])
            elif next(child.iter(W_TXBX), None) is not None:  # lxml's search, in C
                para.textboxes.extend(_textboxes(child))
        self._flush_run(out, names, bold, para)

    def _flush_run(
        self, out: list[str], fonts: tuple[str, ...], bold: bool | None, para: _Para
    ) -> None:
        if not out:
            return
        text = _normalize_run("".join(out), fonts)
        out.clear()
        if not text:
            return
        para.pieces.append(text)
        if text.strip():
            para.has_text = True
            para.fonts.extend(f for f in fonts if f not in para.fonts)
            if not bold:
                para.all_bold = False

    def emit(self, para: _Para, part: str, cell: tuple[int, int, int] | None) -> None:
        text = _clean("".join(para.pieces))
        if not text:
            return
        if para.label:
            text = f"{para.label} {text}"
        table = row = col = None
        if cell is not None:
            table, row, col = cell
        page = para.page if part not in ("header", "footer") else None
        # Outside tables, lines ended by a manual break (Shift+Enter; text pasted from mail or the
        # web comes so) are paragraphs of their own; a sentence cut by one is joined back later.
        lines = [text] if cell is not None else text.split("\n")
        for line in lines:
            loc = Location(
                page=page, paragraph=len(self.blocks), table=table, row=row, cell=col, part=part
            )
            self.blocks.append(
                Block(text=line, location=loc, fonts=tuple(para.fonts), bold=para.all_bold)
            )


def _clean(text: str) -> str:
    lines = [_SPACES_RE.sub(" ", line).strip(" ") for line in text.split("\n")]
    return "\n".join(line for line in lines if line.strip()).strip()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _choose_alternative(alt: etree._Element) -> etree._Element | None:
    """Pick one branch of mc:AlternateContent: the first Choice (DrawingML), else the Fallback."""
    choice = alt.find(MC_CHOICE)
    return choice if choice is not None else alt.find(MC_FALLBACK)


def _textboxes(el: etree._Element) -> Iterator[etree._Element]:
    """Yield the w:txbxContent under a run child, once: mc:Fallback (VML copy) is skipped."""
    for child in el:
        tag = child.tag
        if tag == W_TXBX:
            yield child
        elif tag == MC_ALT:
            chosen = _choose_alternative(child)
            if chosen is not None:
                yield from _textboxes(chosen)
        elif tag == MC_FALLBACK or not isinstance(tag, str):
            continue
        else:
            yield from _textboxes(child)


def _unwrapped(el: etree._Element, wanted: str) -> Iterator[etree._Element]:
    """Yield children with tag `wanted`, looking through sdt/customXml wrappers."""
    for child in el:
        if child.tag == wanted:
            yield child
        elif child.tag == W_SDT:
            content = _child(child, W_SDT_CONTENT)
            if content is not None:
                yield from _unwrapped(content, wanted)
        elif child.tag in _TRANSPARENT:
            yield from _unwrapped(child, wanted)


def _main_part(pkg: _Package) -> str:
    for rel_type, name in pkg.rels("").values():
        if rel_type.endswith(_OFFICE_DOC_REL) and name in pkg.names:
            return name
    if "word/document.xml" in pkg.names:
        return "word/document.xml"
    raise UnsupportedFormat(
        "ZIP package has no main document part (word/document.xml); not a Word document",
        path=str(pkg.path),
    )


def _app_pages(pkg: _Package) -> int | None:
    root = pkg.xml("docProps/app.xml")
    if root is None:
        return None
    for el in root.iter():
        if (
            isinstance(el.tag, str)
            and el.tag.endswith("}Pages")
            and (el.text or "").strip().isdigit()
        ):
            return int(el.text.strip()) or None
    return None


# Parsed style sheets by content hash. Offices reuse one Word template, whose styles.xml (~350 KB,
# ~15 ms to parse and index) dwarfs a report's document.xml; a batch re-parsed it for every file.
_STYLES_CACHE: dict[bytes, _Styles] = {}
_STYLES_CACHE_SIZE = 64  # both keys of 32 style sheets


def _remember_styles(key: bytes, styles: _Styles) -> None:
    if len(_STYLES_CACHE) >= _STYLES_CACHE_SIZE:
        _STYLES_CACHE.pop(next(iter(_STYLES_CACHE)))
    _STYLES_CACHE[key] = styles


def _styles(pkg: _Package, styles_part: str, theme_part: str) -> _Styles:
    """Return the package's parsed styles, shared with earlier files that had the same bytes.

    First looked up by the parts as stored (compressed bytes and declared facts): the same
    template zipped the same way needs no inflating (~350 KB) and no hashing of the inflated
    XML. Otherwise by the inflated bytes, as before.
    """
    stored = [pkg.stored_digest(styles_part), pkg.stored_digest(theme_part)]
    stored_key = b"stored:" + stored[0] + stored[1] if None not in stored else None
    if stored_key is not None and stored_key in _STYLES_CACHE:
        return _STYLES_CACHE[stored_key]
    styles_xml, theme_xml = pkg.read(styles_part), pkg.read(theme_part)
    key = hashlib.sha1(
        (styles_xml or b"") + b"\0" + (theme_xml or b""), usedforsecurity=False
    ).digest()
    found = _STYLES_CACHE.get(key)
    if found is None:
        found = _Styles(
            pkg.xml(styles_part, styles_xml) if styles_xml is not None else None,
            pkg.xml(theme_part, theme_xml) if theme_xml is not None else None,
        )
        _remember_styles(key, found)
    if stored_key is not None:
        _remember_styles(stored_key, found)
    return found


_SENTENCE_ENDS = (".", ":", ";", "!", "?", "…")
_LIST_ENDS = (".", ":", "!", "?", "…")  # a full line ending in ";" goes on: a list in a sentence


def _wrap_width(blocks: list[Block]) -> int | None:
    """Return the line width of a document pasted from a PDF a line a paragraph, else None.

    Such a document has many long body paragraphs that end no sentence, all about as long as
    the PDF's lines; a typed document's long paragraphs end their sentences.
    """
    long = [
        len(b.text)
        for b in blocks
        if b.location.table is None and b.location.part == "body" and len(b.text) >= 50
    ]
    cut = sorted(
        len(b.text)
        for b in blocks
        if b.location.table is None
        and b.location.part == "body"
        and len(b.text) >= 50
        and not b.text.rstrip().endswith(_SENTENCE_ENDS)
    )
    if len(cut) < 5 or len(cut) < 0.4 * len(long):
        return None
    return cut[int(0.9 * (len(cut) - 1))]


def _join_hard_wraps(blocks: list[Block]) -> list[Block]:
    """Join paragraphs cut at every line, as text pasted from a PDF into Word comes: a paragraph
    that ends no sentence, followed in the same place (part, page, outside tables, same weight)
    by one that starts in lowercase (or with a number or "(" after a lowercase word), is one. In a
    document pasted so throughout (`_wrap_width`), a paragraph as long as its lines goes on
    whatever the next one starts with (even after a ";"), unless that starts an item or a
    heading."""
    width = _wrap_width(blocks)
    out: list[Block] = []
    line = ""  # the last paragraph read: the last line of the block being built
    for b in blocks:
        prev = out[-1] if out else None
        start = b.text[:1]
        tail = prev.text.rstrip() if prev is not None else ""
        full_line = width is not None and len(line.rstrip()) >= 0.8 * width and not b.bold
        line = b.text
        if (
            prev is not None
            and (
                start.islower()
                or ((start.isdigit() or start == "(") and tail[-1:].islower())
                or (full_line and start.isalnum())
            )
            and not tail.endswith(_LIST_ENDS if full_line else _SENTENCE_ENDS)
            and not BLOCK_START_RE.match(b.text)
            and prev.location.table is None
            and b.location.table is None
            and prev.location.part == b.location.part
            and prev.location.page == b.location.page
            and prev.bold == b.bold
        ):
            text = f"{tail} {b.text.lstrip()}"
            out[-1] = Block(text, prev.location, tuple(dict.fromkeys(prev.fonts + b.fonts)), b.bold)
        else:
            out.append(b)
    return out


def _page_images(
    pkg: _Package, root: etree._Element, rels: dict[str, tuple[str, str]]
) -> list[tuple[str, bytes]]:
    """Return the body's images (DrawingML and VML) big enough to be page scans, in document
    order, each once."""
    names: list[str] = []
    for el in root.iter(A_BLIP, V_IMAGEDATA):
        rid = el.get(f"{{{R}}}embed") or el.get(f"{{{R}}}id") or ""
        target = rels.get(rid)
        if target and target[1] not in names:
            names.append(target[1])
    images = []
    for name in names:
        info = pkg.names.get(name)
        if info is not None and info.file_size >= SCAN_MIN_BYTES:
            images.append((name, pkg.read(name) or b""))
    return images


def read_docx(
    path: str | Path, limits: Limits, *, fmt: str = "docx", source: str | None = None
) -> Document:
    """Read a DOCX file into blocks (body, tables, controls, text boxes, headers, footers)."""
    p = Path(path)
    shown = source or str(p)
    try:
        pkg = _Package(p, limits)
    except (CorruptFile, EncryptedFile, TooLarge) as e:
        e.path = shown
        raise
    try:
        main = _main_part(pkg)
        root = pkg.xml(main)
        if root is None or root.find(_w("body")) is None:
            raise CorruptFile(f"{main} has no w:body element", path=shown)
        rels = pkg.rels(main)
        styles_part = next(
            (n for t, n in rels.values() if t.endswith("/styles")), "word/styles.xml"
        )
        theme_part = next(
            (n for t, n in rels.values() if t.endswith("/theme")), "word/theme/theme1.xml"
        )
        styles = _styles(pkg, styles_part, theme_part)
        numbering_part = next((n for t, n in rels.values() if t.endswith("/numbering")), None)
        numbering = _Numbering(pkg.xml(numbering_part) if numbering_part else None, styles)
        walker = _Walker(
            styles, rendered_breaks=next(root.iter(W_LRPB), None) is not None, numbering=numbering
        )

        # Header/footer parts in the order sections reference them, each read once.
        refs: dict[str, list[str]] = {"header": [], "footer": []}
        for ref in root.iter(_w("headerReference"), _w("footerReference")):
            kind = "header" if ref.tag == _w("headerReference") else "footer"
            target = rels.get(ref.get(f"{{{R}}}id", ""))
            if target and target[1] not in refs[kind]:
                refs[kind].append(target[1])

        def read_parts(kind: str) -> None:
            seen = {b.text for b in walker.blocks if b.location.part == kind}
            for name in refs[kind]:
                part_root = pkg.xml(name)
                if part_root is None:
                    walker.warnings.append(f"{kind} part {name} is missing from the package")
                    continue
                start = len(walker.blocks)
                saved, walker.count_pages = walker.count_pages, False
                walker.container(part_root, kind, None)
                walker.count_pages = saved
                # The same header often serves first/odd/even pages: keep one copy of each text.
                fresh = []
                for b in walker.blocks[start:]:
                    if b.text not in seen:
                        seen.add(b.text)
                        fresh.append(b)
                walker.blocks[start:] = fresh

        # The body is walked first so that its tables are numbered 0, 1, ... as in Word's own
        # order; header blocks are then moved in front of it, where a reader sees them.
        walker.container(root.find(_w("body")), "body", None)
        body_end = len(walker.blocks)
        read_parts("header")
        walker.blocks[:] = walker.blocks[body_end:] + walker.blocks[:body_end]
        read_parts("footer")
        app_pages = None if walker.saw_break else _app_pages(pkg)
        body_text = sum(len(b.text) for b in walker.blocks if b.location.part == "body")
        scans = _page_images(pkg, root, rels) if body_text < SCANNED_TEXT_MAX else []
    except (CorruptFile, EncryptedFile, TooLarge, UnsupportedFormat) as e:
        e.path = shown
        raise
    finally:
        pkg.close()
    ocr_pages = 0
    if scans:
        found, ocr_pages, notes = ocr_embedded_images(scans, limits, path=Path(shown))
        walker.blocks.extend(found)
        walker.warnings.extend(notes)
        walker.warnings.append(f"text read by OCR from {ocr_pages} image(s) pasted in the document")
        fmt = f"{fmt}-ocr"

    # Number the blocks in their final order (and drop page numbers no break supports); the
    # same as dataclasses.replace on both, built directly.
    keep_page = walker.saw_break
    blocks = []
    for i, b in enumerate(walker.blocks):
        loc = b.location
        page = loc.page if keep_page or loc.part == "ocr" else None
        loc = Location(page, i, loc.table, loc.row, loc.cell, loc.part)
        blocks.append(Block(b.text, loc, b.fonts, b.bold))
    # Joined after numbering: a block keeps the index of its first paragraph, as Word counts.
    blocks = _join_hard_wraps(blocks)
    pages = max(walker.page if walker.saw_break else app_pages or 1, ocr_pages)
    return Document(path=shown, format=fmt, blocks=blocks, pages=pages, warnings=walker.warnings)
