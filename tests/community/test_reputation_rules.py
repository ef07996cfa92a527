import pytest

from community.models import Badge, Contributor, PointEvent
from community.reputation import kind_of, size_of
from tests.community.github import merge, relabel, review

pytestmark = pytest.mark.django_db


def badges(login: str) -> set[str]:
    return set(Badge.objects.filter(contributor__login=login).values_list("slug", flat=True))


def test_sizes_follow_exercisms_scale_and_default_to_medium():
    assert size_of([]) == "medium"
    assert size_of(["size/massive", "size/tiny"]) == "tiny"  # the smaller of two labels
    assert size_of(["size/huge"]) == "medium"
    assert kind_of(["fix", "lesson"]) == "lesson"
    assert kind_of(["bug"]) == "code"


def test_points_by_size(client):
    for number, size, expected in (
        (1, "tiny", 3),
        (2, "small", 5),
        (3, "medium", 12),
        (4, "large", 30),
        (5, "massive", 100),
    ):
        merge(client, number, author=f"author-{size}", labels=[f"size/{size}"])
        assert Contributor.objects.get(login=f"author-{size}").points == expected


def test_the_daily_cap_limits_what_one_contributor_earns_in_a_utc_day(client, settings):
    settings.COMMUNITY_DAILY_POINTS_CAP = 40
    merge(client, 1, labels=["size/large"], merged_at="2026-11-10T00:00:00Z")
    merge(client, 2, labels=["size/medium"], merged_at="2026-11-10T12:00:00Z")
    merge(client, 3, labels=["size/small"], merged_at="2026-11-10T23:59:59Z")
    merge(client, 4, labels=["size/small"], merged_at="2026-11-11T00:00:00Z")  # next UTC day
    ana = Contributor.objects.get(login="gopher-ana")
    assert ana.points == 40 + 5
    capped = PointEvent.objects.get(pull_request__number=2)
    assert capped.points == 10
    assert "2 over the daily cap of 40" in capped.reason
    assert not PointEvent.objects.filter(pull_request__number=3).exists()
    assert ana.merged_count == 3  # a fully capped merge earns no credit


def test_the_cap_is_shared_by_merges_and_reviews(client, settings):
    settings.COMMUNITY_DAILY_POINTS_CAP = 14
    merge(client, 1, author="rev-rui", labels=["size/medium"])
    review(client, 2, reviewer="rev-rui", submitted_at="2026-11-10T08:00:00Z")
    merge(client, 2, labels=["size/medium"])
    assert Contributor.objects.get(login="rev-rui").points == 14


def test_a_relabel_within_the_cap_can_only_raise_up_to_the_cap(client, settings):
    settings.COMMUNITY_DAILY_POINTS_CAP = 50
    merge(client, 1, labels=["size/medium"])
    relabel(client, 1, labels=["size/massive"])
    assert Contributor.objects.get(login="gopher-ana").points == 50


def test_badges_for_five_merged_lessons_exercises_and_reviews(client):
    for number in range(1, 6):
        merge(
            client,
            number,
            labels=["size/small", "lesson" if number == 1 else "fix"],
            merged_at=f"2026-11-0{number}T10:00:00Z",
        )
    merge(client, 6, labels=["size/small", "exercise"], merged_at="2026-11-06T10:00:00Z")
    assert badges("gopher-ana") == {"first-pr", "merged-5", "lesson-author", "exercise-author"}
    five = Badge.objects.get(contributor__login="gopher-ana", slug="merged-5")
    assert five.awarded_at.isoformat() == "2026-11-05T10:00:00+00:00"
    for number in (7, 8, 9):
        review(client, number, reviewer="rev-rui", submitted_at="2026-11-07T00:00:00Z")
        merge(client, number, merged_at="2026-11-07T10:00:00Z")
    assert "reviewer" in badges("rev-rui")


def test_twenty_five_merged(client, settings):
    settings.COMMUNITY_DAILY_POINTS_CAP = 10_000
    for number in range(1, 26):
        merge(client, number, labels=["size/tiny"])
    assert "merged-25" in badges("gopher-ana")
    assert Contributor.objects.get(login="gopher-ana").points == 75


def test_three_months_in_a_row_across_a_year_end(client):
    merge(client, 1, merged_at="2025-11-30T23:00:00Z")
    merge(client, 2, merged_at="2026-01-15T10:00:00Z")
    assert "streak-3" not in badges("gopher-ana")
    merge(client, 3, merged_at="2025-12-01T00:00:00Z")
    streak = Badge.objects.get(contributor__login="gopher-ana", slug="streak-3")
    assert streak.awarded_at.isoformat() == "2026-01-15T10:00:00+00:00"
