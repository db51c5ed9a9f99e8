"""Shared pieces: timing, metrics with targets, resident-memory sampling, machine description."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Scratch folder (replicated corpora, warehouses); `python -m bench --work DIR` moves it.
OUT = ROOT / "bench" / "out"
_work = [OUT]


def set_work(path: Path) -> None:
    """Use ``path`` as the scratch folder of this run."""
    path.mkdir(parents=True, exist_ok=True)
    _work[0] = path


def work() -> Path:
    """Return the scratch folder of this run (bench/out unless --work was given)."""
    return _work[0]


def log(msg: str) -> None:
    """Print a progress line on stderr (the table goes to stdout)."""
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``fn`` once and return (seconds, result)."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def median(xs: list[float]) -> float:
    """Return the median of a non-empty list."""
    return float(statistics.median(xs))


@dataclass
class Metric:
    """One measured figure: the median of ``samples``, its unit and (optionally) its target.

    ``op`` is ">=" or "<="; ``met`` is None when the metric has no target. ``miss`` says by how
    much a missed target is missed (value / target, e.g. 7.3 means 7.3x the allowed value).
    """

    name: str
    group: str
    unit: str
    samples: list[float]
    target: float | None = None
    op: str | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> float:
        return median(self.samples) if self.samples else float("nan")

    @property
    def met(self) -> bool | None:
        if self.target is None or not self.samples:
            return None
        v = self.value
        return v >= self.target if self.op == ">=" else v <= self.target

    @property
    def miss(self) -> float | None:
        """Return how far off a missed target is, as a factor (>1 means worse); None if met."""
        if self.met is not False:
            return None
        v = self.value
        if self.op == ">=":
            return self.target / v if v > 0 else float("inf")
        return v / self.target if self.target else float("inf")

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["value"] = round(self.value, 6)
        d["median_of"] = len(self.samples)
        d["samples"] = [round(s, 6) for s in self.samples]
        d["met"] = self.met
        d["miss_factor"] = None if self.miss is None else round(self.miss, 3)
        return d


class Results:
    """The metrics of one run, in the order they were measured."""

    def __init__(self) -> None:
        self.metrics: list[Metric] = []
        self.notes: list[str] = []

    def add(self, metric: Metric) -> Metric:
        """Record a metric (replacing an earlier one of the same name) and return it."""
        self.metrics = [m for m in self.metrics if m.name != metric.name]
        self.metrics.append(metric)
        status = "" if metric.met is None else (" MET" if metric.met else " MISSED")
        log(f"{metric.name} = {metric.value:.4g} {metric.unit}{status}")
        return metric


def alternate(fns: dict[str, Callable[[], Any]], reps: int) -> dict[str, list[float]]:
    """Run every function ``reps`` times, one after the other in each repetition (so that the
    machine's load falls on all alike); return the seconds of each run by key."""
    t: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(reps):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            t[k].append(time.perf_counter() - t0)
    return t


def ratio_samples(num: list[float], den: list[float]) -> list[float]:
    """Pair the repetitions measured side by side and return num/den per repetition."""
    return [a / b for a, b in zip(num, den, strict=True) if b > 0]


# ------------------------------------------------------------------------------ memory


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def tree_rss(pid: int) -> int:
    """Return the summed resident memory (bytes) of a process and all its descendants."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_bytes(p)
        todo.extend(_children(p))
    return total


class PeakSampler:
    """Sample the summed RSS of this process tree every ``interval`` seconds in a thread."""

    def __init__(self, pid: int | None = None, interval: float = 0.02):
        self.pid = pid or os.getpid()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss(self.pid))


def rusage_peaks() -> tuple[int, int]:
    """Return (self, largest child) peak RSS in bytes from getrusage (Linux reports KiB)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return me, kids


# ------------------------------------------------------------------------------ machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return 0.0


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


def _tool_version(cmd: list[str]) -> str:
    import subprocess

    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return "absent"
    text = (out.stdout or out.stderr or "").strip().splitlines()
    return text[0] if text else "unknown"


def machine() -> dict[str, Any]:
    """Describe the machine and software the numbers were measured on."""
    libs = ["duckdb", "pandas", "pypdfium2", "lxml", "python-docx", "pdfplumber", "streamlit"]
    libs += ["rapidfuzz", "pillow"]
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "libraries": {name: _version(name) for name in libs},
        "tesseract": _tool_version(["tesseract", "--version"]),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
