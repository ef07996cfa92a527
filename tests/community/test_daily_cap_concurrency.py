"""Two workers settle two merges of one author at the same moment, on the real database:
the daily cap still holds."""

import threading
import traceback

import pytest
from django.db import connection
from django.db.models import Sum

from community import reputation
from community.models import Contributor, Delivery, PointEvent
from community.tasks import process_delivery
from tests.community.github import apply_changes, deliver, payload

pytestmark = pytest.mark.django_db(transaction=True)

# How long a worker waits, once it has read what the author already earned that day, for
# the other worker to read it too. Without a lock both read the same total; with one the
# other worker is blocked on the lock instead, and this wait simply runs out.
OVERLAP_SECONDS = 1.5


def stored_merge(number: int, author: str, merged_by: str) -> int:
    """A merge delivery stored by the webhook and not processed yet, as a worker finds it."""
    data = apply_changes(
        payload("pull_request.closed.merged"),
        number=number,
        author=author,
        merged_by=merged_by,
        labels=["lesson", "size/massive"],
        merged_at=f"2026-11-10T09:{number:02d}:00Z",
    )
    delivery = Delivery.objects.create(
        delivery_id=f"merge-{number}", event="pull_request", action="closed", payload=data
    )
    return delivery.pk


def settle_at_once(delivery_pks: list[int], monkeypatch) -> list[str]:
    """Runs process_delivery for each delivery in its own thread, like two Celery workers;
    returns the tracebacks of the workers that failed."""
    overlap = threading.Barrier(len(delivery_pks), timeout=OVERLAP_SECONDS)
    read_cap = reputation._daily_cap_left

    def read_cap_then_overlap(*args, **kwargs):
        left = read_cap(*args, **kwargs)
        try:
            overlap.wait()
        except threading.BrokenBarrierError:
            pass  # the other worker is waiting for the lock (or has already finished)
        return left

    monkeypatch.setattr(reputation, "_daily_cap_left", read_cap_then_overlap)
    errors: list[str] = []

    def work(pk: int) -> None:
        try:
            process_delivery(pk)
        except Exception:
            errors.append(traceback.format_exc())
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=work, args=(pk,)) for pk in delivery_pks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_merges_settled_at_once_still_respect_the_daily_cap(client, monkeypatch):
    for number in (51, 52):
        deliver(client, "pull_request.opened", number=number, author="gopher-ana")
    Contributor.objects.create(login="maintainer-mo")  # has merged before
    deliveries = [stored_merge(number, "gopher-ana", "maintainer-mo") for number in (51, 52)]

    errors = settle_at_once(deliveries, monkeypatch)

    assert errors == [], errors[0]
    assert not Delivery.objects.filter(processed_at=None).exists()
    ana = Contributor.objects.get(login="gopher-ana")
    earned = PointEvent.objects.filter(contributor=ana).aggregate(total=Sum("points"))["total"]
    assert earned == 120  # the cap (tests/community/conftest.py), not 100 + 100
    assert ana.points == 120
    per_pull_request = sorted(
        PointEvent.objects.filter(contributor=ana).values_list("points", flat=True)
    )
    assert per_pull_request == [20, 100]


def test_two_workers_meeting_a_new_login_at_once_both_settle(client, monkeypatch):
    # A maintainer merges two pull requests for the first time: both workers add the login.
    deliveries = [stored_merge(53, "gopher-ana", "new-maintainer")]
    deliveries.append(stored_merge(54, "rev-rui", "new-maintainer"))

    errors = settle_at_once(deliveries, monkeypatch)

    assert errors == [], errors[0]
    assert not Delivery.objects.filter(processed_at=None).exists()
    assert Contributor.objects.filter(login="new-maintainer").count() == 1
    assert Contributor.objects.get(login="gopher-ana").points == 100
    assert Contributor.objects.get(login="rev-rui").points == 100
