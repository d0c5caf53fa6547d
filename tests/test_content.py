"""Reading articles: front matter, publication dates in every common form, clear errors."""

from datetime import datetime, timedelta

import pytest

from generator import config, content
from generator.errors import ContentError


def write(tmp_path, name, text):
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("raw,expected,has_time", [
    ("2022-11-12", datetime(2022, 11, 12, 0, 0), False),
    ("2022-11-12T21:38:00-05:00", datetime(2022, 11, 12, 21, 38), True),
    ('"Nov. 12, 2022 9:38 PM EST"', datetime(2022, 11, 12, 21, 38), True),
    ('"November 12, 2022"', datetime(2022, 11, 12), False),
])
def test_publication_dates(tmp_path, raw, expected, has_time):
    (tmp_path / "dateline.toml").write_text('timezone = "America/New_York"\n')
    path = write(tmp_path, "a.md", f"---\ndate: {raw}\n---\nBody.\n")
    article = content.read(path, config.load(tmp_path))
    assert article.published.replace(tzinfo=None) == expected
    assert article.published.utcoffset() == timedelta(hours=-5)
    assert article.has_time == has_time and article.dct == expected.date()


def test_article_fields(tmp_path):
    path = write(tmp_path, "My Story.md", "---\ntitle: A story\ndate: 2022-11-12\ntags: [a, b]\nurl: https://x.example/\n"
                                          "---\nText here.\n")
    article = content.read(path, config.load(tmp_path))
    assert (article.slug, article.title, article.tags, article.markup) == ("my-story", "A story", ("a", "b"), "markdown")
    assert article.body == "Text here.\n" and article.body_line == 7


def test_plain_text_article_with_title_from_heading(tmp_path):
    path = write(tmp_path, "raw.txt", "---\ndate: 2022-11-12\n---\nPasted text.\n")
    article = content.read(path, config.load(tmp_path))
    assert article.markup == "text" and article.title == "Raw"


@pytest.mark.parametrize("text,message,line", [
    ("---\ntitle: x\n---\nBody", "missing `date`", 2),
    ("---\ndate: 2022-11-12\ntitle: [unclosed\n---\nBody", "invalid YAML", 3),
    ("---\ndate: 2022-11-12\nBody without end", "front matter is not closed", 1),
    ("No front matter at all", "no front matter", 1),
    ("---\ndate: someday soon\n---\nBody", "cannot read `date: someday soon`", 2),
    ("---\ndate: Nov 12\n---\nBody", "has no year", 2),
])
def test_errors_name_file_and_line(tmp_path, text, message, line):
    path = write(tmp_path, "bad.md", text)
    with pytest.raises(ContentError) as err:
        content.read(path, config.load(tmp_path))
    assert message in err.value.message and err.value.line == line and err.value.path == path


def test_non_utf8_names_the_byte_offset(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    path = folder / "latin1.md"
    path.write_bytes(b"---\ndate: 2022-11-12\n---\nCaf\xe9\n")
    with pytest.raises(ContentError, match="offset 28"):
        content.read(path, config.load(tmp_path))


def test_duplicate_slugs_are_refused(tmp_path):
    write(tmp_path, "story.md", "---\ndate: 2022-11-12\n---\nA\n")
    write(tmp_path, "story.txt", "---\ndate: 2022-11-12\n---\nB\n")
    with pytest.raises(ContentError, match="same page name `story`"):
        content.read_all(config.load(tmp_path))


def test_missing_content_folder(tmp_path):
    with pytest.raises(ContentError, match="content folder not found"):
        content.read_all(config.load(tmp_path))


def test_unknown_key_warns_with_suggestion(tmp_path, caplog):
    path = write(tmp_path, "a.md", "---\ndate: 2022-11-12\ntitel: X\n---\nBody\n")
    content.read(path, config.load(tmp_path))
    assert "unknown front-matter key `titel`; did you mean `title`?" in caplog.text
