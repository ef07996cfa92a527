"""community 0002: the one claim a Contributor held becomes a Claim, and back."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("community", "0001_initial")]
AFTER = [("community", "0002_claims")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_claims_are_carried_over_and_back(back_to_latest):
    old = migrate(BEFORE)
    User = old.get_model("auth", "User")
    Contributor = old.get_model("community", "Contributor")
    alice = User.objects.create(username="alice")
    bob = User.objects.create(username="bob")
    long_ago = timezone.now() - timedelta(days=400)
    Contributor.objects.create(
        login="gopher-ana", claimed_by=alice, claimed_at=long_ago, claim_confirmed=True
    )
    Contributor.objects.create(login="gopher-bo", claimed_by=bob, claimed_at=long_ago)
    Contributor.objects.create(login="nobody")

    new = migrate(AFTER)
    Claim = new.get_model("community", "Claim")
    carried = {
        claim.contributor.login: (claim.user.username, claim.status, claim.confirmed_by)
        for claim in Claim.objects.select_related("contributor", "user")
    }
    assert carried == {
        "gopher-ana": ("alice", "confirmed", "staff"),
        "gopher-bo": ("bob", "pending", ""),
    }
    # The expiry is new: a claim made before it gets a full waiting period.
    assert Claim.objects.get(contributor__login="gopher-bo").created_at > long_ago

    old = migrate(BEFORE)
    Contributor = old.get_model("community", "Contributor")
    restored = {c.login: (c.claimed_by_id, c.claim_confirmed) for c in Contributor.objects.all()}
    assert restored == {
        "gopher-ana": (alice.pk, True),
        "gopher-bo": (bob.pk, False),
        "nobody": (None, False),
    }
