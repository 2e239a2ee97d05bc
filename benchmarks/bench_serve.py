"""Benchmark: ``bulletin serve`` as a secretary meets it, in a real browser; prints medians.

Each run starts a fresh ``bulletin serve --no-browser`` process and measures,
in an already open headless chromium: the first line (the URL) printed; the
page usable (its script has built the form); the six example months dropped
in until the page says they are read; 进展通报 clicked and 生成 pressed until
the preview shows the bulletin.  Times in the page are taken by the page's own
clock (``performance.now``), so the driver's round trips are not counted.
The server's own CPU time to each point is given too: on a machine shared
with other work, wall times grow with their load, CPU times do not.

    SE_OFFLINE=true python benchmarks/bench_serve.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from serve_process import BULLETIN, chromium  # noqa: E402  (the tests' own browser)

MONTHS = sorted((ROOT / "examples").glob("*.yaml"))

# Clicks 生成 and resolves when the preview holds the bulletin: the page's own clock.
_RENDER = """
const done = arguments[arguments.length - 1];
const preview = document.getElementById("preview");
const start = performance.now();
const seen = new MutationObserver(() => {
  if (preview.querySelector(".doc")) {
    seen.disconnect();
    done(performance.now() - start);
  }
});
seen.observe(preview, {childList: true, subtree: true});
document.getElementById("render").click();
"""

# Resolves when the status line says the dropped files are read.
_READ = """
const done = arguments[arguments.length - 1];
const status = document.getElementById("status");
const start = performance.now();
const seen = new MutationObserver(() => {
  if (status.textContent.startsWith("已读入")) {
    seen.disconnect();
    done(performance.now() - start);
  }
});
seen.observe(status, {childList: true, subtree: true, characterData: true});
document.getElementById("ledger").dispatchEvent(new Event("change"));
"""


def _cpu_ms(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in ms: others cannot inflate it."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _run_once(driver: WebDriver, tmp: Path) -> dict[str, float]:
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    server = subprocess.Popen(
        [*BULLETIN, "serve", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        printed = time.perf_counter() - started
        driver.get(url)
        WebDriverWait(driver, 20, poll_frequency=0.01).until(
            lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready")
        )
        usable = time.perf_counter() - started
        cpu_usable = _cpu_ms(server.pid)
        # The files are set on the input without firing its change event, then
        # the event is fired under the page's clock.
        driver.execute_script(
            "document.getElementById('ledger').addEventListener("
            "'change', e => e.stopImmediatePropagation(), {once: true, capture: true});"
        )
        driver.find_element(By.ID, "ledger").send_keys("\n".join(map(str, MONTHS)))
        read_ms = driver.execute_async_script(_READ)
        driver.find_element(By.CSS_SELECTOR, '#kind input[value="progress"]').click()
        cpu_read = _cpu_ms(server.pid)
        render_ms = driver.execute_async_script(_RENDER)
        cpu_render = _cpu_ms(server.pid)
        return {
            "url printed": printed * 1000,
            "page usable": usable * 1000,
            "six months read": float(read_ms),
            "render → preview": float(render_ms),
            "server CPU to usable": cpu_usable,
            "server CPU to read": cpu_read - cpu_usable,
            "server CPU to render": cpu_render - cpu_read,
        }
    finally:
        server.terminate()
        server.wait(timeout=15)
        if server.stdout is not None:
            server.stdout.close()


def main(argv: list[str] | None = None) -> int:
    """Run ``--runs`` fresh servers and print the median of each figure, in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("SE_OFFLINE", "true")
    profile = tempfile.mkdtemp(prefix="bench-serve-chromium-")
    driver = chromium(Path(profile))
    results: dict[str, list[float]] = {}
    try:
        driver.get("about:blank")
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
                for name, value in _run_once(driver, Path(tmp)).items():
                    results.setdefault(name, []).append(value)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"bulletin serve, {args.runs} fresh servers, median (min–max) in ms:")
    for name, values in results.items():
        print(
            f"  {name:<22} {statistics.median(values):7.0f}  ({min(values):.0f}–{max(values):.0f})"
        )
    total = [
        a + b for a, b in zip(results["six months read"], results["render → preview"], strict=True)
    ]
    print(f"  {'read + render':<22} {statistics.median(total):7.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
