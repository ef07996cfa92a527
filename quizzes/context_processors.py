from django.http import HttpRequest

from quizzes.models import ReviewCard


class _DueCount:
    """The number of reviews due, counted on first use only: most renders (htmx partials)
    never show the navigation, and those that do read it once."""

    def __init__(self, user):
        self.user = user
        self.value: int | None = None

    def __call__(self) -> int:
        if self.value is None:
            self.value = ReviewCard.objects.due().filter(user=self.user).count()
        return self.value


def review_due(request: HttpRequest) -> dict:
    """``review_due``: the signed-in learner's count of due reviews, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"review_due": _DueCount(user)}
