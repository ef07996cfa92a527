"""The quiz.md format: parsing, the errors check_content reports, and answer checking."""

import hashlib
from pathlib import Path

import pytest

from content_pipeline.quiz_format import parse_quiz
from quizzes.questions import (
    OptionSpec,
    QuestionSpec,
    check_answer,
    guess_probability,
    normalise_output,
)

CONTENT = Path(__file__).resolve().parent.parent / "content"
PATH = "go/lessons/01-hello-go/quiz.md"

GOOD_QUIZ = """\
---
title: Quiz — Hello, Go
---

## What must a program have? {#main-needs .single difficulty=1 concepts="main-function,packages"}

Pick one.

- [ ] A `main` package only
- [x] A `main` package with a `func main()`
- [ ] A `go.mod` file with a
  `main` entry

::: explanation
Go starts a program by calling `main` in package `main`.
:::

::: hint
Two things, not one.
:::

## Which verbs fit? {#string-verbs .multiple difficulty=2 concepts="format-verbs, fmt-printf"}

```go
fmt.Printf("%?\\n", "Ada")
```

- [x] `%s`
- [x] `%q`
- [ ] `%d`

::: explanation
`%s` prints the string, `%q` quotes it; `%d` is for integers.
:::

## What does this print? {#print-verbs .output difficulty=3 concepts=format-verbs}

Read it carefully.

```go
package main

import "fmt"

func main() {
\tfmt.Printf("x=%d y=%q\\n", 3, "go")
}
```

```output
x=3 y="go"
```

::: explanation
`%d` prints 3 and `%q` quotes the string.
:::

## Fill in the blank {#gofmt-name .blank difficulty=4 concepts=gofmt}

The tool that formats Go code is called ____.

```answers
gofmt
go fmt
```

::: explanation
`gofmt`, also run as `go fmt`.
:::

## Name the keyword {#keyword .blank .case-sensitive concepts=main-function}

Functions are declared with the keyword ____.

```answers
func
```

::: explanation
`func`.
:::

## Which line has the bug? {#off-by-one .bug difficulty=5 concepts="for-loop"}

```go
xs := []int{1, 2, 3}

for i := 0; i <= len(xs); i++ {
\tfmt.Println(xs[i])
}
```

```bug
3
```

::: explanation
`i <= len(xs)` reads one past the end; use `<`.
:::
"""


def parse(text: str):
    return parse_quiz(text, PATH)


def error_lines(text: str) -> list[str]:
    return [str(e) for e in parse(text).errors]


def question(heading: str, body: str, explanation: str = "Because.") -> str:
    """A one-question quiz: the heading starts on line 1."""
    text = f"{heading}\n\n{body}\n"
    if explanation is not None:
        text += f"\n::: explanation\n{explanation}\n:::\n"
    return text


CHOICE_BODY = "- [ ] wrong\n- [x] right"


# Parsing a good quiz


def test_it_parses_a_quiz_with_every_type():
    quiz = parse(GOOD_QUIZ)

    assert quiz.errors == []
    assert quiz.title == "Quiz — Hello, Go"
    assert [(q.id, q.type, q.line) for q in quiz.questions] == [
        ("main-needs", "single", 5),
        ("string-verbs", "multiple", 22),
        ("print-verbs", "output", 36),
        ("gofmt-name", "blank", 58),
        ("keyword", "blank", 71),
        ("off-by-one", "bug", 83),
    ]


def test_it_reads_a_single_choice_question():
    q = parse(GOOD_QUIZ).questions[0]

    assert q.title == "What must a program have?"
    assert q.prompt == "Pick one."
    assert q.difficulty == 1
    assert q.concepts == ["main-function", "packages"]
    assert q.options == [
        OptionSpec(text="A `main` package only", correct=False, line=9),
        OptionSpec(text="A `main` package with a `func main()`", correct=True, line=10),
        OptionSpec(text="A `go.mod` file with a\n`main` entry", correct=False, line=11),
    ]
    assert q.explanation == "Go starts a program by calling `main` in package `main`."
    assert q.hint == "Two things, not one."


def test_it_keeps_code_in_the_prompt_of_a_choice_question():
    q = parse(GOOD_QUIZ).questions[1]

    assert q.prompt == '```go\nfmt.Printf("%?\\n", "Ada")\n```'
    assert q.concepts == ["format-verbs", "fmt-printf"]
    assert [o.correct for o in q.options] == [True, True, False]
    assert q.hint == ""


def test_it_reads_an_output_question():
    q = parse(GOOD_QUIZ).questions[2]

    assert q.prompt == "Read it carefully."
    assert (
        q.code
        == 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Printf("x=%d y=%q\\n", 3, "go")\n}'
    )
    assert q.code_line == 40
    assert q.expected_output == 'x=3 y="go"'
    assert q.expected_output_line == 50
    assert q.is_full_program is True


def test_it_reads_blank_questions():
    gofmt, keyword = parse(GOOD_QUIZ).questions[3:5]

    assert gofmt.prompt == "The tool that formats Go code is called ____."
    assert gofmt.accepted_answers == ["gofmt", "go fmt"]
    assert gofmt.case_sensitive is False
    assert keyword.case_sensitive is True
    assert keyword.difficulty == 3  # the default


def test_it_reads_a_bug_question():
    q = parse(GOOD_QUIZ).questions[5]

    assert q.prompt == ""
    assert q.code.split("\n")[2] == "for i := 0; i <= len(xs); i++ {"
    assert q.bug_line == 3
    assert q.is_full_program is False


def test_a_fragment_is_not_a_full_program():
    text = question(
        "## Q {#q .output concepts=fmt}",
        '```go\nfmt.Println("package main")\n```\n\n```output\npackage main\n```',
    )
    assert parse(text).questions[0].is_full_program is False


def test_front_matter_is_optional():
    quiz = parse(question("## Q {#q .single concepts=fmt}", CHOICE_BODY))

    assert quiz.errors == []
    assert quiz.title == ""


def test_the_source_hash_covers_the_question_s_own_lines():
    first = parse(GOOD_QUIZ).questions[0]
    lines = GOOD_QUIZ.split("\n")[4:20]  # from the heading to the hint's closing :::
    assert first.source_hash == hashlib.sha256("\n".join(lines).encode()).hexdigest()

    edited = GOOD_QUIZ.replace("Two things, not one.", "Two things.")
    hashes = [q.source_hash for q in parse(GOOD_QUIZ).questions]
    edited_hashes = [q.source_hash for q in parse(edited).questions]
    assert edited_hashes[0] != hashes[0]
    assert edited_hashes[1:] == hashes[1:]


def test_crlf_line_endings_parse_the_same():
    crlf = parse(GOOD_QUIZ.replace("\n", "\r\n"))

    assert crlf.errors == []
    assert crlf.questions == parse(GOOD_QUIZ).questions


def test_a_hash_in_a_code_block_does_not_start_a_question():
    body = "```go\n## not a heading\n```\n\n```output\nx\n```"
    quiz = parse(question("## Q {#q .output concepts=fmt}", body))

    assert quiz.errors == []
    assert quiz.questions[0].code == "## not a heading"


def test_an_ordinary_list_stays_in_the_prompt():
    body = "Given:\n\n- one\n- two\n\nPick one:\n\n" + CHOICE_BODY
    q = parse(question("## Q {#q .single concepts=fmt}", body)).questions[0]

    assert q.prompt == "Given:\n\n- one\n- two\n\nPick one:"
    assert len(q.options) == 2


# Errors: each kind, with its file:line


def test_a_file_without_questions_is_an_error():
    assert error_lines("---\ntitle: Empty\n---\n\nNothing here.\n") == [
        f"{PATH}: no questions: start each one with a heading like "
        "`## Title {#some-id .single difficulty=2 concepts=some-concept}`"
    ]


def test_text_before_the_first_question_is_an_error():
    text = "# Quiz\n\n" + question("## Q {#q .single concepts=fmt}", CHOICE_BODY)
    assert error_lines(text) == [
        f"{PATH}:1: text before the first question: put the quiz title in the front matter "
        "(title: ...) and start each question with a ## heading"
    ]


def test_bad_front_matter_yaml_is_an_error():
    text = "---\ntitle: [unclosed\n---\n" + question("## Q {#q .single concepts=fmt}", CHOICE_BODY)
    errors = error_lines(text)

    assert len(errors) == 1
    # The bad line (the unclosed bracket), not the closing "---" where PyYAML gave up.
    assert errors[0].startswith(f"{PATH}:2: front matter: invalid YAML: ")


def test_unknown_front_matter_keys_are_errors():
    text = "---\ntitle: Quiz\ntitel: Quiz\n---\n" + question(
        "## Q {#q .single concepts=fmt}", CHOICE_BODY
    )
    assert error_lines(text) == [f"{PATH}:3: unknown front matter key 'titel'; known: title"]


def test_unclosed_front_matter_is_an_error():
    text = "---\ntitle: Quiz\n\n" + question("## Q {#q .single concepts=fmt}", CHOICE_BODY)
    assert error_lines(text) == [
        f"{PATH}:1: front matter starts with '---' on line 1 but is never closed"
    ]


def test_a_heading_without_attributes_is_an_error():
    assert error_lines(question("## Q", CHOICE_BODY)) == [
        f"{PATH}:1: the question has no attributes: end its heading like "
        "`## Title {#some-id .single difficulty=2 concepts=some-concept}`"
    ]


def test_unreadable_attributes_are_an_error():
    errors = error_lines(question("## Q {#q .single concepts=a,b}", CHOICE_BODY))

    assert len(errors) == 1
    assert errors[0].startswith(f"{PATH}:1: cannot read the attributes {{#q .single concepts=a,b}}")


def test_a_missing_id_is_an_error():
    assert error_lines(question("## Q {.single concepts=fmt}", CHOICE_BODY)) == [
        f"{PATH}:1: the question has no id: add one like {{#main-needs}}"
    ]


def test_a_badly_formed_id_is_an_error():
    assert error_lines(question("## Q {#Main_Needs .single concepts=fmt}", CHOICE_BODY)) == [
        f"{PATH}:1: bad question id 'Main_Needs': use lowercase letters, digits and hyphens, "
        "starting with a letter or digit"
    ]


def test_a_duplicate_id_points_at_the_second_and_names_the_first():
    text = (
        question("## One {#q .single concepts=fmt}", CHOICE_BODY)
        + "\n"
        + question("## Two {#q .single concepts=fmt}", CHOICE_BODY)
    )
    quiz = parse(text)

    assert [str(e) for e in quiz.errors] == [
        f"{PATH}:10: duplicate question id 'q' (first used on line 1)"
    ]
    assert [q.title for q in quiz.questions] == ["One"]


def test_a_missing_type_is_an_error():
    assert error_lines(question("## Q {#q concepts=fmt}", CHOICE_BODY)) == [
        f"{PATH}:1: the question has no type: add one of .single, .multiple, .output, .blank, .bug"
    ]


def test_an_unknown_type_lists_the_valid_ones():
    assert error_lines(question("## Q {#q .choice concepts=fmt}", CHOICE_BODY)) == [
        f"{PATH}:1: unknown question type '.choice'; "
        "use one of .single, .multiple, .output, .blank, .bug"
    ]


def test_two_types_are_an_error():
    assert error_lines(question("## Q {#q .single .multiple concepts=fmt}", CHOICE_BODY)) == [
        f"{PATH}:1: a question has one type; found .single and .multiple"
    ]


def test_case_sensitive_only_applies_to_blank_questions():
    heading = "## Q {#q .single .case-sensitive concepts=fmt}"
    assert error_lines(question(heading, CHOICE_BODY)) == [
        f"{PATH}:1: .case-sensitive only applies to .blank questions"
    ]


@pytest.mark.parametrize("value", ["0", "6", "hard", "2.5"])
def test_difficulty_must_be_an_integer_from_1_to_5(value):
    heading = f'## Q {{#q .single difficulty="{value}" concepts=fmt}}'
    assert error_lines(question(heading, CHOICE_BODY)) == [
        f"{PATH}:1: difficulty must be a whole number from 1 to 5, not '{value}'"
    ]


def test_missing_concepts_are_an_error():
    assert error_lines(question("## Q {#q .single}", CHOICE_BODY)) == [
        f'{PATH}:1: no concepts: add concepts="slug,other-slug" to the attributes'
    ]


def test_a_concept_must_be_a_kebab_case_slug():
    assert error_lines(question('## Q {#q .single concepts="fmt,For Loops"}', CHOICE_BODY)) == [
        f"{PATH}:1: bad concept 'For Loops': use a kebab-case slug such as for-loops"
    ]


def test_an_unknown_attribute_is_an_error():
    assert error_lines(question("## Q {#q .single dificulty=2 concepts=fmt}", CHOICE_BODY)) == [
        f"{PATH}:1: unknown attribute 'dificulty'; known: #id, .type, difficulty=, concepts="
    ]


def test_a_question_without_a_title_is_an_error():
    assert error_lines(question("## {#q .single concepts=fmt}", CHOICE_BODY)) == [
        f"{PATH}:1: the question has no title: write it before the attributes"
    ]


def test_a_choice_question_without_options_is_an_error():
    assert error_lines(question("## Q {#q .multiple concepts=fmt}", "Which?")) == [
        f"{PATH}:1: no options: list them as - [ ] wrong and - [x] right"
    ]


def test_a_choice_question_needs_two_options():
    assert error_lines(question("## Q {#q .single concepts=fmt}", "- [x] only")) == [
        f"{PATH}:1: a choice question needs at least two options"
    ]


def test_a_single_choice_question_without_a_correct_option_is_an_error():
    assert error_lines(question("## Q {#q .single concepts=fmt}", "- [ ] a\n- [ ] b")) == [
        f"{PATH}:1: no correct option: mark the right one with [x]"
    ]


def test_a_second_correct_option_in_a_single_choice_question_is_an_error():
    body = "- [x] a\n- [ ] b\n- [x] c"
    assert error_lines(question("## Q {#q .single concepts=fmt}", body)) == [
        f"{PATH}:5: a second [x] option in a .single question (the first is on line 3); "
        "use .multiple for several right answers"
    ]


def test_a_multiple_choice_question_without_a_correct_option_is_an_error():
    assert error_lines(question("## Q {#q .multiple concepts=fmt}", "- [ ] a\n- [ ] b")) == [
        f"{PATH}:1: no correct option: mark the right one with [x]"
    ]


def test_an_option_without_a_checkbox_is_an_error():
    body = "- [ ] a\n- b\n- [x] c"
    assert error_lines(question("## Q {#q .single concepts=fmt}", body)) == [
        f"{PATH}:4: an option must start with [ ] or, when correct, [x]"
    ]


def test_options_in_a_question_of_another_type_are_an_error():
    body = "```answers\nx\n```\n\n" + CHOICE_BODY
    assert error_lines(question("## Q {#q .blank concepts=fmt}", body)) == [
        f"{PATH}:7: options ([ ] and [x] items) belong in .single and .multiple questions"
    ]


def test_an_output_question_without_code_is_an_error():
    assert error_lines(question("## Q {#q .output concepts=fmt}", "```output\nx\n```")) == [
        f"{PATH}:1: a .output question needs a ```go block with the code"
    ]


def test_an_output_question_without_output_is_an_error():
    assert error_lines(question("## Q {#q .output concepts=fmt}", "```go\nx()\n```")) == [
        f"{PATH}:1: no ```output block with the expected output"
    ]


def test_an_empty_output_block_is_an_error():
    body = "```go\nx()\n```\n\n```output\n```"
    assert error_lines(question("## Q {#q .output concepts=fmt}", body)) == [
        f"{PATH}:7: the ```output block is empty"
    ]


def test_a_second_go_block_in_an_output_question_is_an_error():
    body = "```go\nx()\n```\n\n```go\ny()\n```\n\n```output\nx\n```"
    assert error_lines(question("## Q {#q .output concepts=fmt}", body)) == [
        f"{PATH}:7: a second ```go block (the first is on line 3)"
    ]


def test_an_answer_block_of_another_type_is_an_error():
    body = CHOICE_BODY + "\n\n```output\nx\n```"
    assert error_lines(question("## Q {#q .single concepts=fmt}", body)) == [
        f"{PATH}:6: a ```output block belongs in a .output question only"
    ]


def test_a_blank_question_without_answers_is_an_error():
    assert error_lines(question("## Q {#q .blank concepts=fmt}", "Say ____.")) == [
        f"{PATH}:1: no ```answers block: list the accepted answers, one per line"
    ]


def test_a_blank_question_with_an_empty_answers_block_is_an_error():
    body = "Say ____.\n\n```answers\n\n```"
    assert error_lines(question("## Q {#q .blank concepts=fmt}", body)) == [
        f"{PATH}:5: the ```answers block is empty: list one answer per line"
    ]


def test_a_bug_question_without_code_is_an_error():
    assert error_lines(question("## Q {#q .bug concepts=fmt}", "```bug\n1\n```")) == [
        f"{PATH}:1: a .bug question needs a ```go block with the code"
    ]


def test_a_bug_question_without_a_bug_line_is_an_error():
    assert error_lines(question("## Q {#q .bug concepts=fmt}", "```go\nx()\n```")) == [
        f"{PATH}:1: no ```bug block with the number of the faulty line"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "the ```bug block is empty: write the number of the faulty line"),
        ("two", "the ```bug block must hold one line number, not 'two'"),
        ("1\n2", "the ```bug block must hold one line number, not '1\n2'"),
    ],
)
def test_a_bug_line_must_be_one_number(value, message):
    body = f"```go\nx()\ny()\n```\n\n```bug\n{value}\n```"
    assert error_lines(question("## Q {#q .bug concepts=fmt}", body)) == [f"{PATH}:8: {message}"]


@pytest.mark.parametrize("value", ["0", "3"])
def test_a_bug_line_outside_the_code_is_an_error(value):
    body = f"```go\nx()\ny()\n```\n\n```bug\n{value}\n```"
    assert error_lines(question("## Q {#q .bug concepts=fmt}", body)) == [
        f"{PATH}:9: bug line {value} is outside the ```go block (lines 1-2)"
    ]


def test_a_bug_line_on_a_blank_line_is_an_error():
    body = "```go\nx()\n\ny()\n```\n\n```bug\n2\n```"
    assert error_lines(question("## Q {#q .bug concepts=fmt}", body)) == [
        f"{PATH}:10: bug line 2 is a blank line of the ```go block"
    ]


def test_a_missing_explanation_is_an_error():
    text = question("## Q {#q .single concepts=fmt}", CHOICE_BODY, explanation=None)
    assert error_lines(text) == [f"{PATH}:1: no explanation: add a ::: explanation container"]


def test_an_empty_explanation_is_an_error():
    text = question("## Q {#q .single concepts=fmt}", CHOICE_BODY, explanation="")
    assert error_lines(text) == [f"{PATH}:6: the ::: explanation is empty"]


def test_an_unknown_container_is_an_error():
    body = CHOICE_BODY + "\n\n::: tip\nA tip.\n:::"
    assert error_lines(question("## Q {#q .single concepts=fmt}", body)) == [
        f"{PATH}:6: unknown container '::: tip'; use ::: explanation or ::: hint"
    ]


def test_a_second_hint_is_an_error():
    body = CHOICE_BODY + "\n\n::: hint\nOne.\n:::\n\n::: hint\nTwo.\n:::"
    assert error_lines(question("## Q {#q .single concepts=fmt}", body)) == [
        f"{PATH}:10: a second ::: hint (the first is on line 6)"
    ]


def test_an_unclosed_container_is_reported_and_the_next_question_still_parses():
    text = (
        "## One {#one .single concepts=fmt}\n\n- [x] a\n- [ ] b\n\n::: explanation\nOops.\n\n"
        + question("## Two {#two .single concepts=fmt}", CHOICE_BODY)
    )
    quiz = parse(text)

    assert [str(e) for e in quiz.errors] == [
        f"{PATH}:6: ::: explanation is not closed: end it with a line holding :::"
    ]
    assert [q.id for q in quiz.questions] == ["two"]


def test_an_unclosed_code_block_is_an_error():
    body = "```go\nx()\n```\n\n```output\nx"
    text = f"## Q {{#q .output concepts=fmt}}\n\n{body}"
    errors = error_lines(text)

    assert f"{PATH}:7: this code block is not closed: end it with a line holding ```" in errors


def test_every_problem_is_reported_not_just_the_first():
    text = (
        question("## One {#One .single concepts=fmt}", "- [x] a\n- [x] b")
        + "\n"
        + question("## Two {#two .quiz difficulty=9}", CHOICE_BODY, explanation=None)
        + "\n"
        + question("## Three {#three .blank concepts=fmt}", "```answers\nok\n```")
    )
    quiz = parse(text)

    assert [str(e) for e in quiz.errors] == [
        f"{PATH}:1: bad question id 'One': use lowercase letters, digits and hyphens, "
        "starting with a letter or digit",
        f"{PATH}:4: a second [x] option in a .single question (the first is on line 3); "
        "use .multiple for several right answers",
        f"{PATH}:10: unknown question type '.quiz'; "
        "use one of .single, .multiple, .output, .blank, .bug",
        f"{PATH}:10: difficulty must be a whole number from 1 to 5, not '9'",
        f'{PATH}:10: no concepts: add concepts="slug,other-slug" to the attributes',
        f"{PATH}:10: no explanation: add a ::: explanation container",
    ]
    assert [q.id for q in quiz.questions] == ["three"]


def test_errors_come_in_line_order():
    text = question("## Q {#q .single concepts=fmt}", "- [x] \n- [ ] b", explanation=None)
    assert error_lines(text) == [
        f"{PATH}:1: no explanation: add a ::: explanation container",
        f"{PATH}:3: this option has no text",
    ]


def test_it_never_raises_on_a_broken_quiz():
    lines = GOOD_QUIZ.split("\n")
    for i in range(len(lines)):
        parse("\n".join(lines[:i] + lines[i + 1 :]))  # one line missing
        parse("\n".join(lines[:i]))  # cut short


# Checking answers


def spec(type_: str, **fields) -> QuestionSpec:
    return QuestionSpec(id="q", type=type_, title="Q", prompt="", line=1, source_hash="", **fields)


def options(*correct: bool) -> list[OptionSpec]:
    return [OptionSpec(text=f"o{i}", correct=c, line=i) for i, c in enumerate(correct)]


def test_single_choice_accepts_only_the_correct_index():
    q = spec("single", options=options(False, True, False))

    assert check_answer(q, 1) is True
    assert check_answer(q, 0) is False
    assert check_answer(q, 3) is False
    assert check_answer(q, -2) is False
    assert check_answer(q, "1") is False
    assert check_answer(q, True) is False


def test_multiple_choice_needs_exactly_the_correct_set():
    q = spec("multiple", options=options(True, False, True))

    assert check_answer(q, {0, 2}) is True
    assert check_answer(q, [2, 0]) is True
    assert check_answer(q, {0}) is False
    assert check_answer(q, {0, 1, 2}) is False
    assert check_answer(q, set()) is False
    assert check_answer(q, "02") is False
    assert check_answer(q, 0) is False


def test_output_is_compared_with_normalised_whitespace():
    q = spec("output", expected_output="x=3  y=4\n\ndone")

    assert check_answer(q, "x=3 y=4\n\ndone") is True
    assert check_answer(q, "\n\nx=3\ty=4   \r\n\r\ndone\n\n") is True
    assert check_answer(q, "x=3 y=4\ndone") is False  # the blank line inside matters
    assert check_answer(q, "x=3y=4\n\ndone") is False
    assert check_answer(q, "X=3 y=4\n\ndone") is False
    assert check_answer(q, None) is False


def test_normalise_output_follows_the_documented_rules():
    assert normalise_output("\n  a \t b  \r\nc\t\n\n") == " a b\nc"


def test_blank_answers_are_trimmed_collapsed_and_case_insensitive():
    q = spec("blank", accepted_answers=["gofmt", "go fmt"])

    assert check_answer(q, "gofmt") is True
    assert check_answer(q, "  GoFmt ") is True
    assert check_answer(q, "go   fmt") is True
    assert check_answer(q, "gofmt -w") is False
    assert check_answer(q, "") is False
    assert check_answer(q, 3) is False


def test_case_sensitive_blank_answers_keep_their_case():
    q = spec("blank", accepted_answers=["Println"], case_sensitive=True)

    assert check_answer(q, " Println ") is True
    assert check_answer(q, "println") is False


def test_bug_accepts_only_the_faulty_line():
    q = spec("bug", code="a\nb\nc", bug_line=2)

    assert check_answer(q, 2) is True
    assert check_answer(q, 3) is False
    assert check_answer(q, "2") is False


def test_an_unknown_type_never_accepts():
    assert check_answer(spec("essay"), "anything") is False


def test_guess_probabilities():
    assert guess_probability(spec("single", options=options(True, False, False, False))) == 0.25
    assert guess_probability(spec("multiple", options=options(True, False, True))) == 1 / 8
    assert guess_probability(spec("output", expected_output="x")) == 0.0
    assert guess_probability(spec("blank", accepted_answers=["x"])) == 0.0
    assert guess_probability(spec("bug", code="a()\n\nb()\nc()\nd()", bug_line=1)) == 0.25


def test_answers_read_from_a_parsed_quiz_check_out():
    single, multiple, output, gofmt, keyword, bug = parse(GOOD_QUIZ).questions

    assert check_answer(single, 1)
    assert check_answer(multiple, {0, 1})
    assert check_answer(output, 'x=3 y="go"\n')
    assert check_answer(gofmt, "Go Fmt")
    assert not check_answer(keyword, "FUNC")
    assert check_answer(bug, 3)


# The course's own quizzes


@pytest.mark.parametrize(
    "lesson", ["01-hello-go", "02-values-and-control-flow"], ids=lambda s: s[:2]
)
def test_the_course_quizzes_parse_without_errors(lesson):
    rel = f"go/lessons/{lesson}/quiz.md"
    quiz = parse_quiz((CONTENT / rel).read_text(), rel)

    assert [str(e) for e in quiz.errors] == []
    assert 8 <= len(quiz.questions) <= 10
    assert {q.type for q in quiz.questions} == {"single", "multiple", "output", "blank", "bug"}
    assert {q.difficulty for q in quiz.questions} >= {1, 3, 5}
    for q in quiz.questions:
        if q.type == "output":
            assert q.is_full_program, q.id
