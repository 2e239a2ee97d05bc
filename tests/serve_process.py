"""A ``bulletin serve --no-browser`` process and a headless chromium, for tests and benchmarks."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

BULLETIN = [sys.executable, "-c", "from bulletin.cli import main; main()"]
URL = re.compile(r"^http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{24,})$")


class Server:
    """A running ``bulletin serve --no-browser --port 0`` and the first line it printed."""

    def __init__(self, tmp: Path, *args: str) -> None:
        self.tmp = tmp
        env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [*BULLETIN, "serve", "--no-browser", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        assert self.process.stdout is not None
        self.first_line = self.process.stdout.readline().rstrip("\n")
        match = URL.match(self.first_line)
        self.base = f"http://127.0.0.1:{match.group(1)}" if match else ""

    def stop(self, how: int = signal.SIGINT) -> tuple[int, str]:
        """Send ``how``; return the exit code and the rest of what it printed."""
        self.process.send_signal(how)
        out, _err = self.process.communicate(timeout=15)
        return self.process.returncode, out

    def close(self) -> None:
        """Stop it if it still runs."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def chromium(profile: Path, downloads: Path | None = None) -> Any:
    """A headless chromium driven by selenium, with the fresh profile folder ``profile``.

    Debian's chromium and chromedriver, found on the PATH; the flags keep it
    from reaching out (updates, sync, first-run pages).  ``downloads`` is
    where downloads land, without asking.
    """
    import shutil

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1500,1100",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    if downloads is not None:
        options.add_experimental_option(
            "prefs",
            {
                "download.default_directory": str(downloads),
                "download.prompt_for_download": False,
                "safebrowsing.enabled": False,
            },
        )
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or ""), options=options)
