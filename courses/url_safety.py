"""Which URLs may reach rendered HTML: http, https, mailto and relative ones only."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTERNAL_LINK_REL = "nofollow noopener"

# Characters a browser ignores or strips inside a URL scheme, and look-alike blanks.
INVISIBLE_RE = re.compile(
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
    cleaned = INVISIBLE_RE.sub("", decoded).lower()
    match = _SCHEME_RE.match(cleaned)
    return match is None or match.group(1) in SAFE_URL_SCHEMES


def is_external(url: str) -> bool:
    cleaned = INVISIBLE_RE.sub("", url).lower()
    return cleaned.startswith(("http:", "https:", "//", "/\\", "\\"))
