"""What a build learnt of a file's bytes (their digest, whether they are text), kept by the file's
stat between builds, so that a build with nothing to do reads no article.

A no-change build of an archive hashed every article (20,000 files, 240 MB: seconds) to find that
nothing changed. A file whose size, modification and change times and inode are those of last time
has the bytes it had: any write moves its change time (``st_ctime_ns``), which no tool can set back.
The memo is a cache: unreadable or foreign, it is ignored and made again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

MEMO_NAME = "files.json"
BINARY_HEAD = 8192  # bytes read to tell text from binary data


class FileMemo:
    """Per file (by its path): its stat when last read, the SHA-256 of its bytes, whether they are binary."""

    def __init__(self, folder: Path):
        self.path = folder / MEMO_NAME
        self.known: dict[str, list] = _load(self.path)
        self.checked: dict[str, list] = {}  # what this build found, once per file (it asks twice)
        self.changed = False

    def _entry(self, path: Path) -> list:
        """[stat key, digest, binary] of the file as it is now; read only when its stat changed."""
        name = str(path)
        if name in self.checked:
            return self.checked[name]
        self.checked[name] = entry = self._stat_entry(name)
        return entry

    def _stat_entry(self, name: str) -> list:
        st = os.stat(name)
        key = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        known = self.known.get(name)
        if known is not None and known[0] == key:
            return known
        data = Path(name).read_bytes()
        entry = self.known[name] = [key, hashlib.sha256(data).hexdigest(), _binary(data[:BINARY_HEAD])]
        self.changed = True
        return entry

    def digest(self, path: Path) -> str:
        """The SHA-256 of the file's bytes (OSError when it cannot be read)."""
        return self._entry(path)[1]

    def binary(self, path: Path) -> bool:
        """Whether the file holds binary data, not text (OSError when it cannot be read)."""
        return self._entry(path)[2]

    def save(self, present: set[str] | None = None) -> None:
        """Keep what was learnt (only the files in ``present``, when given); a memo that cannot be
        written costs the next build its reading, nothing else."""
        known = self.known if present is None else {k: v for k, v in self.known.items() if k in present}
        if not self.changed and len(known) == len(self.known):
            return
        partial = self.path.with_name(f".tmp-{os.getpid()}-{MEMO_NAME}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(known, separators=(",", ":")))
            os.replace(partial, self.path)
            self.changed = False
        except OSError:
            partial.unlink(missing_ok=True)


def _binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text
    return b"\0" in head


def _load(path: Path) -> dict[str, list]:
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}
