from celery import shared_task

from content_pipeline import example_checks


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_lesson_examples(path: str, source_hash: str, body: str, offset: int) -> None:
    """Run a changed lesson's examples in the sandbox (queued on the maintenance queue)."""
    example_checks.check_lesson_examples(path, source_hash, body, offset)
