"""Write the independent readings of the real files: ``python -m bench.real_reference [--force]``.

Each file of ``bench/real/`` gets ``bench/real/reference/<file>.txt``, read by tools that share
nothing with our readers: ``pdftotext`` (poppler) for a PDF with a text layer, bare
``tesseract -l vie`` on 300 dpi page images (``pdftoppm``) for a scanned PDF, LibreOffice's text
export for .doc/.docx/.rtf/.odt. ``reference/TOOLS.tsv`` records which tool read which file. The
readings are committed, so ``python -m bench --only fidelity`` needs none of these tools; run this
once when a file is added (existing readings are kept unless --force).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

REAL = Path(__file__).resolve().parent / "real"
REFERENCE = REAL / "reference"
OFFICE = {".doc", ".docx", ".rtf", ".odt"}
# Fewer characters than this per page from pdftotext: the PDF is a scan, read it by OCR.
SCAN_CHARS_PER_PAGE = 50


def real_files() -> list[Path]:
    """Return the real documents of the fidelity benchmark, by name."""
    return sorted(
        p for p in REAL.iterdir() if p.is_file() and p.suffix.lower() in OFFICE | {".pdf"}
    )


def _run(cmd: list[str], timeout: int = 600) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(cmd, capture_output=True, timeout=timeout, check=True, env=env)
    return out.stdout.decode("utf-8", "replace")


def _pages(pdf: Path) -> int:
    info = _run(["pdfinfo", str(pdf)])
    return next(int(ln.split()[-1]) for ln in info.splitlines() if ln.startswith("Pages:"))


def read_reference(path: Path) -> tuple[str, str]:
    """Return (text, tool) of one file's independent reading."""
    suffix = path.suffix.lower()
    if suffix in OFFICE:
        with tempfile.TemporaryDirectory(prefix="ref-lo-") as tmp:
            _run(
                [
                    "soffice",
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--headless",
                    "--convert-to",
                    "txt:Text (encoded):UTF8",
                    "--outdir",
                    tmp,
                    str(path),
                ]
            )
            return (Path(tmp) / f"{path.stem}.txt").read_text(encoding="utf-8-sig"), "libreoffice"
    text = _run(["pdftotext", str(path), "-"])
    pages = _pages(path)
    if len(text.strip()) >= SCAN_CHARS_PER_PAGE * pages:
        return text, "pdftotext"
    with tempfile.TemporaryDirectory(prefix="ref-ocr-") as tmp:
        _run(["pdftoppm", "-r", "300", "-gray", str(path), f"{tmp}/page"])
        parts = [
            _run(["tesseract", str(img), "-", "-l", "vie"])
            for img in sorted(Path(tmp).glob("page-*.pgm"))
        ]
    return "\n".join(parts), "tesseract -l vie (300 dpi)"


def main(argv: list[str] | None = None) -> int:
    """Write the missing readings (all of them with --force)."""
    ap = argparse.ArgumentParser(prog="python -m bench.real_reference", description=__doc__)
    ap.add_argument("--force", action="store_true", help="rewrite existing readings too")
    args = ap.parse_args(argv)
    missing = [t for t in ("pdftotext", "pdftoppm", "tesseract", "soffice") if not shutil.which(t)]
    if missing:
        print(
            f"missing tools: {', '.join(missing)} (poppler-utils, tesseract-ocr-vie, LibreOffice)"
        )
        return 2
    REFERENCE.mkdir(exist_ok=True)
    index = REFERENCE / "TOOLS.tsv"
    tools = (
        dict(ln.split("\t", 1) for ln in index.read_text(encoding="utf-8").splitlines()[1:] if ln)
        if index.exists()
        else {}
    )
    for path in real_files():
        out = REFERENCE / f"{path.name}.txt"
        if out.exists() and not args.force:
            continue
        text, tool = read_reference(path)
        out.write_text(text, encoding="utf-8")
        tools[path.name] = tool
        print(f"{path.name}: {tool}, {len(text.split())} words")
    rows = [f"{name}\t{tools[name]}" for name in sorted(tools)]
    index.write_text("file\ttool\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
