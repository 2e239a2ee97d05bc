"""The local page of ``bulletin serve``: Flask routes, the upload folder, the token and Host checks.

The only ``flask`` (and ``werkzeug``) import.  It holds no logic of the
documents: it stores uploaded files, asks :mod:`bulletin.preview` what they
make, and sends back JSON, the page's own files and downloads.

Safety, by default: the server listens on 127.0.0.1; every request carries
the random token printed with the URL (in the URL, then a cookie; a request
that changes anything must also carry it in a header, so a cookie alone — all
another site could make a browser send — never suffices); the Host header
must name this machine, so a rebinding DNS name gets nothing; uploads are
capped at 20 MB a request and kept in a temporary folder that is removed on
exit, under names that cannot leave it; templates come only from folders
given at start; data is never rendered as a template.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import os
import re
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
import webbrowser
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, jsonify, request, send_file
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.serving import WSGIRequestHandler, make_server

from bulletin import preview, process
from bulletin.errors import BulletinError, DataError, os_reason

if TYPE_CHECKING:
    from bulletin.compose import Composer
    from bulletin.sources.importer import LedgerView

__all__ = ["DEFAULT_PORT", "MAX_UPLOAD", "Config", "create_app", "safe_name", "serve"]

DEFAULT_PORT = 8765
#: Bytes one upload request may carry.
MAX_UPLOAD = 20 * 1024 * 1024
#: Files one upload request may carry.
MAX_FILES = 50
#: Longest uploaded file name kept, in characters.
MAX_NAME = 120

_TOKEN_COOKIE = "bulletin_token"
_TOKEN_HEADER = "X-Bulletin-Token"
_PAGE = Path(__file__).resolve().parent / "webpage"
_ASSETS = {"page.css": "text/css", "page.js": "text/javascript"}
_ID = re.compile(r"^[0-9a-f]{16}$")
_FORBIDDEN = set('<>"|?*')
# Names Windows gives to devices whatever their extension (CON.yaml is the console).
_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(10)}
# Werkzeug's own pages are English: what a mistyped address or a stray request is told.
_HTTP_MESSAGES = {404: "没有这个地址", 405: "不支持这种请求方式"}
_KEEP_RENDERS = 24
_KEEP_DRAFTS = 16
_SECURITY_HEADERS = {
    # The page's own script and style only: even if a name in the data slipped
    # through escaping, no script of it could run.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The token is in the URL: no other site may see it as a referrer.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def safe_name(raw: str) -> str | None:
    """The name an uploaded file is kept under, or ``None`` if it cannot be kept.

    Only the last part of the name counts: ``/``, ``\\`` and ``:`` (a Windows
    drive, ``C:x.yaml``) all separate parts, so ``../../x.yaml`` and
    ``C:\\a\\..\\x.yaml`` keep only ``x.yaml``.  Control characters (NUL
    among them) and the characters Windows forbids in names are dropped;
    empty, dot-only and hidden names, Windows device names (``CON.yaml``),
    names longer than :data:`MAX_NAME` characters and names that are not data
    files are refused.  What comes
    back is a plain file name, never a path, on any system.
    """
    name = _last_part(raw)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in _FORBIDDEN)
    name = unicodedata.normalize("NFC", name).strip().rstrip(". ")
    if not name or name.startswith(".") or len(name) > MAX_NAME:
        return None
    if Path(name).suffix.lower() not in (*preview.DATA_SUFFIXES, *preview.WORKBOOK_SUFFIXES):
        return None
    if Path(name).name != name or name.split(".")[0].upper() in _DEVICES:
        return None
    return name


def _last_part(raw: str) -> str:
    return re.split(r"[/\\:]", raw)[-1]


def _why_refused(raw: str) -> str:
    name = _last_part(raw).strip()
    if len(name) > MAX_NAME:
        return f"文件名太长（超过 {MAX_NAME} 个字符），请改短后再上传"
    if not name or name.startswith("."):
        return "文件名无效"
    if name.split(".")[0].upper() in _DEVICES:
        return "文件名是 Windows 保留的设备名（如 CON、COM1），请改名后再上传"
    return "不是数据文件：只接受 .yaml/.yml 数据文件和 .xlsx/.xlsm/.xls/.ods/.et 台账"


@dataclass
class Config:
    """What a page server is started with.

    ``folder`` is the folder whose data files the page may open (``None``:
    uploads only); ``templates`` the user template folders, searched before
    the built-ins; ``uploads`` the temporary folder uploads are kept in;
    ``hosts`` the host names (besides loopback ones) the Host header may carry;
    ``any_ip`` lets it carry any IP address (when listening beyond loopback).
    """

    token: str
    uploads: Path
    folder: Path | None = None
    templates: tuple[str, ...] = ()
    hosts: frozenset[str] = frozenset()
    any_ip: bool = False
    max_upload: int = MAX_UPLOAD


@dataclass
class _Render:
    """What one render made, kept for its downloads."""

    documents: list[preview.Document]
    reading_copy: bool
    stem: str


@dataclass
class _State:
    """What the server remembers between requests (uploads, drafts, renders)."""

    config: Config
    composer: Composer
    lock: threading.Lock = field(default_factory=threading.Lock)
    versions: dict[str, int] = field(default_factory=dict)
    drafts: OrderedDict[tuple[Any, ...], preview.Draft] = field(default_factory=OrderedDict)
    renders: OrderedDict[str, _Render] = field(default_factory=OrderedDict)
    pdf: bool | None = None

    def remember_draft(self, key: tuple[Any, ...], draft: preview.Draft) -> None:
        with self.lock:
            self.drafts[key] = draft
            while len(self.drafts) > _KEEP_DRAFTS:
                self.drafts.popitem(last=False)

    def remember_render(self, render: _Render) -> str:
        rid = secrets.token_hex(8)
        with self.lock:
            self.renders[rid] = render
            while len(self.renders) > _KEEP_RENDERS:
                self.renders.popitem(last=False)
        return rid

    def pdf_available(self) -> bool:
        if self.pdf is None:
            self.pdf = preview.pdf_available()
        return self.pdf


class _Refused(Exception):
    """A request the page must answer with messages, not a document."""

    def __init__(self, status: int, *messages: str, warnings: Sequence[str] = ()) -> None:
        super().__init__(*messages)
        self.status = status
        self.messages = list(messages)
        self.warnings = list(warnings)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(host).is_loopback
    return False


def _host_allowed(header: str, config: Config) -> bool:
    host = header.strip().lower()
    if host.startswith("["):  # [::1]:8765
        host = host[1 : host.find("]")] if "]" in host else ""
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    if not host:
        return False
    if _is_loopback(host) or host in config.hosts:
        return True
    if config.any_ip:
        with contextlib.suppress(ValueError):
            ipaddress.ip_address(host)
            return True
    return False


def _token_matches(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def create_app(config: Config, composer: Composer | None = None) -> Flask:
    """The page's Flask application (also for tests: ``create_app(...).test_client()``)."""
    from bulletin.compose import Composer as _Composer

    state = _State(config, composer or _Composer(config.templates))
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = config.max_upload
    # Multipart bodies are read in memory parts up to this size each.
    app.config["MAX_FORM_MEMORY_SIZE"] = config.max_upload

    @app.before_request
    def _guard() -> Response | None:
        # The header itself: without one werkzeug would stand in this server's own address.
        if not _host_allowed(request.headers.get("Host", ""), config):
            return _plain(400, "拒绝访问：地址中的主机名不是本机（为防 DNS 重绑定）。")
        header = request.headers.get(_TOKEN_HEADER)
        query = request.args.get("token")
        cookie = request.cookies.get(_TOKEN_COOKIE)
        if request.method not in ("GET", "HEAD"):
            # A cookie is sent by the browser whoever asks; a header only by our page.
            if not _token_matches(header, config.token):
                return _plain(403, "拒绝访问：缺少访问令牌。")
            origin = request.headers.get("Origin")
            if origin and not _host_allowed(origin.split("://", 1)[-1], config):
                return _plain(403, "拒绝访问：请求来自其他网站。")
            return None
        if not any(_token_matches(t, config.token) for t in (header, query, cookie)):
            return _plain(
                403,
                "拒绝访问：缺少或错误的访问令牌。请用 bulletin serve 启动时显示的完整地址"
                "（含 ?token=…）打开本页。",
            )
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.errorhandler(_Refused)
    def _refused(error: _Refused) -> tuple[Response, int]:
        if error.warnings:
            return jsonify(errors=error.messages, warnings=error.warnings), error.status
        return jsonify(errors=error.messages), error.status

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(_error: RequestEntityTooLarge) -> tuple[Response, int]:
        limit = config.max_upload // (1024 * 1024)
        return jsonify(errors=[f"文件太大：一次最多上传 {limit} MB"]), 413

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        code = error.code or 400
        message = _HTTP_MESSAGES.get(code, f"请求无效（{code}）")
        if request.path.startswith("/api/"):
            return jsonify(errors=[message]), code
        return _plain(code, message + "。")

    @app.errorhandler(Exception)
    def _internal(error: Exception) -> tuple[Response, int]:
        # The traceback goes to the console the server was started from, for
        # a bug report; the page gets one line.
        traceback.print_exception(error, file=sys.stderr)
        text = " ".join(f"{type(error).__name__}: {error}".split())
        return jsonify(errors=[f"内部错误：{text}"]), 500

    @app.get("/")
    def index() -> Response:
        page = (_PAGE / "index.html").read_text(encoding="utf-8")
        response = Response(page.replace("__TOKEN__", config.token), mimetype="text/html")
        response.set_cookie(_TOKEN_COOKIE, config.token, httponly=True, samesite="Strict", path="/")
        return response

    @app.get("/assets/<name>")
    def asset(name: str) -> Response:
        mimetype = _ASSETS.get(name)
        if mimetype is None:
            return _plain(404, "没有这个文件。")
        data = (_PAGE / name).read_bytes()
        return Response(data, mimetype=mimetype)

    @app.get("/api/config")
    def api_config() -> Response:
        files = preview.data_files(config.folder) if config.folder else []
        return jsonify(
            kinds=[{"kind": k, "label": label} for k, label in preview.kinds(state.composer)],
            pdf=state.pdf_available(),
            folder=config.folder.name if config.folder else None,
            files=files,
            chosen=preview.default_file(config.folder, files) if config.folder else None,
            max_upload=config.max_upload,
        )

    @app.post("/api/upload")
    def api_upload() -> Response:
        uploaded = request.files.getlist("files")
        set_id = request.form.get("set", "")
        if not uploaded:
            raise _Refused(400, "没有收到文件")
        if len(uploaded) > MAX_FILES:
            raise _Refused(400, f"一次最多上传 {MAX_FILES} 个文件")
        kept: dict[str, Any] = {}
        refused: list[str] = []
        for item in uploaded:
            raw = item.filename or ""
            name = safe_name(raw)
            if name is None:
                refused.append(f"{_shown(raw)}: {_why_refused(raw)}")
            else:
                kept[name] = item
        if not kept:
            raise _Refused(400, *refused)
        folder = _upload_folder(set_id) if set_id else None
        if folder is None:
            set_id = secrets.token_hex(8)
            folder = config.uploads / set_id
            folder.mkdir(parents=True)
        for name, item in kept.items():
            target = folder / name
            # Belt and braces: the name is a plain file name, so this always holds.
            if target.resolve().parent != folder.resolve():
                raise _Refused(400, f"{_shown(name)}: 文件名无效")
            item.save(target)
        with state.lock:
            state.versions[set_id] = state.versions.get(set_id, 0) + 1
        files = preview.data_files(folder)
        chosen = request.form.get("file") or ""
        if chosen not in files:
            chosen = preview.default_file(folder, files) or ""
        answer = _describe(("upload", set_id), folder, chosen)
        answer.update(set=set_id, files=files, refused=refused)
        return jsonify(answer)

    @app.post("/api/clear")
    def api_clear() -> Response:
        set_id = str(_json().get("set", ""))
        folder = _upload_folder(set_id)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        return jsonify(ok=True)

    @app.post("/api/open")
    def api_open() -> Response:
        body = _json()
        source, folder = _source(body)
        files = preview.data_files(folder)
        chosen = str(body.get("file", ""))
        if chosen not in files:
            raise _Refused(400, f"没有这个数据文件：{_shown(chosen)}")
        answer = _describe(source, folder, chosen)
        answer.update(files=files)
        return jsonify(answer)

    @app.post("/api/render")
    def api_render() -> Response:
        body = _json()
        source, folder = _source(body)
        chosen = str(body.get("file", ""))
        if chosen not in preview.data_files(folder):
            raise _Refused(400, "请先选择数据文件")
        known = {k for k, _ in preview.kinds(state.composer)}
        asked = body.get("kinds")
        # A list of kinds, as the page sends; anything else (null, a bare name) chooses none.
        wanted = [str(k) for k in asked if str(k) in known] if isinstance(asked, list) else []
        if not wanted:
            raise _Refused(400, "请至少选择一种文书")
        occasion = str(body.get("occasion", ""))
        audit = bool(body.get("audit"))
        reading_copy = bool(body.get("reading_copy"))
        started = time.perf_counter()
        draft = _draft(source, folder, chosen)
        documents: list[preview.Document] = []
        failed: list[str] = []
        for kind in dict.fromkeys(wanted):
            made = draft.document(kind, state.composer, audit=audit, occasion=occasion)
            if isinstance(made, str):
                failed.append(f"{preview.kind_label(kind)}无法生成：{made}")
            else:
                documents.append(made)
        if failed:
            # Nothing is offered until every chosen kind can be made.
            raise _Refused(422, *failed)
        rid = state.remember_render(_Render(documents, reading_copy, draft.stem))
        formats = [f for f in preview.FORMATS if f != "pdf" or state.pdf_available()]
        return jsonify(
            errors=[],
            warnings=list(draft.warnings),
            documents=[
                {
                    "kind": d.kind,
                    "label": d.label,
                    "html": d.html(),
                    "warnings": list(d.warnings),
                    "downloads": [
                        {
                            "format": f,
                            "name": d.file_name(f),
                            "url": _download_url(rid, f"{d.kind}.{f}"),
                        }
                        for f in formats
                    ],
                }
                for d in documents
            ],
            zip={"name": f"{draft.stem}-文书.zip", "url": _download_url(rid, "all.zip")},
            seconds=round(time.perf_counter() - started, 3),
        )

    @app.get("/download/<rid>/<what>")
    def download(rid: str, what: str) -> Response:
        with state.lock:
            render = state.renders.get(rid)
        if render is None:
            return _plain(404, "下载已过期：请重新点“生成”。")
        if what == "all.zip":
            files = [
                (d.file_name("docx"), d.data("docx", reading_copy=render.reading_copy))
                for d in render.documents
            ]
            return _attachment(preview.zip_files(files), f"{render.stem}-文书.zip")
        kind, _, fmt = what.rpartition(".")
        found = next((d for d in render.documents if d.kind == kind), None)
        if found is None or fmt not in preview.FORMATS:
            return _plain(404, "没有这个文件。")
        try:
            data = found.data(fmt, reading_copy=render.reading_copy)
        except BulletinError as error:
            return _plain(500, str(error))
        return _attachment(data, found.file_name(fmt))

    def _json() -> dict[str, Any]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise _Refused(400, "请求无效")
        return body

    def _upload_folder(set_id: str) -> Path | None:
        if not _ID.match(set_id):
            return None
        folder = config.uploads / set_id
        return folder if folder.is_dir() else None

    def _source(body: dict[str, Any]) -> tuple[tuple[str, str], Path]:
        if body.get("source") == "folder":
            if config.folder is None:
                raise _Refused(400, "启动时没有指定数据文件夹")
            return ("folder", ""), config.folder
        set_id = str(body.get("set", ""))
        folder = _upload_folder(set_id)
        if folder is None:
            raise _Refused(400, "上传的文件已不在，请重新选择文件")
        return ("upload", set_id), folder

    def _draft(source: tuple[str, str], folder: Path, chosen: str) -> preview.Draft:
        """The draft of ``chosen``, read again only when a file of its folder changed."""
        listing = tuple(
            (n, (folder / n).stat().st_mtime_ns, (folder / n).stat().st_size)
            for n in preview.data_files(folder)
        )
        key = (source, chosen, state.versions.get(source[1], 0), listing)
        with state.lock:
            found = state.drafts.get(key)
        if found is not None:
            return found
        try:
            draft = preview.open_draft(folder / chosen, chosen)
        except DataError as error:
            warnings = [str(d) for d in error.diagnostics if d.severity == "warning"]
            raise _Refused(422, *(str(d) for d in error.errors), warnings=warnings) from None
        state.remember_draft(key, draft)
        return draft

    def _describe(source: tuple[str, str], folder: Path, chosen: str) -> dict[str, Any]:
        """What the page shows once a data file is chosen: its errors, or what it can make."""
        if not chosen:
            return {"file": "", "errors": ["没有可用的数据文件"], "warnings": [], "kinds": []}
        try:
            draft = _draft(source, folder, chosen)
        except _Refused as refused:
            # How a workbook was read helps most when it was read wrong.
            return {
                "file": chosen,
                "errors": refused.messages,
                "warnings": refused.warnings,
                "kinds": [],
                "ledgers": [_ledger_json(v) for v in preview.ledgers_read(folder, chosen)],
            }
        kinds = []
        for kind, label in preview.kinds(state.composer):
            made = draft.document(kind, state.composer)
            kinds.append(
                {
                    "kind": kind,
                    "label": label,
                    "available": not isinstance(made, str),
                    "reason": made if isinstance(made, str) else "",
                    "notices": list(draft.notices(kind)),
                }
            )
        return {
            "file": chosen,
            "errors": [],
            "warnings": list(draft.warnings),
            "kinds": kinds,
            "period": draft.stem,
            "meeting": draft.report.meeting is not None,
            # Asked here, not when the page starts: the data model is loaded by now.
            "occasions": list(preview.occasions()),
            "occasion": draft.occasion,
            "ledgers": [_ledger_json(v) for v in preview.ledgers_read(folder, chosen)],
        }

    return app


def _ledger_json(view: LedgerView) -> dict[str, Any]:
    """How a workbook is read, as the page lists it: per sheet, column → field → sample.

    Header rows are numbered from 1, as Excel and WPS show them (the view's are from 0).
    """
    return {
        "file": view.file,
        "projects": view.projects,
        "sheets": [
            {
                "name": sheet.name,
                "header_rows": [row + 1 for row in sheet.header_rows],
                "projects": sheet.projects,
                "columns": [
                    {
                        "letter": c.letter,
                        "header": c.header,
                        "field": c.label if c.field else "",
                        "sample": c.sample,
                        "note": c.note,
                    }
                    for c in sheet.columns
                ],
            }
            for sheet in view.sheets
        ],
        "skipped": [{"name": name, "why": why} for name, why in view.skipped],
    }


def _plain(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def _shown(name: str) -> str:
    """A name as messages show it: printable, short."""
    clean = "".join(ch if unicodedata.category(ch)[0] != "C" else "?" for ch in name)
    return clean if len(clean) <= 60 else clean[:57] + "…"


def _download_url(rid: str, what: str) -> str:
    return f"/download/{rid}/{what}"


def _attachment(data: bytes, name: str) -> Response:
    import io

    return send_file(io.BytesIO(data), as_attachment=True, download_name=name, max_age=0)


# ---------------------------------------------------------------------------
# Serving


class _QuietHandler(WSGIRequestHandler):
    """Logs nothing per request: the URLs carry the token, and a secretary needs no log."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _bind(host: str, port: int | None, app: Flask) -> Any:
    """A server on ``host`` and ``port``; without a port, the first free one from 8765.

    The socket is bound here, not by werkzeug, which on a busy port prints
    English and exits.
    """
    tries = [port] if port is not None else [*range(DEFAULT_PORT, DEFAULT_PORT + 10), 0]
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    last: OSError | None = None
    for candidate in tries:
        try:
            bound = socket.create_server((host, candidate), family=family)
        except OSError as error:
            last = error
            continue
        # The server works on a duplicate of the bound socket.
        with bound:
            return make_server(
                host,
                candidate,
                app,
                threaded=True,
                request_handler=_QuietHandler,
                fd=bound.fileno(),
            )
    where = f"{host}:{port}" if port is not None else host
    reason = os_reason(last) if last is not None else "端口被占用"
    raise BulletinError(f"无法在 {where} 上启动：{reason}")


def _warm(composer: Composer) -> None:
    """Compile the templates and import the writers while the user reads the page."""
    with contextlib.suppress(Exception):
        import bulletin.indicators
        import bulletin.source
        import bulletin.textlint
        import bulletin.writers.docx
        import bulletin.writers.html  # noqa: F401

        for kind in composer.kinds():
            with contextlib.suppress(BulletinError):
                composer.template_path(kind)


def serve(
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    folder: str | os.PathLike[str] | None = None,
    templates: Sequence[str] = (),
    open_browser: bool = True,
    echo: Callable[[str], None] = print,
) -> None:
    """Serve the page until interrupted; the first line echoed is the URL to open.

    Raises :class:`BulletinError` if the port cannot be had or a folder is missing.
    """
    from bulletin.compose import Composer

    base = Path(folder).resolve() if folder is not None else None
    if base is not None and not base.is_dir():
        raise BulletinError(f"数据文件夹不存在：{folder}")
    composer = Composer(tuple(templates))
    # From before the folder exists until it is removed, a terminate signal
    # stops the server as Ctrl+C does, through the ``finally`` that removes it.
    with process.stopping_on_signals():
        uploads = Path(tempfile.mkdtemp(prefix="bulletin-serve-"))
        try:
            with contextlib.suppress(KeyboardInterrupt):
                _run(host, port, base, tuple(templates), composer, uploads, open_browser, echo)
            echo("已停止。")
        finally:
            shutil.rmtree(uploads, ignore_errors=True)


def _run(
    host: str,
    port: int | None,
    base: Path | None,
    templates: tuple[str, ...],
    composer: Composer,
    uploads: Path,
    open_browser: bool,
    echo: Callable[[str], None],
) -> None:
    names = frozenset() if _is_ip(host) else frozenset({host.lower()})
    if _is_wildcard(host):
        names |= {socket.gethostname().lower()}
    config = Config(
        token=secrets.token_urlsafe(24),
        uploads=uploads,
        folder=base,
        templates=templates,
        hosts=names,
        any_ip=not _is_loopback(host),
    )
    server = _bind(host, port, create_app(config, composer))
    try:
        shown = "127.0.0.1" if _is_wildcard(host) else host
        if ":" in shown:
            shown = f"[{shown}]"
        url = f"http://{shown}:{server.port}/?token={config.token}"
        echo(url)
        echo("已启动：在浏览器中打开上面的地址（含访问令牌）；按 Ctrl+C 停止。")
        if _is_wildcard(host):
            echo("同一网络中的其他电脑：把地址中的 127.0.0.1 换成本机的 IP 地址。")
        if base is not None:
            echo(f"可选用的数据文件夹：{base}")
        threading.Thread(target=_warm, args=(composer,), daemon=True).start()
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.serve_forever()
    finally:
        server.server_close()


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")
