"""The page in a real browser: Debian's chromium driven by selenium against ``bulletin serve``.

Upload the example months, pick 进展通报, render, read the preview, hover a
figure, download the .docx and open it; a bad file shows its located errors;
odd data (no meeting, no 表彰名单, markup in names, a large ledger) reads right.
Skipped with a reason where chromium, chromedriver or selenium are absent.
"""

from __future__ import annotations

import copy
import io
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("flask", reason="the page needs Flask: pip install '.[web]'")
pytest.importorskip("selenium", reason="the browser test needs selenium: pip install '.[test]'")

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from bulletin.load import load_path
from conftest import EXAMPLES, minimal_report_data
from serve_process import Server, chromium

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip(
        "the browser test needs Debian's chromium and chromium-driver "
        "(apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )

MONTHS = sorted(EXAMPLES.glob("*.yaml"))
#: Where screenshots go when asked for: the README's docs/serve.png is serve-after.png, taken
#: with BULLETIN_SCREENSHOTS=/tmp/shots python -m pytest tests/test_web_browser.py
SHOTS = os.environ.get("BULLETIN_SCREENSHOTS")


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The browser's download folder."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[WebDriver]:
    """A headless chromium with a fresh profile, offline, downloading into ``downloads``."""
    profile = Path(tempfile.mkdtemp(prefix="bulletin-chromium-"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # selenium must not look for drivers online
        driver = chromium(profile, downloads)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``bulletin serve --no-browser``, started as a user would."""
    started = Server(tmp_path_factory.mktemp("serve"))
    assert started.base, started.first_line
    yield started
    started.close()


def _wait(browser: WebDriver, what: Callable[[WebDriver], Any], seconds: float = 60) -> Any:
    return WebDriverWait(browser, seconds, poll_frequency=0.05).until(what)


def _open(browser: WebDriver, server: Server) -> None:
    browser.get(server.first_line)
    _wait(browser, lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready"))


def _steps(browser: WebDriver) -> int:
    """How many of the user's actions the page has answered and shown (body[data-steps])."""
    return int(browser.find_element(By.TAG_NAME, "body").get_attribute("data-steps") or 0)


def _answered(browser: WebDriver, act: Callable[[], None]) -> None:
    """Do ``act`` and wait until the page has shown its answer."""
    before = _steps(browser)
    act()
    _wait(browser, lambda b: _steps(b) > before)


def _upload(browser: WebDriver, *paths: Path) -> None:
    field = browser.find_element(By.ID, "ledger")
    _answered(browser, lambda: field.send_keys("\n".join(str(p) for p in paths)))


def _kind(browser: WebDriver, kind: str) -> WebElement:
    return browser.find_element(By.CSS_SELECTOR, f'#kind input[value="{kind}"]')


def _render(browser: WebDriver, *kinds: str) -> None:
    for kind in kinds:
        box = _kind(browser, kind)
        if not box.is_selected():
            box.click()
    _answered(browser, browser.find_element(By.ID, "render").click)


def _errors(browser: WebDriver) -> list[str]:
    box = browser.find_element(By.ID, "errors")
    if not box.is_displayed():
        return []
    return [li.text for li in box.find_elements(By.TAG_NAME, "li")[1:]]


def _shot(browser: WebDriver, name: str, tmp: Path) -> Path:
    folder = Path(SHOTS) if SHOTS else tmp
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    browser.save_screenshot(str(path))
    return path


def _write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _june(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(load_path(EXAMPLES / "2025-06.yaml").data)
    data.pop("previous")
    edit(data)
    return data


def test_upload_render_preview_download(
    browser: WebDriver, server: Server, downloads: Path, tmp_path: Path
) -> None:
    """The whole errand: examples in, 进展通报 rendered, previewed with figures, .docx opened."""
    from docx import Document

    _open(browser, server)
    before = _shot(browser, "serve-before.png", tmp_path)
    assert before.stat().st_size > 10_000
    assert browser.find_element(By.ID, "preview").text.startswith("初稿会显示在这里")

    _upload(browser, *MONTHS)
    assert _errors(browser) == []
    assert "已读入 2025-06.yaml" in browser.find_element(By.ID, "status").text
    started = time.perf_counter()
    _render(browser, "progress")
    seconds = time.perf_counter() - started
    preview = browser.find_element(By.ID, "preview")
    text = preview.text
    assert "关于2025年1—6月全市" in text and "重点项目建设进展情况的通报" in text
    assert "一、总体进展情况" in text
    assert "项目安排。" in text
    figures = preview.find_elements(By.CSS_SELECTOR, ".fig")
    assert len(figures) >= 30
    print(f"render and preview in the browser: {seconds:.2f} s")

    rate = next(f for f in figures if f.get_attribute("data-label") == "全市重点项目投资完成率")
    # Scroll the draft, not the window, so that the picture shows the whole page.
    browser.execute_script(
        "const p = document.getElementById('preview');"
        "p.scrollTop = arguments[0].offsetTop - p.offsetTop - p.clientHeight / 3;",
        rate,
    )
    tip = browser.find_element(By.ID, "tip")

    def hovered(b: WebDriver) -> bool:
        # Hovered again at each look, from the download link outside the draft so
        # that each look is a new mouseover: on a busy machine the draft may still
        # be scrolling under the pointer when the first move lands, and a move to
        # where the pointer already is makes no event.
        away = b.find_element(By.CSS_SELECTOR, 'a.download[data-format="docx"]')
        ActionChains(b).move_to_element(away).move_to_element(rate).perform()
        return bool(tip.is_displayed())

    _wait(browser, hovered)
    assert "全市重点项目投资完成率" in tip.text
    assert "算法：" in tip.text and "数据：" in tip.text and "÷" in tip.text
    _shot(browser, "serve-after.png", tmp_path)

    link = browser.find_element(By.CSS_SELECTOR, 'a.download[data-format="docx"]')
    assert link.get_attribute("download") == "2025-06-进展通报.docx"
    link.click()
    target = downloads / "2025-06-进展通报.docx"
    _wait(browser, lambda _b: target.is_file() and target.stat().st_size > 10_000)
    paragraphs = [p.text for p in Document(io.BytesIO(target.read_bytes())).paragraphs]
    assert any(p.startswith("一、总体进展情况") for p in paragraphs)
    assert any("重点项目建设进展情况的通报" in p for p in paragraphs)


def test_a_bad_file_shows_located_errors_and_no_draft(
    browser: WebDriver, server: Server, tmp_path: Path
) -> None:
    """Two faults: both listed in #errors with file:line:col, and nothing is previewed."""
    _open(browser, server)
    text = yaml.safe_dump(minimal_report_data(), allow_unicode=True, sort_keys=False)
    text = text.replace("planned: 3000", "planned: 约5000").replace("unit: 东城区", "unit: 南城区")
    bad = tmp_path / "坏数据.yaml"
    bad.write_text(text, encoding="utf-8")
    _upload(browser, bad)
    errors = _errors(browser)
    assert len(errors) == 2
    assert all(e.startswith("坏数据.yaml:") for e in errors)
    assert any("projects[0].planned" in e for e in errors)
    _render(browser, "progress")
    assert browser.find_element(By.ID, "errors").is_displayed()
    assert browser.find_elements(By.CSS_SELECTOR, "#preview .doc") == []
    assert browser.find_elements(By.CSS_SELECTOR, "a.download") == []
    _shot(browser, "serve-errors.png", tmp_path)


def test_kinds_the_data_cannot_make_say_why(
    browser: WebDriver, server: Server, tmp_path: Path
) -> None:
    """No meeting, no 表彰名单: 表彰通报 cannot be ticked and says why; 讲话 names what lacks."""
    _open(browser, server)
    _upload(browser, _write(tmp_path, "简单.yaml", minimal_report_data()))
    assert _errors(browser) == []
    commendation = _kind(browser, "commendation")
    assert not commendation.is_enabled()
    reason = browser.find_element(By.ID, "reason-commendation").text
    assert reason.startswith("无法生成：") and "表彰名单" in reason
    assert "没有会议信息" in browser.find_element(By.ID, "reason-speech").text
    _render(browser, "speech")
    assert "同志们" in browser.find_element(By.ID, "preview").text
    assert "没有会议信息" in browser.find_element(By.ID, "warnings").text


def test_markup_in_names_is_shown_as_written(
    browser: WebDriver, server: Server, tmp_path: Path
) -> None:
    """A project named with < > & " ' and a script shows as text; no element, no alert."""
    name = "<img src=x onerror=alert(1)>&\"甲\"'乙'<script>alert(2)</script>"

    def edit(data: dict[str, Any]) -> None:
        data["projects"][0]["name"] = name
        data["projects"][0]["completed"] = 0

    _open(browser, server)
    _upload(browser, _write(tmp_path, "2025-06.yaml", _june(edit)))
    _render(browser, "progress")
    preview = browser.find_element(By.ID, "preview")
    assert name in preview.text
    assert preview.find_elements(By.TAG_NAME, "img") == []
    assert preview.find_elements(By.TAG_NAME, "script") == []
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text


def test_a_large_ledger_renders_with_every_project_in_the_annex(
    browser: WebDriver, server: Server, tmp_path: Path
) -> None:
    """2,000 projects: the 通报 renders and its annex table lists every one."""

    def edit(data: dict[str, Any]) -> None:
        base = data["projects"]
        data["projects"] = [
            {**copy.deepcopy(base[i % len(base)]), "name": f"第{i + 1}号重点项目"}
            for i in range(2000)
        ]
        data.pop("last_year", None)
        data["meeting"].pop("visits", None)  # the visits name projects renamed here

    _open(browser, server)
    _upload(browser, _write(tmp_path, "2025-06.yaml", _june(edit)))
    assert _errors(browser) == []
    _render(browser, "progress")
    # Counted in the page: fetching 2,000 elements one by one would take the driver minutes.
    rows = browser.execute_script(
        "return document.querySelectorAll('#preview .attachment tbody tr').length"
    )
    assert rows >= 2000
    last = browser.execute_script(
        "return document.querySelector('#preview .attachment tbody tr:last-child').textContent"
    )
    assert "第2000号重点项目" in last


def test_a_workbook_alone_renders_and_a_bad_one_shows_its_cells(
    browser: WebDriver, server: Server, tmp_path: Path
) -> None:
    """台账.xlsx alone gives the 通报; a workbook with four faults lists each at its cell."""
    from bulletin.source import load_report
    from bulletin.writers.xlsx import ledger_workbook

    ledger = tmp_path / "台账.xlsx"
    projects = load_report(EXAMPLES / "2025-06.yaml").projects
    ledger_workbook(projects, ledger, title="示例市2025年1—6月重点项目台账")
    _open(browser, server)
    _upload(browser, ledger)
    assert _errors(browser) == []
    view = browser.find_element(By.ID, "ledger-view")
    assert view.is_displayed()
    view.find_element(By.TAG_NAME, "summary").click()
    assert "台账.xlsx · 台账：表头在第3行，96 个项目" in view.text
    assert "年度计划投资" in view.text
    _render(browser, "progress")
    assert "重点项目建设进展情况的通报" in browser.find_element(By.ID, "preview").text
    assert (
        browser.find_element(By.CSS_SELECTOR, 'a.download[data-format="docx"]').get_attribute(
            "download"
        )
        == "2025-06-进展通报.docx"
    )

    bad = Path(__file__).parent / "bad_ledgers" / "several_faults.xlsx"
    _answered(browser, browser.find_element(By.ID, "clear").click)
    assert browser.find_element(By.ID, "status").text == "已清空。"
    _upload(browser, bad)
    expected = bad.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert _errors(browser) == expected
    assert expected[0].startswith("several_faults.xlsx:东城区!E4: ")
    assert browser.find_element(By.ID, "ledger-view").is_displayed()  # how it was read, still
    assert browser.find_elements(By.CSS_SELECTOR, "#preview .doc") == []


def test_a_bad_file_after_a_good_one_keeps_nothing_of_the_good_ones_kinds(
    browser: WebDriver, server: Server, tmp_path: Path
) -> None:
    """Notes and greyed-out kinds of the file read before do not stay beside a file with errors."""
    from selenium.webdriver.support.ui import Select

    bad = minimal_report_data()
    bad["projects"][0]["unit"] = "南城区"
    _open(browser, server)
    _upload(
        browser,
        _write(tmp_path, "简单.yaml", minimal_report_data()),
        _write(tmp_path, "坏.yaml", bad),
    )
    assert not _kind(browser, "commendation").is_enabled()
    assert browser.find_element(By.ID, "reason-speech").text
    month = Select(browser.find_element(By.ID, "month"))
    _answered(browser, lambda: month.select_by_value("坏.yaml"))
    assert _errors(browser)
    assert _kind(browser, "commendation").is_enabled()
    reasons = browser.find_elements(By.CSS_SELECTOR, "#kind .reason")
    assert [r.text for r in reasons] == [""] * len(reasons)


def test_ledger_view_keeps_each_sample_number_whole(
    browser: WebDriver, server: Server, tmp_path: Path
) -> None:
    """In the narrow 台账读取方式 table a sample 40000 stays on one line, not 4000⏎0."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["华阳市2025年1—10月重点项目"])
    ws.append(["项目名称", "县区", "性质", "总投资", "年度计划投资", "1—10月累计完成投资"])
    ws.append(["华阳大桥", "华东区", "续建", 40000, 150000, 1234567])
    wb.save(tmp_path / "台账.xlsx")
    _open(browser, server)
    _upload(browser, tmp_path / "台账.xlsx")
    view = browser.find_element(By.ID, "ledger-view")
    view.find_element(By.TAG_NAME, "summary").click()
    # The lines a cell's text is laid out on: one rectangle per line.
    lines = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('#ledger-view td')]"
        ".filter(td => /^[0-9]+$/.test(td.textContent)).map(td => {"
        "const r = document.createRange(); r.selectNodeContents(td);"
        "return [td.textContent, r.getClientRects().length]; }))"
    )
    assert lines == {"40000": 1, "150000": 1, "1234567": 1}
