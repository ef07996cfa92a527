from django.urls import path

from discussions import views

app_name = "discussions"

urlpatterns = [
    path("mine/", views.my_questions, name="mine"),
    path("flagged/", views.flagged, name="flagged"),
    path("questions/<int:thread_id>/", views.thread_detail, name="thread"),
    path("questions/<int:thread_id>/answer/", views.post_answer, name="answer"),
    path("questions/<int:thread_id>/accept/", views.accept_answer, name="accept"),
    path("posts/<int:post_id>/", views.post_detail, name="post"),
    path("posts/<int:post_id>/edit/", views.edit_post, name="edit"),
    path("posts/<int:post_id>/delete/", views.delete_post, name="delete"),
    path("posts/<int:post_id>/vote/", views.vote, name="vote"),
    path("posts/<int:post_id>/flag/", views.flag_post, name="flag"),
    path("posts/<int:post_id>/moderate/", views.moderate, name="moderate"),
    path("posts/<int:post_id>/code/", views.post_code, name="code"),
    path("<slug:course_slug>/<slug:lesson_slug>/", views.lesson_discussion, name="lesson"),
]
