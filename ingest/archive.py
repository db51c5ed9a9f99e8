"""ZIP archives of received reports (a mail client's "download all attachments"): their members,
read one at a time within the readers' limits (declared sizes, checked by zipfile's CRC).

A ZIP that is itself a document package (DOCX, ODT, XLSX...) is not an archive here, nor is a
ZIP of images only: the photos of one report's pages, read as one document. Problems of one
member (too large, encrypted, unreadable) are reported for that member and the others are still
read; problems of the archive (damaged, too many members, too much data) refuse it whole.
Archives inside the archive are not opened: they are passed on as members and refused there.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import CorruptFile, EncryptedFile, ReportsError, TooLarge
from ingest.readers import Limits
from ingest.readers.base import junk_member, member_name
from ingest.readers.formats import BY_NAME, pages_kind

log = logging.getLogger(__name__)

MAX_MEMBERS = 500
# A loose photo named as one page of a set: "bao-cao-1.jpg", "x_trang2.png", "Trang 3.jpg",
# "scan page_04.tif": a name with a letter, then a page number of at most three digits (a camera's
# "IMG_20261205_0931" is a time, not a page, and is never grouped by its name).
_PAGE_NAME_RE = re.compile(
    r"^(?P<stem>.*?[^\W\d_].*?)[\s._-]*(?:trang|page|tr|p)?[\s._-]*(?<!\d)(?P<n>\d{1,3})$", re.I
)
# Members of a ZIP made from loose photos keep no time of their own: the same photos give the same
# bytes, so a set sent twice is a duplicate (sha256).
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_ZIP_MAGIC = b"PK\x03\x04"
_PACKAGE_MARKERS = ("[Content_Types].xml", "mimetype")  # OOXML and OpenDocument packages


@dataclass(frozen=True)
class Member:
    """One file of an archive: its path inside the archive and its bytes, or why it was skipped."""

    name: str
    data: bytes | None = None
    error: ReportsError | None = None


def _open(data: bytes) -> zipfile.ZipFile | None:
    if not data.startswith(_ZIP_MAGIC):
        return None
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return None


def is_archive(data: bytes) -> bool:
    """Return True for a readable ZIP that is not itself a document package.

    Photos of one report's pages (a ZIP of images only) are one document, not an archive.
    """
    zf = _open(data)
    if zf is None:
        return False
    with zf:
        names = set(zf.namelist())
        if any(marker in names for marker in _PACKAGE_MARKERS):
            return False
        return pages_kind(zf) is None


def members(archive: str, data: bytes, limits: Limits | None = None) -> Iterator[Member]:
    """Yield the files of a ZIP archive in the archive's order, each read within the limits.

    Raises CorruptFile (damaged archive) or TooLarge (over MAX_MEMBERS files, or more than
    limits.max_unzipped_bytes declared in all) before yielding anything.
    """
    limits = Limits.from_env() if limits is None else limits
    zf = _open(data)
    if zf is None:
        raise CorruptFile(f"{archive}: not a readable ZIP archive", path=archive)
    with zf:
        files = [i for i in zf.infolist() if not i.is_dir() and not junk_member(member_name(i))]
        if len(files) > MAX_MEMBERS:
            raise TooLarge(
                f"{archive}: {len(files)} files in the archive, over {MAX_MEMBERS}",
                path=archive,
                user_message=(
                    f"Tệp nén “{archive}” có {len(files)} tệp, vượt giới hạn {MAX_MEMBERS} tệp "
                    "một lần. Vui lòng chia thành nhiều tệp nén nhỏ hơn."
                ),
            )
        declared = sum(i.file_size for i in files)
        if declared > limits.max_unzipped_bytes:
            raise TooLarge(
                f"{archive}: members declare {declared:,} bytes, over "
                f"{limits.max_unzipped_bytes:,}",
                path=archive,
            )
        for info in files:
            name = member_name(info)
            where = f"{archive}: {name}"
            if info.flag_bits & 0x1:
                yield Member(name, error=EncryptedFile(f"{where} is encrypted", path=name))
                continue
            if info.file_size > limits.max_file_bytes:
                too_big = TooLarge(f"{where} declares {info.file_size:,} bytes", path=name)
                yield Member(name, error=too_big)
                continue
            # zipfile reads no more than the declared size and checks the CRC: a header that
            # lies about the size gives a bad CRC, never more data.
            try:
                with zf.open(info) as fh:
                    blob = fh.read()
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as e:
                log.warning("%s unreadable: %s", where, e)
                yield Member(name, error=CorruptFile(f"{where}: {e}", path=name))
                continue
            yield Member(name, data=blob)


def is_image(data: bytes) -> bool:
    """Tell whether bytes start like an image the OCR reader takes (PNG, JPEG, TIFF)."""
    return BY_NAME["image"].matches(data[:64])


def page_sets(names: list[str | None]) -> dict[int, list[int]]:
    """Return which photos of a batch are the pages of one document, by position in ``names``.

    ``names`` are the batch's file names, None for a file that is no photo. Photos selected
    together whose names share a stem (and folder) before a page number ("bao-cao-1.jpg",
    "bao-cao-2.jpg"; "x_trang1.png", "x_trang2.png") are one document of two pages or more, their
    numbers all different. Each set is keyed by the position of its first page and lists the
    positions of its pages in page order; a photo in no set is a document of its own.
    """
    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for k, name in enumerate(names):
        if name is None:
            continue
        folder, _, base = name.replace("\\", "/").rpartition("/")
        m = _PAGE_NAME_RE.match(base.rsplit(".", 1)[0] if "." in base else base)
        if m:
            stem = unicodedata.normalize("NFC", m.group("stem")).casefold()
            found.setdefault((folder, stem), []).append((int(m.group("n")), k))
    sets = {}
    for pages in found.values():
        numbers = [n for n, _ in pages]
        if len(pages) > 1 and len(set(numbers)) == len(numbers):
            ordered = [k for _, k in sorted(pages)]
            sets[ordered[0]] = ordered
    return sets


def pack_pages(pages: list[tuple[str, bytes]]) -> bytes:
    """Return one ZIP of page photos, in the given order, that the readers take as one document.

    Members are named "001-<base name>", … so that their natural order is the page order.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for k, (name, data) in enumerate(pages, start=1):
            zf.writestr(zipfile.ZipInfo(f"{k:03d}-{_safe_base(name)}", _FIXED_TIME), data)
    return buf.getvalue()


@dataclass(frozen=True)
class Unpacked:
    """One input of a batch after archives are opened: a file on disk, or why it has none.

    ``shown`` names it for people: the path as given, "archive.zip/member/path", or the first
    page of loose photos read as one document (``pages`` then names them all, in order).
    ``archive``: the path of the ZIP a member came from (None for anything else).
    """

    shown: str
    path: str | None = None
    error: ReportsError | None = None
    pages: tuple[str, ...] = ()
    archive: str | None = None


def unpack(
    paths: list[str | Path], into: str | Path, limits: Limits | None = None
) -> list[Unpacked]:
    """Replace every ZIP archive among ``paths`` by its members, written under ``into``.

    Members keep the archive's order and are written as numbered files under their base name
    only (a member's path may hold "../"); the readers go by content, not by name. A refused archive
    becomes one entry with its error; a bad member becomes an entry of its own. A ZIP of photos
    only is one document and stays whole; loose photos that are pages of one document
    (``page_sets``) become one ZIP under ``into``, in the place of their first page.
    """
    limits = Limits.from_env() if limits is None else limits
    out: list[Unpacked] = []
    folder = Path(into)
    paths = [Path(p) for p in paths]
    sets = page_sets([str(p) if _is_image_file(p) else None for p in paths])
    grouped = {k for pages in sets.values() for k in pages}
    for k, p in enumerate(paths):
        if k in sets:
            pages = [paths[j] for j in sets[k]]
            out.append(_packed(pages, folder / f"{len(out):05d}-{_safe_base(p.name)}.zip"))
            continue
        if k in grouped:
            continue
        data = _read_if_archive(p, limits)
        if data is None:
            out.append(Unpacked(str(p), path=str(p)))
            continue
        try:
            for member in members(str(p), data, limits):
                shown = f"{p}/{member.name}"
                if member.error is not None:
                    out.append(Unpacked(shown, error=member.error, archive=str(p)))
                    continue
                target = folder / f"{len(out):05d}-{_safe_base(member.name)}"
                target.write_bytes(member.data or b"")
                out.append(Unpacked(shown, path=str(target), archive=str(p)))
        except ReportsError as e:
            out.append(Unpacked(str(p), error=e))
    return out


def _is_image_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return is_image(fh.read(64))
    except OSError:
        return False


def _packed(pages: list[Path], target: Path) -> Unpacked:
    """Write loose page photos as one ZIP at ``target``; the input is named after the first."""
    shown = tuple(map(str, pages))
    try:
        target.write_bytes(pack_pages([(p.name, p.read_bytes()) for p in pages]))
    except OSError as e:
        return Unpacked(shown[0], error=CorruptFile(f"{shown[0]}: {e}", path=shown[0]), pages=shown)
    log.info("%d photos read as the pages of one document: %s", len(pages), ", ".join(shown))
    return Unpacked(shown[0], path=str(target), pages=shown)


def _read_if_archive(path: Path, limits: Limits) -> bytes | None:
    """Return a file's bytes when it is a ZIP archive (not a document package), else None.

    A file over the size limit is left to the readers, which refuse it.
    """
    try:
        if path.stat().st_size > limits.max_file_bytes:
            return None
        with path.open("rb") as fh:
            if fh.read(4) != _ZIP_MAGIC:
                return None
            fh.seek(0)
            data = fh.read()
    except OSError:
        return None  # the reader says what is wrong with it
    return data if is_archive(data) else None


def _safe_base(name: str) -> str:
    """Return a member's base name fit for a file name (log lines show it): no separators,
    control characters or leading dots, at most 80 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c if c.isprintable() else "_" for c in base).lstrip(".")
    return base[-80:] or "member"
