"""The reader-fidelity bench runs on real files and gives recalls in range (issue 5/7)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from bench import fidelity
from bench.common import Results
from bench.real_reference import REAL, REFERENCE, real_files
from ingest.readers import tool_status

TWO = ("cv-du-thao-btttt.docx", "qd-15-2010-ubnd-ha-noi.doc")


def test_every_real_file_has_its_source_and_reference():
    files = real_files()
    assert len(files) >= 15
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    tools = (REFERENCE / "TOOLS.tsv").read_text(encoding="utf-8")
    for path in files:
        assert f"| `{path.name}` |" in sources, path.name
        assert (REFERENCE / f"{path.name}.txt").read_text(encoding="utf-8").strip(), path.name
        assert f"\n{path.name}\t" in tools, path.name


@pytest.mark.parametrize(
    ("ours", "ref", "words", "marked"),
    [
        ("Báo cáo số 12", "báo cáo số 12", 1.0, 1.0),
        # Decomposed (NFD) and capitalised text is the same words.
        ("BA\u0301O CA\u0301O", "báo cáo", 1.0, 1.0),
        ("bao cao so 12", "báo cáo số 12", 0.25, 0.0),
        # A token counts at most as often as we have it.
        ("năm", "năm năm 2020", 1 / 3, 0.5),
        ("", "", 1.0, 1.0),
    ],
)
def test_recall_counts_reference_tokens(ours, ref, words, marked):
    got = fidelity.recall(fidelity.tokens(ours), fidelity.tokens(ref))
    assert got == pytest.approx((words, marked))


def test_diacritic_words():
    assert [fidelity.has_diacritic(w) for w in ("đồng", "ưu", "ban", "2020", "tháng")] == [
        True,
        True,
        False,
        False,
        True,
    ]
    assert fidelity.tokens("Số: 15/2010") == Counter({"số": 1, "15": 1, "2010": 1})


@pytest.mark.skipif(not tool_status()["soffice"], reason="LibreOffice is not installed")
def test_bench_scores_two_real_files(monkeypatch):
    monkeypatch.setenv(fidelity.VIPARSE_ENV, "")  # the peer is optional; not run here
    monkeypatch.setattr(fidelity, "peer_python", lambda: None)
    res = Results()
    rows = fidelity.bench_fidelity(res, [REAL / n for n in TWO])
    assert [r["file"] for r in rows] == list(TWO)
    for r in rows:
        assert r["ours"]["error"] is None
        assert 0.5 < r["ours"]["words"] <= 1.0 and 0.5 < r["ours"]["diacritic_words"] <= 1.0
        assert r["ref_words"] > 100 and not r["scan"]
    metrics = {m.name: m for m in res.metrics}
    assert {
        "fidelity.text.min_word_recall",
        "fidelity.text.word_recall",
        "fidelity.text.diacritic_word_recall",
        "fidelity.seconds_per_file",
    } <= set(metrics)
    assert metrics["fidelity.text.min_word_recall"].target == fidelity.TARGET
    assert all(math.isfinite(m.value) and m.value >= 0 for m in metrics.values())
    table = fidelity.markdown(rows)
    assert table[0].startswith("| file | format | reference |") and len(table) == 2 + 2 + 1
