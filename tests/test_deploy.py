"""The committed reverse-proxy configuration works in front of the real app (issue 7/7, item 2).

docs/deploy/nginx.conf is run as written, only its ports and certificate paths changed, with a
certificate made here, in front of `streamlit run serve.py`. Skipped when nginx is not installed
(`make system-deps` installs it).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import ssl
import subprocess
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, wait_until
from serving import BrowserSession, free_port, served

from ui import session_cookie

CONF = ROOT / "docs" / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make system-deps)"),
]


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
    args += ["-keyout", str(key), "-out", str(cert), "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(["openssl", *args], check=True, capture_output=True)
    return cert, key


def _site(app_port: int, https_port: int, http_port: int, cert: Path, key: Path) -> str:
    """Return docs/deploy/nginx.conf with this test's ports and certificate."""
    text = CONF.read_text(encoding="utf-8")
    swaps = {
        "server 127.0.0.1:8501;": f"server 127.0.0.1:{app_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "/etc/ssl/certs/bao-cao.pem": str(cert),
        "/etc/ssl/private/bao-cao.key": str(key),
    }
    for old, new in swaps.items():
        assert text.count(old) == 1, old  # the file still has the shape this test expects
        text = text.replace(old, new)
    return text


@pytest.fixture
def proxied(tmp_path: Path):
    """Yield (https URL, SSL context trusting the test certificate, app server) behind nginx."""
    cert, key = _certificate(tmp_path)
    with served(tmp_path) as app:
        app_port = int(app.url.rsplit(":", 1)[1])
        https_port, http_port = free_port(), free_port()
        (tmp_path / "site.conf").write_text(_site(app_port, https_port, http_port, cert, key))
        temp = "".join(f"{kind}_temp_path {tmp_path}/{kind};\n" for kind in (
            "client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's folder
        (tmp_path / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\n"
            f"error_log {tmp_path}/nginx-error.log;\nevents {{}}\n"
            f"http {{\naccess_log off;\n{temp}include {tmp_path}/site.conf;\n}}\n"
        )
        cmd = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
        check = subprocess.run([*cmd, "-t"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        proxy = subprocess.Popen(cmd, stderr=subprocess.PIPE)
        url = f"https://127.0.0.1:{https_port}"
        context = ssl.create_default_context(cafile=str(cert))

        def up() -> bool:
            assert proxy.poll() is None, (tmp_path / "nginx-error.log").read_text()
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", context=context) as r:
                    return r.status == 200
            except OSError:
                return False

        try:
            wait_until(up, what="nginx in front of serve.py")
            yield url, context, app
        finally:
            proxy.terminate()
            proxy.wait(timeout=30)


def test_health_through_the_proxy_over_https(proxied):
    url, context, _ = proxied
    with urllib.request.urlopen(f"{url}/_stcore/health", context=context, timeout=30) as r:
        assert r.status == 200 and r.read() == b"ok"
        assert "max-age" in r.headers["strict-transport-security"]


def test_the_login_cookie_comes_back_secure_through_the_proxy(proxied):
    url, context, _ = proxied
    conn = http.client.HTTPSConnection(url.removeprefix("https://"), context=context, timeout=30)
    conn.request("GET", session_cookie.CLOSE_PATH)
    response = conn.getresponse()
    cookie = response.getheader("set-cookie")
    assert response.status == 303 and cookie.startswith(f'{session_cookie.COOKIE}="";')
    assert re.search(r";\s*Secure", cookie) and "HttpOnly" in cookie


def test_the_page_websocket_is_upgraded_through_the_proxy(proxied):
    url, context, _ = proxied
    with BrowserSession(url, context=context) as browser:  # reads the app's whole first run
        assert browser.session_id


def test_an_oversized_upload_is_refused_by_the_proxy(proxied):
    url, context, app = proxied
    before = app.log.read_text()
    conn = http.client.HTTPSConnection(url.removeprefix("https://"), context=context, timeout=60)
    conn.putrequest("PUT", "/_stcore/upload_file/any-session/any-file")
    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
    conn.putheader("Content-Length", str(51 * 1024 * 1024))
    conn.endheaders()
    response = conn.getresponse()  # answered on the headers alone
    assert response.status == 413
    assert response.getheader("server", "").startswith("nginx")
    assert response.read().decode() == "Tệp quá lớn: mỗi tệp tải lên tối đa 50 MB.\n"
    assert app.log.read_text() == before  # the app never heard of it
