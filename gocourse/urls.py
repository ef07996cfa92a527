from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("grader/", include("grader.urls")),
    path("quiz/", include("quizzes.urls")),
    path("community/", include("community.urls")),
    path("health/", include("health.urls")),
    path("", include("courses.urls")),
]
