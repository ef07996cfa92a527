"""The one place that turns markdown into HTML.

``render_markdown`` renders lessons: CommonMark with tables and strikethrough, heading
anchors and a table of contents, admonitions (``::: tip``), Pygments highlighting and
runnable Go editors for ```` ```go ```` fences. ``render_text`` renders text written by
contributors and learners (comments, quiz explanations) with the same safety rules but
none of the lesson machinery. ``video_embed`` turns a video URL into a privacy-friendly
player or a plain link.

Safety: raw HTML is never rendered (it comes out as escaped text), only http, https,
mailto and relative URLs survive in links and images, and every attribute value and
every piece of highlighted code is escaped.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, unescapeAll
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import GoLexer, TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

# Bump whenever the HTML this module produces changes: cached renders are keyed on it.
RENDERER_VERSION = "2"

ADMONITION_KINDS = ("note", "tip", "warning")
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTERNAL_LINK_REL = "nofollow noopener"

_CACHE_SIZE = 256


@dataclass(frozen=True)
class TocEntry:
    level: int  # 2 or 3
    anchor: str  # the heading's id, without "#"
    text: str  # plain text (not HTML): templates must escape it


@dataclass(frozen=True)
class CodeBlock:
    """A ```` ```go ```` fence of a lesson.

    ``source`` is the fence's content without its final newline (the text the learner
    sees in the editor); ``expected_output`` is the content of the ```` ```output ````
    fence that follows a runnable block, exactly as written (with its final newline).
    """

    index: int  # 0-based among the go fences of the document
    source: str
    runnable: bool
    expected_output: str | None
    line: int  # 1-based line of the opening fence, plus line_offset


@dataclass(frozen=True)
class RenderedMarkdown:
    """The result of ``render_markdown``. Results are cached and shared: do not mutate."""

    html: str
    toc: list[TocEntry]
    code_blocks: list[CodeBlock]
    front_matter: str  # raw YAML between the --- lines, "" when there is none


# --- URLs -------------------------------------------------------------------------------

# Characters a browser ignores or strips inside a URL scheme, and look-alike blanks.
_INVISIBLE_RE = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"
)
_SCHEME_RE = re.compile(r"([^/?#]*?):")


def is_safe_url(url: str) -> bool:
    """True for http(s), mailto and relative URLs, however the scheme is disguised.

    Entities and percent-escapes are decoded (repeatedly, for nested encodings) and
    blanks and control characters removed before the scheme is read; anything with a
    colon before the first ``/``, ``?`` or ``#`` counts as a scheme.
    """
    decoded = url
    for _ in range(3):
        decoded = unquote(html.unescape(decoded))
    cleaned = _INVISIBLE_RE.sub("", decoded).lower()
    match = _SCHEME_RE.match(cleaned)
    return match is None or match.group(1) in SAFE_URL_SCHEMES


def _is_external(url: str) -> bool:
    cleaned = _INVISIBLE_RE.sub("", url).lower()
    return cleaned.startswith(("http:", "https:", "//", "/\\", "\\"))


# --- code highlighting ------------------------------------------------------------------

_BLOCK_FORMATTER = HtmlFormatter(cssclass="highlight")
_SPANS_FORMATTER = HtmlFormatter(nowrap=True)


def _lexer_for(lang: str) -> Lexer:
    if lang == "output":
        return TextLexer(stripnl=False)  # blank lines of program output are meaningful
    if lang and lang not in ("text", "plain"):
        try:
            return get_lexer_by_name(lang)
        except ClassNotFound:
            pass
    return TextLexer()


def _highlight_block(code: str, lang: str) -> str:
    """A ``<div class="highlight">`` block; the language name never reaches the output."""
    return highlight(code, _lexer_for(lang.lower()), _BLOCK_FORMATTER)


def highlight_code(code: str, lang: str = "go") -> str:
    """Escaped, highlighted HTML for a read-only block of code."""
    return _highlight_block(code, lang)


def _highlight_go_spans(code: str) -> str:
    # Keep every leading and trailing newline: the spans must line up with the textarea.
    return highlight(code, GoLexer(stripnl=False, ensurenl=False), _SPANS_FORMATTER)


def _parse_info(info: str) -> tuple[str, list[str]]:
    words = unescapeAll(info).split()
    if not words:
        return "", []
    return words[0].lower(), [word.lower() for word in words[1:]]


def _editor_html(block: CodeBlock) -> str:
    return go_editor(block.source, index=block.index, line=block.line)


def go_editor(
    source: str, *, index: int, line: int = 0, file_name: str = "", runnable: bool = True
) -> str:
    """The editable Go widget; exercise pages name each file and may have no Run button."""
    # HTML parsers drop one newline right after <textarea>: keep a leading blank line.
    leading = "\n" if source.startswith("\n") else ""
    rows = source.count("\n") + 1
    file_attr = f' data-file="{escapeHtml(file_name)}"' if file_name else ""
    label = f"{file_name} (editable Go code)" if file_name else "Go code (editable)"
    run_button = (
        '<button type="button" class="go-editor-run" data-action="run">Run</button>\n'
        if runnable
        else ""
    )
    keys = '<span class="go-editor-keys">Ctrl+Enter to run</span>\n' if runnable else ""
    return (
        f'<div class="go-editor" data-block="{index}" data-line="{line}"{file_attr}>\n'
        '<div class="go-editor-code">\n'
        # Without JavaScript this <pre> is the only copy of the code screen readers get;
        # editor.js hides it from them once the editable textarea takes over.
        '<pre class="go-editor-highlight highlight"><code>'
        f"{_highlight_go_spans(source)}</code></pre>\n"
        '<textarea class="go-editor-input" name="code" spellcheck="false" autocomplete="off"'
        f' autocapitalize="off" wrap="off" aria-label="{escapeHtml(label)}"'
        f' rows="{rows}">{leading}{escapeHtml(source)}</textarea>\n'
        "</div>\n"
        '<div class="go-editor-toolbar">\n'
        f"{run_button}"
        '<button type="button" class="go-editor-format" data-action="format">Format</button>\n'
        '<button type="button" class="go-editor-reset" data-action="reset">Reset</button>\n'
        f"{keys}"
        "</div>\n"
        '<div class="go-editor-output" aria-live="polite"></div>\n'
        "</div>\n"
    )


def _expected_output_html(block: CodeBlock) -> str:
    output = block.expected_output or ""
    leading = "\n" if output.startswith("\n") else ""  # <pre> drops one leading newline too
    return (
        f'<details class="expected-output" data-block="{block.index}">'
        "<summary>Expected output</summary>"
        f"<pre>{leading}{escapeHtml(output)}</pre></details>\n"
    )


# --- core rules (run after parsing, before rendering) -----------------------------------


def _collect_go_blocks(state: StateCore) -> None:
    """Number the go fences, pair runnable ones with the output fence that follows."""
    line_offset: int = state.env.get("line_offset", 0)
    tokens = state.tokens
    blocks: list[CodeBlock] = []
    for idx, token in enumerate(tokens):
        if token.type != "fence":
            continue
        lang, flags = _parse_info(token.info)
        if lang != "go":
            continue
        runnable = "norun" not in flags
        expected_output = None
        if runnable and idx + 1 < len(tokens):
            following = tokens[idx + 1]
            if following.type == "fence" and _parse_info(following.info)[0] == "output":
                expected_output = following.content
                following.meta["expected_output_of"] = len(blocks)
        source = token.content[:-1] if token.content.endswith("\n") else token.content
        line = (token.map[0] if token.map else 0) + 1 + line_offset
        block = CodeBlock(len(blocks), source, runnable, expected_output, line)
        token.meta["go_block"] = block
        blocks.append(block)
    state.env["code_blocks"] = blocks


def _heading_text(inline: Token) -> str:
    parts = [
        child.content if child.type in ("text", "code_inline") else " "
        for child in inline.children or []
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    ]
    return " ".join("".join(parts).split())


def _collect_toc(state: StateCore) -> None:
    """List the anchored h2/h3 headings and give each a small permalink."""
    toc: list[TocEntry] = []
    tokens = state.tokens
    for idx, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag not in ("h2", "h3"):
            continue
        anchor = str(token.attrGet("id") or "")
        inline = tokens[idx + 1]
        if not anchor or inline.children is None:
            continue
        text = _heading_text(inline)
        toc.append(TocEntry(level=int(token.tag[1]), anchor=anchor, text=text))
        link_open = Token("link_open", "a", 1)
        link_open.attrSet("class", "header-anchor")
        link_open.attrSet("href", f"#{anchor}")
        link_open.attrSet("aria-label", f"Link to this section: {text}")
        inline.children.extend(
            [
                Token("text", "", 0, content=" "),
                link_open,
                Token("text", "", 0, content="#"),
                Token("link_close", "a", -1),
            ]
        )
    state.env["toc"] = toc


def _slug(title: str) -> str:
    return slugify(title) or "section"


# --- render rules -----------------------------------------------------------------------


def _render_fence(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    block: CodeBlock | None = token.meta.get("go_block")
    if block is not None and block.runnable:
        html_out = _editor_html(block)
        if block.expected_output is not None:
            html_out += _expected_output_html(block)
        return html_out
    if "expected_output_of" in token.meta:
        return ""  # already rendered below its editor
    lang, _ = _parse_info(token.info)
    if lang == "output":
        return _highlight_block(token.content, "output").replace(
            '<div class="highlight">', '<div class="highlight program-output">', 1
        )
    return _highlight_block(token.content, lang)


def _render_code_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return _highlight_block(tokens[idx].content, "")


def _render_link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if not is_safe_url(href):
        token.attrs.pop("href", None)
    elif _is_external(href):
        token.attrSet("rel", EXTERNAL_LINK_REL)
    return self.renderToken(tokens, idx, options, env)


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if not is_safe_url(str(token.attrGet("src") or "")):
        token.attrSet("src", "")
    token.attrSet("loading", "lazy")
    return RendererHTML.image(self, tokens, idx, options, env)


def _render_escaped_html(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # Parsing never produces these with html=False; a plugin might. Never trust them.
    return escapeHtml(tokens[idx].content)


def _render_table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<div class="table-wrap">\n' + self.renderToken(tokens, idx, options, env)


def _render_table_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def _admonition_kind(params: str) -> str | None:
    words = params.split(maxsplit=1)
    if words and words[0].lower() in ADMONITION_KINDS:
        return words[0].lower()
    return None


def _render_admonition(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if token.nesting == -1:
        return "</aside>\n"
    kind = _admonition_kind(token.info) or "note"
    words = token.info.split(maxsplit=1)
    title = words[1].strip() if len(words) > 1 else kind.capitalize()
    return (
        f'<aside class="admonition admonition-{kind}">\n'
        f'<p class="admonition-title">{escapeHtml(title)}</p>\n'
    )


# --- parsers ----------------------------------------------------------------------------


def _build_parser(*, lesson: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    for kind in ADMONITION_KINDS:
        container_plugin(
            md,
            kind,
            validate=lambda params, _markup, kind=kind: _admonition_kind(params) == kind,
            render=_render_admonition,
        )
    if lesson:
        md.use(front_matter_plugin)
        md.use(anchors_plugin, min_level=2, max_level=3, slug_func=_slug)
        md.core.ruler.push("toc", _collect_toc)
        md.core.ruler.push("go_blocks", _collect_go_blocks)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("code_block", _render_code_block)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("html_block", _render_escaped_html)
    md.add_render_rule("html_inline", _render_escaped_html)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    return md


_lesson_md = _build_parser(lesson=True)
_text_md = _build_parser(lesson=False)


@dataclass(frozen=True)
class _CacheKey:
    digest: str
    line_offset: int
    source: str = field(compare=False, repr=False)


@lru_cache(maxsize=_CACHE_SIZE)
def _render_lesson(key: _CacheKey) -> RenderedMarkdown:
    env: EnvType = {"line_offset": key.line_offset}
    tokens = _lesson_md.parse(key.source, env)
    body = _lesson_md.renderer.render(tokens, _lesson_md.options, env)
    front_matter = next((t.content for t in tokens if t.type == "front_matter"), "")
    return RenderedMarkdown(
        html=body,
        toc=env.get("toc", []),
        code_blocks=env.get("code_blocks", []),
        front_matter=front_matter,
    )


def render_markdown(source: str, *, line_offset: int = 0) -> RenderedMarkdown:
    """Render a lesson. Cached by content: the same source is parsed once."""
    payload = f"{RENDERER_VERSION}\0{source}".encode("utf-8", "surrogatepass")
    key = _CacheKey(hashlib.sha256(payload).hexdigest(), line_offset, source)
    return _render_lesson(key)


@lru_cache(maxsize=1024)
def render_text(source: str) -> str:
    """Render contributor or learner text: no editors, no anchors, no table of contents."""
    return _text_md.render(source)


# --- video ------------------------------------------------------------------------------

_YOUTUBE_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID_RE = re.compile(r"[0-9]{1,12}")
_VIMEO_HASH_RE = re.compile(r"[0-9a-f]{6,20}")
_YOUTUBE_TIME_RE = re.compile(r"(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,5})s?)?")
_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
_YOUTUBE_PLAYER_HOSTS = frozenset({"youtube-nocookie.com", "www.youtube-nocookie.com"})
_VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com"})


def _youtube_start(query: dict[str, list[str]]) -> int:
    value = (query.get("t") or query.get("start") or [""])[0]
    match = _YOUTUBE_TIME_RE.fullmatch(value)
    if not value or match is None:
        return 0
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _youtube_id(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    candidate: str | None = None
    if host == "youtu.be":
        candidate = path[1:]
    elif host in _YOUTUBE_HOSTS and path == "/watch":
        candidate = (query.get("v") or [""])[0]
    elif host in _YOUTUBE_HOSTS | _YOUTUBE_PLAYER_HOSTS:
        for prefix in ("/embed/", "/shorts/", "/live/"):
            if path.startswith(prefix):
                candidate = path[len(prefix) :]
    if candidate and _YOUTUBE_ID_RE.fullmatch(candidate):
        return candidate
    return None


def _vimeo_src(host: str, path: str, query: dict[str, list[str]]) -> str | None:
    parts = [part for part in path.split("/") if part]
    if host == "player.vimeo.com" and len(parts) == 2 and parts[0] == "video":
        video_id, private_hash = parts[1], (query.get("h") or [""])[0]
    elif host in _VIMEO_HOSTS and len(parts) in (1, 2):
        video_id, private_hash = parts[0], "".join(parts[1:])
    else:
        return None
    if not _VIMEO_ID_RE.fullmatch(video_id):
        return None
    if private_hash and not _VIMEO_HASH_RE.fullmatch(private_hash):
        return None
    src = f"https://player.vimeo.com/video/{video_id}"
    return f"{src}?h={private_hash}" if private_hash else src


def _iframe(src: str, title: str) -> str:
    return (
        f'<div class="video-embed"><iframe src="{html.escape(src)}" title="{title}"'
        ' loading="lazy" allow="encrypted-media; fullscreen; picture-in-picture"'
        ' referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe></div>'
    )


def video_embed(url: str) -> str:
    """A YouTube (no-cookie) or Vimeo player, a plain link for other web URLs, else ""."""
    url = url.strip()
    if not url or _INVISIBLE_RE.search(url):
        return ""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host or not is_safe_url(url):
        return ""
    query = parse_qs(parts.query)
    youtube_id = _youtube_id(host, parts.path, query)
    if youtube_id is not None:
        src = f"https://www.youtube-nocookie.com/embed/{youtube_id}"
        start = _youtube_start(query)
        if start:
            src += f"?start={start}"
        return _iframe(src, "YouTube video player")
    vimeo_src = _vimeo_src(host, parts.path, query)
    if vimeo_src is not None:
        return _iframe(vimeo_src, "Vimeo video player")
    escaped = html.escape(url)
    return f'<a href="{escaped}" rel="{EXTERNAL_LINK_REL}">{escaped}</a>'
