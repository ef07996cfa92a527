"""``video_embed`` turns a lesson's video URL into a privacy-friendly player or a plain link."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from courses.url_safety import EXTERNAL_LINK_REL, INVISIBLE_RE, is_safe_url

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
    if not url or INVISIBLE_RE.search(url):
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
