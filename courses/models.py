from django.conf import settings
from django.db import models
from django.urls import reverse


class Course(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("course_detail", args=[self.slug])


class TrackQuerySet(models.QuerySet):
    def listed(self) -> "TrackQuerySet":
        return self.filter(removed_at__isnull=True)


class Track(models.Model):
    """An ordered path through a course: the main course, or an extra track."""

    MAIN = "main"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="tracks")
    slug = models.SlugField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="unique_track_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.course.slug}/{self.slug}"


class LessonQuerySet(models.QuerySet):
    def listed(self) -> "LessonQuerySet":
        """Lessons still present in the content files (removed ones are kept for history)."""
        return self.filter(removed_at__isnull=True)

    def available(self) -> "LessonQuerySet":
        return self.listed().filter(is_written=True)


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(max_length=100)
    number = models.PositiveIntegerField(help_text="Position within its track, from 1.")
    position = models.PositiveIntegerField(help_text="Position within the course.")
    title = models.CharField(max_length=200)
    goal = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    concepts = models.JSONField(default=list, blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    video = models.URLField(blank=True)
    is_written = models.BooleanField(
        default=False, help_text="False while the lesson is only planned in course.yaml."
    )
    source_path = models.CharField(max_length=300, blank=True)
    source_hash = models.CharField(max_length=64, blank=True)
    html = models.TextField(blank=True)
    toc = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="unique_lesson_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.course.slug}/{self.slug}"

    def get_absolute_url(self) -> str:
        return reverse("lesson_detail", args=[self.course.slug, self.slug])


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="unique_progress_per_lesson")
        ]

    def __str__(self) -> str:
        state = "completed" if self.completed_at else "started"
        return f"{self.user} {state} {self.lesson}"


class ContentState(models.Model):
    """The outcome of the last content sync, shared by every web process.

    When a sync fails the database keeps the last good content; the errors are kept
    here so that instructors see them on the site.
    """

    fingerprint = models.CharField(max_length=64, blank=True)
    errors = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    last_good_at = models.DateTimeField(null=True, blank=True)
    # What the background check found in lessons' runnable examples, by lesson file:
    # {"go/lessons/01-hello-go/lesson.md": {"hash": <source_hash>, "problems": [...]}}.
    example_problems = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"content state ({len(self.errors)} errors)"

    def example_warnings(self) -> list[str]:
        """Problems found in the examples of the lessons as they are now (a lesson edited
        since its check is left out until it is checked again)."""
        if not self.example_problems:
            return []
        current = dict(
            Lesson.objects.listed()
            .filter(source_path__in=list(self.example_problems))
            .values_list("source_path", "source_hash")
        )
        return [
            problem
            for path, found in sorted(self.example_problems.items())
            if current.get(path) == found.get("hash")
            for problem in found.get("problems", [])
        ]

    @classmethod
    def current(cls) -> "ContentState":
        state, _ = cls.objects.get_or_create(pk=1)
        return state


class ExerciseQuerySet(models.QuerySet):
    def listed(self) -> "ExerciseQuerySet":
        return self.filter(removed_at__isnull=True)


class Exercise(models.Model):
    """A graded exercise: the learner's code must pass hidden tests."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="exercises")
    slug = models.SlugField(max_length=100)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    difficulty = models.PositiveSmallIntegerField(default=2)
    concepts = models.JSONField(default=list, blank=True)
    statement_html = models.TextField(blank=True)
    hints_html = models.JSONField(default=list, blank=True)
    starter_files = models.JSONField(default=dict)
    solution_files = models.JSONField(default=dict)
    test_files = models.JSONField(default=dict, help_text="Hidden: never sent to browsers.")
    test_names = models.JSONField(default=list, blank=True)
    # Test name → that function's source, for the tests the exercise lets learners see
    # (`visible_tests:` in its front matter); only these reach the page.
    visible_tests = models.JSONField(default=dict, blank=True)
    # The sandbox limits this exercise's code runs with, in place of the site's
    # (e.g. {"memory_mb": 768, "run_timeout": 10}); empty for the site's own.
    limits = models.JSONField(default=dict, blank=True)
    # "tests": the learner writes the tests (starter/solution are _test.go files), graded
    # against implementation_files and each mutant (grader/mutants.py).
    kind = models.CharField(max_length=10, default="code")
    # RunOptions.to_dict(): graded with the race detector, or on the virtual clock.
    options = models.JSONField(default=dict, blank=True)
    implementation_files = models.JSONField(default=dict, blank=True)
    # [{"name", "description", "files"}]: the files are hidden, never sent to browsers.
    mutants = models.JSONField(default=list, blank=True)
    # name → files: the correct code written differently, which the learner's tests must
    # pass too (hidden like the mutants).
    rewrites = models.JSONField(default=dict, blank=True)
    source_path = models.CharField(max_length=300, blank=True)
    source_hash = models.CharField(max_length=64, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["lesson", "position"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "slug"], name="unique_exercise_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.lesson}/{self.slug}"

    def get_absolute_url(self) -> str:
        return reverse(
            "exercise_detail", args=[self.lesson.course.slug, self.lesson.slug, self.slug]
        )


class ExerciseProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_progress"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="progress")
    attempts = models.PositiveIntegerField(default=0)
    failed_attempts = models.PositiveIntegerField(default=0)
    hints_shown = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    passed_at = models.DateTimeField(null=True, blank=True)
    attempts_to_pass = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "exercise progress"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "exercise"], name="unique_progress_per_exercise"
            )
        ]

    def __str__(self) -> str:
        state = "passed" if self.passed_at else f"{self.attempts} attempts"
        return f"{self.user} {self.exercise} ({state})"
