"""Hostile markdown in posts, queries per page, and the header's badge for new answers."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from discussions.queries import unseen_answer_count
from tests.discussions.conftest import ask, reply

HOSTILE = [
    "<script>alert('body')</script>",
    "<img src=x onerror=alert('img')>",
    "[click me](javascript:alert('link'))",
    "[tabbed](jav&#x09;ascript:alert('entity'))",
    "[encoded](%6Aavascript:alert('percent'))",
    "![pixel](javascript:alert('image'))",
    "<a href=\"javascript:alert('raw')\">raw link</a>",
    "<div onmouseover=\"alert('div')\">hover</div>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]
HOSTILE_CODE = "</textarea><script>alert('code')</script>\"><img src=x onerror=alert(1)>"


class ActiveContent(HTMLParser):
    """Collects what a browser would run: inline scripts, on* attributes, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.found.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.found.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("attack", HOSTILE)
def test_hostile_markdown_in_a_post_is_rendered_inert(client, lesson, asker, helper, attack):
    thread = ask(asker, lesson, title=attack, body=attack, code=HOSTILE_CODE)
    reply(helper, thread, body=attack, code=HOSTILE_CODE)
    client.force_login(helper)
    pages = [
        client.get(thread.get_absolute_url()).content.decode(),
        client.get(
            reverse("discussions:lesson", args=[lesson.course.slug, lesson.slug])
        ).content.decode(),
        client.get(reverse("discussions:code", args=[thread.question.pk])).content.decode(),
        client.get(reverse("discussions:edit", args=[thread.question.pk])).content.decode(),
    ]
    for page in pages:
        assert active_content(page) == []
    thread_page = pages[0]
    assert "<script>alert" not in thread_page and "<img src=x" not in thread_page
    assert "<div onmouseover" not in thread_page


def test_the_inert_checker_sees_active_content():
    assert active_content(
        '<a href="javascript:x()">a</a><img src=x onerror=y()><script>z</script>'
    ) == [
        "a href=javascript:x()",
        "img onerror=y()",
        "inline <script>",
    ]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        response.content  # noqa: B018 - render fully
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("viewer", ["anonymous", "asker", "helper", "instructor"])
def test_a_thread_page_costs_the_same_queries_for_1_or_20_answers(
    client, lesson, asker, helper, instructor, django_user_model, viewer
):
    people = [helper, instructor] + [
        django_user_model.objects.create_user(f"learner{n}") for n in range(5)
    ]
    small, large = ask(asker, lesson, title="Small"), ask(asker, lesson, title="Large")
    reply(helper, small, code="package main\n\nfunc main() {}")
    for n in range(20):
        answer = reply(people[n % len(people)], large, code="package main" if n % 2 else "")
        if n % 3 == 0:
            answer.votes.create(user=asker)
        if n % 4 == 0:
            answer.flags.create(user=asker)
    large.accepted = answer
    large.save()
    if viewer != "anonymous":
        client.force_login(locals()[viewer])
    client.get(small.get_absolute_url())  # first visits may mark answers seen
    client.get(large.get_absolute_url())
    one = queries_for(client, small.get_absolute_url())
    twenty = queries_for(client, large.get_absolute_url())
    assert one == twenty, f"{one} queries for 1 answer, {twenty} for 20"
    assert twenty <= 12


def test_a_discussion_page_costs_the_same_queries_for_1_or_20_threads(
    client, lesson, asker, helper, settings
):
    settings.DISCUSSION_POSTS_PER_HOUR = 100
    client.force_login(helper)
    url = reverse("discussions:lesson", args=[lesson.course.slug, lesson.slug])
    reply(helper, ask(asker, lesson, title="First"))
    one = queries_for(client, url)
    for n in range(19):
        ask(asker, lesson, title=f"Question {n}", section="next" if n % 2 else "printing")
    assert queries_for(client, url) == one


def test_the_asker_sees_a_badge_until_they_read_the_new_answer(client, thread, asker, helper):
    client.force_login(asker)
    assert 'class="nav-answers"' not in client.get("/").content.decode()
    reply(asker, thread, body="Still stuck.")  # their own words are never news to them
    assert 'class="nav-answers"' not in client.get("/").content.decode()

    reply(helper, thread)
    home = client.get("/").content.decode()
    assert (
        'class="nav-answers"' in home
        and '>1<span class="quiz-sr"> question with new answers' in home
    )
    mine = client.get(reverse("discussions:mine")).content.decode()
    assert "New answers" in mine and thread.title in mine

    client.get(thread.get_absolute_url())
    assert 'class="nav-answers"' not in client.get("/").content.decode()
    client.force_login(helper)
    assert 'class="nav-answers"' not in client.get("/").content.decode()


def test_the_badge_costs_one_query(thread, asker, helper):
    reply(helper, thread)
    with CaptureQueriesContext(connection) as captured:
        assert unseen_answer_count(asker) == 1
    assert len(captured.captured_queries) == 1
