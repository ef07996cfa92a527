"""Production settings, except what plain HTTP on loopback needs (the test client, the
live server behind Playwright)."""

import os

os.environ.setdefault("SECRET_KEY", "insecure-key-for-tests-only")

from gocourse.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: the Celery worker thread of the pipeline tests
    # writes while the test thread reads, and memory databases lock whole tables.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    # One file per run, so two test runs in one checkout do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
