"""ZIP archives of received reports (a mail client's "download all attachments"): their members,
read one at a time within the readers' limits (declared sizes, checked by zipfile's CRC).

A ZIP that is itself a document package (DOCX, ODT, XLSX...) is not an archive here. Problems of
one member (too large, encrypted, unreadable) are reported for that member and the others are
still read; problems of the archive (damaged, too many members, too much data) refuse it whole.
Archives inside the archive are not opened: they are passed on as members and refused there.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import CorruptFile, EncryptedFile, ReportsError, TooLarge
from ingest.readers import Limits

log = logging.getLogger(__name__)

MAX_MEMBERS = 500
_ZIP_MAGIC = b"PK\x03\x04"
_PACKAGE_MARKERS = ("[Content_Types].xml", "mimetype")  # OOXML and OpenDocument packages
_JUNK_NAMES = (".ds_store", "thumbs.db", "desktop.ini")


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
    """Return True for a readable ZIP that is not itself a document package."""
    zf = _open(data)
    if zf is None:
        return False
    with zf:
        names = set(zf.namelist())
    return not any(marker in names for marker in _PACKAGE_MARKERS)


def member_name(info: zipfile.ZipInfo) -> str:
    """Return a member's path as written: UTF-8 when flagged or valid, else Windows Vietnamese.

    Without the UTF-8 flag Python reads names as CP437; archivers on Vietnamese Windows write
    CP1258 and many others UTF-8 without setting the flag.
    """
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", errors="replace")
        for encoding in ("utf-8", "cp1258"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return unicodedata.normalize("NFC", name)


def _junk(name: str) -> bool:
    lowered = name.lower()
    base = lowered.rsplit("/", 1)[-1]
    return lowered.startswith("__macosx/") or base in _JUNK_NAMES or base.startswith("~$")


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
        files = [i for i in zf.infolist() if not i.is_dir() and not _junk(member_name(i))]
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


@dataclass(frozen=True)
class Unpacked:
    """One input of a batch after archives are opened: a file on disk, or why it has none.

    ``shown`` names it for people: the path as given, or "archive.zip/member/path".
    """

    shown: str
    path: str | None = None
    error: ReportsError | None = None


def unpack(
    paths: list[str | Path], into: str | Path, limits: Limits | None = None
) -> list[Unpacked]:
    """Replace every ZIP archive among ``paths`` by its members, written under ``into``.

    Members keep the archive's order and are written as numbered files under their base name
    only (a member's path may hold "../"); the readers go by content, not by name. A refused archive
    becomes one entry with its error; a bad member becomes an entry of its own.
    """
    limits = Limits.from_env() if limits is None else limits
    out: list[Unpacked] = []
    folder = Path(into)
    for p in map(Path, paths):
        data = _read_if_archive(p, limits)
        if data is None:
            out.append(Unpacked(str(p), path=str(p)))
            continue
        try:
            for member in members(str(p), data, limits):
                shown = f"{p}/{member.name}"
                if member.error is not None:
                    out.append(Unpacked(shown, error=member.error))
                    continue
                target = folder / f"{len(out):05d}-{_safe_base(member.name)}"
                target.write_bytes(member.data or b"")
                out.append(Unpacked(shown, path=str(target)))
        except ReportsError as e:
            out.append(Unpacked(str(p), error=e))
    return out


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
