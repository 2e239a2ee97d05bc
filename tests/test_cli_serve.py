"""``bulletin serve``: the URL first, the token required, the temporary folder gone on exit."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("flask", reason="the page needs Flask: pip install '.[web]'")

from bulletin.cli import main
from conftest import EXAMPLES
from serve_process import BULLETIN, URL, Server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A server with the examples folder, its TMPDIR inside the test's folder."""
    started = Server(tmp_path, str(EXAMPLES))
    yield started
    started.close()


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8")


def test_the_first_line_is_the_url_with_its_token(server: Server) -> None:
    """The first line printed is http://127.0.0.1:PORT/?token=…, and that URL serves the page."""
    match = URL.match(server.first_line)
    assert match, server.first_line
    status, page = _get(server.first_line)
    assert status == 200
    assert "重点项目文稿" in page
    port = match.group(1)
    assert _get(f"http://127.0.0.1:{port}/")[0] == 403
    assert _get(f"http://127.0.0.1:{port}/?token=x")[0] == 403


def test_a_foreign_host_name_is_refused_over_the_wire(server: Server) -> None:
    """A request naming another host (as after DNS rebinding) is refused even with the token."""
    status, body = _get(server.first_line, {"Host": "rebind.example:80"})
    assert status == 400
    assert "DNS" in body


STOPS = [signal.SIGINT, signal.SIGTERM]
if hasattr(signal, "SIGHUP"):
    STOPS.append(signal.SIGHUP)


@pytest.mark.parametrize("how", STOPS, ids=["ctrl-c", "terminate", "window-closed"][: len(STOPS)])
def test_stopping_removes_the_uploaded_files(server: Server, how: int) -> None:
    """Ctrl+C, a terminate signal or its terminal window closed: stopped, the upload folder gone."""
    assert URL.match(server.first_line)
    folders = list(server.tmp.glob("bulletin-serve-*"))
    assert len(folders) == 1
    (folders[0] / "abc").mkdir()
    (folders[0] / "abc" / "data.yaml").write_text("x", encoding="utf-8")
    code, out = server.stop(how)
    assert code == 0
    assert "已停止" in out
    assert list(server.tmp.glob("bulletin-serve-*")) == []


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no hang-up signal on Windows")
def test_under_nohup_a_hang_up_does_not_stop_it(tmp_path: Path) -> None:
    """Started with the hang-up signal ignored (nohup), a hang-up leaves it serving."""
    process = subprocess.Popen(
        [*BULLETIN, "serve", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"},
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        process.send_signal(signal.SIGHUP)
        assert _get(url)[0] == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert list(tmp_path.glob("bulletin-serve-*")) == []
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    """Asked for a port someone else holds, serve says so in one line and exits 1."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*BULLETIN, "serve", "--no-browser", "--port", str(port)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "TMPDIR": str(tmp_path)},
            timeout=30,
        )
    assert done.returncode == 1
    assert done.stderr.startswith(f"无法在 127.0.0.1:{port} 上启动")
    assert "Traceback" not in done.stderr
    assert list(tmp_path.glob("bulletin-serve-*")) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], {"host": "127.0.0.1", "port": None, "open_browser": True, "folder": None}),
        (["--no-browser", "--port", "9000"], {"port": 9000, "open_browser": False}),
        (["--host", "0.0.0.0"], {"host": "0.0.0.0"}),
    ],
    ids=["defaults", "no-browser-and-port", "host"],
)
def test_options_reach_the_server(
    monkeypatch: pytest.MonkeyPatch, args: list[str], expected: dict[str, Any]
) -> None:
    """By default: 127.0.0.1, the first free port from 8765, the browser opened."""
    from bulletin import web

    seen: dict[str, Any] = {}
    monkeypatch.setattr(web, "serve", lambda **kwargs: seen.update(kwargs))
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 0, result.output
    assert {k: seen[k] for k in expected} == expected


def test_templates_given_at_start_are_passed_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """-t folders, and those of BULLETIN_TEMPLATES, are the only template folders the page gets."""
    from bulletin import web

    seen: dict[str, Any] = {}
    monkeypatch.setattr(web, "serve", lambda **kwargs: seen.update(kwargs))
    monkeypatch.delenv("BULLETIN_TEMPLATES", raising=False)
    result = CliRunner().invoke(main, ["serve", "-t", str(tmp_path), str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert seen["templates"] == (str(tmp_path),)
    assert seen["folder"] == EXAMPLES


def test_without_flask_serve_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the web extra is not installed, serve names the pip command instead of a traceback."""
    import bulletin

    monkeypatch.setitem(sys.modules, "bulletin.web", None)
    monkeypatch.delattr(bulletin, "web", raising=False)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert 'pip install "bulletin[web]"' in result.output


def test_the_readme_shows_the_page() -> None:
    """The README's section on serve shows the committed screenshot of the page."""
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "](docs/serve.png)" in readme
    assert "bulletin serve" in readme and 'pip install ".[web]"' in readme
    assert (REPO / "docs" / "serve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
