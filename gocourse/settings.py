"""Settings for gocourse, read from the environment (see README.md, "Configuration")."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

from gocourse.env import envbool, envfloat, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)

_DEV_SECRET = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = envstr("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "courses",
    "quizzes",
    "grader",
    "community",
    "discussions",
    "health",
    "content_pipeline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gocourse.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "content_pipeline.middleware.ContentAutoSyncMiddleware",
    "courses.middleware.VaryOnHtmxMiddleware",
]

ROOT_URLCONF = "gocourse.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "courses.context_processors.content_status",
                "courses.context_processors.layout",
                "gocourse.csp.csp_nonce",
                "quizzes.context_processors.review_due",
                "discussions.context_processors.unseen_answers",
            ],
        },
    },
]

WSGI_APPLICATION = "gocourse.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite admits one writer at a time. A transaction that reads before it writes
    # cannot wait for the write lock (SQLite answers "database is locked" at once), so
    # every transaction takes it at BEGIN and waits up to 20 s for it; WAL lets readers
    # run beside the writer, and with WAL synchronous=NORMAL cannot corrupt the file.
    # Options given in DATABASE_URL win.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Accounts one client address may create per hour (courses.throttle). A school's whole
# classroom may share one public address: such a site needs more.
SIGNUPS_PER_ADDRESS_PER_HOUR = envint("SIGNUPS_PER_ADDRESS_PER_HOUR", 50)
# Proxies in front of the site that each append the address they saw to X-Forwarded-For.
# 0: the client is REMOTE_ADDR. N: the client is the Nth entry from the right (the
# entries left of it are whatever the client sent, so they are never read).
NUM_PROXIES = envint("NUM_PROXIES", 0)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

REDIS_URL = envstr("REDIS_URL", "redis://127.0.0.1:6379/0")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gocourse",
    }
}

# Celery: nothing is lost when a worker dies mid-task (see DESIGN.md, "Grading pipeline").
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 120)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Interactive runs, graded submits and maintenance each wait in their own queue
# (grader/queues.py); a worker without -Q consumes all three.
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name), routing_key=name)
    for name in ("interactive", "graded", "maintenance")
]
CELERY_TASK_DEFAULT_QUEUE = "maintenance"

# Course content: files under CONTENT_DIR are the source of truth.
CONTENT_DIR = Path(envstr("CONTENT_DIR", str(BASE_DIR / "content")))
# Re-sync content on the next request after a file changes (on by default in development).
CONTENT_AUTO_SYNC = envbool("CONTENT_AUTO_SYNC", DEBUG)

# Production hardening: on whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Preloading HSTS is a commitment for the whole domain that is hard to undo, so it is the
# operator's opt-in (SECURE_HSTS_PRELOAD=1), not a default we warn about.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}

# Sandbox for learners' Go code (grader app). Limits apply to every run.
SANDBOX_IMAGE = envstr("SANDBOX_IMAGE", "gocourse-sandbox")
SANDBOX_RUNTIME = envstr("SANDBOX_RUNTIME", "")  # "" = Docker's default (runc); "runsc" = gVisor
SANDBOX_BUILD_TIMEOUT = envint("SANDBOX_BUILD_TIMEOUT", 10)  # seconds
SANDBOX_RUN_TIMEOUT = envint("SANDBOX_RUN_TIMEOUT", 5)  # seconds, wall clock
SANDBOX_MEMORY_MB = envint("SANDBOX_MEMORY_MB", 256)
# The race runtime keeps shadow memory for every access: a -race run (and its build,
# which links with gcc) gets at least this much (deploy/sandbox/README.md).
SANDBOX_RACE_MEMORY_MB = envint("SANDBOX_RACE_MEMORY_MB", 512)
SANDBOX_PIDS_LIMIT = envint("SANDBOX_PIDS_LIMIT", 128)
SANDBOX_CPUS = envfloat("SANDBOX_CPUS", 1.0)
SANDBOX_OUTPUT_LIMIT = envint("SANDBOX_OUTPUT_LIMIT", 64 * 1024)  # bytes per stream
SANDBOX_POOL_SIZE = envint("SANDBOX_POOL_SIZE", 2)  # pre-started containers per role and process
SANDBOX_CACHE_TTL = envint("SANDBOX_CACHE_TTL", 24 * 3600)  # seconds a cached result is kept
# "auto": a program is built in the container that runs it, tests in one of their own
# (grader/sandbox/run.py _placement); "separate" or "inline" for everything.
SANDBOX_BUILD_PLACEMENT = envstr("SANDBOX_BUILD_PLACEMENT", "auto")
if SANDBOX_BUILD_PLACEMENT not in ("auto", "separate", "inline"):
    raise ImproperlyConfigured("SANDBOX_BUILD_PLACEMENT must be auto, separate or inline")
# The build container runs only the Go toolchain (go build and go vet side by side).
SANDBOX_BUILD_CPUS = envfloat("SANDBOX_BUILD_CPUS", 2.0)
# The most an exercise may ask for in its front matter (`limits:` in exercise.md).
SANDBOX_MAX_MEMORY_MB = envint("SANDBOX_MAX_MEMORY_MB", 1024)
SANDBOX_MAX_RUN_TIMEOUT = envint("SANDBOX_MAX_RUN_TIMEOUT", 20)  # seconds, wall clock

# Grading pipeline (grader app).
GRADER_RUNS_PER_MINUTE = envint("GRADER_RUNS_PER_MINUTE", 20)  # per learner
# Result polls held open per web process until the submission changes (grader.waiting).
GRADER_WAIT_SLOTS = envint("GRADER_WAIT_SLOTS", 2)
# A submission still running this long after it started is re-queued once, then failed.
GRADER_STUCK_AFTER = envint("GRADER_STUCK_AFTER", 90)  # seconds
# A worker pings its Docker engine this often; it takes no code while the engine is away.
GRADER_ENGINE_CHECK_SECONDS = envfloat("GRADER_ENGINE_CHECK_SECONDS", 3.0)
CELERY_BEAT_SCHEDULE = {
    "recover-submissions": {"task": "grader.tasks.recover_submissions", "schedule": 30.0},
}
# The reference solution of an exercise opens after it is passed or after this many failures
# of code that compiled (courses.exercise_progress.record_test_run).
EXERCISE_SOLUTION_AFTER_FAILURES = envint("EXERCISE_SOLUTION_AFTER_FAILURES", 3)

# Course health (health app): the course's own decision rules, applied per lesson. They
# are the course team's policy, not the deployment's, so they are not read from the
# environment; the adaptive quiz's tuning lives in quizzes/engine.py and quizzes/service.py.
HEALTH_CONFUSING_SHARE = 0.30  # "add scaffolding" at or above this share of raters confused
HEALTH_QUIZ_COMPLETION_MIN = 0.70  # "fix the quiz" below this share of starters finishing
HEALTH_MIN_LEARNERS = 10  # no flag on fewer answers than this
HEALTH_SECTION_QUESTIONS = 3  # "add scaffolding" too when one section raised this many questions
HEALTH_UNANSWERED_HOURS = 48  # a question unanswered this long counts as waiting too long

# Lesson discussions (discussions app): posts (questions and answers) a learner may make
# per hour; accounts younger than DISCUSSION_NEW_ACCOUNT_HOURS get the lower limit. Staff
# have none.
DISCUSSION_POSTS_PER_HOUR = envint("DISCUSSION_POSTS_PER_HOUR", 10)
DISCUSSION_NEW_ACCOUNT_POSTS_PER_HOUR = envint("DISCUSSION_NEW_ACCOUNT_POSTS_PER_HOUR", 3)
DISCUSSION_NEW_ACCOUNT_HOURS = envint("DISCUSSION_NEW_ACCOUNT_HOURS", 24)

# Community (community app): GitHub pull requests, the points ledger, leaderboards.
GITHUB_WEBHOOK_SECRET = envstr("GITHUB_WEBHOOK_SECRET", "")  # empty: every delivery is refused
GITHUB_REPOSITORY = envstr("GITHUB_REPOSITORY", "")  # "owner/name"; empty accepts any repository
# Where "Suggest an edit" and the contributors' links point: the course repository (GitHub's
# address of GITHUB_REPOSITORY unless set), its branch, and content/'s folder inside it.
COURSE_REPOSITORY_URL = envstr(
    "COURSE_REPOSITORY_URL",
    f"https://github.com/{GITHUB_REPOSITORY}" if GITHUB_REPOSITORY else "",
)
if COURSE_REPOSITORY_URL and not COURSE_REPOSITORY_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("COURSE_REPOSITORY_URL must be an http(s) address")
COURSE_REPOSITORY_BRANCH = envstr("COURSE_REPOSITORY_BRANCH", "main")
COURSE_CONTENT_PATH = envstr("COURSE_CONTENT_PATH", "content")
COMMUNITY_MONTHLY_PR_TARGET = envint("COMMUNITY_MONTHLY_PR_TARGET", 5)  # merged PRs a month
COMMUNITY_DAILY_POINTS_CAP = envint("COMMUNITY_DAILY_POINTS_CAP", 120)  # per contributor, UTC day
COMMUNITY_WEBHOOK_MAX_BYTES = envint("COMMUNITY_WEBHOOK_MAX_BYTES", 5 * 1024 * 1024)

# Claims of GitHub logins (community.claims). A pending claim expires after this many days.
COMMUNITY_CLAIM_EXPIRY_DAYS = envint("COMMUNITY_CLAIM_EXPIRY_DAYS", 14)
# "Prove with GitHub": django-allauth's GitHub provider, used only to connect a GitHub
# account to a signed-in learner (community.github_proof); accounts stay the site's own
# username and password. Without both values the button is hidden and staff decide claims.
GITHUB_OAUTH_CLIENT_ID = envstr("GITHUB_OAUTH_CLIENT_ID", "")
GITHUB_OAUTH_SECRET = envstr("GITHUB_OAUTH_SECRET", "")
INSTALLED_APPS += [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
]
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware"]
SOCIALACCOUNT_ADAPTER = "community.github_proof.ProofAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "github": {
        # No scope: the public profile (login and id) is all a proof needs.
        "SCOPE": [],
        "APPS": [{"client_id": GITHUB_OAUTH_CLIENT_ID, "secret": GITHUB_OAUTH_SECRET}]
        if GITHUB_OAUTH_CLIENT_ID and GITHUB_OAUTH_SECRET
        else [],
    }
}
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_STORE_TOKENS = False
