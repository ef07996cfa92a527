"""Flags, staff hiding and restoring posts, and the posting limit."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from discussions import posting
from discussions.models import Flag, Post
from tests.discussions.conftest import ask, reply

HTMX = {"HTTP_HX_REQUEST": "true"}


def moderate(client, post, action, **extra):
    return client.post(reverse("discussions:moderate", args=[post.pk]), {"action": action}, **extra)


def test_a_flag_reaches_staff_once_per_user(client, thread, helper, instructor):
    answer = reply(helper, thread, body="Buy cheap watches")
    client.force_login(thread.author)
    flag = reverse("discussions:flag", args=[answer.pk])
    html = client.post(flag, **HTMX).content.decode()
    assert "You flagged this for staff" in html
    client.post(flag)
    assert Flag.objects.filter(post=answer).count() == 1

    client.force_login(instructor)
    queue = client.get(reverse("discussions:flagged")).content.decode()
    assert "Buy cheap watches" in queue and "Flagged 1×" in queue
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Flagged 1×" in page


def test_nobody_flags_their_own_post(client, thread):
    client.force_login(thread.author)
    assert client.post(reverse("discussions:flag", args=[thread.question.pk])).status_code == 403


def test_only_staff_moderate(client, thread, helper):
    answer = reply(helper, thread)
    client.force_login(thread.author)
    assert moderate(client, answer, "hide").status_code == 403
    assert client.get(reverse("discussions:flagged")).status_code == 403
    answer.refresh_from_db()
    assert answer.hidden_at is None


def test_a_hidden_answer_is_seen_only_by_staff_and_its_author(
    client, thread, helper, instructor, django_user_model
):
    answer = reply(helper, thread, body="Something rude")
    Flag.objects.create(post=answer, user=thread.author)
    client.force_login(instructor)
    html = moderate(client, answer, "hide", **HTMX).content.decode()
    assert "Hidden by staff" in html and "Restore" in html
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert answer.hidden_by == instructor and thread.answer_count == 0
    assert Flag.objects.get().resolved_at is not None
    staff_page = client.get(thread.get_absolute_url()).content.decode()
    assert "Something rude" in staff_page and "Hidden by staff</span>" in staff_page

    client.force_login(thread.author)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Something rude" not in page and "0 answers" in page
    assert client.get(reverse("discussions:post", args=[answer.pk])).status_code == 404
    assert client.get(reverse("discussions:code", args=[answer.pk])).status_code == 404
    client.logout()
    assert "Something rude" not in client.get(thread.get_absolute_url()).content.decode()

    client.force_login(helper)
    own = client.get(thread.get_absolute_url()).content.decode()
    assert "Something rude" in own and "Hidden by staff: only you and staff see it" in own

    client.force_login(instructor)
    moderate(client, answer, "restore")
    client.force_login(thread.author)
    assert "Something rude" in client.get(thread.get_absolute_url()).content.decode()


def test_a_hidden_question_takes_its_thread_out_of_sight(client, lesson, asker, helper, instructor):
    thread = ask(asker, lesson, title="Spam spam spam")
    client.force_login(instructor)
    moderate(client, thread.question, "hide")
    listing = reverse("discussions:lesson", args=[lesson.course.slug, lesson.slug])
    assert "Spam spam spam" in client.get(listing).content.decode()

    client.force_login(helper)
    assert "Spam spam spam" not in client.get(listing).content.decode()
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("discussions:answer", args=[thread.pk]), {"body": "x"}).status_code
        == 404
    )
    assert "1 question" not in client.get(lesson.get_absolute_url()).content.decode()

    client.force_login(asker)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_new_accounts_post_three_times_an_hour(client, lesson, django_user_model, settings):
    settings.DISCUSSION_NEW_ACCOUNT_POSTS_PER_HOUR = 3
    newcomer = django_user_model.objects.create_user("newcomer", password="x")
    client.force_login(newcomer)
    url = reverse("discussions:lesson", args=[lesson.course.slug, lesson.slug])
    data = {"section": "printing", "title": "Why?", "body": "Because."}
    for _ in range(3):
        assert client.post(url, data).status_code == 302
    refused = client.post(url, data)
    assert refused.status_code == 429
    assert "the most allowed for now" in refused.content.decode()
    assert "Because." in refused.content.decode()  # the text is kept in the form
    assert Post.objects.count() == 3


def test_settled_accounts_post_ten_times_an_hour_and_deleting_gives_none_back(
    lesson, asker, settings
):
    settings.DISCUSSION_POSTS_PER_HOUR = 10
    thread = ask(asker, lesson)
    for _ in range(8):
        reply(asker, thread)
    posting.delete(reply(asker, thread))
    try:
        reply(asker, thread)
    except posting.PostingRefused as refused:
        assert refused.limit == 10
    else:
        raise AssertionError("the eleventh post in an hour went through")
    Post.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    reply(asker, thread)


def test_staff_post_without_limit(lesson, instructor, settings):
    settings.DISCUSSION_POSTS_PER_HOUR = 1
    settings.DISCUSSION_NEW_ACCOUNT_POSTS_PER_HOUR = 1
    thread = ask(instructor, lesson)
    for _ in range(3):
        reply(instructor, thread)
    assert Post.objects.count() == 4


def test_an_answer_over_the_limit_is_refused_in_place(client, thread, helper, settings):
    settings.DISCUSSION_POSTS_PER_HOUR = 1
    client.force_login(helper)
    url = reverse("discussions:answer", args=[thread.pk])
    assert client.post(url, {"body": "One"}, **HTMX).status_code == 200
    response = client.post(url, {"body": "Two"}, **HTMX)
    assert response.status_code == 429
    assert 'role="alert"' in response.content.decode()


def test_the_admin_hides_and_restores_through_moderation(client, thread, helper, django_user_model):
    answer = reply(helper, thread)
    admin = django_user_model.objects.create_superuser("root", password="x", is_staff=True)
    client.force_login(admin)
    changelist = reverse("admin:discussions_post_changelist")
    data = {"action": "hide_posts", "_selected_action": [answer.pk]}
    assert client.post(changelist, data).status_code == 302
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert answer.hidden_by == admin and thread.answer_count == 0
    client.post(changelist, {"action": "restore_posts", "_selected_action": [answer.pk]})
    thread.refresh_from_db()
    assert thread.answer_count == 1
