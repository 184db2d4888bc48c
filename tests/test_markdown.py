"""html_to_markdown: structure kept, links absolute, hostile text inert."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from uninews_tui.parse.markdown import html_to_markdown

BASE = "https://news.example.edu/2025/03/story.html"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def md(markup: str, base: str = BASE) -> str:
    return html_to_markdown(markup, base)


def tokens(markdown: str) -> list[str]:
    """Block token types a CommonMark+tables renderer (as the reader uses) sees."""
    return [t.type for t in MarkdownIt("commonmark").enable("table").parse(markdown)]


def test_headings_paragraphs_and_emphasis() -> None:
    out = md(
        "<h2>Campus <em>news</em></h2><p>One <strong>bold</strong> and <i>quiet</i> word.</p><h4>Small</h4>"
    )
    assert out == "## Campus *news*\n\nOne **bold** and *quiet* word.\n\n#### Small"


def test_nested_lists_and_ordered_start() -> None:
    out = md(
        "<ul><li>First<ul><li>inner</li></ul></li><li>Second</li></ul>"
        "<ol start='3'><li>three</li><li>four</li></ol>"
    )
    assert out == "- First\n  - inner\n- Second\n\n3. three\n4. four"


def test_list_item_with_two_paragraphs_stays_in_the_item() -> None:
    out = md("<ol><li><p>Step one.</p><p>More about step one.</p></li><li>Step two.</li></ol>")
    assert out == "1. Step one.\n\n   More about step one.\n2. Step two."
    assert tokens(out).count("ordered_list_open") == 1


def test_links_are_absolute_and_unsafe_schemes_dropped() -> None:
    out = md(
        '<p><a href="/research/">Research</a>, <a href="other.html">sibling</a>, '
        '<a href="https://x.example/a b(c)">spaced</a>, <a href="javascript:alert(1)">script</a>, '
        '<a href="data:text/html,hi">data</a>, <a href="#top">top</a>, '
        '<a href="mailto:press@example.edu">mail</a></p>'
    )
    assert "[Research](https://news.example.edu/research/)" in out
    assert "[sibling](https://news.example.edu/2025/03/other.html)" in out
    assert "[spaced](https://x.example/a%20b%28c%29)" in out
    assert "script" in out and "javascript" not in out
    assert "data:" not in out and "top" in out and "(#top)" not in out
    assert "[mail](mailto:press@example.edu)" in out


def test_base_href_is_respected() -> None:
    out = md(
        '<html><head><base href="https://cdn.example.org/news/"></head>'
        '<body><a href="a.html">a</a></body></html>'
    )
    assert out == "[a](https://cdn.example.org/news/a.html)"


def test_images_kept_with_alt_and_tracking_pixels_dropped() -> None:
    out = md('<p><img src="/img/lab.jpg" alt="The new lab"><img src="/t.gif" width="1" height="1"></p>')
    assert out == "![The new lab](https://news.example.edu/img/lab.jpg)"
    assert md('<img data-src="/lazy.jpg" alt="lazy">') == "![lazy](https://news.example.edu/lazy.jpg)"


def test_blockquote_and_code() -> None:
    out = md(
        "<blockquote><p>Said once.</p><p>Said twice.</p></blockquote><p>Use <code>pip install</code>.</p>"
    )
    assert out == "> Said once.\n>\n> Said twice.\n\nUse `pip install`."
    code = md("<pre><code>def f():\n    return '```'\n</code></pre>")
    assert code == "````\ndef f():\n    return '```'\n````"
    assert tokens(code) == ["fence"]


def test_tables_become_pipe_tables() -> None:
    out = md(
        "<table><thead><tr><th>Rank</th><th>Name</th></tr></thead>"
        "<tbody><tr><td>1</td><td>A | B</td></tr><tr><td>2</td></tr></tbody></table>"
    )
    assert out == "| Rank | Name |\n|---|---|\n| 1 | A \\| B |\n| 2 |  |"
    assert "table_open" in tokens(out)


def test_layout_table_is_written_as_blocks() -> None:
    out = md("<table><tr><td><p>Left column text.</p><p>More.</p></td><td><p>Right.</p></td></tr></table>")
    assert out == "Left column text.\n\nMore.\n\nRight."


def test_scripts_styles_iframes_and_forms_dropped() -> None:
    out = md(
        "<p>Kept</p><script>alert('x')</script><style>p{color:red}</style><iframe src='https://v.example/'>"
        "frame text</iframe><noscript>enable js</noscript><form><input value='q'><button>Go</button></form>"
    )
    assert out == "Kept"


def test_line_breaks_and_whitespace() -> None:
    assert md("<p>Line one<br>Line two<br><br></p>") == "Line one\\\nLine two"
    assert md("<p>  lots \n\n of   space\t here </p>") == "lots of space here"
    assert md("<div>loose text<p>para</p>tail text</div>") == "loose text\n\npara\n\ntail text"


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("# Looks like a heading", "heading_open"),
        ("## Also a heading", "heading_open"),
        ("- looks like a list", "bullet_list_open"),
        ("+ looks like a list", "bullet_list_open"),
        ("1. looks like a list", "ordered_list_open"),
        ("2) looks like a list", "ordered_list_open"),
        ("> looks like a quote", "blockquote_open"),
        ("```python", "fence"),
        ("    indented code?", "code_block"),
    ],
)
def test_text_cannot_create_block_structure(text: str, forbidden: str) -> None:
    out = md(f"<p>{text}</p>")
    assert forbidden not in tokens(out)
    assert tokens(out) == ["paragraph_open", "inline", "paragraph_close"]


def test_setext_and_table_lookalikes_stay_paragraphs() -> None:
    out = md("<p>Title<br>=====</p><p>a | b<br>--- | ---<br>c | d</p>")
    assert "heading_open" not in tokens(out) and "table_open" not in tokens(out)


def test_inline_specials_are_escaped() -> None:
    out = md(
        "<p>*not bold* _not em_ [not](a link) `not code` &lt;b&gt;not html&lt;/b&gt; "
        "~~no~~ &amp;amp; snake_case</p>"
    )
    assert out == (
        "\\*not bold\\* \\_not em\\_ \\[not\\](a link) \\`not code\\` \\<b>not html\\</b> "
        "\\~\\~no\\~\\~ \\&amp; snake_case"
    )
    rendered = MarkdownIt("commonmark").render(out)
    assert (
        "<em>" not in rendered
        and "<a " not in rendered
        and "<code>" not in rendered
        and "<b>" not in rendered
    )


def test_control_characters_and_escapes_are_removed() -> None:
    out = md("<p>red \x1b[31mALERT\x1b[0m &#27;[2J bell\x07 \u202eevil\u202c <b>\x9b1m</b></p>")
    assert not CONTROL.search(out)
    assert "ALERT" in out and "evil" in out


def test_empty_and_plain_inputs() -> None:
    assert md("") == ""
    assert md("   ") == ""
    assert md("<p></p><div> </div>") == ""
    assert md("Plain text with *stars*\n\nand a second paragraph") == (
        "Plain text with \\*stars\\*\n\nand a second paragraph"
    )
    assert html_to_markdown("<p>relative <a href='/x'>link</a></p>") == "relative link"


def test_deep_nesting_and_broken_markup_do_not_raise() -> None:
    assert md("<div>" * 200 + "deep" + "</div>" * 200) == "deep"
    # libxml2 stops nesting at 256 levels; deeper content is lost, nothing raises
    assert isinstance(md("<div><b>" * 5000 + "deep" + "</b></div>" * 5000), str)
    assert md("<p>unclosed <b>bold <i>both</p><p>next") == "unclosed **bold *both***\n\nnext"
    assert md("<ul><li>one<li>two</ul>") == "- one\n- two"
