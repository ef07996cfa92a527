import os

from celery import Celery

from grader.engine_watch import EngineWatch

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocourse.settings")

app = Celery("gocourse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# A worker whose Docker engine does not answer stops taking learners' code until it does.
app.steps["consumer"].add(EngineWatch)
