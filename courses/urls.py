from django.urls import path

from courses import exercise_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup, name="signup"),
    path("progress/", views.my_progress, name="my_progress"),
    path("learn/<slug:course_slug>/", views.course_detail, name="course_detail"),
    path("learn/<slug:course_slug>/<slug:lesson_slug>/", views.lesson_detail, name="lesson_detail"),
    path(
        "learn/<slug:course_slug>/<slug:lesson_slug>/complete/",
        views.complete_lesson,
        name="complete_lesson",
    ),
    path(
        "learn/<slug:course_slug>/<slug:lesson_slug>/exercises/<slug:exercise_slug>/",
        exercise_views.exercise_detail,
        name="exercise_detail",
    ),
    path(
        "learn/<slug:course_slug>/<slug:lesson_slug>/exercises/<slug:exercise_slug>/status/",
        exercise_views.exercise_status,
        name="exercise_status",
    ),
    path(
        "learn/<slug:course_slug>/<slug:lesson_slug>/exercises/<slug:exercise_slug>/hint/",
        exercise_views.reveal_hint,
        name="exercise_hint",
    ),
]
