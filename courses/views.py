from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from courses import progress, throttle
from courses.models import Course, ExerciseProgress, Lesson
from courses.video import video_embed


def home(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.filter(removed_at__isnull=True)
    outlines = [progress.course_outline(course, request.user) for course in courses]
    return render(request, "courses/home.html", {"outlines": outlines})


def course_detail(request: HttpRequest, course_slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=course_slug, removed_at__isnull=True)
    outline = progress.course_outline(course, request.user)
    return render(request, "courses/course_detail.html", {"outline": outline})


def _get_lesson(course_slug: str, lesson_slug: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.listed().select_related("course", "track"),
        course__slug=course_slug,
        slug=lesson_slug,
    )


def lesson_detail(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    lesson = _get_lesson(course_slug, lesson_slug)
    lesson_progress = None
    if request.user.is_authenticated and lesson.is_written:
        lesson_progress = progress.record_visit(request.user, lesson)
    previous, following = progress.neighbours(lesson)
    exercises = list(lesson.exercises.listed())
    passed = set()
    if request.user.is_authenticated:
        passed = set(
            ExerciseProgress.objects.filter(
                user=request.user, exercise__in=exercises, passed_at__isnull=False
            ).values_list("exercise_id", flat=True)
        )
    return render(
        request,
        "courses/lesson_detail.html",
        {
            "lesson": lesson,
            "progress": lesson_progress,
            "previous": previous,
            "next": following,
            "video_html": video_embed(lesson.video) if lesson.video else "",
            "exercises": [(exercise, exercise.pk in passed) for exercise in exercises],
        },
    )


@require_POST
@login_required
def complete_lesson(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    lesson = _get_lesson(course_slug, lesson_slug)
    if not lesson.is_written:
        return redirect(lesson)
    if request.POST.get("undo"):
        progress.mark_incomplete(request.user, lesson)
        messages.info(request, f"“{lesson.title}” is no longer marked complete.")
        return redirect(lesson)
    progress.mark_complete(request.user, lesson)
    messages.success(request, f"“{lesson.title}” is complete.")
    _, following = progress.neighbours(lesson)
    if following is not None and following.is_written:
        return redirect(following)
    return redirect("course_detail", course_slug=lesson.course.slug)


@login_required
def my_progress(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.filter(removed_at__isnull=True)
    outlines = [progress.course_outline(course, request.user) for course in courses]
    return render(request, "courses/my_progress.html", {"outlines": outlines})


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.admit_signup(throttle.client_address(request)):
            form.add_error(None, throttle.REFUSED_MESSAGE)
            return render(request, "registration/signup.html", {"form": form}, status=429)
        user = form.save()
        login(request, user)
        messages.success(request, f"Welcome, {user.username}! Your progress is saved from now on.")
        return redirect(_safe_next(request) or reverse("home"))
    return render(request, "registration/signup.html", {"form": form})


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""
