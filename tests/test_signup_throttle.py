"""Accounts created per client address are limited; a broken Redis never stops a signup.

Every test counts under keys of its own (tests/conftest.py, _own_signup_counts).
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from courses import throttle

pytestmark = pytest.mark.django_db

SCHOOL = "203.0.113.7"
CAFE = "198.51.100.9"
REFUSED = "Too many accounts were created from your network in the last hour; try again later."
BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}


def sign_up(username: str, address: str, password: str = "a long pass phrase 42", **headers):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/signup/",
        {"username": username, "password1": password, "password2": password},
        headers=headers,
    )


@pytest.mark.redis
def test_the_sixth_account_from_one_address_in_an_hour_is_refused(synced_content, settings):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 5
    for number in range(5):
        assert sign_up(f"pupil{number}", SCHOOL).status_code == 302

    response = sign_up("pupil5", SCHOOL)

    assert response.status_code == 429
    page = response.content.decode()
    assert page.startswith("<!doctype html>")
    assert REFUSED in page and 'role="alert"' in page
    assert not User.objects.filter(username="pupil5").exists()
    assert User.objects.count() == 5


@pytest.mark.redis
def test_a_boosted_signup_over_the_limit_gets_the_message_in_the_page_body(
    synced_content, settings
):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 1
    assert sign_up("first", SCHOOL, **BOOSTED).status_code == 302

    response = sign_up("second", SCHOOL, **BOOSTED)

    assert response.status_code == 429
    page = response.content.decode()
    assert "<html" not in page and '<main id="main"' in page
    assert REFUSED in page
    assert not User.objects.filter(username="second").exists()


@pytest.mark.redis
def test_another_address_can_still_sign_up(synced_content, settings):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 1
    assert sign_up("first", SCHOOL).status_code == 302
    assert sign_up("second", SCHOOL).status_code == 429

    assert sign_up("third", CAFE).status_code == 302
    assert User.objects.filter(username="third").exists()


@pytest.mark.redis
def test_only_created_accounts_count(synced_content, settings):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 1
    for _ in range(3):
        assert sign_up("pupil", SCHOOL, password="short").status_code == 200

    assert sign_up("pupil", SCHOOL).status_code == 302


def test_with_redis_down_signups_go_through(synced_content, settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 1

    statuses = [sign_up(f"pupil{number}", SCHOOL).status_code for number in range(3)]

    assert statuses == [302, 302, 302]
    assert User.objects.count() == 3
    assert "signup limit not applied, Redis is unavailable" in caplog.text


def address_of(settings, remote: str, forwarded: str | None = None, proxies: int = 0) -> str:
    settings.NUM_PROXIES = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return throttle.client_address(RequestFactory().post("/accounts/signup/", **meta))


def test_without_proxies_the_client_is_remote_addr_whatever_it_forwards(settings):
    assert address_of(settings, SCHOOL, forwarded=CAFE) == SCHOOL


def test_behind_a_proxy_the_client_is_the_address_the_proxy_appended(settings):
    # The proxy is on the host: every request comes from the container network's gateway.
    gateway = "172.18.0.1"
    assert address_of(settings, gateway, forwarded=SCHOOL, proxies=1) == SCHOOL
    # What the client sent itself is left of it, and not believed.
    assert address_of(settings, gateway, forwarded=f"10.0.0.1, {SCHOOL}", proxies=1) == SCHOOL
    assert (
        address_of(settings, gateway, forwarded=f"10.0.0.1, {SCHOOL}, {CAFE}", proxies=2) == SCHOOL
    )
    # Not through the proxy: nothing appended, so the connection's own address.
    assert address_of(settings, gateway, proxies=1) == gateway


def test_an_ipv6_client_stands_for_its_slash_64(settings):
    assert address_of(settings, "2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert address_of(settings, "2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
