"""Learners' feedback on a lesson: the form and the one place that saves it."""

from django import forms
from django.contrib.auth.models import AbstractBaseUser

from courses.models import Lesson
from health.models import COMMENT_MAX_LENGTH, LessonFeedback

DIFFICULTY_CHOICES = [
    (1, "1 · very easy"),
    (2, "2 · easy"),
    (3, "3 · about right"),
    (4, "4 · hard"),
    (5, "5 · very hard"),
]


def section_choices(lesson: Lesson) -> list[tuple[str, str]]:
    """The lesson's sections a learner may name, from its table of contents."""
    return [(entry["anchor"], entry["text"]) for entry in lesson.toc if entry.get("anchor")]


class FeedbackForm(forms.Form):
    difficulty = forms.TypedChoiceField(
        label="How hard was this lesson?",
        choices=DIFFICULTY_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    confusing = forms.BooleanField(label="This was confusing", required=False)
    confusing_section = forms.ChoiceField(label="Where?", required=False)
    comment = forms.CharField(
        label="Anything to add? (only instructors read it)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX_LENGTH}),
    )

    def __init__(self, *args, lesson: Lesson, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confusing_section"].choices = [("", "The whole lesson")] + section_choices(
            lesson
        )

    def clean_comment(self) -> str:
        return self.cleaned_data["comment"].strip()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("confusing"):
            data["confusing_section"] = ""
        return data


def feedback_for(user: AbstractBaseUser, lesson: Lesson) -> LessonFeedback | None:
    if not user.is_authenticated:
        return None
    return LessonFeedback.objects.filter(user=user, lesson=lesson).first()


def initial_form(user: AbstractBaseUser, lesson: Lesson) -> FeedbackForm:
    existing = feedback_for(user, lesson)
    initial = {}
    if existing is not None:
        initial = {
            "difficulty": existing.difficulty,
            "confusing": existing.confusing,
            "confusing_section": existing.confusing_section,
            "comment": existing.comment,
        }
    return FeedbackForm(initial=initial, lesson=lesson)


def save_feedback(user: AbstractBaseUser, lesson: Lesson, data: dict) -> LessonFeedback:
    """Create or replace the learner's feedback on the lesson (cleaned form data)."""
    feedback, _ = LessonFeedback.objects.update_or_create(
        user=user,
        lesson=lesson,
        defaults={
            "difficulty": data["difficulty"],
            "confusing": bool(data.get("confusing")),
            "confusing_section": data.get("confusing_section", ""),
            "comment": data.get("comment", ""),
        },
    )
    return feedback
