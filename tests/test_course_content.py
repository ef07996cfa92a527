"""The real course, checked the way a reviewer would: every example runs and prints what
the lesson says, every exercise's solution passes and starter fails, every quiz program
prints its stated output."""

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = [pytest.mark.docker, pytest.mark.redis]


def test_the_whole_course_passes_check_content(capsys):
    call_command("check_content", content_dir=settings.BASE_DIR / "content", jobs=2)
    out = capsys.readouterr().out
    assert "Content OK" in out
    assert "FAILED" not in out


@pytest.mark.django_db
def test_every_lesson_exercise_and_quiz_page_of_the_course_renders(client, alice, settings):
    from content_pipeline.autosync import sync_and_record
    from courses.models import Exercise, Lesson

    root = settings.BASE_DIR / "content"
    assert sync_and_record(root)[1] == []
    client.force_login(alice)
    lessons = Lesson.objects.available()
    assert lessons.count() == 17
    for lesson in lessons:
        page = client.get(lesson.get_absolute_url()).content.decode()
        assert page.count('class="go-editor"') >= 3, lesson
        assert "Practice" in page, lesson
        quiz = client.get(f"/quiz/{lesson.course.slug}/{lesson.slug}/")
        assert quiz.status_code == 200, lesson
    for exercise in Exercise.objects.listed():
        page = client.get(exercise.get_absolute_url()).content.decode()
        assert "Submit for grading" in page, exercise
        for name in exercise.starter_files:
            assert f'data-file="{name}"' in page, exercise
        assert "if got :=" not in page or "if got :=" in "".join(exercise.starter_files.values())
