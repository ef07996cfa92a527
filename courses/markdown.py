"""The one place that turns markdown into HTML.

``render_markdown`` renders lessons: CommonMark with tables and strikethrough, heading
anchors and a table of contents, admonitions (``::: tip``), Pygments highlighting and
runnable Go editors for ```` ```go ```` fences. ``render_text`` renders text written by
contributors and learners (comments, quiz explanations) with the same safety rules but
none of the lesson machinery. Code blocks are rendered by ``courses.code_blocks``, URLs
are checked by ``courses.url_safety``.

Safety: raw HTML is never rendered (it comes out as escaped text), only http, https,
mailto and relative URLs survive in links and images, and every attribute value and
every piece of highlighted code is escaped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from courses.code_blocks import CodeBlock, collect_go_blocks, render_code_block, render_fence
from courses.url_safety import EXTERNAL_LINK_REL, is_external, is_safe_url

# Bump whenever the HTML render_markdown produces changes, here or in the modules it
# imports: cached renders are keyed on it.
RENDERER_VERSION = "3"

ADMONITION_KINDS = ("note", "tip", "warning")

_CACHE_SIZE = 256


@dataclass(frozen=True)
class TocEntry:
    level: int  # 2 or 3
    anchor: str  # the heading's id, without "#"
    text: str  # plain text (not HTML): templates must escape it


@dataclass(frozen=True)
class RenderedMarkdown:
    """The result of ``render_markdown``. Results are cached and shared: do not mutate."""

    html: str
    toc: list[TocEntry]
    code_blocks: list[CodeBlock]
    front_matter: str  # raw YAML between the --- lines, "" when there is none


# --- core rules (run after parsing, before rendering) -----------------------------------


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


def _render_link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if not is_safe_url(href):
        token.attrs.pop("href", None)
    elif is_external(href):
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
        md.core.ruler.push("go_blocks", collect_go_blocks)
    md.add_render_rule("fence", render_fence)
    md.add_render_rule("code_block", render_code_block)
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
