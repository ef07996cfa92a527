from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from grader import submissions
from grader.forms import RunForm
from grader.models import Submission

MAIN_FILE = "main.go"


def _notice(request: HttpRequest, message: str, status: int, *, login: bool = False):
    return render(
        request,
        "grader/_notice.html",
        {"message": message, "login": login},
        status=status,
    )


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
            {MAIN_FILE: form.cleaned_data["code"]},
            form.cleaned_data["kind"],
            lesson_id=form.cleaned_data["lesson"],
            block=form.cleaned_data["block"],
        )
    except submissions.SubmissionRejected as exc:
        return _notice(request, exc.message, exc.status_code)
    return render(request, "grader/_submission.html", {"submission": submission}, status=202)


def _own_submission(request: HttpRequest, public_id) -> Submission:
    return get_object_or_404(Submission, public_id=public_id, owner_id=request.user.pk or 0)


@require_GET
def submission_detail(request: HttpRequest, public_id) -> HttpResponse:
    submission = _own_submission(request, public_id)
    submissions.retry_enqueue(submission)
    return render(request, "grader/_submission.html", {"submission": submission})


@require_GET
def submission_json(request: HttpRequest, public_id) -> JsonResponse:
    submission = _own_submission(request, public_id)
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
        }
    )
