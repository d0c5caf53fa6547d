"""``dateline serve``: preview the site with live reload while you write.

Built on the ``livereload`` package, with three of its habits handled:

* it throttles reload messages (none within ~3 s of the previous one), which
  leaves a stale page after quick successive edits. Dateline watches with
  ``delay="forever"`` (livereload then sends nothing by itself) and announces
  every finished rebuild itself, so no rebuild goes unannounced;
* it serves a WSGI app here, so the site is served under the same sub-path as
  ``base_url`` (what GitHub Pages will serve), from the output folder only;
* it polls for changes every 0.8 s; Dateline polls every 0.2 s (on the example site
  an edit shows in the browser about 0.2 s after it is saved, rebuild included).

A failed rebuild keeps serving the last good site, with the error (file and
line) shown on every page until the next good build.
"""

from __future__ import annotations

import errno
import html
import ipaddress
import logging
import mimetypes
import signal
import socket
import threading
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from .config import Config, load as _load_config
from .errors import DatelineError
from .live import LiveBuild
from .review import REVIEW_NAME

log = logging.getLogger("dateline")


def load_config(root: Path, output: str | None = None) -> Config:
    """The site's settings as the preview builds with them: the review page is always shown there."""
    return replace(_load_config(root, output), review=True)
ERROR_BANNER = (
    '<div id="dateline-build-error" role="alert" style="position:sticky;top:0;z-index:9999;margin:0;'
    'padding:.8rem 1rem;background:#b00020;color:#fff;font:15px/1.4 system-ui,sans-serif">'
    '<strong>Build failed</strong> (showing the last good build): {message}</div>'
)


class Preview:
    """The site being previewed: rebuilds on change and answers HTTP requests (WSGI)."""

    def __init__(self, root: Path, jobs: int = 1, output: str | None = None, executor: str | None = None):
        self.root = root
        self.jobs = jobs
        self.output = output  # --output, or None for the site's `output_dir`
        self.executor = executor  # --executor, or None for the site's `executor`
        self.config: Config = self.load()
        self.error: DatelineError | None = None
        self.building = False  # a rebuild is running (a SIGTERM then stops it at once)
        self.live = LiveBuild(self.config, jobs)  # what the last build read, analysed, rendered and wrote

    # ---- building ------------------------------------------------------------
    def load(self) -> Config:
        """dateline.toml as it is now, with the command line's --output and --executor."""
        config = load_config(self.root, self.output)
        return replace(config, executor=self.executor) if self.executor else config

    def rebuild(self, reason: str = "start") -> bool:
        """Build again; on a user error keep the last good site and remember the error."""
        started = time.perf_counter()
        self.building = True
        try:
            self.config = self.load()
            report = self.live.rebuild(self.config)
        except DatelineError as exc:
            self.error = exc
            log.error("%s (still serving the last good build)", exc)
            return False
        finally:
            self.building = False
        self.error = None
        log.info("%s: rebuilt in %.2fs (%d analysed, %d pages rendered, %d files written)", reason,
                 time.perf_counter() - started, report.analysed, report.rendered, report.written)
        return True

    def watched(self) -> list[Path]:
        """What a change rebuilds for: the articles, themes, templates, dateline.toml, and review.toml
        (a confirmation, `dateline review --accept`, closes items on the review page and in the header's
        count). review.toml is watched even before it exists: the first confirmation creates it
        (livereload's polling watcher reads a path it cannot find as a pattern, so a new file is seen)."""
        cfg = self.config
        paths = [cfg.content_path, cfg.root / "themes", cfg.root / "templates", cfg.root / "dateline.toml"]
        from .themes import BUILTIN_THEMES
        if BUILTIN_THEMES.resolve() != (cfg.root / "themes").resolve():
            paths.append(BUILTIN_THEMES)
        return [p for p in paths if p.exists()] + [cfg.root / REVIEW_NAME]

    # ---- serving -------------------------------------------------------------
    hosts: frozenset[str] | None = None  # names the Host header may give (see ``allowed_hosts``); None: any

    def __call__(self, environ, start_response):
        if self.hosts is not None and not _host_allowed(environ.get("HTTP_HOST", ""), self.hosts):
            status, headers, body = ("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")],
                                     b"This preview answers only to the address it was started on.\n")
        else:
            status, headers, body = self.respond(environ.get("PATH_INFO", "/"))
        start_response(status, headers)
        return [body]

    def respond(self, path: str) -> tuple[str, list[tuple[str, str]], bytes]:
        """(status, headers, body) for a request path; only files under the output folder are served."""
        base = self.config.base_path
        if not path.startswith(base):
            if path.rstrip("/") == base.rstrip("/"):
                return _redirect(base)
            if path == "/":
                return _redirect(base)
            return self._not_found()
        output = self.config.output_path.resolve()
        rel = path[len(base):]
        if "\0" in rel:  # no file has such a name (and the file system would refuse to look)
            return self._not_found()
        target = (output / rel).resolve()
        if target != output and output not in target.parents:
            return self._not_found()
        if target.is_dir():
            if not path.endswith("/"):
                return _redirect(quote(path) + "/")
            target = target / "index.html"
        if not target.is_file():
            return self._not_found()
        return self._file(target, "200 OK")

    def _file(self, target: Path, status: str) -> tuple[str, list[tuple[str, str]], bytes]:
        body = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            body = self._with_error(body)
        if kind.startswith("text/") or kind in ("application/json", "application/javascript"):
            kind += "; charset=utf-8"
        return status, [("Content-Type", kind), ("Cache-Control", "no-store")], body

    def _not_found(self) -> tuple[str, list[tuple[str, str]], bytes]:
        page = self.config.output_path / "404.html"
        if page.is_file():
            return self._file(page, "404 Not Found")
        body = self._with_error(b"<!doctype html><html><head><title>Not found</title></head><body>"
                                b"<h1>Not found</h1></body></html>")
        return "404 Not Found", [("Content-Type", "text/html; charset=utf-8")], body

    def _with_error(self, body: bytes) -> bytes:
        if self.error is None:
            return body
        banner = ERROR_BANNER.format(message=html.escape(str(self.error))).encode()
        marker = body.find(b"<body")
        if marker < 0:
            return banner + body
        end = body.find(b">", marker) + 1
        return body[:end] + banner + body[end:]


def allowed_hosts(host: str) -> frozenset[str] | None:
    """The names a browser may reach the preview by: the one it was started on and loopback's. A page
    on another site that rebinds its own name to 127.0.0.1 is refused, so it cannot read drafts.
    Listening on every interface (0.0.0.0) answers to any address given as numbers."""
    names = {host.lower(), "localhost", "127.0.0.1", "::1"}
    if host in ("0.0.0.0", "::", ""):
        names |= {socket.gethostname().lower(), socket.getfqdn().lower(), "*ip*"}
    return frozenset(names)


def _host_allowed(header: str, hosts: frozenset[str]) -> bool:
    name = header.rsplit(":", 1)[0] if not header.endswith("]") else header
    name = name.strip("[]").lower()
    if name in hosts:
        return True
    if "*ip*" in hosts:
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False
    return False


def check_address(host: str, port: int) -> None:
    """Refuse, in one line and before the first build, an address the server could not listen on."""
    if not 1 <= port <= 65535:
        raise DatelineError(f"--port {port} is not a port; use a number from 1 to 65535 (default 8000)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise DatelineError(f"cannot listen on --host {host}: {exc.strerror}; use an address such as 127.0.0.1")
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DatelineError(f"port {port} is in use (another `dateline serve`?); stop it or pass "
                                    f"--port {port + 1}") from None
            raise DatelineError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _redirect(location: str) -> tuple[str, list[tuple[str, str]], bytes]:
    return "301 Moved Permanently", [("Location", location), ("Content-Type", "text/plain")], b""


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, jobs: int = 1, output: str | None = None,
          executor: str | None = None) -> None:
    """Build, serve with live reload, and rebuild on every change until interrupted."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    class QuietServer(Server):
        def _setup_logging(self):  # Dateline prints its own lines; livereload's go to --debug
            logging.getLogger("livereload").setLevel(logging.WARNING)

    check_address(host, port)
    if host in ("0.0.0.0", "::", ""):
        log.warning("--host %s: the preview, drafts included, is open to every machine that can reach this one",
                    host or "0.0.0.0")
    preview = Preview(root, jobs, output, executor)
    preview.hosts = allowed_hosts(host)
    if not preview.rebuild("start") and not preview.config.output_path.exists():
        log.warning("no good build yet: fix the error above; pages will show it until then")
    threading.Thread(target=_warm_up, args=(preview.config.model,), daemon=True).start()
    server = QuietServer(app=preview, watcher=_watcher())

    def on_change() -> None:
        changed = server.watcher.filepath or "a watched file"
        if preview.rebuild(f"changed {_short(changed, root)}") or preview.error:
            LiveReloadHandler.reload_waiters(preview.config.base_path)  # every rebuild announced, never throttled

    for path in preview.watched():
        server.watch(str(path), on_change, delay="forever")
    url = f"http://{host}:{port}{preview.config.base_path}"
    log.info("serving %s on %s (Ctrl+C to stop)", preview.config.output_path, url)
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    _stop_on_sigterm(preview)
    server.serve(port=port, host=host, debug=False, restart_delay=0)


def _stop_on_sigterm(preview: Preview) -> None:
    """SIGTERM (a process manager, `kill`) stops the server: the event loop ends after the current
    callback. Raising KeyboardInterrupt, as a build does, is not enough here: livereload catches
    every exception while it talks to a browser, and the server would go on. A rebuild under way
    is interrupted as Ctrl+C interrupts a build."""
    from tornado.ioloop import IOLoop
    loop = IOLoop.current()

    def stop(signum, frame):
        loop.add_callback_from_signal(loop.stop)
        if preview.building:
            raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


POLL_SECONDS = 0.2


def _watcher():
    """livereload's watcher, polling every 0.2 s instead of 0.8 s so that an edit reaches the
    browser sooner; a poll stats the watched files (about 3 ms for 500 articles). Where livereload
    would watch with inotify (pyinotify installed), its own watcher is kept: it does not poll."""
    from livereload.watcher import Watcher, get_watcher_class

    class QuickWatcher(Watcher):
        def start(self, callback):
            from tornado.ioloop import PeriodicCallback
            PeriodicCallback(callback, POLL_SECONDS * 1000).start()
            return True  # livereload then starts no polling of its own

    return QuickWatcher() if get_watcher_class() is Watcher else get_watcher_class()()


def _warm_up(model: str | None) -> None:
    """Load the model while the writer reads the page: the first edit is then analysed at once.
    (A start from the cache does not load it.) A missing model is reported by the build that needs it."""
    from .nlp import warm_up
    try:
        warm_up(model)
    except Exception as exc:  # noqa: BLE001 - a failed warm-up only costs time later
        log.debug("model warm-up failed: %s", exc)


def _short(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return path
