from celery import shared_task
from celery.signals import worker_process_shutdown

from grader import engine_watch, submissions


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def run_submission(self, submission_id: int) -> None:
    submissions.execute_submission(
        submission_id,
        on_engine_lost=lambda: engine_watch.stop_consuming(self.app, self.request.hostname),
    )


@shared_task
def recover_submissions() -> tuple[int, int, int]:
    return submissions.recover_submissions()


@worker_process_shutdown.connect
def _stop_warm_containers(**kwargs) -> None:
    # Pre-started sandbox containers belong to this worker process: remove them with it.
    from grader import sandbox

    sandbox.shutdown()
