"""Pictures (`image:` with credit, caption and alt) and drafts (`draft: true`).

Pictures are referred to, not downloaded: a web address stays one; a picture of the content folder
is copied into the output and linked relatively, so a site under a base path keeps showing it.
Drafts are left out of `dateline build` and shown, marked, by `dateline serve`.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest

from generator import config, content, site
from generator.errors import ContentError
from generator.live import LiveBuild
from generator.model import Media

MEDIA_SITE = Path(__file__).parent / "sites" / "media"


def write(root: Path, name: str, text: str) -> Path:
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def a_site(tmp_path: Path) -> Path:
    """The media test site, copied."""
    root = tmp_path / "media"
    shutil.copytree(MEDIA_SITE, root)
    return root


# ---- reading `image:` ---------------------------------------------------------------------------

def read(tmp_path: Path, front: str) -> content.Article:
    (tmp_path / "dateline.toml").write_text('title = "T"\n')
    path = write(tmp_path, "a.md", f"---\ntitle: Pier closes\ndate: 2023-03-01\n{front}---\nThe pier closed on Monday.\n")
    return content.read(path, config.load(tmp_path))


def test_a_web_address_is_referred_to_as_it_is(tmp_path):
    article = read(tmp_path, "image: https://pictures.example.net/pier.jpg\nimage_alt: The pier at dusk\n")
    assert article.image == Media("https://pictures.example.net/pier.jpg", alt="The pier at dusk")
    assert not article.image.local and article.image.href("../../") == "https://pictures.example.net/pier.jpg"


def test_a_picture_of_the_content_folder_is_found_relative_to_the_article(tmp_path):
    picture = tmp_path / "content" / "2023" / "media" / "pier at dusk.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "dateline.toml").write_text('title = "T"\n')
    path = write(tmp_path, "2023/a.md", "---\ndate: 2023-03-01\nimage: media/pier at dusk.png\nimage_alt: x\n---\nText.\n")
    image = content.read(path, config.load(tmp_path)).image
    assert image.src == "static/content/2023/media/pier%20at%20dusk.png"
    assert image.file == picture.resolve() and image.href("../../") == "../../static/content/2023/media/pier%20at%20dusk.png"


@pytest.mark.parametrize("value, message", [
    ("media/none.png", "`image: media/none.png`: no such file (content/media/none.png); put the picture there or "
                       "correct the path (it is relative to the article)"),
    ("../outside.png", "`image: ../outside.png` is outside the content folder; give a web address"),
    ("notes.txt", "`image: notes.txt` is not a picture (.jpg, .jpeg, .png, .gif, .webp, .avif, .svg files)"),
    ("javascript:alert(1)", "`image: javascript:alert(1)` is neither a web address nor a path relative to the article"),
    ("/etc/hosts.png", "`image: /etc/hosts.png` is neither a web address nor a path relative to the article"),
])
def test_a_picture_that_cannot_be_shown_is_an_error_naming_the_line(tmp_path, monkeypatch, value, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        read(tmp_path, f"image: '{value}'\n")
    assert caught.value.message.startswith(message) and caught.value.line == 4


def test_picture_words_must_be_text(tmp_path):
    with pytest.raises(ContentError, match="`image_credit` must be text"):
        read(tmp_path, "image: https://pictures.example.net/a.jpg\nimage_credit: [a, b]\n")


def test_a_picture_without_alt_warns_and_says_what_it_is_shown_with(tmp_path, caplog):
    read(tmp_path, "image: https://pictures.example.net/a.jpg\nimage_caption: The pier, closed.\n")
    assert "a.md:4: `image` has no `image_alt`; add a few words saying what the picture shows (it is shown " \
           "with an empty alt, as its caption or credit describes it)" in caplog.text
    caplog.clear()
    read(tmp_path, "image: https://pictures.example.net/a.jpg\n")
    assert "(it is shown with `Pier closes` as its alt)" in caplog.text
    caplog.clear()
    read(tmp_path, "image: https://pictures.example.net/a.jpg\nimage_alt: ''\n")  # said to be decorative
    assert "image_alt" not in caplog.text


# ---- the built site -----------------------------------------------------------------------------

@pytest.fixture
def built(tmp_path):
    root = a_site(tmp_path)
    write(root, "pier.md", "---\ntitle: Pier repairs\ndate: 2023-03-16\nsummary: What the divers found.\n"
                           "events:\n  - date: 2023-03-15\n"
                           "    text: Divers surveyed the pier's timber piles.\n    detail: Three piles <need> replacing.\n"
                           "    display_date: Mid-March\n    group: Pier works\n"
                           "    image: https://pictures.example.net/piles.jpg\n    image_credit: Island Diving Club\n"
                           "  - date: 2023-03-14\n    text: The harbour film was shown.\n"
                           "    media: https://video.example.org/watch?v=harbour\n    image_caption: The harbour <film>\n"
                           "---\nRepairs to the pier start in April.\n")
    report = site.build(config.load(root))
    return root, report


def page(root: Path, path: str) -> str:
    return (root / "output" / path).read_text()


def test_the_article_page_shows_its_picture_with_caption_credit_and_alt(built):
    root, _ = built
    html = page(root, "articles/ferry-returns/index.html")
    assert ('<img src="../../static/content/media/harbour.png" alt="The white-cabin ferry moored in the harbour on '
            'a calm morning" width="480" height="200" loading="lazy" decoding="async">') in html  # its room kept
    assert '<figcaption>The ferry back at its mooring. <span class="credit">Harbour Weekly</span></figcaption>' in html
    assert (root / "output/static/content/media/harbour.png").read_bytes() == \
        (root / "content/media/harbour.png").read_bytes()


def test_open_graph_names_the_picture_by_its_full_address(built):
    root, _ = built
    html = page(root, "articles/ferry-returns/index.html")
    assert '<meta property="og:image" content="https://example.org/ferry/static/content/media/harbour.png">' in html
    assert '<meta property="og:image:alt" content="The white-cabin ferry moored' in html
    assert "og:image" not in page(root, "articles/pier/index.html")  # it has no picture of its own


def test_a_hand_made_events_picture_is_shown_with_it_on_every_page(built):
    root, _ = built
    index = page(root, "index.html")
    assert '<img src="./static/content/media/pier.png" alt="Wooden planks of the boatyard pier above grey water"' in index
    assert '<figcaption>The boatyard pier where the hull was inspected.</figcaption>' in index
    assert '<img src="https://pictures.example.net/piles.jpg" alt="" loading="lazy" decoding="async">' in index
    assert '<img src="../../static/content/media/pier.png"' in page(root, "articles/ferry-returns/index.html")


@pytest.mark.parametrize("data, size", [
    (b"GIF89a\x40\x01\xc8\x00" + b"\x00" * 20, (320, 200)),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"></svg>', (64, 32)),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="4em" height="2em"></svg>', (None, None)),
    (b"\x89PNG\r\n\x1a\n", (None, None)),  # cut short: shown without a size rather than failing the build
])
def test_a_local_pictures_size_is_read_from_its_header(tmp_path, data, size):
    picture = tmp_path / ("a.svg" if data.startswith(b"<svg") else "a.gif")
    picture.write_bytes(data)
    assert content.picture_size(picture) == size


def test_timelinejs_slides_carry_their_media(built):
    root, _ = built
    slides = {e["text"]["headline"]: e for e in json.loads(page(root, "timelinejs.json"))["events"]}
    assert slides["Engineers finished the hull inspection at the boatyard."]["media"] == {
        "url": "https://example.org/ferry/static/content/media/pier.png", "credit": "",
        "caption": "The boatyard pier where the hull was inspected.",
        "alt": "Wooden planks of the boatyard pier above grey water"}
    assert slides["Divers surveyed the pier&#x27;s timber piles."]["media"] == {
        "url": "https://pictures.example.net/piles.jpg", "credit": "Island Diving Club", "caption": ""}
    assert all("media" not in s for h, s in slides.items() if not any(w in h for w in ("boatyard", "piles", "film")))


def test_a_hand_made_events_detail_and_an_articles_summary_are_shown(built):
    root, _ = built
    assert '<p class="event-detail">Three piles &lt;need&gt; replacing.</p>' in page(root, "index.html")
    article = page(root, "articles/pier/index.html")
    assert '<p class="summary">What the divers found.</p>' in article
    assert '<meta name="description" content="What the divers found.">' in article
    slides = {e["text"]["headline"]: e for e in json.loads(page(root, "timelinejs.json"))["events"]}
    assert "<p>Three piles &lt;need&gt; replacing.</p><ul>" in slides["Divers surveyed the pier&#x27;s timber piles."]["text"]["text"]
    [event] = [e for e in json.loads(page(root, "events.json"))["events"] if "detail" in e]
    assert event["detail"] == "Three piles <need> replacing."


def test_a_hand_made_events_video_is_linked_on_pages_and_embedded_by_timelinejs(built):
    root, _ = built
    assert ('<p class="media event-media embed"><a href="https://video.example.org/watch?v=harbour" '
            'rel="noopener noreferrer">The harbour &lt;film&gt;</a></p>') in page(root, "index.html")
    [slide] = [e for e in json.loads(page(root, "timelinejs.json"))["events"] if "film" in e["text"]["headline"]]
    assert slide["media"] == {"url": "https://video.example.org/watch?v=harbour", "credit": "",
                              "caption": "The harbour &lt;film&gt;"}


def test_a_hand_made_events_group_is_its_first_tag_and_its_timelinejs_group(built):
    root, _ = built
    [slide] = [e for e in json.loads(page(root, "timelinejs.json"))["events"] if "piles" in e["text"]["headline"]]
    assert slide["group"] == "Pier works"
    assert "Divers surveyed the pier" in page(root, "tags/pier-works/index.html")


def test_a_hand_made_events_display_date_is_shown_for_its_date(built):
    root, _ = built
    assert 'data-value="2023-03-15">Mid-March</time>' in page(root, "index.html")
    [slide] = [e for e in json.loads(page(root, "timelinejs.json"))["events"] if "piles" in e["text"]["headline"]]
    assert slide["display_date"] == "Mid-March" and slide["start_date"]["day"] == 15


def test_timelinejs_escapes_picture_words_and_keeps_a_path_without_a_full_base(built):
    from generator.exports import timelinejs_media
    media = Media("static/content/a.png", credit="<b>R&D</b>", caption="", alt="A & B", file=Path("a.png"))
    assert timelinejs_media(media, media.src) == {"url": "static/content/a.png", "credit": "&lt;b&gt;R&amp;D&lt;/b&gt;",
                                                  "caption": "", "alt": "A & B"}


def test_a_picture_nobody_shows_is_not_copied_and_an_edited_one_rebuilds(tmp_path):
    root = a_site(tmp_path)
    assert not site.build(config.load(root)).up_to_date
    (root / "content/media/unused.png").write_bytes(b"\x89PNG\r\n\x1a\nunused")
    assert site.build(config.load(root)).up_to_date is False  # a new picture may be one an article shows
    assert not (root / "output/static/content/media/unused.png").exists()
    assert site.build(config.load(root)).up_to_date
    (root / "content/media/pier.png").write_bytes(b"\x89PNG\r\n\x1a\nnew")
    site.build(config.load(root))
    assert (root / "output/static/content/media/pier.png").read_bytes().endswith(b"new")


def test_pictures_in_the_content_folder_are_no_skipped_articles(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    site.build(config.load(a_site(tmp_path)))
    assert caplog.text == ""  # not "skipped: not an article"; and every picture of the site has its alt


# ---- drafts -------------------------------------------------------------------------------------

def test_a_draft_is_left_out_of_the_build_and_counted_once(built):
    root, report = built
    assert report.drafts == 1 and report.articles == 2
    assert "2 articles (1 draft skipped)," in report.summary()
    assert not (root / "output/articles/timetable-draft").exists()
    assert "evening crossing" not in page(root, "events.json") + page(root, "index.html")



def test_an_unchanged_site_says_its_drafts_are_skipped(tmp_path):
    root = a_site(tmp_path)
    site.build(config.load(root))
    again = site.build(config.load(root))
    assert again.up_to_date and again.summary() == "nothing changed: 14 files: 1 article (1 draft skipped), 3 events"


def test_serve_shows_a_draft_marked_on_its_page_and_its_events(tmp_path):
    root = a_site(tmp_path)
    cfg = config.load(root)
    report = LiveBuild(cfg).rebuild(cfg)
    assert report.drafts == 0 and report.articles == 2
    article = page(root, "articles/timetable-draft/index.html")
    assert '<p class="draft-note"><span class="draft-badge">Draft</span> Not published' in article
    index = page(root, "index.html")
    [entry] = [e for e in re.findall(r'<li class="event.*?</li>\n', index, re.S) if "evening crossing" in e]
    assert '<span class="draft-badge">Draft</span>' in entry
    others = [e for e in re.findall(r'<li class="event.*?</li>\n', index, re.S) if "evening crossing" not in e]
    assert others and not any("draft-badge" in e for e in others)
    assert "draft-badge" not in page(root, "articles/ferry-returns/index.html")


def test_a_draft_must_be_true_or_false(tmp_path):
    (tmp_path / "dateline.toml").write_text('title = "T"\n')
    path = write(tmp_path, "a.md", "---\ndate: 2023-03-01\ndraft: maybe\n---\nText.\n")
    with pytest.raises(ContentError) as caught:
        content.read(path, config.load(tmp_path))
    assert (caught.value.message, caught.value.line) == ("`draft` must be true or false, e.g. `draft: true`", 3)



# ---- dateline import --fetch-media ------------------------------------------------------------

@pytest.fixture
def picture_server(tmp_path):
    """A feed whose items show pictures (one of them no picture at all), served on 127.0.0.1."""
    import functools
    import http.server
    import threading
    www = tmp_path / "www"
    www.mkdir()
    shutil.copy(MEDIA_SITE / "content/media/harbour.png", www / "harbour.png")
    (www / "not-a-picture.jpg").write_text("<html>Sign in to see this picture</html>")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    items = "".join(f"""<item><title>{title}</title><link>https://news.example.org/{n}</link>
<pubDate>Tue, 14 Mar 2023 10:00:00 GMT</pubDate><description>{text}</description>
<enclosure url="{base}/{picture}" type="image/jpeg" length="1"/></item>""" for n, (title, text, picture) in enumerate([
        ("Ferry back in the water", "The harbour ferry went back into the water on Monday.", "harbour.png"),
        ("Island crossings resume", "Crossings to the island resume on Saturday, the operator said.",
         "not-a-picture.jpg")]))
    (www / "feed.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Weekly</title>'
                                  f'{items}</channel></rss>')
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_fetch_media_saves_pictures_beside_the_articles_and_refers_to_them(picture_server, tmp_path, caplog):
    from generator.importer import import_sources
    into = tmp_path / "site" / "content"
    report = import_sources([f"{picture_server}/feed.rss"], into, fetch_media=True)
    assert report.count("imported") == 2
    saved = into / "media" / "harbour.png"
    assert saved.read_bytes() == (MEDIA_SITE / "content/media/harbour.png").read_bytes()
    ferry = next(into.glob("*ferry-back*.md")).read_text()
    assert "\nimage: media/harbour.png\n" in ferry
    crossings = next(into.glob("*crossings*.md")).read_text()
    assert f"\nimage: {picture_server}/not-a-picture.jpg\n" in crossings  # kept as an address
    assert report.media == [f"{picture_server}/not-a-picture.jpg: not a picture (PNG, JPEG, GIF, WebP or SVG); "
                            f"the article refers to the address instead"]
    again = import_sources([f"{picture_server}/feed.rss"], into, fetch_media=True)
    assert again.count("duplicate") == 2 and sorted(p.name for p in (into / "media").iterdir()) == ["harbour.png"]
    (tmp_path / "site" / "dateline.toml").write_text('title = "Imported"\n')
    built = site.build(config.load(tmp_path / "site"))
    assert built.articles == 2 and (tmp_path / "site/output/static/content/media/harbour.png").is_file()


def test_without_fetch_media_pictures_stay_addresses(picture_server, tmp_path):
    from generator.importer import import_sources
    into = tmp_path / "content"
    import_sources([f"{picture_server}/feed.rss"], into)
    assert not (into / "media").exists()
    assert f"\nimage: {picture_server}/harbour.png\n" in next(into.glob("*ferry-back*.md")).read_text()


def test_fetch_media_saves_a_sheets_event_pictures(picture_server, tmp_path):
    from generator.importer import import_sources
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Year,Month,Day,Headline,Text,Media,Media Credit,Media Caption\n"
                     f"2023,3,13,Ferry relaunched,,{picture_server}/harbour.png,Harbour Weekly,The ferry at its mooring\n")
    into = tmp_path / "content"
    import_sources([str(sheet)], into, fetch_media=True)
    text = next(into.glob("*.md")).read_text()
    assert "image: media/harbour.png" in text and "image_caption: The ferry at its mooring" in text


def test_an_events_media_must_be_a_web_address(tmp_path):
    with pytest.raises(ContentError) as caught:
        read(tmp_path, "events:\n  - date: 2023-02-01\n    text: A film.\n    media: films/harbour.mp4\n")
    assert caught.value.message.startswith("`media` must be a web address") and caught.value.line == 5
