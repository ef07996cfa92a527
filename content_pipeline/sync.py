"""Write loaded content into the database, all or nothing."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from content_pipeline.errors import ContentInvalid
from content_pipeline.exercises import ExerciseSource
from content_pipeline.loader import ContentTree, CourseSource, LessonSource, load_content
from content_pipeline.quiz_sync import sync_lesson_quiz
from courses.markdown import render_markdown, render_text
from courses.models import Course, Exercise, Lesson, Track


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Written lessons whose text is new or changed: their examples are checked again.
    edited: list[LessonSource] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged"
        )


def sync_content(root: Path) -> SyncReport:
    """Load `root` and write it; raise ContentInvalid (writing nothing) on any problem."""
    tree = load_content(root)
    if tree.errors:
        raise ContentInvalid(tree.errors)
    return write_content(tree)


@transaction.atomic
def write_content(tree: ContentTree) -> SyncReport:
    report = SyncReport()
    now = timezone.now()
    kept_courses = []
    for position, source in enumerate(tree.courses):
        course, _ = Course.objects.update_or_create(
            slug=source.slug,
            defaults={
                "title": source.title,
                "description": source.description,
                "position": position,
                "removed_at": None,
            },
        )
        kept_courses.append(course.pk)
        _write_course(course, source, report, now)
    for course in Course.objects.exclude(pk__in=kept_courses).filter(removed_at__isnull=True):
        course.removed_at = now
        course.save(update_fields=["removed_at"])
        for lesson in course.lessons.listed():
            report.removed.append(str(lesson))
        course.lessons.listed().update(removed_at=now)
    return report


def _write_course(course: Course, source: CourseSource, report: SyncReport, now) -> None:
    kept_lessons = []
    kept_tracks = []
    position = 0
    for track_position, track_source in enumerate(source.tracks):
        track, _ = Track.objects.update_or_create(
            course=course,
            slug=track_source.slug,
            defaults={
                "title": track_source.title,
                "description": track_source.description,
                "position": track_position,
                "removed_at": None,
            },
        )
        kept_tracks.append(track.pk)
        for lesson_source in track_source.lessons:
            position += 1
            lesson = _write_lesson(course, track, lesson_source, position, report)
            kept_lessons.append(lesson.pk)
    Track.objects.filter(course=course).exclude(pk__in=kept_tracks).update(removed_at=now)
    gone = course.lessons.listed().exclude(pk__in=kept_lessons)
    report.removed.extend(str(lesson) for lesson in gone)
    gone.update(removed_at=now)


def _write_lesson(
    course: Course, track: Track, source: LessonSource, position: int, report: SyncReport
) -> Lesson:
    values = {
        "track_id": track.pk,
        "number": source.number,
        "position": position,
        "title": source.title,
        "goal": source.goal,
        "summary": source.summary,
        "concepts": source.concepts,
        "minutes": source.minutes,
        "video": source.video,
        "is_written": source.written,
        "source_path": source.source_path,
        "source_hash": source.source_hash,
        "removed_at": None,
    }
    lesson = Lesson.objects.filter(course=course, slug=source.slug).first()
    if source.written and (lesson is None or lesson.source_hash != source.source_hash):
        report.edited.append(source)
    if lesson is None:
        lesson = Lesson(course=course, slug=source.slug)
        _render_into(lesson, source)
        _assign(lesson, values)
        lesson.save()
        report.added.append(str(lesson))
        _write_exercises(lesson, source)
    else:
        if lesson.source_hash != source.source_hash:
            _render_into(lesson, source)
        if _assign(lesson, values) | _write_exercises(lesson, source):
            lesson.save()
            report.changed.append(str(lesson))
        else:
            report.unchanged += 1
    if source.written:
        sync_lesson_quiz(lesson, source.quiz)
    return lesson


def _write_exercises(lesson: Lesson, source: LessonSource) -> bool:
    """Upsert the lesson's exercises; say whether anything changed."""
    changed = False
    kept = []
    for position, exercise_source in enumerate(source.exercises):
        exercise = Exercise.objects.filter(lesson=lesson, slug=exercise_source.slug).first()
        if exercise is None:
            exercise = Exercise(lesson=lesson, slug=exercise_source.slug)
        values = {"position": position, "removed_at": None}
        if exercise.source_hash != exercise_source.source_hash:
            values.update(_exercise_values(exercise_source))
        if exercise.pk is None or _assign(exercise, values):
            _assign(exercise, values)
            exercise.save()
            changed = True
        kept.append(exercise.pk)
    gone = Exercise.objects.listed().filter(lesson=lesson).exclude(pk__in=kept)
    if gone.exists():
        gone.update(removed_at=timezone.now())
        changed = True
    return changed


def _exercise_values(source: ExerciseSource) -> dict:
    statement = render_markdown(source.statement, line_offset=source.statement_line_offset)
    return {
        "title": source.title,
        "difficulty": source.difficulty,
        "concepts": source.concepts,
        "statement_html": statement.html,
        "hints_html": [render_text(hint) for hint in source.hints],
        "starter_files": source.starter,
        "solution_files": source.solution,
        "test_files": source.tests,
        "test_names": source.test_names,
        "visible_tests": source.visible_tests,
        "limits": source.limits,
        "kind": source.kind,
        "options": source.options,
        "implementation_files": source.implementation,
        "mutants": [
            {"name": m.name, "description": m.description, "files": m.files} for m in source.mutants
        ],
        "rewrites": source.rewrites,
        "source_path": source.source_path,
        "source_hash": source.source_hash,
    }


def _render_into(lesson: Lesson, source: LessonSource) -> None:
    if not source.written:
        lesson.html, lesson.toc = "", []
        return
    rendered = render_markdown(source.body, line_offset=source.body_line_offset)
    lesson.html = rendered.html
    lesson.toc = [
        {"level": entry.level, "anchor": entry.anchor, "text": entry.text} for entry in rendered.toc
    ]


def _assign(lesson: Lesson, values: dict) -> bool:
    """Set `values` on `lesson`; say whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(lesson, name) != value:
            setattr(lesson, name, value)
            changed = True
    return changed
