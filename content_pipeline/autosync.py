"""Keep the database in step with the content files, and remember the last outcome.

`sync_if_changed` is cheap when nothing changed (one stat per file), so development
servers call it on every request: instructors edit markdown and reload the page.
"""

import hashlib
import logging
import os
import threading
from pathlib import Path

from django.db import DatabaseError
from django.utils import timezone

from content_pipeline.errors import ContentError, ContentInvalid
from content_pipeline.sync import SyncReport, sync_content
from courses.models import ContentState

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_last_fingerprint: dict[Path, str] = {}


def content_fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(directory, name)
            try:
                stat = os.stat(path)
            except FileNotFoundError:
                continue
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def sync_and_record(root: Path) -> tuple[SyncReport | None, list[ContentError]]:
    """Sync `root` and store the outcome; the last good content stays on failure."""
    fingerprint = content_fingerprint(root)
    state = ContentState.current()
    now = timezone.now()
    try:
        report = sync_content(root)
    except ContentInvalid as exc:
        state.errors = [str(error) for error in exc.errors]
        errors, report = exc.errors, None
    else:
        state.errors = []
        state.last_good_at = now
        errors = []
    state.fingerprint = fingerprint
    state.checked_at = now
    state.save()
    _last_fingerprint[root] = fingerprint
    return report, errors


def sync_if_changed(root: Path) -> None:
    fingerprint = content_fingerprint(root)
    if _last_fingerprint.get(root) == fingerprint:
        return
    with _lock:
        try:
            if ContentState.current().fingerprint != fingerprint:
                report, errors = sync_and_record(root)
                if errors:
                    logger.warning(
                        "content has %d problem(s); serving the last good version", len(errors)
                    )
                else:
                    logger.info("content synced: %s", report)
            _last_fingerprint[root] = fingerprint
        except DatabaseError:
            # Before the first migrate there is nowhere to sync to; pages will say so.
            logger.exception("content sync skipped: database not ready")
