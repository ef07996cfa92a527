"""Questions on a lesson's sections and their answers.

A thread is one question: its first post. Posts are never removed from a thread: deleting
one leaves a tombstone, and staff hide abusive ones (still there, seen only by staff and
its author). ``Thread`` carries a few figures derived from its posts (``refresh_thread``
in discussions.posting keeps them true) so that lists, the header's badge and the course
health dashboard need no aggregate over posts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from courses.models import Lesson

TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 5000
CODE_MAX_LENGTH = 10_000


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ThreadQuerySet":
        """Threads whose question the user may read: staff all, others none that staff
        hid, except their own."""
        if user.is_staff:
            return self
        shown = Q(question__hidden_at__isnull=True)
        if user.is_authenticated:
            shown |= Q(author=user)
        return self.filter(shown)

    def listed(self) -> "ThreadQuerySet":
        """Without threads that are only a deleted question (nothing left to read)."""
        return self.exclude(question__deleted_at__isnull=False, answer_count=0)

    def unanswered_first(self) -> "ThreadQuerySet":
        answered = models.ExpressionWrapper(
            Q(first_answer_at__isnull=False), output_field=models.BooleanField()
        )
        return self.order_by(answered.asc(), "-created_at", "-pk")


class Thread(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="discussion_threads")
    section = models.CharField(
        max_length=100, blank=True, help_text="An anchor of the lesson's table of contents."
    )
    # The heading as it read when the question was asked: kept if the lesson changes.
    section_title = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_threads"
    )
    question = models.OneToOneField(
        "Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    accepted = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Derived from the posts (discussions.posting.refresh_thread). An answer counts when
    # it is neither deleted nor hidden; "answered" means by someone other than the asker.
    answer_count = models.PositiveIntegerField(default=0)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    last_answer_at = models.DateTimeField(null=True, blank=True)
    # The asker has seen every answer posted before this (the header's badge).
    asker_seen_at = models.DateTimeField(default=timezone.now)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["lesson", "section"], name="thread_lesson_section"),
            models.Index(fields=["author", "last_answer_at"], name="thread_author_answers"),
        ]

    def __str__(self) -> str:
        return f"{self.lesson}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread", args=[self.pk])


class Post(models.Model):
    """A thread's question (``is_question``) or one of its answers."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_posts"
    )
    is_question = models.BooleanField(default=False)
    body = models.TextField(max_length=BODY_MAX_LENGTH, blank=True, help_text="Markdown.")
    code = models.TextField(max_length=CODE_MAX_LENGTH, blank=True, help_text="Go code.")
    by_staff = models.BooleanField(default=False, help_text="The author was staff when posting.")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=Q(is_question=True),
                name="one_question_per_thread",
            )
        ]
        indexes = [models.Index(fields=["author", "created_at"], name="post_author_created")]

    def __str__(self) -> str:
        kind = "question" if self.is_question else "answer"
        return f"{kind} #{self.pk} by {self.author} in thread {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread", args=[self.thread_id]) + f"#post-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Vote(models.Model):
    """One learner found an answer helpful; voting again takes it back."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_vote_per_user_and_post")
        ]

    def __str__(self) -> str:
        return f"{self.user} found post #{self.post_id} helpful"


class Flag(models.Model):
    """A signed-in user asks staff to look at a post; resolved when staff hide or keep it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_flags"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_flag_per_user_and_post")
        ]

    def __str__(self) -> str:
        state = "resolved" if self.resolved_at else "open"
        return f"{self.user} flagged post #{self.post_id} ({state})"
