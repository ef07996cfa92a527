"""The recorded lifecycle of a pull request, delivered through the webhook."""

import pytest
from django.core.management import call_command

from community.models import Badge, Contributor, Delivery, PointEvent, PullRequest, Review
from community.tasks import process_delivery
from tests.community.github import (
    apply_changes,
    deliver,
    dismiss,
    merge,
    payload,
    post,
    relabel,
    review,
)

pytestmark = pytest.mark.django_db


def points(login: str) -> int:
    contributor = Contributor.objects.filter(login=login).first()
    return contributor.points if contributor else 0


def run_lifecycle(client) -> None:
    for name in (
        "pull_request.opened",
        "pull_request.labeled",
        "pull_request.edited",
        "pull_request_review.submitted",
        "pull_request.closed.merged",
    ):
        deliver(client, name)


def test_opened_labeled_and_edited_give_no_points_before_the_merge(client):
    for name in ("pull_request.opened", "pull_request.labeled", "pull_request.edited"):
        deliver(client, name)
    pr = PullRequest.objects.get()
    assert pr.state == "open"
    assert pr.title == "Lesson 2: explain range over integers (Go 1.22+)"
    assert pr.labels == ["lesson", "lesson/02-loops", "size/medium"]
    assert not PointEvent.objects.exists()


def test_a_merge_credits_the_author_by_size_and_the_reviewer(client):
    run_lifecycle(client)
    assert points("gopher-ana") == 12
    assert points("rev-rui") == 3
    assert points("maintainer-mo") == 0
    event = PointEvent.objects.get(contributor__login="gopher-ana")
    assert event.kind == "lesson" and event.rule == "merge"
    assert event.reason.startswith("Merged #42")
    slugs = set(
        Badge.objects.filter(contributor__login="gopher-ana").values_list("slug", flat=True)
    )
    assert slugs == {"first-pr", "lesson-author"}


def test_a_redelivered_merge_changes_nothing(client):
    run_lifecycle(client)
    before = list(PointEvent.objects.values_list("key", "points"))
    deliver(client, "pull_request.closed.merged", delivery="same-delivery")
    deliver(client, "pull_request.closed.merged", delivery="same-delivery")
    assert list(PointEvent.objects.values_list("key", "points")) == before
    assert points("gopher-ana") == 12


def test_a_merge_delivered_twice_under_new_ids_is_still_counted_once(client):
    run_lifecycle(client)
    deliver(client, "pull_request.closed.merged")
    assert points("gopher-ana") == 12 and PointEvent.objects.count() == 2


def test_a_celery_retry_of_the_same_delivery_is_idempotent(client):
    from community.models import Delivery

    run_lifecycle(client)
    delivery = Delivery.objects.get(action="closed")
    Delivery.objects.filter(pk=delivery.pk).update(processed_at=None)
    process_delivery(delivery.pk)
    process_delivery(delivery.pk)
    assert points("gopher-ana") == 12 and PointEvent.objects.count() == 2


def test_closed_without_merge_gives_nothing_and_reopened_opens_again(client):
    deliver(client, "pull_request.closed.unmerged")
    pr = PullRequest.objects.get(number=43)
    assert pr.state == "closed" and not PointEvent.objects.exists()
    deliver(client, "pull_request.reopened")
    pr.refresh_from_db()
    assert pr.state == "open"


def test_relabelling_after_the_merge_appends_a_correction(client):
    run_lifecycle(client)
    deliver(client, "pull_request.labeled.after_merge")
    assert points("gopher-ana") == 30
    assert points("rev-rui") == 5
    ana = list(
        PointEvent.objects.filter(contributor__login="gopher-ana").values_list("points", flat=True)
    )
    assert ana == [12, 18]


def test_changing_the_kind_after_the_merge_moves_the_points(client):
    merge(client, 7, labels=["size/small", "fix"])
    relabel(client, 7, labels=["size/small", "exercise"])
    totals = {
        kind: sum(PointEvent.objects.filter(kind=kind).values_list("points", flat=True))
        for kind in ("fix", "exercise")
    }
    assert totals == {"fix": 0, "exercise": 5}
    assert points("gopher-ana") == 5
    assert Badge.objects.filter(slug="exercise-author").exists()


def test_a_spam_label_removes_the_points_and_the_badges(client):
    run_lifecycle(client)
    relabel(client, 42, labels=["lesson", "size/medium", "spam"])
    assert points("gopher-ana") == 0 and points("rev-rui") == 0
    assert not Badge.objects.exists()
    removal = PointEvent.objects.filter(points__lt=0, contributor__login="gopher-ana").get()
    assert removal.reason == "#42 labelled spam: points removed"
    relabel(client, 42, labels=["lesson", "size/medium"], updated_at="2026-11-13T10:00:00Z")
    assert points("gopher-ana") == 12


def test_an_invalid_label_removes_the_points_too(client):
    merge(client, 8, labels=["size/large", "code", "invalid"])
    assert points("gopher-ana") == 0 and not PointEvent.objects.exists()


def test_merging_your_own_pull_request_earns_nothing(client):
    merge(
        client,
        9,
        author="maintainer-mo",
        merged_by="maintainer-mo",
        labels=["size/massive", "code"],
    )
    assert points("maintainer-mo") == 0
    assert Contributor.objects.get(login="maintainer-mo").merged_count == 0


def test_reviewing_your_own_pull_request_earns_nothing(client):
    review(client, 10, reviewer="gopher-ana")
    merge(client, 10)
    assert points("gopher-ana") == 12
    assert not PointEvent.objects.filter(rule="review").exists()


def test_only_reviews_that_approve_or_request_changes_before_the_merge_count(client):
    review(client, 11, reviewer="commenter-cy", state="commented")
    review(client, 11, reviewer="late-lu", submitted_at="2026-11-11T00:00:00Z")
    review(client, 11, reviewer="rev-rui", state="changes_requested")
    review(client, 11, reviewer="rev-rui", state="approved", review_id=99)
    merge(client, 11)
    reviewers = set(
        PointEvent.objects.filter(rule="review").values_list("contributor__login", flat=True)
    )
    assert reviewers == {"rev-rui"}
    assert points("rev-rui") == 3  # several reviews of one pull request count once


def test_a_dismissed_review_loses_its_points_and_the_author_keeps_theirs(client):
    review(client, 60)
    merge(client, 60)
    assert (points("rev-rui"), points("gopher-ana")) == (3, 12)
    dismiss(client, 60)
    assert (points("rev-rui"), points("gopher-ana")) == (0, 12)
    correction = PointEvent.objects.get(contributor__login="rev-rui", points__lt=0)
    assert (correction.points, correction.reason) == (-3, "Review of #60 dismissed: points removed")
    assert Contributor.objects.get(login="rev-rui").review_count == 0


def test_a_dismissal_delivered_before_its_review_still_wins(client):
    dismiss(client, 61)
    review(client, 61)
    merge(client, 61)
    assert Review.objects.get().state == "dismissed"
    assert points("rev-rui") == 0


def test_review_points_follow_the_size(client):
    for number, size, expected in (
        (20, "tiny", 1),
        (21, "small", 2),
        (22, "large", 5),
        (23, "massive", 10),
    ):
        review(client, number, reviewer=f"reviewer-{size}")
        merge(client, number, labels=[f"size/{size}"], merged_at=f"2026-11-{number - 10}T09:30:00Z")
        assert points(f"reviewer-{size}") == expected


def test_a_review_of_an_already_merged_pull_request_is_settled_at_once(client):
    merge(client, 12)
    review(
        client, 12, submitted_at="2026-11-10T09:00:00Z"
    )  # delivered late, submitted before merge
    assert points("rev-rui") == 3


def test_a_stale_snapshot_delivered_late_does_not_undo_a_newer_one(client):
    deliver(client, "pull_request.edited")
    deliver(client, "pull_request.opened")  # older updated_at, no labels
    assert PullRequest.objects.get().labels == ["lesson", "lesson/02-loops", "size/medium"]


def without_updated_at(name: str, **changes) -> dict:
    """A recorded payload whose pull_request has "updated_at": null."""
    data = apply_changes(payload(name), **changes)
    data["pull_request"]["updated_at"] = None
    return data


def test_a_late_delivery_without_updated_at_never_replaces_a_snapshot(client):
    merge(client, 42, labels=["lesson", "size/massive"])
    assert points("gopher-ana") == 100
    late = without_updated_at("pull_request.labeled.after_merge", labels=["lesson", "size/tiny"])
    assert post(client, "pull_request", late).status_code == 202
    assert PullRequest.objects.get().labels == ["lesson", "size/massive"]
    assert points("gopher-ana") == 100
    assert Delivery.objects.filter(processed_at=None).count() == 0


def test_a_delivery_without_updated_at_never_relabels_an_open_pull_request(client):
    deliver(client, "pull_request.labeled")
    late = without_updated_at("pull_request.opened")
    assert post(client, "pull_request", late).status_code == 202
    assert PullRequest.objects.get().labels == ["lesson", "lesson/02-loops", "size/medium"]


def test_a_delivery_without_updated_at_may_create_the_first_snapshot(client):
    first = without_updated_at("pull_request.closed.merged")
    assert post(client, "pull_request", first).status_code == 202
    pr = PullRequest.objects.get()
    assert pr.state == "merged" and pr.snapshot_updated_at is None
    assert points("gopher-ana") == 12


def test_unlabeled_after_merge_falls_back_to_medium(client):
    merge(client, 13, labels=["size/large", "fix"])
    deliver(
        client,
        "pull_request.labeled.after_merge",
        number=13,
        labels=["fix"],
        updated_at="2026-11-12T00:00:00Z",
    )
    assert points("gopher-ana") == 12


def test_labels_outside_the_signed_payload_are_never_used(client):
    data = payload("pull_request.closed.merged")
    response = post(client, "pull_request", data)
    assert response.status_code == 202
    response = client.post(
        "/community/github/webhook?labels=size/massive",
        b"{}",
        content_type="application/json",
        headers={"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x"},
    )
    assert response.status_code == 403
    assert points("gopher-ana") == 12


def test_recompute_reputation_rebuilds_the_same_numbers_from_the_ledger(client):
    run_lifecycle(client)
    deliver(client, "pull_request.labeled.after_merge")
    merge(client, 50, author="rev-rui", labels=["size/small", "exercise"])
    review(client, 50, reviewer="gopher-ana", submitted_at="2026-11-10T09:00:00Z")

    def snapshot():
        return (
            sorted(
                Contributor.objects.values_list("login", "points", "merged_count", "review_count")
            ),
            sorted(Badge.objects.values_list("contributor__login", "slug", "awarded_at")),
        )

    before = snapshot()
    Contributor.objects.update(points=999, merged_count=0, review_count=0)
    Badge.objects.all().delete()
    call_command("recompute_reputation", stdout=open("/dev/null", "w"))
    assert snapshot() == before
    assert Review.objects.count() == 2
