#!/bin/sh
# Entrypoint of the app image (deploy/Dockerfile): one image, three roles.
#   web     migrate, load content/, then gunicorn on :8000
#   worker  build the sandbox image on the host's engine if needed, then a Celery worker
#   beat    the Celery beat scheduler (exactly one per deployment)
# Anything else is run as a command, e.g. `manage.py createsuperuser`.
set -eu

role=${1:-web}
case $role in
web)
    python manage.py migrate --noinput
    # A content error must not keep the site down: the last good version keeps serving.
    python manage.py sync_content || echo "content: not loaded, fix the errors above" >&2
    exec gunicorn gocourse.wsgi:application \
        --bind 0.0.0.0:8000 \
        --workers "${GUNICORN_WORKERS:-3}" \
        --threads "${GUNICORN_THREADS:-4}" \
        --timeout "${GUNICORN_TIMEOUT:-30}" \
        --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
        --access-logfile - \
        --max-requests 2000 --max-requests-jitter 200
    ;;
worker)
    # Skipped in a second when an image built from the same inputs already exists.
    python manage.py build_sandbox --quiet
    exec celery -A gocourse worker --loglevel="${LOG_LEVEL:-INFO}" \
        --concurrency="${WORKER_CONCURRENCY:-2}" --without-gossip --without-mingle
    ;;
beat)
    exec celery -A gocourse beat --loglevel="${LOG_LEVEL:-INFO}" \
        --schedule /app/var/celerybeat-schedule
    ;;
manage.py)
    shift
    exec python manage.py "$@"
    ;;
*)
    exec "$@"
    ;;
esac
