from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from courses.models import Exercise
from grader import admission, queues, runners, stopping, submissions, waiting
from grader.forms import RunForm, files_from
from grader.models import Submission
from grader.run_options import RunOptions


def _notice(request: HttpRequest, message: str, status: int, *, login: bool = False):
    # A form posted without JavaScript gets a whole page, not a fragment.
    template = "grader/_notice.html" if request.htmx else "grader/notice_page.html"
    return render(request, template, {"message": message, "login": login}, status=status)


def _partial(
    request: HttpRequest,
    submission: Submission,
    status: int = 200,
    *,
    template: str = "grader/_submission.html",
    **extra,
):
    place = _place(submission)
    context = {
        "submission": submission,
        "place": place,
        "runners_down": place is not None and runners.none_can_run(),
        "visible_tests": _visible_tests(submission),
        **extra,
    }
    return render(request, template, context, status=status)


def _visible_tests(submission: Submission) -> dict[str, str]:
    """The sources of the tests the exercise shows; the others never reach the page."""
    if submission.kind != Submission.Kind.TEST or not submission.is_done:
        return {}
    exercise = submission.exercise
    return exercise.visible_tests if exercise is not None else {}


def _place(submission: Submission) -> queues.Place | None:
    if submission.state != Submission.State.QUEUED or submission.needs_enqueue:
        return None
    return queues.place_in_queue(submission)


def _accepted(request: HttpRequest, submission: Submission) -> HttpResponse:
    return _partial(request, submission, status=202)


@require_POST
def run_code(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _notice(request, "Log in to run code: it takes ten seconds.", 401, login=True)
    form = RunForm(request.POST)
    if not form.is_valid():
        return _notice(request, "That request was not understood; reload the page.", 400)
    try:
        submission = submissions.create_submission(
            request.user,
            files_from(request.POST),
            form.cleaned_data["kind"],
            lesson_id=form.cleaned_data["lesson"],
            block=form.cleaned_data["block"],
            options=form.run_options(),
        )
    except admission.SubmissionRejected as exc:
        return _notice(request, exc.message, exc.status_code)
    return _accepted(request, submission)


@require_POST
def submit_exercise(request: HttpRequest, exercise_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _notice(request, "Log in to submit your code.", 401, login=True)
    exercise = get_object_or_404(Exercise.objects.listed(), pk=exercise_id)
    files = files_from(request.POST)
    if set(files) != set(exercise.starter_files):
        expected = ", ".join(sorted(exercise.starter_files))
        return _notice(request, f"This exercise expects the files {expected}.", 400)
    try:
        submission = submissions.create_submission(
            request.user,
            files,
            Submission.Kind.TEST,
            lesson_id=exercise.lesson_id,
            exercise_id=exercise.pk,
            writes_tests=exercise.kind == "tests",
            options=RunOptions.from_dict(exercise.options),
        )
    except admission.SubmissionRejected as exc:
        return _notice(request, exc.message, exc.status_code)
    if not request.htmx:
        # The exercise's form, posted without JavaScript: the result page waits for the verdict.
        return redirect("submission_detail", submission.public_id)
    return _accepted(request, submission)


def _own_submission(request: HttpRequest, public_id) -> Submission:
    return get_object_or_404(Submission, public_id=public_id, owner_id=request.user.pk or 0)


@require_GET
def submission_detail(request: HttpRequest, public_id) -> HttpResponse:
    submission = _own_submission(request, public_id)
    submissions.retry_enqueue(submission)
    waited = waiting.wait_for_change(submission, waiting.requested_wait(request.GET.get("wait")))
    # htmx polls for the fragment; a browser without JavaScript gets it in a whole page.
    template = "grader/_submission.html" if request.htmx else "grader/submission_page.html"
    response = _partial(request, submission, template=template, waited=waited)
    if submission.is_done and submission.exercise_id:
        # The exercise page refreshes its hints, attempts and solution panel.
        response["HX-Trigger"] = "exercise-updated"
    return response


@require_POST
def stop_submission(request: HttpRequest, public_id) -> HttpResponse:
    submission = _own_submission(request, public_id)
    stopping.stop(submission)
    submission.refresh_from_db()
    if request.htmx:
        return _partial(request, submission)
    back = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect(reverse("submission_detail", args=[submission.public_id]))


@require_POST
def stop_submission_json(request: HttpRequest, public_id) -> JsonResponse:
    submission = _own_submission(request, public_id)
    stopping.stop(submission)
    submission.refresh_from_db()
    return _json(submission, waited=True)


@require_GET
def submission_json(request: HttpRequest, public_id) -> JsonResponse:
    submission = _own_submission(request, public_id)
    waited = waiting.wait_for_change(submission, waiting.requested_wait(request.GET.get("wait")))
    return _json(submission, waited)


def _json(submission: Submission, waited: bool) -> JsonResponse:
    place = _place(submission)
    return JsonResponse(
        {
            "id": str(submission.public_id),
            "kind": submission.kind,
            "state": submission.state,
            "status": submission.status or None,
            "queued": not submission.needs_enqueue,
            "result": submission.result if submission.is_done else None,
            "queued_at": submission.queued_at.isoformat(),
            "started_at": submission.started_at and submission.started_at.isoformat(),
            "finished_at": submission.finished_at and submission.finished_at.isoformat(),
            "compile_ms": submission.compile_ms,
            "run_ms": submission.run_ms,
            # False when the server could not hold the request (?wait=): poll more slowly.
            "waited": waited,
            "queue_position": place and place.position,
            # Runners have reported and none can reach Docker: the code waits, kept.
            "runners_down": place is not None and runners.none_can_run(),
            "estimated_start_seconds": place and place.estimate_seconds,
            "stopping": submission.stop_requested_at is not None and not submission.is_done,
            "stop_url": reverse("stop_submission_json", args=[submission.public_id]),
        }
    )
