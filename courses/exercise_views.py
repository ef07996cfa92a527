from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from courses import exercise_progress
from courses.code_blocks import go_editor
from courses.models import Exercise

# The form that submits the exercise's files; its textareas join it by this id.
SUBMIT_FORM_ID = "exercise-submit-form"


def _get_exercise(course_slug: str, lesson_slug: str, exercise_slug: str) -> Exercise:
    return get_object_or_404(
        Exercise.objects.listed().select_related("lesson", "lesson__course"),
        lesson__course__slug=course_slug,
        lesson__slug=lesson_slug,
        lesson__removed_at__isnull=True,
        slug=exercise_slug,
    )


def _state(request: HttpRequest, exercise: Exercise) -> dict:
    progress = exercise_progress.progress_for(request.user, exercise)
    return {
        "exercise": exercise,
        "lesson": exercise.lesson,
        "progress": progress,
        "hints": exercise.hints_html[: progress.hints_shown if progress else 0],
        "hints_left": len(exercise.hints_html) - (progress.hints_shown if progress else 0),
        "solution_unlocked": exercise_progress.solution_unlocked(progress),
        "attempts_until_solution": exercise_progress.attempts_until_solution(progress),
    }


def exercise_detail(
    request: HttpRequest, course_slug: str, lesson_slug: str, exercise_slug: str
) -> HttpResponse:
    exercise = _get_exercise(course_slug, lesson_slug, exercise_slug)
    files = exercise.starter_files
    if request.user.is_authenticated:
        # Learners come back to the code they last submitted, not to the starter.
        last = exercise.submissions.filter(owner=request.user, kind="test").first()
        if last is not None and set(last.files) == set(files):
            files = last.files
    runnable = exercise_progress.is_runnable(exercise)
    # Run uses the clock the tests run on.
    clock = "virtual" if exercise.options.get("virtual_time") else "real"
    editors = [
        go_editor(
            source,
            index=index,
            file_name=name,
            runnable=runnable,
            form_id=SUBMIT_FORM_ID,
            clock=clock,
        )
        for index, (name, source) in enumerate(sorted(files.items()))
    ]
    siblings = list(exercise.lesson.exercises.listed())
    return render(
        request,
        "courses/exercise_detail.html",
        {
            **_state(request, exercise),
            "editors": editors,
            "siblings": siblings,
            "submit_form_id": SUBMIT_FORM_ID,
        },
    )


def exercise_status(
    request: HttpRequest, course_slug: str, lesson_slug: str, exercise_slug: str
) -> HttpResponse:
    exercise = _get_exercise(course_slug, lesson_slug, exercise_slug)
    return render(request, "courses/_exercise_status.html", _state(request, exercise))


@require_POST
@login_required
def reveal_hint(
    request: HttpRequest, course_slug: str, lesson_slug: str, exercise_slug: str
) -> HttpResponse:
    exercise = _get_exercise(course_slug, lesson_slug, exercise_slug)
    exercise_progress.reveal_next_hint(request.user, exercise)
    if request.htmx:
        return render(request, "courses/_exercise_status.html", _state(request, exercise))
    return redirect(exercise)
