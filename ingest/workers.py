"""Worker processes that read untrusted files under OS limits.

The parent (the app server, the CLI) never parses a received file itself: a decompression bomb
or a runaway PDFium can exhaust only a worker, whose address space (RLIMIT_AS), CPU time per file
(RLIMIT_CPU) and file writes (RLIMIT_FSIZE) the kernel caps (`Limits.worker_*`), and whose answer
is capped in size (`Limits.max_result_bytes`). A worker that goes over a limit, or dies, becomes
an error for that file alone; the next file gets a fresh worker.

A worker is a fresh interpreter (``python -m ingest.worker_process``), the readers loaded once:
its address space is the readers' (~40 MB), not the app's, so the limit means the same in the
app, the CLI and the tests, and nothing of the caller's main module runs in it (Streamlit's
script, a CLI). An idle worker is kept for the next file, so a batch read one file at a time
pays for one worker start. Batch pools (``worker_context``) fork their workers from a fork
server that has imported the readers.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import traceback
import types
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from ingest.errors import ResourceLimit, WorkerCrashed
from ingest.readers.base import LIMIT_SIGNALS, Limits, set_cpu_budget, set_limits

log = logging.getLogger("ingest")
T = TypeVar("T")

# Modules the fork server imports once, so that every worker starts with them loaded.
# Loaded before the limits apply: the readers and rules, and numpy (the OCR's skew and ruling
# lines), whose shared libraries may not map under a worker's address-space limit later.
PRELOAD = ["ingest.pipeline", "numpy"]
MAX_IDLE = 4  # idle workers kept (concurrent uploads each take one)

_in_worker = False
_context: Any = None
_idle: list[_Worker] = []
_lock = threading.Lock()


def in_worker() -> bool:
    """Tell whether this process is a limited worker (it then reads files itself)."""
    return _in_worker


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, chained to it in the parent."""

    def __str__(self) -> str:
        return self.args[0]


def run_in_worker(fn: Callable[..., T], *args: Any, under: Limits, **kwargs: Any) -> T:
    """Return ``fn(*args, **kwargs)`` computed in a worker process under the limits ``under``.

    ``fn`` and its arguments must pickle (module-level functions). An exception of ``fn`` is
    raised here (its worker traceback chained); a worker over a limit raises ResourceLimit, one
    that dies otherwise WorkerCrashed.
    """
    worker = _acquire(under)
    try:
        result = worker.call(fn, args, kwargs)
    except BaseException as e:
        # A worker that went over a limit may have a heap in pieces: it reads no other file.
        if worker.alive() and not isinstance(e, ResourceLimit):
            _release(worker)
        else:
            worker.close()
        raise
    _release(worker)
    return result


def limit_workers(limits: Limits) -> None:
    """Set a pool worker's OS limits (ProcessPoolExecutor initializer of batches)."""
    global _in_worker
    _in_worker = True
    set_limits(limits.worker_memory_bytes, limits.worker_output_bytes)


def worker_context() -> Any:
    """Return the multiprocessing context workers start from (a fork server, readers loaded)."""
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        _context = ctx
    return _context


@contextlib.contextmanager
def no_main_rerun() -> Iterator[None]:
    """Start pool workers without running this process's main script in them.

    A fork-server (or spawn) child runs the parent's ``__main__`` file again before its task. Under
    Streamlit, or after a Streamlit AppTest in the same process, that file is app.py, whose page
    code then fails in the child and kills it (a BrokenPipe for the pool). Workers need nothing
    from the main script: while they start, ``__main__`` is a blank module.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _key(limits: Limits) -> tuple:
    return (limits.worker_memory_bytes, limits.worker_output_bytes)


def _acquire(limits: Limits) -> _Worker:
    with _lock:
        for i, worker in enumerate(_idle):
            if worker.limits == limits:
                del _idle[i]
                if worker.alive():
                    return worker
                worker.close()
                break
    return _Worker(limits)


def _release(worker: _Worker) -> None:
    with _lock:
        if len(_idle) < MAX_IDLE:
            _idle.append(worker)
            return
    worker.close()


def shutdown() -> None:
    """Stop the idle workers (they also stop on their own when this process ends)."""
    with _lock:
        workers = list(_idle)
        _idle.clear()
    for worker in workers:
        worker.close()


class _Worker:
    """One worker process and the pipes to it."""

    def __init__(self, limits: Limits):
        self.limits = limits
        to_child, from_parent = os.pipe()
        from_child, to_parent = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ingest.worker_process", str(to_child), str(to_parent)],
            pass_fds=(to_child, to_parent),
            stdin=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(to_parent)
        self.send = Connection(from_parent, readable=False)
        self.recv = Connection(from_child, writable=False)
        # The limits, and where this process finds modules (a caller's functions pickle by name).
        self.send.send_bytes(pickle.dumps((limits, sys.path)))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def call(self, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
        limits = self.limits
        try:
            # The worker sees this process's environment as it is now (PATH, tool settings).
            self.send.send_bytes(pickle.dumps((fn, args, kwargs, dict(os.environ))))
            if not self.recv.poll(limits.worker_timeout_s):
                self.close()
                raise ResourceLimit(
                    f"reader worker gave no answer within {limits.worker_timeout_s:.0f} s; killed",
                    path=_path_of(args),
                )
            data = self.recv.recv_bytes()
        except (EOFError, OSError):
            raise self._death(args) from None
        ok, value, remote = pickle.loads(data)
        if ok:
            return value
        if remote:
            value.__cause__ = RemoteTraceback(remote)
        raise value

    def _death(self, args: tuple) -> Exception:
        try:
            code = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.close()
            code = self.proc.returncode
        path = _path_of(args)
        limits = self.limits
        what = LIMIT_SIGNALS.get(-code) if code is not None and code < 0 else None
        name = signal.Signals(-code).name if code is not None and code < 0 else f"exit {code}"
        if what is not None:
            return ResourceLimit(
                f"reader worker killed by {name}: over its {what} limit (memory "
                f"{limits.worker_memory_bytes:,} bytes, CPU {limits.worker_cpu_s:.0f} s, files "
                f"{limits.worker_output_bytes:,} bytes)",
                path=path,
            )
        return WorkerCrashed(f"reader worker died ({name}) without an answer", path=path)

    def close(self) -> None:
        self.send.close()
        self.recv.close()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def _path_of(args: tuple) -> str | None:
    return str(args[0]) if args else None


def serve(recv: Connection, send: Connection) -> None:
    """Answer calls until the parent closes the pipe (or this process goes over a limit)."""
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        limits, path = pickle.loads(recv.recv_bytes())
    except (EOFError, OSError):
        return
    sys.path[:] = path
    set_limits(limits.worker_memory_bytes, limits.worker_output_bytes)
    while True:
        try:
            fn, args, kwargs, env = pickle.loads(recv.recv_bytes())
        except (EOFError, OSError):
            return
        os.environ.clear()
        os.environ.update(env)
        set_cpu_budget(limits.worker_cpu_s)
        send.send_bytes(_answer(fn, args, kwargs, limits))


def _answer(fn: Callable, args: tuple, kwargs: dict, limits: Limits) -> bytes:
    """Return the pickled (ok, value, remote traceback) of one call, within the size cap."""
    path = _path_of(args)
    try:
        try:
            out: tuple = (True, fn(*args, **kwargs), None)
        except Exception as e:
            over = limit_error(e, path, limits)
            out = (False, over, None) if over else (False, e, traceback.format_exc())
        try:
            data = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError) as e:
            error = RuntimeError(f"{type(out[1]).__name__}: {out[1]} (not picklable: {e})")
            data = pickle.dumps((False, error, out[2]))
    except MemoryError as e:
        data = pickle.dumps((False, limit_error(e, path, limits), None))
    if len(data) > limits.max_result_bytes:
        error = ResourceLimit(
            f"the reader's result is {len(data):,} bytes pickled, over the limit of "
            f"{limits.max_result_bytes:,}",
            path=path,
        )
        data = pickle.dumps((False, error, None))
    return data


def limit_error(e: BaseException, path: str | None, limits: Limits) -> ResourceLimit | None:
    """Return the ResourceLimit an exception in a worker stands for, or None.

    Over RLIMIT_AS an allocation fails (MemoryError); over RLIMIT_FSIZE a write fails with EFBIG
    (Python ignores SIGXFSZ).
    """
    if isinstance(e, MemoryError):
        return ResourceLimit(
            f"reader ran out of memory: over the worker's address-space limit of "
            f"{limits.worker_memory_bytes:,} bytes",
            path=path,
        )
    if isinstance(e, ImportError) and "failed to map segment" in str(e):
        # A library loaded late (an image codec) cannot be mapped within the limit.
        return ResourceLimit(
            f"reader could not load a library ({e}) within the worker's address-space limit of "
            f"{limits.worker_memory_bytes:,} bytes",
            path=path,
        )
    if isinstance(e, OSError) and e.errno == errno.EFBIG:
        return ResourceLimit(
            f"reader wrote a file over the limit of {limits.worker_output_bytes:,} bytes",
            path=path,
        )
    return None
