"""A link to its questions beside every section heading of a rendered lesson.

The lesson's HTML is rendered once by courses.markdown and stored; the counts change
with every question. So the links are added when the page is served, to the headings the
renderer itself wrote (``<h2 id="anchor">…</h2>``, anchors listed in ``Lesson.toc``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_HEADING_RE = re.compile(r'(<(h[23]) id="([^"]+)">.*?)(</\2>)', re.DOTALL)


def _link(anchor: str, title: str, count: int, url: str) -> str:
    if count:
        noun = "question" if count == 1 else "questions"
        return format_html(
            ' <a class="section-questions" href="{}" aria-label="{} {} about {}">{} {}</a>',
            url, count, noun, title, count, noun,
        )  # fmt: skip
    return format_html(
        ' <a class="section-ask" href="{}" aria-label="Ask about {}">Ask</a>', url, title
    )


def add_question_links(
    lesson_html: str, toc: list[dict], counts: dict[str, int], url_for: Callable[[str], str]
) -> SafeString:
    """``lesson_html`` with a link after each table-of-contents heading: "N questions"
    when it has some, else a quiet "Ask"; ``url_for(anchor)`` gives its address."""
    titles = {entry["anchor"]: entry["text"] for entry in toc if entry.get("anchor")}

    def add(match: re.Match) -> str:
        anchor = html.unescape(match.group(3))
        if anchor not in titles:
            return match.group(0)
        link = _link(anchor, titles[anchor], counts.get(anchor, 0), url_for(anchor))
        return f"{match.group(1)}{link}{match.group(4)}"

    # The lesson's HTML comes from courses.markdown, which escapes everything; the links
    # are built with format_html.
    return mark_safe(_HEADING_RE.sub(add, lesson_html))  # noqa: S308
