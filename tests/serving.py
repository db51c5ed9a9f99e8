"""A real `streamlit run serve.py` for tests, and the requests a browser (or an attacker) sends it.

``served`` starts the server on a free port and stops it on leaving; ``BrowserSession`` opens the
app's WebSocket the way the page does, so Streamlit knows a live session id to upload into;
``put_file`` sends one file to Streamlit's upload route as the file uploader does.
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, wait_until
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect as ws_connect

XSRF_COOKIE = "_streamlit_xsrf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path

    def rss_kib(self) -> int:
        """Return the server process's resident memory (VmRSS) in KiB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")


@contextmanager
def served(tmp_path: Path, **env: str) -> Iterator[Server]:
    """Run `streamlit run serve.py` on a fresh warehouse in ``tmp_path``; stop it on leaving."""
    port = free_port()
    full_env = {**os.environ, "REPORTS_DB": str(tmp_path / "w.duckdb"), "OMP_THREAD_LIMIT": "1"}
    full_env.setdefault("REPORTS_ADMIN_PASSWORD", "Thu-may-chu-123")
    full_env.update(env)
    cmd = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    log = tmp_path / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        server = Server(f"http://127.0.0.1:{port}", proc, log)

        def up() -> bool:
            assert proc.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=5) as r:
                    return r.status == 200
            except OSError:
                return False

        try:
            wait_until(up, what="streamlit run serve.py")
            yield server
        finally:
            proc.terminate()
            proc.wait(timeout=60)


def xsrf_token(url: str, context: ssl.SSLContext | None = None) -> str:
    """Return the XSRF token Streamlit hands any visitor (its health route sets the cookie)."""
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30, context=context) as r:
        cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{XSRF_COOKIE}="), cookie
    return cookie.split(";")[0].split("=", 1)[1]


class BrowserSession:
    """The app's WebSocket, opened as the page opens it; ``session_id`` names it for uploads."""

    def __init__(
        self, url: str, cookie: str = "", *, context: ssl.SSLContext | None = None
    ) -> None:
        self.url = url
        self.xsrf = xsrf_token(url, context)
        cookies = f"{XSRF_COOKIE}={self.xsrf}" + (f"; {cookie}" if cookie else "")
        self._stack = ExitStack()
        self.ws = self._stack.enter_context(
            ws_connect(
                url.replace("http", "ws", 1) + "/_stcore/stream",
                subprotocols=["streamlit", self.xsrf],
                origin=url,
                additional_headers={"Cookie": cookies},
                max_size=None,
                open_timeout=30,
                ssl=context,
            )
        )
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_script_hash = ""
        self.ws.send(back.SerializeToString())
        self.session_id = ""
        while True:  # read the whole first run, so the app is warm
            msg = ForwardMsg()
            msg.ParseFromString(self.ws.recv(timeout=120))
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id
            if kind == "script_finished":
                break
        assert self.session_id

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> BrowserSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def put_file(
    session: BrowserSession,
    data: bytes,
    *,
    cookie: str = "",
    name: str = "bao-cao.docx",
    declare_length: bool = True,
) -> tuple[int | None, str]:
    """PUT one file to Streamlit's upload route; return (status, body), status None if cut off.

    The whole body is sent even when the server answers early, as a hostile client would.
    """
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    host = session.url.removeprefix("http://")
    conn = http.client.HTTPConnection(host, timeout=120)
    path = f"/_stcore/upload_file/{session.session_id}/{uuid.uuid4()}"
    conn.putrequest("PUT", path)
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("X-Xsrftoken", session.xsrf)
    cookies = f"{XSRF_COOKIE}={session.xsrf}" + (f"; {cookie}" if cookie else "")
    conn.putheader("Cookie", cookies)
    if declare_length:
        conn.putheader("Content-Length", str(len(body)))
    else:
        conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    try:
        step = 1024 * 1024
        for start in range(0, len(body), step):
            chunk = body[start : start + step]
            conn.send(chunk if declare_length else b"%x\r\n%s\r\n" % (len(chunk), chunk))
        if not declare_length:
            conn.send(b"0\r\n\r\n")
    except OSError:
        pass  # the server answered and closed before the body was all sent
    try:
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError:
        return None, ""
    finally:
        conn.close()
