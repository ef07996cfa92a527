"""A failed test's message split into got and want, with the difference marked."""

import pytest

from grader.failures import got_want


def sides(message: str) -> tuple[str, str, str]:
    found = got_want(message)
    assert found is not None, message
    return (
        found.prefix,
        "".join(f"[-{t}]" if kind == "del" else t for kind, t in found.got),
        "".join(f"[+{t}]" if kind == "ins" else t for kind, t in found.want),
    )


@pytest.mark.parametrize(
    "message",
    ["got 3, want 4", "got 3; want 4", "got: 3, want: 4", "greeting_test.go:9: got 3, want 4"],
)
def test_it_reads_the_plain_forms(message):
    assert sides(message) == ("", "[-3]", "[+4]")


def test_it_reads_a_call_and_its_result():
    message = 'greeting_test.go:10: Greeting("Ada", 2) = "Hello Ada", want "Hello, Ada!"'
    assert sides(message) == ('Greeting("Ada", 2)', '"Hello Ada"', '"Hello[+,] Ada[+!]"')


def test_it_marks_what_got_has_too_many():
    assert sides('Hello() = "Hello, Go!!", want "Hello, Go!"') == (
        "Hello()",
        '"Hello, Go![-!]"',
        '"Hello, Go!"',
    )


def test_a_note_after_a_quoted_want_is_left_out_of_the_difference():
    message = 'Greeting("Grace", 1) = "1 cups", want "1 cup" (one cup, singular)'
    assert sides(message) == ('Greeting("Grace", 1)', '"1 cup[-s]"', '"1 cup"')


def test_a_want_inside_a_quoted_string_is_not_the_split():
    assert sides('Echo() = "a, want b", want "c"') == ("Echo()", '"[-a, want b]"', '"[+c]"')


def test_it_reads_the_multi_line_form_line_by_line():
    message = "Report() mismatch\ngot:\nalpha\nbeta\nwant:\nalpha\ngamma"
    assert sides(message) == ("Report() mismatch", "alpha\n[-beta]", "alpha\n[+gamma]")


def test_only_the_first_error_of_a_test_is_split():
    message = "a_test.go:3: got 1, want 2\na_test.go:7: got 5, want 6"
    assert sides(message) == ("", "[-1]", "[+2]")


@pytest.mark.parametrize(
    "message",
    [
        "",
        "This test did not finish: the tests ran longer than 5 s.",
        "unexpected error: file not found",
        "got 3, want 3",  # nothing to mark
        "got, want",
    ],
)
def test_messages_without_got_and_want_are_left_alone(message):
    assert got_want(message) is None


def test_the_page_escapes_both_sides(client):
    from django.template import Context, Template

    html = Template(
        "{% load grader_tags %}{% with gw=m|got_want %}"
        "{% for kind, text in gw.got %}{{ text }}{% endfor %}{% endwith %}"
    ).render(Context({"m": 'F() = "<script>", want "<b>"'}))
    assert "<script>" not in html and "&lt;script&gt;" in html
