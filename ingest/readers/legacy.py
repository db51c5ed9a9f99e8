"""Files read through headless LibreOffice: Word 97-2003 (.doc), OpenDocument
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

from ingest.document import Document
from ingest.errors import CorruptFile, EncryptedFile, ResourceLimit, Timeout, ToolMissing
from ingest.readers import cfb
from ingest.readers.base import Limits, find_soffice, over_limit, run_tool
from ingest.readers.docx import check_package, read_docx

MISSING_MESSAGE = (
    "Máy chủ chưa cài LibreOffice nên không đọc được tệp Word 97-2003 (.doc), ODT hoặc RTF; các "
    "tệp DOCX và PDF vẫn đọc bình thường. Đề nghị quản trị viên cài đặt (sudo apt-get install "
    "libreoffice-writer-nogui) hoặc đề nghị đơn vị gửi bản DOCX/PDF."
)
# -- Word 97-2003 -------------------------------------------------------------------------------


def _doc_encrypted(path: Path) -> bool:
    """Tell whether a .doc sets fEncrypted in its FIB (password to open)."""
    _, head = cfb.inspect(path)
    if len(head) < 12:
        return False
    flags = struct.unpack_from("<H", head, 0x0A)[0]
    return bool(flags & 0x0100)


# -- conversion -----------------------------------------------------------------------------------


# LibreOffice's export filter per target: DOCX for the reader, PDF for the page a reviewer sees.
_FILTERS = {"docx": "docx:MS Word 2007 XML", "pdf": "pdf:writer_pdf_Export"}


def convert_to_docx(
    src: Path,
    workdir: Path,
    timeout: float,
    *,
    shown: str,
    kind: str = "doc",
    limits: Limits | None = None,
) -> Path:
    """Convert `src` (a `kind` file: doc | odt | rtf) to DOCX in `workdir` with a private
    LibreOffice profile; return the DOCX."""
    return convert(src, workdir, timeout, shown=shown, kind=kind, target="docx", limits=limits)


def convert(
    src: Path,
    workdir: Path,
    timeout: float,
    *,
    shown: str,
    kind: str,
    target: str,
    limits: Limits | None = None,
) -> Path:
    """Convert `src` (a `kind` file: doc | docx | odt | rtf) to `target` (docx | pdf) in
    `workdir` with a private LibreOffice profile; return the converted file."""
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
        _FILTERS[target],
        "--outdir",
        str(outdir),
        str(staged),
    ]
    env = {**os.environ, "HOME": str(workdir)}
    try:
        done = run_tool(cmd, timeout=timeout, env=env, limits=limits)
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
    result = outdir / f"input.{target}"
    if done.returncode != 0 or not result.exists():
        message = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
        if limit := over_limit(done.returncode):
            raise ResourceLimit(
                f"LibreOffice went over its {limit} limit converting the .{kind} "
                f"(exit {done.returncode}): {message}",
                path=shown,
            )
        raise CorruptFile(
            f"LibreOffice could not convert the .{kind} to {target} "
            f"(exit {done.returncode}): {message}",
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
        docx_path = convert_to_docx(
            p, workdir, limits.convert_timeout_s, shown=str(p), kind=kind, limits=limits
        )
        return read_docx(docx_path, limits, fmt=kind, source=str(p))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
