import csv
import io
import re

import pytest

from health.models import LessonFeedback
from health.svg import funnel, sparkline

FEEDBACK_URL = "/health/feedback/go/01-first/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def learner_client(client, alice, synced_content):
    client.force_login(alice)
    return client


def test_a_learner_sees_the_feedback_form_at_the_end_of_a_lesson(learner_client):
    html = learner_client.get("/learn/go/01-first/").content.decode()
    assert 'id="lesson-feedback"' in html
    assert '<option value="printing">Printing</option>' in html


def test_visitors_do_not_see_the_feedback_form(client, synced_content):
    assert 'id="lesson-feedback"' not in client.get("/learn/go/01-first/").content.decode()


def test_one_click_on_a_rating_saves_it_in_place(learner_client, alice):
    response = learner_client.post(FEEDBACK_URL, {"difficulty": "4"}, **HTMX)
    assert response.status_code == 200
    assert "Saved, thank you." in response.content.decode()
    assert "<html" not in response.content.decode()
    feedback = LessonFeedback.objects.get(user=alice)
    assert (feedback.difficulty, feedback.confusing, feedback.comment) == (4, False, "")


def test_feedback_is_once_per_lesson_and_editable(learner_client, alice):
    learner_client.post(FEEDBACK_URL, {"difficulty": "4"}, **HTMX)
    learner_client.post(
        FEEDBACK_URL,
        {"difficulty": "2", "confusing": "on", "confusing_section": "next", "comment": " Hm "},
        **HTMX,
    )
    feedback = LessonFeedback.objects.get(user=alice)
    assert (feedback.difficulty, feedback.confusing_section, feedback.comment) == (2, "next", "Hm")
    html = learner_client.get("/learn/go/01-first/").content.decode()
    assert re.search(r'<input type="radio" name="difficulty" value="2"[^>]*checked', html)
    assert "Update feedback" in html


def test_a_section_must_be_one_of_the_lesson(learner_client, alice):
    response = learner_client.post(
        FEEDBACK_URL, {"difficulty": "3", "confusing": "on", "confusing_section": "nope"}, **HTMX
    )
    assert "Select a valid choice" in response.content.decode()
    assert not LessonFeedback.objects.exists()


def test_a_section_is_dropped_when_not_confusing(learner_client, alice):
    learner_client.post(FEEDBACK_URL, {"difficulty": "3", "confusing_section": "next"}, **HTMX)
    assert LessonFeedback.objects.get().confusing_section == ""


@pytest.mark.parametrize("difficulty", ["0", "6", "x", ""])
def test_difficulty_is_one_to_five(learner_client, difficulty):
    learner_client.post(FEEDBACK_URL, {"difficulty": difficulty}, **HTMX)
    assert not LessonFeedback.objects.exists()


def test_comments_are_short(learner_client):
    learner_client.post(FEEDBACK_URL, {"difficulty": "3", "comment": "x" * 501}, **HTMX)
    assert not LessonFeedback.objects.exists()


def test_without_javascript_feedback_saves_and_returns_to_the_lesson(learner_client):
    response = learner_client.post(FEEDBACK_URL, {"difficulty": "5"})
    assert response.status_code == 302
    assert response["Location"] == "/learn/go/01-first/#lesson-feedback"
    assert LessonFeedback.objects.get().difficulty == 5


def test_without_javascript_errors_show_on_a_page(learner_client):
    response = learner_client.post(FEEDBACK_URL, {"difficulty": "9"})
    assert response.status_code == 200
    assert "Pick a difficulty from 1 to 5." in response.content.decode()


def test_visitors_cannot_leave_feedback(client, synced_content):
    response = client.post(FEEDBACK_URL, {"difficulty": "3"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not LessonFeedback.objects.exists()


@pytest.mark.parametrize(
    "url", ["/health/", "/health/go/", "/health/go/lessons.csv", "/health/go/comments.csv"]
)
def test_non_staff_users_get_403(learner_client, url):
    assert learner_client.get(url).status_code == 403


def test_visitors_are_sent_to_log_in(client, synced_content):
    response = client.get("/health/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_see_the_dashboard_and_the_nav_link(client, staff, synced_content):
    client.force_login(staff)
    html = client.get("/health/").content.decode()
    assert "Course health: Test Go" in html
    assert '<svg class="health-funnel"' in html
    assert 'href="/health/"' in html


def test_comments_are_shown_to_staff_as_escaped_text_without_authors(
    learner_client, alice, client, staff
):
    learner_client.post(FEEDBACK_URL, {"difficulty": "3", "comment": "<script>x()</script>"})
    client.force_login(staff)
    html = client.get("/health/").content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<script>x()" not in html
    assert "alice" not in html


def test_csv_exports(learner_client, client, staff):
    learner_client.post(FEEDBACK_URL, {"difficulty": "3", "comment": "=HYPERLINK(1)"})
    client.force_login(staff)
    lessons = client.get("/health/go/lessons.csv")
    assert lessons["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(lessons.content.decode())))
    first = next(row for row in rows if row["lesson"] == "01-first")
    assert (first["ratings"], first["mean_difficulty"]) == ("1", "3.0")
    comments = list(csv.reader(io.StringIO(client.get("/health/go/comments.csv").content.decode())))
    assert comments[1][4] == "'=HYPERLINK(1)"  # never run as a formula
    assert client.get("/health/go/questions.csv").status_code == 200
    assert client.get("/health/go/nothing.csv").status_code == 404


def test_svg_labels_are_escaped():
    chart = funnel([("<b>&", 3, 1)])
    assert "&lt;b&gt;&amp;" in chart and "<b>" not in chart
    assert 'aria-label="&quot;&gt;"' in sparkline([[1, 2], [0, 1]], '">')
    assert sparkline([[1]], "one point") == ""
