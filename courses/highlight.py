"""Pygments highlighting for every piece of code the site shows; its output is escaped."""

from __future__ import annotations

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import GoLexer, TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

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


def highlight_block(code: str, lang: str) -> str:
    """A ``<div class="highlight">`` block; the language name never reaches the output."""
    return highlight(code, _lexer_for(lang.lower()), _BLOCK_FORMATTER)


def highlight_code(code: str, lang: str = "go") -> str:
    """Escaped, highlighted HTML for a read-only block of code."""
    return highlight_block(code, lang)


def highlight_go_spans(code: str) -> str:
    # Keep every leading and trailing newline: the spans must line up with the textarea.
    return highlight(code, GoLexer(stripnl=False, ensurenl=False), _SPANS_FORMATTER)
