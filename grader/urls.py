from django.urls import path

from grader import views

urlpatterns = [
    path("run/", views.run_code, name="run_code"),
    path("exercises/<int:exercise_id>/submit/", views.submit_exercise, name="submit_exercise"),
    path("submissions/<uuid:public_id>/", views.submission_detail, name="submission_detail"),
    path("submissions/<uuid:public_id>.json", views.submission_json, name="submission_json"),
    path("submissions/<uuid:public_id>/stop/", views.stop_submission, name="stop_submission"),
    path(
        "submissions/<uuid:public_id>/stop.json",
        views.stop_submission_json,
        name="stop_submission_json",
    ),
]
