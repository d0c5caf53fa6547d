"""dateline serve, as a browser sees it: pages under the base path, livereload messages, errors, traversal."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

websocket = pytest.importorskip("websocket")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def wait_until(predicate, timeout=15.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def server(make_site):
    root = make_site(base_url="https://example.org/sub/path/")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(root), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/sub/path/"

    def up():
        try:
            return get(base)[0] == 200
        except OSError:
            return False
    try:
        wait_until(up, 60)
        yield root, base, port
    finally:
        proc.terminate()
        proc.wait(10)


class Client:
    """A livereload client: the handshake livereload.js performs, then collect reload commands."""

    def __init__(self, port):
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}/livereload", timeout=20)
        self.ws.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        assert json.loads(self.ws.recv())["command"] == "hello"
        self.ws.send(json.dumps({"command": "info", "url": "http://test/"}))
        self.ws.settimeout(1.5)  # livereload announces itself once after start: drain that
        try:
            while True:
                self.ws.recv()
        except websocket.WebSocketTimeoutException:
            pass
        self.ws.settimeout(20)

    def reload(self):
        while True:
            message = json.loads(self.ws.recv())
            if message.get("command") == "reload":
                return message


def test_pages_under_the_base_path_with_the_livereload_script(server):
    _root, base, port = server
    status, page = get(base)
    assert status == 200 and "livereload.js" in page and "Council delays vote" in page
    assert get(base + "articles/council-vote/")[0] == 200
    assert get(f"http://127.0.0.1:{port}/")[0] == 200  # redirected to the base path


@pytest.mark.parametrize("path", ["../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd",
                                  "static/..%2f..%2f..%2fdateline.toml"])
def test_nothing_outside_the_output_folder(server, path):
    _root, base, _port = server
    status, body = get(base + path)
    assert status == 404 and "root:" not in body and "title =" not in body


def test_edits_are_rebuilt_and_announced(server):
    root, base, port = server
    client = Client(port)
    article = root / "content" / "council-vote.md"
    article.write_text(article.read_text().replace("delay the budget", "postpone the budget"))
    client.reload()
    assert "postpone the budget" in get(base)[1]
    # two quick edits: both served, both announced (livereload alone would drop the second)
    article.write_text(article.read_text().replace("postpone", "defer"))
    client.reload()
    article.write_text(article.read_text().replace("defer", "shelve"))
    client.reload()
    assert "shelve the budget" in get(base)[1]


def test_a_broken_article_shows_the_error_and_keeps_the_site(server):
    root, base, port = server
    client = Client(port)
    (root / "content" / "broken.md").write_text("---\ntitle: No date\n---\nText.\n")
    client.reload()
    page = get(base)[1]
    assert "Build failed" in page and "content/broken.md:2: missing `date`" in page
    assert "Council delays vote" in page  # the last good build is still served
    (root / "content" / "broken.md").unlink()
    client.reload()
    assert "Build failed" not in get(base)[1]


def test_only_the_bound_host_is_answered_and_nul_paths_are_not_found(make_site):
    from generator.serve import Preview, allowed_hosts
    preview = Preview(make_site())
    assert preview.rebuild()
    preview.hosts = allowed_hosts("127.0.0.1")

    def status(path, host):
        seen = []
        preview({"PATH_INFO": path, "HTTP_HOST": host}, lambda s, h: seen.append(s))
        return seen[0]

    assert status("/", "127.0.0.1:8000").startswith("200")
    assert status("/", "localhost:8000").startswith("200")
    assert status("/", "attacker.example:8000").startswith("403")  # a DNS-rebinding page
    assert status("/a\0b", "127.0.0.1:8000").startswith("404")
    everywhere = allowed_hosts("0.0.0.0")
    preview.hosts = everywhere
    assert status("/", "192.168.1.20:8000").startswith("200") and status("/", "rebind.example").startswith("403")


@pytest.mark.parametrize("host,port,message", [
    ("127.0.0.1", -1, "--port -1 is not a port"), ("127.0.0.1", 99999, "--port 99999 is not a port"),
    ("nosuch.invalid", 8000, "cannot listen on --host nosuch.invalid")])
def test_an_address_serve_cannot_use_is_one_line(host, port, message):
    from generator.errors import DatelineError
    from generator.serve import check_address
    with pytest.raises(DatelineError, match=message):
        check_address(host, port)


def test_a_port_in_use_is_one_line(make_site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "serve", "--port", str(port)],
                                cwd=make_site(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"dateline: port {port} is in use (another `dateline serve`?); stop it or pass --port {port + 1}\n"



def test_sigterm_stops_the_server_while_a_browser_is_connected(make_site):
    """A process manager's SIGTERM ends `dateline serve` even with a live-reload connection open
    (livereload swallows the KeyboardInterrupt a build would raise)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(make_site()), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: _answers(f"http://127.0.0.1:{port}/"), 60)
        ws = websocket.create_connection(f"ws://127.0.0.1:{port}/livereload", timeout=20)
        ws.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        ws.recv()
        proc.terminate()  # while livereload greets the browser, as a stop right after a reload does
        assert proc.wait(10) == 0
        ws.close()
    finally:
        proc.kill()
        proc.wait()


def _answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


def test_a_confirmation_rebuilds_the_preview(make_site):
    """`dateline review --accept` writes review.toml; the preview watches it, even before the first
    confirmation creates it, and the rebuilt review page no longer shows the item."""
    from generator import config, review, site
    from generator.cli import main
    from generator.serve import Preview, _watcher
    root = make_site("review")
    preview = Preview(root)
    assert root / "review.toml" in preview.watched() and not (root / "review.toml").exists()
    watcher, changes = _watcher(), []
    for path in preview.watched():
        watcher.watch(str(path), lambda: changes.append(1), delay="forever")
    watcher.examine()
    assert not changes
    assert preview.rebuild()
    page = preview.config.output_path / "review" / "index.html"
    cfg = config.load(root)
    guess = next(i for i in review.items(site.gather(cfg, site.BuildReport()), cfg) if i.kind == "guess")
    assert guess.id in page.read_text()
    assert main(["review", str(root), "--accept", guess.id]) == 0
    watcher.examine()
    assert changes
    assert preview.rebuild("changed review.toml")
    assert guess.id not in page.read_text()
