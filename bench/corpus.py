"""The benchmark corpus: the sample reports, split into born-digital files and scans, replicated.

Uses ``samples/reports`` when it exists, else generates the sample corpus once into
``bench/out/samples`` (``python -m samples.generate --out``). Replicas get distinct bytes (a ZIP
comment for DOCX, a trailing PDF comment after %%EOF) so the warehouse stores each as a new file
instead of a duplicate, while every reader sees the same content.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from bench.common import OUT, ROOT, log

# A PDF page with fewer text-layer characters than this counts as a scanned page.
SCAN_MAX_CHARS = 20


@dataclass
class Corpus:
    """The sample files by kind, and the registry CSV they match."""

    root: Path
    docx: list[Path]
    pdf: list[Path]
    scans: list[Path]
    agencies_csv: Path

    @property
    def born_digital(self) -> list[Path]:
        return sorted(self.docx + self.pdf)


def samples_root() -> Path:
    """Return a folder with reports/ and agencies.csv, generating the sample corpus if needed."""
    own = ROOT / "samples"
    if (own / "reports").is_dir() and any((own / "reports").rglob("*.docx")):
        return own
    gen = OUT / "samples"
    if not (gen / "reports").is_dir() or not any((gen / "reports").rglob("*.docx")):
        log("samples/reports is missing: generating the sample corpus into bench/out/samples")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        subprocess.run(
            [sys.executable, "-m", "samples.generate", "--out", str(gen)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    if not (gen / "agencies.csv").exists():
        shutil.copy2(own / "agencies.csv", gen / "agencies.csv")
    return gen


def _is_scan(path: Path) -> bool:
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage()
            try:
                if len(text.get_text_range().strip()) >= SCAN_MAX_CHARS:
                    return False
            finally:
                text.close()
                page.close()
        return True
    finally:
        pdf.close()


def load_corpus() -> Corpus:
    """Find the sample files and sort them into DOCX, text-layer PDF and scanned PDF."""
    root = samples_root()
    files = sorted(p for p in (root / "reports").rglob("*") if p.is_file())
    docx = [p for p in files if p.suffix.lower() == ".docx"]
    pdfs = [p for p in files if p.suffix.lower() == ".pdf"]
    scans = [p for p in pdfs if _is_scan(p)]
    text_pdfs = [p for p in pdfs if p not in scans]
    csv = root / "agencies.csv"
    if not csv.exists():
        csv = ROOT / "samples" / "agencies.csv"
    return Corpus(root=root, docx=docx, pdf=text_pdfs, scans=scans, agencies_csv=csv)


def unique_bytes(path: Path, copy: int) -> bytes:
    """Return the file's bytes made distinct for replica ``copy`` without changing its content."""
    data = path.read_bytes()
    tag = f"bench-copy-{copy}".encode()
    if data[:4] == b"PK\x03\x04":
        # End of central directory: the last 22 bytes when the archive has no comment.
        eocd = data.rfind(b"PK\x05\x06")
        if eocd >= 0 and eocd + 22 <= len(data):
            body = data[: eocd + 20]
            return body + len(tag).to_bytes(2, "little") + tag
        raise ValueError(f"{path}: no ZIP end record")
    return data + b"\n%" + tag + b"\n"


def replicate(files: list[Path], n: int, dest: Path, *, distinct: bool) -> list[Path]:
    """Write ``n`` files cycling over ``files`` into ``dest`` (distinct bytes when asked)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    out = []
    for k in range(n):
        src = files[k % len(files)]
        target = dest / f"{k:05d}_{src.name}"
        if distinct:
            target.write_bytes(unique_bytes(src, k))
        else:
            try:
                os.link(src, target)
            except OSError:
                shutil.copy2(src, target)
        out.append(target)
    return out
