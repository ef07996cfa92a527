import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from courses.models import Lesson
from discussions import posting
from discussions.models import Post, Thread


@pytest.fixture
def lesson(synced_content) -> Lesson:
    """Lesson 01-first of the test course: sections "printing" and "next"."""
    return Lesson.objects.select_related("course").get(slug="01-first")


def settled(user: User) -> User:
    """An account old enough for the usual posting limit."""
    user.date_joined = timezone.now() - dt.timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


@pytest.fixture
def asker(db) -> User:
    return settled(User.objects.create_user("alice", password="correct horse battery"))


@pytest.fixture
def helper(db) -> User:
    return settled(User.objects.create_user("bob", password="correct horse battery"))


@pytest.fixture
def instructor(db) -> User:
    return User.objects.create_user("sam", password="staff horse battery", is_staff=True)


def ask(
    user: User,
    lesson: Lesson,
    title="Why does Println add a space?",
    section="printing",
    body="I expected no space.",
    code="",
) -> Thread:
    titles = {entry["anchor"]: entry["text"] for entry in lesson.toc}
    data = {"section": section, "title": title, "body": body, "code": code}
    return posting.ask(user, lesson, data, titles.get(section, ""))


def reply(
    user: User, thread: Thread, body="Println puts spaces between operands.", code=""
) -> Post:
    return posting.answer(user, thread, {"body": body, "code": code})


@pytest.fixture
def thread(lesson, asker) -> Thread:
    return ask(asker, lesson)
