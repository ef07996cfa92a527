import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocourse.settings")

app = Celery("gocourse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
