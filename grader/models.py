import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Submission(models.Model):
    """Code a learner asked us to run, test or format, and what came of it."""

    class Kind(models.TextChoices):
        RUN = "run", "Run"
        TEST = "test", "Test"
        FORMAT = "format", "Format"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    lesson = models.ForeignKey(
        "courses.Lesson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )
    block = models.PositiveIntegerField(
        null=True, blank=True, help_text="Index of the lesson's Go block that was run."
    )
    exercise = models.ForeignKey(
        "courses.Exercise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RUN)
    files = models.JSONField(help_text="File name → source, as the learner sent them.")
    # RunOptions.to_dict(): the race detector, the virtual clock (grader.run_options).
    options = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    status = models.CharField(max_length=20, blank=True, help_text="The verdict once done.")
    result = models.JSONField(default=dict, blank=True)
    # Set while the queue could not be reached; the submission is sent again when it can be.
    needs_enqueue = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    # Set when the learner (or a newer run) stops it while a worker runs it: the worker
    # kills the container (grader.stopping).
    stop_requested_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    compile_ms = models.PositiveIntegerField(null=True, blank=True)
    run_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at"]
        indexes = [
            models.Index(fields=["owner", "queued_at"]),
            models.Index(fields=["state", "queued_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id} ({self.status or self.state})"

    @property
    def is_done(self) -> bool:
        return self.state == self.State.DONE

    @property
    def still_changing(self) -> bool:
        """The page showing it keeps polling: not done, or done with go vet still to come."""
        return not self.is_done or self.awaits_vet

    @property
    def awaits_vet(self) -> bool:
        """Done, published before go vet answered, and recent enough to still expect it
        (a worker lost in between leaves the flag behind)."""
        if not self.is_done or not (self.result or {}).get("vet_pending"):
            return False
        # go vet answers within the build budget of the build's start, or is given up.
        wait = timedelta(seconds=settings.SANDBOX_BUILD_TIMEOUT + 5)
        return self.finished_at is not None and timezone.now() - self.finished_at < wait
