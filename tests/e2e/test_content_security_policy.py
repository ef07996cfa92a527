"""The Content-Security-Policy (issue 14, point 6): only the site's own scripts and styles.

Every browser test already fails on a violation (the `page` fixture); these check that
the policy is really there and really refuses what it should."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.e2e.conftest import csp_violations, sign_up

pytestmark = pytest.mark.browser


def test_every_page_carries_the_policy(page: Page, course):
    for address in ("/", "/learn/go/", "/learn/go/01-hello-go/", "/accounts/login/"):
        response = page.goto(address)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "object-src 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_an_injected_inline_script_and_style_are_refused(browser, live_server, course):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    refused = csp_violations(page)
    try:
        page.goto("/learn/go/01-hello-go/")
        # What an XSS would do if escaping ever failed: add markup with inline code.
        page.evaluate(
            """() => {
                const holder = document.createElement("div");
                holder.innerHTML = '<img src="/nope" onerror="window.pwned = true">';
                document.body.append(holder);
                const script = document.createElement("script");
                script.textContent = "window.pwned = true";
                document.body.append(script);
                const style = document.createElement("style");
                style.textContent = "body { display: none }";
                document.head.append(style);
            }"""
        )
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("() => window.pwned") is None
        assert len(refused) >= 2, refused
    finally:
        context.close()


def test_the_admin_and_the_health_dashboard_run_under_the_policy(page: Page, course):
    sign_up(page, "warden")
    User.objects.filter(username="warden").update(is_staff=True, is_superuser=True)
    page.goto("/health/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Course health")
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/admin/community/contributor/")
    expect(page.locator("#changelist")).to_be_visible()
