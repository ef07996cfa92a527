import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import strip_tags
from playwright.sync_api import Page, expect

from quizzes.models import QuizAttempt, ReviewCard
from tests.e2e.conftest import sign_up

pytestmark = pytest.mark.browser

USERNAME = "quiztaker"
MISS_ON_PURPOSE = 2  # the first answers are wrong, the rest right


def shown_text(fragment: str) -> str:
    return html.unescape(strip_tags(fragment)).strip()


def answer(page: Page, question, right: bool) -> None:
    """Answer the question on screen through the page, as a learner would."""
    key = question.answer_key
    card = page.locator("#quiz-card")
    if question.type in ("single", "multiple"):
        correct = set(key["correct"])
        picks = (
            correct
            if right
            else {next(i for i in range(len(question.options)) if i not in correct)}
        )
        for index in picks:
            card.locator(f"input[name=answer][value='{index}']").check()
    elif question.type == "output":
        card.get_by_label("What does it print?").fill(key["output"] if right else "no idea")
    elif question.type == "blank":
        card.get_by_label("Fill in the blank").fill(key["accepted"][0] if right else "no idea")
    else:
        line = (
            key["line"]
            if right
            else next(
                n
                for n in range(1, 50)
                if n != key["line"] and question.code.split("\n")[n - 1].strip()
            )
        )
        card.locator(f"label.bug-line:has(input[value='{line}'])").click()
    card.get_by_role("button", name="Check my answer").click()


def test_a_learner_takes_a_quiz_to_mastery_and_reviews_a_missed_question(page: Page, course):
    sign_up(page, USERNAME)
    page.goto("/learn/go/01-hello-go/")
    page.get_by_role("link", name="Take the quiz").click()
    expect(page).to_have_url(re.compile(r"/quiz/go/01-hello-go/$"))
    expect(page.locator(".quiz-intro")).to_contain_text("Check what stuck")
    page.get_by_role("button", name="Start the quiz").click()

    missed = []
    for number in range(1, 11):
        expect(page.locator(".quiz-kicker").first).to_contain_text(f"Question {number} of at most")
        attempt = QuizAttempt.objects.get(user__username=USERNAME, finished_at__isnull=True)
        question = attempt.current_question
        expect(page.locator("#question-title")).to_have_text(shown_text(question.title_html))
        expect(page.locator("#quiz-card .go-editor")).to_have_count(0)  # never runnable

        right = number > MISS_ON_PURPOSE
        answer(page, question, right)
        verdict = page.locator("#feedback-title")
        expect(verdict).to_have_text("✓ Right!" if right else "✗ Not quite")
        expect(verdict).to_be_focused()
        expect(page.locator(".quiz-explanation")).to_be_visible()
        if not right:
            missed.append(question)
            expect(page.locator(".quiz-note")).to_contain_text("will come back on your Review page")
        if page.locator("#see-result").count():
            break
        page.get_by_role("link", name="Next question").click()

    progress = page.locator(".quiz-progress progress")
    expect(progress).to_have_attribute("value", "100")
    page.get_by_role("link", name="See your result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have mastered “Hello, Go”")
    expect(page.locator(".quiz-answer-list li.is-wrong")).to_have_count(MISS_ON_PURPOSE)
    expect(page.get_by_role("link", name=re.compile("Next lesson"))).to_be_visible()
    attempt = QuizAttempt.objects.get(user__username=USERNAME)
    assert attempt.outcome == QuizAttempt.MASTERED and attempt.finished_at is not None

    # The lesson page now says so.
    page.goto("/learn/go/01-hello-go/")
    expect(page.locator(".lesson-quiz")).to_contain_text("Mastered ✓")

    # Nothing is due until tomorrow; then the missed questions come back.
    page.get_by_role("link", name="Review", exact=True).click()
    expect(page.locator(".quiz-empty")).to_contain_text("Nothing due")
    ReviewCard.objects.filter(user__username=USERNAME).update(
        due=timezone.now() - timedelta(minutes=1)
    )
    page.goto("/quiz/review/")
    expect(page.locator(".nav-review .badge-due")).to_contain_text(str(MISS_ON_PURPOSE))
    titles = {shown_text(q.title_html): q for q in missed}
    shown = page.locator("#question-title").inner_text().strip()
    assert shown in titles
    answer(page, titles[shown], right=True)
    expect(page.locator("#feedback-title")).to_have_text("✓ Right!")
    expect(page.locator("#quiz-card")).to_contain_text("Next review of this question:")
    page.get_by_role("link", name="Next review").click()
    expect(page.locator(".nav-review .badge-due")).to_contain_text(str(MISS_ON_PURPOSE - 1))
