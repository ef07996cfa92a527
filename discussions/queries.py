"""What the discussion pages read: thread lists, a thread's posts with their votes and
flags, the questions per section of a lesson, and the asker's unseen answers.

A thread page costs the same number of queries whatever its number of answers: the posts
come in one query, with their authors joined and their votes and flags counted in
subqueries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from courses.models import Lesson
from discussions import permissions
from discussions.models import Flag, Post, Thread, Vote


def lesson_threads(lesson: Lesson, user: AbstractBaseUser, section: str = "") -> QuerySet:
    """The lesson's threads the user may read, unanswered first, then newest first."""
    threads = (
        Thread.objects.filter(lesson=lesson)
        .visible_to(user)
        .listed()
        .select_related("author", "question")
        .unanswered_first()
    )
    if section:
        threads = threads.filter(section=section)
    return threads


def section_counts(lesson: Lesson) -> dict[str, int]:
    """Questions per section anchor ("" for the whole lesson), without deleted or hidden
    ones. Kept on the lesson object: the lesson page asks twice (headings and footer)."""
    cached = getattr(lesson, "_discussion_section_counts", None)
    if cached is not None:
        return cached
    rows = (
        Thread.objects.filter(
            lesson=lesson, question__deleted_at__isnull=True, question__hidden_at__isnull=True
        )
        .values("section")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["section"]: row["count"] for row in rows}
    lesson._discussion_section_counts = counts  # type: ignore[attr-defined]
    return counts


def get_thread(pk: int, user: AbstractBaseUser) -> Thread | None:
    return (
        Thread.objects.visible_to(user)
        .select_related("lesson", "lesson__course", "author", "question")
        .filter(pk=pk)
        .first()
    )


@dataclass
class PostItem:
    """A post as one user sees it, with what that user may do to it."""

    post: Post
    votes: int
    voted: bool
    open_flags: int
    flagged: bool
    accepted: bool
    can_edit: bool
    can_vote: bool
    can_flag: bool
    can_accept: bool


def _count_of(model, **filters) -> Coalesce:
    counted = (
        model.objects.filter(post=OuterRef("pk"), **filters)
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _posts(queryset: QuerySet, user: AbstractBaseUser) -> QuerySet:
    if not user.is_staff:
        shown = Q(hidden_at__isnull=True)
        if user.is_authenticated:
            shown |= Q(author=user)
        queryset = queryset.filter(shown)
    mine = {"user_id": user.pk} if user.is_authenticated else {"pk": None}
    return queryset.select_related("author", "hidden_by").annotate(
        votes_count=_count_of(Vote),
        open_flags=_count_of(Flag, resolved_at__isnull=True),
        voted=Exists(Vote.objects.filter(post=OuterRef("pk"), **mine)),
        flagged=Exists(Flag.objects.filter(post=OuterRef("pk"), **mine)),
    )


def post_item(post: Post, thread: Thread, user: AbstractBaseUser) -> PostItem:
    """``post`` must come from ``thread_posts`` or ``one_post`` (it carries the counts)."""
    post.thread = thread
    return PostItem(
        post=post,
        votes=post.votes_count,
        voted=post.voted,
        open_flags=post.open_flags if user.is_staff else 0,
        flagged=post.flagged,
        accepted=thread.accepted_id == post.pk,
        can_edit=permissions.can_edit(user, post),
        can_vote=permissions.can_vote(user, post),
        can_flag=permissions.can_flag(user, post),
        can_accept=permissions.can_accept(user, thread) and permissions.can_be_accepted(post),
    )


def thread_posts(thread: Thread, user: AbstractBaseUser) -> list[PostItem]:
    """The question, then the answers oldest first, as ``user`` may see them."""
    posts = _posts(Post.objects.filter(thread=thread), user).order_by(
        "-is_question", "created_at", "pk"
    )
    return [post_item(post, thread, user) for post in posts]


def one_post(pk: int, user: AbstractBaseUser) -> Post | None:
    """A post the user may see, with its thread, lesson and counts (for actions on it)."""
    return (
        _posts(Post.objects.filter(pk=pk), user)
        .select_related("thread", "thread__question", "thread__lesson", "thread__lesson__course")
        .first()
    )


def unseen_answer_count(user: AbstractBaseUser) -> int:
    """The user's questions with answers they have not opened yet: one query."""
    return Thread.objects.filter(author=user, last_answer_at__gt=F("asker_seen_at")).count()


def my_threads(user: AbstractBaseUser) -> QuerySet:
    """The user's questions, those with unseen answers first, then newest first."""
    unseen = Q(last_answer_at__gt=F("asker_seen_at"))
    return (
        Thread.objects.filter(author=user)
        .select_related("lesson", "lesson__course", "question")
        .annotate(has_unseen=ExpressionWrapper(unseen, output_field=BooleanField()))
        .order_by("-has_unseen", "-created_at")
    )
