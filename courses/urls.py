from django.urls import path

from courses import views

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
]
