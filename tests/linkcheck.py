"""A link checker for a built site: every href/src and #fragment must resolve to a file and an id."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append(value)


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def broken_links(output: Path, base_path: str = "/") -> list[str]:
    """Links in every HTML page of ``output`` that point at no file or no id; [] when all resolve."""
    pages = {p.relative_to(output).as_posix(): _parse(p) for p in output.rglob("*.html")}
    problems = []
    for rel, page in pages.items():
        page_url = base_path + rel
        for link in page.links:
            parsed = urlparse(link)
            if parsed.scheme in ("http", "https", "mailto", "data") or parsed.netloc:
                continue
            target = urlparse(urljoin(page_url, link))
            path = unquote(target.path)
            if not path.startswith(base_path):
                problems.append(f"{rel}: {link} leaves the site ({path})")
                continue
            file_rel = path[len(base_path):]
            if file_rel == "" or file_rel.endswith("/"):
                file_rel += "index.html"
            if not (output / file_rel).is_file():
                problems.append(f"{rel}: {link} -> missing {file_rel}")
                continue
            if target.fragment and file_rel in pages and target.fragment not in pages[file_rel].ids:
                problems.append(f"{rel}: {link} -> no id #{target.fragment} in {file_rel}")
    return problems
