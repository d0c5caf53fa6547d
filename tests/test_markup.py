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


def _marks_around(body: str, *words: str) -> list[Mark]:
    marks = []
    for i, word in enumerate(words):
        start = body.index(word)
        marks.append(Mark(start, start, f'<span class="anchor" id="s-{i}"></span>'))
        marks.append(Mark(start, start + len(word), f'<time data-value="{i}">', "</time>"))
    return marks


def test_marks_stand_in_as_text_while_markdown_converts():
    """Marks ride through Markdown as private-use characters (fast); the result is what inserting the
    tags themselves gives, in emphasis, links, headings, lists and tables."""
    body = ("# Report of *Monday*\n\nThe **vote** on [Tuesday](https://x.example/) passed.\n\n"
            "- first on Nov. 3\n- then _Dec. 4_\n\n| when | what |\n|---|---|\n| March 2 | filed |\n")
    marks = _marks_around(body, "Monday", "Tuesday", "Nov. 3", "Dec. 4", "March 2")
    html = render_body(body, "markdown", marks)
    assert '<em><span class="anchor" id="s-0"></span><time data-value="0">Monday</time></em>' in html
    assert '<a href="https://x.example/" rel="noopener noreferrer"><span class="anchor" id="s-1"></span>' in html
    assert '<td><span class="anchor" id="s-4"></span><time data-value="4">March 2</time></td>' in html
    assert not any("\ue000" <= c <= "\uf8ff" for c in html)


def test_a_body_with_private_use_characters_keeps_them_and_its_marks():
    body = "Icons \ue001\ue002 aside, the vote was on Monday.\n"
    html = render_body(body, "markdown", _marks_around(body, "Monday"))
    assert "\ue001\ue002" in html and '<time data-value="0">Monday</time>' in html


def test_code_scripts_and_styles_are_not_article_text():
    from generator.markup import plain_text
    body = ("The council met on Monday.\n\n```\nrelease = \"2020-05-01\"\n```\n\n"
            "    an indented block from March 3, 2021\n\n"
            "Run `backup --since 2021-01-01` nightly, the clerk said on Tuesday.\n\n"
            "<style>Body{display:none}</style>\n<script>var d = \"May 5\";</script>\n\n"
            "- a list item on Wednesday\n    continued on Thursday\n")
    text = plain_text(body, "markdown").text
    for gone in ("2020-05-01", "March 3", "2021-01-01", "display", "May 5"):
        assert gone not in text
    for kept in ("Monday", "Tuesday", "Wednesday", "continued on Thursday"):
        assert kept in text
