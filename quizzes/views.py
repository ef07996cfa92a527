"""Quiz pages. Thin: requests are read here, everything else is in quizzes.service.

Each answer form posts with htmx and gets the feedback card back, shown at the address of
the answer's own page; without JavaScript the same form posts normally and is redirected to
that page (POST, redirect, GET).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import replace_url

from courses import progress
from courses.models import Lesson
from quizzes import questions as quiz_format
from quizzes import service
from quizzes.forms import InvalidAnswer, parse_answer
from quizzes.models import Answer, Question, QuizAttempt, ReviewCard

STALE_MESSAGE = (
    "This question is not the one waiting for an answer any more (was it answered in "
    "another tab?). Reload the quiz to carry on where you are."
)


def _lesson(course_slug: str, lesson_slug: str) -> Lesson:
    return get_object_or_404(
        Lesson.objects.available().select_related("course", "track"),
        course__slug=course_slug,
        slug=lesson_slug,
    )


def _quiz_url(lesson: Lesson) -> str:
    return reverse("quiz", args=[lesson.course.slug, lesson.slug])


def _wants_partial(request: HttpRequest) -> bool:
    """An htmx request for a piece of the page (boosted navigation wants the page)."""
    return bool(request.htmx) and not request.htmx.boosted


def _posted_question(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("question", ""))
    except ValueError:
        return None


def _problem(request: HttpRequest, message: str, status: int, back_url: str) -> HttpResponse:
    template = "quizzes/_problem.html" if _wants_partial(request) else "quizzes/problem.html"
    return render(request, template, {"message": message, "back_url": back_url}, status=status)


# --- the quiz -----------------------------------------------------------------------------


def _attempt_context(lesson: Lesson, attempt: QuizAttempt, question: Question) -> dict:
    return {
        "lesson": lesson,
        "attempt": attempt,
        "question": question,
        "status": service.attempt_status(attempt),
        "answer_url": reverse("quiz_answer", args=[lesson.course.slug, lesson.slug]),
    }


@require_GET
def quiz_page(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    """The quiz: its introduction, or the question the learner's attempt is on."""
    lesson = _lesson(course_slug, lesson_slug)
    questions = service.lesson_questions(lesson)
    context: dict = {"lesson": lesson, "question_count": len(questions)}
    if not questions:
        return render(request, "quizzes/no_quiz.html", context, status=404)
    if not request.user.is_authenticated:
        return render(request, "quizzes/signup_prompt.html", context)
    attempt = service.open_attempt(request.user, lesson)
    question = service.serve_question(attempt) if attempt is not None else None
    if attempt is not None and question is not None:
        return render(request, "quizzes/quiz.html", _attempt_context(lesson, attempt, question))
    context.update(
        limit=service.question_limit(questions),
        last=service.latest_finished(request.user, lesson),
        mastered=service.has_mastered(request.user, lesson),
    )
    return render(request, "quizzes/quiz.html", context)


@require_POST
@login_required
def start(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    lesson = _lesson(course_slug, lesson_slug)
    if service.has_quiz(lesson):
        service.start_attempt(request.user, lesson, restart=bool(request.POST.get("restart")))
    return redirect(_quiz_url(lesson))


@require_POST
@login_required
def answer(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    lesson = _lesson(course_slug, lesson_slug)
    attempt = service.open_attempt(request.user, lesson)
    question = attempt.current_question if attempt is not None else None
    if attempt is None or question is None or _posted_question(request) != question.pk:
        return _problem(request, STALE_MESSAGE, 409, _quiz_url(lesson))
    try:
        given = parse_answer(question, request.POST)
    except InvalidAnswer as exc:
        context = _attempt_context(lesson, attempt, question)
        context.update(error=exc.message, posted=request.POST.getlist("answer"))
        template = "quizzes/_question.html" if _wants_partial(request) else "quizzes/quiz.html"
        return render(request, template, context, status=400)
    try:
        result = service.submit_answer(attempt, question, given)
    except service.StaleQuestion:
        return _problem(request, STALE_MESSAGE, 409, _quiz_url(lesson))
    return _feedback(request, result)


@require_POST
@login_required
def hint(request: HttpRequest, course_slug: str, lesson_slug: str) -> HttpResponse:
    """Record that the learner opened the hint (the page shows it without asking)."""
    attempt = service.open_attempt(request.user, _lesson(course_slug, lesson_slug))
    if attempt is None or _posted_question(request) != attempt.current_question_id:
        return HttpResponse(status=409)
    service.record_hint(attempt)
    return HttpResponse(status=204)


# --- feedback and results -----------------------------------------------------------------


def _feedback(request: HttpRequest, result: Answer) -> HttpResponse:
    """The answer's feedback, which has its own address: with htmx the card replaces the
    question's history entry, so Back from the next question shows this feedback and never
    a question that can no longer be answered."""
    if not _wants_partial(request):
        return redirect("quiz_answer_detail", answer_id=result.pk)
    response = render(request, "quizzes/_feedback.html", _feedback_context(result))
    return replace_url(response, reverse("quiz_answer_detail", args=[result.pk]))


def _solution(question: Question, given: object) -> dict:
    """The question with the right answer and the learner's marked, for the feedback."""
    if question.type in quiz_format.CHOICE_TYPES:
        chosen = set(given) if isinstance(given, list) else {given}
        right = set(question.answer_key.get("correct", []))
        options = [
            {"html": option["html"], "right": index in right, "chosen": index in chosen}
            for index, option in enumerate(question.options)
        ]
        return {"options": options}
    if question.type == quiz_format.BUG:
        bug = question.answer_key.get("line")
        lines = [
            {"number": number, "html": html, "is_bug": number == bug, "chosen": number == given}
            for number, html in enumerate(question.code_lines_html, start=1)
        ]
        return {"lines": lines}
    return {}


def _feedback_context(answer: Answer) -> dict:
    question = answer.question
    context = {
        "answer": answer,
        "question": question,
        "lesson": question.lesson,
        "solution": _solution(question, answer.given),
        "card": ReviewCard.objects.filter(user=answer.user, question=question).first(),
    }
    if answer.attempt is not None:
        context["attempt"] = answer.attempt
        context["status"] = service.attempt_status(answer.attempt)
    return context


@require_GET
@login_required
def answer_detail(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = get_object_or_404(
        Answer.objects.select_related("question__lesson__course", "attempt"),
        pk=answer_id,
        user=request.user,
    )
    return render(request, "quizzes/answer.html", _feedback_context(answer))


@require_GET
@login_required
def result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("lesson__course", "lesson__track"),
        pk=attempt_id,
        user=request.user,
    )
    lesson = attempt.lesson
    if attempt.is_open:
        return redirect(_quiz_url(lesson))
    answers = list(attempt.answers.select_related("question"))
    _, following = progress.neighbours(lesson)
    context = {
        "attempt": attempt,
        "lesson": lesson,
        "answers": answers,
        "correct": sum(a.correct for a in answers),
        "missed": [a for a in answers if not a.correct],
        "next_lesson": following if following is not None and following.is_written else None,
        "sections": service.sections_to_revisit(attempt),
    }
    return render(request, "quizzes/result.html", context)


# --- spaced review ------------------------------------------------------------------------


def _review_context(card: ReviewCard) -> dict:
    return {
        "card": card,
        "question": card.question,
        "lesson": card.question.lesson,
        "answer_url": reverse("quiz_review_answer", args=[card.pk]),
        "review": True,
    }


@require_GET
def review(request: HttpRequest) -> HttpResponse:
    """The learner's due reviews, one at a time."""
    if not request.user.is_authenticated:
        return render(request, "quizzes/signup_prompt.html", {"review": True})
    due = service.due_cards(request.user)
    card = due.first()
    context = _review_context(card) if card is not None else {}
    context.update(due_total=due.count(), next_due=service.next_due(request.user))
    return render(request, "quizzes/review.html", context)


@require_POST
@login_required
def review_answer(request: HttpRequest, card_id: int) -> HttpResponse:
    card = get_object_or_404(
        ReviewCard.objects.active().select_related("question__lesson__course"),
        pk=card_id,
        user=request.user,
    )
    review_url = reverse("quiz_review")
    if _posted_question(request) != card.question_id:
        return _problem(request, STALE_MESSAGE, 409, review_url)
    try:
        given = parse_answer(card.question, request.POST)
    except InvalidAnswer as exc:
        context = _review_context(card)
        context.update(error=exc.message, posted=request.POST.getlist("answer"))
        if _wants_partial(request):
            return render(request, "quizzes/_question.html", context, status=400)
        context.update(due_total=service.due_cards(request.user).count())
        return render(request, "quizzes/review.html", context, status=400)
    try:
        result = service.submit_review(card, given)
    except service.StaleQuestion:
        message = "You have already reviewed this question for now."
        return _problem(request, message, 409, review_url)
    return _feedback(request, result)
