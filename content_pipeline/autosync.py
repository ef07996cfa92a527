"""Keep the database in step with the content files, and remember the last outcome.

`sync_if_changed` is cheap when nothing changed (one stat per file), so development
servers call it on every request: instructors edit markdown and reload the page.
"""

import hashlib
import logging
import os
import threading
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone

from content_pipeline.errors import ContentError, ContentInvalid
from content_pipeline.example_checks import queue_example_checks
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
    """Sync `root` and store the outcome; the last good content stays on failure.

    The examples of lessons whose text changed are then checked in the background (not
    on the first load: `check_content` checks a whole course).
    """
    fingerprint = content_fingerprint(root)
    state = ContentState.current()
    first_load = state.last_good_at is None
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
        if report.edited and not first_load:
            edited = report.edited
            transaction.on_commit(lambda: queue_example_checks(edited))
    state.fingerprint = fingerprint
    state.checked_at = now
    # Not example_problems: the background check may be writing them meanwhile.
    state.save(update_fields=["errors", "last_good_at", "fingerprint", "checked_at"])
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
