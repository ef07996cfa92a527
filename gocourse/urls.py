from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page links: send them to the SVG."""
    return HttpResponseRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    # Only allauth's GitHub provider, to prove a claim (community.github_proof).
    path("accounts/social/", include("allauth.socialaccount.providers.github.urls")),
    path("grader/", include("grader.urls")),
    path("quiz/", include("quizzes.urls")),
    path("community/", include("community.urls")),
    path("discussion/", include("discussions.urls")),
    path("health/", include("health.urls")),
    path("", include("courses.urls")),
]
