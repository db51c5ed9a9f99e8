"""Reader fidelity on real files: how much of an independent reading our readers' text keeps.

The files are real documents of Vietnamese state bodies (``bench/real/``, sources in
``bench/real/SOURCES.md``); each has an independent reading (``bench/real/reference/``, written
once by ``bench/real_reference.py``: pdftotext, LibreOffice's text export, bare ``tesseract -l
vie`` for scans). A reading is a multiset of NFC lowercase word tokens; recall is the share of the
reference's tokens our text also has (each token counted at most as often as we have it), and
diacritic recall the same over the tokens that carry a Vietnamese mark (ă, â, đ, ê, ô, ơ, ư or a
tone). The peer reader viparse (PyPI) is scored the same way when a Python that has it is given
(``FIDELITY_VIPARSE_PYTHON``, else this interpreter if it imports viparse); it runs in its own
process so its dependencies never meet ours.

Targets (issue 5/7): every file >= 0.97 word recall, scans >= 0.90 against the independent OCR.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.common import Metric, Results, log, median
from bench.real_reference import REFERENCE, real_files
from ingest.readout import read_text

TARGET = 0.97
TARGET_SCAN = 0.90
_WORD = re.compile(r"\w+")
# Letters of Vietnamese that carry a mark of their own; tones show as combining marks under NFD.
_MARKED = set("ăâđêôơư")
VIPARSE_ENV = "FIDELITY_VIPARSE_PYTHON"

# Run by the peer's Python: read each file given, print one JSON line per file.
_PEER_SCRIPT = """
import json, sys, time
import viparse
for path in sys.argv[1:]:
    t0 = time.perf_counter()
    try:
        text, error = viparse.load(path, output="text")[0].text, None
    except Exception as e:
        text, error = "", f"{type(e).__name__}: {e}"
    print(json.dumps({"file": path, "text": text, "error": error,
                      "seconds": time.perf_counter() - t0}, ensure_ascii=False), flush=True)
"""


def tokens(text: str) -> Counter[str]:
    """Return the multiset of NFC lowercase word tokens of ``text``."""
    return Counter(_WORD.findall(unicodedata.normalize("NFC", text).lower()))


def has_diacritic(word: str) -> bool:
    """Tell whether a word carries a Vietnamese mark (a marked letter or a tone)."""
    return any(c in _MARKED for c in word) or any(
        unicodedata.combining(c) for c in unicodedata.normalize("NFD", word)
    )


def recall(ours: Counter[str], ref: Counter[str]) -> tuple[float, float]:
    """Return (word recall, diacritic-word recall) of ``ours`` against ``ref`` (1.0 when empty)."""

    def share(keep) -> float:
        total = sum(n for w, n in ref.items() if keep(w))
        hit = sum(min(n, ours.get(w, 0)) for w, n in ref.items() if keep(w))
        return hit / total if total else 1.0

    return share(lambda w: True), share(has_diacritic)


@dataclass
class Score:
    """One reader's reading of one file, scored against the reference."""

    words: float
    diacritic_words: float
    seconds: float
    error: str | None = None
    missing: tuple[str, ...] = ()  # the reference's most frequent words we lack (examples)


def score(text: str, ref: Counter[str], seconds: float, error: str | None = None) -> Score:
    """Return the scores of ``text`` against the reference tokens."""
    ours = tokens(text)
    words, marked = recall(ours, ref)
    lack = Counter({w: n - ours.get(w, 0) for w, n in ref.items() if n > ours.get(w, 0)})
    return Score(words, marked, seconds, error, tuple(w for w, _ in lack.most_common(8)))


def reference_tool(name: str) -> str:
    """Return the tool that wrote a file's reference reading (from reference/TOOLS.tsv)."""
    index = REFERENCE / "TOOLS.tsv"
    rows = dict(ln.split("\t", 1) for ln in index.read_text(encoding="utf-8").splitlines()[1:])
    return rows.get(name, "?")


def is_scan(name: str) -> bool:
    """Tell whether a file's reference is an OCR reading (the scan target applies)."""
    return reference_tool(name).startswith("tesseract")


def _ours(path: Path) -> tuple[str, float, str | None, str]:
    t0 = time.perf_counter()
    r = read_text(path)
    seconds = time.perf_counter() - t0
    if r.document is None:
        return "", seconds, r.error_detail or r.error, "-"
    return r.document.text(), seconds, None, r.document.format


def peer_python() -> str | None:
    """Return the Python that runs viparse, or None when there is none."""
    given = os.environ.get(VIPARSE_ENV)
    if given:
        return given
    probe = subprocess.run(
        [sys.executable, "-c", "import viparse"], capture_output=True, timeout=60, check=False
    )
    return sys.executable if probe.returncode == 0 else None


def _peer(python: str, paths: list[Path]) -> dict[str, dict]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(
        [python, "-c", _PEER_SCRIPT, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=3600,
        env=env,
        check=False,
    )
    rows = [json.loads(ln) for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 and not rows:
        log(f"viparse failed: {out.stderr[-500:]}")
    return {Path(r["file"]).name: r for r in rows}


def bench_fidelity(res: Results, files: list[Path] | None = None) -> list[dict]:
    """Score our readers (and viparse, when present) on the real files; return per-file rows."""
    files = real_files() if files is None else files
    python = peer_python()
    peer = _peer(python, files) if python else {}
    if python is None:
        res.notes.append(
            f"fidelity: viparse not available (set {VIPARSE_ENV} to a Python that has it)"
        )
    rows: list[dict] = []
    for path in files:
        ref = tokens((REFERENCE / f"{path.name}.txt").read_text(encoding="utf-8"))
        text, seconds, error, fmt = _ours(path)
        ours = score(text, ref, seconds, error)
        row = {
            "file": path.name,
            "format": fmt,
            "reference": reference_tool(path.name),
            "scan": is_scan(path.name),
            "ref_words": sum(ref.values()),
            "ours": ours.__dict__,
        }
        if path.name in peer:
            p = peer[path.name]
            row["viparse"] = score(p["text"], ref, p["seconds"], p["error"]).__dict__
        rows.append(row)
        log(f"fidelity {path.name}: {ours.words:.3f} words, {ours.diacritic_words:.3f} marked")
    _metrics(res, rows)
    return rows


def _metrics(res: Results, rows: list[dict]) -> None:
    for reader in ("ours", "viparse"):
        scored = [r for r in rows if reader in r]
        if not scored:
            continue
        prefix = "fidelity" if reader == "ours" else "fidelity.viparse"
        for kind, pick in (("text", False), ("scan", True)):
            part = [r for r in scored if r["scan"] is pick]
            if not part:
                continue
            target = TARGET_SCAN if pick else TARGET
            res.add(
                Metric(
                    f"{prefix}.{kind}.min_word_recall",
                    "fidelity",
                    "recall",
                    [min(r[reader]["words"] for r in part)],
                    target=target if reader == "ours" else None,
                    op=">=",
                    note=f"worst of {len(part)} real {kind} files (target: every file)",
                )
            )
            res.add(
                Metric(
                    f"{prefix}.{kind}.word_recall",
                    "fidelity",
                    "recall",
                    [r[reader]["words"] for r in part],
                    note=f"median over {len(part)} real {kind} files",
                )
            )
            res.add(
                Metric(
                    f"{prefix}.{kind}.diacritic_word_recall",
                    "fidelity",
                    "recall",
                    [r[reader]["diacritic_words"] for r in part],
                    note="words with a Vietnamese mark only",
                )
            )
        res.add(
            Metric(
                f"{prefix}.seconds_per_file",
                "fidelity",
                "s",
                [r[reader]["seconds"] for r in scored],
                note=f"median over {len(scored)} files, one process",
            )
        )


INTRO = (
    "Real documents of Vietnamese state bodies (`bench/real/`, sources in "
    "`bench/real/SOURCES.md`) read by our readers and by viparse, scored against an independent "
    "reading (`bench/real/reference/`): recall of the reference's NFC lowercase word tokens, all "
    "words and words with a Vietnamese mark. Target: every file >= 0.97, scans >= 0.90 against "
    "bare `tesseract -l vie`; ✗ marks a miss, with the reference's most frequent words we lack."
)


def markdown(rows: list[dict]) -> list[str]:
    """Return the per-file table of RESULTS.md's fidelity section."""
    peer = any("viparse" in r for r in rows)
    head = "| file | format | reference | words | ours: words | ours: marked | ours: s |"
    rule = "|---|---|---|---:|---:|---:|---:|"
    if peer:
        head += " viparse: words | viparse: marked | viparse: s |"
        rule += "---:|---:|---:|"
    out = [head + " missed (examples) |", rule + "---|"]
    for r in rows:
        o = r["ours"]
        target = TARGET_SCAN if r["scan"] else TARGET
        flag = "" if o["words"] >= target else " ✗"
        line = (
            f"| `{r['file']}` | {r['format']} | {r['reference']} | {r['ref_words']} | "
            f"{o['words']:.3f}{flag} | {o['diacritic_words']:.3f} | {o['seconds']:.2f} |"
        )
        if peer:
            p = r.get("viparse")
            line += (
                f" {p['words']:.3f} | {p['diacritic_words']:.3f} | {p['seconds']:.2f} |"
                if p
                else " – | – | – |"
            )
        missed = ", ".join(o["missing"][:6]) if o["words"] < target else ""
        out.append(line + f" {o['error'] or missed} |")
    for reader in ("ours", "viparse") if peer else ("ours",):
        scored = [r[reader] for r in rows if reader in r]
        out.append(
            f"\nMedian ({reader}): word recall {median([s['words'] for s in scored]):.3f}, "
            f"diacritic-word recall {median([s['diacritic_words'] for s in scored]):.3f}, "
            f"{median([s['seconds'] for s in scored]):.2f} s a file."
        )
    return out
