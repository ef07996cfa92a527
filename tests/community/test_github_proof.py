"""“Prove with GitHub” end to end: the test client drives allauth's GitHub provider, and
`responses` answers for github.com and api.github.com (allauth calls them with requests)
with payloads in the shape GitHub sends."""

from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import User

from community import claims
from community.models import Claim
from tests.community.github import payload

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/social/github/login/"
CALLBACK_URL = "/accounts/social/github/login/callback/"
PAGE = "/community/contributors/gopher-ana/"
CLIENT_ID = "Ov23liGocourseTest01"
TOKEN = "gho_16C7e42F292c6912E7710c838347Ae178B4a"


@pytest.fixture(autouse=True)
def github_app(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {
            "SCOPE": [],
            "APPS": [
                {"client_id": CLIENT_ID, "secret": "0123456789abcdef0123456789abcdef01234567"}
            ],
        }
    }


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user("bob", password="bob horse battery")


def start(client, process: str = "connect", next_url: str = PAGE) -> dict[str, list[str]]:
    """Click “Prove with GitHub”: allauth answers with a redirect to GitHub's consent page."""
    response = client.post(LOGIN_URL, {"process": process, "next": next_url})
    assert response.status_code == 302, response.content
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc, location.path) == (
        "https",
        "github.com",
        "/login/oauth/authorize",
    )
    return parse_qs(location.query, keep_blank_values=True)


def github_answers(github: responses.RequestsMock, user: dict) -> None:
    # Without an Accept header GitHub answers the token exchange form-encoded.
    github.post(
        "https://github.com/login/oauth/access_token",
        body=f"access_token={TOKEN}&scope=&token_type=bearer",
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )
    github.get("https://api.github.com/user", json=user)


def prove(client, user: dict | None = None, process: str = "connect"):
    """The whole round trip: to GitHub and back to the callback with a code and the state."""
    query = start(client, process)
    with responses.RequestsMock() as github:
        github_answers(github, user or payload("github_user"))
        response = client.get(
            CALLBACK_URL,
            {"code": "3584d83530557fdd1f46af8289938c8ef79f9dc5", "state": query["state"][0]},
        )
        calls = list(github.calls)
    return response, calls


def test_proving_with_github_confirms_the_claim_and_rejects_the_competing_one(client, alice, bob):
    claims.claim(alice, "gopher-ana")
    claims.claim(bob, "gopher-ana")
    client.force_login(alice)
    page = client.get(PAGE).content.decode()
    assert f'action="{LOGIN_URL}"' in page and "Prove with GitHub" in page

    query = start(client)
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK_URL}"]
    assert query["scope"] == [""]  # the public profile only: no e-mail, no repositories
    assert query["response_type"] == ["code"] and query["state"][0]

    with responses.RequestsMock() as github:
        github_answers(github, payload("github_user"))
        response = client.get(CALLBACK_URL, {"code": "3584d835305", "state": query["state"][0]})
        token_request, profile_request = github.calls
    assert response.status_code == 302 and response["Location"] == PAGE
    sent = parse_qs(token_request.request.body)
    assert sent["code"] == ["3584d835305"] and sent["client_id"] == [CLIENT_ID]
    assert sent["redirect_uri"] == [f"http://testserver{CALLBACK_URL}"]
    assert profile_request.request.headers["Authorization"] == f"token {TOKEN}"

    alices, bobs = Claim.objects.get(user=alice), Claim.objects.get(user=bob)
    assert (alices.status, alices.confirmed_by) == (Claim.CONFIRMED, Claim.GITHUB)
    assert bobs.status == Claim.REJECTED
    account = SocialAccount.objects.get(user=alice)
    assert (account.provider, account.uid) == ("github", "583231")

    page = client.get(PAGE).content.decode()
    assert "GitHub confirms that you are gopher-ana" in page
    assert "This login is yours: confirmed by signing in with GitHub" in page
    assert "also a learner here as <strong>alice</strong>" in page
    assert "Prove with GitHub" not in page


def test_proving_a_login_nobody_claimed_makes_a_confirmed_claim(client, alice):
    client.force_login(alice)
    response, _ = prove(client)
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.user, claim.contributor.login, claim.confirmed_by) == (
        alice,
        "gopher-ana",
        "github",
    )


def test_github_proof_wins_over_a_staff_confirmation(client, alice, bob):
    claims.confirm(claims.claim(bob, "gopher-ana"))
    client.force_login(alice)
    prove(client)
    assert Claim.objects.get(user=alice).status == Claim.CONFIRMED
    assert Claim.objects.get(user=bob).status == Claim.REJECTED


def test_connecting_again_after_a_rename_proves_the_new_login(client, alice):
    client.force_login(alice)
    prove(client)
    renamed = {**payload("github_user"), "login": "ana-go"}  # same GitHub account (id)
    response, _ = prove(client, renamed)
    assert response.status_code == 302
    assert Claim.objects.get(contributor__login="ana-go").confirmed_by == Claim.GITHUB
    assert SocialAccount.objects.get(user=alice).extra_data["login"] == "ana-go"


def test_a_github_account_connected_to_another_learner_proves_nothing(client, alice, bob):
    client.force_login(bob)
    prove(client)
    client.get(PAGE)  # shows bob his message
    client.force_login(alice)
    response, _ = prove(client)
    page = client.get(response["Location"]).content.decode()
    assert "This GitHub account is already connected to another account" in page
    assert "GitHub confirms" not in page
    assert not Claim.objects.filter(user=alice).exists()
    assert Claim.objects.get(user=bob).status == Claim.CONFIRMED


def test_cancelling_at_github_proves_nothing(client, alice):
    claims.claim(alice, "gopher-ana")
    client.force_login(alice)
    query = start(client)
    response = client.get(
        CALLBACK_URL,
        {
            "error": "access_denied",
            "error_description": "The user has denied your application access.",
            "state": query["state"][0],
        },
    )
    assert response.status_code == 302 and response["Location"] == PAGE
    assert "You cancelled at GitHub" in client.get(PAGE).content.decode()
    assert Claim.objects.get().status == Claim.PENDING


def test_a_failed_token_exchange_proves_nothing(client, alice):
    client.force_login(alice)
    query = start(client)
    with responses.RequestsMock() as github:
        github.post(
            "https://github.com/login/oauth/access_token",
            body="error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.",
            content_type="application/x-www-form-urlencoded; charset=utf-8",
        )
        response = client.get(CALLBACK_URL, {"code": "expired", "state": query["state"][0]})
    assert response["Location"] == PAGE
    assert "GitHub could not confirm your login" in client.get(PAGE).content.decode()
    assert not Claim.objects.exists()


def test_a_forged_state_is_refused(client, alice):
    client.force_login(alice)
    start(client)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as github:
        github_answers(github, payload("github_user"))
        response = client.get(CALLBACK_URL, {"code": "3584d835305", "state": "forged"})
        assert not github.calls
    assert response.status_code == 302
    assert not Claim.objects.exists() and not SocialAccount.objects.exists()


def test_nobody_signs_in_or_up_with_github(client, alice):
    response, _ = prove(client, process="login")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert list(User.objects.all()) == [alice] and not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session
    # Not even with a GitHub account connected to a learner.
    client.force_login(alice)
    prove(client)
    client.logout()
    response, _ = prove(client, process="login")
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_without_credentials_the_button_is_hidden_and_the_flow_is_off(client, alice, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"github": {"SCOPE": [], "APPS": []}}
    claims.claim(alice, "gopher-ana")
    client.force_login(alice)
    page = client.get(PAGE).content.decode()
    assert "Prove with GitHub" not in page and "A staff member will review it." in page
    assert client.post(LOGIN_URL, {"process": "connect"}).status_code == 404


def test_the_existing_sign_in_and_sign_up_pages_stay(client):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/accounts/signup/").status_code == 200
    assert client.get(LOGIN_URL).status_code == 200  # allauth's confirmation page, ours
