"""Fuzzing: the text layer and field rules on random and hostile text (no exception, linear time),
and the readers on mutated sample files (a Document or a ReportsError, never a crash or a hang)."""

from __future__ import annotations

import random
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pytest
from documents import document_from_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.document import Document
from ingest.errors import ReportsError
from ingest.fields import extract
from ingest.readers import Limits, read
from ingest.record import ALL_FIELDS, FieldValue
from ingest.text import find_numbers, fold, normalize_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "reports"
# CPU time on 100 KB of text over that on 25 KB: linear code ~4x, a quadratic loop ~16x,
# catastrophic backtracking far more. A ratio of one process's CPU seconds, so a slow or busy
# machine scales both sides alike.
GROWTH_LIMIT = 12.0
NOISE_S = 0.005  # calls this short are below measuring; at 100 KB they hide no blow-up
SEED = 1337

# Words and marks the rules look for, so random text reaches the interesting branches.
KEYWORDS = [
    "BÁO CÁO",
    "Số:",
    "/BC-",
    "ngày",
    "tháng",
    "năm",
    "6 tháng",
    "quý",
    "ông",
    "bà",
    "đồng chí",
    "Giám đốc",
    "người phát ngôn",
    "tin, bài",
    "tin bài",
    "trung bình",
    "/tháng",
    "họp báo",
    "cuộc",
    "không",
    "chưa",
    "Báo Hà Nam",
    "Đài PT-TH",
    "kiến nghị",
    "đề xuất",
    "tập huấn",
    "UBND TỈNH HÀ NAM",
    "SỞ Y TẾ",
    "||",
    "I.",
    "II.",
    "1.",
    "-",
    "–",
    ":",
    ";",
    "(",
    ")",
    "trên",
    "gần",
    "hơn",
    "một trăm",
    "mười lăm",
    "1.126",
    "17,8",
    "2020",
    "\n",
    "\t",
    "\u200b",
    "\u00ad",
    "\x0b",
    "\x00",
    "😀",
    "\u202e",
    "ă\u0301",
    "\xb8\xb5",  # TCVN3-looking bytes
]
hostile_text = st.one_of(
    st.text(max_size=400),
    st.lists(
        st.one_of(st.sampled_from(KEYWORDS), st.text(max_size=6), st.integers(0, 10**7).map(str)),
        max_size=80,
    ).map(" ".join),
)
FUZZ = settings(
    max_examples=120,
    deadline=None,  # no clock in unit tests: the machine may be loaded
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,  # nothing written into the repository
)


def check_numbers(s: str) -> None:
    found = find_numbers(s)
    last = 0
    for n in found:
        assert 0 <= n.start <= n.end <= len(s)
        assert n.start >= last, "numbers out of order or overlapping"
        assert s[n.start : n.end] == n.text
        assert isinstance(n.value, int | float)
        last = n.end


def check_extract(doc: Document) -> None:
    fields = extract(doc)
    assert set(fields) <= set(ALL_FIELDS), set(fields) - set(ALL_FIELDS)
    for fv in fields.values():
        assert isinstance(fv, FieldValue)
        assert fv.confidence is None or 0.0 <= fv.confidence <= 1.0


@FUZZ
@given(hostile_text)
def test_fold_is_idempotent_and_flat(s):
    out = fold(s)
    assert fold(out) == out
    assert out == out.strip() and "  " not in out and "\n" not in out


@FUZZ
@given(hostile_text)
def test_normalize_text_is_clean_and_idempotent(s):
    out = normalize_text(s)
    assert normalize_text(out) == out
    assert "\x00" not in out and "\u200b" not in out and "\x0b" not in out


@FUZZ
@given(hostile_text)
def test_find_numbers_spans_are_consistent(s):
    check_numbers(s)
    check_numbers(normalize_text(s))


@FUZZ
@given(st.lists(hostile_text, min_size=1, max_size=12))
def test_extract_survives_random_documents(lines):
    check_extract(document_from_text("\n".join(lines)))


N = 100_000
LONG_LINES = {
    "digits-dots": "1." * (N // 2),
    "digits-spaces": "1 " * (N // 2),
    "digits-commas": "1," * (N // 2),
    "thousands": "1.000.000,5 " * (N // 12),
    "letters": "a" * N,
    "spaces": " " * N + "x",
    "honorifics": "ông " * (N // 4),
    "names": "Nguyễn Văn " * (N // 11),
    "capitals": "NGUYỄN " * (N // 7),
    "number-words": "một trăm " * (N // 9),
    "dates": "ngày 1 tháng 1 năm " * (N // 20),
    "report-number": "Số: " + "1/" * (N // 2),
    "posts": "tin, bài " * (N // 9),
    "labels": "Kiến nghị: " * (N // 11),
    "dashes": "- " * (N // 2),
    "parens": "(" * N,
    "tcvn3": "\xb8\xb5\xb6\xb7\xb9" * (N // 5),
    "emoji": "😀" * (N // 4),
    "report-sentence": (
        "Năm 2020 đăng 315 tin bài, tổ chức 2 cuộc họp báo; ông Nguyễn Văn A – Giám đốc Sở. "
    )
    * (N // 85),
}


def cpu_seconds(fn, arg) -> float:
    """Return the least CPU time of this process over three calls of ``fn(arg)``."""
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        fn(arg)
        best = min(best, time.process_time() - t0)
    return best


def assert_linear(fn, small, big, what: str) -> None:
    """Assert ``fn(big)`` (4x the text) costs at most GROWTH_LIMIT times ``fn(small)``."""
    a, b = cpu_seconds(fn, small), cpu_seconds(fn, big)
    assert b <= GROWTH_LIMIT * a + NOISE_S, f"{what}: {a:.4f}s on 25 KB, {b:.4f}s on 100 KB"


@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_long_lines_take_linear_time(name):
    line = LONG_LINES[name]
    assert len(line.encode()) >= 0.9 * N  # 100 KB of UTF-8
    quarter = line[: len(line) // 4]
    for fn in (normalize_text, find_numbers, fold):
        assert_linear(fn, quarter, line, f"{fn.__name__} on {name}")
    doc = document_from_text(line)
    assert_linear(extract, document_from_text(quarter), doc, f"extract on {name}")
    check_extract(doc)


# ------------------------------------------------------------------------------ readers

MUTATED_SOURCES = [
    SAMPLES / "2020" / "thanh-tra-ha-nam-2020.docx",
    SAMPLES / "2019" / "BC_PN_2019_SNN.docx",
    SAMPLES / "2020" / "so-giao-thong-van-tai-2020.pdf",
    SAMPLES / "2019" / "BC_PN_2019_TTr.pdf",
]
MUTATIONS_PER_FILE = 10
READ_TIMEOUT_S = 60.0  # per file, generous: OCR fallback of a damaged page is allowed


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """Return (description, bytes) of one random damage: flip, truncate, insert or zero a run."""
    buf = bytearray(data)
    kind = rng.choice(["flip", "truncate", "insert", "zero", "flip-many"])
    pos = rng.randrange(len(buf))
    if kind == "flip":
        buf[pos] ^= 1 << rng.randrange(8)
    elif kind == "flip-many":
        for _ in range(rng.randint(2, 40)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif kind == "truncate":
        del buf[pos:]
    elif kind == "insert":
        buf[pos:pos] = rng.randbytes(rng.randint(1, 512))
    else:
        buf[pos : pos + rng.randint(1, 4096)] = b"\0" * len(buf[pos : pos + 4096])
    return f"{kind}@{pos}", bytes(buf)


def _read_outcome(path: str) -> tuple[str, str, float]:
    """Read one file in a worker; return (kind, detail, seconds) where kind is ok|reports|bug."""
    limits = Limits(ocr_max_pages=2, ocr_total_timeout_s=45, ocr_page_timeout_s=30)
    t0 = time.monotonic()
    try:
        doc = read(path, limits)
        kind, detail = "ok", f"{doc.format}, {len(doc.blocks)} blocks"
    except ReportsError as e:
        kind, detail = "reports", f"{type(e).__name__}: {e.detail}"
        assert e.user_message  # every expected failure carries a Vietnamese message
    except Exception as e:  # the failure the test looks for
        kind, detail = "bug", f"{type(e).__name__}: {e}"
    return kind, detail, time.monotonic() - t0


@pytest.mark.slow
def test_readers_on_mutated_samples(tmp_path):
    rng = random.Random(SEED)
    paths: list[tuple[Path, str]] = []
    for src in MUTATED_SOURCES:
        data = src.read_bytes()
        for i in range(MUTATIONS_PER_FILE):
            how, mutated = mutate(data, rng)
            path = tmp_path / f"{src.stem}-{i:02d}{src.suffix}"
            path.write_bytes(mutated)
            paths.append((path, how))
    outcomes: dict[str, int] = {"ok": 0, "reports": 0}
    bugs = []
    slowest = 0.0
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [(p, how, pool.submit(_read_outcome, str(p))) for p, how in paths]
        for path, how, fut in futures:
            try:
                kind, detail, seconds = fut.result(timeout=READ_TIMEOUT_S)
            except FutureTimeout:
                for _, _, other in futures:
                    other.cancel()
                pytest.fail(f"{path.name} ({how}) did not finish in {READ_TIMEOUT_S}s")
            slowest = max(slowest, seconds)
            if kind == "bug":
                bugs.append(f"{path.name} ({how}): {detail}")
            else:
                outcomes[kind] += 1
    assert not bugs, "\n".join(bugs)
    assert sum(outcomes.values()) == len(paths)
    assert slowest < READ_TIMEOUT_S
    # The damage must really be exercised: some files still read, some are refused.
    assert outcomes["ok"] and outcomes["reports"], outcomes
