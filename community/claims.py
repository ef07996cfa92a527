"""A learner account claims a GitHub login; staff confirm the claim in the admin."""

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from community.models import Contributor
from community.reputation import contributor_for

# GitHub's rule: alphanumerics and single hyphens, not at either end, at most 39.
LOGIN_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


class ClaimError(ValueError):
    pass


@transaction.atomic
def claim(user: AbstractBaseUser, login: str) -> Contributor:
    if not LOGIN_RE.match(login):
        raise ClaimError(f"“{login}” is not a GitHub login.")
    contributor = contributor_for(login)
    contributor = Contributor.objects.select_for_update().get(pk=contributor.pk)
    if contributor.claimed_by_id not in (None, user.pk):
        raise ClaimError(f"{contributor.login} is already claimed by another account.")
    if contributor.claimed_by_id is None:
        contributor.claimed_by, contributor.claimed_at = user, timezone.now()
        contributor.claim_confirmed = False
        contributor.save(update_fields=["claimed_by", "claimed_at", "claim_confirmed"])
    return contributor


def confirm(contributor: Contributor) -> None:
    Contributor.objects.filter(pk=contributor.pk, claimed_by__isnull=False).update(
        claim_confirmed=True
    )
