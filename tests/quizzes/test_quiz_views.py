"""The quiz flow through the views: start, answer, feedback, finish, review."""

import dataclasses
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes import service
from quizzes.context_processors import review_due
from quizzes.models import Answer, ConceptSkill, Question, QuizAttempt, ReviewCard
from tests.quizzes.conftest import QUIZ_URL, right_answer, wrong_answer

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def learner(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


def start(client: Client) -> QuizAttempt:
    response = client.post(QUIZ_URL + "start/")
    assert response.status_code == 302
    return QuizAttempt.objects.open().get()


def current(client: Client) -> Question:
    """Open the quiz page and return the question it shows."""
    page = client.get(QUIZ_URL)
    assert page.status_code == 200
    return QuizAttempt.objects.open().get().current_question


def answer(client: Client, question: Question, data: dict, **headers):
    return client.post(QUIZ_URL + "answer/", {"question": question.pk, **data}, **headers)


def test_anonymous_visitors_are_invited_to_sign_up(client, quiz):
    page = client.get(QUIZ_URL).content.decode()
    assert "Sign up to take the quiz" in page
    assert f'href="/accounts/signup/?next={QUIZ_URL}"' in page
    response = client.post(QUIZ_URL + "start/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not QuizAttempt.objects.exists()


def test_the_intro_explains_the_quiz_and_starting_it_records_a_start(learner, quiz, alice):
    page = learner.get(QUIZ_URL).content.decode()
    assert "Check what stuck" in page
    assert "7 questions" in page and "you will see 7 at most" in page
    assert not QuizAttempt.objects.exists()

    attempt = start(learner)
    assert attempt.user == alice and attempt.lesson == quiz
    assert attempt.started_at is not None and attempt.finished_at is None
    # Starting again continues the same attempt.
    learner.post(QUIZ_URL + "start/")
    assert QuizAttempt.objects.count() == 1


def test_the_quiz_shows_one_question_at_a_time_with_a_progress_bar(learner, quiz):
    start(learner)
    page = learner.get(QUIZ_URL).content.decode()
    question = QuizAttempt.objects.get().current_question
    assert page.count('class="quiz-title"') == 1
    assert question.title_html in page
    assert "Question 1 of at most 7" in page
    assert '<progress id="mastery-' in page
    assert f'hx-post="{QUIZ_URL}answer/"' in page and 'hx-target="#quiz-card"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    # Reloading shows the same question.
    learner.get(QUIZ_URL)
    assert QuizAttempt.objects.get().current_question == question


def test_the_first_question_is_the_one_closest_to_the_target(learner, quiz):
    start(learner)
    question = current(learner)
    params = service.PARAMS
    predicted = {
        q.qid: service.engine.predict({}, service.question_state(q)) for q in quiz.questions.all()
    }
    best = min(predicted.values(), key=lambda p: abs(p - params.target_success))
    assert abs(predicted[question.qid] - best) < 0.15


@pytest.mark.parametrize(
    "qid, markup",
    [
        ("main-needs", ['type="radio" name="answer" value="0"', "<legend>Choose one answer"]),
        ("printers", ['type="checkbox" name="answer" value="1"', "Choose every right answer"]),
        ("print-hello", ['<textarea id="answer-', 'class="highlight quiz-code"', '"kd">func']),
        ("name-package", ['<input type="text" id="answer-', "Fill in the blank"]),
        (
            "wrong-verb",
            ['class="bug-line"><input type="radio" name="answer" value="7"', "Show a hint"],
        ),
    ],
)
def test_each_question_type_is_rendered_for_answering(learner, quiz, qid, markup):
    attempt = start(learner)
    attempt.current_question = Question.objects.get(qid=qid)
    attempt.save()
    page = learner.get(QUIZ_URL).content.decode()
    for fragment in markup:
        assert fragment in page
    assert "go-editor" not in page and ">Run<" not in page  # quiz code never runs


def test_a_right_first_answer_raises_skill_lowers_difficulty_and_shows_feedback(
    learner, quiz, alice
):
    start(learner)
    question = current(learner)
    difficulty = question.difficulty
    response = answer(learner, question, right_answer(question), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="quiz-card"' in html and "<html" not in html  # a partial
    assert "✓ Right!" in html and "autofocus" in html
    assert question.explanation_html in html
    assert 'id="next-question"' in html

    question.refresh_from_db()
    assert question.difficulty < difficulty and question.evidence == 1
    skills = {s.concept: s for s in ConceptSkill.objects.filter(user=alice)}
    for concept in question.concepts:
        assert skills[concept].skill > 0 and skills[concept].answers == 1
    recorded = Answer.objects.get()
    assert recorded.correct and recorded.first_attempt and 0 < recorded.predicted < 1
    assert not ReviewCard.objects.exists()


def test_a_wrong_answer_lowers_skill_raises_difficulty_and_schedules_a_review(learner, quiz, alice):
    start(learner)
    question = current(learner)
    difficulty = question.difficulty
    html = answer(learner, question, wrong_answer(question), **HTMX).content.decode()
    assert "✗ Not quite" in html
    assert "will come back on your" in html
    question.refresh_from_db()
    assert question.difficulty > difficulty
    assert all(s.skill < 0 for s in ConceptSkill.objects.filter(user=alice))
    card = ReviewCard.objects.get(user=alice, question=question)
    assert timezone.now() + timedelta(hours=23) < card.due < timezone.now() + timedelta(days=2)


def test_only_first_attempts_teach_a_question_its_difficulty(learner, quiz, alice):
    start(learner)
    question = current(learner)
    answer(learner, question, wrong_answer(question))
    question.refresh_from_db()
    learned = (question.difficulty, question.evidence)
    skill = ConceptSkill.objects.get(user=alice, concept=question.concepts[0]).skill

    # A second attempt at the quiz brings the question back once the others are seen.
    Answer.objects.exclude(question=question).delete()
    attempt = QuizAttempt.objects.get()
    attempt.outcome = QuizAttempt.ABANDONED
    attempt.save()
    start(learner)
    attempt = QuizAttempt.objects.open().get()
    attempt.current_question = question
    attempt.save()
    answer(learner, question, right_answer(question))

    question.refresh_from_db()
    assert (question.difficulty, question.evidence) == learned
    assert ConceptSkill.objects.get(user=alice, concept=question.concepts[0]).skill > skill
    assert not Answer.objects.filter(question=question).latest("pk").first_attempt


def answer_until_finished(client: Client, pick) -> QuizAttempt:
    for _ in range(20):
        attempt = QuizAttempt.objects.filter(user__username="alice").first()
        if attempt is None or not attempt.is_open:
            break
        question = current(client)
        response = answer(client, question, pick(question))
        assert response.status_code == 302
    return QuizAttempt.objects.filter(user__username="alice").first()


def test_answering_well_ends_the_quiz_with_mastery(learner, quiz, settings):
    start(learner)
    attempt = answer_until_finished(learner, right_answer)
    assert attempt.outcome == QuizAttempt.MASTERED
    assert attempt.finished_at is not None
    assert service.PARAMS.min_answers <= attempt.answers.count() < 7
    assert attempt.current_question is None

    # The last feedback points to the result, which congratulates.
    last = attempt.answers.latest("pk")
    assert 'id="see-result"' in learner.get(f"/quiz/answers/{last.pk}/").content.decode()
    page = learner.get(f"/quiz/attempts/{attempt.pk}/").content.decode()
    assert "You have mastered “First steps”" in page
    assert 'href="/learn/go/02-second/"' in page  # the next lesson
    # The quiz page offers another go, and the lesson page shows the mastery.
    assert "You have mastered this lesson" in learner.get(QUIZ_URL).content.decode()
    assert "Mastered ✓" in learner.get("/learn/go/01-first/").content.decode()


def test_the_maximum_number_of_questions_ends_the_quiz_with_sections_to_revisit(
    learner, quiz, monkeypatch
):
    monkeypatch.setattr(service, "PARAMS", dataclasses.replace(service.PARAMS, max_questions=4))
    start(learner)
    attempt = answer_until_finished(learner, wrong_answer)
    assert attempt.outcome == QuizAttempt.MAX_QUESTIONS
    assert attempt.finished_at is not None and attempt.answers.count() == 4

    page = learner.get(f"/quiz/attempts/{attempt.pk}/").content.decode()
    assert "Not quite there yet" in page
    assert "Sections to revisit" in page
    assert re.search(r'href="/learn/go/01-first/#printing">Printing</a>', page)
    assert "4 questions you missed will come back" in page
    assert "Take the quiz again" in page


def test_without_javascript_an_answer_redirects_to_its_own_feedback_page(learner, quiz):
    start(learner)
    question = current(learner)
    response = answer(learner, question, right_answer(question))
    recorded = Answer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/quiz/answers/{recorded.pk}/"
    page = learner.get(response["Location"]).content.decode()
    assert "<html" in page and "✓ Right!" in page
    assert f'href="{QUIZ_URL}" id="next-question"' in page
    # "Next question" serves another question.
    assert current(learner) != question


def test_with_htmx_the_feedback_takes_the_answers_address_in_history(learner, quiz):
    start(learner)
    question = current(learner)
    response = answer(learner, question, right_answer(question), **HTMX)
    assert response.status_code == 200
    assert response["HX-Replace-Url"] == f"/quiz/answers/{Answer.objects.get().pk}/"


@pytest.mark.parametrize(
    "qid, data, message",
    [
        (
            "main-needs",
            {"answer": "7"},
            "There is no option number 8: this question has 3 options.",
        ),
        ("main-needs", {"answer": "-1"}, "There is no option number 0"),
        ("main-needs", {"answer": "two"}, "is not one of the options"),
        ("main-needs", {}, "Choose an answer first."),
        ("main-needs", {"answer": ["0", "1"]}, "choose only one option"),
        ("printers", {"answer": ["0", "3"]}, "There is no option number 4"),
        ("printers", {}, "Tick at least one option."),
        ("print-hello", {"answer": "   "}, "Type what the program prints first."),
        ("print-hello", {"answer": "x" * 5000}, "the limit is 4000"),
        ("name-package", {"answer": ""}, "Type your answer first."),
        ("wrong-verb", {"answer": "0"}, "There is no line 0: the code has lines 1 to 8."),
        ("wrong-verb", {"answer": "99"}, "There is no line 99"),
    ],
)
def test_bad_answers_are_a_400_with_a_clear_message(learner, quiz, qid, data, message):
    attempt = start(learner)
    attempt.current_question = Question.objects.get(qid=qid)
    attempt.save()
    for headers in ({}, HTMX):
        response = answer(learner, attempt.current_question, data, **headers)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_a_bad_answer_keeps_what_the_learner_typed(learner, quiz):
    attempt = start(learner)
    attempt.current_question = Question.objects.get(qid="main-needs")
    attempt.save()
    html = answer(learner, attempt.current_question, {"answer": "9"}, **HTMX).content.decode()
    assert 'role="alert"' in html and 'id="quiz-card"' in html


def test_answering_a_question_that_is_not_on_screen_is_a_409(learner, quiz):
    start(learner)
    question = current(learner)
    other = Question.objects.exclude(pk=question.pk).first()
    response = answer(learner, other, right_answer(other), **HTMX)
    assert response.status_code == 409
    assert "Reload the quiz" in response.content.decode()
    # Answering twice: the second post finds no question waiting.
    assert answer(learner, question, right_answer(question)).status_code == 302
    assert answer(learner, question, right_answer(question)).status_code == 409
    assert Answer.objects.count() == 1


def test_csrf_is_required(quiz, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(QUIZ_URL + "start/").status_code == 403
    assert client.post("/quiz/review/1/answer/").status_code == 403


def test_a_hint_is_recorded_and_the_answer_teaches_no_difficulty(learner, quiz, alice):
    attempt = start(learner)
    question = Question.objects.get(qid="wrong-verb")
    attempt.current_question = question
    attempt.save()
    response = learner.post(QUIZ_URL + "hint/", {"question": question.pk}, **HTMX)
    assert response.status_code == 204
    answer(learner, question, right_answer(question))
    recorded = Answer.objects.get()
    assert recorded.hint_used and recorded.correct
    question.refresh_from_db()
    assert question.evidence == 0
    # A hint for a question that is not on screen is refused.
    assert learner.post(QUIZ_URL + "hint/", {"question": question.pk}).status_code == 409


def test_starting_over_abandons_the_open_attempt(learner, quiz):
    first = start(learner)
    current(learner)
    learner.post(QUIZ_URL + "start/", {"restart": "1"})
    first.refresh_from_db()
    assert first.outcome == QuizAttempt.ABANDONED and first.finished_at is None
    assert QuizAttempt.objects.open().count() == 1


def test_an_attempt_left_idle_for_days_is_abandoned(learner, quiz, settings):
    attempt = start(learner)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        last_activity_at=timezone.now() - timedelta(days=service.ABANDON_AFTER_DAYS + 1)
    )
    assert "Start the quiz" in learner.get(QUIZ_URL).content.decode()
    attempt.refresh_from_db()
    assert attempt.outcome == QuizAttempt.ABANDONED


def test_the_lesson_page_offers_to_take_then_continue_the_quiz(learner, quiz):
    assert "Take the quiz" in learner.get("/learn/go/01-first/").content.decode()
    start(learner)
    assert "Continue the quiz" in learner.get("/learn/go/01-first/").content.decode()
    # A lesson without a quiz says nothing about quizzes.
    assert "lesson-quiz" not in learner.get("/learn/go/02-second/").content.decode()
    assert learner.get("/quiz/go/02-second/").status_code == 404


def test_others_cannot_see_my_answers_or_results(learner, quiz, alice):
    start(learner)
    question = current(learner)
    answer(learner, question, wrong_answer(question))
    attempt = QuizAttempt.objects.get()
    mine = Answer.objects.get()
    card = ReviewCard.objects.get()
    attempt.finished_at, attempt.outcome = timezone.now(), QuizAttempt.MAX_QUESTIONS
    attempt.save()
    assert learner.get(f"/quiz/attempts/{attempt.pk}/").status_code == 200

    bob = User.objects.create_user("bob", password="another horse battery")
    other = Client()
    other.force_login(bob)
    assert other.get(f"/quiz/answers/{mine.pk}/").status_code == 404
    assert other.get(f"/quiz/attempts/{attempt.pk}/").status_code == 404
    response = other.post(f"/quiz/review/{card.pk}/answer/", {"question": question.pk})
    assert response.status_code == 404
    assert "Nothing due" in other.get("/quiz/review/").content.decode()


# --- spaced review ------------------------------------------------------------------------


def miss_one(client: Client) -> Question:
    start(client)
    question = current(client)
    answer(client, question, wrong_answer(question))
    return question


def make_due(card: ReviewCard) -> None:
    ReviewCard.objects.filter(pk=card.pk).update(due=timezone.now() - timedelta(minutes=1))


def test_a_missed_question_becomes_due_and_the_navigation_counts_it(learner, quiz, alice):
    question = miss_one(learner)
    page = learner.get("/quiz/review/").content.decode()
    assert "Nothing due" in page and "Your next review is due tomorrow" in page
    assert "badge-due" not in page

    make_due(ReviewCard.objects.get())
    page = learner.get("/quiz/review/").content.decode()
    assert question.title_html in page
    assert "1 question due" in page
    assert re.search(r'Review <span class="badge badge-due"[^>]*>1<', page)
    assert 'action="/quiz/review/' in page


def test_answering_a_review_reschedules_it_and_updates_skill(learner, quiz, alice):
    question = miss_one(learner)
    card = ReviewCard.objects.get()
    make_due(card)
    skill = ConceptSkill.objects.get(user=alice, concept=question.concepts[0]).skill
    difficulty = Question.objects.get(pk=question.pk).difficulty

    response = learner.post(
        f"/quiz/review/{card.pk}/answer/",
        {"question": question.pk, **right_answer(question)},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "✓ Right!" in html and 'id="next-review"' in html
    assert re.search(r"Next review of this question: (tomorrow|in \d+ days)", html)

    card.refresh_from_db()
    assert card.reviews == 1 and card.lapses == 0
    assert card.due > timezone.now() + timedelta(hours=23)
    assert card.card["state"] == 2  # fsrs State.Review
    recorded = Answer.objects.latest("pk")
    assert recorded.is_review and recorded.attempt is None and not recorded.first_attempt
    assert ConceptSkill.objects.get(user=alice, concept=question.concepts[0]).skill > skill
    assert Question.objects.get(pk=question.pk).difficulty == difficulty
    assert "Nothing due" in learner.get("/quiz/review/").content.decode()
    # A second answer to the same review is refused.
    again = learner.post(
        f"/quiz/review/{card.pk}/answer/", {"question": question.pk, **right_answer(question)}
    )
    assert again.status_code == 409


def test_missing_a_review_again_counts_a_lapse(learner, quiz):
    question = miss_one(learner)
    card = ReviewCard.objects.get()
    make_due(card)
    response = learner.post(
        f"/quiz/review/{card.pk}/answer/", {"question": question.pk, **wrong_answer(question)}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.reviews == 1 and card.lapses == 1 and card.due > timezone.now()
    page = learner.get(response["Location"]).content.decode()
    assert "✗ Not quite" in page and "Next review" in page


def test_a_bad_review_answer_is_a_400(learner, quiz):
    question = Question.objects.get(qid="main-needs")
    attempt = start(learner)
    attempt.current_question = question
    attempt.save()
    answer(learner, question, wrong_answer(question))
    card = ReviewCard.objects.get()
    make_due(card)
    for headers in ({}, HTMX):
        response = learner.post(
            f"/quiz/review/{card.pk}/answer/", {"question": question.pk, "answer": "5"}, **headers
        )
        assert response.status_code == 400
        assert "There is no option number 6" in response.content.decode()


def test_the_review_page_needs_an_account(client, quiz):
    page = client.get("/quiz/review/").content.decode()
    assert "Your reviews live in your account" in page


def test_removed_questions_are_not_reviewed(learner, quiz):
    question = miss_one(learner)
    make_due(ReviewCard.objects.get())
    Question.objects.filter(pk=question.pk).update(removed_at=timezone.now())
    assert service.due_count(QuizAttempt.objects.get().user) == 0
    assert "Nothing due" in learner.get("/quiz/review/").content.decode()


def test_an_attempt_whose_questions_were_removed_is_concluded(learner, quiz):
    start(learner)
    question = current(learner)
    answer(learner, question, right_answer(question))
    Question.objects.exclude(pk=question.pk).update(removed_at=timezone.now())
    page = learner.get(QUIZ_URL).content.decode()
    attempt = QuizAttempt.objects.get()
    # One right answer is not enough for mastery: the attempt ends without it.
    assert attempt.finished_at is not None and attempt.outcome == QuizAttempt.MAX_QUESTIONS
    assert "Take the quiz again" in page


def test_the_due_count_is_one_query_made_only_when_the_navigation_shows_it(learner, quiz, alice):
    miss_one(learner)
    make_due(ReviewCard.objects.get())
    request = RequestFactory().get("/")
    request.user = alice
    with CaptureQueriesContext(connection) as queries:
        due = review_due(request)["review_due"]
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert due() == 1 and due() == 1
    assert len(queries) == 1
    request.user = AnonymousUser()
    assert review_due(request) == {}
