"""Who may do what in a discussion. Views ask these before calling discussions.posting or
discussions.moderation; templates ask them (through the thread's view model) to show the
buttons a user may use."""

from django.contrib.auth.models import AbstractBaseUser

from discussions.models import Post, Thread


def can_see(user: AbstractBaseUser, post: Post) -> bool:
    """Hidden posts are for staff and their author only."""
    return not post.is_hidden or user.is_staff or post.author_id == user.pk


def can_edit(user: AbstractBaseUser, post: Post) -> bool:
    """Authors edit and delete their own posts while they exist."""
    return user.is_authenticated and post.author_id == user.pk and not post.is_deleted


def can_vote(user: AbstractBaseUser, post: Post) -> bool:
    """Anyone signed in, on an answer they did not write."""
    return (
        user.is_authenticated
        and not post.is_question
        and post.author_id != user.pk
        and not post.is_deleted
        and not post.is_hidden
    )


def can_flag(user: AbstractBaseUser, post: Post) -> bool:
    return (
        user.is_authenticated
        and post.author_id != user.pk
        and not post.is_deleted
        and not post.is_hidden
    )


def can_accept(user: AbstractBaseUser, thread: Thread) -> bool:
    """The asker, or staff."""
    return user.is_authenticated and (user.pk == thread.author_id or user.is_staff)


def can_be_accepted(post: Post) -> bool:
    return not post.is_question and not post.is_deleted and not post.is_hidden


def can_moderate(user: AbstractBaseUser) -> bool:
    return user.is_authenticated and user.is_staff
