from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from courses.models import Course, Lesson
from health import export, feedback, metrics


def _staff_only(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied("The course health dashboard is for instructors.")


@login_required
def dashboard(request: HttpRequest, course_slug: str | None = None) -> HttpResponse:
    _staff_only(request)
    courses = list(Course.objects.filter(removed_at__isnull=True))
    if course_slug is None:
        if not courses:
            raise Http404("No course yet.")
        course = courses[0]
    else:
        course = get_object_or_404(Course, slug=course_slug, removed_at__isnull=True)
    health = metrics.course_health(course)
    return render(
        request,
        "health/dashboard.html",
        {
            "health": health,
            "courses": courses,
            "exports": export.EXPORTS,
            "rules": {
                "confusing": settings.HEALTH_CONFUSING_SHARE,
                "quiz": settings.HEALTH_QUIZ_COMPLETION_MIN,
                "minimum": settings.HEALTH_MIN_LEARNERS,
                "section_questions": settings.HEALTH_SECTION_QUESTIONS,
                "unanswered_hours": settings.HEALTH_UNANSWERED_HOURS,
            },
        },
    )


@login_required
def export_csv(request: HttpRequest, course_slug: str, name: str) -> HttpResponse:
    _staff_only(request)
    course = get_object_or_404(Course, slug=course_slug, removed_at__isnull=True)
    if name == "comments":
        rows = export.comment_rows(course)
    elif name == "lessons":
        rows = export.lesson_rows(metrics.course_health(course))
    elif name == "questions":
        rows = export.question_rows(metrics.course_health(course))
    elif name == "discussion":
        rows = export.discussion_rows(metrics.course_health(course))
    else:
        raise Http404("No such export.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{course.slug}-{name}.csv"'
    export.write_csv(rows, response)
    return response


@require_POST
@login_required
def lesson_feedback(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    lesson = get_object_or_404(
        Lesson.objects.available().select_related("course"),
        course__slug=course_slug,
        slug=lesson_slug,
    )
    form = feedback.FeedbackForm(request.POST, lesson=lesson)
    in_place = bool(request.htmx) and not request.htmx.boosted
    saved = form.is_valid()
    if saved:
        feedback.save_feedback(request.user, lesson, form.cleaned_data)
    if in_place:
        return render(
            request,
            "health/_feedback_form.html",
            {"form": form, "lesson": lesson, "saved": saved, "has_feedback": saved},
        )
    if saved:
        messages.success(request, "Thanks: your feedback on this lesson is saved.")
        return redirect(lesson.get_absolute_url() + "#lesson-feedback")
    return render(request, "health/feedback_page.html", {"form": form, "lesson": lesson})
