"""The discussions' figures on the course-health dashboard, its rule and its CSV."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions import moderation, posting
from discussions.models import Post, Thread
from health.lessons import lesson_health
from health.wanted import lessons_needing_help
from tests.discussions.conftest import ask, reply

NOW = timezone.now()


def asked_at(thread: Thread, hours_ago: float) -> Thread:
    when = NOW - dt.timedelta(hours=hours_ago)
    Thread.objects.filter(pk=thread.pk).update(created_at=when, asker_seen_at=when)
    Post.objects.filter(pk=thread.question_id).update(created_at=when)
    thread.refresh_from_db()
    return thread


def answered_at(thread: Thread, user, hours_ago: float) -> None:
    answer = reply(user, thread)
    Post.objects.filter(pk=answer.pk).update(created_at=NOW - dt.timedelta(hours=hours_ago))
    posting.refresh_thread(thread)


@pytest.fixture
def discussed(lesson, asker, helper, instructor, django_user_model, settings):
    """Five questions that count on lesson 01-first, and two that do not."""
    settings.DISCUSSION_POSTS_PER_HOUR = 100
    carol = django_user_model.objects.create_user("carol")
    answered_at(asked_at(ask(asker, lesson, title="Q1"), 72), helper, 70)  # 2 h
    asked_at(ask(carol, lesson, title="Q2"), 50)  # waiting too long
    asked_at(ask(asker, lesson, title="Q3"), 1)  # waiting, not long yet
    answered_at(
        asked_at(ask(carol, lesson, title="Q4", section="next"), 100), instructor, 94
    )  # 6 h
    deleted = asked_at(ask(carol, lesson, title="Q5"), 60)
    posting.delete(deleted.question)  # asked, but waits for nothing
    ask(instructor, lesson, title="Staff trying")  # staff do not count
    spam = ask(carol, lesson, title="Spam")
    moderation.hide(instructor, spam.question)  # hidden questions do not count
    return lesson


def entry_for(lesson):
    return next(e for e in lesson_health(lesson.course, now=NOW) if e.lesson == lesson)


def test_questions_per_lesson_and_section(discussed):
    entry = entry_for(discussed)
    assert (entry.questions, entry.questions_unanswered) == (5, 1)
    assert entry.median_first_answer == dt.timedelta(hours=4)
    sections = {
        s.anchor: (s.title, s.asked, s.unanswered, s.median_first_answer)
        for s in entry.question_sections
    }
    assert sections == {
        "printing": ("Printing", 4, 1, dt.timedelta(hours=2)),
        "next": ("Next", 1, 0, dt.timedelta(hours=6)),
    }
    assert [s.anchor for s in entry.question_sections] == ["printing", "next"]  # lesson order


def test_a_section_with_many_questions_trips_the_confusing_rule(discussed, settings):
    flag = entry_for(discussed).flags[0]
    assert flag.rule == "confusing" and flag.action == "Add scaffolding"
    assert "learners keep asking about “Printing” (4)" in flag.detail
    assert flag.asked_sections == ["Printing"]
    settings.HEALTH_SECTION_QUESTIONS = 5
    assert entry_for(discussed).flags == []


def test_contributors_are_asked_to_help_where_questions_keep_coming(discussed):
    wanted = lessons_needing_help(5)
    assert wanted[0].lesson == discussed
    assert wanted[0].reason == "Add scaffolding: learners keep asking about “Printing”"


def test_the_dashboard_and_its_csv_show_the_figures(discussed, client, instructor):
    client.force_login(instructor)
    page = client.get(reverse("health_dashboard")).content.decode()
    assert 'id="discussion-01-first"' in page
    row = page[page.index('id="discussion-01-first"') :]
    assert '<td data-metric="questions">5</td>' in row
    assert '<td data-metric="unanswered">1</td>' in row
    assert '<td data-metric="median-first-answer">4.0 h</td>' in row
    assert "raises 3 questions or more" in page

    lessons = client.get(reverse("health_export", args=["go", "lessons"])).content.decode()
    rows = {row["lesson"]: row for row in csv.DictReader(io.StringIO(lessons))}
    first = rows["01-first"]
    assert (first["questions"], first["questions_unanswered_over_48h"]) == ("5", "1")
    assert first["median_hours_to_first_answer"] == "4.0"
    assert first["question_sections"] == "Printing (4); Next (1)"
    assert rows["02-second"]["questions"] == "0"

    sections = client.get(reverse("health_export", args=["go", "discussion"])).content.decode()
    assert list(csv.reader(io.StringIO(sections))) == [
        ["lesson", "section", "section_title", "questions", "questions_unanswered_over_48h",
         "median_hours_to_first_answer"],
        ["01-first", "printing", "Printing", "4", "1", "2.0"],
        ["01-first", "next", "Next", "1", "0", "6.0"],
    ]  # fmt: skip
