from django import forms
from django.http import QueryDict

from grader.models import Submission

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


def files_from(post: QueryDict) -> dict[str, str]:
    files = {
        key.removeprefix(FILE_FIELD_PREFIX): value
        for key, value in post.items()
        if key.startswith(FILE_FIELD_PREFIX)
    }
    if not files and "code" in post:
        files = {MAIN_FILE: post["code"]}
    return files
