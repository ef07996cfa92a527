"""Flags from users, and staff hiding or restoring posts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from discussions.models import Flag, Post
from discussions.posting import refresh_thread, withdraw_acceptance


def flag(user: AbstractBaseUser, post: Post) -> bool:
    """Ask staff to look at the post; False when the user had already flagged it."""
    _, created = Flag.objects.get_or_create(post=post, user=user)
    return created


def _resolve_flags(post: Post) -> None:
    Flag.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=timezone.now())


def hide(staff: AbstractBaseUser, post: Post) -> Post:
    """Hide the post from everyone but staff and its author; its flags are dealt with."""
    with transaction.atomic():
        if post.hidden_at is None:
            post.hidden_at, post.hidden_by = timezone.now(), staff
            post.save(update_fields=["hidden_at", "hidden_by"])
        _resolve_flags(post)
        withdraw_acceptance(post)
        refresh_thread(post.thread)
    return post


def restore(post: Post) -> Post:
    """Show a hidden post again, or keep a flagged one: its flags are dealt with too."""
    with transaction.atomic():
        if post.hidden_at is not None:
            post.hidden_at, post.hidden_by = None, None
            post.save(update_fields=["hidden_at", "hidden_by"])
        _resolve_flags(post)
        refresh_thread(post.thread)
    return post


def flagged_posts() -> QuerySet[Post]:
    """Posts with flags staff have not dealt with, the most flagged first."""
    return (
        Post.objects.filter(flags__resolved_at__isnull=True)
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .select_related("author", "thread", "thread__lesson", "thread__lesson__course")
        .order_by("-open_flags", "-created_at")
    )
