import pytest

from gocourse.celery import app as celery_app
from tests.community.github import SECRET


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.GITHUB_WEBHOOK_SECRET = SECRET
    settings.GITHUB_REPOSITORY = ""
    settings.COMMUNITY_DAILY_POINTS_CAP = 120


@pytest.fixture(autouse=True)
def eager_celery():
    # Tasks run in the test thread; the real-worker path is the grader's pipeline tests'.
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False
