"""Files read through headless LibreOffice: Word 97-2003 (.doc, OLE2/CFB sniffing), OpenDocument
text (.odt) and RTF, converted to DOCX.

Each conversion runs soffice in its own process group with a private profile
(-env:UserInstallation), so parallel conversions do not fight over one profile, and a timeout
kills the whole group (soffice is a launcher script around soffice.bin). Temporary folders are
always removed. The converted DOCX is read by the DOCX reader.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import BinaryIO

from ingest.document import Document
from ingest.errors import CorruptFile, EncryptedFile, Timeout, ToolMissing, UnsupportedFormat
from ingest.readers.base import Limits, find_soffice, run_tool

MISSING_MESSAGE = (
    "Máy chủ chưa cài LibreOffice nên không đọc được tệp Word 97-2003 (.doc), ODT hoặc RTF; các "
    "tệp DOCX và PDF vẫn đọc bình thường. Đề nghị quản trị viên cài đặt (sudo apt-get install "
    "libreoffice-writer-nogui) hoặc đề nghị đơn vị gửi bản DOCX/PDF."
)
_FREE = 0xFFFFFFFF
_END_OF_CHAIN = 0xFFFFFFFE


# -- OLE2 compound file (CFB) -------------------------------------------------------------------


class _Cfb:
    """Just enough of [MS-CFB] to list stream names and read the start of a stream."""

    def __init__(self, fh: BinaryIO, size: int, path: Path):
        self.fh, self.size, self.path = fh, size, path
        header = self._read(0, 512)
        if len(header) < 512:
            self._corrupt("header shorter than 512 bytes")
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            self._corrupt(f"sector shift {shift} is neither 9 nor 12")
        self.sector = 1 << shift
        n_fat = struct.unpack_from("<I", header, 0x2C)[0]
        self.dir_start = struct.unpack_from("<I", header, 0x30)[0]
        difat_next, n_difat = struct.unpack_from("<II", header, 0x44)
        max_sectors = size // self.sector + 1
        if n_fat > max_sectors:
            self._corrupt(f"{n_fat} FAT sectors declared in a {size:,}-byte file")
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < _END_OF_CHAIN]
        per = self.sector // 4 - 1
        for _ in range(min(n_difat, max_sectors)):
            if difat_next >= _END_OF_CHAIN:
                break
            data = self._sector(difat_next)
            entries = struct.unpack_from(f"<{per + 1}I", data)
            fat_sectors.extend(s for s in entries[:per] if s < _END_OF_CHAIN)
            difat_next = entries[per]
        fat: list[int] = []
        for s in fat_sectors[:n_fat]:
            fat.extend(struct.unpack(f"<{self.sector // 4}I", self._sector(s)))
        self.fat = fat

    def _corrupt(self, why: str) -> None:
        raise CorruptFile(f"OLE2 compound file is damaged: {why}", path=str(self.path))

    def _read(self, offset: int, n: int) -> bytes:
        self.fh.seek(offset)
        return self.fh.read(n)

    def _sector(self, n: int) -> bytes:
        data = self._read((n + 1) * self.sector, self.sector)
        if len(data) < self.sector:
            self._corrupt(f"sector {n} lies beyond the end of the file")
        return data

    def _chain(self, start: int, limit: int) -> list[int]:
        chain: list[int] = []
        s = start
        while s < _END_OF_CHAIN and len(chain) < limit:
            if s >= len(self.fat):
                self._corrupt(f"sector chain points to sector {s} outside the FAT")
            chain.append(s)
            s = self.fat[s]
        return chain

    def entries(self) -> dict[str, tuple[int, int]]:
        """Return stream/storage name -> (start sector, size)."""
        out: dict[str, tuple[int, int]] = {}
        for s in self._chain(self.dir_start, limit=4096):
            data = self._sector(s)
            for off in range(0, self.sector, 128):
                name_len = struct.unpack_from("<H", data, off + 0x40)[0]
                kind = data[off + 0x42]
                if kind == 0 or not 2 <= name_len <= 64:
                    continue
                name = data[off : off + name_len - 2].decode("utf-16-le", "replace")
                start = struct.unpack_from("<I", data, off + 0x74)[0]
                size = struct.unpack_from("<Q", data, off + 0x78)[0]
                out[name] = (start, size)
        return out

    def stream_head(self, start: int, n: int) -> bytes:
        """Read the first `n` bytes of a stream stored in regular sectors (>= 4096 bytes)."""
        chunks = [self._sector(s) for s in self._chain(start, limit=n // self.sector + 1)]
        return b"".join(chunks)[:n]


def _inspect(path: Path) -> tuple[dict[str, tuple[int, int]], bytes]:
    size = path.stat().st_size
    with path.open("rb") as fh:
        cfb = _Cfb(fh, size, path)
        names = cfb.entries()
        head = b""
        if "WordDocument" in names:
            start, length = names["WordDocument"]
            if length >= 4096:  # smaller streams live in the mini stream; Word's never do
                head = cfb.stream_head(start, 64)
    return names, head


def cfb_kind(path: str | Path) -> str:
    """Classify an OLE2 file: "doc" for Word 97-2003, else raise with what it is."""
    p = Path(path)
    names, _ = _inspect(p)
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise EncryptedFile(
            "file is a password-encrypted Office document (OLE2 EncryptedPackage)", path=str(p)
        )
    if "WordDocument" in names:
        return "doc"
    if "Workbook" in names or "Book" in names:
        what = "an Excel 97-2003 workbook (.xls)"
    elif "PowerPoint Document" in names:
        what = "a PowerPoint 97-2003 presentation (.ppt)"
    elif "__properties_version1.0" in names:
        what = "an Outlook message (.msg)"
    else:
        what = "an OLE2 compound file without a Word document stream"
    raise UnsupportedFormat(f"file is {what}, not DOCX/DOC/PDF", path=str(p))


def _doc_encrypted(path: Path) -> bool:
    """Tell whether a .doc sets fEncrypted in its FIB (password to open)."""
    _, head = _inspect(path)
    if len(head) < 12:
        return False
    flags = struct.unpack_from("<H", head, 0x0A)[0]
    return bool(flags & 0x0100)


# -- conversion -----------------------------------------------------------------------------------


def convert_to_docx(
    src: Path, workdir: Path, timeout: float, *, shown: str, kind: str = "doc"
) -> Path:
    """Convert `src` (a `kind` file: doc | odt | rtf) to DOCX in `workdir` with a private
    LibreOffice profile; return the DOCX."""
    exe = find_soffice()
    if not exe:
        raise ToolMissing(
            f"LibreOffice (soffice) not found; cannot convert a .{kind} file",
            path=shown,
            user_message=MISSING_MESSAGE,
        )
    # A copy with a plain name: the output is named after the input, whatever it was called.
    staged = workdir / f"input.{kind}"
    shutil.copyfile(src, staged)
    outdir = workdir / "out"
    outdir.mkdir()
    profile = Path(tempfile.gettempdir()) / f"lo-{uuid.uuid4().hex}"
    cmd = [
        exe,
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        "--nodefault",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outdir),
        str(staged),
    ]
    env = {**os.environ, "HOME": str(workdir)}
    try:
        done = run_tool(cmd, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        raise Timeout(
            f"LibreOffice conversion took longer than {timeout:.0f} s; process group killed",
            path=shown,
        ) from e
    except OSError as e:
        raise ToolMissing(
            f"LibreOffice cannot be started ({e})", path=shown, user_message=MISSING_MESSAGE
        ) from e
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    result = outdir / "input.docx"
    if done.returncode != 0 or not result.exists():
        message = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
        raise CorruptFile(
            f"LibreOffice could not convert the .{kind} (exit {done.returncode}): {message}",
            path=shown,
        )
    return result


def _odt_encrypted(path: Path) -> bool:
    """Tell whether an OpenDocument package encrypts its parts (a password to open)."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("META-INF/manifest.xml")
            if info.file_size > 4 * 2**20:
                return False
            return b"encryption-data" in zf.read(info)
    except (KeyError, zipfile.BadZipFile):
        return False


def read_converted(path: str | Path, limits: Limits, kind: str = "doc") -> Document:
    """Read a .doc, .odt or .rtf file by converting it to DOCX (Document.format is ``kind``)."""
    from ingest.readers.docx import check_package, read_docx

    p = Path(path)
    if kind == "doc" and _doc_encrypted(p):
        raise EncryptedFile(
            "Word 97-2003 document is password-protected (FIB fEncrypted set)", path=str(p)
        )
    if kind == "odt":
        check_package(p, limits)  # a zip bomb never reaches LibreOffice
    if kind == "odt" and _odt_encrypted(p):
        raise EncryptedFile(
            "OpenDocument package is encrypted (manifest encryption-data)", path=str(p)
        )
    workdir = Path(tempfile.mkdtemp(prefix=f"reports-{kind}-"))
    try:
        docx_path = convert_to_docx(p, workdir, limits.convert_timeout_s, shown=str(p), kind=kind)
        return read_docx(docx_path, limits, fmt=kind, source=str(p))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
