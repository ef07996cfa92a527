"""Quiz HTML that courses.markdown does not make: inline titles and Go code split by line.

Quiz code is never runnable (a Run button would give the answer away), so it is shown as
highlighted, read-only lines; ``.bug`` questions need each line on its own to put a radio
button beside it. Everything is escaped here; templates mark the results safe.
"""

import html
import re

from pygments.lexers import GoLexer
from pygments.token import STANDARD_TYPES, _TokenType

from courses.markdown import render_text

_SINGLE_PARAGRAPH_RE = re.compile(r"\A<p>(.*)</p>\n?\Z", re.S)


def inline_html(source: str) -> str:
    """Markdown for one line (a title, an option) without its wrapping paragraph."""
    rendered = render_text(source)
    match = _SINGLE_PARAGRAPH_RE.match(rendered)
    if match and "<p>" not in match.group(1):
        return match.group(1)
    return rendered


def _css_class(token_type: _TokenType) -> str:
    while token_type not in STANDARD_TYPES:
        token_type = token_type.parent
    return STANDARD_TYPES[token_type]


def go_lines_html(code: str) -> list[str]:
    """Highlighted Go, one HTML string per line of ``code`` (Pygments' CSS classes)."""
    lines: list[list[str]] = [[]]
    lexer = GoLexer(stripnl=False, ensurenl=False)
    for token_type, value in lexer.get_tokens(code):
        css = _css_class(token_type)
        for index, part in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if part:
                escaped = html.escape(part, quote=False)
                lines[-1].append(f'<span class="{css}">{escaped}</span>' if css else escaped)
    return ["".join(parts) for parts in lines][: len(code.split("\n"))]
