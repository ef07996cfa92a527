"""A learner claims a login and proves it with GitHub, in Chromium. GitHub's consent page
is played by a route of the browser; the site's own calls to GitHub by `responses`."""

import html
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import responses
from django.contrib.auth.models import User
from playwright.sync_api import Route, expect

from community import claims
from community.models import Claim
from tests.community.github import payload
from tests.e2e.conftest import sign_up

pytestmark = pytest.mark.browser


def github_consent(route: Route) -> None:
    """GitHub's “Authorize gocourse” page: its button returns to the site's callback."""
    query = parse_qs(urlsplit(route.request.url).query)
    back = (
        f"{query['redirect_uri'][0]}?{urlencode({'code': 'e2e-code', 'state': query['state'][0]})}"
    )
    route.fulfill(
        status=200,
        content_type="text/html",
        body=f'<!doctype html><title>Authorize</title><a href="{html.escape(back)}">Authorize gocourse</a>',
    )


def test_a_learner_proves_a_claim_with_github(page, course, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"SCOPE": [], "APPS": [{"client_id": "Ov23liE2e", "secret": "e2e-secret"}]}
    }
    rival = User.objects.create_user("rival", password="rival horse battery")
    claims.claim(rival, "gopher-ana")

    sign_up(page, "ana")
    page.goto("/community/leaderboard/")
    page.get_by_label("Contributed on GitHub?").fill("gopher-ana")
    page.get_by_role("button", name="Claim").click()
    expect(page.locator(".message-success")).to_contain_text("The claim is pending until")
    expect(page.locator(".claim-status")).to_contain_text("Your claim is pending: it expires on")

    page.route("https://github.com/login/oauth/authorize*", github_consent)
    with responses.RequestsMock() as github:
        github.post(
            "https://github.com/login/oauth/access_token",
            body="access_token=gho_e2eToken&scope=&token_type=bearer",
            content_type="application/x-www-form-urlencoded; charset=utf-8",
        )
        github.get("https://api.github.com/user", json=payload("github_user"))
        page.get_by_role("button", name="Prove with GitHub").click()
        page.get_by_role("link", name="Authorize gocourse").click()
        expect(page.locator(".message-success")).to_contain_text(
            "GitHub confirms that you are gopher-ana"
        )
    expect(page.get_by_role("heading", level=1)).to_have_text("gopher-ana")
    expect(page.locator(".claim-status")).to_contain_text(
        "This login is yours: confirmed by signing in with GitHub"
    )
    assert Claim.objects.get(user=rival).status == Claim.REJECTED
