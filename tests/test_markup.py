"""Plain text for analysis and HTML with marks for pages, from the same Markdown body."""

from generator import markup
from generator.markup import Mark, plain_text, render_body, sanitise
from generator.temporal import tag


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


def test_marks_go_where_the_parse_put_their_text():
    """Marks are spliced into the page the parse made, inside emphasis, links, headings, lists and
    tables; the sentinels that told where are gone."""
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


# One parse gives both: what is tagged in the plain text is marked where the page shows it ---------


def _tagged(body: str) -> tuple[str, list[str], str]:
    """The plain text, what the engine tags in it, and the page with a <time> around each (as the
    site marks them: through ``to_source``) and an anchor at the start of the text."""
    plain = plain_text(body, "markdown")
    timexes = tag(plain.text, "2023-06-01")
    marks = [Mark(*where, "<time>", "</time>") for t in timexes if (where := plain.to_source(t.start, t.end))]
    start = plain.source_offset(len(plain.text) - len(plain.text.lstrip()))
    marks.append(Mark(start, start, '<span class="anchor" id="s-0"></span>'))
    return plain.text, [t.text for t in timexes], render_body(body, "markdown", marks)


def test_dates_in_code_scripts_and_styles_are_neither_read_nor_marked():
    body = ("The inspectors came back on Tuesday.\n\n"
            "    archived = \"March 3, 2021\"\n\n"
            "```\nrestore --from 2020-05-01\n```\n\n"
            "Run `purge --before 2019-02-02` to tidy up, the clerk wrote.\n\n"
            "<script>var due = \"May 5\";</script>\n\n"
            "<style>.late::after { content: \"June 6\" }</style>\n")
    text, tagged, html = _tagged(body)
    assert tagged == ["Tuesday"]
    for gone in ("March 3", "2020-05-01", "2019-02-02", "May 5", "June 6", "archived", "purge", "content"):
        assert gone not in text
    assert html.count("<time>") == 1 and "came back on <time>Tuesday</time>." in html
    assert '<pre><code>archived = "March 3, 2021"\n</code></pre>' in html
    assert "<code>purge --before 2019-02-02</code>" in html
    assert "<script" not in html and "<style" not in html


def test_a_date_in_a_link_is_marked_inside_the_link_and_its_target_is_not_read():
    body = "The court set [a hearing for March 14, 2023](https://court.example/2023/03/14) at last.\n"
    text, tagged, html = _tagged(body)
    assert text == "The court set a hearing for March 14, 2023 at last.\n"
    assert tagged == ["March 14, 2023"]
    assert ('<a href="https://court.example/2023/03/14" rel="noopener noreferrer">a hearing for '
            '<time>March 14, 2023</time></a>') in html


def test_emphasis_around_and_inside_a_date():
    body = "Both crews left *on June 2* and came home **June 3, 2022**.\n"
    text, tagged, html = _tagged(body)
    assert text == "Both crews left on June 2 and came home June 3, 2022.\n"
    assert tagged == ["June 2", "June 3, 2022"]
    assert "<em>on <time>June 2</time></em>" in html
    assert "<strong><time>June 3, 2022</time></strong>" in html


def test_entities_next_to_dates_are_read_as_their_characters():
    body = "Smith &amp; Jones signed on April 9, 2022. &ldquo;On May 4&rdquo; came the reply.\n"
    text, tagged, html = _tagged(body)
    assert text == "Smith & Jones signed on April 9, 2022. \u201cOn May 4\u201d came the reply.\n"
    assert tagged == ["April 9, 2022", "May 4"]
    assert "Smith &amp; Jones signed on <time>April 9, 2022</time>." in html
    assert "\u201cOn <time>May 4</time>\u201d" in html  # nh3 writes the quotes as characters
    plain = plain_text(body, "markdown")
    amp = plain.text.index("&")
    assert plain.to_source(amp, amp + 1) is None  # the plain "&" is not the source's "&amp;"
    assert body[plain.source_offset(amp):].startswith("&amp;")


def test_headings_and_lists_are_lines_of_plain_text():
    body = "## The vote of October 3\n\nThe board met twice:\n\n- first on October 5\n- then on October 9\n"
    text, tagged, html = _tagged(body)
    assert text == "The vote of October 3\n\nThe board met twice:\n\nfirst on October 5\nthen on October 9\n"
    assert tagged == ["October 3", "October 5", "October 9"]
    assert '<h2><span class="anchor" id="s-0"></span>The vote of <time>October 3</time></h2>' in html
    assert "<li>first on <time>October 5</time></li>\n<li>then on <time>October 9</time></li>" in html


def test_a_block_quote_is_read_across_its_markers():
    body = "> The permit expired\n> on August 30, 2022.\n"
    text, tagged, html = _tagged(body)
    assert text == "The permit expired\non August 30, 2022.\n"
    assert "on <time>August 30, 2022</time>." in html


def test_raw_html_blocks_are_read_and_marked_inside():
    body = 'Before.\n\n<div class="note">Filed on July 8, 2021 &amp; <b>sealed</b>.</div>\n\nAfter.\n'
    text, tagged, html = _tagged(body)
    assert text == "Before.\n\nFiled on July 8, 2021 & sealed.\n\nAfter.\n"
    assert "<div>Filed on <time>July 8, 2021</time> &amp; <b>sealed</b>.</div>" in html


def test_footnotes_are_read_last_and_marked_where_they_are_shown():
    body = "The ruling[^why] was appealed.\n\n[^why]: The appeal was lodged on May 2, 2022.\n\nIt failed.\n"
    text, tagged, html = _tagged(body)
    assert text == "The ruling was appealed.\n\nIt failed.\n\nThe appeal was lodged on May 2, 2022.\n"
    assert tagged == ["May 2, 2022"]
    assert "lodged on <time>May 2, 2022</time>." in html.split('<div class="footnote">')[-1]


def test_every_span_the_plain_text_maps_is_the_sources_own():
    body = ("# A *title* from 1999\n\nText with \\*stars\\*, AT&T, a [link](https://x.example/1 \"t\"), "
            "![a picture](p.png) and\ttabs.\n\n> quoted\n> > twice\n\n| when | what |\n|---|---|\n| May 1 | x |\n")
    plain = plain_text(body, "markdown")
    assert "picture" not in plain.text and "x.example" not in plain.text
    for start in range(len(plain.text)):
        for end in range(start + 1, min(len(plain.text), start + 12) + 1):
            where = plain.to_source(start, end)
            if where:
                assert body[where[0]:where[1]] == plain.text[start:end]


def test_the_page_comes_from_the_parse_that_made_the_plain_text(monkeypatch):
    """Rendering after reading does not parse again: the page is kept with the plain text."""
    body = "The depot reopened on Monday.\n"
    plain = plain_text(body, "markdown")
    monkeypatch.setattr(markup, "_parse", lambda body: (_ for _ in ()).throw(AssertionError("parsed twice")))
    start = plain.text.index("Monday")
    where = plain.to_source(start, start + len("Monday"))
    assert render_body(body, "markdown", [Mark(*where, "<time>", "</time>")]) == \
        "<p>The depot reopened on <time>Monday</time>.</p>"


def test_rendering_is_deterministic_and_stays_sanitised():
    body = 'On Monday <a href="javascript:alert(1)" onclick="x()">the link</a> <img src=x onerror=y()>.\n'
    first = render_body(body, "markdown", [])
    markup._PAGES.clear()
    assert render_body(body, "markdown", []) == first
    assert "javascript" not in first and "onclick" not in first and "onerror" not in first


def test_a_mark_that_would_cut_through_markup_is_left_out_but_an_anchor_is_kept():
    body = "It rained **all** week.\n"
    cut = Mark(body.index("all") - 1, body.index("week"), "<time>", "</time>")
    anchor = Mark(0, 0, '<span class="anchor" id="s-0"></span>')
    assert render_body(body, "markdown", [cut, anchor]) == \
        '<p><span class="anchor" id="s-0"></span>It rained <strong>all</strong> week.</p>'


def test_a_body_nested_too_deeply_for_markdown_is_read_and_shown_as_pasted_text():
    body = "- " * 5000 + "on Monday\n"
    plain = plain_text(body, "markdown")
    assert plain.text == body
    start = body.index("Monday")
    html = render_body(body, "markdown", [Mark(start, start + 6, "<time>", "</time>")])
    assert html.startswith("<p>- - ") and html.endswith("on <time>Monday</time></p>")
    assert render_body("It rained on *Monday*.\n", "markdown", []) == "<p>It rained on <em>Monday</em>.</p>"
