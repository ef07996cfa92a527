from django.urls import path

from quizzes import views

urlpatterns = [
    path("review/", views.review, name="quiz_review"),
    path("review/<int:card_id>/answer/", views.review_answer, name="quiz_review_answer"),
    path("answers/<int:answer_id>/", views.answer_detail, name="quiz_answer_detail"),
    path("attempts/<int:attempt_id>/", views.result, name="quiz_result"),
    path("<slug:course_slug>/<slug:lesson_slug>/", views.quiz_page, name="quiz"),
    path("<slug:course_slug>/<slug:lesson_slug>/start/", views.start, name="quiz_start"),
    path("<slug:course_slug>/<slug:lesson_slug>/answer/", views.answer, name="quiz_answer"),
    path("<slug:course_slug>/<slug:lesson_slug>/hint/", views.hint, name="quiz_hint"),
]
