from celery import shared_task

from grader import submissions


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_submission(submission_id: int) -> None:
    submissions.execute_submission(submission_id)


@shared_task
def recover_submissions() -> tuple[int, int, int]:
    return submissions.recover_submissions()
