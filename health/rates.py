"""Who counts as a learner, and the shares over learners that course health reports.

Learners are non-staff users: instructors trying their own lessons do not count.
"""


class Rates:
    """Shares derived from the counts of a lesson or of the whole course."""

    started: int
    completed: int
    exercise_tries: int
    exercise_passes: int
    quiz_started: int
    quiz_finished: int
    ratings: int
    confusing: int

    @property
    def completion_rate(self) -> float | None:
        return rate(self.completed, self.started)

    @property
    def exercise_pass_rate(self) -> float | None:
        return rate(self.exercise_passes, self.exercise_tries)

    @property
    def quiz_completion_rate(self) -> float | None:
        return rate(self.quiz_finished, self.quiz_started)

    @property
    def confusing_share(self) -> float | None:
        return rate(self.confusing, self.ratings)


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def learners(queryset, prefix: str = "user__"):
    return queryset.filter(**{f"{prefix}is_staff": False})
