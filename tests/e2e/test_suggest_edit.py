"""From reading to contributing in one click (issue 14, point 1): "Suggest an edit" on
lesson, exercise and quiz pages opens that very file in the course repository."""

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import sign_up

pytestmark = pytest.mark.browser

# GitHub cannot be reached from here: the browser's requests to it are answered locally.
REPOSITORY = "https://github.com/gocourse/course"


@pytest.fixture
def repository(page: Page, settings) -> list[str]:
    settings.COURSE_REPOSITORY_URL = REPOSITORY
    settings.COURSE_REPOSITORY_BRANCH = "main"
    settings.COURSE_CONTENT_PATH = "content"
    opened: list[str] = []

    def answer(route: Route) -> None:
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>GitHub</title>")

    page.route("https://github.com/**", answer)
    return opened


def follow(page: Page) -> str:
    page.get_by_role("link", name="Suggest an edit").click()
    page.wait_for_url("https://github.com/**")
    return page.url


@pytest.mark.parametrize(
    ("address", "file"),
    [
        ("/learn/go/01-hello-go/", "go/lessons/01-hello-go/lesson.md"),
        (
            "/learn/go/01-hello-go/exercises/greeting/",
            "go/lessons/01-hello-go/exercises/greeting/exercise.md",
        ),
    ],
)
def test_suggest_an_edit_opens_the_pages_file_in_the_repository(
    page: Page, course, repository, address, file
):
    assert (course / file).is_file()
    page.goto(address)
    assert follow(page) == f"{REPOSITORY}/edit/main/content/{file}"
    assert repository == [page.url]


def test_the_quiz_and_its_questions_link_to_the_quiz_file(page: Page, course, repository):
    quiz = f"{REPOSITORY}/edit/main/content/go/lessons/01-hello-go/quiz.md"
    assert (course / "go/lessons/01-hello-go/quiz.md").is_file()
    sign_up(page, "quizzer")
    page.goto("/quiz/go/01-hello-go/")
    assert follow(page) == quiz
    page.go_back()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#question-title")).to_be_visible()
    assert follow(page) == quiz


def test_the_leaderboard_links_the_contributors_guide_and_the_repository(
    page: Page, course, repository
):
    page.goto("/community/leaderboard/")
    page.get_by_role("link", name="CONTRIBUTING.md").click()
    page.wait_for_url(f"{REPOSITORY}/blob/main/CONTRIBUTING.md")
    page.go_back()
    page.get_by_role("link", name="the course repository").click()
    page.wait_for_url(REPOSITORY)


def test_without_a_repository_there_is_no_edit_link(page: Page, course, settings):
    settings.COURSE_REPOSITORY_URL = ""
    page.goto("/learn/go/01-hello-go/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Go")
    expect(page.get_by_role("link", name="Suggest an edit")).to_have_count(0)
