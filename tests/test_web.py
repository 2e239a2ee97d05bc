"""The page's routes, in-process: token and Host checks, uploads, render, downloads, errors."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

pytest.importorskip("flask", reason="the page needs Flask: pip install '.[web]'")

from flask.testing import FlaskClient

from bulletin import preview, web
from bulletin.compose import Composer
from bulletin.load import load_path
from conftest import EXAMPLES, minimal_report_data

TOKEN = "test-token-0123456789"
AUTH = {"X-Bulletin-Token": TOKEN}
MONTHS = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    """The server's temporary upload folder (inside the test's own folder)."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    return folder


# Compiled once for the module: compiling the built-in templates is most of a first render.
COMPOSER = Composer()


def _client(uploads: Path, **config: Any) -> FlaskClient:
    composer = None if config.get("templates") else COMPOSER
    app = web.create_app(web.Config(token=TOKEN, uploads=uploads, **config), composer)
    return app.test_client()


@pytest.fixture
def client(uploads: Path) -> FlaskClient:
    """A page server with the examples folder to choose from."""
    return _client(uploads, folder=EXAMPLES)


def _upload(client: FlaskClient, files: dict[str, bytes], **form: str) -> Any:
    data: dict[str, Any] = {"files": [(io.BytesIO(b), name) for name, b in files.items()], **form}
    return client.post("/api/upload", data=data, headers=AUTH, content_type="multipart/form-data")


def _raw_upload(client: FlaskClient, disposition: bytes, content: bytes) -> Any:
    """POST one file part whose Content-Disposition parameters are exactly ``disposition``."""
    boundary = b"----bulletin-test-boundary"
    body = (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="files"; ' + disposition + b"\r\n"
        b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n"
        b"--" + boundary + b"--\r\n"
    )
    return client.post(
        "/api/upload",
        data=body,
        headers={**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary.decode()}"},
    )


def _examples() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in MONTHS}


def _yaml(data: object) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _render(client: FlaskClient, set_id: str, file: str, kinds: list[str], **options: Any) -> Any:
    body = {"source": "upload", "set": set_id, "file": file, "kinds": kinds, **options}
    return client.post("/api/render", json=body, headers=AUTH)


def _june_with(edit: Any) -> bytes:
    data = copy.deepcopy(load_path(EXAMPLES / "2025-06.yaml").data)
    data.pop("previous")
    edit(data)
    return _yaml(data)


# ---------------------------------------------------------------------------
# Token, Host, Origin


def test_the_page_needs_the_token(client: FlaskClient) -> None:
    """Without the token, or with a wrong one, the page is refused; with it, it is served."""
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    served = client.get(f"/?token={TOKEN}")
    assert served.status_code == 200
    assert f'content="{TOKEN}"' in served.get_data(as_text=True)


def test_the_token_cookie_serves_the_page_files(uploads: Path) -> None:
    """After the page is opened with its token, its script and style come with the cookie alone."""
    client = _client(uploads)
    assert client.get("/assets/page.js").status_code == 403
    client.get(f"/?token={TOKEN}")
    script = client.get("/assets/page.js")
    assert script.status_code == 200
    assert script.mimetype == "text/javascript"
    assert client.get("/assets/page.css").mimetype == "text/css"
    assert client.get("/assets/index.html").status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/render", "/api/upload", "/api/open", "/api/clear"], ids=lambda p: p[5:]
)
def test_a_change_needs_the_token_in_a_header_not_only_the_cookie(
    client: FlaskClient, path: str
) -> None:
    """A cookie alone (all another site could make the browser send) changes nothing: 403."""
    client.get(f"/?token={TOKEN}")
    assert client.post(path, json={}).status_code == 403
    assert client.post(f"{path}?token={TOKEN}", json={}).status_code == 403
    assert client.post(path, json={}, headers=AUTH).status_code != 403


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost", True),
        ("127.0.0.1:8765", True),
        ("localhost:8765", True),
        ("[::1]:8765", True),
        ("evil.example", False),
        ("evil.example:8765", False),
        ("127.0.0.1.nip.io:8765", False),
        ("localhost.evil.example", False),
        ("192.168.1.20:8765", False),
        ("", False),
    ],
    ids=lambda v: str(v) or "empty",
)
def test_host_header_must_name_this_machine(client: FlaskClient, host: str, allowed: bool) -> None:
    """A DNS name rebound to 127.0.0.1 gets nothing, even with the token: 400."""
    response = client.get(f"/?token={TOKEN}", headers={"Host": host})
    assert response.status_code == (200 if allowed else 400)


def test_listening_beyond_loopback_accepts_addresses_not_names(uploads: Path) -> None:
    """Started with --host 0.0.0.0, any IP address may be used; a foreign name still may not."""
    client = _client(uploads, any_ip=True, hosts=frozenset({"office-pc"}))
    for host, status in (
        ("192.168.1.20:8765", 200),
        ("office-pc:8765", 200),
        ("evil.example", 400),
    ):
        assert client.get(f"/?token={TOKEN}", headers={"Host": host}).status_code == status


def test_a_request_from_another_site_is_refused(client: FlaskClient) -> None:
    """A POST whose Origin is another site is refused even with the token."""
    headers = {**AUTH, "Origin": "http://evil.example"}
    assert client.post("/api/open", json={}, headers=headers).status_code == 403
    ours = {**AUTH, "Origin": "http://localhost:8765"}
    assert client.post("/api/open", json={}, headers=ours).status_code == 400


def test_responses_forbid_foreign_scripts_framing_and_referrers(client: FlaskClient) -> None:
    """Every answer carries a strict CSP, no framing, no referrer (the token is in the URL)."""
    response = client.get(f"/?token={TOKEN}")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert "SameSite=Strict" in response.headers["Set-Cookie"]


# ---------------------------------------------------------------------------
# Uploads: names, size


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("data.yaml", "data.yaml"),
        ("../../evil.yaml", "evil.yaml"),
        ("/etc/evil.yaml", "evil.yaml"),
        ("..\\..\\evil.yaml", "evil.yaml"),
        ("C:\\Users\\me\\..\\evil.yaml", "evil.yaml"),
        ("ev\x00il.yaml", "evil.yaml"),
        ("evil.yaml\x00.exe", None),
        ("evil.yaml.", "evil.yaml"),
        ("台账 (1).xlsx", "台账 (1).xlsx"),
        ("a" * 200 + ".yaml", None),
        ("..", None),
        (".", None),
        ("", None),
        ("../", None),
        (".hidden.yaml", None),
        ("evil.exe", None),
        ("evil.j2", None),
        ("C:evil.yaml", "evil.yaml"),
        ("a<b>|c?.yaml", "abc.yaml"),
        ("CON.yaml", None),
        ("com1.data.yaml", None),
    ],
    ids=[
        "plain", "traversal", "absolute", "windows-dotdot", "windows-absolute", "nul",
        "nul-then-suffix", "trailing-dot", "chinese-with-space", "very-long", "dotdot", "dot",
        "empty", "dotdot-slash", "hidden", "not-data", "template", "drive-relative",
        "windows-forbidden", "device", "device-with-dots",
    ],
)  # fmt: skip
def test_uploaded_names_become_plain_file_names(raw: str, kept: str | None) -> None:
    """Only the last part of a name is kept; names that are no data file are refused."""
    assert web.safe_name(raw) == kept


@pytest.mark.parametrize(
    "disposition",
    [
        b'filename="../../evil.yaml"',
        b'filename="/tmp/evil.yaml"',
        b'filename="..\\\\..\\\\evil.yaml"',
        b'filename="C:\\\\Users\\\\..\\\\evil.yaml"',
        b'filename="C:evil.yaml"',
        b'filename="ev\x00il.yaml"',
        b"filename*=UTF-8''..%2F..%2Fevil.yaml",
        b'filename="' + b"../" * 300 + b'evil.yaml"',
    ],
    ids=[
        "traversal", "absolute", "windows-dotdot", "windows-absolute", "drive-relative", "nul",
        "rfc5987-encoded", "deep-traversal",
    ],
)  # fmt: skip
def test_an_upload_never_lands_outside_its_folder(
    client: FlaskClient, uploads: Path, tmp_path: Path, disposition: bytes
) -> None:
    """Whatever name a client sends, the file is kept inside the upload folder, nowhere else."""
    answer = _raw_upload(client, disposition, _yaml(minimal_report_data())).get_json()
    assert answer["files"] == ["evil.yaml"]
    kept = list(tmp_path.rglob("*.yaml"))
    assert kept == [uploads / answer["set"] / "evil.yaml"]


def test_refused_names_are_reported_and_the_rest_kept(client: FlaskClient) -> None:
    """A batch with a program and a data file keeps the data file and says why not the other."""
    answer = _upload(client, {"run.exe": b"MZ", "data.yaml": _yaml(minimal_report_data())})
    body = answer.get_json()
    assert body["files"] == ["data.yaml"]
    assert body["refused"] == [
        "run.exe: 不是数据文件：只接受 .yaml/.yml 数据文件和 .xlsx/.xlsm/.xls/.ods/.et 台账"
    ]


def test_an_upload_of_nothing_usable_is_refused(client: FlaskClient) -> None:
    """Only refused files: 400 with the reason for each."""
    response = _upload(client, {"a" * 200 + ".yaml": b"x"})
    assert response.status_code == 400
    assert "文件名太长" in response.get_json()["errors"][0]


def test_uploads_over_20_mb_are_refused(client: FlaskClient, uploads: Path) -> None:
    """A request over 20 MB is refused with a message in Chinese and nothing is kept."""
    assert web.MAX_UPLOAD == 20 * 1024 * 1024
    big = b"#" * (web.MAX_UPLOAD + 1)
    response = _raw_upload(client, b'filename="big.yaml"', big)
    assert response.status_code == 413
    assert response.get_json() == {"errors": ["文件太大：一次最多上传 20 MB"]}
    assert list(uploads.iterdir()) == []


def test_uploads_under_the_limit_are_accepted(uploads: Path) -> None:
    """The limit has two sides: a configured 2 KB limit takes 1 KB and refuses 3 KB."""
    client = _client(uploads, max_upload=2048)
    assert _upload(client, {"a.yaml": b"# " + b"x" * 1000}).status_code == 200
    assert _upload(client, {"b.yaml": b"# " + b"x" * 3000}).status_code == 413


def test_a_second_upload_adds_to_the_same_files(client: FlaskClient) -> None:
    """Files dropped later join those already there, so a missing previous month can be added."""
    first = _upload(client, {"2025-06.yaml": (EXAMPLES / "2025-06.yaml").read_bytes()}).get_json()
    assert first["errors"] and "2025-05.yaml" in first["errors"][-1]
    rest = {n: b for n, b in _examples().items() if n != "2025-06.yaml"}
    second = _upload(client, rest, set=first["set"]).get_json()
    assert second["set"] == first["set"]
    assert second["file"] == "2025-06.yaml"
    assert second["errors"] == []


def test_an_upload_set_cannot_be_named_by_a_path(client: FlaskClient, uploads: Path) -> None:
    """A set id that is not one of ours starts a new set; it never names a folder."""
    answer = _upload(client, {"a.yaml": _yaml(minimal_report_data())}, set="../..").get_json()
    assert (uploads / answer["set"] / "a.yaml").is_file()
    body = {"source": "upload", "set": "../..", "file": "a.yaml"}
    assert client.post("/api/open", json=body, headers=AUTH).status_code == 400


def test_clear_removes_the_uploaded_files(client: FlaskClient, uploads: Path) -> None:
    """清空 deletes the set's folder."""
    answer = _upload(client, {"a.yaml": _yaml(minimal_report_data())}).get_json()
    assert client.post("/api/clear", json={"set": answer["set"]}, headers=AUTH).status_code == 200
    assert not (uploads / answer["set"]).exists()


# ---------------------------------------------------------------------------
# Upload, render, download


@pytest.fixture
def june(client: FlaskClient) -> str:
    """The six example months uploaded; returns the set id."""
    answer = _upload(client, _examples()).get_json()
    assert answer["errors"] == [] and answer["file"] == "2025-06.yaml"
    return str(answer["set"])


def test_upload_tells_what_the_data_can_make(client: FlaskClient) -> None:
    """After the examples are uploaded, June is chosen and every kind is available."""
    answer = _upload(client, _examples()).get_json()
    assert answer["files"] == [p.name for p in MONTHS]
    assert answer["period"] == "2025-06"
    assert answer["ledgers"] == []
    assert [(k["kind"], k["label"], k["available"]) for k in answer["kinds"]] == [
        ("speech", "讲话", True),
        ("progress", "进展通报", True),
        ("commendation", "表彰通报", True),
        ("news", "会议新闻稿", True),
    ]


def test_render_gives_the_preview_with_marked_figures(client: FlaskClient, june: str) -> None:
    """The 通报's preview has its title, numbered headings and figures with formulas."""
    answer = _render(client, june, "2025-06.yaml", ["progress"]).get_json()
    assert answer["errors"] == []
    [doc] = answer["documents"]
    assert doc["label"] == "进展通报"
    html = doc["html"]
    assert "重点项目建设进展情况的通报" in html
    assert '<p class="h1">一、总体进展情况</p>' in html
    assert 'data-label="全市重点项目投资完成率"' in html
    assert html.count('class="fig"') >= 30


def test_render_offers_every_format_named_by_period_and_kind(
    client: FlaskClient, june: str
) -> None:
    """Downloads: docx, pdf where LibreOffice is, md, txt — named 2025-06-进展通报.<ext>."""
    [doc] = _render(client, june, "2025-06.yaml", ["progress"]).get_json()["documents"]
    formats = [d["format"] for d in doc["downloads"]]
    expected = ["docx", "pdf", "md", "txt"] if preview.pdf_available() else ["docx", "md", "txt"]
    assert formats == expected
    assert [d["name"] for d in doc["downloads"]] == [f"2025-06-进展通报.{f}" for f in formats]


def test_the_docx_download_opens_in_python_docx(client: FlaskClient, june: str) -> None:
    """The .docx link gives a Word file with the bulletin's text and its Chinese file name."""
    from docx import Document

    [doc] = _render(client, june, "2025-06.yaml", ["progress"]).get_json()["documents"]
    link = next(d for d in doc["downloads"] if d["format"] == "docx")
    response = client.get(f"{link['url']}?token={TOKEN}")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert quote("2025-06-进展通报.docx") in disposition
    texts = [p.text for p in Document(io.BytesIO(response.data)).paragraphs]
    assert any(t.startswith("一、总体进展情况") for t in texts)


def test_the_text_downloads_are_the_text_writers_output(client: FlaskClient, june: str) -> None:
    """.txt and .md links give the plain and Markdown text of the same document."""
    from bulletin.writers.text import to_markdown, to_text

    [doc] = _render(client, june, "2025-06.yaml", ["progress"]).get_json()["documents"]
    draft = preview.open_draft(EXAMPLES / "2025-06.yaml")
    made = draft.document("progress", COMPOSER)
    assert isinstance(made, preview.Document)
    for fmt, expected in (("txt", to_text(made.tree)), ("md", to_markdown(made.tree))):
        link = next(d for d in doc["downloads"] if d["format"] == fmt)
        assert client.get(f"{link['url']}?token={TOKEN}").get_data(as_text=True) == expected


def test_several_kinds_come_as_one_zip(client: FlaskClient, june: str) -> None:
    """Two kinds chosen: two previews, and one .zip holding both Word files."""
    answer = _render(client, june, "2025-06.yaml", ["speech", "progress"]).get_json()
    assert [d["label"] for d in answer["documents"]] == ["讲话", "进展通报"]
    assert answer["zip"]["name"] == "2025-06-文书.zip"
    response = client.get(f"{answer['zip']['url']}?token={TOKEN}")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist() == ["2025-06-讲话.docx", "2025-06-进展通报.docx"]
    assert archive.read("2025-06-讲话.docx")[:2] == b"PK"


def test_audit_option_appends_the_data_table(client: FlaskClient, june: str) -> None:
    """数据核对表 chosen: the preview ends with the table of every figure."""
    plain = _render(client, june, "2025-06.yaml", ["progress"]).get_json()
    audited = _render(client, june, "2025-06.yaml", ["progress"], audit=True).get_json()
    assert "数据核对表" not in plain["documents"][0]["html"]
    assert "数据核对表" in audited["documents"][0]["html"]


def test_a_download_needs_the_token_and_a_live_render(client: FlaskClient, june: str) -> None:
    """A download link without the token is refused; one of an unknown render is gone (404)."""
    [doc] = _render(client, june, "2025-06.yaml", ["progress"]).get_json()["documents"]
    url = doc["downloads"][0]["url"]
    assert client.get(url).status_code == 403
    assert client.get(f"/download/0123456789abcdef/progress.docx?token={TOKEN}").status_code == 404
    assert client.get(f"{url.rsplit('/', 1)[0]}/nothing.docx?token={TOKEN}").status_code == 404


def test_render_needs_a_file_and_a_kind(client: FlaskClient, june: str) -> None:
    """No kind chosen, a kind that does not exist, or no list of kinds: a message, not a crash."""
    for kinds in ([], ["../../etc"], None, 5, "progress", {"progress": 1}):
        response = _render(client, june, "2025-06.yaml", kinds)  # type: ignore[arg-type]
        assert response.status_code == 400
        assert response.get_json()["errors"] == ["请至少选择一种文书"]
    response = _render(client, june, "2025-07.yaml", ["progress"])
    assert response.get_json()["errors"] == ["请先选择数据文件"]


# ---------------------------------------------------------------------------
# Errors


def test_bad_data_shows_every_error_located_and_renders_nothing(client: FlaskClient) -> None:
    """Two faults in a file: both listed with file:line:col and key, and render refuses."""
    text = _yaml(minimal_report_data()).decode("utf-8")
    text = text.replace("planned: 3000", "planned: 约5000").replace("unit: 东城区", "unit: 南城区")
    answer = _upload(client, {"本月.yaml": text.encode("utf-8")}).get_json()
    errors = answer["errors"]
    assert len(errors) == 2
    assert all(e.startswith("本月.yaml:") for e in errors)
    assert any("projects[0].planned" in e for e in errors)
    assert any("projects[0].unit" in e for e in errors)
    assert answer["kinds"] == []
    response = _render(client, answer["set"], "本月.yaml", ["progress"])
    assert response.status_code == 422
    assert response.get_json()["errors"] == errors
    assert "documents" not in response.get_json()


def test_errors_never_show_where_uploads_are_kept(client: FlaskClient, uploads: Path) -> None:
    """A YAML syntax error is located by the uploaded name alone."""
    answer = _upload(client, {"坏.yaml": b"document: [\n"}).get_json()
    assert answer["errors"] and answer["errors"][0].startswith("坏.yaml:")
    assert not any(str(uploads) in e for e in answer["errors"])


def test_a_kind_the_data_cannot_make_says_why(client: FlaskClient) -> None:
    """No 表彰名单: 表彰通报 is unavailable, with the reason; asked for anyway, it is refused."""
    answer = _upload(client, {"data.yaml": _yaml(minimal_report_data())}).get_json()
    commendation = next(k for k in answer["kinds"] if k["kind"] == "commendation")
    assert commendation["available"] is False
    assert "表彰名单" in commendation["reason"]
    response = _render(client, answer["set"], "data.yaml", ["progress", "commendation"])
    assert response.status_code == 422
    [message] = response.get_json()["errors"]
    assert message.startswith("表彰通报无法生成：表彰通报需要表彰名单")


def test_no_meeting_notice_beside_speech_and_news(client: FlaskClient) -> None:
    """Without a meeting the speech and news are offered, each with a notice asking for it."""
    answer = _upload(client, {"data.yaml": _yaml(minimal_report_data())}).get_json()
    notices = {k["kind"]: k["notices"] for k in answer["kinds"]}
    assert notices["progress"] == []
    assert "没有会议信息" in notices["speech"][0] and "没有会议信息" in notices["news"][0]
    [doc] = _render(client, answer["set"], "data.yaml", ["news"]).get_json()["documents"]
    assert any("没有会议信息" in w for w in doc["warnings"])


def test_an_internal_fault_is_one_line_without_traceback(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug answers 500 with one 内部错误 line, no traceback, no file path."""

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(preview, "open_draft", broken)
    response = _upload(client, {"data.yaml": _yaml(minimal_report_data())})
    assert response.status_code == 500
    assert response.get_json() == {"errors": ["内部错误：RuntimeError: boom"]}
    # The traceback goes to the console the server runs in, for a bug report.
    assert "Traceback" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# Data stays data


def test_names_with_markup_characters_come_out_intact_and_inert(client: FlaskClient) -> None:
    """A name with < > & " ' is shown as written, escaped, never as markup."""
    nasty = "<img src=x onerror=alert(1)>&\"甲\"'乙'"

    def edit(data: dict[str, Any]) -> None:
        data["projects"][0]["name"] = nasty
        data["projects"][0]["completed"] = 0

    answer = _upload(client, {"2025-06.yaml": _june_with(edit)}).get_json()
    [doc] = _render(client, answer["set"], "2025-06.yaml", ["progress"]).get_json()["documents"]
    assert "<img" not in doc["html"]
    assert "&lt;img src=x onerror=alert(1)&gt;&amp;&quot;甲&quot;&#x27;乙&#x27;" in doc["html"]


def test_data_is_never_rendered_as_a_template(client: FlaskClient) -> None:
    """Jinja syntax in a name prints as written: {{ 7*7 }} stays, 49 does not appear."""

    def edit(data: dict[str, Any]) -> None:
        data["projects"][0]["name"] = "{{ 7*7 }}{% if true %}项目{% endif %}"
        data["projects"][0]["completed"] = 0

    answer = _upload(client, {"2025-06.yaml": _june_with(edit)}).get_json()
    [doc] = _render(client, answer["set"], "2025-06.yaml", ["progress"]).get_json()["documents"]
    assert "{{ 7*7 }}{% if true %}项目{% endif %}" in doc["html"]


def test_templates_come_only_from_the_folders_given_at_start(uploads: Path, tmp_path: Path) -> None:
    """A kind of the start-up template folder is offered; a request cannot add a folder."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "brief.j2").write_text(
        '{% extends "_base.j2" %}{% block title %}简报{% endblock %}'
        "{% block body %}共{{ ind.portfolio.all.count | cn_count }}个项目。{% endblock %}\n",
        encoding="utf-8",
    )
    client = _client(uploads, templates=(str(folder),))
    kinds = [k["kind"] for k in client.get("/api/config", headers=AUTH).get_json()["kinds"]]
    assert kinds == ["speech", "progress", "commendation", "news", "brief"]
    plain = _client(uploads)
    assert "brief" not in [
        k["kind"] for k in plain.get("/api/config", headers=AUTH).get_json()["kinds"]
    ]
    answer = _upload(plain, {"data.yaml": _yaml(minimal_report_data())}).get_json()
    body = {
        "source": "upload",
        "set": answer["set"],
        "file": "data.yaml",
        "kinds": ["brief"],
        "templates": [str(folder)],
    }
    assert plain.post("/api/render", json=body, headers=AUTH).get_json()["errors"] == [
        "请至少选择一种文书"
    ]


# ---------------------------------------------------------------------------
# A folder given at start


def test_the_folder_offers_its_data_files_only(client: FlaskClient) -> None:
    """/api/config lists the folder's data files by name, June first to open."""
    config = client.get("/api/config", headers=AUTH).get_json()
    assert config["folder"] == "examples"
    assert config["files"] == [p.name for p in MONTHS]
    assert config["chosen"] == "2025-06.yaml"


@pytest.mark.parametrize(
    "name",
    ["../pyproject.toml", "../README.md", "/etc/passwd", "generate.py", "", "..\\README.md"],
    ids=["parent", "parent-md", "absolute", "not-data", "empty", "windows"],
)
def test_the_folder_opens_nothing_but_its_data_files(client: FlaskClient, name: str) -> None:
    """A name not in the folder's listing is refused, with no hint of what is on disk."""
    response = client.post("/api/open", json={"source": "folder", "file": name}, headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["errors"][0].startswith("没有这个数据文件")


def test_a_month_of_the_folder_renders(client: FlaskClient) -> None:
    """Picking May from the folder opens it with its own previous months and renders it."""
    opened = client.post(
        "/api/open", json={"source": "folder", "file": "2025-05.yaml"}, headers=AUTH
    )
    assert opened.get_json()["errors"] == []
    body = {"source": "folder", "file": "2025-05.yaml", "kinds": ["progress"]}
    [doc] = client.post("/api/render", json=body, headers=AUTH).get_json()["documents"]
    assert "1—5月" in doc["html"]
    assert doc["downloads"][0]["name"] == "2025-05-进展通报.docx"


def test_without_a_folder_there_is_none_to_open(uploads: Path) -> None:
    """Started without FOLDER, folder requests are refused and none is listed."""
    client = _client(uploads)
    assert client.get("/api/config", headers=AUTH).get_json()["files"] == []
    response = client.post(
        "/api/open", json={"source": "folder", "file": "2025-06.yaml"}, headers=AUTH
    )
    assert response.get_json()["errors"] == ["启动时没有指定数据文件夹"]


# ---------------------------------------------------------------------------
# Workbooks: alone, named by a YAML, and bad ones

BAD_LEDGERS = sorted((Path(__file__).parent / "bad_ledgers").glob("*.xlsx"))


def _ledger(tmp_path: Path) -> bytes:
    """The June example's projects as the office's workbook, titled with region and period."""
    from bulletin.source import load_report
    from bulletin.writers.xlsx import ledger_workbook

    path = tmp_path / "台账.xlsx"
    projects = load_report(EXAMPLES / "2025-06.yaml").projects
    ledger_workbook(projects, path, title="示例市2025年1—6月重点项目台账")
    return path.read_bytes()


def _ledger_yaml() -> bytes:
    """The June example with its projects replaced by ``ledger: 台账.xlsx``."""
    text = (EXAMPLES / "2025-06.yaml").read_text(encoding="utf-8")
    return (text[: text.index("\nprojects:")] + "\nledger: 台账.xlsx\n").encode("utf-8")


def test_a_workbook_alone_renders(client: FlaskClient, tmp_path: Path) -> None:
    """台账.xlsx dropped alone: period and region from its title, the 通报 of its 96 projects."""
    answer = _upload(client, {"台账.xlsx": _ledger(tmp_path)}).get_json()
    assert answer["errors"] == []
    assert answer["file"] == "台账.xlsx"
    assert answer["period"] == "2025-06"
    [doc] = _render(client, answer["set"], "台账.xlsx", ["progress"]).get_json()["documents"]
    assert "示例市" in doc["html"] and ">96</span>个" in doc["html"]
    assert doc["downloads"][0]["name"] == "2025-06-进展通报.docx"
    response = client.get(f"{doc['downloads'][0]['url']}?token={TOKEN}")
    assert response.data[:2] == b"PK"
    # How it was read, for the secretary to confirm: column, header, field, sample.
    [ledger] = answer["ledgers"]
    [sheet] = ledger["sheets"]
    assert ledger["file"] == "台账.xlsx" and sheet["projects"] == 96
    assert {
        "letter": "K",
        "header": "年度计划投资",
        "field": "年度计划投资",
        "sample": "13500",
        "note": "",
    } in sheet["columns"]
    assert ledger["skipped"] == [{"name": "填表说明", "why": "没有找到含“项目名称”的表头，不读取"}]


def test_the_header_rows_are_counted_as_the_sheet_shows_them(
    client: FlaskClient, tmp_path: Path
) -> None:
    """Title in row 1, 单位 in row 2, header in row 3: the page says row 3, as Excel numbers it."""
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(_ledger(tmp_path))).worksheets[0]
    assert sheet.cell(3, 2).value == "项目名称"
    answer = _upload(client, {"台账.xlsx": _ledger(tmp_path)}).get_json()
    assert answer["ledgers"][0]["sheets"][0]["header_rows"] == [3, 3]


def test_a_yaml_with_its_workbook_reads_as_the_yaml_alone(
    client: FlaskClient, tmp_path: Path
) -> None:
    """A YAML naming 台账.xlsx, with the workbook and last month: the same draft as the YAML."""
    months = {n: (EXAMPLES / n).read_bytes() for n in ("2025-05.yaml", "2025-06.yaml")}
    plain = _upload(client, months).get_json()
    ledger = _upload(
        client,
        {
            "本月.yaml": _ledger_yaml(),
            "台账.xlsx": _ledger(tmp_path),
            "2025-05.yaml": months["2025-05.yaml"],
        },
    ).get_json()
    assert ledger["errors"] == []
    assert ledger["file"] == "本月.yaml"
    html = []
    for answer, name in ((plain, "2025-06.yaml"), (ledger, "本月.yaml")):
        [doc] = _render(client, answer["set"], name, ["progress"]).get_json()["documents"]
        html.append(doc["html"])
    assert html[0] == html[1]


def test_a_yaml_without_the_workbook_it_names_says_so(client: FlaskClient) -> None:
    """ledger: 台账.xlsx but the workbook not dropped: a located error naming it, no draft."""
    answer = _upload(client, {"本月.yaml": _ledger_yaml()}).get_json()
    assert answer["kinds"] == []
    assert any(e.startswith("本月.yaml:") and "台账.xlsx" in e for e in answer["errors"])


@pytest.mark.parametrize("ledger", BAD_LEDGERS, ids=[p.stem for p in BAD_LEDGERS])
def test_a_bad_workbook_shows_every_fault_at_its_cell(client: FlaskClient, ledger: Path) -> None:
    """Each of the bad ledgers shows exactly its expected messages, sheet and cell first."""
    answer = _upload(client, {ledger.name: ledger.read_bytes()}).get_json()
    expected = ledger.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert answer["errors"] == expected
    # How it was read comes too: the sheets whose header was found, with their columns.
    [view] = answer["ledgers"]
    assert view["file"] == ledger.name
    if ledger.stem == "no_header":
        assert view["sheets"] == []
    else:
        assert view["sheets"] and all(len(sheet["columns"]) >= 8 for sheet in view["sheets"])
    assert all(e.startswith(f"{ledger.name}:") and "!" in e.split(": ")[0] for e in expected)
    response = _render(client, answer["set"], ledger.name, ["progress"])
    assert response.status_code == 422
    assert response.get_json()["errors"] == expected


def test_the_occasions_of_the_model_are_offered_with_the_data(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a file is read, the page gets the speech occasions the model knows (or none)."""
    answer = _upload(client, {"data.yaml": _yaml(minimal_report_data())}).get_json()
    assert answer["occasions"] == list(preview.occasions())
    monkeypatch.setattr(preview, "occasions", lambda: ("推进会", "季度调度会"))
    answer = _upload(client, {"data.yaml": _yaml(minimal_report_data())}).get_json()
    assert answer["occasions"] == ["推进会", "季度调度会"]


def test_the_occasion_offered_first_is_the_datas_own(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data written for a 观摩推进会: the page is told so, to preselect it, not the default."""
    monkeypatch.setattr(preview, "occasions", lambda: ("推进会", "观摩推进会"))
    opened = preview.open_draft

    def visit(path: Any, display: str | None = None) -> preview.Draft:
        draft = opened(path, display)
        meeting = draft.report.meeting
        assert meeting is not None
        kind = meeting.model_copy(update={"kind": "观摩推进会"})
        report = draft.report.model_copy(update={"meeting": kind})
        return preview.Draft(report, draft.warnings, draft.name, draft.source_hash)

    answer = _upload(client, {"data.yaml": _yaml(minimal_report_data())}).get_json()
    assert answer["meeting"] is False and answer["occasion"] == ""

    def plain(data: dict[str, Any]) -> None:
        data["meeting"].pop("kind", None)

    answer = _upload(client, {"2025-06.yaml": _june_with(plain)}).get_json()
    assert answer["occasion"] == "推进会"
    monkeypatch.setattr(preview, "open_draft", visit)
    answer = _upload(client, {"2025-06.yaml": _june_with(plain)}).get_json()
    assert answer["occasion"] == "观摩推进会"


def test_the_reading_copy_option_reaches_the_speech_download(
    client: FlaskClient, june: str
) -> None:
    """阅读版 ticked: the speech's .docx is laid out in the larger type; unticked, the standard."""
    from docx import Document

    sizes = []
    for reading in (False, True):
        answer = _render(client, june, "2025-06.yaml", ["speech"], reading_copy=reading).get_json()
        link = answer["documents"][0]["downloads"][0]
        data = client.get(f"{link['url']}?token={TOKEN}").data
        sizes.append(Document(io.BytesIO(data)).styles["Normal"].font.size)
    assert sizes[1] > sizes[0]


@pytest.mark.slow
@pytest.mark.skipif(not preview.pdf_available(), reason="PDF needs LibreOffice (soffice)")
def test_the_pdf_download_is_the_bulletin_as_pdf(client: FlaskClient, june: str) -> None:
    """Where LibreOffice is installed, the .pdf link gives a PDF named 2025-06-进展通报.pdf."""
    [doc] = _render(client, june, "2025-06.yaml", ["progress"]).get_json()["documents"]
    link = next(d for d in doc["downloads"] if d["format"] == "pdf")
    response = client.get(f"{link['url']}?token={TOKEN}")
    assert response.status_code == 200
    assert response.data[:5] == b"%PDF-"
    assert quote("2025-06-进展通报.pdf") in response.headers["Content-Disposition"]


def test_lint_warnings_are_listed_beside_the_draft(uploads: Path, tmp_path: Path) -> None:
    """A user template writing an ASCII comma between Chinese words: the lint says so, located."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "brief.j2").write_text(
        '{% extends "_base.j2" %}{% block title %}简报{% endblock %}'
        "{% block body %}全市项目,进展顺利。{% endblock %}\n",
        encoding="utf-8",
    )
    client = _client(uploads, templates=(str(folder),))
    answer = _upload(client, {"data.yaml": _yaml(minimal_report_data())}).get_json()
    [doc] = _render(client, answer["set"], "data.yaml", ["brief"]).get_json()["documents"]
    assert doc["warnings"] == ["文字检查：中文之间用了半角标点：…简报 全市项目,进展顺利。 示例…"]


def test_a_request_without_a_host_header_is_refused(uploads: Path) -> None:
    """No Host header at all (HTTP/1.0 style) is not taken as this machine: 400, token or not."""
    from werkzeug.test import EnvironBuilder, run_wsgi_app

    app = web.create_app(web.Config(token=TOKEN, uploads=uploads), COMPOSER)
    environ = EnvironBuilder(path="/", query_string={"token": TOKEN}).get_environ()
    assert run_wsgi_app(app, dict(environ))[1].startswith("200")
    del environ["HTTP_HOST"]
    assert run_wsgi_app(app, environ)[1].startswith("400")


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("CON.yaml", "Windows 保留的设备名"),
        ("com1.data.yaml", "Windows 保留的设备名"),
        ("run.exe", "不是数据文件"),
        (".hidden.yaml", "文件名无效"),
    ],
    ids=["device", "device-with-dots", "not-data", "hidden"],
)
def test_a_refused_name_says_why_it_was_refused(client: FlaskClient, raw: str, why: str) -> None:
    """Each refused upload name is reported with its own reason, not a neighbour's."""
    [message] = _upload(client, {raw: b"a: 1\n"}).get_json()["errors"]
    assert message.startswith(f"{raw}: ") and why in message


@pytest.mark.parametrize("path", ["/nothing-here", "/api/nothing", "/download"])
def test_a_page_that_does_not_exist_says_so_in_chinese(client: FlaskClient, path: str) -> None:
    """A mistyped address answers 404 in Chinese, not Flask's English page."""
    response = client.get(f"{path}?token={TOKEN}")
    assert response.status_code == 404
    text = " ".join(response.get_json()["errors"]) if response.is_json else response.text
    assert "Not Found" not in text and "没有这个地址" in text
