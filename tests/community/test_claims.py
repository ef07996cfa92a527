"""Claims on GitHub logins: competing claims, expiry, and who decides (community.claims)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from community import claims
from community.models import Claim, Contributor
from tests.community.github import merge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_weeks_to_expire(settings):
    settings.COMMUNITY_CLAIM_EXPIRY_DAYS = 14


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user("bob", password="bob horse battery")


def claim_states(login: str) -> dict[str, str]:
    return {
        claim.user.username: claim.state
        for claim in Claim.objects.filter(contributor__login=login).select_related("user")
    }


def make_older(claim: Claim, days: float) -> None:
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_several_accounts_can_claim_one_login_at_once(alice, bob):
    first = claims.claim(alice, "gopher-ana")
    second = claims.claim(bob, "Gopher-Ana")
    assert first.contributor == second.contributor
    assert claim_states("gopher-ana") == {"alice": "pending", "bob": "pending"}
    assert Contributor.objects.get(login="gopher-ana").learner is None


def test_claiming_again_keeps_one_claim(alice):
    first = claims.claim(alice, "gopher-ana")
    assert claims.claim(alice, "gopher-ana") == first
    assert Claim.objects.count() == 1


def test_a_claim_on_a_login_never_seen_is_pending(client, alice):
    claim = claims.claim(alice, "nobody-yet")
    assert claim.state == Claim.PENDING
    assert not claims.has_activity(claim.contributor)
    merge(client, 1, author="gopher-ana")
    assert claims.has_activity(claims.claim(alice, "gopher-ana").contributor)


def test_bad_logins_are_refused(alice):
    for login in ("not a login!", "-leading", "trailing-", "double--hyphen", "x" * 40, ""):
        with pytest.raises(claims.ClaimError, match="is not a GitHub login"):
            claims.claim(alice, login)
    assert not Contributor.objects.exists()


def test_a_pending_claim_expires_after_the_set_number_of_days(alice, bob):
    fresh = claims.claim(alice, "gopher-ana")
    old = claims.claim(bob, "gopher-ana")
    make_older(fresh, 13.9)
    make_older(old, 14)
    assert claim_states("gopher-ana") == {"alice": "pending", "bob": "expired"}
    assert list(Claim.objects.pending()) == [fresh]
    assert list(Claim.objects.expired()) == [old]
    old.refresh_from_db()
    assert old.expires_at == old.created_at + timedelta(days=14)


def test_the_expiry_follows_the_setting(alice, settings):
    claim = claims.claim(alice, "gopher-ana")
    make_older(claim, 5)
    assert claim_states("gopher-ana") == {"alice": "pending"}
    settings.COMMUNITY_CLAIM_EXPIRY_DAYS = 3
    assert claim_states("gopher-ana") == {"alice": "expired"}


def test_claiming_again_after_expiry_starts_a_new_waiting_period(alice):
    claim = claims.claim(alice, "gopher-ana")
    make_older(claim, 20)
    again = claims.claim(alice, "gopher-ana")
    assert again.pk == claim.pk and again.state == Claim.PENDING
    assert again.expires_at > timezone.now() + timedelta(days=13)


def test_staff_confirm_one_claim_and_the_competing_ones_are_rejected(alice, bob, staff):
    mine = claims.claim(alice, "gopher-ana")
    claims.claim(bob, "gopher-ana")
    claims.claim(staff, "gopher-ana")
    confirmed = claims.confirm(mine)
    assert confirmed.confirmed_by == Claim.STAFF and confirmed.decided_at is not None
    assert claim_states("gopher-ana") == {
        "alice": "confirmed",
        "bob": "rejected",
        "sam": "rejected",
    }
    assert Contributor.objects.get(login="gopher-ana").learner == alice
    # Confirming it again changes nothing.
    assert claims.confirm(mine).decided_at == confirmed.decided_at


def test_staff_can_confirm_a_claim_of_another_account_over_their_own_decision(alice, bob):
    claims.confirm(claims.claim(alice, "gopher-ana"))
    bobs = Claim.objects.create(user=bob, contributor=Contributor.objects.get(login="gopher-ana"))
    claims.confirm(bobs)
    assert claim_states("gopher-ana") == {"alice": "rejected", "bob": "confirmed"}


def test_a_login_has_at_most_one_confirmed_claim(alice, bob):
    claims.confirm(claims.claim(alice, "gopher-ana"))
    contributor = Contributor.objects.get(login="gopher-ana")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(user=bob, contributor=contributor, status=Claim.CONFIRMED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(user=alice, contributor=contributor)


def test_staff_reject_a_claim(alice):
    claim = claims.claim(alice, "gopher-ana")
    claims.reject(claim)
    assert claim_states("gopher-ana") == {"alice": "rejected"}


def test_a_login_confirmed_for_another_account_cannot_be_claimed(alice, bob):
    claims.confirm(claims.claim(alice, "gopher-ana"))
    with pytest.raises(claims.ClaimError, match="already confirmed for another account"):
        claims.claim(bob, "gopher-ana")
    assert claims.claim(alice, "gopher-ana").state == Claim.CONFIRMED


def test_a_rejected_claim_is_not_reopened_by_claiming_again(alice):
    claims.reject(claims.claim(alice, "gopher-ana"))
    with pytest.raises(claims.ClaimError, match="was rejected"):
        claims.claim(alice, "gopher-ana")


def test_a_github_proof_confirms_the_claim_and_rejects_the_competing_ones(alice, bob):
    claims.claim(alice, "gopher-ana")
    claims.claim(bob, "gopher-ana")
    proven = claims.prove_with_github(alice, "gopher-ana")
    assert proven.status == Claim.CONFIRMED and proven.confirmed_by == Claim.GITHUB
    assert claim_states("gopher-ana") == {"alice": "confirmed", "bob": "rejected"}


def test_a_github_proof_without_a_claim_makes_a_confirmed_one(alice):
    proven = claims.prove_with_github(alice, "gopher-ana")
    assert proven.confirmed_by == Claim.GITHUB
    assert Contributor.objects.get(login="gopher-ana").learner == alice


def test_a_github_proof_wins_over_a_staff_confirmation(alice, bob):
    claims.confirm(claims.claim(bob, "gopher-ana"))
    claims.prove_with_github(alice, "gopher-ana")
    assert claim_states("gopher-ana") == {"alice": "confirmed", "bob": "rejected"}


def test_staff_cannot_override_a_github_proof(alice, bob):
    claims.claim(bob, "gopher-ana")
    claims.prove_with_github(alice, "gopher-ana")
    with pytest.raises(claims.ClaimError, match="proven with GitHub by another account"):
        claims.confirm(Claim.objects.get(user=bob))
    assert claim_states("gopher-ana") == {"alice": "confirmed", "bob": "rejected"}


def test_the_admin_lists_competing_claims_side_by_side(client, alice, bob, staff):
    claims.claim(alice, "zed")
    claims.claim(bob, "gopher-ana")
    make_older(claims.claim(alice, "gopher-ana"), 30)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_claim", "change_claim", "view_contributor"])
    )
    client.force_login(staff)
    page = client.get("/admin/community/claim/").content.decode()
    assert page.index("gopher-ana") < page.index("zed")
    pending = client.get("/admin/community/claim/?state=pending").content.decode()
    assert pending.count('class="action-select"') == 2
    expired = client.get("/admin/community/claim/?state=expired").content.decode()
    assert expired.count('class="action-select"') == 1
    contributor = Contributor.objects.get(login="gopher-ana")
    page = client.get(f"/admin/community/contributor/{contributor.pk}/change/").content.decode()
    assert "alice" in page and "bob" in page and "expired" in page
    assert f"/admin/community/claim/?contributor__id__exact={contributor.pk}" in page
    listed = client.get(f"/admin/community/claim/?contributor__id__exact={contributor.pk}")
    assert listed.status_code == 200 and listed.content.decode().count('class="action-select"') == 2


def test_the_admin_confirms_one_claim_per_login_and_rejects(client, alice, bob, staff):
    first = claims.claim(alice, "gopher-ana")
    second = claims.claim(bob, "gopher-ana")
    staff.user_permissions.add(Permission.objects.get(codename="change_claim"))
    client.force_login(staff)
    both = {"action": "confirm_claims", "_selected_action": [first.pk, second.pk]}
    page = client.post("/admin/community/claim/", both, follow=True).content.decode()
    assert "select one claim per login" in page
    assert claim_states("gopher-ana") == {"alice": "pending", "bob": "pending"}
    client.post(
        "/admin/community/claim/", {"action": "reject_claims", "_selected_action": [second.pk]}
    )
    assert claim_states("gopher-ana") == {"alice": "pending", "bob": "rejected"}


def test_the_page_tells_a_learner_where_their_claim_stands(client, alice, bob):
    client.force_login(bob)
    client.post("/community/claim/", {"login": "gopher-ana"})
    page = client.get("/community/contributors/gopher-ana/").content.decode()
    assert "Your claim is <strong>pending</strong>" in page
    assert "No pull request or review by gopher-ana has reached this site yet" in page
    assert "Prove with GitHub" not in page  # no GitHub OAuth app configured

    claims.prove_with_github(alice, "gopher-ana")
    response = client.post("/community/claim/", {"login": "gopher-ana"}, follow=True)
    assert "gopher-ana is already confirmed for another account" in response.content.decode()
    page = client.get("/community/contributors/gopher-ana/").content.decode()
    assert "This login is confirmed for another account." in page
    assert "This is me" not in page
    assert "also a learner here as <strong>alice</strong>" in page


def test_a_claim_on_a_login_never_seen_says_so(client, alice):
    client.force_login(alice)
    response = client.post("/community/claim/", {"login": "nobody-yet"}, follow=True)
    page = response.content.decode()
    assert "You claimed nobody-yet. The claim is pending until" in page
    assert "No pull request or review by nobody-yet has reached this site yet." in page


def test_a_refused_claim_goes_back_to_the_leaderboard(client, alice):
    client.force_login(alice)
    response = client.post("/community/claim/", {"login": "not a login!"}, follow=True)
    assert response.redirect_chain[-1][0] == "/community/leaderboard/"
    assert "is not a GitHub login" in response.content.decode()
