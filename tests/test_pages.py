import re

import pytest
from django.urls import reverse

from courses.models import Lesson, LessonProgress

pytestmark = pytest.mark.django_db

LESSON_ONE_URL = "/learn/go/01-first/"


def test_home_lists_every_lesson_with_planned_ones_marked(client, synced_content):
    page = client.get("/").content.decode()
    assert "Test Go" in page
    for title in ("First steps", "Second steps", "Extra one"):
        assert title in page
    assert re.search(r"Planned lesson</span>.*?Coming soon", page, re.S)
    assert f'href="{LESSON_ONE_URL}"' in page


def test_lesson_page_shows_highlighted_code_in_an_editor_toc_and_next(client, synced_content):
    page = client.get(LESSON_ONE_URL).content.decode()
    assert "<h1>First steps</h1>" in page
    assert 'class="go-editor"' in page
    assert "<textarea" in page and "hello, first" in page
    assert '<span class="kd">func</span>' in page
    assert 'href="#printing"' in page
    assert 'rel="next" href="/learn/go/02-second/"' in page


def test_anonymous_reader_is_invited_to_sign_up_and_cannot_complete(client, synced_content):
    page = client.get(LESSON_ONE_URL).content.decode()
    assert "to save your progress" in page
    response = client.post(LESSON_ONE_URL + "complete/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not LessonProgress.objects.exists()


def test_visiting_a_lesson_records_it_as_started(client, synced_content, alice):
    client.force_login(alice)
    client.get(LESSON_ONE_URL)
    client.get(LESSON_ONE_URL)
    progress = LessonProgress.objects.get(user=alice, lesson__slug="01-first")
    assert progress.visits == 2
    assert progress.completed_at is None


def test_completing_a_lesson_moves_to_the_next_and_shows_on_progress(client, synced_content, alice):
    client.force_login(alice)
    response = client.post(LESSON_ONE_URL + "complete/")
    assert response["Location"] == "/learn/go/02-second/"
    progress_page = client.get("/progress/").content.decode()
    assert "1 of 3 lessons complete" in progress_page
    assert re.search(r"First steps</a>.*?Completed", progress_page, re.S)
    assert re.search(r"Second steps</a>.*?Not started", progress_page, re.S)


def test_completing_can_be_undone(client, synced_content, alice):
    client.force_login(alice)
    client.post(LESSON_ONE_URL + "complete/")
    client.post(LESSON_ONE_URL + "complete/", {"undo": "1"})
    assert LessonProgress.objects.get(user=alice).completed_at is None


def test_completing_requires_post(client, synced_content, alice):
    client.force_login(alice)
    assert client.get(LESSON_ONE_URL + "complete/").status_code == 405


def test_completion_needs_a_csrf_token(synced_content, alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post(LESSON_ONE_URL + "complete/").status_code == 403


def test_my_progress_needs_login(client, synced_content):
    response = client.get("/progress/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_planned_lesson_page_says_coming_soon(client, synced_content):
    page = client.get("/learn/go/03-planned/").content.decode()
    assert "Coming soon" in page
    assert 'class="go-editor"' not in page


def test_unknown_lesson_is_404(client, synced_content):
    assert client.get("/learn/go/99-nope/").status_code == 404


def test_signup_logs_the_learner_in(client, synced_content):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "newbie",
            "password1": "a long pass phrase 42",
            "password2": "a long pass phrase 42",
        },
    )
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Log out" in page and "newbie" in page


def test_signup_rejects_mismatched_passwords(client, synced_content):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "newbie",
            "password1": "a long pass phrase 42",
            "password2": "other phrase 43",
        },
    )
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()


def test_boosted_navigation_gets_only_the_page_body(client, synced_content):
    response = client.get(LESSON_ONE_URL, headers={"HX-Request": "true", "HX-Boosted": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert '<main id="main"' in page
    assert 'hx-swap-oob="true"' in page
    assert "<title>First steps · gocourse</title>" in page
    assert "HX-Request" in response["Vary"]


def test_full_page_without_htmx(client, synced_content):
    page = client.get(LESSON_ONE_URL).content.decode()
    assert page.startswith("<!doctype html>")
    assert "htmx" in page


def test_admin_lists_lessons_and_progress_for_staff_only(client, synced_content, alice, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(alice)
    assert client.get("/admin/courses/lesson/").status_code == 302
    client.force_login(staff)
    page = client.get("/admin/courses/lesson/").content.decode()
    assert "First steps" in page
    lesson = Lesson.objects.get(slug="01-first")
    LessonProgress.objects.create(user=alice, lesson=lesson)
    assert "alice" in client.get("/admin/courses/lessonprogress/").content.decode()
