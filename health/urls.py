from django.urls import path

from health import views

urlpatterns = [
    path("", views.dashboard, name="health_dashboard"),
    path(
        "feedback/<slug:course_slug>/<slug:lesson_slug>/",
        views.lesson_feedback,
        name="lesson_feedback",
    ),
    path("<slug:course_slug>/", views.dashboard, name="health_course"),
    path("<slug:course_slug>/<slug:name>.csv", views.export_csv, name="health_export"),
]
