from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("github/webhook", views.github_webhook, name="github_webhook"),
    path("leaderboard/", views.leaderboard_page, name="leaderboard"),
    path("contributors/<str:login>/", views.contributor_page, name="contributor"),
    path("claim/", views.claim_login, name="claim"),
]
