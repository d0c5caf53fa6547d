"""The memo of files' bytes by their stat (a no-change build reads no article), and the content
folder's listing (one scandir per folder) in the order ``sorted(rglob)`` gave."""

import hashlib
import os
from pathlib import Path

from generator import content
from generator.filememo import FileMemo


def test_an_unchanged_file_is_not_read_again(tmp_path, monkeypatch):
    article = tmp_path / "a.md"
    article.write_text("---\ndate: 2022-11-12\n---\nThe council met.\n")
    first = FileMemo(tmp_path / "cache")
    assert first.digest(article) == hashlib.sha256(article.read_bytes()).hexdigest() and not first.binary(article)
    first.save()
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(AssertionError("read")))
    assert FileMemo(tmp_path / "cache").digest(article) == first.digest(article)


def test_a_file_written_again_is_read_again_even_with_its_old_size_and_times(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("The council met on Monday.")
    memo = FileMemo(tmp_path / "cache")
    before, st = memo.digest(article), article.stat()
    memo.save()
    article.write_text("The council met on Friday.")  # same size
    os.utime(article, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the old modification time
    assert FileMemo(tmp_path / "cache").digest(article) == hashlib.sha256(b"The council met on Friday.").hexdigest() != before


def test_binary_data_is_told_from_text_as_before(tmp_path):
    memo = FileMemo(tmp_path / "cache")
    for data, binary in ((b"plain text", False), (b"\x89PNG\r\n\x1a\n\0\0", True), ("é".encode("utf-16"), False)):
        path = tmp_path / "f.md"
        path.write_bytes(data)
        assert FileMemo(tmp_path / "other").binary(path) == binary == content._is_binary(path)
    memo.save()


def test_a_memo_that_cannot_be_read_is_made_again(tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "files.json").write_text("{not json")
    article = tmp_path / "a.md"
    article.write_text("text")
    assert FileMemo(tmp_path / "cache").digest(article) == hashlib.sha256(b"text").hexdigest()


def test_the_listing_is_in_the_order_sorted_rglob_gives(tmp_path):
    for name in ("a/b.md", "a-c.md", "a.md", "B.md", "a/z/y.md", ".hidden/x.md", "ab/c.md", "a b.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)  # listed, not descended
    listed = [Path(entry.path) for _parts, entry in content._listing(tmp_path)]
    assert listed == sorted(tmp_path.rglob("*"))
