"""“Prove with GitHub”: django-allauth's GitHub provider, used as a connection only.

A signed-in learner connects their GitHub account (allauth's "connect" process). allauth
runs GitHub's OAuth flow and reads the profile; the login in it (`extra_data["login"]`)
is then proven theirs (community.claims.prove_with_github). Nobody signs in or up with
GitHub: accounts stay the site's own username and password, and a GitHub login or signup
attempt is sent to the sign-in page.
"""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, get_adapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError, AuthProcess
from allauth.socialaccount.signals import social_account_added, social_account_updated
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from community import claims

log = logging.getLogger(__name__)

PROVIDER = "github"


def is_available(request: HttpRequest) -> bool:
    """Whether a GitHub OAuth app is configured (GITHUB_OAUTH_CLIENT_ID and _SECRET)."""
    return bool(get_adapter(request).list_apps(request, provider=PROVIDER))


class ProofAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request: HttpRequest, provider: str, client_id: str | None = None):
        try:
            return super().get_app(request, provider, client_id)
        except SocialApp.DoesNotExist:
            raise Http404("Proving a login with GitHub is not configured here.") from None

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        connecting = sociallogin.state.get("process") == AuthProcess.CONNECT
        if connecting and request.user.is_authenticated:
            return
        messages.error(
            request,
            "Signing in with GitHub is not offered: sign in with your username and "
            "password, then use “Prove with GitHub” on your contributor page.",
        )
        next_url = sociallogin.get_redirect_url(request) or reverse("home")
        if request.user.is_authenticated:
            raise ImmediateHttpResponse(redirect(next_url))
        raise ImmediateHttpResponse(redirect_to_login(next_url))

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider,
        error=None,
        exception=None,
        extra_context=None,
    ) -> None:
        if error == AuthError.CANCELLED:
            messages.info(request, "You cancelled at GitHub: nothing was proven.")
        else:
            log.warning("GitHub proof failed: %s %r", error, exception)
            messages.error(request, "GitHub could not confirm your login. Please try again.")
        state = (extra_context or {}).get("state") or {}
        raise ImmediateHttpResponse(redirect(state.get("next") or "community:leaderboard"))

    def get_connect_redirect_url(self, request: HttpRequest, socialaccount) -> str:
        login = socialaccount.extra_data.get("login")
        if login:
            return reverse("community:contributor", args=[login])
        return reverse("community:leaderboard")


@receiver(social_account_added, dispatch_uid="community.prove_on_connect")
@receiver(social_account_updated, dispatch_uid="community.prove_on_reconnect")
def prove_claim(sender, request: HttpRequest, sociallogin: SocialLogin, **kwargs) -> None:
    """A GitHub account was connected (or connected again) to the signed-in learner."""
    if sociallogin.account.provider != PROVIDER:
        return
    if sociallogin.state.get("process") != AuthProcess.CONNECT:
        return
    # `updated` also fires when the GitHub account is another learner's: allauth then
    # refuses to connect it, and nothing is proven for this one.
    if not request.user.is_authenticated or sociallogin.user != request.user:
        return
    login = sociallogin.account.extra_data.get("login")
    if not login:
        return
    claims.prove_with_github(request.user, login)
    messages.success(
        request, f"GitHub confirms that you are {login}: its points now show as yours."
    )
