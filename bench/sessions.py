"""Twenty officials on Tổng quan at once: the real server, real WebSocket sessions.

``python -m bench --only sessions``: builds a synthetic warehouse of ~1,000 reports
(``bench/synth.py``), starts ``streamlit run serve.py`` on it, and opens N sessions the way a
browser does (the login cookie, the page's WebSocket, a rerun message); all N render Tổng quan
together, ``rounds`` times each. A render is timed from the rerun message to Streamlit's
``script_finished``; an error is an exception shown on the page, a run that did not finish, or a
page without its title (the login form instead of Tổng quan). Reports median and p95.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import synth
from bench.common import ROOT, Metric, Results, log
from ui import session_cookie
from warehouse import auth

TITLE = "Tổng quan"
USER = "can-bo-xem"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(xs: list[float], q: float) -> float:
    ordered = sorted(xs)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _session(url: str, cookie: str, rounds: int) -> tuple[list[float], list[str]]:
    """Open one page session; render Tổng quan ``rounds`` times; return (seconds, errors)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=60) as r:
        xsrf = r.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    times: list[float] = []
    errors: list[str] = []
    async with websockets.connect(
        url.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=["streamlit", xsrf],
        origin=url,
        additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}; {cookie}"},
        max_size=None,
        open_timeout=120,
    ) as ws:
        for _ in range(rounds):
            back = BackMsg()
            back.rerun_script.query_string = ""
            back.rerun_script.page_script_hash = ""
            t0 = time.perf_counter()
            await ws.send(back.SerializeToString())
            titled = False
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=600))
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    element = msg.delta.new_element
                    if element.WhichOneof("type") == "exception":
                        errors.append(f"exception: {element.exception.message[:200]}")
                    elif element.WhichOneof("type") == "heading" and element.heading.body == TITLE:
                        titled = True
                if kind == "script_finished":
                    break
            times.append(time.perf_counter() - t0)
            if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                errors.append(f"run ended with status {msg.script_finished}")
            elif not titled:
                errors.append("Tổng quan not rendered (login form?)")
    return times, errors


async def _all(url: str, cookies: list[str], rounds: int) -> list:
    return await asyncio.gather(
        *(_session(url, c, rounds) for c in cookies), return_exceptions=True
    )


def bench_sessions(
    res: Results, work: Path, agencies_csv: Path, *, reports: int, clients: int, rounds: int
) -> dict:
    """Measure ``clients`` sessions rendering Tổng quan together on ~``reports`` reports."""
    db = work / "warehouse_sessions" / "warehouse.duckdb"
    counts = synth.build(db, synth.Spec(reports, (2025,)), agencies_csv)
    auth.create_user(username=USER, password="mat-khau-bench-1", by="bench", db=db)
    cookies = [
        f"{session_cookie.COOKIE}={auth.create_session(USER, db=db)}" for _ in range(clients)
    ]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "REPORTS_DB": str(db), "OMP_THREAD_LIMIT": "1"}
    cmd = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    server_log = db.parent / "server.log"
    with server_log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server stopped: {server_log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not answer within 120 s") from None
                time.sleep(0.2)
        asyncio.run(_all(url, cookies[:1], 1))  # warm-up: imports, page compile, first caches
        t0 = time.perf_counter()
        outcomes = asyncio.run(_all(url, cookies, rounds))
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    times: list[float] = []
    errors: list[str] = []
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            errors.append(f"session failed: {type(outcome).__name__}: {outcome}"[:200])
        else:
            times += outcome[0]
            errors += outcome[1]
    ms = [1000 * t for t in times]
    extra = {"errors": sorted(set(errors)), "error_count": len(errors), "wall_s": round(wall, 1)}
    label = f"sessions.tong_quan.concurrent{clients}"
    note = f"{clients} WebSocket sessions x {rounds} renders, {counts.get('reports')} reports"
    if ms:
        res.add(Metric(f"{label}.median_ms", "sessions", "ms", ms, extra=extra, note=note))
        res.add(Metric(f"{label}.p95_ms", "sessions", "ms", [_percentile(ms, 0.95)], extra=extra))
    res.add(Metric(f"{label}.errors", "sessions", "count", [float(len(errors))], 0, "<=", note))
    for line in sorted(set(errors))[:5]:
        log(f"  sessions: {line}")
    return counts
