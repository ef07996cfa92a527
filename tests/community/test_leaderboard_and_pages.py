from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission

from community.leaderboard import leaderboard, period_end, period_start
from community.models import Claim, Contributor
from health.wanted import contributors_wanted, lessons_needing_help
from tests.community.github import merge, relabel

pytestmark = pytest.mark.django_db


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def logins(period: str, now: str, kind: str | None = None) -> list[tuple[str, int]]:
    return [(row.contributor.login, row.points) for row in leaderboard(period, kind, utc(now))]


def test_period_starts_are_utc_midnights():
    now = utc("2026-11-25T14:00:00")  # a Wednesday
    assert period_start("week", now) == utc("2026-11-23T00:00:00")
    assert period_start("month", now) == utc("2026-11-01T00:00:00")
    assert period_start("year", now) == utc("2026-01-01T00:00:00")
    assert period_start("all", now) is None
    assert period_end("month", utc("2026-12-01T00:00:00")) == utc("2027-01-01T00:00:00")
    assert period_end("week", period_start("week", now)) == utc("2026-11-30T00:00:00")


def test_periods_at_their_boundaries(client):
    merge(client, 1, author="old-year", merged_at="2025-12-31T23:59:59Z")
    merge(client, 2, author="new-year", merged_at="2026-01-01T00:00:00Z")
    merge(client, 3, author="last-month", merged_at="2026-10-31T23:59:59Z")
    merge(client, 4, author="this-month", merged_at="2026-11-01T00:00:00Z")
    merge(client, 5, author="last-week", merged_at="2026-11-22T23:59:59Z")  # a Sunday
    merge(client, 6, author="this-week", merged_at="2026-11-23T00:00:00Z")  # the Monday
    now = "2026-11-25T12:00:00"
    assert {login for login, _ in logins("all", now)} == {
        "old-year",
        "new-year",
        "last-month",
        "this-month",
        "last-week",
        "this-week",
    }
    assert "old-year" not in dict(logins("year", now)) and "new-year" in dict(logins("year", now))
    assert set(dict(logins("month", now))) == {"this-month", "last-week", "this-week"}
    assert set(dict(logins("week", now))) == {"this-week"}
    # A week that started in the previous month still counts from its Monday.
    assert set(dict(logins("week", "2026-11-01T10:00:00"))) == {"this-month", "last-month"}


def test_ties_share_a_rank_and_kinds_have_their_own_boards(client):
    merge(client, 1, author="bea", labels=["size/small", "lesson"])
    merge(client, 2, author="abe", labels=["size/small", "fix"])
    merge(client, 3, author="cal", labels=["size/tiny", "lesson"])
    rows = leaderboard("all", None, utc("2026-11-25T00:00:00"))
    assert [(row.rank, row.contributor.login, row.points) for row in rows] == [
        (1, "abe", 5),
        (1, "bea", 5),
        (3, "cal", 3),
    ]
    assert logins("all", "2026-11-25T00:00:00", kind="lesson") == [("bea", 5), ("cal", 3)]


def test_a_relabel_counts_in_the_period_of_the_merge(client):
    merge(client, 1, labels=["size/small"], merged_at="2026-10-30T10:00:00Z")
    relabel(client, 1, labels=["size/large"], merged_at="2026-10-30T10:00:00Z")
    assert logins("month", "2026-11-25T00:00:00") == []
    assert logins("all", "2026-11-25T00:00:00") == [("gopher-ana", 30)]


def test_leaderboard_page_lists_contributors_per_period_and_kind(client):
    merge(client, 1, labels=["size/large", "lesson"], merged_at="2020-03-01T10:00:00Z")
    page = client.get("/community/leaderboard/").content.decode()
    assert "gopher-ana" in page and ">30<" in page
    page = client.get("/community/leaderboard/?period=week").content.decode()
    assert "gopher-ana" not in page and "No points in this period yet" in page
    page = client.get("/community/leaderboard/?kind=fix").content.decode()
    assert "gopher-ana" not in page
    assert client.get("/community/leaderboard/?period=bogus&kind=bogus").status_code == 200


def test_the_nav_links_to_the_leaderboard(client, synced_content):
    assert 'href="/community/leaderboard/"' in client.get("/").content.decode()


def test_profile_lists_pull_requests_badges_and_history(client):
    merge(client, 42, labels=["size/medium", "lesson"])
    relabel(client, 42, labels=["size/large", "lesson"])
    merge(client, 43, labels=["size/small", "spam"])
    page = client.get("/community/contributors/Gopher-Ana/").content.decode()
    assert "<h1>gopher-ana</h1>" in page
    assert "#42" in page and "#43" in page and "spam" in page
    assert "community/badges/first-pr.svg" in page and "Lesson author" in page
    assert "+12" in page and "+18" in page and "Relabelled" in page
    assert "rank <strong>#1</strong>" in page
    assert client.get("/community/contributors/nobody/").status_code == 404


def test_a_learner_claims_a_login_and_staff_confirm_it(client, alice, staff):
    merge(client, 1)
    client.force_login(alice)
    response = client.post("/community/claim/", {"login": "gopher-ana"}, follow=True)
    page = response.content.decode()
    assert "You claimed gopher-ana. The claim is pending until" in page
    assert "A staff member will review it." in page
    assert "Your claim is <strong>pending</strong>: it expires on" in page
    claim = Claim.objects.get(contributor__login="gopher-ana")
    assert claim.user == alice and claim.state == Claim.PENDING
    page = client.get("/community/contributors/gopher-ana/").content.decode()
    assert "also a learner here" not in page

    staff.user_permissions.add(Permission.objects.get(codename="change_claim"))
    client.force_login(staff)
    response = client.post(
        "/admin/community/claim/",
        {"action": "confirm_claims", "_selected_action": [claim.pk]},
    )
    assert response.status_code == 302
    page = client.get("/community/contributors/gopher-ana/").content.decode()
    assert "also a learner here as <strong>alice</strong>" in page


def test_claiming_needs_an_account(client):
    response = client.post("/community/claim/", {"login": "gopher-ana"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Contributor.objects.exists()


def test_lessons_needing_help_are_planned_ones_then_the_least_improved(client, synced_content):
    merge(client, 1, labels=["size/small", "lesson/01-first"])
    wanted = [(item.lesson.slug, item.reason) for item in lessons_needing_help(10)]
    assert wanted[0] == ("03-planned", "Planned, not written yet")
    assert wanted[-1] == ("01-first", "1 merged pull request so far")
    assert len(lessons_needing_help(2)) == 2


def test_home_asks_for_contributors_below_the_monthly_target(client, synced_content, settings):
    settings.COMMUNITY_MONTHLY_PR_TARGET = 1
    page = client.get("/").content.decode()
    assert "Contributors wanted" in page and "0 of 1 pull requests merged this month" in page
    assert "Planned lesson" in page
    merge(client, 1, merged_at=datetime.now(UTC).isoformat().replace("+00:00", "Z"))
    assert contributors_wanted() is None
    assert "Contributors wanted" not in client.get("/").content.decode()
