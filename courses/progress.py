"""Learners' progress through lessons: plain functions the views call."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F
from django.utils import timezone

from courses.models import Course, Lesson, LessonProgress, Track

NOT_STARTED, STARTED, COMPLETED, PLANNED = "not-started", "started", "completed", "planned"


@dataclass
class LessonEntry:
    lesson: Lesson
    status: str

    @property
    def label(self) -> str:
        return {
            NOT_STARTED: "Not started",
            STARTED: "In progress",
            COMPLETED: "Completed",
            PLANNED: "Coming soon",
        }[self.status]


@dataclass
class TrackOutline:
    track: Track
    entries: list[LessonEntry]

    @property
    def completed(self) -> int:
        return sum(entry.status == COMPLETED for entry in self.entries)

    @property
    def available(self) -> int:
        return sum(entry.status != PLANNED for entry in self.entries)


@dataclass
class CourseOutline:
    course: Course
    tracks: list[TrackOutline]

    @property
    def completed(self) -> int:
        return sum(track.completed for track in self.tracks)

    @property
    def available(self) -> int:
        return sum(track.available for track in self.tracks)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.available) if self.available else 0


def record_visit(user: AbstractBaseUser, lesson: Lesson) -> LessonProgress:
    progress, _ = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    LessonProgress.objects.filter(pk=progress.pk).update(
        visits=F("visits") + 1, last_seen_at=timezone.now()
    )
    progress.refresh_from_db()
    return progress


def mark_complete(user: AbstractBaseUser, lesson: Lesson) -> LessonProgress:
    progress, _ = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at", "last_seen_at"])
    return progress


def mark_incomplete(user: AbstractBaseUser, lesson: Lesson) -> None:
    LessonProgress.objects.filter(user=user, lesson=lesson).update(completed_at=None)


def status_of(lesson: Lesson, progress: LessonProgress | None) -> str:
    if not lesson.is_written:
        return PLANNED
    if progress is None:
        return NOT_STARTED
    return COMPLETED if progress.completed_at else STARTED


def course_outline(course: Course, user: AbstractBaseUser | AnonymousUser) -> CourseOutline:
    lessons = list(course.lessons.listed().select_related("course", "track"))
    progress = {}
    if user.is_authenticated:
        progress = {
            p.lesson_id: p for p in LessonProgress.objects.filter(user=user, lesson__course=course)
        }
    tracks = []
    for track in course.tracks.listed():
        entries = [
            LessonEntry(lesson, status_of(lesson, progress.get(lesson.pk)))
            for lesson in lessons
            if lesson.track_id == track.pk
        ]
        if entries:
            tracks.append(TrackOutline(track, entries))
    return CourseOutline(course, tracks)


def neighbours(lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    """The previous and next lessons of the same track."""
    siblings = Lesson.objects.listed().filter(track_id=lesson.track_id)
    previous = siblings.filter(number__lt=lesson.number).order_by("-number").first()
    following = siblings.filter(number__gt=lesson.number).order_by("number").first()
    return previous, following
