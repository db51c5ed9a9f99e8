"""The accepted formats as data: one `Format` row per format, and detection by content.

Everything that names the accepted formats derives from `FORMATS`: detection, the readers'
dispatch, the file names a folder walk or the uploader takes, and the Vietnamese lists shown to
users (`accepted_formats_vi`, `unsupported_message`). A file given by name is read by its content
whatever it is called; its name only matters when a folder is walked or a file is uploaded.

A ZIP is a format of its own when its contents say so: a Word or OpenDocument package by its member
names, the phone photos of one report's pages (every file an image) by its members' first bytes.
Any other ZIP is an archive of separate files (ingest.archive opens it).
"""

from __future__ import annotations

import importlib
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.document import Document
from ingest.errors import CorruptFile, EmptyFile, EncryptedFile, UnsupportedFormat
from ingest.readers import cfb
from ingest.readers.base import Limits, page_members

UTF8_BOM = b"\xef\xbb\xbf"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")  # local header, empty, spanned
# Containers whose contents decide the format: ZIP packages by their member names, OLE2 compound
# files by their stream names.
CONTAINERS = {"zip": ZIP_MAGICS, "cfb": (cfb.MAGIC,)}


@dataclass(frozen=True)
class Format:
    """One accepted format.

    name: Document.format and detect_format()'s answer.
    suffixes: file names a folder walk or the uploader takes as this format (first: the usual).
    label: the Vietnamese name shown to users.
    reader: "module:function" in ingest.readers, imported on first use (pypdfium2, lxml and PIL
        load only when a file of theirs is read); called as reader(path, limits).
    magic: leading bytes that identify it; `search` > 0: found anywhere in the first `search`
        bytes instead; `text`: a UTF-8 byte-order mark may come first.
    container: "zip" or "cfb" when the container's `members` decide: every name must be
        present (a name ending in "/" is a folder), and `mimetype` the package's mimetype entry.
    pages: instead of `members`, the format every file of the ZIP has (junk and hidden files
        aside, ``base.page_members``): one document, a page per file in the natural order of
        the names. It has no suffix of its own: users know it as a ZIP (ARCHIVE_LABEL).
    converts_to: the format LibreOffice converts it to before reading; its reader is also told
        which format it converts from: reader(path, limits, name).
    tool: the optional system tool it needs, as tool_status() names it.
    """

    name: str
    suffixes: tuple[str, ...]
    label: str
    reader: str
    magic: tuple[bytes, ...] = ()
    search: int = 0
    text: bool = False
    container: str | None = None
    members: tuple[str, ...] = ()
    mimetype: str | None = None
    pages: str | None = None
    converts_to: str | None = None
    tool: str | None = None

    def matches(self, head: bytes) -> bool:
        """Tell whether a file starting with `head` has this format's magic bytes."""
        if self.text:
            head = head.lstrip(UTF8_BOM)
        if self.search:
            return any(m in head[: self.search] for m in self.magic)
        return bool(self.magic) and head.startswith(self.magic)

    def holds(self, names: set[str] | dict, mimetype: str = "") -> bool:
        """Tell whether a container with these member/stream names is this format."""
        if self.mimetype is not None and mimetype != self.mimetype:
            return False
        return all(
            any(n.startswith(m) for n in names) if m.endswith("/") else m in names
            for m in self.members
        )

    def load_reader(self) -> Callable[..., Document]:
        """Return the reader function, importing its module."""
        module, function = self.reader.split(":")
        return getattr(importlib.import_module(f"ingest.readers.{module}"), function)


FORMATS: tuple[Format, ...] = (
    Format(
        "docx",
        (".docx",),
        "DOCX",
        "docx:read_docx",
        container="zip",
        members=("[Content_Types].xml", "word/"),
    ),
    Format(
        "doc",
        (".doc",),
        "DOC",
        "legacy:read_converted",
        container="cfb",
        members=("WordDocument",),
        converts_to="docx",
        tool="soffice",
    ),
    Format(
        "odt",
        (".odt",),
        "ODT",
        "legacy:read_converted",
        container="zip",
        members=("content.xml",),
        mimetype="application/vnd.oasis.opendocument.text",
        converts_to="docx",
        tool="soffice",
    ),
    Format(
        "rtf",
        (".rtf",),
        "RTF",
        "legacy:read_converted",
        magic=(b"{\\rtf",),
        text=True,
        converts_to="docx",
        tool="soffice",
    ),
    # %PDF- may follow a little junk (some scanners prepend a few bytes); PDF readers allow 1 KiB.
    Format("pdf", (".pdf",), "PDF", "pdf:read_checked_pdf", magic=(b"%PDF-",), search=1024),
    Format(
        "image",
        (".png", ".jpg", ".jpeg", ".tif", ".tiff"),
        "ảnh quét",
        "ocr:read_image",
        magic=(b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"),
        tool="tesseract",
    ),
    # Phone photos of one report's pages sent as a ZIP ("IMG_…_1.jpg", "trang 2.jpg", …).
    Format(
        "photos",
        (),
        "ảnh chụp các trang (tệp ZIP)",
        "ocr:read_photos",
        container="zip",
        pages="image",
        tool="tesseract",
    ),
)
BY_NAME = {f.name: f for f in FORMATS}
# File names of the documents a folder walk or the uploader takes, in FORMATS order.
SUFFIXES = tuple(s for f in FORMATS for s in f.suffixes)
# Archives of such documents (ingest.archive opens them); the label is what users are told.
ARCHIVE_SUFFIXES = (".zip",)
ARCHIVE_LABEL = "tệp nén ZIP chứa các tệp đó"
ACCEPTED_SUFFIXES = SUFFIXES + ARCHIVE_SUFFIXES
# For English log details: "DOCX/DOC/ODT/RTF/PDF/IMAGE".
_FORMAT_NAMES = "/".join(f.name.upper() for f in FORMATS)


def accepted_formats_vi(*, suffixes: bool = False, archives: bool = False) -> str:
    """Return the accepted formats in Vietnamese for users, in FORMATS order.

    By label: "DOCX, DOC, ODT, RTF, PDF hoặc ảnh quét" (with archives: "…, ảnh quét hoặc tệp nén
    ZIP chứa các tệp đó"); with suffixes, a format of one suffix shows it: ".docx, .doc, .odt,
    .rtf, .pdf, ảnh quét, .zip". A format without a suffix of its own (the photos of a report's
    pages, a ZIP of the images listed) is not named apart.
    """
    items = [
        f.suffixes[0] if suffixes and len(f.suffixes) == 1 else f.label
        for f in FORMATS
        if f.suffixes
    ]
    if archives:
        items += list(ARCHIVE_SUFFIXES) if suffixes else [ARCHIVE_LABEL]
    if suffixes:
        return ", ".join(items)
    return f"{', '.join(items[:-1])} hoặc {items[-1]}"


def upload_types() -> list[str]:
    """Return the extensions (without dot) the upload widget accepts, archives included."""
    return [s.lstrip(".") for s in ACCEPTED_SUFFIXES]


def unsupported_message() -> str:
    """Return the Vietnamese message for a file whose content is no accepted format."""
    return (
        f"Tệp không phải {accepted_formats_vi()} (đã kiểm tra theo nội dung, không theo đuôi "
        "tệp). Đề nghị đơn vị gửi lại đúng định dạng."
    )


def _unsupported(detail: str, path: Path) -> UnsupportedFormat:
    return UnsupportedFormat(detail, path=str(path), user_message=unsupported_message())


# -- detection ------------------------------------------------------------------------------------

_HTML_RE = re.compile(
    rb"^\s*(<!doctype html|<html|<head|<body|<\?xml|<meta|<table|<div|<p\b)", re.I
)


def _head(path: Path, n: int = 2048) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def _describe_unknown(head: bytes) -> str:
    """Name what a rejected file looks like, for the log."""
    stripped = head.lstrip(UTF8_BOM)
    if _HTML_RE.match(stripped):
        return "an HTML/XML document (often a web page saved with a .doc/.docx name)"
    if head.startswith(b"GIF8"):
        return "a GIF image"
    if head.startswith(b"Rar!"):
        return "a RAR archive"
    if head.startswith(b"7z\xbc\xaf"):
        return "a 7-Zip archive"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip archive"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return f"unknown binary data (first bytes {head[:8].hex(' ')})"
    if all(c.isprintable() or c in "\r\n\t" for c in text[:512]):
        return "plain text"
    return f"unknown data (first bytes {head[:8].hex(' ')})"


def _in_container(container: str, names: set[str] | dict, mimetype: str = "") -> str | None:
    return next(
        (
            f.name
            for f in FORMATS
            if f.container == container and f.pages is None and f.holds(names, mimetype)
        ),
        None,
    )


def _member_is(zf: zipfile.ZipFile, info: zipfile.ZipInfo, fmt: Format) -> bool:
    """Tell whether a ZIP member starts with `fmt`'s magic bytes (an encrypted one never does)."""
    if info.flag_bits & 0x1:
        return False
    try:
        with zf.open(info) as fh:
            head = fh.read(64)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error):
        return False
    return fmt.matches(head)


def pages_kind(zf: zipfile.ZipFile) -> str | None:
    """Return the format of a ZIP every file of which is a page of one format, else None.

    ingest.archive passes such a ZIP whole (one document), never as separate members.
    """
    files = page_members(zf)
    if not files:
        return None
    for fmt in FORMATS:
        if fmt.container == "zip" and fmt.pages is not None:
            page = BY_NAME[fmt.pages]
            if all(_member_is(zf, info, page) for _, info in files):
                return fmt.name
    return None


def _names_and_mimetype(zf: zipfile.ZipFile) -> tuple[set[str], str]:
    names = set(zf.namelist())
    mimetype = ""
    if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
        mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
    return names, mimetype


def _zip_kind(path: Path) -> str:
    """Return the format of a ZIP package (DOCX, ODT, photos), else raise with what it holds."""
    try:
        with zipfile.ZipFile(path) as zf:
            names, mimetype = _names_and_mimetype(zf)
            kind = _in_container("zip", names, mimetype) or pages_kind(zf)
    except zipfile.BadZipFile as e:
        raise CorruptFile(
            f"ZIP container is damaged or truncated ({e}); a DOCX is a ZIP package",
            path=str(path),
        ) from e
    if kind:
        return kind
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        what = "an Excel workbook (XLSX)"
    elif "[Content_Types].xml" in names and any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint presentation (PPTX)"
    elif mimetype.startswith("application/vnd.oasis.opendocument"):
        what = f"an OpenDocument file ({mimetype})"
    else:
        what = (
            f"a ZIP archive of {len(names)} entries that is not a Word document "
            "(nor photos of pages only)"
        )
    raise _unsupported(f"file is {what}, not one of {_FORMAT_NAMES}", path)


def _cfb_kind(path: Path) -> str:
    """Return the format of an OLE2 compound file (Word 97-2003), else raise with what it is."""
    names, _ = cfb.inspect(path)
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise EncryptedFile(
            "file is a password-encrypted Office document (OLE2 EncryptedPackage)", path=str(path)
        )
    kind = _in_container("cfb", names)
    if kind:
        return kind
    if "Workbook" in names or "Book" in names:
        what = "an Excel 97-2003 workbook (.xls)"
    elif "PowerPoint Document" in names:
        what = "a PowerPoint 97-2003 presentation (.ppt)"
    elif "__properties_version1.0" in names:
        what = "an Outlook message (.msg)"
    else:
        what = "an OLE2 compound file without a Word document stream"
    raise _unsupported(f"file is {what}, not one of {_FORMAT_NAMES}", path)


_CONTAINER_KINDS = {"zip": _zip_kind, "cfb": _cfb_kind}


def detect_format(path: str | Path) -> str:
    """Return the name of the file's format in FORMATS from its bytes, never from its name."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError as e:
        raise EmptyFile(
            f"file does not exist: {p}",
            path=str(p),
            user_message="Không tìm thấy tệp (có thể đã bị xoá hoặc di chuyển). "
            "Vui lòng tải lên lại.",
        ) from e
    if size == 0:
        raise EmptyFile("file is 0 bytes", path=str(p))
    head = _head(p)
    if not head.strip(b" \t\r\n\x00"):
        raise EmptyFile(f"file holds only whitespace or NUL bytes ({size} bytes)", path=str(p))
    # A searched magic first: it may sit behind bytes that look like another format's start.
    for fmt in sorted(FORMATS, key=lambda f: not f.search):
        if fmt.matches(head):
            return fmt.name
    for container, magics in CONTAINERS.items():
        if head.startswith(magics):
            return _CONTAINER_KINDS[container](p)
    raise _unsupported(f"file content is {_describe_unknown(head)}, not one of {_FORMAT_NAMES}", p)


def read_format(path: Path, limits: Limits, kind: str) -> Document:
    """Read a file of the detected format `kind` with its reader (not yet normalised)."""
    fmt = BY_NAME[kind]
    reader = fmt.load_reader()
    return reader(path, limits, fmt.name) if fmt.converts_to else reader(path, limits)
