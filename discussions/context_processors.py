from functools import cache

from django.http import HttpRequest

from discussions.queries import unseen_answer_count


def unseen_answers(request: HttpRequest) -> dict:
    """``unseen_answers``: the user's questions with answers they have not seen, for the
    header's badge. Counted on first use only (most htmx partials never show the header)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unseen_answers": cache(lambda: unseen_answer_count(user))}
