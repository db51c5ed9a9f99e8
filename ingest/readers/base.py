"""What every reader shares: resource limits, running external tools, finding those tools.

Reader modules import this module, never the package, so that the package can import them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import signal
import subprocess
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

_ENV_PREFIX = "REPORTS_READER_"


@dataclass(frozen=True)
class Limits:
    """Resource limits for reading one file; `from_env()` applies REPORTS_READER_* overrides."""

    max_file_bytes: int = 50 * 2**20
    max_pages: int = 300  # PDF pages read
    max_pdf_chars: int = 1_000_000  # PDF text-layer glyphs in all (a 20-page report: ~60,000)
    max_unzipped_bytes: int = 200 * 2**20  # DOCX: sum of declared uncompressed sizes
    max_zip_ratio: float = 200.0  # per entry uncompressed/compressed
    # DOCX: declared size of the XML parts, which lxml/python-docx parse whole (~25 bytes of memory
    # per byte). A 100-page report is a few MB; media files are not counted.
    max_docx_xml_bytes: int = 16 * 2**20
    ocr_max_pages: int = 30
    ocr_page_timeout_s: float = 60
    ocr_total_timeout_s: float = 300
    convert_timeout_s: float = 120  # LibreOffice
    # PDF: inflated size of one compressed non-image stream (page content, object stream).
    # PDFium parses a page's whole content when loading it (~14 bytes of memory per byte).
    max_pdf_stream_bytes: int = 16 * 2**20
    # PDF image size declared in its dictionary: PDFium decodes a whole image to render it.
    max_image_pixels: int = 180_000_000  # about Pillow's decompression-bomb error threshold

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Return the defaults overridden by REPORTS_READER_MAX_PAGES=... style variables."""
        environ = os.environ if environ is None else environ
        values: dict[str, int | float] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(_ENV_PREFIX + f.name.upper())
            if raw is None or not raw.strip():
                continue
            caster = int if f.type in (int, "int") else float
            try:
                values[f.name] = caster(raw)
            except ValueError as e:
                raise ValueError(f"{_ENV_PREFIX}{f.name.upper()}={raw!r} is not a number") from e
        return cls(**values)


# -- files inside a ZIP ---------------------------------------------------------------------------

# Operating-system droppings in archives; never documents or pages.
JUNK_MEMBER_NAMES = (".ds_store", "thumbs.db", "desktop.ini")
_NUMBER_RE = re.compile(r"(\d+)")


def member_name(info: zipfile.ZipInfo) -> str:
    """Return a ZIP member's path as written: UTF-8 when flagged or valid, else Windows Vietnamese.

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


def junk_member(name: str) -> bool:
    """Tell whether a member is an archiver's or an OS's dropping (__MACOSX/, Thumbs.db, ~$…)."""
    lowered = name.lower()
    base = lowered.rsplit("/", 1)[-1]
    return lowered.startswith("__macosx/") or base in JUNK_MEMBER_NAMES or base.startswith("~$")


def natural_key(name: str) -> tuple:
    """Return a sort key that orders numbers by value: "anh-2.jpg" before "anh-10.jpg"."""
    parts = _NUMBER_RE.split(unicodedata.normalize("NFC", name).casefold())
    return tuple((1, int(p), p) if k % 2 else (0, 0, p) for k, p in enumerate(parts))


def page_members(zf: zipfile.ZipFile) -> list[tuple[str, zipfile.ZipInfo]]:
    """Return a ZIP's files that can be pages, as (name, info) in the natural order of their names.

    Folders, junk (``junk_member``) and hidden files (a name part starting with ".", such as
    macOS's "._IMG_1.jpg") are left out.
    """
    out = []
    for info in zf.infolist():
        name = member_name(info)
        if info.is_dir() or junk_member(name):
            continue
        if any(part.startswith(".") for part in name.replace("\\", "/").split("/") if part):
            continue
        out.append((name, info))
    out.sort(key=lambda item: natural_key(item[0]))
    return out


# -- external tools -------------------------------------------------------------------------------


def run_tool(
    cmd: list[str], *, timeout: float, stdin: bytes | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run an external tool in its own process group and never leave any of it running.

    On a timeout (subprocess.TimeoutExpired is re-raised) or any other interruption the whole
    group is killed and reaped; after a normal exit the group is killed too, because children
    may outlive their leader (LibreOffice's soffice.bin after the soffice launcher script).
    """
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except BaseException:
        _kill_group(proc.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=10)
        raise
    _kill_group(proc.pid)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _run_quiet(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout or "") + (out.stderr or "")


# -- which optional system tools are installed --------------------------------------------------

OCR_LANG = "vie"  # Tesseract's Vietnamese model
_SOFFICE_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_langs_ok: set[str] = set()  # only positive answers are cached: an install must be noticed


def find_soffice() -> str | None:
    """Return the LibreOffice `soffice` executable's path, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in _SOFFICE_CANDIDATES if os.access(c, os.X_OK)), None)


def find_tesseract() -> str | None:
    """Return the tesseract executable's path, or None."""
    return shutil.which("tesseract")


def has_language(lang: str = OCR_LANG) -> bool:
    """Tell whether Tesseract has the traineddata for `lang` (e.g. "vie")."""
    if lang in _langs_ok:
        return True
    exe = find_tesseract()
    if not exe:
        return False
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    langs = {ln.strip() for ln in (out.stdout + out.stderr).splitlines()}
    if lang in langs:
        _langs_ok.add(lang)
        return True
    return False


def tool_status() -> dict[str, str | None]:
    """Report which optional system tools are present, for the UI to say what is missing."""
    version = None
    vie = None
    exe = shutil.which("tesseract")
    if exe:
        text = _run_quiet([exe, "--version"]) or ""
        m = re.search(r"tesseract\s+v?(\d[\w.\-]*)", text)
        version = m.group(1) if m else (text.splitlines()[0].strip() if text.strip() else None)
        vie = "yes" if has_language(OCR_LANG) else None
    return {"tesseract": version, "tesseract_vie": vie, "soffice": find_soffice()}
