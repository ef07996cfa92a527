"""Asking, answering, editing, deleting, accepting and voting: the one place that writes
posts. Who may do what is decided in ``discussions.permissions``; views check it first."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from courses.models import Lesson
from discussions.models import Post, Thread, Vote


class PostingRefused(Exception):
    """Too many posts in the last hour (discussions.posting.admit_post)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.message = (
            f"You have posted {limit} time{'s' if limit != 1 else ''} in the last hour, the most "
            "allowed for now. Your text is kept below: post it a little later."
        )
        super().__init__(self.message)


def hourly_limit(user: AbstractBaseUser, now: dt.datetime | None = None) -> int | None:
    """Posts the user may make per hour: None (no limit) for staff, fewer for new accounts."""
    if user.is_staff:
        return None
    now = now or timezone.now()
    if now - user.date_joined < dt.timedelta(hours=settings.DISCUSSION_NEW_ACCOUNT_HOURS):
        return settings.DISCUSSION_NEW_ACCOUNT_POSTS_PER_HOUR
    return settings.DISCUSSION_POSTS_PER_HOUR


def _admit_post(user: AbstractBaseUser, now: dt.datetime) -> None:
    """Raise PostingRefused when the user reached their limit. Call inside the transaction
    that creates the post: the user's row is locked (PostgreSQL; SQLite takes its write
    lock at BEGIN), so parallel posts cannot both pass the count. Deleted posts count."""
    limit = hourly_limit(user, now)
    if limit is None:
        return
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    recent = Post.objects.filter(author=user, created_at__gt=now - dt.timedelta(hours=1)).count()
    if recent >= limit:
        raise PostingRefused(limit)


def refresh_thread(thread: Thread) -> None:
    """Recompute the thread's figures from its posts (after any change to an answer)."""
    shown = Q(
        posts__is_question=False, posts__deleted_at__isnull=True, posts__hidden_at__isnull=True
    )
    by_others = shown & ~Q(posts__author_id=thread.author_id)
    figures = Thread.objects.filter(pk=thread.pk).aggregate(
        answers=Count("posts", filter=shown),
        first=Min("posts__created_at", filter=by_others),
        last=Max("posts__created_at", filter=by_others),
    )
    thread.answer_count = figures["answers"]
    thread.first_answer_at = figures["first"]
    thread.last_answer_at = figures["last"]
    Thread.objects.filter(pk=thread.pk).update(
        answer_count=thread.answer_count,
        first_answer_at=thread.first_answer_at,
        last_answer_at=thread.last_answer_at,
    )


def _new_post(
    user: AbstractBaseUser, thread: Thread, data: dict, now: dt.datetime, is_question=False
) -> Post:
    return Post.objects.create(
        thread=thread,
        author=user,
        is_question=is_question,
        body=data["body"],
        code=data.get("code", ""),
        by_staff=user.is_staff,
        created_at=now,
    )


def ask(user: AbstractBaseUser, lesson: Lesson, data: dict, section_title: str = "") -> Thread:
    """A new thread from a QuestionForm's cleaned data."""
    now = timezone.now()
    with transaction.atomic():
        _admit_post(user, now)
        thread = Thread.objects.create(
            lesson=lesson,
            section=data.get("section", ""),
            section_title=section_title,
            title=data["title"],
            author=user,
            created_at=now,
            asker_seen_at=now,
        )
        thread.question = _new_post(user, thread, data, now, is_question=True)
        thread.save(update_fields=["question"])
    return thread


def answer(user: AbstractBaseUser, thread: Thread, data: dict) -> Post:
    """A new answer from a PostForm's cleaned data."""
    now = timezone.now()
    with transaction.atomic():
        _admit_post(user, now)
        post = _new_post(user, thread, data, now)
        refresh_thread(thread)
        if user.pk == thread.author_id:
            mark_seen(thread, now)
    return post


def edit(post: Post, data: dict) -> Post:
    """Replace the post's text (and a question's title); the post shows "edited"."""
    changed = post.body != data["body"] or post.code != data.get("code", "")
    post.body, post.code = data["body"], data.get("code", "")
    with transaction.atomic():
        if post.is_question and "title" in data and data["title"] != post.thread.title:
            post.thread.title = data["title"]
            post.thread.save(update_fields=["title"])
            changed = True
        if changed:
            post.edited_at = timezone.now()
            post.save(update_fields=["body", "code", "edited_at"])
    return post


def delete(post: Post) -> Post:
    """Leave a tombstone: the text goes, the post's place in the thread stays."""
    post.body, post.code, post.deleted_at = "", "", timezone.now()
    with transaction.atomic():
        post.save(update_fields=["body", "code", "deleted_at"])
        Vote.objects.filter(post=post).delete()
        withdraw_acceptance(post)
        if not post.is_question:
            refresh_thread(post.thread)
    return post


def withdraw_acceptance(post: Post) -> None:
    """A deleted or hidden answer is no longer the accepted one."""
    updated = Thread.objects.filter(pk=post.thread_id, accepted=post).update(accepted=None)
    if updated and post.thread.accepted_id == post.pk:
        post.thread.accepted = None


def accept(thread: Thread, post: Post | None) -> None:
    """Mark ``post`` as the thread's accepted answer; None takes the mark away."""
    thread.accepted = post
    thread.save(update_fields=["accepted"])


def toggle_vote(user: AbstractBaseUser, post: Post) -> bool:
    """Vote for the post, or take the vote back; True when the user's vote now stands."""
    with transaction.atomic():
        deleted, _ = Vote.objects.filter(post=post, user=user).delete()
        if deleted:
            return False
        Vote.objects.get_or_create(post=post, user=user)
    return True


def mark_seen(thread: Thread, now: dt.datetime | None = None) -> None:
    """The asker has read the thread's answers: the header's badge no longer counts it."""
    if thread.last_answer_at is None or thread.asker_seen_at >= thread.last_answer_at:
        return
    thread.asker_seen_at = now or timezone.now()
    Thread.objects.filter(pk=thread.pk).update(asker_seen_at=thread.asker_seen_at)
