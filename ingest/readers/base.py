"""What every reader shares: resource limits, running external tools, finding those tools.

Reader modules import this module, never the package, so that the package can import them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import re
import resource
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
    max_zip_ratio: float = 200.0  # per entry uncompressed/compressed, of entries over the XML limit
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
    # OS limits of the worker process that reads a file (ingest/workers.py), set by the kernel
    # whatever the reader does. Address space: the readers measured 270 MB at most on every
    # sample (a 30-page scan, OCR'd), and a file at the limits above needs ~600 MB (16 MiB of
    # DOCX XML parsed whole); 1.5 GiB leaves that a wide margin and stops a bomb far below the
    # 5 GB that killed the app server.
    worker_memory_bytes: int = 1536 * 2**20
    worker_cpu_s: float = 300  # the worker's own CPU time per file (OCR runs in Tesseract)
    worker_timeout_s: float = 900  # wall clock per file, from the request to the answer
    # Largest file a worker or tool may write (RLIMIT_FSIZE): copies of the input, LibreOffice's
    # DOCX, its profile. Pipes (Tesseract's output) are not files.
    worker_output_bytes: int = 256 * 2**20
    max_result_bytes: int = 64 * 2**20  # the Document a worker sends back, pickled
    # Address space of each LibreOffice and Tesseract process (measured with prlimit: LibreOffice
    # needs 400-500 MB to convert a one-page ODT, Tesseract 100-150 MB for an A4 page at 300 dpi;
    # a 13.8 MB RTF took LibreOffice to 4.2 GB).
    tool_memory_bytes: int = 2 * 2**30

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


# -- operating-system limits ----------------------------------------------------------------------


def set_limits(memory: int, output: int) -> None:
    """Cap this process's address space and the size of any file it writes (soft and hard)."""
    for kind, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_FSIZE, output)):
        _, hard = resource.getrlimit(kind)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, value))


def set_cpu_budget(seconds: float) -> None:
    """Let this process use ``seconds`` more CPU time; past it the kernel sends SIGXCPU.

    RLIMIT_CPU counts the process's whole life, so a worker that reads many files moves its soft
    limit before each one (a soft limit can be raised again up to the hard one).
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(
        resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard)
    )


# How a process that went over an OS limit ends: the kernel's signals for CPU time and file size,
# SIGKILL (past the hard CPU limit, or the kernel's out-of-memory killer) and SIGABRT (C++ code
# aborts when an allocation fails under RLIMIT_AS: LibreOffice, Tesseract).
LIMIT_SIGNALS = {
    signal.SIGXCPU: "CPU time",
    signal.SIGXFSZ: "file size",
    signal.SIGKILL: "CPU time or memory (killed)",
    signal.SIGABRT: "memory (aborted, as on a failed allocation)",
}


def over_limit(returncode: int | None) -> str | None:
    """Return which OS limit a process's exit status points to, or None.

    A process killed by a signal has a negative return code; a shell script (LibreOffice's
    soffice launcher) whose child was killed exits with 128 + the signal.
    """
    if returncode is None or returncode == 0:
        return None
    number = -returncode if returncode < 0 else returncode - 128
    return next((what for sig, what in LIMIT_SIGNALS.items() if sig == number), None)


def _tool_limits(limits: Limits, timeout: float):
    """Return a preexec_fn that caps a tool's memory, CPU time and file writes.

    Everything is computed before the fork: the function only calls setrlimit.
    """
    cpu = math.ceil(timeout) + 1
    memory, output = limits.tool_memory_bytes, limits.worker_output_bytes

    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))  # SIGXCPU, then SIGKILL
        set_limits(memory, output)

    return preexec


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
    cmd: list[str],
    *,
    timeout: float,
    stdin: bytes | None = None,
    env: dict | None = None,
    limits: Limits | None = None,
) -> subprocess.CompletedProcess:
    """Run an external tool in its own process group and never leave any of it running.

    The tool runs under OS limits besides the time limit: address space
    (``limits.tool_memory_bytes``), CPU time (the time limit) and file size
    (``limits.worker_output_bytes``); limits None: ``Limits.from_env()``.
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
        preexec_fn=_tool_limits(Limits.from_env() if limits is None else limits, timeout),
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
