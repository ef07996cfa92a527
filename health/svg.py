"""Charts drawn on the server as inline SVG: no chart library, no script.

Every label goes through ``escape``; numbers are formatted by us.
"""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def funnel(rows: Sequence[tuple[str, int, int]], width: int = 640) -> SafeString:
    """Horizontal bars, one per lesson: learners who started (light) and completed (dark).

    Each lesson's label sits on its own line above its bar, so long titles are never cut.
    """
    if not rows:
        return mark_safe("")
    label, bar, gap = 16, 18, 10
    row_height = label + bar + gap
    chart_width = width - 60
    peak = max(max(started, completed) for _, started, completed in rows) or 1
    height = len(rows) * row_height + gap
    parts = [
        f'<svg class="health-funnel" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="funnel-title"><title id="funnel-title">'
        "Learners who started and completed each lesson</title>"
    ]
    for n, (title, started, completed) in enumerate(rows):
        y = gap + n * row_height + label
        started_width = round(chart_width * started / peak, 1)
        completed_width = round(chart_width * completed / peak, 1)
        parts.append(
            f'<text class="funnel-label" x="0" y="{y - 4}">{escape(title)}</text>'
            f'<rect class="funnel-started" x="0" y="{y}" width="{started_width}" '
            f'height="{bar}"><title>{started} started</title></rect>'
            f'<rect class="funnel-completed" x="0" y="{y + 4}" '
            f'width="{completed_width}" height="{bar - 8}">'
            f"<title>{completed} completed</title></rect>"
            f'<text class="funnel-value" x="{started_width + 6}" y="{y + bar - 5}">'
            f"{completed}/{started}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above, the rest is numbers


def sparkline(
    series: Sequence[Sequence[int]], label: str, width: int = 96, height: int = 24
) -> SafeString:
    """Small lines, one per series (same scale), for a trend over a few weeks."""
    points = max((len(values) for values in series), default=0)
    if points < 2:
        return mark_safe("")
    peak = max((max(values) for values in series if values), default=0) or 1
    step = (width - 2) / (points - 1)
    lines = []
    for n, values in enumerate(series):
        coords = " ".join(
            f"{1 + i * step:.1f},{height - 1 - (height - 2) * value / peak:.1f}"
            for i, value in enumerate(values)
        )
        lines.append(f'<polyline class="spark-{n}" fill="none" points="{coords}"/>')
    return mark_safe(  # noqa: S308 - the label is escaped, the rest is numbers
        f'<svg class="health-spark" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(lines)}</svg>"
    )
