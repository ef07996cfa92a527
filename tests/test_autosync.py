import pytest

from courses.models import ContentState
from tests.conftest import LESSON_ONE, write

pytestmark = pytest.mark.django_db

URL = "/learn/go/01-first/"


@pytest.fixture
def live_content(synced_content, settings):
    settings.CONTENT_AUTO_SYNC = True
    return synced_content


def test_an_edited_lesson_shows_on_the_next_request(client, live_content):
    assert "Some <strong>bold</strong> text." in client.get(URL).content.decode()
    write(live_content / "go/lessons/01-first/lesson.md", LESSON_ONE.replace("bold", "fresh"))
    assert "Some <strong>fresh</strong> text." in client.get(URL).content.decode()


def test_a_broken_edit_keeps_the_last_good_version_and_names_file_and_line(
    client, live_content, settings
):
    settings.DEBUG = True
    broken = LESSON_ONE.replace("minutes: 10", "minutes: ten")
    write(live_content / "go/lessons/01-first/lesson.md", broken)
    page = client.get(URL).content.decode()
    assert "Some <strong>bold</strong> text." in page
    assert "go/lessons/01-first/lesson.md:5: &#x27;minutes&#x27; must be a whole number" in page
    assert "keeps serving the last good version" in page


def test_content_errors_are_shown_to_staff_only_in_production(
    client, live_content, settings, alice, staff
):
    settings.DEBUG = False
    write(live_content / "go/course.yaml", "title: [broken\n")
    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert "First steps" in page
    assert "go/course.yaml:" not in page
    client.force_login(staff)
    assert "go/course.yaml:" in client.get(URL).content.decode()


def test_fixing_the_error_clears_the_banner(client, live_content, settings):
    settings.DEBUG = True
    lesson = live_content / "go/lessons/01-first/lesson.md"
    write(lesson, "broken\n")
    assert "problem" in client.get(URL).content.decode()
    write(lesson, LESSON_ONE.replace("bold", "mended"))
    page = client.get(URL).content.decode()
    assert "mended" in page
    assert "content-errors" not in page
    assert ContentState.current().errors == []


def test_unchanged_files_do_not_resync(client, live_content, django_assert_max_num_queries):
    client.get(URL)
    with django_assert_max_num_queries(12):
        client.get(URL)
