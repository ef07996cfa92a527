"""Asking, answering, accepting, voting, editing and deleting, through the pages."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from discussions.models import Post, Thread, Vote
from tests.discussions.conftest import ask, reply

HTMX = {"HTTP_HX_REQUEST": "true"}


def discussion_url(lesson, section=""):
    url = reverse("discussions:lesson", args=[lesson.course.slug, lesson.slug])
    return f"{url}?section={section}" if section else url


def test_a_learner_asks_about_a_section_and_lands_on_the_thread(client, lesson, asker):
    client.force_login(asker)
    page = client.get(discussion_url(lesson, "printing"))
    assert '<option value="printing" selected>Printing</option>' in page.content.decode()

    response = client.post(
        discussion_url(lesson),
        {"section": "printing", "title": "Why  a space?", "body": "See **this**.", "code": ""},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert (thread.section, thread.section_title, thread.title) == (
        "printing",
        "Printing",
        "Why a space?",
    )
    assert thread.question.body == "See **this**." and thread.question.is_question
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<strong>this</strong>" in page and "Question by alice" in page


def test_a_question_names_one_of_the_lessons_sections(client, lesson, asker):
    client.force_login(asker)
    response = client.post(
        discussion_url(lesson), {"section": "nowhere", "title": "Hm?", "body": "Hm."}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Thread.objects.exists()


def test_visitors_read_questions_but_are_sent_to_log_in_to_post(client, thread):
    page = client.get(discussion_url(thread.lesson)).content.decode()
    assert thread.title in page and "Log in</a> or" in page
    response = client.post(discussion_url(thread.lesson), {"title": "x", "body": "y"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(reverse("discussions:answer", args=[thread.pk]), {"body": "y"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert Post.objects.count() == 1


def test_threads_list_unanswered_first_then_newest(client, lesson, asker, helper):
    old = ask(asker, lesson, title="Old unanswered")
    answered = ask(asker, lesson, title="Newer but answered")
    reply(helper, answered)
    new = ask(asker, lesson, title="Newest unanswered", section="next")
    page = client.get(discussion_url(lesson)).content.decode()
    assert page.index(new.title) < page.index(old.title) < page.index(answered.title)
    only_next = client.get(discussion_url(lesson, "next")).content.decode()
    assert new.title in only_next and old.title not in only_next


def test_an_answer_by_the_asker_alone_leaves_the_question_unanswered(thread, asker, helper):
    reply(asker, thread, body="Anyone?")
    thread.refresh_from_db()
    assert thread.answer_count == 1 and thread.first_answer_at is None
    answer = reply(helper, thread)
    thread.refresh_from_db()
    assert thread.first_answer_at == answer.created_at


def test_the_lesson_page_shows_each_sections_questions_beside_its_heading(client, lesson, asker):
    ask(asker, lesson)
    ask(asker, lesson, title="Another one?")
    page = client.get(lesson.get_absolute_url()).content.decode()
    printing = discussion_url(lesson, "printing")
    assert (
        f'<a class="section-questions" href="{printing.replace("&", "&amp;")}" '
        'aria-label="2 questions about Printing">2 questions</a></h2>'
    ) in page
    assert f'<a class="section-ask" href="{discussion_url(lesson, "next")}"' in page
    assert "Learners asked 2 questions about this lesson" in page


def test_anyone_signed_in_answers_and_staff_answers_are_marked(client, thread, helper, instructor):
    client.force_login(helper)
    response = client.post(reverse("discussions:answer", args=[thread.pk]), {"body": "Because."})
    answer = Post.objects.get(is_question=False)
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{answer.pk}")
    client.force_login(instructor)
    client.post(reverse("discussions:answer", args=[thread.pk]), {"body": "Indeed."})
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.count('class="badge badge-staff"') == 1
    assert 'Answer by sam</h3>\n    <span class="badge badge-staff">Staff</span>' in page
    assert "2 answers" in page


def test_only_the_asker_or_staff_accept_an_answer(client, thread, asker, helper, instructor):
    answer = reply(helper, thread)
    accept = reverse("discussions:accept", args=[thread.pk])

    client.force_login(helper)
    assert client.post(accept, {"answer": answer.pk}).status_code == 403
    assert "Accept this answer" not in client.get(thread.get_absolute_url()).content.decode()
    thread.refresh_from_db()
    assert thread.accepted is None

    client.force_login(asker)
    assert "Accept this answer" in client.get(thread.get_absolute_url()).content.decode()
    assert client.post(accept, {"answer": answer.pk}).status_code == 302
    thread.refresh_from_db()
    assert thread.accepted == answer
    assert (
        'class="badge badge-accepted">Accepted answer'
        in client.get(thread.get_absolute_url()).content.decode()
    )

    client.force_login(instructor)
    client.post(accept, {"answer": ""})
    thread.refresh_from_db()
    assert thread.accepted is None


def test_a_question_is_not_an_answer_to_accept(client, thread, asker):
    client.force_login(asker)
    response = client.post(
        reverse("discussions:accept", args=[thread.pk]), {"answer": thread.question.pk}
    )
    assert response.status_code == 403


def test_a_helpful_vote_toggles_and_counts_once_per_user(client, thread, helper, instructor):
    answer = reply(helper, thread)
    vote = reverse("discussions:vote", args=[answer.pk])
    client.force_login(instructor)
    response = client.post(vote, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="post-actions">')
    assert 'aria-pressed="true">Helpful <span class="post-votes">1</span>' in html
    assert Vote.objects.filter(post=answer).count() == 1
    html = client.post(vote, **HTMX).content.decode()
    assert 'aria-pressed="false">Helpful <span class="post-votes">0</span>' in html
    assert not Vote.objects.exists()


def test_the_database_refuses_a_second_vote(thread, helper, instructor):
    answer = reply(helper, thread)
    Vote.objects.create(post=answer, user=instructor)
    with pytest.raises(IntegrityError):
        Vote.objects.create(post=answer, user=instructor)


def test_nobody_votes_for_their_own_answer(client, thread, helper):
    answer = reply(helper, thread)
    client.force_login(helper)
    assert client.post(reverse("discussions:vote", args=[answer.pk])).status_code == 403


def test_an_edited_post_says_so_and_only_its_author_edits(client, thread, asker, helper):
    edit = reverse("discussions:edit", args=[thread.question.pk])
    client.force_login(helper)
    assert client.post(edit, {"title": "Mine now", "body": "x"}).status_code == 403
    client.force_login(asker)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"title": "Why the space, really?", "body": "Edited text."})
    assert response.status_code == 302
    thread.refresh_from_db()
    question = thread.question
    assert thread.title == "Why the space, really?" and question.body == "Edited text."
    assert question.edited_at is not None
    assert 'class="post-edited"' in client.get(thread.get_absolute_url()).content.decode()


def test_editing_in_place_returns_the_form_then_the_post(client, thread, asker):
    client.force_login(asker)
    edit = reverse("discussions:edit", args=[thread.question.pk])
    form = client.get(edit, **HTMX).content.decode()
    assert form.lstrip().startswith('<div class="post post-edit"') and "<html" not in form
    saved = client.post(
        edit, {"title": thread.title, "body": "New words."}, **HTMX
    ).content.decode()
    assert saved.lstrip().startswith("<article") and "New words." in saved and "edited" in saved


def test_deleting_leaves_a_tombstone_and_withdraws_acceptance(client, thread, asker, helper):
    answer = reply(helper, thread, body="A secret")
    thread.accepted = answer
    thread.save()
    client.force_login(helper)
    response = client.post(reverse("discussions:delete", args=[answer.pk]), **HTMX)
    assert "Deleted by its author." in response.content.decode()
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert answer.deleted_at is not None and answer.body == ""
    assert thread.accepted is None and thread.answer_count == 0 and thread.first_answer_at is None
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Deleted by its author." in page and "A secret" not in page
    assert (
        client.post(reverse("discussions:edit", args=[answer.pk]), {"body": "back"}).status_code
        == 403
    )


def test_answering_with_htmx_returns_the_thread_with_the_new_answer_focused(client, thread, helper):
    client.force_login(helper)
    response = client.post(
        reverse("discussions:answer", args=[thread.pk]), {"body": "Try `Print`."}, **HTMX
    )
    html = response.content.decode()
    answer = Post.objects.get(is_question=False)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="thread-body"')
    assert (
        f'id="post-{answer.pk}" aria-labelledby="post-{answer.pk}-by" tabindex="-1" autofocus'
        in html
    )
    assert "<code>Print</code>" in html and "Your answer is posted." in html


def test_an_empty_answer_is_refused_with_a_message(client, thread, helper):
    client.force_login(helper)
    response = client.post(reverse("discussions:answer", args=[thread.pk]), {"body": "  "}, **HTMX)
    assert response.status_code == 400
    assert "Write a few words." in response.content.decode()


def test_a_snippet_opens_in_a_runnable_editor(client, lesson, asker):
    code = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi", "<b>")\n}'
    thread = ask(asker, lesson, code=code)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert '<figure class="post-code">' in page and "Open in an editor" in page
    assert "&lt;b&gt;" in page and "<b>" not in page
    url = reverse("discussions:code", args=[thread.question.pk])
    fragment = client.get(url, **HTMX).content.decode()
    assert fragment.lstrip().startswith('<div class="post-code post-code-editor"')
    assert f'data-run-url="{reverse("run_code")}"' in fragment and "data-edits-key=" in fragment
    assert 'class="go-editor"' in fragment and "go-editor-run" in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and 'class="go-editor"' in page


def test_the_lesson_discussion_404s_for_a_planned_lesson(client, synced_content):
    response = client.get(reverse("discussions:lesson", args=["go", "03-planned"]))
    assert response.status_code == 404


def test_accepting_something_that_is_not_an_answer_id_is_a_bad_request(client, thread, asker):
    client.force_login(asker)
    url = reverse("discussions:accept", args=[thread.pk])
    assert client.post(url, {"answer": "abc"}).status_code == 400
    assert client.post(url, {"answer": "999999"}).status_code == 404
