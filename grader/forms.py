from django import forms

from grader.models import Submission


class RunForm(forms.Form):
    """A lesson's Go block, run or formatted from the page."""

    code = forms.CharField(strip=False, max_length=128 * 1024)
    kind = forms.ChoiceField(
        choices=[(Submission.Kind.RUN, "Run"), (Submission.Kind.FORMAT, "Format")]
    )
    lesson = forms.IntegerField(required=False, min_value=1)
    block = forms.IntegerField(required=False, min_value=0, max_value=1000)
