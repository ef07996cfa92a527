from django import forms
from django.http import QueryDict

from grader.models import Submission
from grader.run_options import RunOptions

MAIN_FILE = "main.go"
FILE_FIELD_PREFIX = "file:"


class RunForm(forms.Form):
    """Code run or formatted from a page: one `code` field, or several `file:<name>`."""

    code = forms.CharField(strip=False, required=False, max_length=128 * 1024)
    kind = forms.ChoiceField(
        choices=[(Submission.Kind.RUN, "Run"), (Submission.Kind.FORMAT, "Format")]
    )
    lesson = forms.IntegerField(required=False, min_value=1)
    block = forms.IntegerField(required=False, min_value=0, max_value=1000)
    # What the lesson's block asks for (courses.code_blocks): "Run with -race", and the
    # clock. Trusting the page is harmless: either only changes how the learner's own
    # program runs, within the same limits.
    race = forms.BooleanField(required=False)
    clock = forms.ChoiceField(
        choices=[("real", "Real time"), ("virtual", "Virtual time")], required=False
    )

    def run_options(self) -> RunOptions:
        data = self.cleaned_data
        return RunOptions(race=data["race"], virtual_time=data["clock"] == "virtual")


def files_from(post: QueryDict) -> dict[str, str]:
    files = {
        key.removeprefix(FILE_FIELD_PREFIX): value
        for key, value in post.items()
        if key.startswith(FILE_FIELD_PREFIX)
    }
    if not files and "code" in post:
        files = {MAIN_FILE: post["code"]}
    return files
