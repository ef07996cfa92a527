"""Markdown rendering: what a learner sees on a lesson page, and what an attacker cannot do."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from courses import markdown
from courses.code_blocks import CodeBlock
from courses.markdown import TocEntry, render_markdown, render_text
from courses.video import video_embed

Attrs = dict[str, str]


class _Collector(HTMLParser):
    """Real tags with their attributes (entities decoded), and the text outside tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, Attrs]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def tags(html: str, name: str | None = None, cls: str | None = None) -> list[Attrs]:
    return [
        attrs
        for tag, attrs in parse(html).tags
        if (name is None or tag == name) and (cls is None or cls in attrs.get("class", "").split())
    ]


def text_of(html: str) -> str:
    return "".join(parse(html).text)


# What a browser would do with a URL before reading its scheme: drop blanks and controls.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
ALLOWED_ATTRS = {
    "alt",
    "aria-hidden",
    "aria-label",
    "aria-live",
    "autocapitalize",
    "autocomplete",
    "class",
    "data-action",
    "data-block",
    "data-clock",
    "data-line",
    "href",
    "id",
    "loading",
    "name",
    "rel",
    "rows",
    "spellcheck",
    "src",
    "start",
    "style",
    "title",
    "type",
    "wrap",
}
FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "object",
    "embed",
    "form",
    "input",
    "base",
    "meta",
    "link",
    "svg",
    "math",
}


def assert_inert(html: str) -> None:
    """No script, no event handler, no dangerous URL: checked on real tags and attributes."""
    for tag, attrs in parse(html).tags:
        assert tag not in FORBIDDEN_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name in ALLOWED_ATTRS, f"unexpected attribute {name!r} in {html}"
            if name in URL_ATTRS:
                cleaned = _URL_NOISE.sub("", value).lower()
                scheme = re.match(r"([^/?#]*?):", cleaned)
                assert scheme is None or scheme.group(1) in {"http", "https", "mailto"}, html
            if name == "style":
                assert re.fullmatch(r"text-align:(left|center|right)", value), html
    assert "<script" not in html.lower()


LESSON = """\
# Loops

Intro text.

## For loops

```go
package main

func main() {
\tfor i := 0; i < 3; i++ {
\t\tprintln(i)
\t}
}
```

```output
0
1
2
```

### Range

```go norun
for i, v := range items {}
```

## For loops

Second heading with the same title.
"""


# --- headings and table of contents ---------------------------------------------------------


def test_h2_and_h3_headings_get_anchors_and_appear_in_the_toc_in_order() -> None:
    rendered = render_markdown(LESSON)

    assert rendered.toc == [
        TocEntry(level=2, anchor="for-loops", text="For loops"),
        TocEntry(level=3, anchor="range", text="Range"),
        TocEntry(level=2, anchor="for-loops-1", text="For loops"),
    ]
    ids = [attrs["id"] for attrs in tags(rendered.html) if "id" in attrs]
    assert ids == ["for-loops", "range", "for-loops-1"]


def test_headings_have_a_permalink_to_their_anchor() -> None:
    rendered = render_markdown("## Maps and `map[string]int`\n")

    assert rendered.toc == [
        TocEntry(level=2, anchor="maps-and-mapstringint", text="Maps and map[string]int")
    ]
    links = tags(rendered.html, "a", "header-anchor")
    assert [link["href"] for link in links] == ["#maps-and-mapstringint"]


def test_h1_and_h4_are_not_in_the_toc() -> None:
    rendered = render_markdown("# Title\n\n#### Detail\n\n## Section\n")

    assert [entry.text for entry in rendered.toc] == ["Section"]
    assert "<h1>Title</h1>" in rendered.html


# --- CommonMark extras ----------------------------------------------------------------------


def test_tables_render_inside_a_scrolling_wrapper() -> None:
    html = render_markdown("| verb | prints |\n| --- | ---: |\n| `%v` | any value |\n").html

    assert tags(html, "div", "table-wrap")
    assert "<th>verb</th>" in html
    assert '<td style="text-align:right">any value</td>' in html
    assert "<code>%v</code>" in html


def test_strikethrough_renders() -> None:
    assert "<s>old</s>" in render_markdown("~~old~~ new").html


@pytest.mark.parametrize(
    ("source", "kind", "title"),
    [
        ("::: note\nBody.\n:::\n", "note", "Note"),
        ("::: tip\nBody.\n:::\n", "tip", "Tip"),
        ("::: warning\nBody.\n:::\n", "warning", "Warning"),
        ("::: warning Careful with loops\nBody.\n:::\n", "warning", "Careful with loops"),
        ("::: TIP\nBody.\n:::\n", "tip", "Tip"),
    ],
)
def test_admonitions_render_with_their_class_and_title(source: str, kind: str, title: str) -> None:
    html = render_markdown(source).html

    assert tags(html, "aside", f"admonition-{kind}")
    assert f'<p class="admonition-title">{title}</p>' in html
    assert "<p>Body.</p>" in html


def test_admonition_titles_are_escaped_and_bodies_are_markdown() -> None:
    html = render_markdown("::: note Use <b>care</b> & **this**\nSome *markdown*.\n:::\n").html

    assert '<p class="admonition-title">Use &lt;b&gt;care&lt;/b&gt; &amp; **this**</p>' in html
    assert "<em>markdown</em>" in html


def test_unknown_containers_are_not_admonitions() -> None:
    html = render_markdown("::: danger\nBody.\n:::\n").html

    assert not tags(html, "aside")
    assert "::: danger" in html


# --- code -----------------------------------------------------------------------------------


def test_a_go_fence_becomes_an_editor_with_its_source_and_highlighting() -> None:
    html = render_markdown('```go\nfmt.Println("<b>&</b>")\n```\n').html

    assert ">fmt.Println(&quot;&lt;b&gt;&amp;&lt;/b&gt;&quot;)</textarea>" in html
    assert '<span class="s">"&lt;b&gt;&amp;&lt;/b&gt;"</span>' in html
    assert not tags(html, "div", "highlight")


def test_the_editor_widget_keeps_its_contract() -> None:
    html = render_markdown("Text.\n\n```go\npackage main\n\nfunc main() {}\n```\n").html
    structure = [tag for tag, _ in parse(html).tags if tag != "span"]

    assert structure == [
        "p",
        "div",
        "div",
        "pre",
        "code",
        "textarea",
        "div",
        "button",
        "button",
        "button",
        "div",
    ]
    editor = tags(html, "div", "go-editor")
    assert editor == [
        {"class": "go-editor", "data-block": "0", "data-line": "3", "data-clock": "virtual"}
    ]
    assert tags(html, "pre") == [{"class": "go-editor-highlight highlight"}]
    assert tags(html, "textarea") == [
        {
            "class": "go-editor-input",
            "name": "code",
            "spellcheck": "false",
            "autocomplete": "off",
            "autocapitalize": "off",
            "wrap": "off",
            "aria-label": "Go code (editable)",
            "rows": "3",
        }
    ]
    buttons = tags(html, "button")
    assert [(b["class"], b["data-action"], b["type"]) for b in buttons] == [
        ("go-editor-run", "run", "button"),
        ("go-editor-format", "format", "button"),
        ("go-editor-reset", "reset", "button"),
    ]
    assert ">Run</button>" in html and ">Format</button>" in html and ">Reset</button>" in html
    assert '<span class="go-editor-keys">Ctrl+Enter to run</span>' in html
    assert tags(html, "div", "go-editor-output") == [
        {"class": "go-editor-output", "aria-live": "polite"}
    ]
    assert '<span class="kd">func</span>' in html
    assert '<span class="kn">package</span>' in html


def test_a_leading_blank_line_survives_in_the_textarea() -> None:
    html = render_markdown("```go\n\nx := 1\n```\n").html

    assert 'rows="2">\n\nx := 1</textarea>' in html


def test_go_norun_is_highlighted_without_an_editor() -> None:
    rendered = render_markdown("```go norun\nvar x int\n```\n")

    assert not tags(rendered.html, "textarea")
    assert not tags(rendered.html, "div", "go-editor")
    assert tags(rendered.html, "div", "highlight")
    assert '<span class="kd">var</span>' in rendered.html
    assert rendered.code_blocks == [CodeBlock(0, "var x int", False, None, 1)]


def test_an_output_fence_after_a_go_fence_is_its_expected_output() -> None:
    rendered = render_markdown(LESSON)
    html = rendered.html

    assert rendered.code_blocks[0].expected_output == "0\n1\n2\n"
    expected = tags(html, "details", "expected-output")
    assert len(expected) == 1
    assert "<summary>Expected output</summary><pre>0\n1\n2\n</pre></details>" in html
    assert html.index('class="go-editor"') < html.index('class="expected-output"')
    assert "program-output" not in html  # not rendered a second time


def test_an_output_fence_without_a_runnable_go_fence_is_a_plain_block() -> None:
    rendered = render_markdown("```go norun\nx\n```\n\n```output\n<done>\n```\n")

    assert rendered.code_blocks[0].expected_output is None
    assert not tags(rendered.html, "details")
    assert tags(rendered.html, "div", "program-output")
    assert "&lt;done&gt;" in rendered.html


def test_code_blocks_list_every_go_fence_in_order() -> None:
    rendered = render_markdown(LESSON)

    assert rendered.code_blocks == [
        CodeBlock(
            index=0,
            source="package main\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n"
            "\t\tprintln(i)\n\t}\n}",
            runnable=True,
            expected_output="0\n1\n2\n",
            line=7,
        ),
        CodeBlock(
            index=1,
            source="for i, v := range items {}",
            runnable=False,
            expected_output=None,
            line=25,
        ),
    ]
    assert LESSON.splitlines()[6] == "```go"
    assert LESSON.splitlines()[24] == "```go norun"


def test_code_block_lines_honour_the_line_offset() -> None:
    rendered = render_markdown(LESSON, line_offset=5)

    assert [block.line for block in rendered.code_blocks] == [12, 30]
    assert 'data-line="12"' in rendered.html


def test_go_fences_nested_in_admonitions_and_lists_are_numbered_too() -> None:
    source = "::: tip\n```go\nx()\n```\n:::\n\n- item\n\n  ```go\n  y()\n  ```\n"
    rendered = render_markdown(source)

    assert [(b.index, b.source, b.line) for b in rendered.code_blocks] == [
        (0, "x()", 2),
        (1, "y()", 9),
    ]


def test_front_matter_is_returned_and_not_rendered() -> None:
    rendered = render_markdown("---\ntitle: Loops\n---\n\n## Body\n\n```go\nx\n```\n")

    assert rendered.front_matter == "title: Loops"
    assert "title" not in rendered.html
    assert rendered.code_blocks[0].line == 7


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("```python\ndef f(): pass\n```\n", '<span class="k">def</span>'),
        ("```sh\necho hi\n```\n", '<span class="nb">echo</span>'),
        ('```json\n{"a": 1}\n```\n', '<span class="nt">"a"</span>'),
        ("```nosuchlanguage\n<b>x</b>\n```\n", "&lt;b&gt;x&lt;/b&gt;"),
        ("```\n<b>x</b>\n```\n", "&lt;b&gt;x&lt;/b&gt;"),
        ("    <b>indented</b>\n", "&lt;b&gt;indented&lt;/b&gt;"),
    ],
)
def test_other_code_is_highlighted_by_pygments_or_escaped(source: str, expected: str) -> None:
    html = render_markdown(source).html

    assert tags(html, "div", "highlight")
    assert expected in html
    assert_inert(html)


def test_the_real_lessons_render_and_their_code_lines_point_at_go_fences() -> None:
    lessons = sorted(Path(__file__).resolve().parent.parent.glob("content/*/lessons/*/lesson.md"))
    if not lessons:
        pytest.skip("no lessons in content/")
    for path in lessons:
        text = path.read_text()
        rendered = render_markdown(text)
        lines = text.splitlines()
        assert rendered.front_matter
        assert rendered.toc
        for block in rendered.code_blocks:
            assert lines[block.line - 1].strip().startswith("```go"), (path, block.line)
        assert_inert(rendered.html)


# --- caching --------------------------------------------------------------------------------


def test_the_same_source_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original_parse = markdown._lesson_md.parse

    def counting_parse(src: str, env: dict | None = None) -> list:
        calls.append(src)
        return original_parse(src, env)

    monkeypatch.setattr(markdown._lesson_md, "parse", counting_parse)
    source = f"## Cached {uuid.uuid4()}\n\n```go\nx\n```\n"

    first = render_markdown(source)
    second = render_markdown(source)

    assert second is first
    assert len(calls) == 1
    render_markdown(source, line_offset=3)
    assert len(calls) == 2  # line numbers differ, so does the result


def test_a_new_renderer_version_renders_again(monkeypatch: pytest.MonkeyPatch) -> None:
    source = f"Versioned {uuid.uuid4()}\n"
    first = render_markdown(source)

    monkeypatch.setattr(markdown, "RENDERER_VERSION", markdown.RENDERER_VERSION + "-next")

    assert render_markdown(source) is not first


# --- text written by contributors and learners ----------------------------------------------


def test_render_text_has_no_editors_no_anchors_and_keeps_highlighting() -> None:
    html = render_text("## Why\n\n```go\nfunc f() {}\n```\n\n| a |\n| - |\n| b |\n\n~~x~~\n")

    assert "<h2>Why</h2>" in html
    assert not tags(html, "textarea")
    assert not tags(html, "a", "header-anchor")
    assert '<span class="kd">func</span>' in html
    assert "<table>" in html and "<s>x</s>" in html


def test_render_text_does_not_treat_a_leading_rule_as_front_matter() -> None:
    html = render_text("---\nnot: front matter\n---\n")

    assert "not: front matter" in html


# --- links --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "href", "rel"),
    [
        ("[Go](https://go.dev/doc/)", "https://go.dev/doc/", "nofollow noopener"),
        ("[Go](http://go.dev)", "http://go.dev", "nofollow noopener"),
        ("[proto](//example.com/x)", "//example.com/x", "nofollow noopener"),
        ("<https://go.dev>", "https://go.dev", "nofollow noopener"),
        ("[mail](mailto:team@example.com)", "mailto:team@example.com", None),
        ("<team@example.com>", "mailto:team@example.com", None),
        ("[next](../02-values/)", "../02-values/", None),
        ("[abs](/courses/go/)", "/courses/go/", None),
        ("[section](#for-loops)", "#for-loops", None),
        ("[query](?page=2)", "?page=2", None),
    ],
)
@pytest.mark.parametrize("render", [lambda s: render_markdown(s).html, render_text])
def test_safe_links_survive_and_other_sites_get_nofollow(
    render: Callable[[str], str], source: str, href: str, rel: str | None
) -> None:
    links = tags(render(source), "a")

    assert [link["href"] for link in links] == [href]
    assert links[0].get("rel") == rel


def test_relative_and_web_images_survive() -> None:
    html = render_markdown("![gopher](img/gopher.png) ![logo](https://go.dev/logo.svg)").html

    assert [img["src"] for img in tags(html, "img")] == [
        "img/gopher.png",
        "https://go.dev/logo.svg",
    ]


# --- hostile input ------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "text <img src=x onerror=alert(1)> inline",
    'a <b onclick="alert(1)">bold</b> word',
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=javascript:alert(1)></iframe>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<style>body{display:none}</style>",
    "<!-- --><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<details open ontoggle=alert(1)>",
    "> <script>alert(1)</script>",
    "- <img src=x onerror=alert(1)>\n- [x](javascript:alert(1))",
    "~~<script>alert(1)</script>~~",
    "`<script>alert(1)</script>`",
    # javascript: in every disguise
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](<java\tscript:alert(1)>)",
    "[x](<java\nscript:alert(1)>)",
    "[x](java&#x09;script:alert(1))",
    "[x](java&#x0A;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1))",
    "[x](&#0000106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript%3Aalert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](<\x00javascript:alert(1)>)",
    "[x](\u200bjavascript:alert(1))",
    "[x](\ufeffjavascript:alert(1))",
    '[x](javascript:alert(1) "title")',
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[x]\n\n[x]: javascript:alert(1)",
    '[x][ref]\n\n[ref]: <javascript:alert(1)> "t"',
    "![x][img]\n\n[img]: javascript:alert(1)",
    # data: links and images
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,hi)",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](javascript:alert(1))",
    # attribute injection through titles, URLs and alts
    '![x](a.png" onerror="alert(1))',
    '![x](<a.png" onerror="alert(1)>)',
    '![x" onerror="alert(1)](a.png)',
    "![<img src=x onerror=alert(1)>](a.png)",
    '[x](https://ok.example "a\\" onclick=\\"alert(1)")',
    "[x](https://ok.example 'a\" onclick=\"alert(1)')",
    '[x](<https://ok.example/" onclick="alert(1)>)',
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "[x](https://ok.example){onclick=alert(1)}",
    "## Title {onclick=alert(1)}",
    "## <img src=x onerror=alert(1)>",
    '## "><script>alert(1)</script>',
    # fences: info strings and contents
    '```go" onmouseover="alert(1)\nx := 1\n```',
    '```go norun" onmouseover="alert(1)\nx := 1\n```',
    '```" onmouseover="alert(1)\nx\n```',
    "```<script>alert(1)</script>\nx\n```",
    '```python" onmouseover="alert(1)\nx = 1\n```',
    "```go\n</textarea><script>alert(1)</script>\n```",
    "```go\n</code></pre><img src=x onerror=alert(1)>\n```\n\n```output\n</pre><script>x</script>\n```",
    "```output\n<script>alert(1)</script>\n```",
    # admonitions and tables
    '::: warning " onmouseover="alert(1)\nx\n:::',
    "::: note <script>alert(1)</script>\n<img src=x onerror=alert(1)>\n:::",
    "::: tip\n[x](javascript:alert(1))\n:::",
    "| <script>alert(1)</script> | [x](javascript:alert(1)) |\n| --- | --- |\n| a | b |",
]


@pytest.mark.parametrize("source", HOSTILE)
@pytest.mark.parametrize("render", [lambda s: render_markdown(s).html, render_text])
def test_hostile_markdown_renders_inert(render: Callable[[str], str], source: str) -> None:
    assert_inert(render(source))


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "<javascript:alert(1)>",
        "[x](data:text/html,hi)",
    ],
)
def test_links_with_dangerous_schemes_are_not_links(source: str) -> None:
    assert not tags(render_markdown(source).html, "a")


def test_raw_html_is_shown_as_text() -> None:
    html = render_markdown("Use <b>bold</b> here.").html

    assert not tags(html, "b")
    assert "Use <b>bold</b> here." in text_of(html)


def test_code_in_the_editor_cannot_close_the_textarea() -> None:
    html = render_markdown("```go\n</textarea><script>alert(1)</script>\n```\n").html

    assert len(tags(html, "textarea")) == 1
    assert "&lt;/textarea&gt;&lt;script&gt;" in html


# --- video ----------------------------------------------------------------------------------

YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/"


@pytest.mark.parametrize(
    ("url", "src"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&list=PL1", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("http://m.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=90", YOUTUBE_EMBED + "dQw4w9WgXcQ?start=90"),
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s",
            YOUTUBE_EMBED + "dQw4w9WgXcQ?start=65",
        ),
        ("  https://youtu.be/dQw4w9WgXcQ  ", YOUTUBE_EMBED + "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
        (
            "https://vimeo.com/76979871/abcdef1234",
            "https://player.vimeo.com/video/76979871?h=abcdef1234",
        ),
    ],
)
def test_youtube_and_vimeo_urls_become_players(url: str, src: str) -> None:
    html = video_embed(url)

    frames = tags(html, "iframe")
    assert len(frames) == 1
    assert frames[0]["src"] == src
    assert frames[0]["title"]
    assert not [name for name in frames[0] if name.startswith("on")]


@pytest.mark.parametrize(
    "url",
    [
        "https://go.dev/blog/",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload=alert(1)",
        'https://www.youtube.com/watch?v="><script>alert(1)</script>',
        'https://youtu.be/dQw4w9WgXcQ"onload="alert(1)',
        "https://vimeo.com/123abc",
        "https://evil.example/vimeo.com/76979871",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        'https://example.com/"><img/src=x/onerror=alert(1)>',
    ],
)
def test_other_web_urls_become_plain_links(url: str) -> None:
    html = video_embed(url)

    assert not tags(html, "iframe")
    links = tags(html, "a")
    assert [link["href"] for link in links] == [url.strip()]
    assert links[0]["rel"] == "nofollow noopener"
    assert text_of(html) == url.strip()
    assert_inert(html)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://",
        "https://exa mple.com/",
        'https://example.com/" onmouseover="alert(1)',  # URLs have no blanks
        "https://[::1",
        "ftp://example.com/video.mp4",
        "not a url",
    ],
)
def test_anything_else_gives_no_video_html(url: str) -> None:
    assert video_embed(url) == ""


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="JaVa&#x09;Script:alert(1)">x</a>',
        '<img src=" data:text/html,x">',
        '<p style="background:url(x)">x</p>',
    ],
)
def test_the_inertness_check_catches_real_attacks(html: str) -> None:
    with pytest.raises(AssertionError):
        assert_inert(html)


def test_expected_output_keeps_a_leading_blank_line() -> None:
    html = render_markdown("```go\nprintln()\n```\n\n```output\n\nx\n```\n").html

    assert "<pre>\n\nx\n</pre>" in html


def test_a_race_fence_offers_run_with_race_and_realtime_opts_out_of_the_virtual_clock() -> None:
    rendered = render_markdown("```go race\nx := 1\n```\n\n```go realtime\ny := 2\n```\n")

    first, second = rendered.code_blocks
    assert (first.race, first.realtime) == (True, False)
    assert (second.race, second.realtime) == (False, True)
    editors = tags(rendered.html, "div", "go-editor")
    assert [editor["data-clock"] for editor in editors] == ["virtual", "real"]
    assert rendered.html.count('data-action="run-race"') == 1
    assert "Run with -race</button>" in rendered.html
