"""Plain text for analysis and HTML with marks for pages, from the same Markdown body."""

from generator.markup import Mark, plain_text, render_body, sanitise


def test_plain_text_drops_markdown_syntax_and_maps_back():
    body = "# Title\n\nThe **council** met [on Monday](https://x.example/2019/05/01).\n"
    plain = plain_text(body, "markdown")
    assert plain.text == "Title\n\nThe council met on Monday.\n"
    start = plain.text.index("Monday")
    s, e = plain.to_source(start, start + len("Monday"))
    assert body[s:e] == "Monday"


def test_spans_crossing_markup_are_not_mapped():
    plain = plain_text("on **Nov. 12**, 2022", "markdown")
    start = plain.text.index("Nov.")
    assert plain.to_source(start, len(plain.text)) is None


def test_marks_are_inserted_and_rendered():
    body = "The vote was on Monday.\n"
    html = render_body(body, "markdown", [Mark(16, 22, '<time datetime="2021-06-07">', "</time>")])
    assert html == '<p>The vote was on <time datetime="2021-06-07">Monday</time>.</p>'


def test_plain_text_bodies_are_escaped_and_split_into_paragraphs():
    html = render_body("a < b\n\n<script>x</script>", "text", [])
    assert html == "<p>a &lt; b</p>\n<p>&lt;script&gt;x&lt;/script&gt;</p>"


def test_raw_html_is_sanitised():
    assert sanitise('<p onclick="x()">hi<script>alert(1)</script><a href="javascript:x()">l</a></p>') == \
        '<p>hi<a rel="noopener noreferrer">l</a></p>'
