"""Learner accounts claim GitHub logins; GitHub or staff decide whose claim holds.

Any number of accounts may have a pending claim on one login: nobody is blocked by
whoever claimed first. A claim is confirmed when its learner proves the login by signing
in with GitHub (community.github_proof), or by staff in the admin; confirming one claim
rejects the others for that login. A pending claim expires after
COMMUNITY_CLAIM_EXPIRY_DAYS (read at query time, see ClaimQuerySet). Proof by GitHub
wins over a staff decision: staff judge from what a claimant tells them, GitHub's OAuth
shows who holds the account right now.
"""

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from community.models import Claim, Contributor
from community.reputation import contributor_for

# GitHub's rule: alphanumerics and single hyphens, not at either end, at most 39.
LOGIN_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


class ClaimError(ValueError):
    pass


def _locked_contributor(login: str) -> Contributor:
    """The contributor for a login, its row locked: decisions on one login run in turn."""
    contributor = contributor_for(login)
    return Contributor.objects.select_for_update().get(pk=contributor.pk)


@transaction.atomic
def claim(user: AbstractBaseUser, login: str) -> Claim:
    """The user's pending (or already confirmed) claim on a login."""
    if not LOGIN_RE.match(login):
        raise ClaimError(f"“{login}” is not a GitHub login.")
    contributor = _locked_contributor(login)
    owner = contributor.claims.confirmed().exclude(user=user).first()
    if owner is not None:
        # The login's page says whether a GitHub proof can still win it.
        raise ClaimError(f"{contributor.login} is already confirmed for another account.")
    existing = contributor.claims.filter(user=user).first()
    if existing is None:
        return Claim.objects.create(user=user, contributor=contributor)
    if existing.state == Claim.REJECTED:
        raise ClaimError(f"Your claim on {contributor.login} was rejected.")
    if existing.state == Claim.EXPIRED:
        # Claiming again starts a new waiting period.
        existing.created_at = timezone.now()
        existing.save(update_fields=["created_at"])
    return existing


def has_activity(contributor: Contributor) -> bool:
    """Whether a webhook delivery named this login: as author, merger or reviewer."""
    return (
        contributor.pull_requests.exists()
        or contributor.merges.exists()
        or contributor.reviews.exists()
    )


def _decide(contributor: Contributor, winner: Claim | None, user, by: str) -> Claim:
    """Confirm `user`'s claim on a locked contributor and reject every other account's."""
    now = timezone.now()
    contributor.claims.exclude(user_id=user.pk).exclude(status=Claim.REJECTED).update(
        status=Claim.REJECTED, confirmed_by="", decided_at=now
    )
    winner = winner or Claim(user=user, contributor=contributor)
    winner.status, winner.confirmed_by, winner.decided_at = Claim.CONFIRMED, by, now
    winner.save()
    return winner


@transaction.atomic
def prove_with_github(user: AbstractBaseUser, login: str) -> Claim:
    """GitHub's OAuth showed that `user` holds `login`: their claim is confirmed (made if
    there was none) and every other account's claim on it is rejected, also one that
    staff or an earlier GitHub proof had confirmed (logins are renamed and reused)."""
    contributor = _locked_contributor(login)
    return _decide(contributor, contributor.claims.filter(user=user).first(), user, Claim.GITHUB)


@transaction.atomic
def confirm(claim: Claim) -> Claim:
    """A staff member confirms a claim; the other claims on its login are rejected."""
    contributor = Contributor.objects.select_for_update().get(pk=claim.contributor_id)
    proven = contributor.claims.confirmed().filter(confirmed_by=Claim.GITHUB)
    if proven.exclude(user_id=claim.user_id).exists():
        raise ClaimError(
            f"{contributor.login} was proven with GitHub by another account; "
            "a staff decision cannot override that."
        )
    current = Claim.objects.get(pk=claim.pk)
    if current.status == Claim.CONFIRMED:
        return current
    return _decide(contributor, current, claim.user, Claim.STAFF)


@transaction.atomic
def reject(claim: Claim) -> None:
    """A staff member rejects a claim, pending or confirmed."""
    Claim.objects.filter(pk=claim.pk).exclude(status=Claim.REJECTED).update(
        status=Claim.REJECTED, confirmed_by="", decided_at=timezone.now()
    )
