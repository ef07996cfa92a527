"""The forms learners fill in: a question, an answer, an edit."""

from django import forms

from courses.models import Lesson
from discussions.models import BODY_MAX_LENGTH, CODE_MAX_LENGTH, TITLE_MAX_LENGTH

BODY_HELP = "Markdown: **bold**, `code`, lists, links. No HTML."
WRITE_SOMETHING = "Write a few words."


def lesson_sections(lesson: Lesson) -> list[tuple[str, str]]:
    """The sections of the lesson a question may be about: its table of contents."""
    return [(entry["anchor"], entry["text"]) for entry in lesson.toc if entry.get("anchor")]


def _body_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=BODY_MAX_LENGTH,
        help_text=BODY_HELP,
        error_messages={"required": WRITE_SOMETHING},
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX_LENGTH}),
    )


def _code_field() -> forms.CharField:
    return forms.CharField(
        label="Go code (optional)",
        required=False,
        strip=False,
        max_length=CODE_MAX_LENGTH,
        help_text="Shown highlighted, with an editor to run it.",
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "maxlength": CODE_MAX_LENGTH,
                "class": "code-input",
                "spellcheck": "false",
                "autocapitalize": "off",
                "autocomplete": "off",
                "wrap": "off",
            }
        ),
    )


class PostForm(forms.Form):
    """An answer, or the text of any post being edited."""

    body = _body_field("Your answer")
    code = _code_field()

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(WRITE_SOMETHING)
        return body

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace("\r\n", "\n")
        return code.strip("\n") if code.strip() else ""


class QuestionEditForm(PostForm):
    title = forms.CharField(
        label="Your question, in one line",
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_LENGTH}),
    )
    body = _body_field("Details: what did you try, what happened?")

    field_order = ["title", "body", "code"]

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


class QuestionForm(QuestionEditForm):
    section = forms.ChoiceField(label="Which section is it about?")

    field_order = ["section", "title", "body", "code"]

    def __init__(self, *args, lesson: Lesson, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sections = lesson_sections(lesson)
        if sections:
            self.fields["section"].choices = [("", "Choose a section")] + sections
        else:
            self.fields["section"].choices = [("", "The whole lesson")]
            self.fields["section"].required = False
        self.section_titles = dict(sections)
